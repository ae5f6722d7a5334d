import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

@Suite struct AccessScreenTests {
    @Test func aNewDatabaseStartsByCreatingTheAdministrator() throws {
        let model = try makeModel(signedIn: false)
        expectSnapshot(model.render(), "first_admin")
        model.press(.tab, .tab)
        model.type("admin2026")
        model.press(.tab)
        model.type("admin2027")
        model.press(.function(2))
        #expect(model.screenText.contains("两次输入的密码不一致"))
        // What was typed survives the mistake: only the repetition is retyped.
        for _ in 0..<9 { model.press(.backspace) }
        model.type("admin2026")
        model.press(.function(2))
        #expect(model.screenText.contains("管理员已设立"))
        #expect(model.screenText.contains("户卡管理"))
        #expect(model.context.db.session?.role == .administrator)
    }

    @Test func signInShowsStarsAndRefusesAWrongPasswordWithoutSayingWhichHalf() throws {
        let db = try makeFixtureDatabase()
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        db.signOut()
        let model = try makeModel(db, signedIn: false)
        model.type("admin")
        model.press(.enter)
        model.type("wrong2026")
        expectSnapshot(model.render(), "sign_in")
        model.press(.enter)
        #expect(model.screenText.contains("用户名或密码错误"))
        #expect(!model.screenText.contains("*********"), "the password is cleared")
        model.type("admin2026")
        model.press(.enter)
        #expect(model.screenText.contains("户卡管理"))
    }

    @Test func aGroupLeaderLandsOnTheirGroup() throws {
        let db = try makeFixtureDatabase()
        let v = try db.village()!
        let g = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                                     name: "一社互助组", formedOn: LocalDate("2026-01-10")!))
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "zu", displayName: "组长", role: .groupLeader, groupId: g.id!, password: "lead2026")
        db.signOut()
        let model = try makeModel(db, signedIn: false)
        model.type("zu")
        model.press(.enter)
        model.type("lead2026")
        model.press(.enter)
        #expect(model.screenText.contains("一社互助组"))
        #expect(model.screenText.contains("成员"))
    }

    @Test func aViewerCannotSaveAndIsToldWhy() throws {
        let db = try makeFixtureDatabase()
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let model = try makeModel(db)
        model.press(.char("1"))
        model.press(.end)
        // The form is read only: nothing can be typed, and F2 is refused at once.
        #expect(model.screenText.contains("村庄信息（只读）"))
        model.type("二组")
        #expect(!model.screenText.contains("星光村二组"))
        #expect(!model.screenText.contains("F2保存"), "no save key offered")
        model.press(.function(2))
        #expect(model.screenText.contains("无权使用“保存”（F2 键）：乡镇查看账户只能查看记录"))
        model.press(.escape)
        model.press(.char("9"))
        model.press(.char("1"))
        #expect(model.screenText.contains("只有管理员可以使用此功能"))
    }

    @Test func theAdministratorAddsAUserAndBrowsesTheAuditLog() throws {
        let model = try makeModel()
        model.press(.char("9"))
        expectSnapshot(model.render(), "system_menu")
        model.press(.char("1"))
        model.press(.function(3))
        model.type("li")
        model.press(.tab)
        model.type("李专干")
        model.press(.tab, .tab, .tab)
        model.type("clerk2026")
        model.press(.tab)
        model.type("clerk2026")
        model.press(.function(2))
        #expect(model.screenText.contains("已保存"))
        #expect(model.screenText.contains("李专干"))
        model.press(.escape)
        model.press(.char("2"))
        #expect(model.screenText.contains("审计日志"))
        #expect(model.screenText.contains("用户账户 #") && !model.screenText.contains("app_user"))
        model.press(.function(5))
        #expect(model.screenText.contains("审计链：完整"))
        #expect(model.screenText.contains("结论：未发现问题"))
    }

    @Test func anUnsavedFormIsKeptAsADraftAndOfferedBackAfterSigningIn() throws {
        let db = try makeFixtureDatabase()
        let model = try makeModel(db)
        model.press(.char("3"), .function(3))
        model.type("0909")
        model.press(.tab, .tab)
        model.type("星光村一社9号")
        // The terminal hangs up.
        #expect(model.saveDrafts() == 1)
        db.signOut()
        let next = try makeModel(db, signedIn: false)
        next.type(testAdmin.username)
        next.press(.enter)
        next.type(testAdmin.password)
        next.press(.enter)
        #expect(next.screenText.contains("发现上次未保存的表单"))
        next.press(.char("y"))
        #expect(next.screenText.contains("0909"))
        #expect(next.screenText.contains("星光村一社9号"))
        // Still unsaved: leaving asks first.
        next.press(.escape)
        #expect(next.screenText.contains("放弃") || next.screenText.contains("未保存"))
        #expect(try db.drafts().isEmpty)
    }
}

@Suite struct LeaderPledgeTests {
    @Test func aLeaderReadsTheirMembersPledgesAndNoOneElse() throws {
        let db = try makeFixtureDatabase()
        try db.installDefaultCatalogues(dataDirectory: repoRoot.appendingPathComponent("Data"))
        let group = try makeSignedGroup(db)
        let member = try #require(try db.groupMembers(groupId: group.id!).first)
        try db.recordPledge(householdId: member.householdId, itemIds: [try db.pledgeItems()[0].id!],
                            pledgedOn: LocalDate("2026-03-16")!, signedOn: LocalDate("2026-03-18")!, signer: member.headName)
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "zu", displayName: "组长", role: .groupLeader, groupId: group.id!, password: "lead2026")
        db.signOut()
        try db.signIn(username: "zu", password: "lead2026")
        #expect(try db.pledgeRows(honestyGroupId: group.id!).count == 2)
        #expect(throws: StoreError.self) { try db.pledgeRows() }
        let model = try makeModel(db)
        #expect(model.screenText.contains(group.name))
        model.press(.function(4))
        #expect(model.screenText.contains("2026-03-18"))
        #expect(model.screenText.contains(member.headName))
    }
}

@Suite struct RevealScreenTests {
    @Test func aViewerRevealsAnIDNumberWithAReasonThatIsAudited() throws {
        let db = try makeFixtureDatabase()
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let model = try makeModel(db)
        model.press(.char("4"))
        model.type("张三")
        model.press(.enter)
        #expect(model.screenText.contains("********"))
        #expect(model.screenText.contains("F7完整号码"))
        model.press(.function(7))
        model.press(.function(2))
        #expect(model.screenText.contains("必填"))
        model.type("核对奖励扶助对象")
        model.press(.function(2))
        let full = IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11)
        #expect(model.screenText.contains(full))
        db.signOut()
        try db.signIn(username: "admin", password: "admin2026")
        #expect(try db.auditEntries().first { $0.action == "reveal" }?.after?.contains("核对奖励扶助对象") == true)
    }
}
