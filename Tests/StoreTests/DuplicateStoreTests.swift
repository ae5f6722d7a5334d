import Foundation
import GRDB
import Testing
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The fixture village with persons who may be the same person:
/// 0101 王建国 (head); 0102 章莉 (head, born 1985-11-02, with an ID number) and 张丽 (born
/// 1985-04-12, no ID number, entered a second time in 0102); 0201 王芳 and 0103 王芳, both
/// born 1990-03-01; 0103 李娜 born 1986, whose pinyin no one else shares.
private struct DuplicateFixture {
    let f: Fixture
    var db: AppDatabase { f.db }
    let wang: Person, zhangLiHead: Person, zhangLi: Person, wangFang1: Person, wangFang2: Person

    init() throws {
        f = try Fixture()
        (_, wang) = try f.household("0101", head: "王建国", n: 1)
        let (h2, head2) = try f.household("0102", head: "章莉", sex: .female, born: "1985-11-02", n: 2)
        zhangLiHead = head2
        zhangLi = try f.db.savePerson(Person(householdId: h2.id!, name: "张丽", sex: .female, birthDate: d("1985-04-12"),
                                            relation: .other))
        let (h3, _) = try f.household("0201", head: "王芳", sex: .female, born: "1990-03-01", group: f.group2, n: 3)
        _ = h3
        let (h4, _) = try f.household("0103", head: "李娜", sex: .female, born: "1986-07-07", n: 4)
        wangFang2 = try f.db.savePerson(Person(householdId: h4.id!, name: "王芳", sex: .female, birthDate: d("1990-03-01"),
                                              relation: .child))
        wangFang1 = try f.db.members(householdId: h3.id!)[0]
    }

    func pairs() throws -> [String] {
        try db.duplicatePairs(villageId: f.village.id!).map { p in
            "\(p.first.name)#\(p.first.id)/\(p.second.name)#\(p.second.id) " + p.reasons.map(\.rawValue).joined(separator: "+")
        }
    }
}

@Suite struct DuplicateStoreTests {
    @Test func theMigrationIsRegisteredByItsNameAndReplacesTheNameIndexes() throws {
        let f = try Fixture()
        try f.db.reader.read { db in
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                .contains("v10 duplicate persons: pairs marked not duplicate, merge records"))
            let indexes = Set(try db.indexes(on: "person").map(\.columns))
            #expect(indexes.isSuperset(of: [["name", "birth_date"], ["name_pinyin", "birth_date"]]))
            #expect(!indexes.contains(["name"]) && !indexes.contains(["name_pinyin"]))
            #expect(try db.tableExists("person_not_duplicate") && db.tableExists("person_merge"))
        }
    }

    @Test func aDatabaseMadeBeforeTheMigrationUpgradesAndVerifiesClean() throws {
        let path = temporaryFolder() + "/v9.sqlite"
        let q = try DatabaseQueue(path: path, configuration: AppDatabase.makeConfiguration(AccessState()))
        try AppDatabase.migrator.migrate(q, upTo: "v9 import batches and saved column mappings")
        try q.write { db in
            try Audit.installTriggersIfChanged(db)
            try db.execute(sql: """
                INSERT INTO village(id, name) VALUES (1, '星光村');
                INSERT INTO village_group(id, village_id, number, name) VALUES (1, 1, 1, '一社');
                INSERT INTO household(id, village_id, village_group_id, number) VALUES (1, 1, 1, '0101'), (2, 1, 1, '0102');
                INSERT INTO person(id, household_id, name, name_pinyin, name_initials, sex, birth_date, relation, marital_status)
                    VALUES (1, 1, '张丽', 'zhangli', 'zl', 'female', '1985-04-12', 'head', 'married'),
                           (2, 2, '章莉', 'zhangli', 'zl', 'female', '1985-11-02', 'head', 'married');
                UPDATE household SET head_person_id = id;
                """)
        }
        try q.close()
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        let report = try db.verify()
        #expect(report.isClean, "\(report.rowsOutOfStep)")
        let pairs = try db.duplicatePairs(villageId: 1)
        #expect(pairs.map { [$0.first.id, $0.second.id] } == [[1, 2]] && pairs[0].reasons == [.samePinyinAndBirthYear])
    }

    @Test func pairsAreFoundForEachReason() throws {
        let x = try DuplicateFixture()
        // 张丽/章莉 spell zhangli and were born in 1985; the two 王芳 share name and birth date.
        #expect(Pinyin.full("张丽") == "zhangli" && Pinyin.full("章莉") == "zhangli")
        #expect(try x.pairs() == [
            "章莉#\(x.zhangLiHead.id!)/张丽#\(x.zhangLi.id!) samePinyinAndBirthYear",
            "王芳#\(x.wangFang1.id!)/王芳#\(x.wangFang2.id!) sameNameAndBirthDate",
        ])
        // The same ID number (as an old record or another program may have left it) adds its reason.
        try x.db.dbWriter.write { db in
            try db.execute(sql: "UPDATE person SET id_number = ? WHERE id = ?", arguments: [x.wangFang1.idNumber, x.wangFang2.id!])
            try db.execute(sql: "UPDATE person SET id_number = ? WHERE id = ?", arguments: [x.zhangLiHead.idNumber, x.wang.id!])
        }
        #expect(try x.pairs() == [
            "王建国#\(x.wang.id!)/章莉#\(x.zhangLiHead.id!) sameIdNumber",
            "章莉#\(x.zhangLiHead.id!)/张丽#\(x.zhangLi.id!) samePinyinAndBirthYear",
            "王芳#\(x.wangFang1.id!)/王芳#\(x.wangFang2.id!) sameIdNumber+sameNameAndBirthDate",
        ])
        let all = try x.db.duplicatePairs(villageId: nil)
        #expect(all.count == 3)
        // Rows of the pair: household numbers and the full ID number for a clerk's role.
        let first = try x.db.duplicatePairs(villageId: x.f.village.id!)[0]
        #expect(first.first.householdNumber == "0101" && first.second.householdNumber == "0102")
        #expect(first.first.idNumber == x.zhangLiHead.idNumber)
    }

    @Test func neitherAnotherYearNorAnotherVillageNorAPersonWhoLeftIsADuplicate() throws {
        let f = try Fixture()
        let (h1, _) = try f.household("0101", head: "张丽", sex: .female, born: "1985-04-12", n: 1)
        // Another year.
        try f.household("0102", head: "章莉", sex: .female, born: "1986-01-02", n: 2)
        // Another village.
        let other = try f.db.saveVillage(Village(name: "月亮村"))
        let g = try f.db.saveVillageGroup(VillageGroup(villageId: other.id!, number: 1, name: "一社"))
        try f.db.createHousehold(Household(villageId: other.id!, villageGroupId: g.id!, number: "0101"),
                                 head: Person(householdId: 0, name: "张丽", sex: .female, birthDate: d("1985-04-12"), relation: .head))
        // Left the household: history, not a duplicate.
        let left = try f.db.savePerson(Person(householdId: h1.id!, name: "张丽", sex: .female, birthDate: d("1985-04-12"), relation: .child))
        #expect(try f.db.duplicatePairs(villageId: f.village.id!).count == 1)
        try f.db.personLeaves(personId: left.id!, on: d("2020-01-01"), reason: "迁出")
        #expect(try f.db.duplicatePairs(villageId: f.village.id!).isEmpty)
        #expect(try f.db.duplicatePairs(villageId: other.id!).isEmpty)
        #expect(try f.db.duplicatePairs(villageId: nil).isEmpty)
    }

    @Test func aPairMarkedNotDuplicateNeverComesBack() throws {
        let x = try DuplicateFixture()
        #expect(whyRefused { try x.db.markNotDuplicate(x.wang.id!, x.wang.id!) }?.contains("两个编号相同") == true)
        #expect(whyRefused { try x.db.markNotDuplicate(x.wang.id!, 9999) } == "没有编号为 #9999 的人员")
        try x.db.markNotDuplicate(x.zhangLi.id!, x.zhangLiHead.id!)
        try x.db.markNotDuplicate(x.zhangLiHead.id!, x.zhangLi.id!)
        #expect(try x.db.isMarkedNotDuplicate(x.zhangLiHead.id!, x.zhangLi.id!))
        #expect(try x.pairs() == ["王芳#\(x.wangFang1.id!)/王芳#\(x.wangFang2.id!) sameNameAndBirthDate"])
        // Whatever changes later (the same birth date now), the pair stays away.
        var p = x.zhangLi
        p.birthDate = d("1985-11-02")
        try x.db.savePerson(p)
        #expect(try x.pairs().count == 1)
        let marks = try x.db.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person_not_duplicate") }
        #expect(marks == 1)
        // Taken back, the pair is offered again.
        try x.db.unmarkNotDuplicate(x.zhangLi.id!, x.zhangLiHead.id!)
        #expect(try x.pairs().count == 2)
        #expect(whyRefused { try x.db.unmarkNotDuplicate(x.zhangLi.id!, x.zhangLiHead.id!) }?.contains("没有标记为不是重复") == true)
        #expect(try x.db.verify().isClean)
    }

    @Test func theImportsCheckFindsAnExistingPersonForANewRow() throws {
        let x = try DuplicateFixture()
        let v = x.f.village.id!
        func found(_ name: String, _ born: String?, _ id: String = "", excluding: Int64? = nil) throws -> [String] {
            try x.db.duplicateCandidates(name: name, birthDate: born.map(d), idNumber: id, villageId: v, excluding: excluding)
                .map { "\($0.person.name)#\($0.person.id) " + $0.reasons.map(\.rawValue).joined(separator: "+") }
        }
        // 张莉 of 1985: both zhangli of that year.
        #expect(try found("张莉", "1985-06-30") == ["章莉#\(x.zhangLiHead.id!) samePinyinAndBirthYear",
                                                  "张丽#\(x.zhangLi.id!) samePinyinAndBirthYear"])
        #expect(try found(" 张丽 ", "1985-04-12") == ["章莉#\(x.zhangLiHead.id!) samePinyinAndBirthYear",
                                                    "张丽#\(x.zhangLi.id!) sameNameAndBirthDate"])
        #expect(try found("章莉", "1985-11-02", x.zhangLiHead.idNumber.lowercased(), excluding: x.zhangLi.id!)
                == ["章莉#\(x.zhangLiHead.id!) sameIdNumber+sameNameAndBirthDate"])
        #expect(try found("章莉", nil, x.zhangLiHead.idNumber) == ["章莉#\(x.zhangLiHead.id!) sameIdNumber"])
        #expect(try found("张丽", "1984-04-12").isEmpty && found("张丽", nil).isEmpty && found("", nil).isEmpty)
        // Inside the import's own transaction.
        let inside = try x.db.dbWriter.read { db in
            try AppDatabase.duplicateCandidates(db, name: "王芳", birthDate: d("1990-03-01"), idNumber: "", villageId: v)
        }
        #expect(inside.map(\.person.id) == [x.wangFang1.id!, x.wangFang2.id!])
    }

    @Test func everyForeignKeyToAPersonIsOneTheMergeKnows() throws {
        let f = try Fixture()
        let refs = try f.db.reader.read { db in try AppDatabase.referencesToPerson(db) }.map { "\($0.0).\($0.1)" }
        // A new reference to person must be thought about here: what a merge does to it,
        // and what may refuse the merge (AppDatabase.checkMerge).
        #expect(refs.sorted() == ["election.elected_person_id", "election_candidate.person_id", "household.head_person_id",
                                  "meeting_attendee.person_id", "mentor_pairing.helper_person_id",
                                  "mentor_pairing.woman_person_id", "person_merge.kept_person_id"])
    }

    /// Merges 张丽 (0101, entered twice) into 章莉, then 章莉 (head of 0102, elected leader) into
    /// 张丽 of 0102, and undoes the second merge.
    @Test func aMergeMovesEveryReferenceAndKeepsTheMergedRowAndCanBeUndone() throws {
        let x = try DuplicateFixture()
        let db = x.db
        let (h1, h2) = (x.wang.householdId, x.zhangLiHead.householdId)
        let extra = try db.savePerson(Person(householdId: h1, name: "张丽", sex: .female, birthDate: d("1985-04-12"), relation: .other))
        let group = try db.saveHonestyGroup(HonestyGroup(villageId: x.f.village.id!, villageGroupId: x.f.group1.id!,
                                                         name: "一社第一小组", formedOn: d("2026-01-10")))
        for h in [h1, h2] { try db.addMember(groupId: group.id!, householdId: h, joinedOn: d("2026-01-10"), ineligibleReason: "自愿参加") }
        let election = try db.recordElection(groupId: group.id!, heldOn: d("2026-02-15"), place: "一社村民会议", presidedBy: "王建国",
                                             candidates: [(x.zhangLiHead.id!, 9), (x.wang.id!, 3)], electedPersonId: x.zhangLiHead.id!)
        let columns = try db.reader.read { try Audit.columns($0, "person") }
        func row(_ id: Int64) throws -> String? {
            try db.reader.read { try String.fetchOne($0, sql: "SELECT \(Audit.fullJSON(columns, prefix: "")) FROM person WHERE id = ?", arguments: [id]) }
        }
        let headRowBefore = try row(x.zhangLiHead.id!), keptRowBefore = try row(x.zhangLi.id!)

        // 1. The 张丽 of 0101 into 章莉: nothing refers to her.
        let first = try db.mergePerson(extra.id!, into: x.zhangLiHead.id!, on: d("2026-11-25"))
        #expect(first.movedReferences == 0 && first.keptChanges.isEmpty && first.mergedHouseholdNumber == "0101")

        // 2. 章莉 into the 张丽 of 0102: the head, the election and the first merge record move.
        let second = try db.mergePerson(x.zhangLiHead.id!, into: x.zhangLi.id!, on: d("2026-11-25"))
        #expect(second.movedReferences == 4, "head, elected, candidate, merge record")
        #expect(second.keptChanges == ["relation", "idNumber"] && second.mergedName == "章莉" && second.keptName == "张丽")
        #expect(try db.person(id: x.zhangLiHead.id!) == nil)
        let kept = try #require(try db.person(id: x.zhangLi.id!))
        #expect(kept.relation == .head && kept.idNumber == x.zhangLiHead.idNumber && kept.birthDate == d("1985-04-12"))
        #expect(try db.household(id: h2)?.headPersonId == x.zhangLi.id!)
        let record = try #require(try db.elections(groupId: group.id!).first)
        #expect(record.id == election && record.electedPersonId == x.zhangLi.id! && record.electedName == "张丽")
        #expect(record.candidates.map(\.personId).contains(x.zhangLi.id!) && record.candidates.first { $0.personId == x.zhangLi.id! }?.votes == 9)
        #expect(try db.personMerges().map(\.keptPersonId) == [x.zhangLi.id!, x.zhangLi.id!])
        #expect(try db.members(householdId: h2).map(\.name) == ["张丽"])
        // The merged row, ID number and all, is in the merge record; the log's text never shows the number.
        let stored = try db.reader.read { try String.fetchOne($0, sql: "SELECT merged_image FROM person_merge WHERE id = ?", arguments: [second.id]) }
        #expect(stored == headRowBefore && stored?.contains(x.zhangLiHead.idNumber) == true)
        let clear = try db.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE instr(IFNULL(before, '') || IFNULL(after, ''), ?) > 0",
                             arguments: [x.zhangLiHead.idNumber])
        }
        #expect(clear == 0)
        let mergeEntry = try #require(try db.auditEntries(table: "person_merge", rowId: second.id).first)
        #expect(mergeEntry.after?.contains("merged_image") == false && mergeEntry.after?.contains("章莉") == true)
        let report = try db.verify()
        #expect(report.isClean, "\(report.rowsOutOfStep)")
        // The pair is gone from the list.
        #expect(try x.pairs() == ["王芳#\(x.wangFang1.id!)/王芳#\(x.wangFang2.id!) sameNameAndBirthDate"])

        // The first merge waits for the second to be undone.
        #expect(whyRefused { try db.undoMerge(first.id, on: d("2026-11-26")) }?.contains("请先撤销那次合并") == true)
        try db.undoMerge(second.id, on: d("2026-11-26"))
        #expect(try row(x.zhangLiHead.id!) == headRowBefore && row(x.zhangLi.id!) == keptRowBefore)
        #expect(try db.household(id: h2)?.headPersonId == x.zhangLiHead.id!)
        #expect(try db.elections(groupId: group.id!).first?.electedPersonId == x.zhangLiHead.id!)
        #expect(try db.personMerges().first { $0.id == second.id }?.undoneOn == d("2026-11-26"))
        #expect(whyRefused { try db.undoMerge(second.id, on: d("2026-11-26")) }?.contains("已于 2026-11-26 撤销") == true)
        try db.undoMerge(first.id, on: d("2026-11-26"))
        #expect(try db.person(id: extra.id!)?.householdId == h1)
        let reportAfter = try db.verify()
        #expect(reportAfter.isClean, "\(reportAfter.rowsOutOfStep)")
    }

    @Test func anUndoIsRefusedOnceALaterChangeTouchedWhatItWouldPutBack() throws {
        let x = try DuplicateFixture()
        let db = x.db
        let m = try db.mergePerson(x.zhangLiHead.id!, into: x.zhangLi.id!, on: d("2026-11-25"))
        var kept = try #require(try db.person(id: x.zhangLi.id!))
        kept.idNumber = Fixture.id("1985-04-12", .female, 9)
        try db.savePerson(kept)
        let why = whyRefused { try db.undoMerge(m.id, on: d("2026-11-26")) }
        #expect(why == "无法撤销第 \(m.id) 号合并：保留的人员 #\(x.zhangLi.id!) 的身份证号在合并后又有改动", "\(why ?? "")")
        #expect(try db.person(id: x.zhangLiHead.id!) == nil)
    }

    @Test func aKeptPersonIsNotDeletedWhileAMergeRecordNamesThem() throws {
        let x = try DuplicateFixture()
        let m = try x.db.mergePerson(x.wangFang2.id!, into: x.zhangLi.id!, on: d("2026-11-25"))
        #expect(whyRefused { try x.db.deletePerson(id: x.zhangLi.id!) }
                == "另一条人员记录已并入张丽（合并记录 \(m.id)），不能删除；如已离开本户，请办理离户")
        // The kept person's empty ID number stays empty when the merged one had none.
        #expect(m.keptChanges.isEmpty && m.mergedHouseholdNumber == "0103")
    }

    @Test func aMergeThatWouldBreakARuleIsRefused() throws {
        let x = try DuplicateFixture()
        let db = x.db
        let today = d("2026-11-25")
        // Two heads of different households.
        #expect(whyRefused { try db.mergePerson(x.wangFang1.id!, into: x.wang.id!, on: today) }
                == "王建国（#\(x.wang.id!)）是户 0101 的户主，王芳（#\(x.wangFang1.id!)）是户 0201 的户主：两户的户主不能合并；请先更换其中一户的户主")
        // A head into someone outside the household.
        #expect(whyRefused { try db.mergePerson(x.wangFang1.id!, into: x.wangFang2.id!, on: today) }
                == "王芳（#\(x.wangFang1.id!)）是户 0201 的户主，王芳（#\(x.wangFang2.id!)）不在该户：请先在户 0201 更换户主，或保留王芳（#\(x.wangFang1.id!)）、把王芳（#\(x.wangFang2.id!)）并入")
        #expect(whyRefused { try db.mergePerson(x.wang.id!, into: x.wang.id!, on: today) } == "不能把人员并入自己（#\(x.wang.id!)）")
        #expect(whyRefused { try db.mergePerson(9999, into: x.wang.id!, on: today) } == "没有编号为 #9999 的人员")
        // Marked as two people.
        try db.markNotDuplicate(x.zhangLi.id!, x.zhangLiHead.id!)
        #expect(whyRefused { try db.mergePerson(x.zhangLiHead.id!, into: x.zhangLi.id!, on: today) }?.contains("不是同一人") == true)
        try db.unmarkNotDuplicate(x.zhangLi.id!, x.zhangLiHead.id!)
        // Both candidates in one election.
        let group = try db.saveHonestyGroup(HonestyGroup(villageId: x.f.village.id!, villageGroupId: x.f.group1.id!,
                                                         name: "一社第一小组", formedOn: d("2026-01-10")))
        try db.addMember(groupId: group.id!, householdId: x.zhangLi.householdId, joinedOn: d("2026-01-10"), ineligibleReason: "自愿参加")
        try db.recordElection(groupId: group.id!, heldOn: d("2026-02-15"), place: "一社村民会议", presidedBy: "王建国",
                              candidates: [(x.zhangLiHead.id!, 9), (x.zhangLi.id!, 3)], electedPersonId: x.zhangLiHead.id!)
        #expect(whyRefused { try db.mergePerson(x.zhangLiHead.id!, into: x.zhangLi.id!, on: today) }
                == "张丽（#\(x.zhangLi.id!)）和章莉（#\(x.zhangLiHead.id!)）都是一社第一小组 2026-02-15 组长选举的候选人，合并会把两人的得票并成一人；请先核对选举记录")
        // A person who left is history.
        try db.personLeaves(personId: x.wangFang2.id!, on: d("2025-01-01"), reason: "迁出")
        #expect(whyRefused { try db.mergePerson(x.wangFang2.id!, into: x.wangFang1.id!, on: today) }?.contains("已于 2025-01-01 离户") == true)
        // Nothing was changed by the refusals.
        #expect(try db.personMerges().isEmpty)
        #expect(try db.verify().isClean)
    }

    @Test func rolesSeeMaskedNumbersAndOnlyClerksMerge() throws {
        let x = try DuplicateFixture()
        let db = x.db
        try db.dbWriter.write { db in
            try db.execute(sql: "UPDATE person SET id_number = ? WHERE id = ?", arguments: [x.wangFang1.idNumber, x.wangFang2.id!])
        }
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let pair = try #require(try db.duplicatePairs(villageId: x.f.village.id!).last)
        #expect(pair.first.idNumber == Mask.idNumber(x.wangFang1.idNumber))
        #expect(whyRefused { try db.mergePerson(x.zhangLiHead.id!, into: x.zhangLi.id!, on: d("2026-11-25")) } == "您的账户无权进行此操作")
        #expect(whyRefused { try db.markNotDuplicate(x.zhangLiHead.id!, x.zhangLi.id!) } == "您的账户无权进行此操作")
    }
}
