import Domain
import Foundation
import Store

/// The day's first backup (one a day beside the database, the newest 7 kept),
/// written on a thread of its own while the sign-in screen is already up.
///
/// It copies the database in steps from one read transaction, so the user
/// can sign in and save while it runs and the copy is the database as it was
/// when the app started. When the app quits first, a backup about to end is
/// let finish; any other stops at its next step and removes its unfinished
/// file, and the next start writes it again.
public final class DailyBackup: @unchecked Sendable {
    /// Pages copied per step: 1,024 pages of 4 KB, a few milliseconds each, so a
    /// stop is noticed at once.
    static let pagesPerStep: Int32 = 1024
    /// On quit, a backup whose rest should take at most this many seconds at
    /// its pace so far is let finish.
    static let finishWithin = 1.0

    private let lock = NSLock()
    private var stopRequested = false
    private var error: Error?
    private var written: String?
    private let done = DispatchSemaphore(value: 0)
    private var isDone = false
    private let started = Date()
    private var pagesLeft = 0
    private var pagesInAll = 0

    /// `CHENGXIN_SLOW_BACKUP_MS=N` copies one page per step and waits N ms
    /// after each: for tests that need the backup still running.
    private let pause: UInt32
    private let pages: Int32

    private init(environment: [String: String]) {
        if let ms = environment["CHENGXIN_SLOW_BACKUP_MS"].flatMap(UInt32.init), ms > 0 {
            pause = ms * 1000
            pages = 1
        } else {
            pause = 0
            pages = Self.pagesPerStep
        }
    }

    /// Starts today's backup of `db` in the background (nothing for a
    /// database in memory); returns at once.
    public static func start(_ db: AppDatabase, today: LocalDate = .today(),
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> DailyBackup? {
        guard let path = db.path else { return nil }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().appendingPathComponent("backups").path
        let name = url.deletingPathExtension().lastPathComponent
        let job = DailyBackup(environment: environment)
        let thread = Thread {
            // Behind the clerk's work: on Linux a thread's nice value is its own.
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #endif
            do {
                let written = try db.rotateDailyBackups(in: folder, name: name, today: today,
                                                        pagesPerStep: job.pages, betweenSteps: job.betweenSteps)
                job.finish(written: written, error: nil)
            } catch {
                job.finish(written: nil, error: error)
            }
        }
        thread.name = "chengxin.daily-backup"
        thread.start()
        return job
    }

    private func betweenSteps(remaining: Int, total: Int) throws {
        lock.withLock {
            pagesLeft = remaining
            pagesInAll = total
        }
        if pause > 0 { usleep(pause) }
        if lock.withLock({ stopRequested }) { throw AppDatabase.BackupStopped() }
    }

    private func finish(written: String?, error: Error?) {
        lock.withLock {
            self.written = written
            self.error = error
            isDone = true
        }
        done.signal()
    }

    /// The pages still to copy and the pages in all after the last step; nil before it.
    public var progress: (remaining: Int, total: Int)? {
        lock.withLock { pagesInAll > 0 ? (pagesLeft, pagesInAll) : nil }
    }

    /// The seconds the rest should take at the pace so far; nil before the first step.
    var secondsLeft: Double? {
        lock.withLock {
            guard pagesInAll > pagesLeft, !isDone else { return nil }
            return Date().timeIntervalSince(started) * Double(pagesLeft) / Double(pagesInAll - pagesLeft)
        }
    }

    /// True once the backup has finished, been stopped or failed.
    public var isFinished: Bool { lock.withLock { isDone } }

    /// The file written today; nil while running, when today's existed or when it did not finish.
    public var writtenPath: String? { lock.withLock { written } }

    /// Waits up to `seconds` for the backup to finish; true when it has.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        if isFinished { return true }
        guard done.wait(timeout: .now() + seconds) == .success else { return false }
        done.signal()
        return true
    }

    /// Lets a backup about to end finish; stops any other at its next step and
    /// waits up to `seconds` for it to remove its file. Returns the failure to report, if the backup
    /// failed (a stop is not one).
    @discardableResult
    public func stop(waitingAtMost seconds: Double = 2) -> Error? {
        // About to end: finished now, rather than written all again at the next start.
        if let left = secondsLeft, left <= Self.finishWithin { wait(seconds: 2 * left + 0.2) }
        lock.withLock { stopRequested = true }
        wait(seconds: seconds)
        return lock.withLock {
            if error is AppDatabase.BackupStopped { return nil }
            return error
        }
    }
}
