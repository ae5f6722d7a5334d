import Foundation
import Testing
import GRDB
import Domain
@testable import Store

struct NameSearchIndexTests {
    @Test func findsNamesContainingTheTextAnywhereAndFollowsRenames() throws {
        let f = try Fixture()
        let (_, head) = try f.household("0001", head: "欧阳明")
        try f.household("0002", head: "王阳", n: 1)
        #expect(try f.db.personRows(filter: "阳", offset: 0, limit: 10).map(\.name) == ["欧阳明", "王阳"])
        #expect(try f.db.personCount(filter: "阳明") == 1)
        #expect(try f.db.personRows(filter: "oym", offset: 0, limit: 10).map(\.name) == ["欧阳明"])
        #expect(try f.db.personRows(filter: "ouyang", offset: 0, limit: 10).map(\.name) == ["欧阳明"])
        var renamed = head
        renamed.name = "欧阳亮"
        try f.db.savePerson(renamed)
        #expect(try f.db.personCount(filter: "明") == 0)
        #expect(try f.db.personRows(filter: "亮", offset: 0, limit: 10).map(\.name) == ["欧阳亮"])
        // By household number and by the start of an ID number.
        #expect(try f.db.personCount(filter: "0002") == 1)
        #expect(try f.db.personCount(filter: String(head.idNumber.prefix(8))) == 2)
        // The index is derived data: not audited, and verify stays clean.
        #expect(try f.db.verify().isClean)
    }

    func indexRows(_ f: Fixture, _ personId: Int64) throws -> [String] {
        try f.db.reader.read { db in
            try String.fetchAll(db, sql: "SELECT ch FROM person_name_char WHERE person_id = ? ORDER BY ch", arguments: [personId])
        }
    }

    @Test func holdsEachCharacterAndEachPairWrittenByTheFormTheImportAndARename() throws {
        let f = try Fixture()
        let (_, head) = try f.household("0001", head: "王秀英")
        #expect(try indexRows(f, head.id!) == ["王", "王秀", "秀", "秀英", "英"].sorted())
        var renamed = head
        renamed.name = "Li 明"
        try f.db.savePerson(renamed)
        #expect(try indexRows(f, head.id!) == [" ", " 明", "i", "i ", "l", "li", "明"].sorted())
        try f.db.importHouseholds(csv: Data((HouseholdImportTests.header + HouseholdImportTests.line(7, name: "欧阳明")).utf8),
                                  on: LocalDate("2026-11-25")!)
        let imported = try #require(try f.db.personRows(filter: "欧阳明", offset: 0, limit: 1).first)
        #expect(try indexRows(f, imported.id) == ["欧", "欧阳", "阳", "阳明", "明"].sorted())
        // A person deleted takes their rows along (found by the old name's own rows).
        let (household, _) = try f.household("0003", head: "李四", n: 3)
        let child = try f.db.savePerson(Person(householdId: household.id!, name: "李小龙", sex: .male, relation: .child))
        #expect(try indexRows(f, child.id!).count == 5)
        try f.db.deletePerson(id: child.id!)
        #expect(try indexRows(f, child.id!).isEmpty)
        // Two typed characters side by side, not just both somewhere in the name.
        try f.household("0002", head: "秀王", n: 2)
        #expect(try f.db.personRows(filter: "王秀", offset: 0, limit: 10).map(\.name).isEmpty)
        #expect(try f.db.personRows(filter: "秀王", offset: 0, limit: 10).map(\.name) == ["秀王"])
    }
}

struct HouseholdImportTests {
    static let header = "户号,社,地址,户主姓名,性别,身份证号,电话\n"

    static func line(_ n: Int, she: String = "一社", name: String = "张三", sex: String = "男", id: String? = nil,
                     phone: String = "13800000000") -> String {
        let idNumber = id ?? Fixture.id("1980-01-01", sex == "女" ? .female : .male, n)
        return "I\(n),\(she),示范路\(n)号,\(name),\(sex),\(idNumber),\(phone)\n"
    }

    @Test func aGoodFileGoesInWholeAndVerifies() throws {
        let f = try Fixture()
        var csv = Self.header
        for n in 1...30 { csv += Self.line(n, she: n % 2 == 0 ? "2" : "一社", name: n == 7 ? "欧阳明" : "张三", sex: n % 3 == 0 ? "女" : "男") }
        csv += "\"I31\",一社,\"示范路,31号\",李四,男,,\n"
        let report = try f.db.importHouseholds(csv: Data(csv.utf8), on: LocalDate("2026-11-25")!)
        #expect(report.households == 31)
        #expect(try f.db.counts().households == 31)
        #expect(try f.db.counts().persons == 31)
        #expect(try f.db.householdCount(filter: "", villageGroupId: f.group2.id) == 15)
        let rows = try f.db.householdRows(filter: "示范路,31号", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 5)
        #expect(rows.map(\.headName) == ["李四"])
        #expect(try f.db.personRows(filter: "oym", offset: 0, limit: 5).map(\.name) == ["欧阳明"])
        let household = try #require(try f.db.household(id: rows[0].id))
        #expect(try f.db.members(householdId: household.id!).map(\.relation) == [.head])
        #expect(try f.db.verify().isClean)
        // Written again by the ordinary path afterwards, still audited.
        try f.household("0099", head: "王五", n: 99)
        #expect(try f.db.verify().isClean)
    }

    @Test func aFileWithBadLinesIsRefusedWholeListingTheLines() throws {
        let f = try Fixture()
        try f.household("I4", head: "已在村", n: 40)
        let entriesBefore = try f.db.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log")! }
        let goodId = Fixture.id("1980-01-01", .male, 3)
        let badId = String(goodId.dropLast()) + (goodId.hasSuffix("0") ? "1" : "0")
        var csv = Self.header
        csv += Self.line(1)
        csv += Self.line(2, she: "九社")            // line 3: no such 社
        csv += Self.line(3, id: badId)              // line 4: check digit
        csv += Self.line(4)                          // line 5: number taken in the village
        csv += Self.line(5, sex: "未知")             // line 6: sex
        csv += Self.line(1).replacingOccurrences(of: "I1,", with: "I6,")  // line 7: ID repeats line 2
        csv += Self.line(7, name: "")                // line 8: no name
        csv += Self.line(8, phone: "12345")          // line 9: phone
        do {
            try f.db.importHouseholds(csv: Data(csv.utf8), on: LocalDate("2026-11-25")!)
            Issue.record("the import should have been refused")
        } catch let rejected as ImportRejected {
            #expect(Set(rejected.problems.map(\.line)) == [3, 4, 5, 6, 7, 8, 9])
            let texts = rejected.problems.map(\.message.zh)
            #expect(texts.contains { $0.contains("九社") })
            #expect(texts.contains { $0.contains("第 2 行") })
            #expect(texts.contains { $0.contains("本村已有") })
        }
        #expect(try f.db.counts().households == 1)
        #expect(try f.db.counts().persons == 1)
        #expect(try f.db.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log")! } == entriesBefore)
    }

    @Test func aFileWithoutTheColumnsIsRefused() throws {
        let f = try Fixture()
        #expect(throws: ImportRejected.self) {
            try f.db.importHouseholds(csv: Data("户号,姓名\nI1,张三\n".utf8), on: LocalDate("2026-11-25")!)
        }
    }

    @Test func importNeedsAClerkOrAdministratorOnceThereAreUsers() throws {
        let f = try Fixture()
        _ = try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        try f.db.addUser(username: "li", displayName: "", role: .clerk, password: "clerk2026")
        let csv = Data((Self.header + Self.line(1)).utf8)
        f.db.signOut()
        #expect(throws: StoreError.self) { try f.db.importHouseholds(csv: csv, on: LocalDate("2026-11-25")!) }
        try f.db.signIn(username: "town", password: "town2026")
        #expect(throws: StoreError.self) { try f.db.importHouseholds(csv: csv, on: LocalDate("2026-11-25")!) }
        try f.db.signIn(username: "li", password: "clerk2026")
        #expect(try f.db.importHouseholds(csv: csv, on: LocalDate("2026-11-25")!).households == 1)
        try f.db.signIn(username: "admin", password: "admin2026")
        #expect(try f.db.verify().isClean)
        #expect(try f.db.auditEntries(table: "household").first?.username == "li")
    }
}

/// An import is one audit entry whose manifests hold the hash of every row it wrote.
struct ImportAuditTests {
    static func roster(_ range: ClosedRange<Int>) -> String {
        var csv = HouseholdImportTests.header
        for n in range {
            // ID sequences repeat every 500 numbers: the birth year keeps them apart.
            let id = Fixture.id("\(1950 + n / 500)-01-01", .male, n % 500)
            csv += HouseholdImportTests.line(n, she: n % 2 == 0 ? "2" : "一社", name: n % 5 == 0 ? "欧阳明" : "张三", id: id)
        }
        return csv
    }

    func entries(_ f: Fixture) throws -> Int {
        try f.db.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log")! }
    }

    @Test func anImportIsOneEntryNamingTheFileAndItsHash() throws {
        let f = try Fixture()
        let before = try entries(f)
        let csv = Self.roster(1...5_000)
        let report = try f.db.importHouseholds(csv: Data(csv.utf8), source: "花名册.csv", on: LocalDate("2026-11-25")!)
        #expect(report.households == 5_000)
        #expect(try entries(f) == before + 1)
        let entry = try #require(try f.db.auditEntries(limit: 1).first)
        #expect(entry.action == "import")
        let note = try JSONSerialization.jsonObject(with: Data((entry.after ?? "").utf8)) as? [String: Any]
        #expect(note?["file"] as? String == "花名册.csv")
        #expect(note?["sha256"] as? String == Audit.sha256(csv))
        #expect(note?["households"] as? Int == 5_000)
        #expect(note?["first_number"] as? String == "I1" && note?["last_number"] as? String == "I5000")
        // 5,000 rows in each table: manifests of 4,096 and 904.
        let manifests = try f.db.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT table_name, row_count, length(row_hashes) AS n FROM audit_bulk ORDER BY id")
        }
        #expect(manifests.map { $0["table_name"] as String }.sorted() == ["household", "household", "person", "person"])
        #expect(manifests.map { $0["row_count"] as Int }.reduce(0, +) == 10_000)
        #expect(manifests.allSatisfy { ($0["n"] as Int) == ($0["row_count"] as Int) * 32 })
        // A household's history starts with the import.
        let household = try #require(try f.db.householdRows(filter: "I4321", villageGroupId: nil, sort: .number, ascending: true,
                                                            offset: 0, limit: 1).first)
        #expect(try f.db.auditEntries(table: "household", rowId: household.id).map(\.action) == ["import"])
        #expect(try f.db.verify().isClean)
        // Later changes are audited row by row on top of it.
        var h = try #require(try f.db.household(id: household.id))
        h.address = "新地址1号"
        try f.db.updateHousehold(h)
        #expect(try f.db.auditEntries(table: "household", rowId: household.id).map(\.action) == ["update", "import"])
        #expect(try f.db.verify().isClean)
        // A second import continues after the first, and a person search finds imported names.
        try f.db.importHouseholds(csv: Data(Self.roster(5_001...5_010).utf8), on: LocalDate("2026-11-25")!)
        #expect(try f.db.verify().isClean)
        #expect(try f.db.personCount(filter: "oym") == 1_002)
    }

    @Test func rowsAndManifestsChangedBehindTheAppAreFound() throws {
        let f = try Fixture()
        try f.db.importHouseholds(csv: Data(Self.roster(1...50).utf8), on: LocalDate("2026-11-25")!)
        #expect(try f.db.verify().isClean)
        let ids = try f.db.reader.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM household ORDER BY id") }
        // Another program, having dropped the triggers, edits one row and deletes another.
        try f.db.dbWriter.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_household_update; DROP TRIGGER audit_household_delete")
            try db.execute(sql: "UPDATE household SET address = '改过' WHERE id = ?", arguments: [ids[3]])
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "DELETE FROM household WHERE id = ?", arguments: [ids[7]])
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let report = try f.db.verify()
        #expect(report.rowsOutOfStep.contains(RowOutOfStep(table: "household", rowId: ids[3], problem: .changed)))
        #expect(report.rowsOutOfStep.contains(RowOutOfStep(table: "household", rowId: ids[7], problem: .deleted)))
        // And, dropping the manifest's guard, rewrites a hash to match its edit.
        try f.db.dbWriter.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_bulk_is_never_changed")
            try db.execute(sql: "UPDATE audit_bulk SET row_hashes = zeroblob(length(row_hashes)) WHERE table_name = 'person'")
        }
        #expect(try f.db.verify().rowsOutOfStep.contains { $0.problem == .manifestChanged && $0.table == "audit_bulk" })
    }

    @Test func theManifestIsNeverChangedOrDeletedThroughTheApp() throws {
        let f = try Fixture()
        try f.db.importHouseholds(csv: Data(Self.roster(1...3).utf8), on: LocalDate("2026-11-25")!)
        #expect(throws: (any Error).self) {
            try f.db.dbWriter.write { db in try db.execute(sql: "DELETE FROM audit_bulk") }
        }
        #expect(throws: (any Error).self) {
            try f.db.dbWriter.write { db in try db.execute(sql: "UPDATE audit_bulk SET row_count = 1") }
        }
    }

    @Test func foreignKeysHoldAfterAnImportAndAreCheckedAgainAfterwards() throws {
        let f = try Fixture()
        func fk() throws -> (on: Int, problems: Int) {
            try f.db.dbWriter.writeWithoutTransaction { db in
                (try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!, try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
            }
        }
        try f.db.importHouseholds(csv: Data(Self.roster(1...300).utf8), on: LocalDate("2026-11-25")!)
        #expect(try fk() == (1, 0))
        // A refused file leaves them on too.
        #expect(throws: ImportRejected.self) {
            try f.db.importHouseholds(csv: Data((HouseholdImportTests.header + HouseholdImportTests.line(1, she: "九社")).utf8),
                                      on: LocalDate("2026-11-25")!)
        }
        #expect(try fk() == (1, 0))
        // And an ordinary write with a bad reference is still refused.
        #expect(throws: (any Error).self) {
            try f.db.dbWriter.write { db in try db.execute(sql: "UPDATE household SET village_group_id = 999 WHERE id = 1") }
        }
    }

    @Test func aBaselineAfterAnImportAddsNothingForTheImportedRows() throws {
        let f = try Fixture()
        try f.db.importHouseholds(csv: Data(Self.roster(1...20).utf8), on: LocalDate("2026-11-25")!)
        let before = try entries(f)
        try f.db.dbWriter.write { db in try Audit.recordBaseline(db) }
        #expect(try entries(f) == before)
    }

    @Test func aLaterLineRepeatingAnEarlierOneIsFoundEvenAfterABadLine() throws {
        let f = try Fixture()
        var csv = HouseholdImportTests.header
        csv += HouseholdImportTests.line(1, she: "九社")          // line 2: bad
        csv += HouseholdImportTests.line(2)                        // line 3
        csv += HouseholdImportTests.line(3)                        // line 4
        csv += HouseholdImportTests.line(2).replacingOccurrences(of: "I2,", with: "I9,")  // line 5: ID of line 3
        csv += HouseholdImportTests.line(10).replacingOccurrences(of: "I10,", with: "I3,") // line 6: number of line 4
        do {
            try f.db.importHouseholds(csv: Data(csv.utf8), on: LocalDate("2026-11-25")!)
            Issue.record("the import should have been refused")
        } catch let rejected as ImportRejected {
            #expect(Set(rejected.problems.map(\.line)) == [2, 5, 6])
            let texts = rejected.problems.map(\.message.zh)
            #expect(texts.contains("身份证号与第 3 行重复"))
            #expect(texts.contains("户号 I3 与第 4 行重复"))
        }
        #expect(try f.db.counts().households == 0)
        #expect(try f.db.verify().isClean)
    }

    @Test func theReaderGivesTheSameRecordsWhateverTheChunks() throws {
        let text = "\u{FEFF}户号,地址\r\nI1,\"示范路,1号\"\r\nI2,\"两行\n的地址\"\"引号\"\"\"\nI3,末行无换行"
        let bytes = Array(text.utf8)
        func read(chunk: Int) throws -> ([CSVReader.Record], String) {
            var offset = 0
            var reader = CSVReader { buffer in
                guard offset < bytes.count else { return false }
                buffer = Array(bytes[offset..<min(bytes.count, offset + chunk)])
                offset += chunk
                return true
            }
            var out: [CSVReader.Record] = []
            while let r = try reader.next() { out.append(r) }
            return (out, reader.digest())
        }
        let (whole, digest) = try read(chunk: bytes.count)
        #expect(whole.map(\.fields) == [["户号", "地址"], ["I1", "示范路,1号"], ["I2", "两行\n的地址\"引号\""], ["I3", "末行无换行"]])
        #expect(whole.map(\.line) == [1, 2, 3, 5])
        #expect(digest == Audit.sha256(text))
        for chunk in 1...7 {
            let (records, d) = try read(chunk: chunk)
            #expect(records.map(\.fields) == whole.map(\.fields))
            #expect(records.map(\.line) == whole.map(\.line))
            #expect(d == digest)
        }
    }

    @Test func aFileOnDiskIsReadAPieceAtATime() throws {
        let f = try Fixture()
        let path = NSTemporaryDirectory() + "chengxin-import-\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Over one 64 KB piece.
        try Self.roster(1...1_200).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > CSVReader.chunkSize)
        #expect(try f.db.importHouseholds(csvFile: path, on: LocalDate("2026-11-25")!).households == 1_200)
        #expect(try f.db.verify().isClean)
        #expect(throws: StoreError.self) { try f.db.importHouseholds(csvFile: path + ".missing", on: LocalDate("2026-11-25")!) }
    }
}
