import Domain
import Foundation
import Store
import UICore

extension AppContext {
    /// The first screen after signing in: a group leader sees their group, everyone else the main menu.
    func home() -> any Screen {
        if let s = db.session, s.role == .groupLeader, let id = s.groupId, let g = try? db.honestyGroup(id: id) {
            return GroupDetailScreen(self, group: g)
        }
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

    override var hints: [KeyHint] {
        [context.hint("F2", Localized("设立", "Create")), context.hint("Tab", S.next), context.hint("Esc", S.quit)]
    }

    override func handle(_ key: Key) -> Action {
        if key == .escape { return .confirm(context.t(S.quitQuestion), onYes: { .quit }) }
        return super.handle(key)
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
        demoNote = (try? context.db.setting("demo")) == "1"
            ? context.t(Localized("演示数据库账户：clerk / demo2026（计生专干），admin / admin2026（管理员）",
                                  "Demo accounts: clerk / demo2026 (clerk), admin / admin2026 (administrator)"))
            : nil
        super.init(context, spec: "sign_in", values: ["username": "", "password": ""])
    }

    override var hints: [KeyHint] {
        [context.hint("Enter", Localized("登录", "Sign in")), context.hint("Tab", S.next), context.hint("Esc", S.quit)]
    }

    override var hasUnsavedChanges: Bool { false }

    override func handle(_ key: Key) -> Action {
        switch key {
        case .escape: return .confirm(context.t(S.quitQuestion), onYes: { .quit })
        case .enter where form.focusedField.key == "username": return super.handle(.tab)
        case .enter: return submit()
        default: return super.handle(key)
        }
    }

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
        case "signOut":
            context.db.signOut()
            return .sequence([.popDiscarding, .replace(SignInScreen(context))])
        default:
            return .none
        }
    }
}

/// The accounts (administrators).
final class UserListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var users: [UserAccount] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["user_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        load()
    }

    func load() {
        users = (try? context.db.users()) ?? []
        let groups = Dictionary(((try? context.db.honestyGroups(on: context.today)) ?? []).map { ($0.group.id ?? 0, $0.group.name) },
                                uniquingKeysWith: { a, _ in a })
        table.source = ArrayTableSource(rows: users.map { u in
            TableRow(id: u.id, cells: [u.username, u.displayName, u.role.label.text(context.language),
                                       u.groupId.flatMap { groups[$0] } ?? "",
                                       u.disabled ? context.t(Localized("已停用", "Disabled"))
                                           : u.lockedUntil.map { $0 > Date() } == true ? context.t(Localized("已锁定", "Locked"))
                                           : context.t(Localized("正常", "Active"))])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3", "F5", "F8"] }
    var isTakingText: Bool { table.isFiltering }
    var writePermission: Permissions { .manageUsers }
    var hints: [KeyHint] {
        [context.hint("F3", S.new), context.hint("F5", Localized("重设密码", "Reset password")),
         context.hint("F8", Localized("停用/恢复", "Disable/enable")), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        let selected = table.selectedId.flatMap { id in users.first { $0.id == id } }
        switch key {
        case .function(3), .insert:
            return .push(UserFormScreen(context))
        case .function(5):
            guard let u = selected else { return .none }
            return .push(PasswordFormScreen(context, username: u.username))
        case .function(8), .delete:
            guard let u = selected else { return .none }
            let q = u.disabled ? Localized("恢复账户“\(u.username)”吗？", "Enable \(u.username)?")
                               : Localized("停用账户“\(u.username)”吗？停用后不能登录，记录保留。", "Disable \(u.username)? It can no longer sign in; its history stays.")
            return .confirm(context.t(q), onYes: { [unowned self] in
                do {
                    try context.db.setUserDisabled(username: u.username, !u.disabled)
                    load()
                    return .message(Message(context.t(u.disabled ? Localized("已恢复", "Enabled") : Localized("已停用", "Disabled"))))
                } catch {
                    return .message(Message(context.describe(error), kind: .error))
                }
            })
        case .escape where !table.isFiltering:
            return .pop
        default:
            table.handle(key)
            return .none
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: rect)
    }
}

/// A new account.
final class UserFormScreen: FormScreen {
    init(_ context: AppContext) {
        let roles = Role.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(context.language)) }
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

/// The audit log, newest first.
final class AuditListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var entries: [AuditEntry] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["audit_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        load()
    }

    var text: AuditText { AuditText(catalog: context.catalog, language: context.language, names: AuditText.names(context.db)) }

    func load() {
        entries = (try? context.db.auditEntries(limit: 5000)) ?? []
        let text = text
        table.source = ArrayTableSource(rows: entries.map { e in
            TableRow(id: e.id, cells: [
                e.at.replacingOccurrences(of: "T", with: " ").prefix(19).description, e.username,
                text.action(e.action), text.record(e), text.summary(e),
            ])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var hints: [KeyHint] {
        [context.hint("Enter", Localized("详情", "Details")), context.hint("/", Localized("筛选", "Filter")),
         context.hint("F5", Localized("检查", "Check")), context.hint("Esc", S.back)]
    }

    func handle(_ key: Key) -> Action {
        switch key {
        case .enter where !table.isFiltering:
            guard let id = table.selectedId, let e = entries.first(where: { $0.id == id }) else { return .none }
            return .push(TextViewScreen(context, title: context.t(Localized("审计记录", "Audit entry")), text: text.detail(e)))
        case .function(5):
            return .push(TextViewScreen(context, title: context.t(Localized("完整性检查", "Integrity check")), text: verifyText(context)))
        case .escape where !table.isFiltering:
            return .pop
        default:
            table.handle(key)
            return .none
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: rect)
    }
}
