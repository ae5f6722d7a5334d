import Domain
import Store
import Testing
import UICore
@testable import App

/// Honesty groups, elections and agreements, key by key.
@Suite struct GroupFlowTests {
    /// Forms 一社第一小组 with households 0101 and 0102 through the screens.
    func formGroup(_ app: AppModel) {
        app.press(.char("5"), .function(3))
        app.press(.tab)
        app.type("一社第一小组")
        app.press(.function(2))
        app.press(.function(3), .enter, .function(2))      // 0101, eligible
        app.press(.function(3), .enter, .function(2))      // 0102, eligible
    }

    @Test func formAGroupAddMembersElectAndSignTheAgreement() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        formGroup(app)
        #expect(app.top is GroupDetailScreen)
        var screen = app.screenText
        #expect(screen.contains("张三、李秀英"))
        #expect(screen.contains("阿依古丽·买买提"))
        #expect(screen.contains("成员：2 户"))

        // Election: 李秀英 5 votes, 张三 2; 李秀英 elected.
        app.press(.function(5), .function(3))
        app.press(.tab)
        app.type("一社村民会议")
        app.press(.tab)
        app.type("王建国")
        let form = try #require(app.top as? ElectionFormScreen)
        let names = form.people.map(\.name)
        #expect(names.contains("李秀英") && names.contains("张三"))
        while (app.top as? ElectionFormScreen)?.form.focusedField.key != "electedPersonId" { app.press(.tab) }
        while (app.top as? ElectionFormScreen)?.form.value("electedPersonId")
                != String(form.people.first { $0.name == "李秀英" }!.id!) { app.press(.right) }
        app.press(.tab)
        for p in form.people {
            app.type(p.name == "李秀英" ? "5" : (p.name == "张三" ? "2" : ""))
            app.press(.tab)
        }
        app.press(.function(2))
        #expect(app.message?.kind == .info, "\(app.message?.text ?? "")")
        #expect(app.screenText.contains("李秀英★"))
        app.press(.escape)
        #expect(app.screenText.contains("组长：李秀英（协会会员·中心户）"))

        // Agreement from the default template, signing, every signature, the committee.
        app.press(.function(7), .function(3), .function(2))
        #expect(app.screenText.contains("草稿"))
        app.press(.function(5), .char("y"))
        #expect(app.screenText.contains("签署中"))
        app.press(.enter, .function(2))
        app.press(.down, .enter)
        app.press(.right, .right)                    // 本人签名 → 代签 → 按手印
        app.press(.function(2))
        screen = app.screenText
        #expect(screen.contains("按手印"))
        #expect(screen.contains("成员户已签/拒签：2/2"))
        app.press(.function(6))
        app.type("李明")
        app.press(.function(2))
        screen = app.screenText
        #expect(screen.contains("状态：生效"), "\(screen)")
        app.press(.escape, .escape)
        #expect(app.screenText.contains("生效"))
        let groups = try db.honestyGroups()
        #expect(groups.first?.agreementState == .inForce)
        #expect(groups.first?.leaderName == "李秀英")
    }

    @Test func aFourthGroupInOneSheIsRefusedOnTheForm() throws {
        let db = try makeFixtureDatabase()
        let v = try #require(try db.village())
        let she = try #require(try db.villageGroups().first).group
        for n in 1...3 {
            try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: she.id!, name: "一社第\(n)组", formedOn: testToday))
        }
        let app = try makeModel(db)
        app.press(.char("5"), .function(3), .tab)
        app.type("一社第四组")
        app.press(.function(2))
        #expect(app.top is HonestyGroupFormScreen)
        #expect(app.screenText.contains("3"))
        #expect(app.message?.kind == .error)
        #expect(try db.honestyGroups().count == 3)
    }

    @Test func theProxySignatureNeedsTheProxysName() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        formGroup(app)
        app.press(.function(7), .function(3), .function(2), .function(5), .char("y"))
        app.press(.enter, .right)                   // 代签
        app.press(.function(2))
        #expect(app.top is SignatureFormScreen)
        #expect(app.message?.kind == .error)
    }

    @Test func leaderViewSnapshot() throws {
        let app = try makeModel()
        formGroup(app)
        expectSnapshot(app.render(), "group_detail")
        app.press(.function(3))
        expectSnapshot(app.render(), "member_candidates")
        app.press(.escape, .function(7), .function(3), .function(2))
        expectSnapshot(app.render(), "agreement_draft")
        app.press(.function(4))
        expectSnapshot(app.render(), "agreement_text")
    }

    @Test func mainMenuShowsGroupsWithoutAnAgreement() throws {
        let app = try makeModel()
        formGroup(app)
        app.press(.function(10), .char("1"), .escape)
        let screen = app.screenText
        #expect(screen.contains("1 个小组尚无生效协议：一社第一小组"))
    }

    @Test func moreGroupScreenSnapshots() throws {
        let app = try makeModel()
        app.press(.char("5"), .function(3))
        expectSnapshot(app.render(), "honesty_group_form_new")
        app.press(.escape)
        formGroup(app)
        app.press(.function(5), .function(3))
        expectSnapshot(app.render(), "election_form")
        app.press(.tab)
        app.type("一社村民会议")
        app.press(.tab)
        app.type("王建国")
        app.press(.tab, .tab)
        app.type("6")
        app.press(.function(2))
        expectSnapshot(app.render(), "election_list")
        app.press(.escape, .function(7), .function(3), .function(2), .function(5), .char("y"), .enter)
        expectSnapshot(app.render(), "signature_form")
        app.press(.escape, .escape, .escape)
        expectSnapshot(app.render(), "honesty_group_list")
    }

    /// The group's agreement line puts its dates in ASCII brackets in English, full-width ones in Chinese.
    @Test func theAgreementLineInBothLanguages() throws {
        let db = try makeFixtureDatabase()
        let group = try makeSignedGroup(db)
        let en = try makeModel(db, language: .en)
        en.apply(.push(GroupDetailScreen(en.context, group: group)))
        let line = try #require(en.screenText.split(separator: "\n").first { $0.contains("Agreement: version 1") })
        #expect(line.contains(" (2026-03-01 — 2029-02-28)") && !line.contains("（"), "\(line)")
        let zh = try makeModel(db)
        zh.apply(.push(GroupDetailScreen(zh.context, group: group)))
        #expect(zh.screenText.contains("（2026-03-01 — 2029-02-28）"))
    }
}
