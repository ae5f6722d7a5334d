import Foundation
import Print
import Testing

/// A meeting recorded in the real binary at 80×24 on the demo village, with who attended
/// picked from the roster, then found on the printed board and in the group's volume.
@Suite(.serialized, .enabled(if: tmuxAvailable, "tmux is installed by `make deps`"))
struct MeetingEndToEndTests {
    @Test func aMeetingRecordedWithAttendeesIsOnTheBoardAndInTheVolume() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let t = Tmux()
        defer { t.kill() }
        try t.start("env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen CHENGXIN_LANG=zh CHENGXIN_DB='\(db)' CHENGXIN_TODAY=2026-11-25 '\(chengxinBinary)'")
        try t.waitFor("演示数据库账户")
        try t.signIn("clerk", "demo2026")
        let home = try t.waitFor("j 宣传")
        #expect(home.contains("j 宣传　3/4 · 走访 1 · 帮带 1对"), "\(home)")
        try t.keys("7")
        try t.waitFor("会议与走访")
        try t.keys("5")
        try t.waitFor("2026年：宣传 3/4")
        try t.keys("F3")
        try t.waitFor("诚信计生小组：")
        // 宣传 and today are filled in; place, leader, topic; then the group (the first one, 一社第一小组).
        try t.keys("Tab", "Tab")
        try t.type("一社文化室")
        try t.keys("Tab")
        try t.type("王芳")
        try t.keys("Tab")
        try t.type("冬季计生政策宣传")
        try t.keys("Tab", "Tab", "Tab", "Tab", "Right")
        try t.waitFor("诚信计生小组：一社第一小组")
        try t.keys("F2")
        // The picker: 一社's households; Space records the first, 0101.
        try t.waitFor("空格选择参加的户和人")
        try t.keys("Space")
        let picked = try t.waitFor("已登记参加：1 户，0 人")
        #expect(picked.contains("✓  0101"), "\(picked)")
        try t.keys("Escape")
        let list = try t.waitFor("宣传 4/4")
        #expect(list.contains("冬季计生政策宣传") && list.contains("1户0人"), "\(list)")
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 0.3)
        try t.keys("Escape")
        try t.waitFor("j 宣传　4/4")

        // Printed through the print path to text files.
        let dir = URL(fileURLWithPath: db).deletingLastPathComponent()
        let board = dir.appendingPathComponent("board.txt").path, volume = dir.appendingPathComponent("volume.txt").path
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_LANG"] = "zh"
        env["CHENGXIN_TODAY"] = "2026-11-25"
        env["CHENGXIN_USER"] = "clerk"
        env["CHENGXIN_PASSWORD"] = "demo2026"
        #expect(try ChildProcess.run([chengxinBinary, "print", "board", "-o", board], environment: env).status == 0)
        #expect(try ChildProcess.run([chengxinBinary, "print", "archive", "--group", "一社第一小组", "-o", volume],
                                     environment: env).status == 0)
        let boardText = try String(contentsOfFile: board, encoding: .utf8)
        #expect(boardText.contains("2026年11月25日 宣传：冬季计生政策宣传"), "\(boardText)")
        #expect(boardText.contains("开展宣传4次"), "\(boardText)")
        let volumeText = try String(contentsOfFile: volume, encoding: .utf8)
        // The contents list it (the title wraps in its column), its pages hold it, the remarks count it
        // beside the 社员会议 of May that names the group.
        #expect(volumeText.contains("| 宣传记录：冬季计生"), "\(volumeText)")
        #expect(volumeText.contains("主题：冬季计生政策宣传") && volumeText.contains("一社文化室"))
        #expect(volumeText.contains("参加人员（1户）"), "\(volumeText)")
        #expect(volumeText.contains("会议与活动记录2份"), "the remarks count them")
    }
}
