import Domain
import Foundation
import Store
import UICore

extension AppContext {
    /// The first screen after signing in: a group leader sees their group, a township (or
    /// county) its villages' table, everyone else the main menu.
    func home() -> any Screen {
        if let s = db.session, s.role == .groupLeader, let id = s.groupId, let g = try? db.honestyGroup(id: id) {
            return GroupDetailScreen(self, group: g)
        }
        if isOffice { return TownshipTableScreen(self) }
        return MainMenuScreen(self)
    }

    /// The screen the app opens on: creating the administrator, signing in, or home.
    func startScreen() -> any Screen {
        if !db.requiresSignIn { return FirstAdministratorScreen(self) }
        if db.session == nil { return SignInScreen(self) }
        return home()
    }

    /// After signing in: home, with any form left unsaved last time offered back.
    func afterSignIn() -> Action {
        let home = home()
        guard let draft = (try? db.drafts())?.first else { return .replace(home) }
        return .sequence([.replace(home), offerDraft(draft)])
    }
}

/// Checks that a password and its repetition agree, then the password rules.
func passwordErrors(_ password: String, _ again: String) -> [FieldError] {
    if let p = PasswordRules.problem(password) { return [FieldError(field: "password", message: p)] }
    if password != again {
        return [FieldError(field: "passwordAgain", message: Localized("两次输入的密码不一致", "The two passwords differ"))]
    }
    return []
}

/// The first run of a new database: the administrator's account.
final class FirstAdministratorScreen: FormScreen {
    override var writesRecords: Bool { false }
    init(_ context: AppContext) {
        super.init(context, spec: "first_admin", values: ["username": "admin", "displayName": "", "password": "", "passwordAgain": ""])
    }

    override var commands: [Command] {
        [saveCommand(Localized("设立", "Create")), tabCommand, context.quitCommand]
    }

    override func save() throws -> Action {
        let errors = passwordErrors(form.value("password"), form.value("passwordAgain"))
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        try context.db.createFirstAdministrator(username: text("username"), displayName: text("displayName"),
                                                password: form.value("password"))
        form.markClean()
        return .sequence([.replace(context.home()),
                          .message(Message(context.t(Localized("管理员已设立，已登录", "Administrator created and signed in"))))])
    }
}

/// Signing in.
final class SignInScreen: FormScreen {
    override var writesRecords: Bool { false }
    /// Shown under the form on the demo database.
    let demoNote: String?

    init(_ context: AppContext) {
        demoNote = switch (try? context.db.setting("demo")) ?? nil {
        case "1": context.t(Localized("演示数据库账户：clerk / demo2026（计生专干），admin / admin2026（管理员）",
                                      "Demo accounts: clerk / demo2026 (clerk), admin / admin2026 (administrator)"))
        case "township": context.t(Localized("演示乡镇：clerk / demo2026（专干）town / demo2026（查看）admin / admin2026",
                                             "Demo: clerk / demo2026, town / demo2026 (viewer), admin / admin2026"))
        default: nil
        }
        super.init(context, spec: "sign_in", values: ["username": "", "password": ""])
    }

    override var commands: [Command] {
        // Enter on the name goes on to the password; on the password it signs in.
        [Command("Enter", Localized("登录", "Sign in")) { [unowned self] in
            form.focusedField.key == "username" ? nextField() : submit()
         },
         tabCommand, context.quitCommand]
    }

    func nextField() -> Action { super.handle(.tab) }

    override var hasUnsavedChanges: Bool { false }

    override func save() throws -> Action {
        do {
            try context.db.signIn(username: text("username"), password: form.value("password"))
        } catch {
            // Nothing about which half was wrong; the password is cleared for the next try.
            form.setValue("password", "")
            form.focus(key: "password")
            throw error
        }
        return context.afterSignIn()
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        super.render(into: &grid, in: rect)
        if let demoNote {
            grid.put(demoNote, x: rect.x + 2, y: rect.y + rect.height - 2, maxWidth: rect.width - 4, style: Style(.dim))
        }
    }
}

/// System administration: users, audit log, integrity check, backup, own password.
final class SystemMenuScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "system_menu")
    }

    func refused() -> Action {
        .message(Message(context.t(Localized("只有管理员可以使用此功能", "Only administrators can use this")), kind: .error))
    }

    override func open(_ id: String) -> Action {
        switch id {
        case "users":
            guard context.db.may(.manageUsers) else { return refused() }
            return .push(UserListScreen(context))
        case "audit":
            guard context.db.may(.readAudit) else { return refused() }
            return .push(AuditListScreen(context))
        case "verify":
            guard context.db.may(.readAudit) else { return refused() }
            return .push(TextViewScreen(context, title: context.t(Localized("完整性检查", "Integrity check")),
                                        text: verifyText(context)))
        case "backup":
            guard context.db.may(.fullNumbers), let path = context.databasePath else {
                return .message(Message(context.t(Localized("只有管理员和计生专干可以备份", "Only administrators and clerks can back up")),
                                        kind: .error))
            }
            let target = AppContext.backupPath(for: path, at: Date())
            do {
                try context.db.backup(to: target)
                return .message(Message(context.t(Localized("已备份到 \(target)", "Backed up to \(target)"))))
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
        case "password":
            guard let s = context.db.session else { return refused() }
            return .push(PasswordFormScreen(context, username: s.username))
        case "importRoster":
            guard context.db.may(.writeRecords) else {
                return .message(Message(context.t(Localized("只有管理员和计生专干可以导入花名册", "Only administrators and clerks can import a roster")),
                                        kind: .error))
            }
            return .push(ImportFileScreen(context))
        case "duplicates":
            // Read by every village-wide role; merging needs the write right (the screen's keys).
            guard context.db.may(.readAll) else { return refused() }
            return .push(DuplicatePairsScreen(context))
        case "exchange":
            guard context.db.may(.writeRecords) else {
                return .message(Message(context.t(Localized("只有管理员和计生专干可以报送数据包", "Only administrators and clerks can send packages")),
                                        kind: .error))
            }
            return .push(ExchangeMenuScreen(context))
        case "signOut":
            context.db.signOut()
            return .sequence([.popDiscarding, .replace(SignInScreen(context))])
        default:
            return .none
        }
    }
}

/// The accounts (administrators).
final class UserListScreen: TableScreen<Noted<UserAccount, String>> {
    static let cells: Cells<Noted<UserAccount, String>> = [
        "username": { l, _ in l.record.username },
        "displayName": { l, _ in l.record.displayName },
        "role": { l, c in c.t(l.record.role.label) },
        "groupName": { l, _ in l.note },
        "disabled": { l, c in
            l.record.disabled ? c.t(Localized("已停用", "Disabled"))
                : l.record.lockedUntil.map { $0 > Date() } == true ? c.t(Localized("已锁定", "Locked"))
                : c.t(Localized("正常", "Active"))
        },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "user_list", cells: Self.cells)
    }

    override func fetch() throws -> [Noted<UserAccount, String>] {
        let groups = Dictionary(((try? context.db.honestyGroups(on: context.today)) ?? []).map { ($0.group.id ?? 0, $0.group.name) },
                                uniquingKeysWith: { a, _ in a })
        return try context.db.users().map { Noted(record: $0, note: $0.groupId.flatMap { groups[$0] } ?? "") }
    }

    override func rowId(_ l: Noted<UserAccount, String>) -> Int64 { l.record.id }
    override var openLabel: Localized? { nil }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [Command("F3", S.new, needs: .manageUsers) { [unowned self] in .push(UserFormScreen(context)) },
         Command("F5", Localized("重设密码", "Reset password"), needs: .manageUsers) { [unowned self] in
             selected.map { .push(PasswordFormScreen(context, username: $0.record.username)) } ?? .none
         },
         Command("F8", Localized("停用/恢复", "Disable/enable"), needs: .manageUsers) { [unowned self] in
             selected.map { toggle($0.record) } ?? .none
         }]
    }

    func toggle(_ u: UserAccount) -> Action {
        let q = u.disabled ? Localized("恢复账户“\(u.username)”吗？", "Enable \(u.username)?")
                           : Localized("停用账户“\(u.username)”吗？停用后不能登录，记录保留。", "Disable \(u.username)? It can no longer sign in; its history stays.")
        return confirmThenChange(q, done: u.disabled ? Localized("已恢复", "Enabled") : Localized("已停用", "Disabled")) {
            [unowned self] in try context.db.setUserDisabled(username: u.username, !u.disabled)
        }
    }
}

/// A new account.
final class UserFormScreen: FormScreen {
    init(_ context: AppContext) {
        let roles = FormScreen.choices(Role.self, context.language)
        let groups = [Choice(value: "", label: context.t(Localized("（无）", "(none)")))]
            + ((try? context.db.honestyGroups(on: context.today)) ?? []).map {
                Choice(value: String($0.group.id ?? 0), label: $0.group.name)
            }
        super.init(context, spec: "user_form",
                   values: ["username": "", "displayName": "", "role": Role.clerk.rawValue, "groupId": "",
                            "password": "", "passwordAgain": ""],
                   choices: ["role": roles, "honestyGroup": groups])
    }

    override func save() throws -> Action {
        let errors = passwordErrors(form.value("password"), form.value("passwordAgain"))
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        let role = Role(rawValue: form.value("role")) ?? .clerk
        try context.db.addUser(username: text("username"), displayName: text("displayName"), role: role,
                               groupId: role == .groupLeader ? Int64(form.value("groupId")) : nil,
                               password: form.value("password"))
        return savedAndBack()
    }
}

/// A new password for one account.
final class PasswordFormScreen: FormScreen {
    override var writesRecords: Bool { false }
    let username: String

    init(_ context: AppContext, username: String) {
        self.username = username
        super.init(context, spec: "password_form", values: ["password": "", "passwordAgain": ""])
    }

    override var title: String { super.title + "：" + username }

    override func save() throws -> Action {
        let errors = passwordErrors(form.value("password"), form.value("passwordAgain"))
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        try context.db.setPassword(username: username, password: form.value("password"))
        return savedAndBack()
    }
}

/// Asks why, then shows a full ID number (the store audits it).
final class RevealIDScreen: FormScreen {
    override var writesRecords: Bool { false }
    let personId: Int64
    let name: String

    init(_ context: AppContext, personId: Int64, name: String) {
        self.personId = personId
        self.name = name
        super.init(context, spec: "reveal_form", values: ["reason": ""])
    }

    override var title: String { super.title + "：" + name }

    override func save() throws -> Action {
        let full = try context.db.revealIdNumber(personId: personId, reason: text("reason"))
        form.markClean()
        return .sequence([.popDiscarding, .message(Message(context.t(Localized("\(name) 的身份证号：\(full)（已记入审计日志）",
                                                                               "\(name)'s ID number: \(full) (written to the audit log)"))))])
    }
}

/// The audit log, newest first, in words.
final class AuditListScreen: TableScreen<AuditListScreen.Line> {
    struct Line {
        var entry: AuditEntry
        var text: AuditText
    }

    static let cells: Cells<Line> = [
        "at": { l, _ in l.entry.at.replacingOccurrences(of: "T", with: " ").prefix(19).description },
        "username": { l, _ in l.entry.username },
        "action": { l, _ in l.text.action(l.entry.action) },
        "table": { l, _ in l.text.record(l.entry) },
        "summary": { l, _ in l.text.summary(l.entry) },
    ]

    /// The newest entries the list holds (`chengxin export audit` takes them all).
    let limit: Int

    init(_ context: AppContext, limit: Int = 5000) {
        self.limit = limit
        super.init(context, spec: "audit_list", cells: Self.cells)
    }

    override func fetch() throws -> [Line] {
        let text = AuditText(catalog: context.catalog, language: context.language, names: AuditText.names(context.db))
        return try context.db.auditEntries(limit: limit).map { Line(entry: $0, text: text) }
    }

    override func rowId(_ l: Line) -> Int64 { l.entry.id }
    override var openLabel: Localized? { Localized("详情", "Details") }
    override var showsSort: Bool { false }
    override func didReappear() {}

    override func open(_ l: Line) -> Action {
        .push(TextViewScreen(context, title: context.t(Localized("审计记录", "Audit entry")), text: l.text.detail(l.entry)))
    }

    override var tableCommands: [Command] {
        // The filter's hint before F5, as the log has always shown them.
        let check = Command("F5", Localized("检查", "Check")) { [unowned self] in
            .push(TextViewScreen(context, title: context.t(Localized("完整性检查", "Integrity check")), text: verifyText(context)))
        }
        var list = super.tableCommands
        list.insert(check, at: list.count - 1)
        return list
    }
}
