/// Who made a public pledge (公开承诺): the county, the township or the village.
public enum PolicyLevel: String, Sendable, Codable, CaseIterable {
    case county, township, village

    public var label: Localized {
        switch self {
        case .county: Localized("县", "County")
        case .township: Localized("乡", "Township")
        case .village: Localized("村", "Village")
        }
    }
}

/// What is delivered: money (an amount in fen) or a service.
public enum PolicyKind: String, Sendable, Codable, CaseIterable {
    case money, service

    public var label: Localized {
        switch self {
        case .money: Localized("资金", "Money")
        case .service: Localized("服务", "Service")
        }
    }
}

/// How often a household can be due a benefit.
public enum Recurrence: String, Sendable, Codable, CaseIterable {
    case once, yearly

    public var label: Localized {
        switch self {
        case .once: Localized("一次性", "Once")
        case .yearly: Localized("每年", "Yearly")
        }
    }
}

/// A benefit or service the government or the village committee publicly pledged
/// (奖励优惠政策, 村规民约 preferences). A policy with entitlements is never altered, only retired.
public struct Policy: Hashable, Sendable, Codable {
    public var id: Int64?
    public var code: String
    public var name: String
    public var level: PolicyLevel
    public var kind: PolicyKind
    /// The standard amount in fen, for money; nil when it varies (decided case by case) or for a service.
    public var amountFen: Int?
    public var recurrence: Recurrence
    /// The 星级诚信村 level the village needs (0 = any village).
    public var requiredStars: Int
    /// Who is eligible, in words.
    public var eligibility: String
    public var isRetired: Bool
    /// A benefit for keeping the pledges (守信优惠, the village rules' preferences): withheld
    /// while a breach is under rectification (§四.2 of the agreement).
    public var isConditional: Bool
    /// The conditions the records can check (family, association, age, hardship); the
    /// rest stays in `eligibility`'s words.
    public var criteria: EligibilityCriteria
    /// For money paid as a share of a base by the village's star level (大病增补); the
    /// standard amount is then empty.
    public var starShares: StarPercentages?

    public init(id: Int64? = nil, code: String, name: String, level: PolicyLevel, kind: PolicyKind, amountFen: Int? = nil,
                recurrence: Recurrence, requiredStars: Int = 0, eligibility: String = "", isRetired: Bool = false,
                isConditional: Bool = false, criteria: EligibilityCriteria = EligibilityCriteria(),
                starShares: StarPercentages? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.level = level
        self.kind = kind
        self.amountFen = amountFen
        self.recurrence = recurrence
        self.requiredStars = requiredStars
        self.eligibility = eligibility
        self.isRetired = isRetired
        self.isConditional = isConditional
        self.criteria = criteria
        self.starShares = starShares
    }

    public static func validate(_ p: Policy) -> [FieldError] {
        var errors: [FieldError] = []
        if let problem = Codes.problem(p.code) { errors.append(FieldError(field: "code", message: problem)) }
        let name = p.name.trimmingSpaces()
        if name.isEmpty {
            errors.append(FieldError(field: "name", message: Localized("政策名称不能为空", "The name is required")))
        } else if name.count > 40 {
            errors.append(FieldError(field: "name", message: Localized("政策名称最多40个字", "At most 40 characters")))
        }
        if let fen = p.amountFen {
            if p.kind == .service {
                errors.append(FieldError(field: "amount", message: Localized("服务类承诺不填金额", "A service has no amount")))
            } else if fen <= 0 || fen > 100_000_000 {
                errors.append(FieldError(field: "amount", message: Localized("金额应在0.01到100万元之间",
                                                                             "The amount must be 0.01 to 1,000,000 yuan")))
            }
        }
        if !(0...3).contains(p.requiredStars) {
            errors.append(FieldError(field: "requiredStars", message: Localized("星级应为0到3", "Stars must be 0 to 3")))
        }
        errors += p.criteria.problems()
        if let shares = p.starShares {
            errors += shares.problems()
            if p.kind != .money {
                errors.append(FieldError(field: "percentByStars", message: Localized("按星级比例只用于资金类",
                                                                                     "A share by star level is for money only")))
            } else if p.amountFen != nil {
                errors.append(FieldError(field: "amount", message: Localized("按星级比例计算时不填标准金额",
                                                                             "No standard amount when it is a share by star level")))
            }
            if p.requiredStars < 1 {
                errors.append(FieldError(field: "requiredStars", message: Localized("按星级比例的政策至少要求一星级",
                                                                                    "A share by star level needs at least one star")))
            }
        }
        if p.eligibility.count > 200 {
            errors.append(FieldError(field: "eligibility", message: Localized("享受对象最多200个字", "At most 200 characters")))
        }
        return errors
    }

    /// The refusal to change a policy that households are already due.
    public static func usedPolicyRefusal(_ p: Policy) -> Localized {
        Localized("\(p.code) 已有应兑现记录，不能修改；请停用后新增一条政策",
                  "The policy \"\(p.name)\" has entitlements and cannot be changed; retire it and add a new one")
    }

    /// "5000元", "每年500元", "服务", "5%/10%/15%".
    public var amountText: Localized {
        guard kind == .money else { return kind.label }
        if let shares = starShares { return Localized(shares.text, shares.text) }
        guard let fen = amountFen else { return Localized("金额按实际", "Amount varies") }
        return Localized(Money.yuan(fen) + "元", Money.yuan(fen) + " yuan")
    }
}

/// What a household is due under a policy: the year (for yearly benefits), the due date and the amount.
public struct Entitlement: Hashable, Sendable, Codable {
    public var id: Int64?
    public var policyId: Int64
    public var householdId: Int64
    /// The benefit year: a yearly policy is due at most once a year.
    public var year: Int
    public var dueOn: LocalDate
    /// For money: the amount due in fen (the policy's standard amount if not given). nil for a service.
    public var amountFen: Int?
    /// For a share by star level: the base it is a share of (a hospital bill), in fen.
    public var baseFen: Int?
    public var note: String

    public init(id: Int64? = nil, policyId: Int64, householdId: Int64, year: Int? = nil, dueOn: LocalDate,
                amountFen: Int? = nil, baseFen: Int? = nil, note: String = "") {
        self.id = id
        self.policyId = policyId
        self.householdId = householdId
        self.year = year ?? dueOn.year
        self.dueOn = dueOn
        self.amountFen = amountFen
        self.baseFen = baseFen
        self.note = note
    }
}

/// One delivery against an entitlement: money paid or a service given, with its evidence.
public struct Fulfilment: Hashable, Sendable, Codable {
    public var id: Int64?
    public var entitlementId: Int64
    public var deliveredOn: LocalDate
    /// Money paid, in fen; nil for a service.
    public var amountFen: Int?
    /// What was done (for a service) or how it was paid.
    public var detail: String
    /// Evidence: 凭证号, receipt or document number.
    public var reference: String
    public var recordedBy: String

    public init(id: Int64? = nil, entitlementId: Int64, deliveredOn: LocalDate, amountFen: Int? = nil, detail: String = "",
                reference: String = "", recordedBy: String) {
        self.id = id
        self.entitlementId = entitlementId
        self.deliveredOn = deliveredOn
        self.amountFen = amountFen
        self.detail = detail
        self.reference = reference
        self.recordedBy = recordedBy
    }
}

/// Pure rules of entitlements and fulfilment.
public enum FulfilmentRules {
    /// The amount due: the entitlement's own, else the policy's standard amount; nil for a service.
    public static func dueFen(_ e: Entitlement, policy: Policy) -> Int? {
        policy.kind == .money ? (e.amountFen ?? policy.amountFen) : nil
    }

    /// Money is delivered once the payments reach the amount due; a service once it was given.
    public static func isDelivered(dueFen: Int?, kind: PolicyKind, deliveredFen: Int, deliveries: Int) -> Bool {
        switch kind {
        case .money: if let due = dueFen { return deliveredFen >= due } else { return deliveries > 0 }
        case .service: return deliveries > 0
        }
    }

    /// Overdue: not delivered and the due date is before `today`.
    public static func isOverdue(dueOn: LocalDate, delivered: Bool, on today: LocalDate) -> Bool {
        !delivered && dueOn < today
    }

    /// The problems of a new entitlement; `existingYears` are the years the household is
    /// already due under the same policy.
    public static func entitlementProblems(_ e: Entitlement, policy: Policy, existingYears: [Int]) -> [FieldError] {
        var errors: [FieldError] = []
        if policy.isRetired {
            errors.append(FieldError(field: "policy", message: Localized("政策「\(policy.name)」已停用", "The policy \(policy.name) is retired")))
        }
        switch policy.kind {
        case .money where policy.starShares != nil:
            if let fen = e.baseFen {
                if fen <= 0 || fen > 100_000_000 {
                    errors.append(FieldError(field: "base", message: Localized("基数应在0.01到100万元之间",
                                                                               "The base must be 0.01 to 1,000,000 yuan")))
                }
            } else {
                errors.append(FieldError(field: "base", message: Localized(
                    "该政策按星级比例计算，请填写基数（如住院医疗费用）",
                    "This policy pays a share by star level; give the base (such as the hospital bill)")))
            }
            if e.amountFen != nil {
                errors.append(FieldError(field: "amount", message: Localized("金额按基数和星级比例计算，不要填写",
                                                                             "The amount comes from the base and the star share; leave it empty")))
            }
        case .money:
            if e.baseFen != nil {
                errors.append(FieldError(field: "base", message: Localized("该政策不按比例计算，不填基数",
                                                                           "This policy is not a share; give no base")))
            }
            if let fen = e.amountFen, fen <= 0 || fen > 100_000_000 {
                errors.append(FieldError(field: "amount", message: Localized("金额应在0.01到100万元之间",
                                                                             "The amount must be 0.01 to 1,000,000 yuan")))
            } else if e.amountFen == nil && policy.amountFen == nil {
                errors.append(FieldError(field: "amount", message: Localized("该政策金额按实际，请填写应兑现金额",
                                                                             "This policy's amount varies; give the amount due")))
            }
        case .service:
            if e.amountFen != nil || e.baseFen != nil {
                errors.append(FieldError(field: "amount", message: Localized("服务类承诺不填金额", "A service has no amount")))
            }
        }
        if !(2000...2100).contains(e.year) {
            errors.append(FieldError(field: "year", message: Localized("年度应在2000到2100之间", "The year must be 2000 to 2100")))
        }
        switch policy.recurrence {
        case .once where !existingYears.isEmpty:
            errors.append(FieldError(field: "policy", message: Localized("「\(policy.name)」为一次性政策，本户已登记过",
                                                                         "\(policy.name) is paid once and this household already has it")))
        case .yearly where existingYears.contains(e.year):
            errors.append(FieldError(field: "year", message: Localized("本户\(e.year)年度的「\(policy.name)」已登记",
                                                                       "This household already has \(policy.name) for \(e.year)")))
        default: break
        }
        if e.note.count > 100 {
            errors.append(FieldError(field: "note", message: Localized("备注最多100个字", "At most 100 characters")))
        }
        return errors
    }

    /// The problems of a delivery, given the policy, the amount due and what was delivered already.
    public static func fulfilmentProblems(_ f: Fulfilment, policy: Policy, dueFen: Int?, deliveredFen: Int) -> [FieldError] {
        var errors: [FieldError] = []
        switch policy.kind {
        case .money:
            if let fen = f.amountFen {
                if fen <= 0 {
                    errors.append(FieldError(field: "amount", message: Localized("金额应大于0", "The amount must be more than 0")))
                } else if let due = dueFen, deliveredFen + fen > due {
                    errors.append(FieldError(field: "amount", message: Localized(
                        "兑现金额超出应兑现金额：应兑现\(Money.yuan(due))元，已兑现\(Money.yuan(deliveredFen))元",
                        "More than is due: \(Money.yuan(due)) yuan due, \(Money.yuan(deliveredFen)) yuan delivered")))
                }
            } else {
                errors.append(FieldError(field: "amount", message: Localized("资金类兑现须填写金额", "Give the amount paid")))
            }
        case .service:
            if f.amountFen != nil {
                errors.append(FieldError(field: "amount", message: Localized("服务类兑现不填金额", "A service has no amount")))
            }
            if f.detail.trimmingSpaces().isEmpty {
                errors.append(FieldError(field: "detail", message: Localized("请写明提供的服务", "Say what service was given")))
            }
        }
        if f.detail.count > 100 {
            errors.append(FieldError(field: "detail", message: Localized("说明最多100个字", "At most 100 characters")))
        }
        if f.reference.trimmingSpaces().isEmpty {
            errors.append(FieldError(field: "reference", message: Localized("请填写凭证号或依据", "Give the voucher or reference number")))
        } else if f.reference.count > 40 {
            errors.append(FieldError(field: "reference", message: Localized("凭证号最多40个字", "At most 40 characters")))
        }
        let by = f.recordedBy.trimmingSpaces()
        if by.isEmpty {
            errors.append(FieldError(field: "recordedBy", message: Localized("请填写经办人", "Who recorded it is required")))
        } else if by.count > 30 {
            errors.append(FieldError(field: "recordedBy", message: Localized("经办人最多30个字", "At most 30 characters")))
        }
        return errors
    }
}

/// Money as integer fen, shown in yuan.
public enum Money {
    /// "5000" for whole yuan, else "1234.50".
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let a = abs(fen)
        if a % 100 == 0 { return sign + String(a / 100) }
        let cents = a % 100
        return sign + "\(a / 100)." + (cents < 10 ? "0\(cents)" : "\(cents)")
    }

    /// Parses yuan ("5000", "1234.5", "0.05", "5000元") into fen; nil if not a plain amount with at most 2 decimals.
    public static func fen(fromYuan text: String) -> Int? {
        var t = text.trimmingSpaces()
        if t.hasSuffix("元") { t = String(t.dropLast()).trimmingSpaces() }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].count <= 9, let whole = Int(parts[0]) else { return nil }
        var cents = 0
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), let f = Int(frac) else { return nil }
            cents = frac.count == 1 ? f * 10 : f
        }
        return whole * 100 + cents
    }
}
