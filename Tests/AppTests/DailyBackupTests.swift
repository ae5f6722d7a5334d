import App
import Domain
import Foundation
import Print
import Store
import Testing

/// The day's first backup runs behind the sign-in screen and goes cleanly when the app quits first.
@Suite struct DailyBackupTests {
    let day = LocalDate("2026-11-25")!

    func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func startReturnsAtOnceAndAStoppedBackupLeavesNothing() throws {
        let path = temporaryDatabase()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("backups").path
        let db = try AppDatabase.open(path: path, passwordCost: ScryptCost(log2N: 4, r: 1, p: 1))
        _ = try db.saveVillage(Village(name: "星光村"))

        let started = Date()
        let slow = try #require(DailyBackup.start(db, today: day, environment: ["CHENGXIN_SLOW_BACKUP_MS": "50"]))
        #expect(Date().timeIntervalSince(started) < 0.5)
        // A write while it runs.
        _ = try db.saveVillage(Village(id: try db.village()?.id, name: "月光村"))
        #expect(!slow.isFinished)
        #expect(slow.stop() == nil)
        #expect(slow.isFinished && slow.writtenPath == nil)
        #expect(files(folder).isEmpty)

        let normal = try #require(DailyBackup.start(db, today: day, environment: [:]))
        #expect(normal.wait(seconds: 30))
        #expect(normal.writtenPath == folder + "/test-2026-11-25.sqlite")
        #expect(files(folder) == ["test-2026-11-25.sqlite"])
        _ = try AppDatabase.checkBackup(at: folder + "/test-2026-11-25.sqlite")
        #expect(normal.stop() == nil)
    }

    @Test func aBackupAboutToEndIsLetFinishWhenTheAppQuits() throws {
        let path = temporaryDatabase()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("backups").path
        let db = try AppDatabase.open(path: path, passwordCost: ScryptCost(log2N: 4, r: 1, p: 1))
        _ = try db.saveVillage(Village(name: "星光村"))
        let job = try #require(DailyBackup.start(db, today: day, environment: ["CHENGXIN_SLOW_BACKUP_MS": "20"]))
        let deadline = Date().addingTimeInterval(60)
        while (job.progress?.remaining ?? .max) > 10 && Date() < deadline { usleep(1000) }
        #expect(!job.isFinished)
        #expect(job.stop() == nil)
        #expect(job.writtenPath == folder + "/test-2026-11-25.sqlite")
        #expect(files(folder) == ["test-2026-11-25.sqlite"])
        _ = try AppDatabase.checkBackup(at: folder + "/test-2026-11-25.sqlite")
    }
}

/// The real app in tmux, its daily backup slowed down (`CHENGXIN_SLOW_BACKUP_MS`) so
/// it is still running when the sign-in screen is up.
@Suite(.serialized, .enabled(if: tmuxAvailable, "tmux is installed by `make deps`"))
struct DailyBackupEndToEndTests {
    func command(db: String, extra: String = "") -> String {
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen CHENGXIN_LANG=zh CHENGXIN_TODAY=2026-11-25 CHENGXIN_DB='\(db)' \(extra) '\(chengxinBinary)'"
    }

    func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// The process in the pane (`env` runs the app in its own place).
    func pid(_ t: Tmux) throws -> pid_t {
        try #require(pid_t(try Tmux.run(["list-panes", "-t", t.session, "-F", "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    @Test func theSignInScreenComesBeforeTheBackupAndAQuitAbandonsItCleanly() throws {
        let db = temporaryDatabase()
        let folder = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("backups").path
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_NEW_PASSWORD"] = "admin2026"
        #expect(try ChildProcess.run([chengxinBinary, "users", "add", "admin", "--role", "administrator"],
                                     environment: env).status == 0)
        let backup = "test-2026-11-25.sqlite"
        let slow = "CHENGXIN_SLOW_BACKUP_MS=100"

        // Signed in and at work while the backup is still being written; 0 退出 stops it and removes its file.
        let t = Tmux()
        defer { t.kill() }
        try t.start(command(db: db, extra: slow))
        try t.waitFor("用户名")
        #expect(!files(folder).contains(backup))
        try t.signIn()
        try t.waitFor("概况 2026-11-25")
        #expect(files(folder).count == 1 && files(folder).allSatisfy { $0.hasSuffix(".partial") }, "\(files(folder))")
        try t.keys("q")
        try t.waitFor("退出诚信计生")
        try t.keys("y")
        #expect(waitUntil(seconds: 5) { !t.isRunning() })
        #expect(files(folder).isEmpty, "\(files(folder))")

        // SIGTERM while it runs: the same.
        let t2 = Tmux()
        defer { t2.kill() }
        try t2.start(command(db: db, extra: slow))
        try t2.waitFor("用户名")
        #expect(waitUntil(seconds: 5) { !files(folder).isEmpty })
        kill(try pid(t2), SIGTERM)
        #expect(waitUntil(seconds: 5) { !t2.isRunning() })
        #expect(files(folder).isEmpty, "\(files(folder))")

        // SIGKILL: only a .partial file is left, and it is no backup.
        let t3 = Tmux()
        defer { t3.kill() }
        try t3.start(command(db: db, extra: slow))
        try t3.waitFor("用户名")
        #expect(waitUntil(seconds: 5) { !files(folder).isEmpty })
        kill(try pid(t3), SIGKILL)
        #expect(waitUntil(seconds: 5) { !t3.isRunning() })
        #expect(files(folder).count == 1 && files(folder).allSatisfy { $0.hasSuffix(".partial") }, "\(files(folder))")

        // The next start writes the backup behind the sign-in screen and clears what was left.
        let t4 = Tmux()
        defer { t4.kill() }
        try t4.start(command(db: db))
        try t4.waitFor("用户名")
        #expect(waitUntil(seconds: 20) { files(folder) == [backup] }, "\(files(folder))")
        _ = try AppDatabase.checkBackup(at: folder + "/" + backup)
        let verify = try runCLI(["verify"], db: db)
        #expect(verify.status == 0, "\(verify.output)")
    }
}
