/// Which families a policy is for, by their children (seed 002: 独生子女家庭, 独男户, 独女户;
/// seed 003: 纯女户, one or two daughters and no son).
public enum FamilyCondition: String, Sendable, Codable, CaseIterable {
    case any, onlyChild, onlySon, onlyDaughter, daughtersOnly

    public var label: Localized {
        switch self {
        case .any: Localized("不限", "Any family")
        case .onlyChild: Localized("独生子女家庭", "One-child family")
        case .onlySon: Localized("独男户", "Only child a son")
        case .onlyDaughter: Localized("独女户", "Only child a daughter")
        case .daughtersOnly: Localized("纯女户", "Daughters only")
        }
    }

    /// Whether children of these sexes make such a family.
    public func holds(children: [Sex]) -> Bool {
        let sons = children.filter { $0 == .male }.count
        let daughters = children.count - sons
        switch self {
        case .any: return true
        case .onlyChild: return children.count == 1
        case .onlySon: return sons == 1 && daughters == 0
        case .onlyDaughter: return daughters == 1 && sons == 0
        case .daughtersOnly: return sons == 0 && (1...2).contains(daughters)
        }
    }
}

/// A member of a household as eligibility sees them.
public struct MemberFacts: Hashable, Sendable {
    public var name: String
    public var sex: Sex
    public var relation: Relation
    public var birthDate: LocalDate?
    public var isAssociationMember: Bool
    /// Has left the household (moved out, married out, died): still one of its children,
    /// no longer one of its members.
    public var hasLeft: Bool

    public init(name: String, sex: Sex, relation: Relation, birthDate: LocalDate?, isAssociationMember: Bool,
                hasLeft: Bool = false) {
        self.name = name
        self.sex = sex
        self.relation = relation
        self.birthDate = birthDate
        self.isAssociationMember = isAssociationMember
        self.hasLeft = hasLeft
    }
}

/// What the records say of one household, for checking a policy's conditions.
public struct HouseholdFacts: Hashable, Sendable {
    public var householdId: Int64
    public var number: String
    public var headName: String
    public var groupName: String
    public var isHardship: Bool
    public var members: [MemberFacts]

    public init(householdId: Int64, number: String, headName: String, groupName: String = "", isHardship: Bool,
                members: [MemberFacts]) {
        self.householdId = householdId
        self.number = number
        self.headName = headName
        self.groupName = groupName
        self.isHardship = isHardship
        self.members = members
    }

    /// The head's children, those who left included (a daughter married out still makes a 独女户).
    public var children: [Sex] { members.filter { $0.relation == .child }.map(\.sex) }
}

/// The conditions of a policy that the records can check. What they cannot (a child
/// entering university, a serious illness) stays in the policy's words.
public struct EligibilityCriteria: Hashable, Sendable, Codable {
    public var family: FamilyCondition
    /// A member of the household belongs to the 计生协会.
    public var associationMember: Bool
    /// A member of the household is of this age on the due date (both ends included).
    public var minAge: Int?
    public var maxAge: Int?
    /// The household is marked 生活困难.
    public var hardship: Bool

    public init(family: FamilyCondition = .any, associationMember: Bool = false, minAge: Int? = nil, maxAge: Int? = nil,
                hardship: Bool = false) {
        self.family = family
        self.associationMember = associationMember
        self.minAge = minAge
        self.maxAge = maxAge
        self.hardship = hardship
    }

    /// Whether any condition can be checked from the records.
    public var isChecked: Bool { family != .any || associationMember || minAge != nil || maxAge != nil || hardship }

    /// The conditions in words: 「独女户 · 计生协会会员 · 60岁及以上 · 生活困难」.
    public var summary: Localized {
        var parts: [Localized] = []
        if family != .any { parts.append(family.label) }
        if associationMember { parts.append(Localized("计生协会会员", "association member")) }
        if let band = ageBand { parts.append(band) }
        if hardship { parts.append(Localized("生活困难", "in hardship")) }
        if parts.isEmpty { return Localized("无可核对的条件", "No condition the records can check") }
        return Localized(parts.map(\.zh).joined(separator: " · "), parts.map(\.en).joined(separator: " · "))
    }

    var ageBand: Localized? {
        switch (minAge, maxAge) {
        case (let lo?, let hi?): Localized("\(lo)至\(hi)岁", "aged \(lo) to \(hi)")
        case (let lo?, nil): Localized("\(lo)岁及以上", "aged \(lo) or over")
        case (nil, let hi?): Localized("\(hi)岁及以下", "aged \(hi) or under")
        case (nil, nil): nil
        }
    }

    /// The problems of the conditions themselves.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        for (key, age) in [("minAge", minAge), ("maxAge", maxAge)] {
            if let age, !(0...120).contains(age) {
                errors.append(FieldError(field: key, message: Localized("年龄应为0到120", "An age must be 0 to 120")))
            }
        }
        if let lo = minAge, let hi = maxAge, lo > hi {
            errors.append(FieldError(field: "maxAge", message: Localized("最大年龄不能小于最小年龄",
                                                                         "The highest age cannot be below the lowest")))
        }
        return errors
    }

    /// Why a household does not meet the conditions on `date`, one reason a condition;
    /// empty when it does.
    public func unmet(by h: HouseholdFacts, on date: LocalDate) -> [Localized] {
        var reasons: [Localized] = []
        if !family.holds(children: h.children) {
            let sons = h.children.filter { $0 == .male }.count
            let daughters = h.children.count - sons
            reasons.append(Localized("不是\(family.label.zh)（登记子女：\(sons)男\(daughters)女）",
                                     "Not a family of this kind: \(family.label.en) (children registered: \(sons) sons, \(daughters) daughters)"))
        }
        let present = h.members.filter { !$0.hasLeft }
        if associationMember && !present.contains(where: \.isAssociationMember) {
            reasons.append(Localized("户内没有计生协会会员", "No member of the household belongs to the association"))
        }
        if let band = ageBand, memberInBand(present, on: date) == nil {
            reasons.append(Localized("户内没有\(band.zh)的成员", "No member \(band.en)"))
        }
        if hardship && !h.isHardship {
            reasons.append(Localized("未登记为生活困难户", "Not marked as a household in hardship"))
        }
        return reasons
    }

    /// The first of `members` whose age on `date` is in the band (a member without a birth date never is).
    func memberInBand(_ members: [MemberFacts], on date: LocalDate) -> MemberFacts? {
        members.first { m in
            guard let age = m.birthDate?.age(on: date) else { return false }
            return age >= (minAge ?? 0) && age <= (maxAge ?? Int.max)
        }
    }

    /// What makes a household eligible, in words, for the proposal list: the family's children,
    /// the association member, the member in the age band.
    public func grounds(for h: HouseholdFacts, on date: LocalDate) -> Localized {
        var parts: [Localized] = []
        if family != .any {
            let names = h.members.filter { $0.relation == .child }.map(\.name).joined(separator: "、")
            parts.append(Localized("\(family.label.zh)（\(names)）", "\(family.label.en) (\(names))"))
        }
        let present = h.members.filter { !$0.hasLeft }
        if associationMember, let m = present.first(where: \.isAssociationMember) {
            parts.append(Localized("\(m.name)为会员", "\(m.name) is a member"))
        }
        if ageBand != nil, let m = memberInBand(present, on: date), let birth = m.birthDate {
            parts.append(Localized("\(m.name)\(birth.age(on: date))岁", "\(m.name) aged \(birth.age(on: date))"))
        }
        if hardship { parts.append(Localized("生活困难", "hardship")) }
        return Localized(parts.map(\.zh).joined(separator: "；"), parts.map(\.en).joined(separator: "; "))
    }
}

/// An amount that is a share of a base (a hospital bill) by the village's star level: the
/// association's 大病增补 gives 5%, 10% or 15% of a member's bill over 10,000 yuan at one,
/// two or three stars (seed 002).
public struct StarPercentages: Hashable, Sendable, Codable {
    /// The percentage at one, two and three stars.
    public var percents: [Int]
    /// The smallest base the policy pays on, in fen (nil: any).
    public var minBaseFen: Int?

    public init(percents: [Int], minBaseFen: Int? = nil) {
        self.percents = percents
        self.minBaseFen = minBaseFen
    }

    /// "5,10,15" as typed on the form; nil for an empty text.
    public static func parse(_ text: String) -> [Int]? {
        let parts = text.split(whereSeparator: { ",，、/ ".contains($0) }).map(String.init)
        if parts.isEmpty { return nil }
        let values = parts.compactMap { Int($0) }
        return values.count == parts.count ? values : []
    }

    /// "5%/10%/15%".
    public var text: String { percents.map { "\($0)%" }.joined(separator: "/") }

    public func problems() -> [FieldError] {
        if percents.count != 3 || !percents.allSatisfy({ (1...100).contains($0) }) {
            return [FieldError(field: "percentByStars", message: Localized(
                "按星级比例应为三个1到100的整数，如 5,10,15（一、二、三星级）",
                "Three whole numbers from 1 to 100, e.g. 5,10,15 (one, two and three stars)"))]
        }
        if zip(percents, percents.dropFirst()).contains(where: { $0 > $1 }) {
            return [FieldError(field: "percentByStars", message: Localized("星级越高比例不应越低",
                                                                           "A higher star level cannot have a lower share"))]
        }
        if let min = minBaseFen, min <= 0 || min > 100_000_000 {
            return [FieldError(field: "minBase", message: Localized("起付基数应在0.01到100万元之间",
                                                                    "The lowest base must be 0.01 to 1,000,000 yuan"))]
        }
        return []
    }

    /// The amount due on `baseFen` at `stars`, or why there is none.
    public func amount(baseFen: Int, stars: Int) -> Result<Int, PolicyRefusal> {
        guard stars >= 1 else {
            return .failure(PolicyRefusal(Localized("本村没有星级，按星级比例的政策不能兑现",
                                                     "The village has no star, so a share by star level is not due")))
        }
        if let min = minBaseFen, baseFen < min {
            return .failure(PolicyRefusal(Localized("基数 \(Money.yuan(baseFen)) 元低于起付基数 \(Money.yuan(min)) 元",
                                                     "The base \(Money.yuan(baseFen)) yuan is below the lowest base \(Money.yuan(min)) yuan")))
        }
        let percent = percents[min(stars, percents.count) - 1]
        // Rounded to the fen, halves up.
        return .success((baseFen * percent + 50) / 100)
    }
}

/// Why an amount is not due, as an error for results.
public struct PolicyRefusal: Error, Hashable, Sendable {
    public var message: Localized
    public init(_ message: Localized) { self.message = message }
}
