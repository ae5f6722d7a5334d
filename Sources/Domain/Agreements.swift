/// Where an agreement stands. `expired` is never stored: an agreement in force
/// whose last day has passed is expired (see `Agreement.effectiveState`).
public enum AgreementState: String, Sendable, Codable, CaseIterable {
    case draft, signing, inForce, expired, terminated

    public var label: Localized {
        switch self {
        case .draft: Localized("草稿", "Draft")
        case .signing: Localized("签署中", "Signing")
        case .inForce: Localized("生效", "In force")
        case .expired: Localized("已到期", "Expired")
        case .terminated: Localized("已终止", "Terminated")
        }
    }
}

/// How a member household signed (or did not).
public enum SignatureKind: String, Sendable, Codable, CaseIterable {
    case pending, inPerson, proxy, thumbprint, declined

    public var label: Localized {
        switch self {
        case .pending: Localized("待签", "Pending")
        case .inPerson: Localized("本人签名", "Signed in person")
        case .proxy: Localized("代签", "Signed by proxy")
        case .thumbprint: Localized("按手印", "Thumbprint")
        case .declined: Localized("拒签", "Declined")
        }
    }

    /// Signed in any way, or declined with a reason: nothing more is awaited.
    public var isResolved: Bool { self != .pending }
}

/// A 《诚信计生协议书》 text adopted by the village meeting, with `{{…}}` placeholders.
/// A body used by an agreement is never changed; saving a change makes a new version.
public struct AgreementTemplate: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var version: Int
    public var body: String
    public var adoptedOn: LocalDate?
    /// The meeting that adopted it (村民会议、村民代表会议 …).
    public var adoptedBy: String
    public var isDefault: Bool
    /// The meeting (register of meetings) that adopted this version, once one is linked.
    public var meetingId: Int64?

    public init(id: Int64? = nil, name: String, version: Int = 1, body: String, adoptedOn: LocalDate? = nil,
                adoptedBy: String = "", isDefault: Bool = false, meetingId: Int64? = nil) {
        self.id = id
        self.name = name
        self.version = version
        self.body = body
        self.adoptedOn = adoptedOn
        self.adoptedBy = adoptedBy
        self.isDefault = isDefault
        self.meetingId = meetingId
    }

    /// The placeholders a template may use.
    public static let knownPlaceholders: [String] = [
        "村名", "乡镇", "县", "社名", "小组名", "组长", "成员名单", "生效日期", "截止日期", "有效期", "签订日期",
    ]

    /// Every `{{name}}` in the text, in order of first use, without repeats.
    public static func placeholders(in body: String) -> [String] {
        var found: [String] = []
        var rest = Substring(body)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingSpaces()
            if !found.contains(name) { found.append(name) }
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// The placeholders in the text that are not known.
    public static func unknownPlaceholders(in body: String) -> [String] {
        placeholders(in: body).filter { !knownPlaceholders.contains($0) }
    }

    public func render(_ values: [String: String]) -> String {
        Self.render(body, values)
    }

    /// Replaces each `{{name}}` that has a value; others stay as written.
    public static func render(_ body: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(body)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingSpaces()
            out += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The refusal of unknown placeholders, naming them; nil when all are known.
    public static func unknownPlaceholderProblem(_ body: String) -> FieldError? {
        let unknown = unknownPlaceholders(in: body)
        guard !unknown.isEmpty else { return nil }
        let listed = unknown.map { "{{\($0)}}" }.joined(separator: "、")
        return FieldError(field: "body", message: Localized(
            "范本中有未知的占位符：\(listed)；可用的有：" + knownPlaceholders.map { "{{\($0)}}" }.joined(separator: " "),
            "Unknown placeholders in the text: \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); known ones: "
                + knownPlaceholders.map { "{{\($0)}}" }.joined(separator: " ")))
    }

    public static func validate(_ t: AgreementTemplate) -> [FieldError] {
        var errors: [FieldError] = []
        let name = t.name.trimmingSpaces()
        if name.isEmpty {
            errors.append(FieldError(field: "name", message: Localized("范本名称不能为空", "Template name is required")))
        } else if name.count > 40 {
            errors.append(FieldError(field: "name", message: Localized("范本名称最多40个字", "Template name has at most 40 characters")))
        }
        if t.body.trimmingSpaces().isEmpty {
            errors.append(FieldError(field: "body", message: Localized("协议正文不能为空", "The text is required")))
        } else if let unknown = unknownPlaceholderProblem(t.body) {
            errors.append(unknown)
        }
        if t.adoptedBy.count > 60 {
            errors.append(FieldError(field: "adoptedBy", message: Localized("最多60个字", "At most 60 characters")))
        }
        return errors
    }

    /// Reads a template file: optional `# key: value` header lines (name, adoptedBy),
    /// then the body. Without a name header the name is 诚信计生协议书.
    public static func parse(file text: String) -> AgreementTemplate {
        var name = "诚信计生协议书"
        var adoptedBy = ""
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.hasPrefix("#") {
            let header = first.dropFirst().trimmingSpacesSubstring()
            if let colon = header.firstIndex(of: ":") {
                let key = String(header[..<colon]).trimmingSpaces()
                let value = String(header[header.index(after: colon)...]).trimmingSpaces()
                if key == "name" { name = value }
                if key == "adoptedBy" { adoptedBy = value }
            }
            lines.removeFirst()
        }
        while let first = lines.first, first.trimmingSpacesSubstring().isEmpty { lines.removeFirst() }
        return AgreementTemplate(name: name, body: lines.joined(separator: "\n"), adoptedBy: adoptedBy, isDefault: true)
    }
}

/// One version of a group's 《诚信计生协议书》.
///
/// Its text is editable while a draft; starting the signing freezes it (the
/// placeholders are filled in). A signed text is never edited: a revision is a
/// new draft version that supersedes this one.
public struct Agreement: Hashable, Sendable, Codable {
    public var id: Int64?
    public var groupId: Int64
    /// The template version the text came from.
    public var templateId: Int64
    public var version: Int
    public var title: String
    /// The text: with placeholders while a draft, filled in and frozen from signing on.
    public var body: String
    /// Stored states are draft, signing, inForce and terminated.
    public var state: AgreementState
    public var validFrom: LocalDate
    public var validTo: LocalDate
    public var committeeSigner: String
    public var committeeSignedOn: LocalDate?
    public var terminatedOn: LocalDate?
    public var terminationReason: String
    /// The earlier version this one replaces.
    public var supersedesId: Int64?
    /// The text with its placeholders, kept when signing fills them in (revisions start from it).
    public var sourceBody: String
    public var createdOn: LocalDate?
    public var signingStartedOn: LocalDate?

    public init(id: Int64? = nil, groupId: Int64, templateId: Int64, version: Int = 1, title: String, body: String,
                state: AgreementState = .draft, validFrom: LocalDate, validTo: LocalDate, committeeSigner: String = "",
                committeeSignedOn: LocalDate? = nil, terminatedOn: LocalDate? = nil, terminationReason: String = "",
                supersedesId: Int64? = nil, sourceBody: String = "", createdOn: LocalDate? = nil,
                signingStartedOn: LocalDate? = nil) {
        self.id = id
        self.groupId = groupId
        self.templateId = templateId
        self.version = version
        self.title = title
        self.body = body
        self.state = state
        self.validFrom = validFrom
        self.validTo = validTo
        self.committeeSigner = committeeSigner
        self.committeeSignedOn = committeeSignedOn
        self.terminatedOn = terminatedOn
        self.terminationReason = terminationReason
        self.supersedesId = supersedesId
        self.sourceBody = sourceBody
        self.createdOn = createdOn
        self.signingStartedOn = signingStartedOn
    }

    /// The state on `today`: an agreement in force is expired after its last day.
    public func effectiveState(on today: LocalDate) -> AgreementState {
        Self.effectiveState(state, validTo: validTo, on: today)
    }

    /// The state as it stands on `today`: in force past its last day is expired.
    public static func effectiveState(_ state: AgreementState, validTo: LocalDate, on today: LocalDate) -> AgreementState {
        if state == .inForce && validTo < today { return .expired }
        return state
    }

    /// "3年", "18个月" or "45天", from the validity dates (both days included).
    public var validityLength: Localized { Self.validityLength(from: validFrom, to: validTo) }

    public static func validityLength(from: LocalDate, to: LocalDate) -> Localized {
        for years in 1...50 {
            let end = from.addingMonths(12 * years)
            if to == end.addingDays(-1) || to == end {
                return Localized("\(years)年", years == 1 ? "1 year" : "\(years) years")
            }
        }
        for months in 1...600 where months % 12 != 0 {
            let end = from.addingMonths(months)
            if to == end.addingDays(-1) || to == end {
                return Localized("\(months)个月", months == 1 ? "1 month" : "\(months) months")
            }
        }
        let days = from.daysUntil(to) + 1
        return Localized("\(days)天", days == 1 ? "1 day" : "\(days) days")
    }

    /// The errors of the dates and the draft text.
    public static func draftProblems(body: String, validFrom: LocalDate, validTo: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        if validTo < validFrom {
            errors.append(FieldError(field: "validTo", message: Localized(
                "截止日期（\(validTo)）不能早于生效日期（\(validFrom)）",
                "The end date (\(validTo)) cannot be before the start date (\(validFrom))")))
        }
        if body.trimmingSpaces().isEmpty {
            errors.append(FieldError(field: "body", message: Localized("协议正文不能为空", "The text is required")))
        } else if let unknown = AgreementTemplate.unknownPlaceholderProblem(body) {
            errors.append(unknown)
        }
        return errors
    }
}

/// A member household's signature on an agreement.
public struct Signature: Hashable, Sendable, Codable {
    public var id: Int64?
    public var agreementId: Int64
    public var householdId: Int64
    /// Who signs for the household: the couple's married woman, else the head.
    public var signerName: String
    public var kind: SignatureKind
    public var proxyName: String
    public var proxyRelation: String
    public var declineReason: String
    public var signedOn: LocalDate?
    public var witness: String

    public init(id: Int64? = nil, agreementId: Int64, householdId: Int64, signerName: String,
                kind: SignatureKind = .pending, proxyName: String = "", proxyRelation: String = "",
                declineReason: String = "", signedOn: LocalDate? = nil, witness: String = "") {
        self.id = id
        self.agreementId = agreementId
        self.householdId = householdId
        self.signerName = signerName
        self.kind = kind
        self.proxyName = proxyName
        self.proxyRelation = proxyRelation
        self.declineReason = declineReason
        self.signedOn = signedOn
        self.witness = witness
    }

    /// What each kind needs: a date unless pending, a proxy's name and relation,
    /// a reason to decline; no date after `today`.
    public static func validate(_ s: Signature, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        if let m = Validation.nameProblem(s.signerName) {
            errors.append(FieldError(field: "signerName", message: Localized("签署人：" + m.zh, "Signer: " + m.en)))
        }
        if s.kind != .pending {
            if let date = s.signedOn {
                if date > today {
                    errors.append(FieldError(field: "signedOn", message: Localized(
                        "签署日期不能晚于今天（\(today)）", "The date cannot be after today (\(today))")))
                }
            } else {
                errors.append(FieldError(field: "signedOn", message: Localized(
                    "请填写\(s.kind.label.zh)的日期", "A date is required (\(s.kind.label.en.lowercased()))")))
            }
        }
        if s.kind == .proxy {
            let proxy = s.proxyName.trimmingSpaces()
            if proxy.isEmpty {
                errors.append(FieldError(field: "proxyName", message: Localized(
                    "代签须填写代签人姓名", "A proxy signature needs the proxy's name")))
            } else if let m = Validation.nameProblem(proxy) {
                errors.append(FieldError(field: "proxyName", message: m))
            }
            let relation = s.proxyRelation.trimmingSpaces()
            if relation.isEmpty {
                errors.append(FieldError(field: "proxyRelation", message: Localized(
                    "代签须填写代签人与本户的关系", "A proxy signature needs the proxy's relation to the household")))
            } else if relation.count > 10 {
                errors.append(FieldError(field: "proxyRelation", message: Localized("关系最多10个字", "At most 10 characters")))
            }
        }
        if s.kind == .declined {
            let reason = s.declineReason.trimmingSpaces()
            if reason.isEmpty {
                errors.append(FieldError(field: "declineReason", message: Localized(
                    "拒签须注明原因", "A declined signature needs the reason")))
            } else if reason.count > 100 {
                errors.append(FieldError(field: "declineReason", message: Localized("原因最多100个字", "At most 100 characters")))
            }
        }
        if s.witness.count > 30 {
            errors.append(FieldError(field: "witness", message: Localized("见证人最多30个字", "Witness has at most 30 characters")))
        }
        return errors
    }
}

// MARK: - Date arithmetic

extension LocalDate {
    /// Days since 1970-01-01 (proleptic Gregorian).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (see `dayNumber`).
    public init?(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func addingDays(_ n: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + n) ?? self
    }

    /// The same day `n` months later (or earlier), kept inside shorter months (01-31 + 1 month = 02-28).
    public func addingMonths(_ n: Int) -> LocalDate {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y))) ?? self
    }

    /// Days from this date to `other` (negative when `other` is earlier).
    public func daysUntil(_ other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// 2026年3月1日, as documents write dates.
    public var chineseText: String { "\(year)年\(month)月\(day)日" }
}

extension Substring {
    func trimmingSpacesSubstring() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return s
    }
}
