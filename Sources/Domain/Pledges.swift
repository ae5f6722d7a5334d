/// One item of the village's pledge catalogue (承诺事项), which households pick for
/// their 承诺书. An item used by a signed pledge is never altered, only retired.
public struct PledgeItem: Hashable, Sendable, Codable {
    public var id: Int64?
    /// Short code for scripts and printouts, e.g. "P01".
    public var code: String
    /// The pledge as the household reads and signs it.
    public var text: String
    /// Order in the catalogue and on the printed 承诺书.
    public var sortOrder: Int
    public var isRetired: Bool

    public init(id: Int64? = nil, code: String, text: String, sortOrder: Int = 0, isRetired: Bool = false) {
        self.id = id
        self.code = code
        self.text = text
        self.sortOrder = sortOrder
        self.isRetired = isRetired
    }

    public static func validate(_ item: PledgeItem) -> [FieldError] {
        var errors: [FieldError] = []
        if let problem = Codes.problem(item.code) { errors.append(FieldError(field: "code", message: problem)) }
        let text = item.text.trimmingSpaces()
        if text.isEmpty {
            errors.append(FieldError(field: "text", message: Localized("承诺内容不能为空", "The pledge text is required")))
        } else if text.count > 60 {
            errors.append(FieldError(field: "text", message: Localized("承诺内容最多60个字", "At most 60 characters")))
        }
        if !(0...999).contains(item.sortOrder) {
            errors.append(FieldError(field: "sortOrder", message: Localized("排序应在0到999之间", "Order must be 0 to 999")))
        }
        return errors
    }

    /// The refusal to change the wording of an item that a signed pledge uses.
    public static func usedItemRefusal(_ item: PledgeItem) -> Localized {
        Localized("\(item.code) 已用于签字的承诺书，不能修改内容；请停用后新增一条事项",
                  "The pledge item \"\(item.text)\" is used by a signed pledge and cannot be changed; retire it and add a new item")
    }
}

/// Codes of catalogue entries: 1–20 ASCII letters, digits, '-' or '_'.
public enum Codes {
    public static func problem(_ code: String) -> Localized? {
        let c = code.trimmingSpaces()
        if c.isEmpty { return Localized("编码不能为空", "The code is required") }
        if c.count > 20 || !c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return Localized("编码只能用字母、数字、- 或 _，最多20位", "Codes use letters, digits, - or _, at most 20")
        }
        return nil
    }
}

/// A household's 承诺书: the items it pledges, when, and whether it is signed.
/// A new pledge supersedes the household's current one, which stays readable.
public struct HouseholdPledge: Hashable, Sendable, Codable {
    public var id: Int64?
    public var householdId: Int64
    /// The catalogue items pledged, in catalogue order.
    public var itemIds: [Int64]
    public var pledgedOn: LocalDate
    /// nil while not yet signed.
    public var signedOn: LocalDate?
    /// Who signed for the household (or who is to sign).
    public var signer: String
    /// The pledge this one replaced.
    public var supersedesId: Int64?
    /// Set when a newer pledge replaced this one.
    public var replacedOn: LocalDate?

    public init(id: Int64? = nil, householdId: Int64, itemIds: [Int64], pledgedOn: LocalDate, signedOn: LocalDate? = nil,
                signer: String = "", supersedesId: Int64? = nil, replacedOn: LocalDate? = nil) {
        self.id = id
        self.householdId = householdId
        self.itemIds = itemIds
        self.pledgedOn = pledgedOn
        self.signedOn = signedOn
        self.signer = signer
        self.supersedesId = supersedesId
        self.replacedOn = replacedOn
    }

    public var isSigned: Bool { signedOn != nil }
    public var isCurrent: Bool { replacedOn == nil }

    /// Items chosen, a signer's name when signed, a signing date not before the pledge date.
    public static func validate(_ p: HouseholdPledge) -> [FieldError] {
        var errors: [FieldError] = []
        if p.itemIds.isEmpty {
            errors.append(FieldError(field: "items", message: Localized("请至少选择一项承诺事项", "Choose at least one pledge item")))
        }
        if Set(p.itemIds).count != p.itemIds.count {
            errors.append(FieldError(field: "items", message: Localized("承诺事项有重复", "A pledge item appears twice")))
        }
        let signer = p.signer.trimmingSpaces()
        if p.signedOn != nil {
            if signer.isEmpty {
                errors.append(FieldError(field: "signer", message: Localized("已签字的承诺书须填写签字人", "A signed pledge needs the signer's name")))
            } else if let m = Validation.nameProblem(signer) {
                errors.append(FieldError(field: "signer", message: Localized("签字人：" + m.zh, "Signer: " + m.en)))
            }
        } else if !signer.isEmpty, let m = Validation.nameProblem(signer) {
            errors.append(FieldError(field: "signer", message: Localized("签字人：" + m.zh, "Signer: " + m.en)))
        }
        if let signed = p.signedOn, signed < p.pledgedOn {
            errors.append(FieldError(field: "signedOn", message: Localized(
                "签字日期（\(signed)）不能早于承诺日期（\(p.pledgedOn)）",
                "The signing date (\(signed)) cannot be before the pledge date (\(p.pledgedOn))")))
        }
        return errors
    }
}

/// A check of the pledges (e.g. quarterly): 「2026年第四季度」 held on a date.
public struct CheckRound: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var heldOn: LocalDate

    public init(id: Int64? = nil, name: String, heldOn: LocalDate) {
        self.id = id
        self.name = name
        self.heldOn = heldOn
    }

    public static func validate(_ r: CheckRound) -> [FieldError] {
        let name = r.name.trimmingSpaces()
        if name.isEmpty {
            return [FieldError(field: "name", message: Localized("轮次名称不能为空", "The round's name is required"))]
        }
        if name.count > 20 {
            return [FieldError(field: "name", message: Localized("轮次名称最多20个字", "At most 20 characters"))]
        }
        return []
    }

    /// 「2026年第四季度」 for a date in October–December 2026.
    public static func quarterName(for date: LocalDate) -> String {
        let q = ["一", "二", "三", "四"][(date.month - 1) / 3]
        return "\(date.year)年第\(q)季度"
    }
}

/// How a household kept one pledged item in one check round.
public enum CheckResult: String, Sendable, Codable, CaseIterable {
    case kept, broken, notAssessed

    public var label: Localized {
        switch self {
        case .kept: Localized("守信", "Kept")
        case .broken: Localized("失信", "Broken")
        case .notAssessed: Localized("未评", "Not assessed")
        }
    }

    /// 守信 → 失信 → 未评 → 守信, for the Space key.
    public var next: CheckResult {
        switch self {
        case .kept: .broken
        case .broken: .notAssessed
        case .notAssessed: .kept
        }
    }

    /// kept/broken/unassessed, their labels in either language, or 1/2/3.
    public static func parse(_ text: String) -> CheckResult? {
        let t = text.trimmingSpaces().lowercased()
        switch t {
        case "kept", "1", "守信": return .kept
        case "broken", "2", "失信": return .broken
        case "unassessed", "notassessed", "not assessed", "3", "未评": return .notAssessed
        default: return nil
        }
    }
}

/// One recorded result: an item of a pledge in a round, with who recorded it and when.
public struct PledgeCheck: Hashable, Sendable, Codable {
    public var id: Int64?
    public var roundId: Int64
    public var pledgeId: Int64
    public var itemId: Int64
    public var result: CheckResult
    public var note: String
    public var recordedBy: String
    public var recordedOn: LocalDate

    public init(id: Int64? = nil, roundId: Int64, pledgeId: Int64, itemId: Int64, result: CheckResult, note: String = "",
                recordedBy: String, recordedOn: LocalDate) {
        self.id = id
        self.roundId = roundId
        self.pledgeId = pledgeId
        self.itemId = itemId
        self.result = result
        self.note = note
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn
    }

    public static func validate(_ c: PledgeCheck) -> [FieldError] {
        var errors: [FieldError] = []
        if c.note.count > 100 {
            errors.append(FieldError(field: "note", message: Localized("备注最多100个字", "The note has at most 100 characters")))
        }
        if c.result == .broken && c.note.trimmingSpaces().isEmpty {
            errors.append(FieldError(field: "note", message: Localized("失信须注明情况", "A broken pledge needs a note saying what happened")))
        }
        let by = c.recordedBy.trimmingSpaces()
        if by.isEmpty {
            errors.append(FieldError(field: "recordedBy", message: Localized("请填写记录人", "Who recorded it is required")))
        } else if by.count > 30 {
            errors.append(FieldError(field: "recordedBy", message: Localized("记录人最多30个字", "At most 30 characters")))
        }
        return errors
    }
}

/// Where a household's current pledge stands. Derived from the pledge and the
/// latest round's checks; never stored.
public enum PledgeStanding: String, Sendable, Codable, CaseIterable {
    /// No pledge at all.
    case none
    case notSigned
    case signedUnchecked
    case kept
    case broken

    public var label: Localized {
        switch self {
        case .none: Localized("无承诺书", "No pledge")
        case .notSigned: Localized("未签", "Not signed")
        case .signedUnchecked: Localized("已签未查", "Signed, not checked")
        case .kept: Localized("守信", "Kept")
        case .broken: Localized("失信", "Broken")
        }
    }
}

/// kept ÷ assessed; `percent` is nil when nothing was assessed.
public struct Rate: Hashable, Sendable, Codable {
    public var kept: Int
    public var assessed: Int

    public init(kept: Int, assessed: Int) {
        self.kept = kept
        self.assessed = assessed
    }

    public var percent: Double? { assessed == 0 ? nil : Double(kept) * 100 / Double(assessed) }

    /// "93.3%（14/15）", or "—" when nothing was assessed: the Chinese form, for printed documents.
    public var text: String { text(.zh) }

    /// "93.3%（14/15）" in Chinese, "93.3% (14/15)" in English, or "—" when nothing was assessed.
    public func text(_ language: Language) -> String {
        guard let p = percent else { return "—" }
        return Self.format(p) + "%" + (language == .en ? " (\(kept)/\(assessed))" : "（\(kept)/\(assessed)）")
    }

    /// One decimal, without a trailing ".0".
    public static func format(_ p: Double) -> String {
        let tenths = Int((p * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    public static func + (a: Rate, b: Rate) -> Rate { Rate(kept: a.kept + b.kept, assessed: a.assessed + b.assessed) }
}

/// One household's recorded results in a round and how many items its pledge has.
public struct HouseholdResults: Hashable, Sendable {
    public var results: [CheckResult]
    public var itemCount: Int
    public init(_ results: [CheckResult], itemCount: Int) {
        self.results = results
        self.itemCount = itemCount
    }
}

/// Pure derivations over pledges and checks.
public enum PledgeRules {
    /// A pledge's standing from its signature and its results in the latest round
    /// (empty when the household was not checked in it).
    ///
    /// 未签 without a signature; 失信 when any item was broken; 守信 when some items were
    /// assessed and all of those were kept; otherwise 已签未查.
    /// With `itemCount`, a round that has not recorded every item yet leaves a
    /// pledge without a broken item "signed, not checked" rather than kept.
    public static func standing(of pledge: HouseholdPledge?, latestResults: [CheckResult],
                                itemCount: Int? = nil) -> PledgeStanding {
        guard let pledge else { return .none }
        guard pledge.isSigned else { return .notSigned }
        return outcome(latestResults, itemCount: itemCount)
    }

    /// What a signed pledge's results in one round make of it: 失信 when any item was
    /// broken; 守信 when every item has a result (with `itemCount`) and some were kept;
    /// otherwise 已签未查. The standing and the household rate both use this.
    public static func outcome(_ results: [CheckResult], itemCount: Int? = nil) -> PledgeStanding {
        if results.contains(.broken) { return .broken }
        if let itemCount, results.count < itemCount { return .signedUnchecked }
        if results.contains(.kept) { return .kept }
        return .signedUnchecked
    }

    /// Items kept ÷ items assessed (kept or broken; 未评 is left out).
    public static func itemRate(_ results: [CheckResult]) -> Rate {
        Rate(kept: results.filter { $0 == .kept }.count, assessed: results.filter { $0 != .notAssessed }.count)
    }

    /// Households whose round outcome is 守信 ÷ households whose outcome is 守信 or 失信,
    /// by the same rule as the standing (`outcome`): a household with a broken item is
    /// assessed even if part-checked; one without a broken item counts only once every
    /// item has a result (part-checked or all 未评: not assessed, like 已签未查).
    public static func householdRate(_ households: [HouseholdResults]) -> Rate {
        let outcomes = households.map { outcome($0.results, itemCount: $0.itemCount) }
        return Rate(kept: outcomes.filter { $0 == .kept }.count,
                    assessed: outcomes.filter { $0 == .kept || $0 == .broken }.count)
    }

    /// The round a standing is measured against: the latest by date, then by id.
    public static func latestRound(_ rounds: [CheckRound]) -> CheckRound? {
        rounds.max { ($0.heldOn, $0.id ?? 0) < ($1.heldOn, $1.id ?? 0) }
    }
}
