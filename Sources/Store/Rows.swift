import Domain

/// A 社 with the number of households in it.
public struct VillageGroupSummary: Hashable, Sendable {
    public var group: VillageGroup
    public var householdCount: Int
    public init(group: VillageGroup, householdCount: Int) {
        self.group = group
        self.householdCount = householdCount
    }
}

/// Orders of the household list.
public enum HouseholdSort: String, Sendable, CaseIterable {
    case number, villageGroup, headName, address, memberCount
}

/// One line of the household list.
public struct HouseholdRow: Hashable, Sendable {
    public var id: Int64
    public var number: String
    public var villageGroupName: String
    public var headName: String
    public var headIdNumber: String
    public var address: String
    public var phone: String
    public var memberCount: Int
    public init(id: Int64, number: String, villageGroupName: String, headName: String, headIdNumber: String,
                address: String, phone: String, memberCount: Int) {
        self.id = id
        self.number = number
        self.villageGroupName = villageGroupName
        self.headName = headName
        self.headIdNumber = headIdNumber
        self.address = address
        self.phone = phone
        self.memberCount = memberCount
    }
}

/// One line of the person search list.
public struct PersonRow: Hashable, Sendable {
    public var id: Int64
    public var householdId: Int64
    public var householdNumber: String
    public var name: String
    public var sex: Sex
    public var idNumber: String
    public var birthDate: LocalDate?
    public var relation: Relation
    public init(id: Int64, householdId: Int64, householdNumber: String, name: String, sex: Sex, idNumber: String,
                birthDate: LocalDate?, relation: Relation) {
        self.id = id
        self.householdId = householdId
        self.householdNumber = householdNumber
        self.name = name
        self.sex = sex
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.relation = relation
    }
}

// MARK: - Honesty groups and agreements

/// One line of the honesty group list.
public struct HonestyGroupSummary: Hashable, Sendable {
    public var group: HonestyGroup
    public var villageGroupName: String
    /// Households that are members now.
    public var memberCount: Int
    /// The leader of the latest election, while still a member.
    public var leaderName: String?
    /// Effective state of the newest agreement that no later version replaces; nil if none.
    public var agreementState: AgreementState?
    public var agreementValidTo: LocalDate?
    public init(group: HonestyGroup, villageGroupName: String, memberCount: Int, leaderName: String?,
                agreementState: AgreementState?, agreementValidTo: LocalDate?) {
        self.group = group
        self.villageGroupName = villageGroupName
        self.memberCount = memberCount
        self.leaderName = leaderName
        self.agreementState = agreementState
        self.agreementValidTo = agreementValidTo
    }
}

/// One member household of a group (current or, with history, former).
public struct GroupMemberRow: Hashable, Sendable {
    public var membershipId: Int64
    public var householdId: Int64
    public var householdNumber: String
    public var headName: String
    /// The head and the head's spouse: "张三、李秀英".
    public var coupleNames: String
    /// The household's phone, unmasked; screens mask it.
    public var phone: String
    public var joinedOn: LocalDate
    public var leftOn: LocalDate?
    public var leftReason: String
    public var ineligibleReason: String
    /// On the group's current agreement; nil if there is none or the household has no signature on it.
    public var signatureKind: SignatureKind?
    public init(membershipId: Int64, householdId: Int64, householdNumber: String, headName: String,
                coupleNames: String, phone: String, joinedOn: LocalDate, leftOn: LocalDate?, leftReason: String,
                ineligibleReason: String, signatureKind: SignatureKind?) {
        self.membershipId = membershipId
        self.householdId = householdId
        self.householdNumber = householdNumber
        self.headName = headName
        self.coupleNames = coupleNames
        self.phone = phone
        self.joinedOn = joinedOn
        self.leftOn = leftOn
        self.leftReason = leftReason
        self.ineligibleReason = ineligibleReason
        self.signatureKind = signatureKind
    }
}

/// A household of the group's 社 that could join it.
public struct MemberCandidate: Hashable, Sendable {
    public var householdId: Int64
    public var householdNumber: String
    public var headName: String
    public var eligibility: Eligibility
    /// The other group the household is in now, if any (it must leave that one first).
    public var currentGroupName: String?
    public init(householdId: Int64, householdNumber: String, headName: String, eligibility: Eligibility,
                currentGroupName: String?) {
        self.householdId = householdId
        self.householdNumber = householdNumber
        self.headName = headName
        self.eligibility = eligibility
        self.currentGroupName = currentGroupName
    }
}

/// One election with its candidates and how long the elected led the group.
public struct ElectionRecord: Hashable, Sendable {
    public var id: Int64
    public var heldOn: LocalDate
    public var place: String
    public var presidedBy: String
    public var electedPersonId: Int64
    public var electedName: String
    /// A 计生协会 member (the 中心户 case).
    public var electedIsAssociationMember: Bool
    /// Most votes first.
    public var candidates: [CandidateVotes]
    /// The next election's date; nil for the current leader.
    public var until: LocalDate?
    public init(id: Int64, heldOn: LocalDate, place: String, presidedBy: String, electedPersonId: Int64,
                electedName: String, electedIsAssociationMember: Bool, candidates: [CandidateVotes], until: LocalDate?) {
        self.id = id
        self.heldOn = heldOn
        self.place = place
        self.presidedBy = presidedBy
        self.electedPersonId = electedPersonId
        self.electedName = electedName
        self.electedIsAssociationMember = electedIsAssociationMember
        self.candidates = candidates
        self.until = until
    }
}

/// A signature with its household's number.
public struct SignatureRow: Hashable, Sendable {
    public var signature: Signature
    public var householdNumber: String
    public init(signature: Signature, householdNumber: String) {
        self.signature = signature
        self.householdNumber = householdNumber
    }
}

/// A group that needs attention: its agreement ends soon, or it has none in force.
public struct AgreementAlert: Hashable, Sendable {
    public var groupId: Int64
    public var groupName: String
    public var agreementId: Int64?
    public var validTo: LocalDate?
    public init(groupId: Int64, groupName: String, agreementId: Int64?, validTo: LocalDate?) {
        self.groupId = groupId
        self.groupName = groupName
        self.agreementId = agreementId
        self.validTo = validTo
    }
}

/// What the person search's capped count found (`AppDatabase.personMatches`).
public struct PersonMatches: Sendable, Equatable {
    /// The filter, trimmed.
    public let filter: String
    /// At most `limit`, or `limit + 1` for "more than `limit`".
    public let count: Int
    public let limit: Int
    /// Every match, in id order, when the count is not capped.
    let ids: [Int64]?

    public var isCapped: Bool { count > limit }
}
