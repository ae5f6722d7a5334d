import Domain
import Store
import Testing
import UICore
@testable import App

/// 疑似重复人员 on the screen kit: the fixture village with 张三 entered a second time in 0101
/// (same birth date) and 李秀瑛 in 0201, who spells lixiuying like 李秀英 and was born the same year.
@Suite struct DuplicateScreenTests {
    static func database() throws -> AppDatabase {
        let db = try makeFixtureDatabase()
        let h1 = try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        let h3 = try db.householdRows(filter: "0201", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        try db.savePerson(Person(householdId: h1.id, name: "张三", sex: .male, birthDate: LocalDate("1985-04-12")!, relation: .other))
        try db.savePerson(Person(householdId: h3.id, name: "李秀瑛", sex: .female, birthDate: LocalDate("1987-02-01")!,
                                 relation: .spouse, maritalStatus: .married))
        return db
    }

    /// Main menu 9 系统管理, then 7.
    static func open(_ app: AppModel) {
        app.press(.char("9"), .char("8"))
    }

    @Test func theListShowsEachPairWithItsReasons() throws {
        let app = try makeModel(try Self.database())
        Self.open(app)
        expectSnapshot(app.render(), "duplicate_pairs")
        let en = try makeModel(try Self.database(), language: .en)
        Self.open(en)
        expectSnapshot(en.render(), "duplicate_pairs_en")
        // Enter: both persons.
        app.press(.enter)
        #expect(app.screenText.contains("原因：姓名和出生日期相同"), "\(app.screenText)")
        #expect(app.screenText.contains("甲 #1 张三") && app.screenText.contains("身份证号：990101198504120"))
    }

    @Test func aMergeIsConfirmedAndUndoneWithU() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        Self.open(app)
        app.press(.function(5))
        expectSnapshot(app.render(), "duplicate_pairs_merge_confirm")
        app.press(.char("y"))
        #expect(app.screenText.contains("已把“张三”并入“张三”（合并记录 1）"), "\(app.screenText)")
        #expect(app.screenText.contains("共 1 对疑似重复") && app.screenText.contains("u撤销"))
        #expect(try db.counts().persons == 5)
        app.press(.char("u"))
        #expect(app.screenText.contains("已撤销合并：“张三”已恢复") && app.screenText.contains("共 2 对疑似重复"), "\(app.screenText)")
        #expect(try db.counts().persons == 6)
        #expect(!app.screenText.contains("u撤销"), "nothing left to undo")
        // No: nothing merged.
        app.press(.function(5), .char("n"))
        #expect(try db.personMerges().count == 1 && db.counts().persons == 6)
        #expect(try db.verify().isClean)
    }

    @Test func notDuplicateTakesThePairAwayAndUPutsItBack() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        Self.open(app)
        app.press(.down, .function(8))
        #expect(app.screenText.contains("已记为不是重复：李秀英／李秀瑛（按 u 撤销）"), "\(app.screenText)")
        #expect(app.screenText.contains("共 1 对疑似重复") && !app.screenText.contains("李秀瑛   0201"))
        app.press(.char("u"))
        #expect(app.screenText.contains("共 2 对疑似重复") && app.screenText.contains("李秀瑛   0201"))
        // F7 keeps B.
        app.press(.home, .down, .function(7), .char("y"))
        #expect(app.screenText.contains("已把“李秀英”并入“李秀瑛”"), "\(app.screenText)")
    }

    @Test func aTownshipViewerSeesNoWriteKeysAndIsRefusedThem() throws {
        let db = try Self.database()
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let app = try makeModel(db)
        Self.open(app)
        let text = app.screenText
        #expect(text.contains("共 2 对疑似重复") && text.contains("990101********"), "\(text)")
        for key in ["F5", "F7", "F8"] { #expect(!text.contains(key), "\(key) is offered to a viewer") }
        app.press(.function(5))
        #expect(app.screenText.contains("无权使用“留甲合并”（F5 键）：乡镇查看账户只能查看记录"), "\(app.screenText)")
        app.press(.function(8))
        #expect(app.screenText.contains("无权使用“不是重复”（F8 键）"))
        #expect(try db.personMerges().isEmpty)
    }
}
