import ArgumentParser
import Domain
import Foundation
import Store

/// `chengxin users …`: accounts (administrators).
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users",
        abstract: helpText("管理用户账户（管理员）：列出、新增、改密码、停用、启用。", "Manage user accounts (administrators): list, add, passwd, disable, enable."),
        subcommands: [List.self, Add.self, Passwd.self, Disable.self, Enable.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出账户。", "List the accounts."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let rows = try db.users().map { u in
                [u.username, u.displayName, u.role.label.text(l), u.groupId.map(String.init) ?? "",
                 u.disabled ? (en ? "disabled" : "已停用") : (en ? "active" : "正常")]
            }
            print(alignedTable([en ? "User" : "用户名", en ? "Name" : "姓名", en ? "Role" : "角色",
                                en ? "Group" : "小组", en ? "State" : "状态"], rows, rightAligned: []))
        }
    }

    /// A new password, typed twice on the terminal, or from $CHENGXIN_NEW_PASSWORD for scripts.
    static func newPassword(_ options: GlobalOptions) throws -> String {
        let en = options.language == .en
        if let p = ProcessInfo.processInfo.environment["CHENGXIN_NEW_PASSWORD"] { return p }
        guard let a = readPassword(prompt: en ? "New password: " : "新密码："),
              let b = readPassword(prompt: en ? "Again: " : "再输一次：") else {
            throw UserError(en ? "No password: set $CHENGXIN_NEW_PASSWORD or run on a terminal." : "没有密码：请设置 CHENGXIN_NEW_PASSWORD 或在终端中运行。")
        }
        guard a == b else { throw UserError(en ? "The two passwords differ." : "两次输入的密码不一致。") }
        return a
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("新增账户。数据库的第一个账户是管理员。", "Add an account. The first account of a database is its administrator."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("用户名。", en: "User name.")) var username: String
        @Option(help: .zh("角色：administrator（管理员）、clerk（专干）、groupLeader（小组长）或 townshipViewer（乡镇查阅）。", en: "administrator, clerk, groupLeader or townshipViewer.")) var role: String = "clerk"
        @Option(help: .zh("显示名称。", en: "Display name.")) var name: String = ""
        @Option(help: .zh("小组长可查阅的小组（编号或名称）。", en: "The group a group leader reads (id or name).")) var group: String?

        func run() throws {
            let en = options.language == .en
            guard let r = Role(rawValue: role) else {
                throw UserError(en ? "Unknown role \(role): administrator, clerk, groupLeader or townshipViewer."
                                   : "未知角色 \(role)：可选 administrator（管理员）、clerk（计生专干）、groupLeader（小组长）、townshipViewer（乡镇查看）。")
            }
            let db = try options.openDatabase()
            var groupId: Int64?
            if let group {
                guard let g = try db.findHonestyGroup(group) else { throw UserError(en ? "No group \(group)." : "没有小组“\(group)”。") }
                groupId = g.id
            }
            let password = try UsersCommand.newPassword(options)
            do {
                if !db.requiresSignIn {
                    guard r == .administrator else {
                        throw UserError(en ? "The first account must be an administrator (--role administrator)."
                                           : "第一个账户必须是管理员（--role administrator）。")
                    }
                    try db.createFirstAdministrator(username: username, displayName: name, password: password)
                } else {
                    try db.addUser(username: username, displayName: name, role: r, groupId: groupId, password: password)
                }
            } catch let e as UserError {
                throw e
            } catch {
                throw userError(error, options.language)
            }
            print(en ? "Added \(username) (\(r.label.en))." : "已添加用户 \(username)（\(r.label.zh)）。")
        }
    }

    /// `users disable` and `users enable`.
    static func setDisabled(_ options: GlobalOptions, _ username: String, _ disabled: Bool) throws {
        let db = try options.openDatabase()
        do { try db.setUserDisabled(username: username, disabled) } catch { throw userError(error, options.language) }
        let en = options.language == .en
        print(disabled ? (en ? "Disabled \(username)." : "已停用 \(username)。") : (en ? "Enabled \(username)." : "已恢复 \(username)。"))
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("设置新密码（自己的；管理员可设任何人的）。", "Set a new password (your own, or anyone's as administrator)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("用户名。", en: "User name.")) var username: String
        func run() throws {
            let db = try options.openDatabase()
            let password = try UsersCommand.newPassword(options)
            do { try db.setPassword(username: username, password: password) } catch { throw userError(error, options.language) }
            print(options.language == .en ? "Password set for \(username)." : "已为 \(username) 设置新密码。")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("停用账户（不能再登录，记录保留）。", "Disable an account (it can no longer sign in; its history stays)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("用户名。", en: "User name.")) var username: String
        func run() throws { try UsersCommand.setDisabled(options, username, true) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("启用已停用的账户。", "Enable a disabled account."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("用户名。", en: "User name.")) var username: String
        func run() throws { try UsersCommand.setDisabled(options, username, false) }
    }
}

/// `chengxin verify`: the audit chain, SQLite's integrity check, and every record against its last audited state.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText("检查数据库：完整性、审计哈希链、在本程序之外改动的记录。有问题时退出状态为 1。", "Check the database: integrity, the audit hash chain, and records changed outside the app. Exit status 1 if anything is wrong."))
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let db = try options.openDatabase()
        guard db.may(.readAudit) else {
            throw UserError(options.language == .en ? "Only administrators can run verify." : "只有管理员可以执行完整性检查。")
        }
        let report = try db.verify()
        print(VerifyText(catalog: try loadCatalog(), language: options.language).text(report))
        if !report.isClean { throw ExitCode(1) }
    }
}

/// `chengxin backup`: an online copy of the database.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText("在使用中复制数据库（SQLite 在线备份）。", "Copy the database while it is in use (SQLite online backup)."))
    @OptionGroup var options: GlobalOptions
    @Option(name: .customLong("to"), help: .zh("备份文件（默认：数据库旁的 backups/<名称>-<日期时间>.sqlite）。", en: "Backup file (default: backups/<name>-<date-time>.sqlite beside the database)."))
    var target: String?

    func run() throws {
        let db = try options.openDatabase()
        let path = target ?? AppContext.backupPath(for: options.databasePath, at: Date())
        do { try db.backup(to: path) } catch { throw userError(error, options.language) }
        print(options.language == .en ? "Backed up to \(path)." : "已备份到 \(path)。")
    }
}

/// `chengxin restore FILE`: checks the backup, keeps the current database, then replaces it.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: helpText("先检查备份，再用它替换数据库；被替换的数据库保留在旁边。请先关闭程序。", "Replace the database with a backup, after checking it; the replaced database is kept beside it. Close the app first."))
    @OptionGroup var options: GlobalOptions
    @Argument(help: .zh("备份文件。", en: "The backup file.")) var file: String

    func run() throws {
        let en = options.language == .en
        let path = options.databasePath
        // Only an administrator of the current database may replace it.
        if FileManager.default.fileExists(atPath: path) {
            let db = try options.openDatabase()
            guard db.may(.settings) else {
                throw UserError(en ? "Only administrators can restore." : "只有管理员可以恢复备份。")
            }
        }
        do {
            let check = try AppDatabase.checkBackup(at: file)
            let kept = try AppDatabase.restore(from: file, to: path)
            print(en ? "Restored \(file): \(check.households) households, \(check.persons) persons, \(check.auditEntries) audit entries."
                     : "已从 \(file) 恢复：\(check.households) 户，\(check.persons) 人，审计记录 \(check.auditEntries) 条。")
            if let kept { print(en ? "The replaced database is kept as \(kept)." : "原数据库已保留为 \(kept)。") }
        } catch {
            throw userError(error, options.language)
        }
    }
}

/// `chengxin audit`: the audit log, newest first.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: helpText("显示审计日志，最新的在前（管理员）。", "Print the audit log, newest first (administrators)."))
    @OptionGroup var options: GlobalOptions
    @Option(help: .zh("只看这张表（person、household……）。", en: "Only this table (person, household, …).")) var table: String?
    @Option(help: .zh("只看这一行的编号（与 --table 一起用）。", en: "Only this row id (with --table).")) var row: Int64?
    @Option(name: .customLong("by"), help: .zh("只看这个用户的记录。", en: "Only this user's entries.")) var by: String?
    @Option(help: .zh("最多显示这么多条。", en: "At most this many entries.")) var limit: Int = 50
    @Flag(help: .zh("每条一个 JSON 对象，原样输出（表名、列名、前后 JSON），供脚本使用。",
                    en: "One JSON object per entry, as stored (table and column names, before/after JSON), for scripts."))
    var json = false

    func run() throws {
        let db = try options.openDatabase()
        let entries: [AuditEntry]
        do { entries = try db.auditEntries(table: table, rowId: row, username: by, limit: limit) } catch { throw userError(error, options.language) }
        if json {
            for e in entries { print(Self.jsonLine(e)) }
            return
        }
        let text = AuditText(catalog: try loadCatalog(), language: options.language, names: AuditText.names(db))
        for e in entries {
            let summary = text.summary(e)
            print("#\(e.id) \(e.at) \(e.username) \(text.action(e.action))"
                  + (e.table.isEmpty ? "" : " " + text.record(e)) + (summary.isEmpty ? "" : " " + summary))
        }
    }

    /// The entry as stored, as one line of JSON (before/after are the log's own JSON text).
    static func jsonLine(_ e: AuditEntry) -> String {
        var o: [String: Any] = ["id": e.id, "at": e.at, "username": e.username, "action": e.action, "table": e.table]
        o["rowId"] = e.rowId.map { $0 as Any } ?? NSNull()
        o["before"] = e.before.map { $0 as Any } ?? NSNull()
        o["after"] = e.after.map { $0 as Any } ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// `chengxin settings`: the office's settings (administrators change them).
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "settings",
        abstract: helpText("查看或修改设置：printer（文件打印到的 CUPS 队列）、fonds（档案卷上的全宗号）、target.publicity（每年宣传次数目标，默认4）、supervisors（公开栏上的民主监督小组成员）。",
                           "Show or change settings: printer (the CUPS queue documents print to), fonds (全宗号 on archive volumes), target.publicity (publicity meetings a year, default 4), supervisors (the supervisors the board names)."),
        subcommands: [Show.self, Set.self])

    static let known = ["printer", "fonds", "target.publicity", "supervisors"]

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("显示设置。", "Show the settings."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            for key in SettingsCommand.known { print("\(key)=\((try db.setting(key)) ?? "")") }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("修改一项设置（管理员）。", "Change a setting (administrators)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("printer、fonds、target.publicity 或 supervisors", en: "printer, fonds, target.publicity or supervisors")) var key: String
        @Argument(help: .zh("新的值（留空即清除）。", en: "The new value (empty to clear).")) var value: String
        func run() throws {
            let en = options.language == .en
            guard SettingsCommand.known.contains(key) else {
                throw UserError(en ? "Unknown setting \(key); known: \(SettingsCommand.known.joined(separator: ", "))."
                                   : "未知设置项 \(key)；可设置：\(SettingsCommand.known.joined(separator: "、"))。")
            }
            if key == "target.publicity", !value.isEmpty, Int(value).map({ (0...99).contains($0) }) != true {
                throw UserError(en ? "target.publicity is a number of meetings a year, 0 to 99." : "target.publicity 应为每年的次数（0至99）。")
            }
            let db = try options.openDatabase()
            do { try db.setSetting(key, value) } catch { throw userError(error, options.language) }
            print(en ? "\(key) = \(value)" : "已设置 \(key) = \(value)")
        }
    }
}
