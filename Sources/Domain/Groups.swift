/// An honesty group (诚信计生小组): married couples of childbearing age in one 社
/// who chose each other (自愿组合) and watch over each other.
public struct HonestyGroup: Hashable, Sendable, Codable {
    public var id: Int64?
    public var villageId: Int64
    /// The 社 the group was formed in; every member household lives there.
    public var villageGroupId: Int64
    /// Unique in the village.
    public var name: String
    public var formedOn: LocalDate
    public var note: String

    public init(id: Int64? = nil, villageId: Int64, villageGroupId: Int64, name: String, formedOn: LocalDate,
                note: String = "") {
        self.id = id
        self.villageId = villageId
        self.villageGroupId = villageGroupId
        self.name = name
        self.formedOn = formedOn
        self.note = note
    }
}

/// A household's membership of a group. Leaving sets `leftOn`; the row is kept.
public struct GroupMembership: Hashable, Sendable, Codable {
    public var id: Int64?
    public var groupId: Int64
    public var householdId: Int64
    public var joinedOn: LocalDate
    public var leftOn: LocalDate?
    public var leftReason: String
    /// Why a household without a married woman aged 15–49 joined anyway; empty when eligible.
    public var ineligibleReason: String

    public init(id: Int64? = nil, groupId: Int64, householdId: Int64, joinedOn: LocalDate, leftOn: LocalDate? = nil,
                leftReason: String = "", ineligibleReason: String = "") {
        self.id = id
        self.groupId = groupId
        self.householdId = householdId
        self.joinedOn = joinedOn
        self.leftOn = leftOn
        self.leftReason = leftReason
        self.ineligibleReason = ineligibleReason
    }

    /// A member on `date`: joined by then and not yet left.
    public func isActive(on date: LocalDate) -> Bool {
        joinedOn <= date && (leftOn.map { date < $0 } ?? true)
    }
}

/// Whether a household belongs in an honesty group: it has a married woman aged 15–49.
public struct Eligibility: Hashable, Sendable {
    public var isEligible: Bool
    public var reason: Localized

    public init(isEligible: Bool, reason: Localized) {
        self.isEligible = isEligible
        self.reason = reason
    }

    public static let childbearingAges = 15...49

    /// Looks at the household's members on `date`; persons who have left by then do not count.
    /// The married women aged 15–49 on `date` among `persons`, with their ages, in the given order.
    public static func qualifyingWomen(_ persons: [Person], on date: LocalDate) -> [(Person, Int)] {
        persons.compactMap { w -> (Person, Int)? in
            guard w.sex == .female, w.maritalStatus == .married, let born = w.birthDate else { return nil }
            let age = born.age(on: date)
            return childbearingAges.contains(age) ? (w, age) : nil
        }
    }

    public static func of(members: [Person], on date: LocalDate) -> Eligibility {
        let women = members.filter { $0.isMember(on: date) && $0.sex == .female && $0.maritalStatus == .married }
        let fitting = qualifyingWomen(women, on: date)
        if !fitting.isEmpty {
            return Eligibility(isEligible: true, reason: Localized(
                "有育龄已婚妇女：" + fitting.map { "\($0.0.name)（\($0.1)岁）" }.joined(separator: "、"),
                "Married woman aged 15–49: " + fitting.map { "\($0.0.name) (\($0.1))" }.joined(separator: ", ")))
        }
        let undated = women.filter { $0.birthDate == nil }.map(\.name)
        if !undated.isEmpty {
            let names = undated.joined(separator: "、")
            return Eligibility(isEligible: false, reason: Localized(
                "无15–49岁已婚妇女（\(names)未填出生日期）",
                "No married woman aged 15–49 (no birth date for \(undated.joined(separator: ", ")))"))
        }
        return Eligibility(isEligible: false, reason: Localized("无15–49岁已婚妇女", "No married woman aged 15–49"))
    }
}

/// A candidate's votes in an election.
public struct CandidateVotes: Hashable, Sendable, Codable {
    public var personId: Int64
    public var name: String
    public var votes: Int

    public init(personId: Int64, name: String, votes: Int) {
        self.personId = personId
        self.name = name
        self.votes = votes
    }
}

/// A leader election (民主选举诚信计生小组长). A change of leader is a new election.
public struct Election: Hashable, Sendable, Codable {
    public var id: Int64?
    public var groupId: Int64
    public var heldOn: LocalDate
    /// Where, or at which meeting.
    public var place: String
    public var presidedBy: String
    public var electedPersonId: Int64
    /// The meeting (register of meetings) at which it was held; nil for elections recorded
    /// before the register, whose place and chair stay as typed.
    public var meetingId: Int64?

    public init(id: Int64? = nil, groupId: Int64, heldOn: LocalDate, place: String, presidedBy: String,
                electedPersonId: Int64, meetingId: Int64? = nil) {
        self.id = id
        self.groupId = groupId
        self.heldOn = heldOn
        self.place = place
        self.presidedBy = presidedBy
        self.electedPersonId = electedPersonId
        self.meetingId = meetingId
    }
}

/// The rules of groups, members and elections that need no database.
public enum GroupRules {
    /// Seed 001: each 社 forms 1–3 groups.
    public static let maxGroupsPerVillageGroup = 3

    public static func validate(_ g: HonestyGroup) -> [FieldError] {
        var errors: [FieldError] = []
        let name = g.name.trimmingSpaces()
        if name.isEmpty {
            errors.append(FieldError(field: "name", message: Localized("小组名称不能为空", "Group name is required")))
        } else if name.count > 20 {
            errors.append(FieldError(field: "name", message: Localized(
                "小组名称最多20个字，现为\(name.count)个", "Group name has at most 20 characters, not \(name.count)")))
        }
        if g.note.count > 200 {
            errors.append(FieldError(field: "note", message: Localized("备注最多200个字", "Note has at most 200 characters")))
        }
        return errors
    }

    /// The refusal of a fourth group in a 社.
    public static func tooManyGroups(villageGroupName: String, existing: Int) -> Localized {
        Localized(
            "\(villageGroupName)已有 \(existing) 个诚信计生小组，每个社最多 \(maxGroupsPerVillageGroup) 个（自愿组合、便于互相监督）",
            "\(villageGroupName) already has \(existing) honesty groups; a 社 has at most \(maxGroupsPerVillageGroup) "
                + "(formed by choice, small enough to watch over each other)")
    }

    /// Checks an election on its own: place, presiding person, votes, and that the
    /// elected is a candidate with the most votes.
    public static func electionProblems(place: String, presidedBy: String, candidates: [CandidateVotes],
                                        electedPersonId: Int64) -> [FieldError] {
        var errors: [FieldError] = []
        let place = place.trimmingSpaces()
        if place.isEmpty {
            errors.append(FieldError(field: "place", message: Localized("请填写选举地点或会议", "Place or meeting is required")))
        } else if place.count > 40 {
            errors.append(FieldError(field: "place", message: Localized("地点最多40个字", "Place has at most 40 characters")))
        }
        if let m = Validation.nameProblem(Validation.normalizeName(presidedBy)) {
            errors.append(FieldError(field: "presidedBy", message: Localized("主持人：" + m.zh, "Presided by: " + m.en)))
        }
        if candidates.isEmpty {
            errors.append(FieldError(field: "votes", message: Localized("至少要有一名候选人", "At least one candidate is required")))
            return errors
        }
        for c in candidates where c.votes < 0 {
            errors.append(FieldError(field: "votes", message: Localized(
                "\(c.name)的票数不能为负数", "Votes for \(c.name) cannot be negative")))
        }
        var seen = Set<Int64>()
        for c in candidates where !seen.insert(c.personId).inserted {
            errors.append(FieldError(field: "votes", message: Localized(
                "候选人\(c.name)重复", "Candidate \(c.name) is listed twice")))
        }
        guard let elected = candidates.first(where: { $0.personId == electedPersonId }) else {
            errors.append(FieldError(field: "electedPersonId", message: Localized(
                "当选人须是候选人之一", "The elected leader must be one of the candidates")))
            return errors
        }
        if let top = candidates.max(by: { $0.votes < $1.votes }), top.votes > elected.votes {
            errors.append(FieldError(field: "electedPersonId", message: Localized(
                "\(top.name)得票（\(top.votes)）多于当选人\(elected.name)（\(elected.votes)），当选人应得票最多",
                "\(top.name) has more votes (\(top.votes)) than the elected \(elected.name) (\(elected.votes)); "
                    + "the leader must have the most votes")))
        }
        return errors
    }

    /// The couple a household is in its group for, among its members on `date` (nil: members
    /// now, who have not left; ages are then counted today). DECISIONS 34.
    /// - The head and the head's spouse, when one of them is a married woman aged 15–49, or
    ///   when nobody in the household is (the household joined with a stated reason).
    /// - Otherwise the married woman aged 15–49 the household qualifies through (a daughter-in-law
    ///   before a daughter before anyone else) and her husband when he is a member: the head's
    ///   son for a daughter-in-law, the head's son-in-law for a daughter. The head's own child
    ///   comes first, as the head does in the head's couple.
    public static func couple(of members: [Person], headId: Int64?, on date: LocalDate? = nil) -> [Person] {
        let current = members.filter { p in date.map { p.isMember(on: $0) } ?? (p.leftOn == nil) }
        let head = current.first { $0.id != nil && $0.id == headId } ?? current.first { $0.relation == .head }
        var couple: [Person] = head.map { [$0] } ?? []
        if let spouse = current.first(where: { $0.relation == .spouse }) { couple.append(spouse) }
        let women = Eligibility.qualifyingWomen(current, on: date ?? .today()).map(\.0)
        if women.isEmpty || women.contains(where: couple.contains) { return couple }
        let order: [Relation] = [.childInLaw, .child]
        let woman = women.min { (order.firstIndex(of: $0.relation) ?? order.count) < (order.firstIndex(of: $1.relation) ?? order.count) }!
        let husband = husband(of: woman, among: current)
        if woman.relation == .childInLaw, let husband { return [husband, woman] }
        return [woman] + (husband.map { [$0] } ?? [])
    }

    /// A married woman's husband among the household's members, known only by the relations to
    /// the head: a daughter's is the one married son-in-law, a daughter-in-law's the one married son.
    /// Nil when there is none, or more than one who could be.
    static func husband(of woman: Person, among members: [Person]) -> Person? {
        let relation: Relation
        switch woman.relation {
        case .child: relation = .childInLaw
        case .childInLaw: relation = .child
        default: return nil
        }
        let men = members.filter { $0.sex == .male && $0.maritalStatus == .married && $0.relation == relation }
        return men.count == 1 ? men[0] : nil
    }

    /// "张三、李秀英": the couple's names, head first.
    public static func coupleNames(of members: [Person], headId: Int64?, on date: LocalDate? = nil) -> String {
        couple(of: members, headId: headId, on: date).map(\.name).joined(separator: "、")
    }

    /// Who signs the agreement for a household: the married woman of the couple (the woman the
    /// household qualifies through), else the first of the couple (the head).
    public static func signer(of members: [Person], headId: Int64?, on date: LocalDate? = nil) -> Person? {
        let couple = couple(of: members, headId: headId, on: date)
        return couple.first { $0.sex == .female && $0.maritalStatus == .married } ?? couple.first
    }
}
