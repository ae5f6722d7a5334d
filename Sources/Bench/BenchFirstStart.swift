import App
import Domain
import Foundation
import Store

extension BenchRun {
    // MARK: The day's first start

    /// Where the app writes today's backup of the database at `path`.
    static func dailyBackupFile(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return AppDatabase.dailyBackupPath(in: url.deletingLastPathComponent().appendingPathComponent("backups").path,
                                           name: url.deletingPathExtension().lastPathComponent, today: .today())
    }

    /// Waits until today's backup of `path` exists, reading the program's
    /// output meanwhile; the seconds since `start`, nil on time-out.
    static func waitForDailyBackup(of path: String, session: PtySession, since start: Double, timeoutSeconds: Double) -> Double? {
        let file = dailyBackupFile(for: path)
        while monotonicSeconds() - start < timeoutSeconds {
            if FileManager.default.fileExists(atPath: file) { return monotonicSeconds() - start }
            session.read(timeoutMilliseconds: 20)
        }
        return nil
    }

    /// The real binary started on a copy of the county that has no backup for
    /// today: the time to the sign-in screen (the backup goes on behind it),
    /// and, in the note, when the background backup was finished.
    mutating func measureFirstStartOfDay(path: String, options: GlobalOptions, dir: String) throws {
        let fm = FileManager.default
        let copyDir = dir + "/first-start"
        try? fm.removeItem(atPath: copyDir)
        try fm.createDirectory(atPath: copyDir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: copyDir) }
        let copy = copyDir + "/county.sqlite"
        // Nothing writes to the county while it is copied: the file and its WAL are the database.
        try fm.copyItem(atPath: path, toPath: copy)
        if fm.fileExists(atPath: path + "-wal") { try fm.copyItem(atPath: path + "-wal", toPath: copy + "-wal") }

        let exe = Self.executablePath()
        let villageName = (try? options.openDatabase(path: copy, signIn: false).village()?.name) ?? "村"
        let marker = [villageName, "Esc"]
        let env = Self.terminalEnvironment()
        var signIn: [Double] = []
        var backup: [Double] = []
        for _ in 0..<runs {
            try? fm.removeItem(atPath: copyDir + "/backups")
            // A quiet disk, as at the day's first start: the copy and the last run's backup written out.
            sync()
            let start = monotonicSeconds()
            let s = try PtySession([exe, "--db", copy], environment: env)
            if s.waitFor(marker, timeoutSeconds: 30) != nil { signIn.append(monotonicSeconds() - start) }
            if let done = Self.waitForDailyBackup(of: copy, session: s, since: start, timeoutSeconds: 600) { backup.append(done) }
            s.terminate()
        }
        // What the sign-in screen used to wait for: the same backup in one step, in this process.
        let db = try options.openDatabase(path: copy, signIn: false)
        try? fm.removeItem(atPath: copyDir + "/backups")
        let oneStepStart = monotonicSeconds()
        try db.rotateDailyBackups(in: copyDir + "/backups", name: "county", today: .today())
        let oneStep = monotonicSeconds() - oneStepStart
        let cli = sqliteProcessTimes(path: copy, sql: "SELECT * FROM village ORDER BY id LIMIT 1", repeats: runs)
        let seconds = backup.map { String(format: "%.2f", $0) }
        let size = Double((try? fm.attributesOfItem(atPath: copy)[.size] as? Int) ?? 0) / 1e6
        rows.append(BenchRow(label: Localized("当天首次启动（县级库，无当天备份；真实程序，启动到登录界面画出）",
                                              "First start of the day on the county database (no backup for today; real binary, start to sign-in screen)"),
                             samples: signIn, baseline: cli,
                             baselineLabel: Localized("sqlite3 进程打开库读村行", "sqlite3 process opening the DB, reading the village row"),
                             budget: 0.150, unit: .seconds,
                             note: Localized(String(format: "每日备份（%.0f MB）在登录界面后台写完：启动后 ", size) + seconds.joined(separator: "、")
                                                 + String(format: " 秒；同一备份一步写完（进程内，以前登录界面要等的）：%.2f 秒", oneStep),
                                             String(format: "the daily backup (%.0f MB) finished behind the sign-in screen ", size)
                                                 + seconds.joined(separator: ", ")
                                                 + String(format: " s after the start; the same backup in one step (in process, what the sign-in screen used to wait for): %.2f s", oneStep))))
    }
}
