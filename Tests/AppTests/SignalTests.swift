import Foundation
import Print
import Store
import Testing

/// The real app in tmux, stopped by a hang-up (SIGHUP) or SIGTERM with a form
/// half filled in: it exits promptly, leaves the database clean and the
/// terminal usable, and offers the form back at the next sign-in.
@Suite(.serialized, .enabled(if: tmuxAvailable, "tmux is installed by `make deps`"))
struct SignalTests {
    func environment(db: String) -> String {
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen CHENGXIN_LANG=zh CHENGXIN_DB='\(db)'"
    }

    /// A database with the village and one 社, no users yet.
    func makeDatabase() throws -> String {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try runCLI(["village", "add-group", "1", "一社"], db: db).status == 0)
        return db
    }

    /// From the main menu: a new household form with three values typed, not saved.
    func fillNewHouseholdForm(_ t: Tmux) throws {
        try t.waitFor("户卡管理")
        try t.keys("3")
        try t.waitFor("（无记录）")
        try t.keys("F3")
        try t.waitFor("户主姓名")
        try t.type("0909")
        try t.keys("Tab", "Tab")
        try t.type("星光村一社9号")
        try t.keys("Tab", "Tab")
        try t.type("欧阳明月")
        try t.waitFor("欧阳明月")
    }

    /// The pid of the chengxin process running in the pane (the pane's own
    /// process, or its child when a shell runs it).
    func appPid(_ t: Tmux) throws -> pid_t {
        let panePid = try Tmux.run(["list-panes", "-t", t.session, "-F", "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var candidates = [panePid]
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            for pid in candidates {
                let cmd = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
                if cmd.contains("chengxin") && !cmd.hasPrefix("sh\0") { return pid_t(pid)! }
            }
            let children = (try? String(contentsOfFile: "/proc/\(panePid)/task/\(panePid)/children", encoding: .utf8)) ?? ""
            candidates = [panePid] + children.split(separator: " ").map(String.init)
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw CancellationError()
    }

    /// Waits up to `seconds` for `pid` to be gone; returns how long it took, nil if it is still there.
    func waitForExit(_ pid: pid_t, seconds: Double) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if kill(pid, 0) != 0 && errno == ESRCH { return Date().timeIntervalSince(start) }
            // A zombie waiting for its parent counts as gone.
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if stat.contains(") Z ") { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Relaunches, signs in, accepts the offered draft and finds the typed values.
    func expectDraftOffered(_ t: Tmux) throws {
        try t.signIn()
        let offer = try t.waitFor("发现上次未保存的表单")
        #expect(offer.contains("户卡"), "\(offer)")
        try t.keys("y")
        let form = try t.waitFor("欧阳明月")
        #expect(form.contains("0909"))
        #expect(form.contains("星光村一社9号"))
    }

    @Test func aHangUpKeepsTheFormAsADraftAndTheDatabaseClean() throws {
        let db = try makeDatabase()
        let t = Tmux()
        defer { t.kill() }
        try t.start("\(environment(db: db)) '\(chengxinBinary)'")
        try t.createAdministrator()
        try fillNewHouseholdForm(t)
        let pid = try appPid(t)
        // The SSH link drops: tmux hangs up the pane's terminal.
        t.kill()
        let took = waitForExit(pid, seconds: 5)
        #expect(took != nil, "the app did not exit within 5 s of SIGHUP")
        print("SIGHUP: the app exited after \(took.map { String(format: "%.2f s", $0) } ?? "-")")
        let verify = try runCLI(["verify"], db: db)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(try runCLI(["households", "list"], db: db).output.contains("0909") == false, "nothing was saved")

        let t2 = Tmux()
        defer { t2.kill() }
        try t2.start("\(environment(db: db)) '\(chengxinBinary)'")
        try expectDraftOffered(t2)
    }

    @Test func sigtermRestoresTheTerminalAndKeepsTheDraft() throws {
        let db = try makeDatabase()
        let t = Tmux()
        defer { t.kill() }
        // A shell in the pane runs the app, so the terminal can be checked after it exits.
        try t.start("env PS1='$ ' sh")
        try t.type("\(environment(db: db)) '\(chengxinBinary)'")
        try t.keys("Enter")
        try t.createAdministrator()
        try fillNewHouseholdForm(t)
        let pid = try appPid(t)
        kill(pid, SIGTERM)
        let took = waitForExit(pid, seconds: 5)
        #expect(took != nil, "the app did not exit within 5 s of SIGTERM")
        print("SIGTERM: the app exited after \(took.map { String(format: "%.2f s", $0) } ?? "-")")
        // The shell's screen is back, with no trace of the form.
        try t.type("stty -a; echo STTY-$((40+2))")
        try t.keys("Enter")
        let screen = try t.waitFor("STTY-42")
        #expect(!screen.contains("户主姓名"), "curses output left behind:\n\(screen)")
        let modes = screen.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init)
        #expect(modes.contains("icanon") && modes.contains("echo") && !modes.contains("-icanon") && !modes.contains("-echo"),
                "the terminal is still in the app's modes:\n\(screen)")
        let verify = try runCLI(["verify"], db: db)
        #expect(verify.status == 0, "\(verify.output)")

        try t.type("clear; \(environment(db: db)) '\(chengxinBinary)'")
        try t.keys("Enter")
        try expectDraftOffered(t)
    }
}
