import Domain
import Foundation
import GRDB
import Testing
@testable import App
@testable import Store

/// `chengxin verify` and the integrity check speak the interface language, rows included.
@Suite struct VerifyTextTests {
    /// The fixture with 张三's name changed by another program that dropped the audit trigger first.
    func tamperedContext(_ language: Language) throws -> (context: AppContext, personId: Int64) {
        let db = try makeFixtureDatabase()
        let id = try #require(try db.reader.read { d in
            try Int64.fetchOne(d, sql: "SELECT id FROM person WHERE name = '张三'")
        })
        try db.dbWriter.writeWithoutTransaction { d in
            try d.execute(sql: "DROP TRIGGER audit_person_update")
            try d.execute(sql: "UPDATE person SET name = '王五' WHERE id = ?", arguments: [id])
        }
        return (AppContext(db: db, language: language, catalog: try loadRepoCatalog(), today: testToday), id)
    }

    @Test func aRowChangedOutsideTheAppIsNamedInChinese() throws {
        let (context, id) = try tamperedContext(.zh)
        let text = verifyText(context)
        #expect(text.contains("！人员 #\(id)：在本程序之外被改动"), "\(text)")
        #expect(text.contains("结论：发现问题"))
        #expect(!text.contains("changed outside"), "no English in the Chinese report")
        #expect(!text.contains("person #"))
    }

    @Test func aRowChangedOutsideTheAppIsNamedInEnglish() throws {
        let (context, id) = try tamperedContext(.en)
        let text = verifyText(context)
        #expect(text.contains("! person #\(id): changed outside the app"), "\(text)")
        #expect(text.contains("Result: problems found"))
        #expect(!text.contains("！") && !text.contains("人员") && !text.contains("："), "no Chinese words or punctuation")
    }

    @Test func deletedRowsAndAlteredManifestsHaveWordsInBothLanguages() throws {
        let catalog = try loadRepoCatalog()
        let zh = VerifyText(catalog: catalog, language: .zh), en = VerifyText(catalog: catalog, language: .en)
        let deleted = RowOutOfStep(table: "household", rowId: 8, problem: .deleted)
        #expect(zh.finding(deleted) == "户 #8：在本程序之外被删除")
        #expect(en.finding(deleted) == "household #8: deleted outside the app")
        let unaudited = RowOutOfStep(table: "village_group", rowId: 2, problem: .noEntry)
        #expect(zh.finding(unaudited) == "社/组 #2：没有审计记录")
        #expect(en.finding(unaudited) == "village group #2: no audit entry")
        let manifest = RowOutOfStep(table: "audit_bulk", rowId: 12, problem: .manifestChanged)
        #expect(zh.finding(manifest).hasPrefix("审计记录第 12 条"))
        #expect(en.finding(manifest).hasPrefix("Audit entry 12 (import)"))
    }
}
