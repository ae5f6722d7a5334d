/// A broken pledge item (失信) and what follows it, as the agreement's §四.2 says:
/// 「小组成员违反本协议的，经小组评议、村民委员会核实后，按村规民约取消其相应的优惠待遇……
/// 改正后经评议可恢复」. A check that finds an item broken opens a case (整改) with a
/// deadline; the household's conditional benefits are withheld only once the group's
/// review and the committee's check are both recorded, and given back from the day a
/// further review, after the mending, restores them.
public struct RectificationCase: Hashable, Sendable, Codable {
    public var id: Int64?
    public var householdId: Int64
    /// The check that found the item broken.
    public var checkId: Int64?
    /// The pledge item broken, in words (kept as the check recorded it).
    public var item: String
    public var openedOn: LocalDate
    /// The day by which the household is to have mended it.
    public var deadline: LocalDate
    /// 小组评议: the day the group reviewed the breach, and what it found.
    public var groupReviewOn: LocalDate?
    public var groupReviewNote: String
    /// 村委会核实: the day the committee confirmed it, and who did.
    public var committeeCheckOn: LocalDate?
    public var committeeCheckBy: String
    /// 改正: the day the household mended it, and how.
    public var mendedOn: LocalDate?
    public var mendedNote: String
    /// 评议恢复: the day a further review restored the benefits.
    public var restoredOn: LocalDate?
    public var restoredNote: String

    public init(id: Int64? = nil, householdId: Int64, checkId: Int64? = nil, item: String, openedOn: LocalDate,
                deadline: LocalDate, groupReviewOn: LocalDate? = nil, groupReviewNote: String = "",
                committeeCheckOn: LocalDate? = nil, committeeCheckBy: String = "", mendedOn: LocalDate? = nil,
                mendedNote: String = "", restoredOn: LocalDate? = nil, restoredNote: String = "") {
        self.id = id
        self.householdId = householdId
        self.checkId = checkId
        self.item = item
        self.openedOn = openedOn
        self.deadline = deadline
        self.groupReviewOn = groupReviewOn
        self.groupReviewNote = groupReviewNote
        self.committeeCheckOn = committeeCheckOn
        self.committeeCheckBy = committeeCheckBy
        self.mendedOn = mendedOn
        self.mendedNote = mendedNote
        self.restoredOn = restoredOn
        self.restoredNote = restoredNote
    }

    /// The day from which benefits are withheld: the later of the review and the check,
    /// once both are recorded.
    public var withheldFrom: LocalDate? {
        guard let review = groupReviewOn, let check = committeeCheckOn else { return nil }
        return max(review, check)
    }

    /// Whether the household's conditional benefits are withheld on `date`.
    public func withholds(on date: LocalDate) -> Bool {
        guard let from = withheldFrom, from <= date else { return false }
        if let restored = restoredOn, restored <= date { return false }
        return true
    }

    /// Where the case stands on `date`.
    public func stage(on date: LocalDate) -> RectificationStage {
        if let restored = restoredOn, restored <= date { return .restored }
        if let mended = mendedOn, mended <= date { return withholds(on: date) ? .mended : .closed }
        if withholds(on: date) { return .withheld }
        if groupReviewOn != nil { return .reviewed }
        return date > deadline ? .overdue : .open
    }

    /// Whether the case still needs work on `date` (the dashboard counts these).
    public func isOpen(on date: LocalDate) -> Bool {
        switch stage(on: date) {
        case .restored, .closed: false
        default: true
        }
    }
}

/// The steps of a case, in the order §四.2 gives them.
public enum RectificationStep: String, Sendable, CaseIterable, Codable {
    case groupReview, committeeCheck, mended, restored

    public var label: Localized {
        switch self {
        case .groupReview: Localized("小组评议", "Group review")
        case .committeeCheck: Localized("村委会核实", "Committee check")
        case .mended: Localized("改正", "Mended")
        case .restored: Localized("评议恢复", "Restored")
        }
    }
}

public enum RectificationStage: String, Sendable, CaseIterable {
    case open, overdue, reviewed, withheld, mended, restored, closed

    public var label: Localized {
        switch self {
        case .open: Localized("待评议", "To review")
        case .overdue: Localized("逾期未整改", "Overdue")
        case .reviewed: Localized("待村委会核实", "To confirm")
        case .withheld: Localized("暂停优惠", "Withheld")
        case .mended: Localized("已改正待恢复", "Mended")
        case .restored: Localized("已恢复", "Restored")
        case .closed: Localized("已改正", "Closed")
        }
    }
}

public enum RectificationRules {
    /// Days a household has to mend a broken item, from the check.
    public static let daysToMend = 30

    /// Why recording `step` on `date` is refused, or nil: the steps go in order and no
    /// step is dated before the one it follows or after `today`.
    public static func problem(recording step: RectificationStep, on date: LocalDate, in c: RectificationCase,
                               today: LocalDate) -> Localized? {
        if date > today {
            return Localized("日期（\(date)）不能晚于今天（\(today)）", "The date (\(date)) cannot be after today (\(today))")
        }
        if date < c.openedOn {
            return Localized("日期不能早于失信记录的日期（\(c.openedOn)）", "The date cannot be before the breach was recorded (\(c.openedOn))")
        }
        switch step {
        case .groupReview:
            if c.groupReviewOn != nil { return Localized("已记录小组评议", "The group review is recorded already") }
        case .committeeCheck:
            guard let review = c.groupReviewOn else {
                return Localized("须先记录小组评议，再由村委会核实", "The group review comes first, then the committee's check")
            }
            if c.committeeCheckOn != nil { return Localized("已记录村委会核实", "The committee's check is recorded already") }
            if date < review { return Localized("核实日期不能早于小组评议（\(review)）", "The check cannot be before the review (\(review))") }
        case .mended:
            if c.mendedOn != nil { return Localized("已记录改正", "The mending is recorded already") }
        case .restored:
            guard let from = c.withheldFrom else {
                return Localized("优惠没有被暂停，无需恢复", "No benefit was withheld; there is nothing to restore")
            }
            guard let mended = c.mendedOn else { return Localized("改正后才能评议恢复", "Benefits are restored after the mending") }
            if c.restoredOn != nil { return Localized("已恢复", "Restored already") }
            if date < max(mended, from) {
                return Localized("恢复日期不能早于改正（\(mended)）和暂停（\(from)）", "Restoring cannot be before the mending (\(mended)) and the withholding (\(from))")
            }
        }
        return nil
    }

    /// The refusal of a conditional benefit on `date` while a case withholds it, or nil.
    public static func withholding(_ cases: [RectificationCase], on date: LocalDate) -> Localized? {
        guard let c = cases.first(where: { $0.withholds(on: date) }), let from = c.withheldFrom else { return nil }
        return Localized(
            "该户因失信（\(c.item)）经小组评议、村委会核实，自\(from)起暂停享受守信优惠；改正后经评议恢复方可兑现",
            "The household broke a pledge (\(c.item)); after the group's review and the committee's check its conditional benefits are withheld from \(from) until a review restores them after mending")
    }

    /// The refusal of a policy that needs a star level the village does not have on the due date.
    public static func starProblem(policy: Policy, villageLevel: Int, on date: LocalDate) -> Localized? {
        guard policy.requiredStars > 0, villageLevel < policy.requiredStars else { return nil }
        return Localized(
            "「\(policy.name)」须本村为\(policy.requiredStars)星级诚信村，\(date)本村为\(villageLevel == 0 ? "无星级" : "\(villageLevel)星级")",
            "\(policy.name) needs a \(policy.requiredStars)-star village; on \(date) the village has \(villageLevel == 0 ? "no stars" : "\(villageLevel) star(s)")")
    }
}
