import Foundation
import Testing
import GRDB
import Domain
@testable import Store

let groupToday = LocalDate("2026-03-01")!

/// The two-社 fixture with couples to form groups from.
final class GroupFixture {
    let f: Fixture
    var db: AppDatabase { f.db }
    private var n = 0

    init() throws { f = try Fixture() }

    /// A household: head 张… (male, married) and, unless `wifeBorn` is nil, his wife.
    @discardableResult
    func couple(_ number: String, _ husband: String, _ wife: String = "", wifeBorn: String? = "1987-06-01",
                group: VillageGroup? = nil, associationWife: Bool = false) throws -> (household: Household, head: Person, wife: Person?) {
        n += 1
        let (h, head) = try f.household(number, head: husband, born: "1985-01-01", group: group, n: n)
        guard let wifeBorn else { return (h, head, nil) }
        let w = try db.savePerson(Person(householdId: h.id!, name: wife, sex: .female,
                                         idNumber: Fixture.id(wifeBorn, .female, n), relation: .spouse,
                                         maritalStatus: .married, isAssociationMember: associationWife))
        return (h, head, w)
    }

    @discardableResult
    func group(_ name: String, in she: VillageGroup? = nil, formedOn: String = "2026-02-01") throws -> HonestyGroup {
        try db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: (she ?? f.group1).id!,
                                             name: name, formedOn: LocalDate(formedOn)!))
    }
}

func refusal(_ body: () throws -> Void) -> Localized? {
    do {
        try body()
        return nil
    } catch StoreError.refused(let message) {
        return message
    } catch {
        return nil
    }
}

@Suite struct HonestyGroupTests {
    @Test func schemaHasTheNewTables() throws {
        let g = try GroupFixture()
        let tables = ["honesty_group", "group_member", "election", "election_candidate", "agreement_template",
                      "agreement", "signature"]
        let (exist, personColumns) = try g.db.reader.read { db in
            (try tables.map { try db.tableExists($0) }, try db.columns(in: "person").map(\.name))
        }
        #expect(exist.allSatisfy { $0 })
        #expect(personColumns.contains("left_on"))
    }

    @Test func aSheHasAtMostThreeGroups() throws {
        let g = try GroupFixture()
        for name in ["一社第一小组", "一社第二小组", "一社第三小组"] { try g.group(name) }
        let message = refusal { try g.group("一社第四小组") }
        #expect(message?.zh == "一社已有 3 个诚信计生小组，每个社最多 3 个（自愿组合、便于互相监督）")
        #expect(message?.en.contains("at most 3") == true)
        #expect(try g.db.honestyGroups(on: groupToday).count == 3)
        // Another 社 is not affected; a rename inside the 社 is not a fourth group.
        try g.group("二社第一小组", in: g.f.group2)
        var renamed = try #require(try g.db.findHonestyGroup("一社第三小组"))
        renamed.name = "一社第三组"
        try g.db.saveHonestyGroup(renamed)
        // Moving a group into a full 社 is refused too.
        var moved = try #require(try g.db.findHonestyGroup("二社第一小组"))
        moved.villageGroupId = g.f.group1.id!
        #expect(refusal { try g.db.saveHonestyGroup(moved) }?.zh.contains("最多 3 个") == true)
    }

    @Test func nameIsUniqueAndShort() throws {
        let g = try GroupFixture()
        try g.group("一社第一小组")
        let same = invalidFields { try g.group("一社第一小组", in: g.f.group2) }
        #expect(same?.map(\.field) == ["name"])
        #expect(same?.first?.message.zh.contains("一社第一小组") == true)
        #expect(invalidFields { try g.group(String(repeating: "组", count: 21)) }?.map(\.field) == ["name"])
        #expect(invalidFields {
            try g.db.saveHonestyGroup(HonestyGroup(villageId: g.f.village.id!, villageGroupId: 999, name: "某组",
                                                   formedOn: groupToday))
        }?.map(\.field) == ["villageGroupId"])
    }

    @Test func findsByIdOrName() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        #expect(try g.db.findHonestyGroup(String(group.id!)) == group)
        #expect(try g.db.findHonestyGroup("一社第一小组") == group)
        #expect(try g.db.findHonestyGroup("没有") == nil)
        #expect(try g.db.honestyGroup(id: group.id!) == group)
    }

    @Test func summariesAreOrderedBySheThenName() throws {
        let g = try GroupFixture()
        try g.group("二社甲组", in: g.f.group2)
        try g.group("一社乙组")
        try g.group("一社甲组")
        let summaries = try g.db.honestyGroups(on: groupToday)
        #expect(summaries.map(\.villageGroupName) == ["一社", "一社", "二社"])
        #expect(summaries.first?.memberCount == 0)
        #expect(summaries.first?.leaderName == nil)
        #expect(summaries.first?.agreementState == nil)
    }
}

@Suite struct GroupMemberTests {
    /// A son-in-law household (上门女婿): the widowed head, his married daughter and her husband.
    /// The member list, the agreement's member list and the signer all name the daughter's couple
    /// (DECISIONS 34).
    @Test func aSonInLawHouseholdShowsTheDaughtersCouple() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        var (h, head) = try g.f.household("0105", head: "曾海强", born: "1960-03-01", n: 7)
        head.maritalStatus = .widowed
        try g.db.savePerson(head)
        try g.db.savePerson(Person(householdId: h.id!, name: "曾丽", sex: .female, idNumber: Fixture.id("1992-08-01", .female, 8),
                                   relation: .child, maritalStatus: .married))
        try g.db.savePerson(Person(householdId: h.id!, name: "王军", sex: .male, idNumber: Fixture.id("1990-05-01", .male, 9),
                                   relation: .childInLaw, maritalStatus: .married))
        h = try #require(try g.db.household(id: h.id!))
        try g.db.addMember(groupId: group.id!, householdId: h.id!, joinedOn: groupToday)
        let rows = try g.db.groupMembers(groupId: group.id!)
        #expect(rows.map(\.coupleNames) == ["曾丽、王军"])
        #expect(rows.first?.headName == "曾海强")
        try g.db.installDefaultTemplate(from: templateURL)
        let template = try #require(try g.db.agreementTemplates().first)
        let agreement = try g.db.createAgreement(groupId: group.id!, templateId: template.id!, validFrom: LocalDate("2026-03-01")!,
                                                 validTo: LocalDate("2029-02-28")!, on: groupToday)
        try g.db.startSigning(agreementId: agreement.id!, on: groupToday)
        #expect(try g.db.signatures(agreementId: agreement.id!).map(\.signature.signerName) == ["曾丽"])
        #expect(try g.db.agreementText(id: agreement.id!, on: groupToday).contains("曾丽、王军（0105户）"))
    }

    @Test func membersWithCoupleNamesAndPhone() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        let a = try g.couple("0101", "张三", "李秀英")
        var h = a.household
        h.phone = "13912345678"
        try g.db.updateHousehold(h)
        try g.couple("0102", "王强", "赵敏")
        let candidates = try g.db.memberCandidates(groupId: group.id!, on: groupToday)
        #expect(candidates.map(\.householdNumber) == ["0101", "0102"])
        #expect(candidates.allSatisfy { $0.eligibility.isEligible && $0.currentGroupName == nil })
        for c in candidates {
            try g.db.addMember(groupId: group.id!, householdId: c.householdId, joinedOn: groupToday)
        }
        let rows = try g.db.groupMembers(groupId: group.id!)
        #expect(rows.map(\.coupleNames) == ["张三、李秀英", "王强、赵敏"])
        #expect(rows.first?.headName == "张三")
        #expect(rows.first?.phone == "13912345678")
        #expect(rows.first?.signatureKind == nil)
        #expect(try g.db.memberCandidates(groupId: group.id!, on: groupToday).isEmpty)
        #expect(try g.db.honestyGroups(on: groupToday).first?.memberCount == 2)
        // Already a member.
        #expect(refusal {
            try g.db.addMember(groupId: group.id!, householdId: a.household.id!, joinedOn: groupToday)
        }?.zh.contains("已是") == true)
    }

    @Test func aHouseholdIsInOneGroupAtATime() throws {
        let g = try GroupFixture()
        let first = try g.group("一社第一小组")
        let second = try g.group("一社第二小组")
        let a = try g.couple("0101", "张三", "李秀英")
        try g.db.addMember(groupId: first.id!, householdId: a.household.id!, joinedOn: groupToday)
        let message = refusal {
            try g.db.addMember(groupId: second.id!, householdId: a.household.id!, joinedOn: groupToday)
        }
        #expect(message?.zh.contains("一社第一小组") == true)
        #expect(message?.en.contains("一社第一小组") == true)
        let candidates = try g.db.memberCandidates(groupId: second.id!, on: groupToday)
        #expect(candidates.first?.currentGroupName == "一社第一小组")
    }

    @Test func membersLiveInTheGroupsShe() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        let other = try g.couple("0201", "刘伟", "陈静", group: g.f.group2)
        let message = refusal {
            try g.db.addMember(groupId: group.id!, householdId: other.household.id!, joinedOn: groupToday)
        }
        #expect(message?.zh.contains("二社") == true)
        #expect(try g.db.memberCandidates(groupId: group.id!, on: groupToday).isEmpty)
        #expect(try g.db.groupMembers(groupId: group.id!).isEmpty)
    }

    @Test func anIneligibleHouseholdNeedsAReasonThatIsKept() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        let older = try g.couple("0101", "张三", "李秀英", wifeBorn: "1970-01-01")
        let candidate = try #require(try g.db.memberCandidates(groupId: group.id!, on: groupToday).first)
        #expect(!candidate.eligibility.isEligible)
        #expect(candidate.eligibility.reason.zh == "无15–49岁已婚妇女")
        let errors = invalidFields {
            try g.db.addMember(groupId: group.id!, householdId: older.household.id!, joinedOn: groupToday)
        }
        #expect(errors?.map(\.field) == ["ineligibleReason"])
        try g.db.addMember(groupId: group.id!, householdId: older.household.id!, joinedOn: groupToday,
                           ineligibleReason: "协会会员，自愿参加监督")
        #expect(try g.db.groupMembers(groupId: group.id!).first?.ineligibleReason == "协会会员，自愿参加监督")
        // An eligible household keeps no reason.
        let young = try g.couple("0102", "王强", "赵敏")
        try g.db.addMember(groupId: group.id!, householdId: young.household.id!, joinedOn: groupToday,
                           ineligibleReason: "多余")
        #expect(try g.db.groupMembers(groupId: group.id!).last?.ineligibleReason == "")
    }

    @Test func joiningBeforeTheGroupWasFormedIsRefused() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组", formedOn: "2026-02-01")
        let a = try g.couple("0101", "张三", "李秀英")
        #expect(invalidFields {
            try g.db.addMember(groupId: group.id!, householdId: a.household.id!, joinedOn: LocalDate("2026-01-31")!)
        }?.map(\.field) == ["joinedOn"])
    }

    @Test func leavingKeepsTheHistory() throws {
        let g = try GroupFixture()
        let first = try g.group("一社第一小组")
        let second = try g.group("一社第二小组")
        let a = try g.couple("0101", "张三", "李秀英")
        try g.db.addMember(groupId: first.id!, householdId: a.household.id!, joinedOn: groupToday)
        let row = try #require(try g.db.groupMembers(groupId: first.id!).first)
        let later = LocalDate("2026-06-01")!
        #expect(invalidFields { try g.db.removeMember(membershipId: row.membershipId, leftOn: later, reason: " ") }?
            .map(\.field) == ["leftReason"])
        #expect(invalidFields {
            try g.db.removeMember(membershipId: row.membershipId, leftOn: LocalDate("2026-02-01")!, reason: "迁出")
        }?.map(\.field) == ["leftOn"])
        try g.db.removeMember(membershipId: row.membershipId, leftOn: later, reason: "全家迁往外地")
        #expect(try g.db.groupMembers(groupId: first.id!).isEmpty)
        let history = try g.db.groupMembers(groupId: first.id!, includeLeft: true)
        #expect(history.count == 1)
        #expect(history.first?.leftOn == later)
        #expect(history.first?.leftReason == "全家迁往外地")
        #expect(refusal { try g.db.removeMember(membershipId: row.membershipId, leftOn: later, reason: "again") } != nil)
        // Free to join another group, and the old row stays.
        try g.db.addMember(groupId: second.id!, householdId: a.household.id!, joinedOn: later)
        #expect(try g.db.groupMembers(groupId: second.id!).count == 1)
        #expect(try g.db.groupMembers(groupId: first.id!, includeLeft: true).count == 1)
        // A household with group history is not deleted.
        #expect(refusal { try g.db.deleteHousehold(id: a.household.id!) } != nil)
    }
}

@Suite struct ElectionTests {
    /// A group with two member households and one outsider in the same 社.
    func setUp() throws -> (GroupFixture, HonestyGroup, Person, Person, Person, Person) {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        let a = try g.couple("0101", "张三", "李秀英", associationWife: true)
        let b = try g.couple("0102", "王强", "赵敏")
        let outsider = try g.couple("0103", "周平", "吴芳")
        for h in [a.household, b.household] {
            try g.db.addMember(groupId: group.id!, householdId: h.id!, joinedOn: LocalDate("2026-02-01")!)
        }
        return (g, group, a.wife!, b.wife!, b.head, outsider.wife!)
    }

    @Test func electedMustBeAMemberACandidateAndTopOfTheVote() throws {
        let (g, group, li, zhao, _, outsider) = try setUp()
        func elect(_ candidates: [(personId: Int64, votes: Int)], _ elected: Int64) -> [String]? {
            invalidFields {
                try g.db.recordElection(groupId: group.id!, heldOn: groupToday, place: "一社村民会议", presidedBy: "王建国",
                                        candidates: candidates, electedPersonId: elected)
            }?.map(\.field)
        }
        // Not a member.
        #expect(elect([(li.id!, 3), (outsider.id!, 5)], outsider.id!)?.contains("electedPersonId") == true)
        // Not a candidate.
        #expect(elect([(li.id!, 3)], zhao.id!) == ["electedPersonId"])
        // Someone has more votes.
        #expect(elect([(li.id!, 3), (zhao.id!, 5)], li.id!) == ["electedPersonId"])
        // Negative votes.
        #expect(elect([(li.id!, -1), (zhao.id!, 0)], zhao.id!) == ["votes"])
        // Missing place and presiding person.
        #expect(Set(invalidFields {
            try g.db.recordElection(groupId: group.id!, heldOn: groupToday, place: "", presidedBy: "",
                                    candidates: [(li.id!, 3)], electedPersonId: li.id!)
        }?.map(\.field) ?? []) == ["place", "presidedBy"])
        // Before the group was formed.
        #expect(invalidFields {
            try g.db.recordElection(groupId: group.id!, heldOn: LocalDate("2026-01-01")!, place: "村委会",
                                    presidedBy: "王建国", candidates: [(li.id!, 3)], electedPersonId: li.id!)
        }?.contains { $0.field == "heldOn" } == true)
        #expect(try g.db.elections(groupId: group.id!).isEmpty)

        let id = try g.db.recordElection(groupId: group.id!, heldOn: groupToday, place: "一社村民会议",
                                         presidedBy: "王建国", candidates: [(li.id!, 5), (zhao.id!, 2)],
                                         electedPersonId: li.id!)
        let record = try #require(try g.db.elections(groupId: group.id!).first)
        #expect(record.id == id)
        #expect(record.electedName == "李秀英")
        #expect(record.electedIsAssociationMember)
        #expect(record.candidates == [CandidateVotes(personId: li.id!, name: "李秀英", votes: 5),
                                      CandidateVotes(personId: zhao.id!, name: "赵敏", votes: 2)])
        #expect(record.until == nil)
        #expect(try g.db.honestyGroups(on: groupToday).first?.leaderName == "李秀英")
    }

    @Test func leaderHistoryWithUntilDates() throws {
        let (g, group, li, zhao, wang, _) = try setUp()
        try g.db.recordElection(groupId: group.id!, heldOn: LocalDate("2026-02-10")!, place: "一社村民会议",
                                presidedBy: "王建国", candidates: [(li.id!, 6), (zhao.id!, 1)], electedPersonId: li.id!)
        try g.db.recordElection(groupId: group.id!, heldOn: LocalDate("2027-02-10")!, place: "村委会",
                                presidedBy: "王建国", candidates: [(zhao.id!, 4), (wang.id!, 4)], electedPersonId: zhao.id!)
        let history = try g.db.elections(groupId: group.id!)
        #expect(history.map(\.electedName) == ["赵敏", "李秀英"])
        #expect(history.map(\.until) == [nil, LocalDate("2027-02-10")])
        #expect(history.map(\.electedIsAssociationMember) == [false, true])
        #expect(try g.db.currentLeader(groupId: group.id!)?.name == "赵敏")
        // A leader whose household left is no longer shown as leader.
        let zhaoRow = try #require(try g.db.groupMembers(groupId: group.id!).first { $0.householdNumber == "0102" })
        try g.db.removeMember(membershipId: zhaoRow.membershipId, leftOn: LocalDate("2027-03-01")!, reason: "迁出")
        #expect(try g.db.honestyGroups(on: groupToday).first?.leaderName == nil)
        // A person in an election is not deleted.
        #expect(refusal { try g.db.deletePerson(id: li.id!) } != nil)
    }

    @Test func leaderCandidatesAreAdultsOfMemberHouseholds() throws {
        let (g, group, _, _, _, _) = try setUp()
        let a = try #require(try g.db.groupMembers(groupId: group.id!).first)
        try g.db.savePerson(Person(householdId: a.householdId, name: "张小明", sex: .male,
                                   idNumber: Fixture.id("2015-05-05", .male, 90), relation: .child))
        let names = try g.db.leaderCandidates(groupId: group.id!).map(\.name)
        #expect(names == ["张三", "李秀英", "王强", "赵敏"])
        #expect(try g.db.leaderCandidates(groupId: group.id!, on: groupToday).map(\.name) == names)
    }
}

@Suite struct PersonLeavesTests {
    @Test func aPersonLeavesAndIsKeptAsFormerMember() throws {
        let g = try GroupFixture()
        let group = try g.group("一社第一小组")
        let a = try g.couple("0101", "张三", "李秀英")
        #expect(refusal { try g.db.personLeaves(personId: a.head.id!, on: groupToday, reason: "迁出") }?
            .zh.contains("户主") == true)
        #expect(invalidFields { try g.db.personLeaves(personId: a.wife!.id!, on: groupToday, reason: "") }?
            .map(\.field) == ["leftReason"])
        try g.db.personLeaves(personId: a.wife!.id!, on: groupToday, reason: "离婚迁出")
        #expect(try g.db.members(householdId: a.household.id!).map(\.name) == ["张三"])
        let former = try g.db.formerMembers(householdId: a.household.id!)
        #expect(former.map(\.name) == ["李秀英"])
        #expect(former.first?.leftOn == groupToday)
        #expect(former.first?.leftReason == "离婚迁出")
        #expect(refusal { try g.db.personLeaves(personId: a.wife!.id!, on: groupToday, reason: "again") } != nil)
        // Counts, lists and eligibility ignore her.
        #expect(try g.db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true,
                                       offset: 0, limit: 10).first?.memberCount == 1)
        #expect(try g.db.personCount(filter: "李秀英") == 0)
        let candidate = try #require(try g.db.memberCandidates(groupId: group.id!, on: groupToday).first)
        #expect(!candidate.eligibility.isEligible)
        // Editing her record does not undo the leaving.
        var edited = former[0]
        edited.leftOn = nil
        edited.phone = "13900001111"
        try g.db.savePerson(edited)
        #expect(try g.db.person(id: a.wife!.id!)?.leftOn == groupToday)
        // She cannot be made head.
        #expect(refusal { try g.db.changeHead(householdId: a.household.id!, newHeadId: a.wife!.id!,
                                              formerHeadRelation: .spouse) } != nil)
    }

    @Test func theHeadLeavesAfterAnotherHeadIsChosen() throws {
        let g = try GroupFixture()
        let a = try g.couple("0101", "张三", "李秀英")
        try g.db.changeHead(householdId: a.household.id!, newHeadId: a.wife!.id!, formerHeadRelation: .spouse)
        try g.db.personLeaves(personId: a.head.id!, on: groupToday, reason: "死亡")
        #expect(try g.db.members(householdId: a.household.id!).map(\.name) == ["李秀英"])
        #expect(try g.db.formerMembers(householdId: a.household.id!).map(\.name) == ["张三"])
    }
}
