import Domain
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Backups with SQLite's online backup, and restoring one.
extension AppDatabase {
    /// Copies the whole database to `path` while it stays in use (SQLite's
    /// online backup). The copy is private to the owner (0600). Needs a user
    /// who sees full numbers anyway (administrator or clerk).
    public func backup(to path: String) throws {
        try require(.fullNumbers)
        try Self.writeBackup(of: dbWriter, to: path)
        try dbWriter.write { db in try appendAuditEvent(db, action: "backup", note: path) }
    }

    /// Thrown between the steps of a stepped backup that was told to stop;
    /// the unfinished file is already gone.
    public struct BackupStopped: Error, Equatable {
        public init() {}
    }

    /// Copies `source` to `path` with SQLite's online backup, `pagesPerStep`
    /// pages at a time (-1: all at once). `betweenSteps` runs after each
    /// unfinished step with the pages still to copy and the pages in all,
    /// and stops the backup by throwing.
    ///
    /// The copy is written under a temporary name ending in `.partial`,
    /// locked while it is written, and takes its name only when complete: a
    /// crash leaves at most a `.partial` file, which never counts as a backup.
    static func writeBackup(of source: any DatabaseReader, to path: String, pagesPerStep: Int32 = -1,
                            betweenSteps: ((_ remaining: Int, _ total: Int) throws -> Void)? = nil) throws {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // What an earlier backup to this same file left when it was killed midway goes first; in
        // a folder of the user's, other files' are not this backup's business.
        removeAbandonedPartials(in: dir, of: (path as NSString).lastPathComponent)
        // A name of its own, so two programs backing up at once do not write into one file.
        let temp = path + "-" + UUID().uuidString.prefix(8) + ".partial"
        let lock = systemOpen(temp, O_CREAT | O_EXCL | O_RDWR, 0o600)
        guard lock >= 0 else {
            throw StoreError.refused(Localized("无法写入备份文件：\(path)", "Cannot write the backup file: \(path)"))
        }
        // Held until the file is renamed or removed: a .partial file nobody holds is left over from a crash.
        _ = flock(lock, LOCK_EX)
        defer { systemClose(lock) }
        do {
            let destination = try DatabaseQueue(path: temp)
            // The copy is thrown away if it fails: no journal file beside it.
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = MEMORY") }
            try source.backup(to: destination, pagesPerStep: pagesPerStep) { progress in
                if !progress.isCompleted { try betweenSteps?(progress.remainingPageCount, progress.totalPageCount) }
            }
            try destination.close()
            // The finished copy takes its name only when complete.
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
            try fm.moveItem(atPath: temp, toPath: path)
        } catch {
            try? fm.removeItem(atPath: temp)
            throw error
        }
    }

    /// Removes the `.partial` files in `folder` that no running backup holds:
    /// what a backup killed midway left behind; with `target`, only those of a backup to that file.
    static func removeAbandonedPartials(in folder: String, of target: String? = nil) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".partial") {
            if let target, !(name.hasPrefix(target + "-") && name.count == target.count + 17) { continue }
            let path = folder + "/" + name
            let fd = systemOpen(path, O_RDONLY, 0)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                try? fm.removeItem(atPath: path)
            }
            systemClose(fd)
        }
    }

    /// The daily backup's file in `folder` for `today`: `<name>-YYYY-MM-DD.sqlite`.
    public static func dailyBackupPath(in folder: String, name: String, today: LocalDate) -> String {
        folder + "/" + name + "-" + today.description + ".sqlite"
    }

    /// Keeps one backup a day in `folder` (`<name>-YYYY-MM-DD.sqlite`), and the
    /// newest `keep` of them. Returns the path written, or nil when today's exists.
    /// Housekeeping of the program: runs whoever is signed in.
    ///
    /// The copy is taken in steps of `pagesPerStep` pages from one read
    /// transaction of its own, so it is the database as it was when the backup
    /// began, and the user's writes go on meanwhile (WAL: a reader does not
    /// block the writer, and the backup never restarts). `betweenSteps` runs
    /// after each unfinished step with the pages still to copy and the pages
    /// in all, and stops the backup by throwing; nothing then counts as
    /// today's backup and the next start writes it again.
    @discardableResult
    public func rotateDailyBackups(in folder: String, name: String, today: LocalDate, keep: Int = 7,
                                   pagesPerStep: Int32 = -1,
                                   betweenSteps: ((_ remaining: Int, _ total: Int) throws -> Void)? = nil) throws -> String? {
        let fm = FileManager.default
        let path = Self.dailyBackupPath(in: folder, name: name, today: today)
        var written: String?
        Self.removeAbandonedPartials(in: folder)
        if !fm.fileExists(atPath: path) {
            if let pool = dbWriter as? DatabasePool {
                // A reader of its own holding one read transaction from the first step to the last.
                let snapshot = try pool.makeSnapshot()
                try Self.writeBackup(of: snapshot, to: path, pagesPerStep: pagesPerStep, betweenSteps: betweenSteps)
            } else {
                try Self.writeBackup(of: dbWriter, to: path, pagesPerStep: pagesPerStep, betweenSteps: betweenSteps)
            }
            written = path
        }
        let prefix = name + "-"
        let ours = ((try? fm.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") && LocalDate(String($0.dropFirst(prefix.count).dropLast(7))) != nil }
            .sorted()
        for old in ours.dropLast(keep) { try? fm.removeItem(atPath: folder + "/" + old) }
        return written
    }

    /// What a backup file holds, checked before anything is replaced.
    public struct BackupCheck: Sendable {
        public var households: Int
        public var persons: Int
        public var auditEntries: Int
    }

    /// Checks that `path` is a sound Chengxin database this program can use:
    /// SQLite's integrity check passes, it is Chengxin's, not newer, and its
    /// audit chain is whole. Throws a message naming what is wrong.
    public static func checkBackup(at path: String) throws -> BackupCheck {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.refused(Localized("找不到备份文件：\(path)", "No such backup file: \(path)"))
        }
        // Work on a private copy: opening brings the schema up to date, and the backup must stay as it is.
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("chengxin-check-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + s) } }
        do {
            var config = Configuration()
            config.readonly = true
            let source = try DatabaseQueue(path: path, configuration: config)
            try writeBackup(of: source, to: copy)
            try source.close()
        } catch let e as DatabaseError {
            throw StoreError.refused(openFailure(e, path: path))
        }
        let db = try open(path: copy)
        let report = try db.verify()
        if report.integrity != ["ok"] {
            throw StoreError.refused(Localized("备份文件已损坏：\(report.integrity.prefix(3).joined(separator: "；"))",
                                               "The backup is damaged: \(report.integrity.prefix(3).joined(separator: "; "))"))
        }
        if let e = report.firstBrokenEntry {
            throw StoreError.refused(Localized("备份文件的审计记录被改动过（第 \(e.id) 条），不能用于恢复",
                                               "The backup's audit log was altered (entry \(e.id)); it cannot be restored"))
        }
        return try db.dbWriter.read { d in
            BackupCheck(households: try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM household") ?? 0,
                        persons: try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM person") ?? 0,
                        auditEntries: try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM audit_log") ?? 0)
        }
    }

    /// Replaces the database at `databasePath` with the backup at `backupPath`,
    /// after checking the backup. The replaced database is kept beside it as
    /// `<name>.replaced-<time>.sqlite`; its path is returned. Run it while the
    /// app is closed.
    @discardableResult
    public static func restore(from backupPath: String, to databasePath: String, now: Date = Date()) throws -> String? {
        _ = try checkBackup(at: backupPath)
        let fm = FileManager.default
        var kept: String?
        if fm.fileExists(atPath: databasePath) {
            let stamp = ISO8601DateFormatter.string(from: now, timeZone: .current,
                                                    formatOptions: [.withFullDate, .withTime])
                .replacingOccurrences(of: ":", with: "")
            let keepPath = databasePath.replacingOccurrences(of: ".sqlite", with: "") + ".replaced-\(stamp).sqlite"
            let current = try DatabaseQueue(path: databasePath)
            try writeBackup(of: current, to: keepPath)
            try current.close()
            kept = keepPath
        }
        var config = Configuration()
        config.readonly = true
        let source = try DatabaseQueue(path: backupPath, configuration: config)
        if !fm.fileExists(atPath: databasePath) {
            _ = fm.createFile(atPath: databasePath, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let destination = try DatabaseQueue(path: databasePath)
        try source.backup(to: destination)
        try destination.close()
        try source.close()
        return kept
    }
}

/// open(2) and close(2), apart from `AppDatabase.open`.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}

private func systemClose(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}
