import Domain
import Foundation
import Print
import Store
import Testing

extension EndToEndTests {
    /// Issue 4's flow on the real binary: a household pledge, a check round with one broken
    /// item, a fulfilment, and the dashboard's figures following each step.
    @Test func pledgeCheckFulfilAndTheDashboardFollows() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try runCLI(["village", "add-group", "1", "一社"], db: db).status == 0)
        #expect(try runCLI(["households", "add", "--number", "0101", "--group", "一社", "--head", "张三", "--sex", "男"],
                           db: db).status == 0)
        // A 独女户 (the first policy offered is 独女户大病大灾救助).
        #expect(try runCLI(["persons", "add", "--household", "0101", "--name", "张小红", "--sex", "女", "--relation", "子女",
                            "--born", "2008-05-01"], db: db).status == 0)
        // A one-star village, so the county's star-dependent benefits may be due: a review decided
        // before these records were kept, entered as it was decided (the records would refuse it now).
        do {
            let store = try AppDatabase.open(path: db)
            let level1 = try store.starCriteria().required(for: 1).map(\.id)
            try store.recordStarReview(StarReview(reviewedOn: LocalDate("2026-01-10")!, levelApplied: 1, criteriaMet: level1,
                                                  passed: true, reviewer: "县人口计生局"), on: LocalDate("2026-11-25")!)
        }
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_NEW_PASSWORD"] = "admin2026"
        #expect(try ChildProcess.run([chengxinBinary, "users", "add", "admin", "--role", "administrator", "--name", "王专干"],
                                     environment: env).status == 0)

        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn()
        var screen = try t.waitFor("概况 2026-11-25")
        #expect(screen.contains("守信率 —"))
        #expect(screen.contains("兑现　0/0 项"))

        // A household pledge: all items ticked, signed today by the head.
        try t.keys("6")
        try t.waitFor("户承诺书")
        try t.keys("2")
        try t.waitFor("0101")
        try t.keys("Enter")
        try t.waitFor("本户尚无承诺书")
        try t.keys("F4", "Tab")
        try t.type("2026-11-25")
        try t.keys("Tab")
        try t.type("张三")
        try t.keys("F2")
        try t.waitFor("已保存")
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("Escape")
        try t.waitFor("检查轮次")

        // A check round: P01 kept, P02 broken with a note, the rest kept.
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("3")
        try t.waitFor("事项守信率")
        try t.keys("F3")
        try t.waitFor("检查日期")
        try t.keys("F2")
        try t.waitFor("2026年第四季度")
        try t.keys("Enter")
        try t.waitFor("逐户检查")
        try t.keys("Enter")
        try t.waitFor("未登记 8")
        try t.keys("1", "2")
        try t.type("外出未报告")
        try t.keys("Enter")
        for _ in 0..<6 { try t.keys("1") }
        try t.waitFor("守信 7  失信 1")
        try t.keys("F2")
        try t.waitFor("已保存")
        // Saving went back to the round's households; then the rounds, then the pledge menu.
        for _ in 0..<2 {
            Thread.sleep(forTimeInterval: 0.4)
            try t.keys("Escape")
        }
        screen = try t.waitFor("兑现汇总")

        // Back on the main screen the kept rate shows the broken item.
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("Escape")
        screen = try t.waitFor("守信率 87.5%（7/8）")
        #expect(screen.contains("2026年第四季度"))

        // What is due to the household, then its delivery.
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("6")
        try t.waitFor("兑现台账")
        try t.keys("5")
        try t.waitFor("（无记录）")
        try t.keys("F5")
        try t.waitFor("应兑现日期")
        try t.type("0101")
        try t.keys("F2")
        try t.waitFor("0101")
        try t.keys("Enter")
        try t.waitFor("登记兑现")
        try t.keys("F3")
        try t.waitFor("凭证号")
        try t.keys("Tab", "Tab")
        try t.type("现金发放")
        try t.keys("Tab")
        try t.type("兑-2026-001")
        try t.keys("F2")
        try t.waitFor("已保存")
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.4)
            try t.keys("Escape")
        }
        screen = try t.waitFor("兑现　1/1 项")
        #expect(screen.contains("逾期 0"))
        #expect(screen.contains("守信率 87.5%（7/8）"))
    }
}
