import Domain
import Store
import UICore

/// What a screen asks the app to do after a key.
public enum Action {
    case none
    case push(any Screen)
    /// Back out of the screen (the app asks first if it has unsaved edits).
    case pop
    /// Back out without asking (after a save, or once the user agreed).
    case popDiscarding
    case replace(any Screen)
    case message(Message)
    /// Ask a yes/no question; `onYes` runs if the user agrees.
    case confirm(String, onYes: () -> Action)
    case quit
    /// Several actions in order, e.g. back out and then say "saved".
    indirect case sequence([Action])
}

/// One screen of the app. Screens keep their own state; `render` only draws it,
/// and the store is read when the screen opens, after an action, or in `didReappear`.
public protocol Screen: AnyObject {
    var context: AppContext { get }
    var title: String { get }
    var helpLines: [String] { get }
    /// The screen's keys, in the order the key bar shows them. The key bar, F1's
    /// key list, the keys hidden from a role and the dispatch all come from here.
    var commands: [Command] { get }
    var hasUnsavedChanges: Bool { get }
    /// Keys no command runs: the widget's own (typing, moving, Tab, Esc).
    func handle(_ key: Key) -> Action
    func render(into grid: inout Grid, in rect: Rect)
    /// Called when the screen comes back to the top of the stack.
    func didReappear()
    /// Whether keys now go to a text being typed (a list's filter), not to the screen's commands.
    var isTakingText: Bool { get }
    /// Whether the screen has work to go on with between keys (an export writing its rows):
    /// the key loop then calls `work()` instead of waiting for a key, and draws after each slice.
    var isWorking: Bool { get }
    /// Does the next slice of the work, a small part of a second; the action when it ends.
    func work() -> Action
}

extension Screen {
    public var hasUnsavedChanges: Bool { false }
    public func didReappear() {}
    public var isTakingText: Bool { false }
    public var isWorking: Bool { false }
    public func work() -> Action { .none }

    /// Every command as a key hint, whoever may use it.
    var hints: [KeyHint] { commands.map { KeyHint($0.name, context.t($0.label)) } }

    /// The names of the keys that need a right beyond reading the screen.
    var writeKeys: Set<String> {
        Set(commands.filter { $0.needs != nil }.flatMap { c in [c.name] + c.keys.compactMap(hintName) })
    }

    /// Runs a change on the store: `done` said on success, the store's refusal otherwise.
    func change(_ done: Localized, _ body: () throws -> Void) -> Action {
        do {
            try body()
            return .message(Message(context.t(done)))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }

    /// `u`: saves a record deleted by mistake again, as new, then `done` updates the screen.
    func putBack<R: Undeletable>(_ deleted: R?, save: (R) throws -> Void, then done: () -> Void) -> Action {
        guard var r = deleted else { return .none }
        r.id = nil
        return change(Localized("已恢复“\(r.name)”", "Restored \(r.name)")) {
            try save(r)
            done()
        }
    }

    /// An error message in the user's language, as an action.
    func refuse(_ text: Localized) -> Action { .message(Message(context.t(text), kind: .error)) }

    /// The command that `key` runs, when keys are not going to a text being typed.
    func command(for key: Key) -> Command? {
        isTakingText ? nil : commands.first { $0.keys.contains(key) }
    }

    /// What `key` does here: its command's action, refused at once (before any form
    /// opens) when the role lacks the command's right; a key no command runs goes to
    /// `handle`, the widget's.
    func dispatch(_ key: Key) -> Action {
        guard let command = command(for: key) else { return handle(key) }
        if let needs = command.needs, !context.db.may(needs) { return .message(context.notAllowed(command)) }
        return command.run?(key) ?? handle(key)
    }

    /// Keys typed quickly arrive as one batch ("1a"): each character is a key of its own,
    /// through the command table, until one starts a text (the rest is typed there). The
    /// last key's action is the batch's.
    func dispatchEach(_ batch: String) -> Action {
        var last = Action.none
        for c in batch { last = dispatch(.char(c)) }
        return last
    }
}

/// A record a screen deletes with undo: saved again without its id.
protocol Undeletable {
    var id: Int64? { get set }
    var name: String { get }
}

extension Person: Undeletable {}
extension VillageGroup: Undeletable {}

/// One line of a screen's command table: the key as the key bar names it, its
/// label, the right it needs (nil: anyone who may see the screen), and what it does
/// (nil: the screen's widget takes the key, as Tab, ↑↓, / and F6 do).
public struct Command {
    public var name: String
    public var label: Localized
    public var keys: [Key]
    public var needs: Permissions?
    /// What the command does with the key pressed (one command may stand for several
    /// keys, "1/2/3"); nil: the screen's widget takes the key.
    public var run: ((Key) -> Action)?
    /// False for a key F1 lists but the key bar leaves out for room (q beside 0 on the main menu).
    public var inKeyBar = true

    /// `keys` default to the keys `name` stands for: "F3" is F3 and Insert, "F8" is
    /// F8 and Delete, "Enter", "Space", a single character, or several joined by "/".
    public init(_ name: String, _ label: Localized, keys: [Key]? = nil, needs: Permissions? = nil,
                run: (() -> Action)? = nil) {
        self.name = name
        self.label = label
        self.keys = keys ?? Self.keys(named: name)
        self.needs = needs
        self.run = run.map { run in { _ in run() } }
    }

    /// A command whose keys do different things under one hint ("1/2/3": kept, broken,
    /// not assessed): `run` is given the key pressed.
    public static func eachKey(_ name: String, _ label: Localized, keys: [Key]? = nil, needs: Permissions? = nil,
                               run: @escaping (Key) -> Action) -> Command {
        var command = Command(name, label, keys: keys, needs: needs)
        command.run = run
        return command
    }

    /// A command that changes village records.
    public static func write(_ name: String, _ label: Localized, keys: [Key]? = nil,
                             run: (() -> Action)? = nil) -> Command {
        Command(name, label, keys: keys, needs: .writeRecords, run: run)
    }

    static func keys(named name: String) -> [Key] {
        let parts = name.split(separator: "/").map(String.init)
        if parts.count > 1 { return parts.flatMap(keys(named:)) }
        switch name {
        case "Enter": return [.enter]
        case "Space": return [.char(" ")]
        case "Tab": return [.tab]
        case "Esc": return [.escape]
        case "F3": return [.function(3), .insert]
        case "F8": return [.function(8), .delete]
        default:
            if name.hasPrefix("F"), let n = Int(name.dropFirst()) { return [.function(n)] }
            if name.count == 1, let c = name.first { return [.char(c)] }
            return []
        }
    }
}

/// The name a key hint uses for `key` ("F3", "Enter", "u"); nil for keys no hint names.
func hintName(_ key: Key) -> String? {
    switch key {
    case .function(let n): "F\(n)"
    case .enter: "Enter"
    case .char(" "): "Space"
    case .char(let c): String(c)
    // Insert and Delete stand for F3 (new) and F8 (delete/retire) on every list.
    case .insert: "F3"
    case .delete: "F8"
    default: nil
    }
}

/// Whether a hint's key ("F3", or several as "1/2" or "a/b/c") is among `writeKeys`.
func hintIsWrite(_ hint: KeyHint, _ writeKeys: Set<String>) -> Bool {
    if writeKeys.contains(hint.key) { return true }
    let parts = hint.key.split(separator: "/").map(String.init)
    return parts.count > 1 && parts.allSatisfy(writeKeys.contains)
}

extension AppContext {
    /// Esc on a screen that leaves the app (sign-in, first administrator): asks first.
    var quitCommand: Command {
        Command("Esc", S.quit) { [unowned self] in .confirm(t(S.quitQuestion), onYes: { .quit }) }
    }

    /// Esc on a screen with no widget of its own to take it (a preview, a summary): back.
    var backCommand: Command { Command("Esc", S.back) { .pop } }

    /// The commands of `screen` the signed-in user may use: write keys only for those who may write.
    func allowedCommands(of screen: any Screen) -> [Command] {
        screen.commands.filter { $0.needs.map(db.may) ?? true }
    }

    /// The key bar of `screen`: the commands the signed-in user may use, as hints.
    func shownHints(of screen: any Screen) -> [KeyHint] {
        allowedCommands(of: screen).filter(\.inKeyBar).map { KeyHint($0.name, t($0.label)) }
    }

    /// F1's key list: every command the signed-in user may use.
    func helpKeys(of screen: any Screen) -> [KeyHint] {
        allowedCommands(of: screen).map { KeyHint($0.name, t($0.label)) }
    }

    /// Said at once when a user presses a key their role may not use: 「无权……」 and what their account can do.
    func notAllowed(_ command: Command) -> Message {
        let name = command.name
        let what = t(command.label)
        let role = db.session.map { t($0.role.label) } ?? ""
        // 「无权使用“退出”（F8 键）」: the key's own label quoted, so a label like 退出 is not read as "quit".
        let doing = language == .en ? " (\(what), key \(name))" : "使用“\(what)”（\(name) 键）"
        let text = t(Localized("无权\(doing)：\(role)账户只能查看记录",
                               "Not allowed\(doing): a \(role) account can only view records"))
        return Message(text, kind: .error)
    }
}
