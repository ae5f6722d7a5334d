import Domain
import Store
import Testing
import UICore
@testable import App

/// The batch step on the screens: 政策目录 → F6 on a policy → the due date → the proposed
/// households (ticked) → Space unticks one → F2 records the rest, and the ledger shows them.
@Suite struct EntitlementBatchScreenTests {
    /// The pledge fixture's catalogue with the cursor on 独生子女考上二本及以上学校补助 (X1-SX).
    func onOneChildPolicy(_ language: Language = .zh) throws -> (AppModel, AppDatabase) {
        let db = try makePledgeFixture()
        let app = try makeModel(db, language: language)
        app.press(.char("6"), .char("4"))
        #expect(app.top is PolicyListScreen)
        let codes = try db.policies(includeRetired: true).map(\.code)
        for _ in 0..<(try #require(codes.firstIndex(of: "X1-SX"))) { app.press(.down) }
        return (app, db)
    }

    @Test func aPolicyIsProposedToEveryEligibleHouseholdAndTheTickedOnesRecorded() throws {
        let (app, db) = try onOneChildPolicy()
        #expect(app.screenText.contains("F6批量登记"), "\(app.screenText)")
        app.press(.function(6))
        #expect(app.top is EntitlementBatchFormScreen)
        expectSnapshot(app.render(), "entitlement_batch_form")
        app.press(.function(2))
        #expect(app.top is EntitlementProposalScreen, "\(app.screenText)")
        expectSnapshot(app.render(), "entitlement_proposal")
        // 0201 has no child registered and is not proposed; untick 0101 and record 0102.
        app.press(.char(" "))
        #expect(app.screenText.contains("已勾选 1 户"), "\(app.screenText)")
        app.press(.function(2), .char("y"))
        #expect(app.top is LedgerListScreen && app.screenText.contains("已登记 1 户应兑现事项"), "\(app.screenText)")
        let rows = try db.allLedgerRows(on: testToday).filter { $0.policyCode == "X1-SX" }
        #expect(rows.map(\.householdNumber) == ["0102"] && rows.first?.dueFen == 500_000)
        #expect(try db.verify().isClean)
    }

    @Test func inEnglish() throws {
        let (app, _) = try onOneChildPolicy(.en)
        app.press(.function(6))
        expectSnapshot(app.render(), "entitlement_batch_form_en")
        app.press(.function(2))
        expectSnapshot(app.render(), "entitlement_proposal_en")
    }

    /// A policy the records cannot check is refused at once, saying what to do.
    @Test func aPolicyWithoutCheckableConditionsIsRefusedAtOnce() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("4"))
        let codes = try db.policies(includeRetired: true).map(\.code)
        for _ in 0..<(try #require(codes.firstIndex(of: "C-JTFH"))) { app.press(.down) }
        app.press(.function(6))
        #expect(app.top is PolicyListScreen)
        #expect(app.message?.kind == .error && app.message!.text.contains("没有可由记录核对的享受条件"), "\(app.message?.text ?? "")")
    }

    /// The policy form takes the conditions and the shares; a bad share is refused on the form.
    @Test func thePolicyFormTakesConditionsAndShares() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("4"))
        let codes = try db.policies(includeRetired: true).map(\.code)
        for _ in 0..<(try #require(codes.firstIndex(of: "XH-DBZB"))) { app.press(.down) }
        app.press(.enter)
        expectSnapshot(app.render(), "policy_form_shares")
        app.press(.escape, .function(3))
        let form = try #require(app.top as? PolicyFormScreen)
        form.form.setValue("code", "C-LN60")
        form.form.setValue("name", "六十岁以上老人慰问")
        form.form.setValue("kind", "service")
        form.form.setValue("minAge", "60")
        form.form.setValue("percentByStars", "5,ten")
        app.press(.function(2))
        #expect(app.top is PolicyFormScreen && app.screenText.contains("三个1到100的整数"), "\(app.screenText)")
        form.form.setValue("percentByStars", "")
        app.press(.function(2))
        let saved = try #require(try db.policy(code: "C-LN60"))
        #expect(saved.criteria.minAge == 60 && saved.criteria.isChecked && saved.starShares == nil)
    }
}

/// `chengxin fulfil propose` on a village made by the CLI: the list, then --yes records it.
@Suite(.serialized) struct ProposeCommandTests {
    @Test func theProposalIsListedThenRecordedWithYes() throws {
        let db = temporaryDatabase()
        for args in [["village", "set", "--name", "星光村"], ["village", "add-group", "1", "一社"],
                     ["households", "add", "--number", "0101", "--group", "一社", "--head", "张三", "--sex", "男"],
                     ["households", "add", "--number", "0102", "--group", "一社", "--head", "李四", "--sex", "男"],
                     ["households", "add", "--number", "0103", "--group", "一社", "--head", "王五", "--sex", "男"],
                     ["persons", "add", "--household", "0101", "--name", "张小红", "--sex", "女", "--relation", "子女",
                      "--born", "2008-05-01"],
                     ["persons", "add", "--household", "0102", "--name", "李大", "--sex", "男", "--relation", "子女",
                      "--born", "2006-01-01"],
                     ["persons", "add", "--household", "0102", "--name", "李二", "--sex", "女", "--relation", "子女",
                      "--born", "2009-01-01"],
                     ["persons", "add", "--household", "0103", "--name", "王小丫", "--sex", "女", "--relation", "子女",
                      "--born", "2012-07-07"]] {
            let r = try pledgeCLI(args, db: db)
            #expect(r.status == 0, "\(args): \(r.output)")
        }
        try awardStars(AppDatabase.open(path: db, passwordCost: testPasswordCost), level: 1)
        let listed = try pledgeCLI(["fulfil", "propose", "--policy", "X1-JZ-F", "--due", "2026-12-01"], db: db)
        #expect(listed.status == 0)
        #expect(listed.output == """
            X1-JZ-F 独女户大病大灾救助：独女户；应兑现 2026-12-01（2026年度）
            户编号  户主  社    依据              金额
            0101    张三  一社  独女户（张小红）  3000
            0103    王五  一社  独女户（王小丫）  3000
            建议 2 户；已登记 0 户；暂停守信优惠 0 户。
            未登记：加 --yes 登记以上各户。

            """, "\(listed.output)")
        let unknown = try pledgeCLI(["fulfil", "propose", "--policy", "X1-JZ-F", "--due", "2026-12-01", "--except", "0102"], db: db)
        #expect(unknown.status != 0 && unknown.output.contains("建议名单中没有 0102"), "\(unknown.output)")
        let recorded = try pledgeCLI(["fulfil", "propose", "--policy", "X1-JZ-F", "--due", "2026-12-01", "--except", "0103",
                                      "--yes"], db: db)
        #expect(recorded.status == 0 && recorded.output.hasSuffix("已登记 1 户应兑现事项。\n"), "\(recorded.output)")
        let again = try pledgeCLI(["fulfil", "propose", "--policy", "X1-JZ-F", "--due", "2026-12-01"], db: db)
        #expect(again.output.contains("建议 1 户；已登记 1 户"), "\(again.output)")
        let ledger = try pledgeCLI(["fulfil", "ledger", "0101"], db: db)
        #expect(ledger.output.contains("独女户大病大灾救助") && ledger.output.contains("3000"), "\(ledger.output)")
    }
}
