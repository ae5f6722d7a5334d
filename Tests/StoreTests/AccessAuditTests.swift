import Foundation
import GRDB
import Print
import Testing
import Domain
@testable import Store

/// A temporary folder for file databases.
func temporaryFolder() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-store-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func whyRefused(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch StoreError.refused(let why) {
        return why.zh
    } catch StoreError.invalid(let errors) {
        return errors.map(\.message.zh).joined(separator: "；")
    } catch {
        return "\(error)"
    }
}

@Suite struct PasswordTests {
    @Test func hashesAreSaltedScryptWithTheirParameters() throws {
        let a = try PasswordHash.make("mima2026", cost: Fixture.fastCost)
        let b = try PasswordHash.make("mima2026", cost: Fixture.fastCost)
        #expect(a != b)
        #expect(a.hasPrefix("scrypt$10$8$1$"))
        #expect(PasswordHash.matches("mima2026", a))
        #expect(!PasswordHash.matches("mima2027", a))
        #expect(!PasswordHash.matches("mima2026", "plain"))
    }

    @Test func theStandardCostIsNTwoToTheSeventeenR8P1() throws {
        #expect(ScryptCost.standard == ScryptCost(log2N: 17, r: 8, p: 1))
        let h = try PasswordHash.make("mima2026")
        #expect(PasswordHash.cost(of: h) == .standard)
        #expect(PasswordHash.matches("mima2026", h))
    }

    @Test func weakPasswordsAreRefused() {
        #expect(PasswordRules.problem("short1") != nil)
        #expect(PasswordRules.problem("12345678") != nil)
        #expect(PasswordRules.problem("abcdefgh") != nil)
        #expect(PasswordRules.problem("abcd1234") == nil)
    }
}

@Suite struct SignInTests {
    @Test func aDatabaseWithUsersNeedsASignIn() throws {
        let f = try Fixture()
        try f.household("0101", head: "张三")
        try f.db.createFirstAdministrator(username: "admin", displayName: "管理员", password: "admin2026")
        f.db.signOut()
        #expect(whyRefused { _ = try f.db.householdCount(filter: "", villageGroupId: nil) } == "请先登录")
        #expect(whyRefused { _ = try f.db.saveVillage(f.village) } == "请先登录")
        try f.db.signIn(username: "ADMIN", password: "admin2026")
        #expect(try f.db.householdCount(filter: "", villageGroupId: nil) == 1)
        #expect(whyRefused { try f.db.createFirstAdministrator(username: "x", displayName: "", password: "abcd1234") } != nil)
    }

    @Test func fiveWrongPasswordsLockTheAccountForFifteenMinutes() throws {
        let f = try Fixture()
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "li", displayName: "李专干", role: .clerk, password: "clerk2026")
        f.db.signOut()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<4 {
            #expect(whyRefused { try f.db.signIn(username: "li", password: "wrong123", now: t0) } == "用户名或密码错误")
        }
        #expect(whyRefused { try f.db.signIn(username: "li", password: "wrong123", now: t0) }?.contains("已锁定") == true)
        // The right password does not open a locked account.
        #expect(whyRefused { try f.db.signIn(username: "li", password: "clerk2026", now: t0.addingTimeInterval(60)) }?
            .contains("14 分钟") == true)
        let s = try f.db.signIn(username: "li", password: "clerk2026", now: t0.addingTimeInterval(16 * 60))
        #expect(s.role == .clerk)
        // A success resets the count: four more failures do not lock.
        f.db.signOut()
        for _ in 0..<4 { _ = whyRefused { try f.db.signIn(username: "li", password: "wrong123", now: t0.addingTimeInterval(17 * 60)) } }
        #expect(throws: Never.self) { try f.db.signIn(username: "li", password: "clerk2026", now: t0.addingTimeInterval(17 * 60)) }
    }

    @Test func unknownUsersAndWrongPasswordsGetTheSameMessage() throws {
        let f = try Fixture()
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        f.db.signOut()
        #expect(whyRefused { try f.db.signIn(username: "nobody", password: "admin2026") } == "用户名或密码错误")
        #expect(whyRefused { try f.db.signIn(username: "admin", password: "admin2027") } == "用户名或密码错误")
    }

    @Test func disabledAccountsCannotSignInAndTheLastAdministratorStays() throws {
        let f = try Fixture()
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "li", displayName: "", role: .clerk, password: "clerk2026")
        #expect(whyRefused { try f.db.setUserDisabled(username: "admin", true) } == "不能停用最后一个管理员")
        try f.db.setUserDisabled(username: "li", true)
        f.db.signOut()
        #expect(whyRefused { try f.db.signIn(username: "li", password: "clerk2026") }?.contains("停用") == true)
    }

    @Test func onlyAdministratorsManageUsers() throws {
        let f = try Fixture()
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "li", displayName: "", role: .clerk, password: "clerk2026")
        f.db.signOut()
        try f.db.signIn(username: "li", password: "clerk2026")
        #expect(whyRefused { try f.db.addUser(username: "x", displayName: "", role: .clerk, password: "abcd1234") }
                == "您的账户无权进行此操作")
        #expect(whyRefused { _ = try f.db.users() } == "您的账户无权进行此操作")
        // A user may change their own password.
        try f.db.setPassword(username: "li", password: "newpass2026")
        f.db.signOut()
        try f.db.signIn(username: "li", password: "newpass2026")
    }
}

@Suite struct RoleTests {
    /// A village with a clerk, a viewer and the leader of a group in 一社.
    func setUp() throws -> (Fixture, Int64, Int64) {
        let f = try Fixture()
        let (h1, _) = try f.household("0101", head: "张三", n: 1)
        let (h2, _) = try f.household("0201", head: "李四", group: f.group2, n: 2)
        let g1 = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group1.id!,
                                                        name: "一社互助组", formedOn: LocalDate("2026-01-10")!))
        let g2 = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group2.id!,
                                                        name: "二社互助组", formedOn: LocalDate("2026-01-10")!))
        try f.db.addMember(groupId: g1.id!, householdId: h1.id!, joinedOn: LocalDate("2026-01-10")!, ineligibleReason: "测试用户")
        try f.db.addMember(groupId: g2.id!, householdId: h2.id!, joinedOn: LocalDate("2026-01-10")!, ineligibleReason: "测试用户")
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "li", displayName: "", role: .clerk, password: "clerk2026")
        try f.db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        try f.db.addUser(username: "zu", displayName: "", role: .groupLeader, groupId: g1.id!, password: "lead2026")
        f.db.signOut()
        return (f, g1.id!, g2.id!)
    }

    @Test func aClerkReadsAndWritesWithFullNumbers() throws {
        let (f, _, _) = try setUp()
        try f.db.signIn(username: "li", password: "clerk2026")
        let rows = try f.db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 10)
        #expect(rows.first?.headIdNumber == Fixture.id("1980-05-01", .male, 1))
        try f.household("0102", head: "王五", n: 3)
    }

    @Test func aTownshipViewerReadsMaskedAndChangesNothing() throws {
        let (f, _, _) = try setUp()
        try f.db.signIn(username: "town", password: "town2026")
        let rows = try f.db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 10)
        let full = Fixture.id("1980-05-01", .male, 1)
        #expect(rows.first?.headIdNumber == String(full.prefix(6)) + "********" + String(full.suffix(4)))
        let person = try f.db.members(householdId: rows[0].id)[0]
        #expect(person.idNumber.contains("********"))
        #expect(whyRefused { try f.household("0102", head: "王五", n: 3) } == "您的账户无权进行此操作")
        #expect(whyRefused { _ = try f.db.saveVillage(f.village) } == "您的账户无权进行此操作")
        // Even SQL written past the store's methods is refused inside SQLite.
        #expect(throws: (any Error).self) {
            try f.db.dbWriter.write { db in try db.execute(sql: "UPDATE village SET name = 'x'") }
        }
        #expect(try f.db.village()?.name == "星光村")
    }

    @Test func revealingAFullNumberNeedsAReasonAndIsAudited() throws {
        let (f, _, _) = try setUp()
        try f.db.signIn(username: "town", password: "town2026")
        let rows = try f.db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 10)
        let person = try f.db.members(householdId: rows[0].id)[0]
        #expect(whyRefused { _ = try f.db.revealIdNumber(personId: person.id!, reason: "  ") } == "请说明查看完整号码的原因")
        let full = try f.db.revealIdNumber(personId: person.id!, reason: "核对独生子女奖励")
        #expect(full == Fixture.id("1980-05-01", .male, 1))
        f.db.signOut()
        try f.db.signIn(username: "admin", password: "admin2026")
        let entry = try f.db.auditEntries(table: "person", rowId: person.id!).first
        #expect(entry?.action == "reveal")
        #expect(entry?.username == "town")
        #expect(entry?.after?.contains("核对独生子女奖励") == true)
        #expect(try f.db.verify().isClean)
    }

    @Test func aGroupLeaderReadsOnlyTheirGroup() throws {
        let (f, g1, g2) = try setUp()
        try f.db.signIn(username: "zu", password: "lead2026")
        #expect(try f.db.groupMembers(groupId: g1).map(\.headName) == ["张三"])
        #expect(try f.db.honestyGroup(id: g1)?.name == "一社互助组")
        #expect(whyRefused { _ = try f.db.groupMembers(groupId: g2) } == "您的账户无权进行此操作")
        #expect(whyRefused { _ = try f.db.householdCount(filter: "", villageGroupId: nil) } == "您的账户无权进行此操作")
        #expect(whyRefused { _ = try f.db.personRows(filter: "", offset: 0, limit: 5) } == "您的账户无权进行此操作")
        #expect(whyRefused { _ = try f.db.auditEntries() } == "您的账户无权进行此操作")
        #expect(whyRefused { try f.db.removeMember(membershipId: 1, leftOn: LocalDate("2026-02-01")!, reason: "x") }
                == "您的账户无权进行此操作")
        // Phone numbers in the leader's list are masked.
        #expect(try f.db.groupMembers(groupId: g1).allSatisfy { $0.phone.isEmpty || $0.phone.contains("****") })
    }
}

@Suite struct AuditTests {
    @Test func everyChangeIsLoggedWithWhoAndMaskedNumbers() throws {
        let f = try Fixture()
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "li", displayName: "", role: .clerk, password: "clerk2026")
        f.db.signOut()
        try f.db.signIn(username: "li", password: "clerk2026")
        let (h, head) = try f.household("0101", head: "张三", n: 1)
        var p = head
        p.name = "张叁"
        try f.db.savePerson(p)
        f.db.signOut()
        try f.db.signIn(username: "admin", password: "admin2026")
        let entries = try f.db.auditEntries(table: "person", rowId: head.id!)
        #expect(entries.map(\.action) == ["update", "insert"])
        #expect(entries.allSatisfy { $0.username == "li" })
        #expect(entries[0].before?.contains("张三") == true && entries[0].after?.contains("张叁") == true)
        let full = Fixture.id("1980-05-01", .male, 1)
        #expect(entries.allSatisfy { !($0.after ?? "").contains(full) && !($0.before ?? "").contains(full) })
        #expect(entries[0].after?.contains(String(full.prefix(6)) + "********") == true)
        #expect(try f.db.auditEntries(table: "household", rowId: h.id!).isEmpty == false)
        // Password hashes never reach the log's text.
        #expect(try f.db.auditEntries(table: "app_user").allSatisfy { !($0.after ?? "").contains("scrypt$") })
        let report = try f.db.verify()
        #expect(report.isClean, "\(report)")
        #expect(report.entries > 5)
    }

    @Test func auditEntriesCannotBeChangedThroughTheApp() throws {
        let f = try Fixture()
        try f.household("0101", head: "张三")
        #expect(throws: (any Error).self) {
            try f.db.dbWriter.write { db in try db.execute(sql: "UPDATE audit_log SET username = 'x'") }
        }
        #expect(throws: (any Error).self) {
            try f.db.dbWriter.write { db in try db.execute(sql: "DELETE FROM audit_log") }
        }
    }

    @Test func rowsWrittenBeforeAuditingGetABaseline() throws {
        let f = try Fixture()
        try f.household("0101", head: "张三")
        let report = try f.db.verify()
        #expect(report.isClean, "\(report)")
    }

    /// Edits with the sqlite3 program, as someone working behind the app's back would.
    func sqlite3(_ path: String, _ sql: String) throws -> (Int32, String) {
        let r = try ChildProcess.run(["sqlite3", path, sql])
        return (r.status, r.text)
    }

    @Test func tamperingWithTheSqlite3ProgramIsFound() throws {
        let dir = temporaryFolder()
        let path = dir + "/village.sqlite"
        var personId: Int64 = 0
        do {
            let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
            let v = try db.saveVillage(Village(name: "星光村"))
            let g = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
            for i in 0..<3 {
                let (_, head) = try db.createHousehold(
                    Household(villageId: v.id!, villageGroupId: g.id!, number: "010\(i)"),
                    head: Person(householdId: 0, name: "张\(["一", "二", "三"][i])", sex: .male,
                                 idNumber: Fixture.id("1980-05-01", .male, i), relation: .head, maritalStatus: .married))
                personId = head.id!
            }
            #expect(try db.verify().isClean)
        }
        // A plain edit fails: the triggers need the app's functions.
        let plain = try sqlite3(path, "UPDATE person SET name = '王五' WHERE id = \(personId);")
        #expect(plain.0 != 0)
        #expect(plain.1.contains("cx_"))
        // Dropping the trigger first lets the edit through, and verify names the row.
        let edit = try sqlite3(path, "DROP TRIGGER audit_person_update; UPDATE person SET name = '王五' WHERE id = \(personId);")
        #expect(edit.0 == 0, "\(edit.1)")
        do {
            // Opening reinstalls missing triggers; the changed row stays out of step.
            let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
            let report = try db.verify()
            #expect(report.rowsOutOfStep == [RowOutOfStep(table: "person", rowId: personId, problem: .changed)])
            #expect(report.firstBrokenEntry == nil)
        }
        // Editing an entry of the log breaks the chain at that entry.
        let entryId = try sqlite3(path, "SELECT id FROM audit_log WHERE table_name = 'household' ORDER BY id LIMIT 1;")
            .1.trimmingCharacters(in: .whitespacesAndNewlines)
        let forged = try sqlite3(path, """
            DROP TRIGGER audit_log_is_never_changed;
            UPDATE audit_log SET username = 'nobody' WHERE id = \(entryId);
            """)
        #expect(forged.0 == 0, "\(forged.1)")
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        let report = try db.verify()
        #expect(report.firstBrokenEntry?.id == Int64(entryId))
        #expect(!report.isClean)
    }

    @Test func aDroppedTriggerIsReportedUntilTheAppReopens() throws {
        let dir = temporaryFolder()
        let path = dir + "/v.sqlite"
        _ = try AppDatabase.open(path: path).saveVillage(Village(name: "星光村"))
        #expect(try sqlite3(path, "DROP TRIGGER audit_village_delete;").0 == 0)
        // Checked without reopening through the app: a read-only look at the file.
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try db.triggerExists("audit_village_delete") } == false)
        let reopened = try AppDatabase.open(path: path)
        #expect(try reopened.verify().missingTriggers.isEmpty)
    }
}

@Suite struct DurabilityTests {
    @Test func synchronousFullIsInForceOnTheWriter() throws {
        let path = temporaryFolder() + "/d.sqlite"
        let db = try AppDatabase.open(path: path)
        let mode = try db.dbWriter.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 2)
        let journal = try db.dbWriter.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let path = temporaryFolder() + "/notes.sqlite"
        let text = Data("这是一份笔记，不是数据库。\n".utf8) + Data(repeating: 0x41, count: 5000)
        try text.write(to: URL(fileURLWithPath: path))
        #expect(whyRefused { _ = try AppDatabase.open(path: path) }?.contains("不是数据库文件") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftAlone() throws {
        let path = temporaryFolder() + "/other.sqlite"
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "CREATE TABLE accounts(id INTEGER, amount REAL); INSERT INTO accounts VALUES (1, 2.5)") }
        try q.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(whyRefused { _ = try AppDatabase.open(path: path) }?.contains("不是诚信计生的数据库") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aDatabaseFromANewerProgramIsRefused() throws {
        let path = temporaryFolder() + "/newer.sqlite"
        _ = try AppDatabase.open(path: path).saveVillage(Village(name: "星光村"))
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99 from the future')") }
        try q.close()
        #expect(whyRefused { _ = try AppDatabase.open(path: path) }?.contains("更新版本") == true)
    }

    @Test func aReadOnlyFileIsRefused() throws {
        // Permissions do not bind root; the check runs for ordinary users.
        guard getuid() != 0 else { return }
        let path = temporaryFolder() + "/ro.sqlite"
        _ = try AppDatabase.open(path: path).saveVillage(Village(name: "星光村"))
        chmod(path, 0o400)
        #expect(whyRefused { _ = try AppDatabase.open(path: path) }?.contains("只读") == true)
    }
}

@Suite struct BackupTests {
    func dump(_ path: String) throws -> [String] {
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        return try q.read { db in
            var lines: [String] = []
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                // Tables without a rowid (the name index) in key order.
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [t]) ?? ""
                let order = sql.uppercased().contains("WITHOUT ROWID")
                    ? (try db.primaryKey(t).columns.map { "\"\($0)\"" }.joined(separator: ", ")) : "rowid"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\" ORDER BY \(order)") { lines.append(t + " " + row.description) }
            }
            return lines
        }
    }

    @Test func backupAndRestoreRoundTripRowForRow() throws {
        let dir = temporaryFolder()
        let path = dir + "/live.sqlite"
        let backup = dir + "/copy.sqlite"
        do {
            let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
            try DemoVillage.build(into: db, specURL: demoSpecURL)
            try db.backup(to: backup)
            #expect((try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int) == 0o600)
            // A change after the backup.
            _ = try db.saveVillage(Village(id: try db.village()!.id, name: "改名村"))
        }
        let check = try AppDatabase.checkBackup(at: backup)
        #expect(check.households == 296 && check.persons == 980)
        let expected = try dump(backup)
        let kept = try AppDatabase.restore(from: backup, to: path)
        #expect(try dump(path) == expected)
        #expect(try AppDatabase.open(path: path).village()?.name == "星光村")
        // The replaced database is kept, with the change.
        let keptPath = try #require(kept)
        #expect(try AppDatabase.open(path: keptPath).village()?.name == "改名村")
    }

    @Test func aBadBackupIsRefusedBeforeAnythingIsReplaced() throws {
        let dir = temporaryFolder()
        let path = dir + "/live.sqlite"
        _ = try AppDatabase.open(path: path).saveVillage(Village(name: "星光村"))
        let bad = dir + "/bad.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: bad))
        let before = try dump(path)
        #expect(whyRefused { _ = try AppDatabase.restore(from: bad, to: path) } != nil)
        #expect(whyRefused { _ = try AppDatabase.restore(from: dir + "/missing.sqlite", to: path) }?.contains("找不到") == true)
        #expect(try dump(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("replaced") }.isEmpty)
    }

    @Test func dailyBackupsRotate() throws {
        let dir = temporaryFolder()
        let db = try AppDatabase.open(path: dir + "/live.sqlite")
        _ = try db.saveVillage(Village(name: "星光村"))
        var day = LocalDate("2026-11-01")!
        for _ in 0..<10 {
            #expect(try db.rotateDailyBackups(in: dir + "/backups", name: "live", today: day) != nil)
            day = day.addingDays(1)
        }
        #expect(try db.rotateDailyBackups(in: dir + "/backups", name: "live", today: day.addingDays(-1)) == nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/backups").sorted()
        #expect(files.count == 7)
        #expect(files.first == "live-2026-11-04.sqlite" && files.last == "live-2026-11-10.sqlite")
    }
}

@Suite struct SettingsTests {
    @Test func onlyAdministratorsChangeSettingsAndChangesAreAudited() throws {
        let f = try Fixture()
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "li", displayName: "", role: .clerk, password: "clerk2026")
        try f.db.setSetting("printer", "PDF")
        f.db.signOut()
        try f.db.signIn(username: "li", password: "clerk2026")
        #expect(try f.db.setting("printer") == "PDF")
        #expect(whyRefused { try f.db.setSetting("printer", "Other") } == "您的账户无权进行此操作")
        f.db.signOut()
        try f.db.signIn(username: "admin", password: "admin2026")
        #expect(try f.db.auditEntries(table: "setting").first?.after?.contains("PDF") == true)
    }
}
