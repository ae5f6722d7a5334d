import Domain
import Foundation
import Print
import Store
import Testing
import UICore
@testable import App

/// The fixture village with both catalogues, two pledges (0101 signed, 0102 not), a round in
/// which 0101 broke one item, and three entitlements (one delivered, one overdue, one due).
func makePledgeFixture() throws -> AppDatabase {
    let db = try makeFixtureDatabase()
    try db.installDefaultCatalogues(dataDirectory: repoRoot.appendingPathComponent("Data"))
    let rows = try db.pledgeRows()
    let h1 = rows[0].householdId, h2 = rows[1].householdId, h3 = rows[2].householdId
    let items = try db.pledgeItems().map { $0.id! }
    let p1 = try db.recordPledge(householdId: h1, itemIds: Array(items.prefix(4)), pledgedOn: LocalDate("2026-03-16")!,
                                 signedOn: LocalDate("2026-03-18")!, signer: "李秀英")
    try db.recordPledge(householdId: h2, itemIds: Array(items.prefix(3)), pledgedOn: LocalDate("2026-03-16")!,
                        signedOn: nil, signer: "")
    let round = try db.createCheckRound(name: "2026年第四季度", heldOn: LocalDate("2026-11-20")!)
    try db.recordChecks(roundId: round.id!, pledgeId: p1.id!, entries: [
        CheckEntry(itemId: p1.itemIds[0], result: .kept),
        CheckEntry(itemId: p1.itemIds[1], result: .broken, note: "未按时参加孕环情检查"),
        CheckEntry(itemId: p1.itemIds[2], result: .kept),
    ], recordedBy: "王会计", on: LocalDate("2026-11-20")!)
    try awardStars(db)
    // 0101 is a 独女户 and 0102 a 独男户, as the two relief policies need.
    try db.savePerson(Person(householdId: h1, name: "张小红", sex: .female, birthDate: LocalDate("2012-06-01")!, relation: .child))
    try db.savePerson(Person(householdId: h2, name: "买买提·江", sex: .male, birthDate: LocalDate("2014-03-03")!, relation: .child))
    let girl = try db.policy(code: "X1-JZ-F")!, boy = try db.policy(code: "X1-JZ-M")!, service = try db.policy(code: "X2-BX5")!
    let e1 = try db.addEntitlement(Entitlement(policyId: girl.id!, householdId: h1, dueOn: LocalDate("2026-06-30")!))
    try db.recordFulfilment(Fulfilment(entitlementId: e1.id!, deliveredOn: LocalDate("2026-06-20")!, amountFen: 300_000,
                                       detail: "现金发放", reference: "兑-2026-001", recordedBy: "王会计"))
    try db.addEntitlement(Entitlement(policyId: boy.id!, householdId: h2, dueOn: LocalDate("2026-10-30")!))
    try db.addEntitlement(Entitlement(policyId: service.id!, householdId: h3, dueOn: LocalDate("2026-12-31")!))
    return db
}

@Suite struct PledgeScreenSnapshotTests {
    func app(_ language: Language = .zh) throws -> AppModel { try makeModel(try makePledgeFixture(), language: language) }

    @Test func home() throws {
        let app = try app()
        app.press(.char("6"))
        expectSnapshot(app.render(), "pledge_home")
    }

    @Test func homeInEnglish() throws {
        let app = try app(.en)
        app.press(.char("6"))
        expectSnapshot(app.render(), "pledge_home_en")
    }

    @Test func itemCatalogue() throws {
        let app = try app()
        app.press(.char("6"), .char("1"))
        expectSnapshot(app.render(), "pledge_item_list")
    }

    @Test func usedItemCannotBeReworded() throws {
        let app = try app()
        app.press(.char("6"), .char("1"), .enter, .down, .end)
        app.type("等")
        app.press(.function(2))
        expectSnapshot(app.render(), "pledge_item_form_refused")
        #expect(app.screenText.contains("请停用后新增"))
        // The typed text is still there.
        #expect(app.screenText.contains("不违法生育等"))
    }

    @Test func householdPledges() throws {
        let app = try app()
        app.press(.char("6"), .char("2"))
        expectSnapshot(app.render(), "pledge_list")
    }

    @Test func pledgeForm() throws {
        let app = try app()
        app.press(.char("6"), .char("2"), .enter)
        expectSnapshot(app.render(), "pledge_form")
    }

    @Test func checkRounds() throws {
        let app = try app()
        app.press(.char("6"), .char("3"))
        expectSnapshot(app.render(), "check_round_list")
    }

    @Test func roundHouseholds() throws {
        let app = try app()
        app.press(.char("6"), .char("3"), .enter)
        expectSnapshot(app.render(), "round_households")
    }

    @Test func checkEntry() throws {
        let app = try app()
        app.press(.char("6"), .char("3"), .enter, .enter)
        expectSnapshot(app.render(), "check_entry")
    }

    @Test func rates() throws {
        let app = try app()
        app.press(.char("6"), .char("3"), .function(5))
        expectSnapshot(app.render(), "pledge_rates")
    }

    @Test func policies() throws {
        let app = try app()
        app.press(.char("6"), .char("4"))
        expectSnapshot(app.render(), "policy_list")
    }

    @Test func policyForm() throws {
        let app = try app()
        app.press(.char("6"), .char("4"), .enter)
        expectSnapshot(app.render(), "policy_form")
    }

    @Test func ledger() throws {
        let app = try app()
        app.press(.char("6"), .char("5"))
        expectSnapshot(app.render(), "ledger_list")
    }

    @Test func householdLedger() throws {
        let app = try app()
        app.press(.char("6"), .char("5"), .enter)
        expectSnapshot(app.render(), "household_ledger")
    }

    @Test func fulfilmentForm() throws {
        let app = try app()
        app.press(.char("6"), .char("7"), .enter, .down, .function(3))
        expectSnapshot(app.render(), "fulfilment_form")
    }

    @Test func entitlementForm() throws {
        let app = try app()
        app.press(.char("6"), .char("5"), .enter, .function(5))
        expectSnapshot(app.render(), "entitlement_form")
    }

    @Test func newCheckRound() throws {
        let app = try app()
        app.press(.char("6"), .char("3"), .function(3))
        expectSnapshot(app.render(), "check_round_form_new")
    }

    @Test func checkEntryEditingANote() throws {
        let app = try app()
        app.press(.char("6"), .char("3"), .enter, .enter, .end, .up, .char("2"))
        app.type("外出务工未报告")
        expectSnapshot(app.render(), "check_entry_note")
    }

    @Test func summary() throws {
        let app = try app()
        app.press(.char("6"), .char("6"))
        expectSnapshot(app.render(), "fulfilment_summary")
    }

    @Test func overdue() throws {
        let app = try app()
        app.press(.char("6"), .char("7"))
        expectSnapshot(app.render(), "overdue_list")
    }
}

@Suite struct PledgeFlowTests {
    @Test func spaceUntick_F2_makesANewPledgeAndKeepsTheOld() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("2"), .enter)
        #expect(app.screenText.contains("已选 4 项"))
        app.press(.down, .char(" "))
        #expect(app.screenText.contains("已选 3 项"))
        app.press(.function(4))
        // The form now has the keys: set a later pledge date.
        app.press(.ctrl("u"))
        app.type("2026-11-25")
        app.press(.tab, .ctrl("u"))
        app.type("2026-11-25")
        app.press(.function(2))
        #expect(app.screenText.contains("已保存"))
        let h1 = try db.pledgeRows()[0].householdId
        let history = try db.pledgeHistory(householdId: h1)
        try #require(history.count == 2)
        #expect(history[0].itemIds.count == 3)
        #expect(history[1].replacedOn == LocalDate("2026-11-25"))
    }

    @Test func addingOnlyTheSignatureSignsTheSamePledge() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("2"), .down, .enter, .function(4), .tab)
        app.type("2026-03-20")
        app.press(.tab)
        app.type("赵兰")
        app.press(.function(2))
        let h2 = try db.pledgeRows()[1].householdId
        #expect(try db.pledgeHistory(householdId: h2).count == 1)
        #expect(try db.currentPledge(householdId: h2)?.signedOn == LocalDate("2026-03-20"))
    }

    @Test func fastCheckEntryWithDigitsAndANote() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("3"), .enter, .enter)
        // 1 kept (moves down), 1 kept, 2 broken opens the note, type it, Enter moves on, 3 not assessed.
        app.press(.char("1"), .char("1"), .char("2"))
        app.type("外出未报告")
        app.press(.enter, .char("3"))
        #expect(app.screenText.contains("失信 1"))
        // Esc with unsaved results asks first.
        app.press(.escape)
        #expect(app.screenText.contains("放弃"))
        app.press(.escape)
        app.press(.function(2))
        #expect(app.screenText.contains("已保存"))
        let row = try db.roundPledgeRows(roundId: try db.checkRounds()[0].id!)[0]
        let lines = try db.checkLines(roundId: try db.checkRounds()[0].id!, pledgeId: row.pledgeId!)
        #expect(lines.map(\.check?.result) == [.kept, .kept, .broken, .notAssessed])
        #expect(lines[2].check?.note == "外出未报告")
        #expect(lines[2].check?.recordedBy == "王会计")
    }

    @Test func aBrokenItemWithoutANoteIsRefusedAndNothingIsLost() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("3"), .enter, .enter)
        app.press(.char(" "))   // kept → broken
        app.press(.function(2))
        #expect(app.screenText.contains("失信须注明情况"))
        #expect(app.top is CheckEntryScreen)
    }

    @Test func recordAFulfilmentFromTheOverdueList() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("7"), .enter)
        #expect(app.screenText.contains("！逾期"))
        app.press(.down, .function(3))
        // Date and amount are filled in; give the detail, voucher and recorder.
        app.press(.tab, .tab)
        app.type("银行转账")
        app.press(.tab)
        app.type("兑-2026-009")
        app.press(.tab)
        app.type("王会计")
        app.press(.function(2))
        #expect(app.screenText.contains("已保存"))
        #expect(try db.overdueEntitlements(on: testToday).isEmpty)
    }

    @Test func retireAPolicyWithF8() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("4"), .function(8))
        #expect(app.screenText.contains("停用「独女户大病大灾救助」吗"))
        app.press(.char("y"))
        #expect(try db.policies().count == 9)
        #expect(app.screenText.contains("已停用"))
    }

    @Test func everyNewScreenFitsAndShowsItsKeys() throws {
        let paths: [[Key]] = [[.char("6")], [.char("6"), .char("1")], [.char("6"), .char("2")], [.char("6"), .char("3")],
                              [.char("6"), .char("4")], [.char("6"), .char("5")], [.char("6"), .char("6")], [.char("6"), .char("7")],
                              [.char("6"), .char("2"), .enter], [.char("6"), .char("3"), .enter],
                              [.char("6"), .char("3"), .enter, .enter], [.char("6"), .char("3"), .function(5)],
                              [.char("6"), .char("5"), .enter], [.char("6"), .char("5"), .function(5)]]
        for keys in paths {
            let a = try makeModel(try makePledgeFixture())
            keys.forEach(a.handle)
            let grid = a.render()
            #expect(grid.lines().allSatisfy { TextWidth.of($0) <= 80 })
            // Every key of the screen is on the key bar, whole.
            let keyBar = grid.lines()[23]
            for h in a.top.hints { #expect(keyBar.contains(h.key + h.label), "\(keys): \(h.key) \(h.label)") }
            // F1 shows the screen's own help.
            let firstHelpLine = a.top.helpLines.first ?? ""
            a.press(.function(1))
            #expect(a.screenText.contains(String(firstHelpLine.prefix(8))))
        }
    }
}

// MARK: - Command line

/// Runs the built binary on a database with a fixed today.
func pledgeCLI(_ args: [String], db: String) throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = "zh"
    env["CHENGXIN_TODAY"] = "2026-11-25"
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

@Suite(.serialized) struct PledgeCommandTests {
    /// A database with a village, one 社 and household 0101.
    func setUp() throws -> String {
        let db = temporaryDatabase()
        #expect(try pledgeCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try pledgeCLI(["village", "add-group", "1", "一社"], db: db).status == 0)
        #expect(try pledgeCLI(["households", "add", "--number", "0101", "--group", "一社", "--head", "张三", "--sex", "男"],
                              db: db).status == 0)
        return db
    }

    @Test func pledgesFromRecordToRate() throws {
        let db = try setUp()
        let items = try pledgeCLI(["pledges", "items"], db: db)
        #expect(items.status == 0 && items.output.contains("P02") && items.output.contains("按时参加孕环情检查和生殖健康服务"))

        let bad = try pledgeCLI(["pledges", "record", "0101", "--items", "1,99", "--date", "2026-03-16"], db: db)
        #expect(bad.status != 0 && bad.output.contains("没有编号或编码为 99 的承诺事项"))
        let noSigner = try pledgeCLI(["pledges", "record", "0101", "--items", "1,2,P05", "--date", "2026-03-16",
                                      "--signed-on", "2026-03-18"], db: db)
        #expect(noSigner.status != 0 && noSigner.output.contains("签字人"))
        let ok = try pledgeCLI(["pledges", "record", "0101", "--items", "1,2,P05", "--date", "2026-03-16",
                                "--signed-on", "2026-03-18", "--signer", "李秀英"], db: db)
        #expect(ok.status == 0 && ok.output.contains("3 项"))

        #expect(try pledgeCLI(["pledges", "add-round", "2026年第四季度", "--date", "2026-11-20"], db: db).status == 0)
        let dup = try pledgeCLI(["pledges", "add-round", "2026年第四季度", "--date", "2026-11-21"], db: db)
        #expect(dup.status != 0 && dup.output.contains("已有名为「2026年第四季度」的检查轮次"))

        let noRound = try pledgeCLI(["pledges", "check", "--round", "2027年", "--household", "0101", "--item", "1",
                                     "--result", "kept"], db: db)
        #expect(noRound.status != 0 && noRound.output.contains("没有名为「2027年」的检查轮次"))
        let badResult = try pledgeCLI(["pledges", "check", "--round", "2026年第四季度", "--household", "0101", "--item", "1",
                                       "--result", "maybe"], db: db)
        #expect(badResult.status != 0 && badResult.output.contains("--result 应为"))
        let noNote = try pledgeCLI(["pledges", "check", "--round", "2026年第四季度", "--household", "0101", "--item", "2",
                                    "--result", "broken"], db: db)
        #expect(noNote.status != 0 && noNote.output.contains("失信须注明情况"))
        for (item, result, note) in [("1", "kept", ""), ("2", "broken", "未参加孕检"), ("P05", "unassessed", "")] {
            let r = try pledgeCLI(["pledges", "check", "--round", "2026年第四季度", "--household", "0101", "--item", item,
                                   "--result", result, "--note", note], db: db)
            #expect(r.status == 0, "\(r.output)")
        }
        let rate = try pledgeCLI(["pledges", "rate"], db: db)
        #expect(rate.status == 0 && rate.output.contains("星光村  50%（1/2）") && rate.output.contains("0%（0/1）"))
        let groupRate = try pledgeCLI(["pledges", "rate", "--group", "一社"], db: db)
        #expect(groupRate.status == 0 && groupRate.output.contains("一社") && !groupRate.output.contains("星光村  "))
        let noGroup = try pledgeCLI(["pledges", "rate", "--group", "九社"], db: db)
        #expect(noGroup.status != 0 && noGroup.output.contains("没有名称或序号为 九社 的社或诚信小组"))
        let rounds = try pledgeCLI(["pledges", "rounds"], db: db)
        #expect(rounds.status == 0 && rounds.output.contains("2026-11-20"))

        let list = try pledgeCLI(["pledges", "list"], db: db)
        #expect(list.status == 0 && list.output.contains("0101") && list.output.contains("失信"))
        let show = try pledgeCLI(["pledges", "show", "0101"], db: db)
        #expect(show.status == 0 && show.output.contains("2026年第四季度 失信（未参加孕检）"))
        let missing = try pledgeCLI(["pledges", "show", "0999"], db: db)
        #expect(missing.status != 0 && missing.output.contains("没有户编号为 0999 的户"))
    }

    @Test func fulfilmentFromDueToSummary() throws {
        let db = try setUp()
        let policies = try pledgeCLI(["policies", "list"], db: db)
        #expect(policies.status == 0 && policies.output.contains("X1-SX") && policies.output.contains("5000元"))

        let unknown = try pledgeCLI(["fulfil", "due", "0101", "--policy", "NOPE", "--due", "2026-09-01"], db: db)
        #expect(unknown.status != 0 && unknown.output.contains("没有编码为 NOPE 的政策"))
        let badDate = try pledgeCLI(["fulfil", "due", "0101", "--policy", "X1-SX", "--due", "2026-13-01"], db: db)
        #expect(badDate.status != 0 && badDate.output.contains("不是有效日期"))
        let noStars = try pledgeCLI(["fulfil", "due", "0101", "--policy", "X1-SX", "--due", "2026-09-01"], db: db)
        #expect(noStars.status != 0 && noStars.output.contains("须本村为1星级诚信村，2026-09-01本村为无星级"))
        try awardStars(AppDatabase.open(path: db, passwordCost: testPasswordCost), level: 1)
        // 0101 is not a one-child family until its child is registered.
        let noChild = try pledgeCLI(["fulfil", "due", "0101", "--policy", "X1-SX", "--due", "2026-09-01"], db: db)
        #expect(noChild.status != 0 && noChild.output.contains("不是独生子女家庭（登记子女：0男0女）"), "\(noChild.output)")
        #expect(try pledgeCLI(["persons", "add", "--household", "0101", "--name", "张小红", "--sex", "女", "--relation", "子女",
                               "--born", "2008-05-01"], db: db).status == 0)
        #expect(try pledgeCLI(["fulfil", "due", "0101", "--policy", "X1-SX", "--due", "2026-09-01"], db: db).status == 0)
        // 困难会员救助 needs an association member in a household marked as in hardship (on its card).
        let notPoor = try pledgeCLI(["fulfil", "due", "0101", "--policy", "XH-KN", "--due", "2026-12-31", "--amount", "800"], db: db)
        #expect(notPoor.status != 0 && notPoor.output.contains("未登记为生活困难户")
                && notPoor.output.contains("户内没有计生协会会员"), "\(notPoor.output)")
        let store = try AppDatabase.open(path: db, passwordCost: testPasswordCost)
        var card = try #require(try store.household(id: 1))
        card.isHardship = true
        try store.updateHousehold(card)
        var head = try #require(try store.person(id: card.headPersonId!))
        head.isAssociationMember = true
        try store.savePerson(head)
        let twice = try pledgeCLI(["fulfil", "due", "0101", "--policy", "X1-SX", "--due", "2027-09-01"], db: db)
        #expect(twice.status != 0 && twice.output.contains("一次性政策"))
        #expect(try pledgeCLI(["fulfil", "due", "0101", "--policy", "XH-KN", "--due", "2026-12-31", "--amount", "800"],
                              db: db).status == 0)

        let noRef = try pledgeCLI(["fulfil", "record", "0101", "--policy", "X1-SX", "--date", "2026-08-20",
                                   "--amount", "5000", "--ref", "", "--by", "王会计"], db: db)
        #expect(noRef.status != 0 && noRef.output.contains("凭证号"))
        let tooMuch = try pledgeCLI(["fulfil", "record", "0101", "--policy", "X1-SX", "--date", "2026-08-20",
                                     "--amount", "6000", "--ref", "兑-1", "--by", "王会计"], db: db)
        #expect(tooMuch.status != 0 && tooMuch.output.contains("超出应兑现金额"))
        let notDue = try pledgeCLI(["fulfil", "record", "0101", "--policy", "X1-JZ-M", "--date", "2026-08-20",
                                    "--amount", "2000", "--ref", "兑-1", "--by", "王会计"], db: db)
        #expect(notDue.status != 0 && notDue.output.contains("chengxin fulfil due"))
        #expect(try pledgeCLI(["fulfil", "record", "0101", "--policy", "X1-SX", "--date", "2026-08-20",
                               "--amount", "5000", "--ref", "兑-1", "--by", "王会计"], db: db).status == 0)

        let ledger = try pledgeCLI(["fulfil", "ledger", "0101"], db: db)
        #expect(ledger.status == 0 && ledger.output.contains("已兑现") && ledger.output.contains("待兑现"))
        let summary = try pledgeCLI(["fulfil", "summary"], db: db)
        #expect(summary.status == 0 && summary.output.contains("应兑现 2 项，已兑现 1 项，逾期 0 项")
                && summary.output.contains("应兑现资金 5800 元，已兑现 5000 元"))
        let noLedger = try pledgeCLI(["fulfil", "ledger", "0999"], db: db)
        #expect(noLedger.status != 0 && noLedger.output.contains("没有户编号为 0999 的户"))
        #expect(try pledgeCLI(["fulfil", "overdue"], db: db).output.contains("没有逾期未兑现的事项"))
    }
}

@Suite struct PledgeReviewFixTests {
    @Test func signingAndDeliveringInTheFutureAreRefused() throws {
        let db = try makePledgeFixture()
        let h2 = try db.pledgeRows()[1].householdId
        let pledge = try #require(try db.currentPledge(householdId: h2))
        #expect(throws: StoreError.self) {
            try db.signPledge(pledgeId: pledge.id!, signedOn: LocalDate("2026-12-30")!, signer: "赵兰", today: testToday)
        }
        #expect(throws: StoreError.self) {
            try db.recordPledge(householdId: h2, itemIds: pledge.itemIds, pledgedOn: LocalDate("2026-11-20")!,
                                signedOn: LocalDate("2026-11-26")!, signer: "赵兰", today: testToday)
        }
        let due = try #require(try db.householdLedger(householdId: try db.pledgeRows()[1].householdId, on: testToday)
            .first { !$0.isDelivered })
        #expect(throws: StoreError.self) {
            try db.recordFulfilment(Fulfilment(entitlementId: due.entitlement.id!, deliveredOn: LocalDate("2027-01-01")!,
                                               amountFen: 100_000, detail: "", reference: "PZ-1", recordedBy: "王会计"),
                                    today: testToday)
        }
    }

    @Test func savingAPartCheckAsksAndLeavesTheHouseholdUnchecked() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("3"), .enter, .enter)
        app.press(.char("1"), .char("1"))
        app.press(.function(2))
        #expect(app.screenText.contains("项未登记结果"))
        app.press(.char("y"))
        #expect(app.screenText.contains("已保存"))
        let row = try db.pledgeRows()[0]
        #expect(row.standing == .signedUnchecked)
    }
}
