import Domain
import Foundation
import GRDB
@testable import Store
import Testing

/// `importPersons` on the fixtures other programs wrote, into the two-社 test village.
@Suite struct PersonImportTests {
    let today = LocalDate("2026-11-25")!

    func open(_ name: String, sheet: String? = nil) throws -> TableFile {
        try TableFile.open(rosterFixture(name), sheet: sheet)
    }

    func guessed(_ file: TableFile) throws -> ImportMapping {
        ImportMapping.guessed(header: try file.firstRows(1)[0].fields)
    }

    /// A copy of the UTF-8 fixture with `edit` applied to its text, in a file of its own.
    func edited(_ edit: (String) -> String, name: String = "edited.csv") throws -> TableFile {
        let text = try String(contentsOfFile: rosterFixture("persons_utf8.csv"), encoding: .utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(edit(text).utf8).write(to: url)
        return try TableFile.open(url.path)
    }

    @Test func theHeaderIsMappedFromTheNamesRostersUse() {
        let m = ImportMapping.guessed(header: ["序号", "户号", "所属社", "姓 名", "与户主关系", "性别", "出生年月", "公民身份号码", "手机号码"])
        let c = m.columns(in: ["序号", "户号", "所属社", "姓 名", "与户主关系", "性别", "出生年月", "公民身份号码", "手机号码"])
        #expect(c[.householdNumber] == 1 && c[.villageGroup] == 2 && c[.name] == 3 && c[.relation] == 4)
        #expect(c[.birthDate] == 6 && c[.idNumber] == 7 && c[.phone] == 8 && c[.address] == nil)
        // Next month's file has its columns in another order: the mapping follows the header texts.
        let reordered = ["公民身份号码", "姓 名", "户号", "与户主关系", "所属社", "性别"]
        #expect(m.columns(in: reordered)[.idNumber] == 0 && m.columns(in: reordered)[.householdNumber] == 2)
        // A mapped column the file lacks, and a required field with no column, are named.
        let problems = m.problems(in: ["姓 名", "户号"])
        #expect(problems.contains { $0.zh.contains("与户主关系") })
        #expect(problems.contains { $0.zh.contains("“公民身份号码”") })
    }

    @Test func wholeFamiliesGoInFromAnOpenpyxlWorkbookAndVerify() throws {
        let f = try Fixture()
        let file = try open("persons_openpyxl.xlsx", sheet: "人员")
        let s = try f.db.importPersons(file: file, mapping: try guessed(file), on: today)
        #expect(s.personsNew == 8 && s.householdsNew == 3 && s.refusedRows == 0 && s.batchId != nil)
        let h = try #require(try f.db.householdRows(filter: "0190", villageGroupId: nil, sort: .number, ascending: true,
                                                    offset: 0, limit: 5).first)
        let household = try #require(try f.db.household(id: h.id))
        let members = try f.db.members(householdId: h.id)
        #expect(members.map(\.name).sorted() == ["李秀英", "欧阳丽", "欧阳建国", "欧阳明"])
        let head = try #require(members.first { $0.id == household.headPersonId })
        #expect(head.name == "欧阳建国" && head.relation == .head && head.birthDate == LocalDate("1978-03-14"))
        let wife = try #require(members.first { $0.name == "李秀英" })
        #expect(wife.relation == .spouse && wife.sex == .female && wife.isAssociationMember && wife.migrantStatus == .outflow
                && wife.whereabouts == "广东省东莞市" && wife.maritalStatus == .married && wife.phone == "13800001902")
        #expect(household.address == "星光村一社90号" && household.villageGroupId == f.group1.id)
        #expect(try f.db.verify().isClean)
        // The name index knows the imported names.
        #expect(try f.db.personCount(filter: "oyjg") == 1)
        // The same rows again, from LibreOffice's workbook: every person matched, nothing written.
        let again = try f.db.importPersons(file: open("persons_libreoffice.xlsx"), mapping: try guessed(file), on: today)
        #expect(again.personsNew == 0 && again.personsMatched == 8 && again.personsChanged == 0 && again.householdsMatched == 3)
        #expect(try f.db.counts().persons == 8)
    }

    @Test func aGBKFileFromExcelImportsLikeTheUTF8One() throws {
        let f = try Fixture()
        let file = try open("persons_gbk.csv")
        #expect(file.encoding == .gb18030)
        let s = try f.db.importPersons(file: file, mapping: try guessed(file), on: today)
        #expect(s.personsNew == 8)
        #expect(try f.db.personCount(filter: "刘淑珍") == 1)
    }

    @Test func aDryRunCountsAndPreviewsButWritesNothing() throws {
        let f = try Fixture()
        let before = try f.db.auditEntries(limit: 1000).count
        let file = try open("persons_bom.csv")
        let s = try f.db.planPersonImport(file: file, mapping: try guessed(file), on: today, previewRows: 3)
        #expect(s.personsNew == 8 && s.householdsNew == 3 && s.preview.count == 3)
        #expect(s.preview[1].person.name == "李秀英" && s.preview[1].outcome == .new && s.preview[1].villageGroup == "一社")
        #expect(try f.db.counts().persons == 0 && f.db.auditEntries(limit: 1000).count == before)
    }

    @Test func aChangedPersonIsUpdatedAndUndoPutsTheOldValuesBack() throws {
        let f = try Fixture()
        let first = try open("persons_utf8.csv")
        let mapping = try guessed(first)
        try f.db.importPersons(file: first, mapping: mapping, on: today)
        // Next month: 张雪 has a new phone and came home; a new baby in 0292's household.
        let next = try edited { text in
            text.replacingOccurrences(of: "13900002913,否,流出,浙江省宁波市", with: "13900002999,否,常住,")
                + "0292,二社,,刘小宝,孙子女,男,2025-06-01,,未婚,,否,常住,\r\n"
        }
        let s = try f.db.importPersons(file: next, mapping: mapping, on: today)
        #expect(s.personsChanged == 1 && s.personsNew == 1 && s.personsMatched == 7)
        let h0291 = try #require(try f.db.householdRows(filter: "0291", villageGroupId: nil, sort: .number, ascending: true,
                                                        offset: 0, limit: 1).first)
        let zhang = try #require(try f.db.members(householdId: h0291.id).first { $0.name == "张雪" })
        #expect(zhang.phone == "13900002999" && zhang.migrantStatus == .resident)
        let h0292 = try #require(try f.db.householdRows(filter: "0292", villageGroupId: nil, sort: .number, ascending: true,
                                                        offset: 0, limit: 1).first)
        #expect(try f.db.members(householdId: h0292.id).count == 2)
        #expect(try f.db.verify().isClean)
        // Undo the second batch: the baby goes, 张雪's phone and whereabouts come back.
        try f.db.undoImport(try #require(s.batchId))
        let restored = try #require(try f.db.members(householdId: zhang.householdId).first { $0.name == "张雪" })
        #expect(restored.phone == "13900002913" && restored.migrantStatus == .outflow && restored.whereabouts == "浙江省宁波市")
        #expect(try f.db.members(householdId: h0292.id).count == 1)
        #expect(try f.db.counts().persons == 8)
        #expect(try f.db.verify().isClean)
        #expect(try f.db.importBatches().first?.undoneAt != nil)
        // Undone once is undone.
        #expect(throws: StoreError.self) { try f.db.undoImport(s.batchId!) }
    }

    @Test func undoIsRefusedOnceALaterChangeDependsOnTheBatchAndSaysWhat() throws {
        let f = try Fixture()
        let file = try open("persons_utf8.csv")
        let s = try f.db.importPersons(file: file, mapping: try guessed(file), on: today)
        let h = try #require(try f.db.householdRows(filter: "0292", villageGroupId: nil, sort: .number, ascending: true,
                                                    offset: 0, limit: 1).first)
        var household = try #require(try f.db.household(id: h.id))
        household.address = "星光村二社92号之一"
        try f.db.updateHousehold(household)
        do {
            try f.db.undoImport(try #require(s.batchId))
            Issue.record("undid a batch a later change depends on")
        } catch let StoreError.refused(message) {
            #expect(message.zh.contains("户 0292 在导入后又有改动"))
            #expect(message.en.contains("Household 0292 was changed after the import"))
        }
        #expect(try f.db.counts().persons == 8)
    }

    @Test func aBadRowBlocksTheWholeImportAndEveryProblemIsNamed() throws {
        let f = try Fixture()
        let bad = try edited { text in
            text.replacingOccurrences(of: "0291,二社,,王芳,配偶", with: "0291,二社,,王芳,表亲")
                .replacingOccurrences(of: "0292,二社,星光村二社92号,刘淑珍,户主", with: "0292,九社,星光村二社92号,刘淑珍,户主")
                .replacingOccurrences(of: "990101200801090083", with: "990101197803140035")
                + "0399,一社,,无户主,子女,男,2010-01-01,,未婚,,否,常住,\r\n"
        }
        let before = try f.db.auditEntries(limit: 1000).count
        var problems: [ImportProblem] = []
        do {
            try f.db.importPersons(file: bad, mapping: try guessed(bad), on: today)
            Issue.record("imported a file with bad rows")
        } catch let rejected as ImportRejected {
            problems = rejected.problems
        }
        let text = problems.map { "\($0.line): \($0.message.zh)" }
        #expect(text.contains { $0.hasPrefix("7:") && $0.contains("与户主关系无法识别：表亲") })
        #expect(text.contains { $0.hasPrefix("9:") && $0.contains("本村没有“九社”这个社") })
        #expect(text.contains { $0.hasPrefix("5:") && $0.contains("与第 2 行重复") })
        #expect(text.contains { $0.hasPrefix("10:") && $0.contains("新户 0399 没有户主行") })
        #expect(try f.db.counts().persons == 0 && f.db.auditEntries(limit: 1000).count == before)
    }

    @Test func theErrorFileKeepsTheSourceFormatAndEncoding() throws {
        let f = try Fixture()
        for (name, sheet) in [("persons_gbk.csv", nil), ("persons_openpyxl.xlsx", "人员"), ("persons.tsv", nil)] as [(String, String?)] {
            let file = try open(name, sheet: sheet)
            // The 社 of every row is unknown in a village without 二社's name.
            var mapping = try guessed(file)
            mapping[.villageGroup] = "姓名"
            var problems: [ImportProblem] = []
            do { try f.db.importPersons(file: file, mapping: mapping, on: today) } catch let r as ImportRejected { problems = r.problems }
            #expect(!problems.isEmpty)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + "-" + name).path
            try file.writeErrorFile(problems: problems, to: out, language: .zh)
            let written = try TableFile.open(out)
            #expect(written.format == file.format && written.encoding == file.encoding, "\(name)")
            var rows: [[String]] = []
            try written.forEachRow { rows.append($0.fields) }
            #expect(rows.count == 9 && rows[0].last == "错误原因")
            #expect(rows[1].count == 14 && rows[1][13].contains("本村没有“欧阳建国”这个社"))
            try? FileManager.default.removeItem(atPath: out)
        }
    }

    @Test func aNewPersonWhoLooksLikeSomeoneRegisteredIsImportedAndNamed() throws {
        let f = try Fixture()
        // 李秀英, born the same day, already heads a household of her own (entered without an ID number).
        try f.db.createHousehold(Household(villageId: f.village.id!, villageGroupId: f.group1.id!, number: "0150"),
                                 head: Person(householdId: 0, name: "李秀英", sex: .female, birthDate: LocalDate("1980-07-02"),
                                              relation: .head))
        let file = try open("persons_utf8.csv")
        let s = try f.db.planPersonImport(file: file, mapping: try guessed(file), on: today, previewRows: 20)
        #expect(s.personsNew == 8 && s.possibleDuplicates == 1 && s.problems.isEmpty)
        let row = try #require(s.preview.first { $0.person.name == "李秀英" })
        #expect(row.outcome == .new && row.possibleDuplicates.map(\.zh) == ["可能与户 0150 的 李秀英 是同一人（姓名和出生日期相同）"])
    }

    @Test func aSavedMappingIsUsedByNameNextMonth() throws {
        let f = try Fixture()
        var m = ImportMapping.guessed(header: ["户号", "姓名", "关系"])
        m[.idNumber] = "证件号码"
        try f.db.saveImportMapping(m, name: "县系统导出")
        #expect(try f.db.importMapping(named: "县系统导出") == m)
        #expect(throws: StoreError.self) { try f.db.importMapping(named: "没有这个") }
        m[.phone] = "手机"
        try f.db.saveImportMapping(m, name: "县系统导出")
        #expect(try f.db.importMappings().count == 1 && f.db.importMapping(named: "县系统导出")[.phone] == "手机")
    }
}
