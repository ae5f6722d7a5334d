import Domain
import Store
import Testing
import UICore
@testable import App

/// Every screen rendered at 80×24 and compared with its golden text.
@Suite struct ScreenSnapshotTests {
    @Test func mainMenu() throws {
        let app = try makeModel()
        expectSnapshot(app.render(), "main_menu")
    }

    @Test func mainMenuInEnglish() throws {
        let app = try makeModel(language: .en)
        expectSnapshot(app.render(), "main_menu_en")
    }

    @Test func villageForm() throws {
        let app = try makeModel()
        app.press(.char("1"))
        expectSnapshot(app.render(), "village_form")
    }

    @Test func villageGroupList() throws {
        let app = try makeModel()
        app.press(.char("2"))
        expectSnapshot(app.render(), "village_group_list")
    }

    @Test func villageGroupForm() throws {
        let app = try makeModel()
        app.press(.char("2"), .function(3))
        expectSnapshot(app.render(), "village_group_form_new")
    }

    @Test func discardDialog() throws {
        let app = try makeModel()
        app.press(.char("1"), .end)
        app.type("二")
        app.press(.escape)
        expectSnapshot(app.render(), "discard_dialog")
    }

    @Test func newMemberWithAnError() throws {
        let app = try makeModel()
        app.press(.char("3"), .enter, .function(3))
        app.type("王小明1")
        app.press(.function(2))
        expectSnapshot(app.render(), "person_form_new_error")
    }

    @Test func householdList() throws {
        let app = try makeModel()
        app.press(.char("3"))
        expectSnapshot(app.render(), "household_list")
    }

    @Test func householdListFilteredByPinyinInitials() throws {
        let app = try makeModel()
        app.press(.char("3"), .char("/"))
        app.type("zs")
        expectSnapshot(app.render(), "household_list_filter_zs")
    }

    @Test func newHouseholdForm() throws {
        let app = try makeModel()
        app.press(.char("3"), .function(3))
        expectSnapshot(app.render(), "household_form_new")
    }

    @Test func existingHouseholdWithMembers() throws {
        let app = try makeModel()
        app.press(.char("3"), .enter)
        expectSnapshot(app.render(), "household_form_0101")
        app.press(.function(4))
        expectSnapshot(app.render(), "household_form_0101_members")
    }

    @Test func personForm() throws {
        let app = try makeModel()
        app.press(.char("3"), .enter, .function(4), .down, .enter)
        expectSnapshot(app.render(), "person_form")
    }

    @Test func personSearch() throws {
        let app = try makeModel()
        app.press(.char("4"))
        expectSnapshot(app.render(), "person_search")
    }

    @Test func helpOverlay() throws {
        let app = try makeModel()
        app.press(.char("3"), .function(1))
        expectSnapshot(app.render(), "help_household_list")
    }

    @Test func f10Menu() throws {
        let app = try makeModel()
        app.press(.char("3"), .function(10))
        expectSnapshot(app.render(), "f10_menu")
    }

    @Test func tooSmallThenRecovers() throws {
        let app = try makeModel()
        app.press(.resize(width: 60, height: 20))
        expectSnapshot(app.render(), "too_small")
        app.press(.char("3"))   // ignored while too small
        app.press(.resize(width: 80, height: 24))
        expectSnapshot(app.render(), "main_menu")
    }
}

/// What a clerk does, key by key, against an in-memory database.
@Suite struct FlowTests {
    @Test func registerAHouseholdWithAChineseHeadAndFindItByPinyin() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        app.press(.char("3"), .function(3))
        app.type("0202")
        app.press(.tab, .right)              // 所属社: 一社 → 二社
        app.press(.tab)
        app.type("星光村二社5号")
        app.press(.tab, .tab)
        app.type("刘德华")
        #expect(app.render().cursor != nil)
        app.press(.function(2))
        #expect(app.message?.kind == .info, "\(app.message?.text ?? "")")
        #expect(try db.counts().households == 4)
        app.press(.escape, .char("/"))
        app.type("ldh")
        let screen = app.screenText
        #expect(screen.contains("刘德华"))
        #expect(screen.contains("二社"))
        #expect(!screen.contains("张三"))
    }

    @Test func anInvalidIDIsExplainedUnderItsFieldAndNothingTypedIsLost() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        app.press(.char("3"), .function(3))
        app.type("0203")
        app.press(.tab, .tab, .tab, .tab)
        app.type("赵敏")
        app.press(.tab, .right, .tab)        // sex → 女
        app.type("110105194912310021")       // check character should be X
        app.press(.function(2))
        let text = app.screenText
        #expect(text.contains("校验位不符（应为X）"))
        #expect(text.contains("赵敏"))
        #expect(text.contains("0203"))
        #expect(app.message?.kind == .error)
        #expect(try db.counts().households == 3)
        // Correct the last character and save.
        app.press(.backspace)
        app.type("X")
        app.press(.function(2))
        #expect(try db.counts().households == 4)
    }

    @Test func aDuplicateIDNamesTheExistingPerson() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        let existing = IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11)
        app.press(.char("3"), .function(3))
        app.type("0204")
        app.press(.tab, .tab, .tab, .tab)
        app.type("张三")
        app.press(.tab, .tab)
        app.type(existing)
        app.press(.function(2))
        #expect(app.screenText.contains("张三"))
        #expect(app.screenText.contains("0101"))
        #expect(try db.counts().households == 3)
    }

    @Test func escapeAsksBeforeDiscardingEdits() throws {
        let app = try makeModel()
        app.press(.char("1"))
        app.press(.end)
        app.type("二")
        app.press(.escape)
        #expect(app.screenText.contains("放弃这些修改吗"))
        app.press(.char("n"))
        #expect(app.top is VillageFormScreen)
        #expect(app.screenText.contains("星光村二"))
        app.press(.escape, .char("y"))
        #expect(app.top is MainMenuScreen)
        #expect(try app.context.db.village()?.name == "星光村")
    }

    @Test func addAMemberToAHousehold() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        app.press(.char("3"), .down, .down, .enter)    // 0201 王建国
        app.press(.function(3))
        app.type("王小红")
        app.press(.tab, .tab)
        app.type(IDNumber.make(area: "990101", birthDate: LocalDate("2012-06-01")!, sequence: 64))
        app.press(.tab, .tab)                           // birth date left empty: taken from the ID
        // relation: a new member starts as 子女, unmarried
        app.press(.function(2))
        let members = try db.members(householdId: try db.householdRows(filter: "0201", villageGroupId: nil, sort: .number,
                                                                        ascending: true, offset: 0, limit: 1)[0].id)
        #expect(members.count == 2)
        #expect(members.contains { $0.name == "王小红" && $0.birthDate == LocalDate("2012-06-01") && $0.relation == .child })
        #expect(app.top is HouseholdFormScreen)
        #expect(app.screenText.contains("王小红"))
    }

    @Test func deletingAGroupWithHouseholdsIsRefusedAndAnEmptyOneCanBeUndone() throws {
        let db = try makeFixtureDatabase()
        let v = try #require(try db.village())
        try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 3, name: "三社"))
        let app = try makeModel(db)
        app.press(.char("2"), .function(8))
        #expect(app.message?.kind == .error)
        #expect(app.message?.text == "“一社”还有 2 户，不能删除")
        #expect(try db.villageGroups().count == 3)
        app.press(.end, .function(8), .char("y"))
        #expect(try db.villageGroups().count == 2)
        #expect(app.screenText.contains("按 u 撤销"))
        app.press(.char("u"))
        #expect(try db.villageGroups().map(\.group.name) == ["一社", "二社", "三社"])
    }

    @Test func controlKeysAreHarmless() throws {
        let app = try makeModel()
        let before = app.screenText
        app.press(.ctrl("c"), .ctrl("s"), .ctrl("q"), .ctrl("z"))
        #expect(app.screenText == before)
        #expect(!app.isQuitting)
    }

    @Test func quitAsksFirst() throws {
        let app = try makeModel()
        app.press(.char("q"))
        #expect(!app.isQuitting)
        app.press(.char("y"))
        #expect(app.isQuitting)
    }
}

/// The head changes and a member leaves; the household, not the person, keeps its records.
@Suite struct HouseholdChangeTests {
    @Test func theSpouseBecomesHeadAndTheFormerHeadLeaves() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        app.press(.char("3"), .enter, .function(4), .down)     // 0101: 李秀英
        app.press(.function(6))
        #expect(app.screenText.contains("更换户主 · 李秀英"))
        app.press(.function(2))
        #expect(app.message?.text == "已保存", "\(app.message?.text ?? "")")
        let members = try db.members(householdId: 1)
        #expect(members.first { $0.relation == .head }?.name == "李秀英")
        #expect(members.first { $0.name == "张三" }?.relation == .spouse)
        // 张三 leaves: moved away.
        while (app.top as? HouseholdFormScreen)?.members.selectedId != members.first(where: { $0.name == "张三" })?.id {
            app.press(.down)
        }
        app.press(.function(7))
        app.press(.tab)
        app.type("迁往广东省东莞市")
        app.press(.function(2))
        #expect(try db.members(householdId: 1).map(\.name) == ["李秀英"])
        #expect(try db.formerMembers(householdId: 1).map(\.leftReason) == ["迁往广东省东莞市"])
        expectSnapshot(app.render(), "household_after_head_change")
    }

    @Test func theHeadCannotLeaveBeforeAnotherIsChosen() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        app.press(.char("3"), .enter, .function(4), .function(7), .tab)
        app.type("死亡")
        app.press(.function(2))
        #expect(app.message?.kind == .error)
        #expect(app.message?.text.contains("请先更换户主") == true)
        #expect(try db.members(householdId: 1).count == 2)
    }
}
