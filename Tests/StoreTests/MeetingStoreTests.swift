import Foundation
import GRDB
import Testing
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The register of meetings on the store: saved by the rules, attendees checked against the
/// roster, a delete undone or refused once an election names the meeting, the group's
/// meetings found for its volume, the year's counts, and the 帮带 pairs.
@Suite struct MeetingStoreTests {
    let today = d("2026-11-25")

    @Test func theMigrationIsRegisteredByItsNameAndAnOlderDatabaseUpgradesClean() throws {
        let f = try Fixture()
        try f.db.reader.read { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").contains("v13 meetings and field work"))
            #expect(try db.tableExists("meeting") && db.tableExists("meeting_attendee") && db.tableExists("mentor_pairing"))
            for table in ["election", "agreement_template", "rule_document"] {
                #expect(try db.columns(in: table).map(\.name).contains("meeting_id"), "\(table) links to its meeting")
            }
        }
        let path = temporaryFolder() + "/v11.sqlite"
        let q = try DatabaseQueue(path: path, configuration: AppDatabase.makeConfiguration(AccessState()))
        try AppDatabase.migrator.migrate(q, upTo: "v11 rectification of broken pledges, conditional benefits")
        try q.write { db in
            try Audit.installTriggersIfChanged(db)
            try db.execute(sql: """
                INSERT INTO village(id, name) VALUES (1, '星光村');
                INSERT INTO village_group(id, village_id, number, name) VALUES (1, 1, 1, '一社');
                INSERT INTO rule_document(kind, title, adopted_on, adopted_by) VALUES ('villageRules', '村规民约', '2025-01-01', '村民代表大会');
                """)
        }
        try q.close()
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        let report = try db.verify()
        #expect(report.isClean, "\(report)")
        #expect(try db.ruleDocuments().first?.adoptedBy == "村民代表大会", "the old free text stays readable")
        try db.saveMeeting(Meeting(kind: .publicity, heldOn: d("2026-03-08"), place: "广场", ledBy: "王芳", topic: "宣传"), on: today)
        #expect(try db.verify().isClean, "the new tables are in the audit chain")
    }

    @Test func aMeetingIsSavedByTheRulesAndItsGroupGivesItsShe() throws {
        let f = try Fixture()
        let group = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group1.id!, name: "一社第一小组",
                                                           formedOn: d("2026-01-10")))
        var m = Meeting(kind: .memberMeeting, heldOn: d("2026-05-12"), place: "一社会议室", ledBy: " 李明 ", topic: "通报检查",
                        honestyGroupId: group.id)
        let saved = try f.db.saveMeeting(m, on: today)
        #expect(saved.villageGroupId == f.group1.id && saved.ledBy == "李明")
        m.heldOn = d("2026-11-26")
        #expect(throws: StoreError.self) { try f.db.saveMeeting(m, on: today) }
        // A group of 一社 in a meeting of 二社: refused, nothing stored.
        m.heldOn = d("2026-05-12")
        m.villageGroupId = f.group2.id
        do {
            try f.db.saveMeeting(m, on: today)
            Issue.record("a group outside the 社 was taken")
        } catch StoreError.invalid(let errors) {
            #expect(errors.map(\.field) == ["honestyGroupId"])
        }
        #expect(try f.db.meetings().count == 1)
    }

    @Test func attendeesAreOnTheRosterAndHadNotLeft() throws {
        let f = try Fixture()
        let (h, head) = try f.household("0101", head: "张三")
        let child = try f.db.savePerson(Person(householdId: h.id!, name: "张小红", sex: .female, birthDate: d("2000-01-01"), relation: .child))
        let (other, _) = try f.household("0201", head: "李四", group: f.group2, n: 1)
        try f.db.personLeaves(personId: child.id!, on: d("2026-04-01"), reason: "迁出")
        let m = try f.db.saveMeeting(Meeting(kind: .villagerMeeting, heldOn: d("2026-05-01"), place: "村委会", ledBy: "李明",
                                             topic: "修订村规民约"), on: today)
        try f.db.addAttendee(meetingId: m.id!, householdId: h.id!)
        try f.db.addAttendee(meetingId: m.id!, householdId: h.id!, personId: head.id!)
        #expect(throws: StoreError.self, "left before the meeting") {
            try f.db.addAttendee(meetingId: m.id!, householdId: h.id!, personId: child.id!)
        }
        #expect(throws: StoreError.self, "not of that household") {
            try f.db.addAttendee(meetingId: m.id!, householdId: other.id!, personId: head.id!)
        }
        #expect(throws: StoreError.self, "once") { try f.db.addAttendee(meetingId: m.id!, householdId: h.id!) }
        let row = try #require(try f.db.meeting(id: m.id!))
        #expect(row.households == 1 && row.persons == 1)
        #expect(try f.db.attendees(meetingId: m.id!).map(\.personName) == ["", "张三"])
        // The picker lists the households with the persons who were members on the day.
        let lines = try f.db.attendeeCandidates(meetingId: m.id!)
        #expect(lines.map(\.name) == ["张三", "张三", "李四", "李四"] && lines.filter(\.attends).count == 2)
        // Moving the meeting to before the child left would be fine; the head never left.
        try f.db.removeAttendee(meetingId: m.id!, householdId: h.id!, personId: head.id!)
        #expect(try f.db.meeting(id: m.id!)?.persons == 0)
        #expect(try f.db.verify().isClean)
    }

    @Test func aDeleteIsUndoneAndRefusedOnceAnElectionNamesTheMeeting() throws {
        let f = try Fixture()
        let m = try f.db.saveMeeting(Meeting(kind: .publicity, heldOn: d("2026-03-08"), place: "广场", ledBy: "王芳", topic: "三八宣传"),
                                     on: today)
        try f.db.deleteMeeting(id: m.id!, on: today)
        #expect(try f.db.meetings().isEmpty && f.db.meetings(deleted: true).count == 1)
        #expect(try f.db.meetingYear(on: today).count(.publicity) == 0, "a deleted meeting is not counted")
        #expect(throws: StoreError.self) { try f.db.addAttendee(meetingId: m.id!, householdId: 1) }
        try f.db.restoreMeeting(id: m.id!)
        #expect(try f.db.meetings().count == 1 && f.db.meetingYear(on: today).count(.publicity) == 1)
        try f.db.dbWriter.write { db in
            try db.execute(sql: """
                INSERT INTO rule_document(kind, title, adopted_on, adopted_by, meeting_id) VALUES ('villageRules', '村规民约', '2026-03-08', '村民会议', ?)
                """, arguments: [m.id])
        }
        do {
            try f.db.deleteMeeting(id: m.id!, on: today)
            Issue.record("a meeting a rule document names was deleted")
        } catch StoreError.refused(let why) {
            #expect(why.zh.contains("制度文件"))
        }
        #expect(try f.db.verify().isClean)
    }

    @Test func aGroupsMeetingsAreThoseNamingItItsSheAndThoseItsMembersAttended() throws {
        let f = try Fixture()
        let (h1, _) = try f.household("0101", head: "张三")
        let (h2, _) = try f.household("0102", head: "王五", n: 1)
        let group = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group1.id!, name: "一社第一小组",
                                                           formedOn: d("2026-01-10")))
        try f.db.addMember(groupId: group.id!, householdId: h1.id!, joinedOn: d("2026-01-10"), ineligibleReason: "自愿")
        func meeting(_ kind: MeetingKind, _ day: String, _ topic: String, she: VillageGroup? = nil, group g: HonestyGroup? = nil) throws -> Meeting {
            try f.db.saveMeeting(Meeting(kind: kind, heldOn: d(day), place: "村委会", ledBy: "李明", topic: topic,
                                         villageGroupId: she?.id, honestyGroupId: g?.id), on: today)
        }
        _ = try meeting(.memberMeeting, "2026-06-01", "一社社员会议", she: f.group1)
        _ = try meeting(.memberMeeting, "2026-06-02", "二社社员会议", she: f.group2)
        _ = try meeting(.training, "2026-03-01", "小组培训", group: group)
        let visit = try meeting(.homeVisit, "2026-04-01", "走访0101")
        try f.db.addAttendee(meetingId: visit.id!, householdId: h1.id!)
        let before = try meeting(.homeVisit, "2026-01-05", "入组前走访")
        try f.db.addAttendee(meetingId: before.id!, householdId: h1.id!)
        let otherVisit = try meeting(.homeVisit, "2026-04-02", "走访0102")
        try f.db.addAttendee(meetingId: otherVisit.id!, householdId: h2.id!)
        #expect(try f.db.meetings(concerningGroup: group.id!).map(\.meeting.topic) == ["小组培训", "走访0101", "一社社员会议"])
    }

    @Test func theYearCountsPublicityAgainstItsTargetAndThePairsInForce() throws {
        let f = try Fixture()
        for (day, kind) in [("2025-12-01", MeetingKind.publicity), ("2026-02-01", .publicity), ("2026-06-01", .publicity), ("2026-07-01", .homeVisit)] {
            try f.db.saveMeeting(Meeting(kind: kind, heldOn: d(day), place: "村", ledBy: "王芳", topic: "宣传"), on: today)
        }
        var y = try f.db.meetingYear(on: today)
        #expect(y.count(.publicity) == 2 && y.count(.homeVisit) == 1 && y.publicityTarget == 4 && y.publicityExpected == 3 && y.behind)
        try f.db.setSetting("target.publicity", "2")
        y = try f.db.meetingYear(on: today)
        #expect(y.publicityTarget == 2 && !y.behind)
        #expect(try f.db.dashboard(on: today).meetings == y)
    }

    @Test func pairsAreCheckedAndListedOnThePerson() throws {
        let f = try Fixture()
        let (h, helper) = try f.household("0101", head: "王芳", sex: .female, born: "1975-03-01")
        var member = helper
        member.isAssociationMember = true
        try f.db.savePerson(member)
        var women: [Person] = []
        for i in 0..<4 {
            let (_, w) = try f.household("01\(10 + i)", head: "妇女" + ["甲", "乙", "丙", "丁"][i], sex: .female, born: "1990-0\(i + 1)-01", n: i + 1)
            women.append(w)
        }
        for w in women.prefix(3) {
            try f.db.savePairing(MentorPairing(helperId: helper.id!, womanId: w.id!, startedOn: d("2026-02-01")), on: today)
        }
        #expect(throws: StoreError.self, "a fourth woman") {
            try f.db.savePairing(MentorPairing(helperId: helper.id!, womanId: women[3].id!, startedOn: d("2026-02-01")), on: today)
        }
        let first = try #require(try f.db.pairings(personId: women[0].id!).first)
        try f.db.endPairing(id: first.pairing.id!, on: d("2026-06-30"), today: today)
        try f.db.savePairing(MentorPairing(helperId: helper.id!, womanId: women[3].id!, startedOn: d("2026-07-01")), on: today)
        #expect(try f.db.pairings(personId: helper.id!).count == 4 && f.db.meetingYear(on: today).activePairings == 3)
        #expect(try f.db.pairings(personId: women[0].id!).map(\.helperName) == ["王芳"])
        _ = h
        #expect(try f.db.verify().isClean)
    }

    @Test func anElectionATemplateAndARuleDocumentLinkToTheirMeeting() throws {
        let f = try Fixture()
        let (h, head) = try f.household("0101", head: "张三")
        let group = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group1.id!, name: "一社第一小组",
                                                           formedOn: d("2026-01-10")))
        try f.db.addMember(groupId: group.id!, householdId: h.id!, joinedOn: d("2026-01-10"), ineligibleReason: "自愿")
        let meeting = try f.db.saveMeeting(Meeting(kind: .memberMeeting, heldOn: d("2026-02-15"), place: "一社会议室", ledBy: "李明",
                                                   topic: "选举组长、通过村规民约", villageGroupId: f.group1.id), on: today)
        let publicity = try f.db.saveMeeting(Meeting(kind: .publicity, heldOn: d("2026-02-15"), place: "广场", ledBy: "王芳",
                                                     topic: "宣传"), on: today)
        #expect(try f.db.decidingMeetings().map(\.id) == [meeting.id])
        // The election takes the meeting's place and chair; another day or a publicity day is refused.
        let id = try f.db.recordElection(groupId: group.id!, heldOn: d("2026-02-15"), place: "", presidedBy: "",
                                         candidates: [(head.id!, 5)], electedPersonId: head.id!, meetingId: meeting.id)
        let election = try #require(try f.db.reader.read { try Election.fetchOne($0, key: id) })
        #expect(election.meetingId == meeting.id && election.place == "一社会议室" && election.presidedBy == "李明")
        for (day, m) in [("2026-02-16", meeting), ("2026-02-15", publicity)] {
            do {
                try f.db.recordElection(groupId: group.id!, heldOn: d(day), place: "", presidedBy: "", candidates: [(head.id!, 5)],
                                        electedPersonId: head.id!, meetingId: m.id)
                Issue.record("an election on \(day) at \(m.kind) was taken")
            } catch StoreError.invalid(let errors) {
                #expect(errors.map(\.field) == ["meetingId"])
            }
        }
        // A rule document adopted at the meeting: its text names the meeting's kind.
        let doc = try f.db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "村规民约", adoptedOn: d("2026-02-15"),
                                                         adoptedBy: "", meetingId: meeting.id), on: today)
        #expect(doc.adoptedBy == "社员会议" && doc.meetingId == meeting.id)
        #expect(throws: StoreError.self) {
            try f.db.saveRuleDocument(RuleDocument(kind: .charter, title: "自治章程", adoptedOn: d("2026-02-14"), adoptedBy: "",
                                                   meetingId: meeting.id), on: today)
        }
        // A template's version adopted at the meeting.
        try f.db.installDefaultTemplate(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/agreement_template.txt"))
        let template = try #require(try f.db.agreementTemplates().first)
        try f.db.adoptTemplate(id: template.id!, meetingId: meeting.id!)
        let adopted = try #require(try f.db.agreementTemplates().first)
        #expect(adopted.meetingId == meeting.id && adopted.adoptedOn == d("2026-02-15") && adopted.adoptedBy == "社员会议")
        #expect(adopted.body == template.body && adopted.version == template.version)
        // Named by them, the meeting is kept.
        #expect(throws: StoreError.self) { try f.db.deleteMeeting(id: meeting.id!, on: today) }
        #expect(try f.db.verify().isClean)
    }

    @Test func aGroupLeaderReadsTheGroupsMeetingsWithItsOwnHouseholdsOnly() throws {
        let f = try Fixture()
        let (h1, _) = try f.household("0101", head: "张三")
        let (h2, _) = try f.household("0102", head: "王五", n: 1)
        let group = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group1.id!, name: "一社第一小组",
                                                           formedOn: d("2026-01-10")))
        try f.db.addMember(groupId: group.id!, householdId: h1.id!, joinedOn: d("2026-01-10"), ineligibleReason: "自愿")
        let m = try f.db.saveMeeting(Meeting(kind: .publicity, heldOn: d("2026-03-08"), place: "广场", ledBy: "王芳", topic: "宣传"),
                                     on: today)
        try f.db.addAttendee(meetingId: m.id!, householdId: h1.id!)
        try f.db.addAttendee(meetingId: m.id!, householdId: h2.id!)
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "zu", displayName: "", role: .groupLeader, groupId: group.id!, password: "lead2026")
        f.db.signOut()
        try f.db.signIn(username: "zu", password: "lead2026")
        #expect(try f.db.meetings(concerningGroup: group.id!).map(\.meeting.topic) == ["宣传"])
        #expect(try f.db.attendees(meetingId: m.id!, groupId: group.id!).map(\.householdNumber) == ["0101"])
        #expect(throws: StoreError.self, "the whole attendance is village-wide") { try f.db.attendees(meetingId: m.id!) }
        #expect(throws: StoreError.self) { try f.db.meetings() }
        #expect(throws: StoreError.self) {
            try f.db.saveMeeting(Meeting(kind: .publicity, heldOn: d("2026-03-09"), place: "广场", ledBy: "组长", topic: "宣传"), on: today)
        }
    }
}
