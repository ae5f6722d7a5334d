import Foundation
import Print
import Testing

extension EndToEndTests {
    /// A review finding's measure on the real binary: overdue on the dashboard (line k), `k`
    /// opens the list, F9 closes it, and the dashboard follows.
    @Test func anOverdueReviewMeasureIsClosedFromTheDashboard() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try runCLI(["village", "add-group", "1", "一社"], db: db).status == 0)
        #expect(try runCLI(["measures", "finding", "--date", "2026-11-02", "--text", "部分群众不清楚12356热线"], db: db).status == 0)
        #expect(try runCLI(["measures", "add", "1", "--measure", "各社张贴热线号码", "--owner", "村计生专干",
                            "--deadline", "2026-11-20"], db: db).status == 0)
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_NEW_PASSWORD"] = "admin2026"
        #expect(try ChildProcess.run([chengxinBinary, "users", "add", "admin", "--role", "administrator", "--name", "王专干"],
                                     environment: env).status == 0)

        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn()
        try t.waitFor("评议整改　未完成 1 · 逾期 1")
        try t.keys("k")
        try t.waitFor("！逾期")
        try t.keys("F9")
        try t.waitFor("完成日期")
        try t.keys("Tab")
        try t.type("八个社均已张贴")
        try t.keys("F2")
        try t.waitFor("完成 2026-11-25")
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("Escape")
        try t.waitFor("评议整改　未完成 0 · 逾期 0")
        #expect(try runCLI(["measures", "list"], db: db).output.contains("完成 2026-11-25"))
    }
}
