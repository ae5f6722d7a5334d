import Foundation
import Print
import Testing

extension EndToEndTests {
    /// The calendar on the real binary: the main screen's 待办 lists the next three deadlines
    /// not done, `i` opens the calendar, F5 marks the monthly report done, and back on the
    /// main screen the next deadline has taken its place.
    @Test func markADeadlineDoneAndTheMainScreensToDoFollows() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        // A check round in the third quarter; August's report and phase 4 marked done.
        #expect(try runCLI(["pledges", "add-round", "2026年第三季度", "--date", "2026-09-20"], db: db).status == 0)
        #expect(try runCLI(["calendar", "done", "monthly-report", "--due", "2026-09-05", "--on", "2026-09-04"], db: db).status == 0)
        #expect(try runCLI(["calendar", "done", "phase-4", "--due", "2026-09-15", "--on", "2026-09-15"], db: db).status == 0)
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_NEW_PASSWORD"] = "admin2026"
        #expect(try ChildProcess.run([chengxinBinary, "users", "add", "admin", "--role", "administrator"],
                                     environment: env).status == 0)

        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn()
        var screen = try t.waitFor("概况 2026-11-25")
        #expect(screen.contains("i 待办　！09-30 季度满意度调查（第三季度）"), "\(screen)")
        #expect(screen.contains("！09-30 季度星级评定（第三季度）") && screen.contains("！10-05 村级月报告单（9月）"))
        #expect(screen.contains("h 整改　未结 0 · 逾期 0 · 暂停优惠 0 户"))

        // The calendar starts on the first deadline not done; two rows down is September's report.
        try t.keys("i")
        screen = try t.waitFor("工作日程 · 2026年")
        #expect(screen.contains("2026-09-30 季度守信检查（第三季度）               已办       2026-09-20"), "\(screen)")
        try t.keys("Down", "Down", "F5")
        try t.waitFor("登记已办 · 村级月报告单（9月）")
        try t.keys("Tab")
        try t.type("已报乡镇")
        try t.keys("F2")
        screen = try t.waitFor("已保存")
        #expect(screen.contains("2026-10-05 村级月报告单（9月）                    已办       2026-11-25"), "\(screen)")

        // Back on the main screen, phase 5 (10-30) is the third deadline.
        try t.keys("Escape")
        screen = try t.waitFor("概况 2026-11-25")
        #expect(screen.contains("！10-30 评估验收") && !screen.contains("9月）"), "\(screen)")
        let log = try runCLI(["audit", "--table", "calendar_done"], db: db)
        #expect(log.output.contains("日程已办登记") && log.output.contains("已报乡镇"), "\(log.output)")
    }
}
