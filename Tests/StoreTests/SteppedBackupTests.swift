import Foundation
import GRDB
import Testing
import Domain
@testable import Store

/// The daily backup taken in steps while the database is in use.
@Suite struct SteppedBackupTests {
    let day = LocalDate("2026-11-01")!

    /// The demo village in a file database, a few hundred pages.
    func demoDatabase(_ dir: String) throws -> AppDatabase {
        let db = try AppDatabase.open(path: dir + "/live.sqlite", passwordCost: Fixture.fastCost)
        try DemoVillage.build(into: db, specURL: demoSpecURL)
        return db
    }

    func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func aBackupTakenInStepsWhileAnotherConnectionWritesIsTheDatabaseAsItBegan() throws {
        let dir = temporaryFolder()
        let db = try demoDatabase(dir)
        let villageId = try #require(try db.village()?.id)
        // Another program on the same file, saving between the backup's steps.
        let other = try AppDatabase.open(path: dir + "/live.sqlite", passwordCost: Fixture.fastCost)
        let before = try BackupTests().dump(dir + "/live.sqlite")
        var steps = 0
        let written = try db.rotateDailyBackups(in: dir + "/backups", name: "live", today: day, pagesPerStep: 8) { remaining, total in
            steps += 1
            #expect(remaining > 0 && remaining < total)
            if steps % 5 == 1 { _ = try other.saveVillage(Village(id: villageId, name: "改名村\(steps)")) }
            // The same program's own connection writes too.
            if steps == 3 { _ = try db.saveVillage(Village(id: villageId, name: "本程序改名")) }
        }
        let path = try #require(written)
        #expect(steps > 20, "the backup took \(steps) steps")
        #expect(path == dir + "/backups/live-2026-11-01.sqlite")
        // The copy opens, passes the integrity check and its audit chain is whole …
        let check = try AppDatabase.checkBackup(at: path)
        #expect(check.households == 296 && check.persons == 980)
        // … and holds the database row for row as it was when the backup began.
        #expect(try BackupTests().dump(path) == before)
        // The writes went through and the live database still verifies.
        #expect(try db.village()?.name.hasPrefix("改名村") == true)
        let report = try db.verify()
        #expect(report.integrity == ["ok"] && report.firstBrokenEntry == nil)
        #expect(files(dir + "/backups") == ["live-2026-11-01.sqlite"])
    }

    @Test func aStoppedBackupLeavesNoFileAndTheNextOneIsWritten() throws {
        let dir = temporaryFolder()
        let db = try demoDatabase(dir)
        var steps = 0
        #expect(throws: AppDatabase.BackupStopped.self) {
            try db.rotateDailyBackups(in: dir + "/backups", name: "live", today: day, pagesPerStep: 8) { _, _ in
                steps += 1
                // While it runs, the unfinished copy is a .partial file, never today's backup.
                #expect(files(dir + "/backups").allSatisfy { $0.hasPrefix("live-2026-11-01.sqlite-") && $0.hasSuffix(".partial") })
                if steps == 10 { throw AppDatabase.BackupStopped() }
            }
        }
        #expect(files(dir + "/backups").isEmpty)
        // The next start writes it.
        let again = try db.rotateDailyBackups(in: dir + "/backups", name: "live", today: day)
        #expect(again == dir + "/backups/live-2026-11-01.sqlite")
        #expect(try AppDatabase.checkBackup(at: dir + "/backups/live-2026-11-01.sqlite").households == 296)
    }

    @Test func whatACrashedBackupLeftIsRemovedButARunningOnesFileIsNot() throws {
        let dir = temporaryFolder()
        let db = try demoDatabase(dir)
        let folder = dir + "/backups"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A backup killed midway yesterday: half a file, nobody holding it.
        let crashed = folder + "/live-2026-10-31.sqlite-0a1b2c3d.partial"
        try Data(repeating: 7, count: 8192).write(to: URL(fileURLWithPath: crashed))
        // A backup another program is writing right now holds its file locked.
        let running = folder + "/live-2026-11-01.sqlite-99887766.partial"
        try Data(repeating: 1, count: 4096).write(to: URL(fileURLWithPath: running))
        let fd = open(running, O_RDONLY)
        #expect(flock(fd, LOCK_EX) == 0)
        defer { close(fd) }

        #expect(try db.rotateDailyBackups(in: folder, name: "live", today: day) != nil)
        #expect(files(folder) == ["live-2026-11-01.sqlite", "live-2026-11-01.sqlite-99887766.partial"])
        // Partial files never count among the seven kept.
        for i in 2...9 { _ = try db.rotateDailyBackups(in: folder, name: "live", today: day.addingDays(i)) }
        #expect(files(folder).filter { $0.hasSuffix(".sqlite") }.count == 7)
        #expect(files(folder).contains("live-2026-11-01.sqlite-99887766.partial"))
    }

    /// `chengxin backup --to FILE` in a folder of the user's: what an earlier backup to the same
    /// file left when it was killed goes, a running one's file and other files' stay.
    @Test func aBackupToAFileRemovesWhatAKilledBackupToItLeft() throws {
        let dir = temporaryFolder()
        let db = try demoDatabase(dir)
        let folder = dir + "/usb"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let killed = folder + "/copy.sqlite-0a1b2c3d.partial"
        let running = folder + "/copy.sqlite-99887766.partial"
        let another = folder + "/other.sqlite-12345678.partial"
        let unrelated = folder + "/notes.partial"
        for path in [killed, running, another, unrelated] { try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: path)) }
        let fd = open(running, O_RDONLY)
        #expect(flock(fd, LOCK_EX) == 0)
        defer { close(fd) }
        try db.backup(to: folder + "/copy.sqlite")
        #expect(files(folder) == ["copy.sqlite", "copy.sqlite-99887766.partial", "notes.partial", "other.sqlite-12345678.partial"])
        #expect(try AppDatabase.checkBackup(at: folder + "/copy.sqlite").households == 296)
    }
}
