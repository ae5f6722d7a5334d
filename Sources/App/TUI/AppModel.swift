import Domain
import Store
import UICore

/// Everything screens share: the store, the language and the screen definitions.
public final class AppContext {
    public let db: AppDatabase
    public let language: Language
    public let catalog: ScreenCatalog
    /// The office's date: the default for dates typed in forms and the day alerts count from.
    public let today: LocalDate

    public init(db: AppDatabase, language: Language, catalog: ScreenCatalog, today: LocalDate = .today()) {
        self.db = db
        self.language = language
        self.catalog = catalog
        self.today = today
    }

    /// Set when this context is a township's read-only copy of one of its villages: the
    /// village's entry in the township's table and the township's name, for the title line.
    public internal(set) var copyOf: VillageCopyNote?

    /// The columns and rows a screen draws in (the terminal less its title, message and key
    /// lines), kept by the app as the terminal is resized, for widgets that lay text out.
    public internal(set) var bodySize: (width: Int, height: Int) = (80, 21)

    /// Draws a progress line at once while a screen does long work (an import of many rows);
    /// set by the terminal loop. Without one (tests, scripts) progress is not shown.
    public var progressSink: ((_ label: String, _ done: Int, _ total: Int) -> Void)?

    /// Reports progress of long work, at most every few hundred rows.
    func progress(_ label: Localized, _ done: Int, _ total: Int) {
        progressSink?(t(label), done, total)
    }

    func t(_ s: Localized) -> String { s.text(language) }

    func hint(_ key: String, _ label: Localized) -> KeyHint { KeyHint(key, t(label)) }

    /// What Enter on a list does with a record: 修改 for those who may change it, 查看 (its form read only) for the rest.
    var editOrView: Localized {
        db.may(.writeRecords) ? Localized("修改", "Edit") : Localized("查看", "View")
    }

    /// The user-facing message for an error from the store.
    func describe(_ error: Error) -> String {
        switch error {
        case StoreError.invalid(let errors): return errors.map { t($0.message) }.joined(separator: "；")
        case StoreError.refused(let why): return t(why)
        case StoreError.notFound: return t(Localized("记录不存在（可能已被删除）", "The record no longer exists"))
        default: return "\(error)"
        }
    }
}

/// The whole app as a value you can drive with keys and draw to a grid:
/// a stack of screens plus the overlays (confirm dialog, help, F10 menu).
public final class AppModel {
    public let context: AppContext
    public private(set) var stack: [any Screen]
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var message: Message?
    public private(set) var isQuitting = false
    /// The progress line of the work in hand, drawn where messages go until the work ends.
    public private(set) var progressLine: String?
    private var dialog: (ConfirmDialog, () -> Action)?
    private var help: HelpView?
    private var menu: Menu?

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public init(context: AppContext, width: Int = 80, height: Int = 24) {
        self.context = context
        self.width = width
        self.height = height
        context.bodySize = (width, height - 3)
        self.stack = [context.startScreen()]
        villageName = context.officeTitle()
    }

    /// The title line's village (or office), read when the app starts and after every action, not while drawing.
    private var villageName: String?

    public var top: any Screen { stack[stack.count - 1] }

    /// The main menu the F10 menu jumps from: the village's, or on a township the menu of the
    /// village copy opened from its table.
    var mainMenuIndex: Int? { stack.lastIndex { $0 is MainMenuScreen } }

    /// The F10 menu jumps between main-menu screens: only once signed in and on a main menu's stack.
    var hasMainMenu: Bool { mainMenuIndex != nil }
    var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    // MARK: keys

    public func handle(_ key: Key) {
        if case .resize(let w, let h) = key {
            width = w
            height = h
            context.bodySize = (w, h - 3)
            return
        }
        if isTooSmall { return }
        if key == .invalidBytes {
            message = Message(context.t(Localized("收到不是 UTF-8 的字节，已忽略：请把终端的编码设为 UTF-8",
                                                  "Bytes that are not UTF-8 were ignored: set the terminal to UTF-8")),
                              kind: .error)
            return
        }
        if var d = dialog {
            let event = d.0.handle(key)
            dialog = (d.0, d.1)
            switch event {
            case .none: break
            case .no: dialog = nil
            case .yes:
                dialog = nil
                apply(d.1())
            }
            return
        }
        if var h = help {
            help = h.handle(key) ? h : nil
            return
        }
        if var m = menu {
            let event = m.handle(key)
            menu = m
            switch event {
            case .none: break
            case .cancel: menu = nil
            case .choose(let id):
                menu = nil
                message = nil
                jump(to: id)
            }
            return
        }
        switch key {
        case .function(1):
            help = HelpView(title: "\(context.t(S.helpTitle)) · \(top.title)", lines: helpText())
            return
        case .function(10) where hasMainMenu:
            var m = Menu(title: context.t(S.menu), items: MainMenuScreen.items(context))
            m.selected = 0
            menu = m
            return
        default:
            break
        }
        message = nil
        // The screen's command table first: a key that needs a right the role lacks
        // is refused there, before any form opens.
        apply(top.dispatch(key))
    }

    private func helpText() -> [String] {
        var lines = top.helpLines
        lines.append("")
        lines.append(context.t(S.keysTitle) + "：")
        for h in top.context.helpKeys(of: top) { lines.append("  \(h.key)  \(h.label)") }
        lines.append("  F10  \(context.t(S.menu))")
        lines.append("  Esc+1…Esc+0 = F1…F10")
        return lines
    }

    /// F10 menu: go to a top-level screen, asking first if edits would be lost.
    private func jump(to id: String) {
        let go: () -> Action = { [unowned self] in
            guard let home = mainMenuIndex else { return .none }
            stack = Array(stack[...home])
            let action = (stack[home] as? MainMenuScreen)?.open(id) ?? .none
            return action
        }
        if stack.contains(where: { $0.hasUnsavedChanges }) {
            dialog = (ConfirmDialog(title: context.t(S.confirm), message: context.t(S.discardQuestion),
                                    yesLabel: context.t(S.yes), noLabel: context.t(S.no)), go)
        } else {
            apply(go())
        }
    }

    func apply(_ action: Action) {
        if case .none = action { return }
        defer { villageName = top.context.officeTitle() }
        switch action {
        case .none: break
        case .push(let s): stack.append(s)
        case .replace(let s): stack[stack.count - 1] = s
        case .pop:
            if top.hasUnsavedChanges {
                dialog = (ConfirmDialog(title: context.t(S.confirm), message: context.t(S.discardQuestion),
                                        yesLabel: context.t(S.yes), noLabel: context.t(S.no)),
                          { .popDiscarding })
            } else {
                apply(.popDiscarding)
            }
        case .popDiscarding:
            if stack.count > 1 {
                stack.removeLast()
                top.didReappear()
            } else {
                apply(.confirm(context.t(S.quitQuestion), onYes: { .quit }))
            }
        case .message(let m): message = m
        case .confirm(let question, let onYes):
            dialog = (ConfirmDialog(title: context.t(S.confirm), message: question,
                                    yesLabel: context.t(S.yes), noLabel: context.t(S.no)), onYes)
        case .quit: isQuitting = true
        case .sequence(let actions): actions.forEach(apply)
        }
    }

    /// Shows `done` of `total` as a bar with its label; nil `label` clears it.
    public func setProgress(_ label: String?, done: Int = 0, total: Int = 0) {
        guard let label else { progressLine = nil; return }
        progressLine = Self.progressText(label, done: done, total: total, width: width - 2)
    }

    /// "导入 [######----] 12000/25000（48%）", fitted to `width` columns; the bar is ASCII,
    /// which every terminal and code page draws one column wide.
    static func progressText(_ label: String, done: Int, total: Int, width: Int) -> String {
        let shown = total > 0 ? min(done, total) : 0
        let percent = total > 0 ? shown * 100 / total : 0
        let counts = " \(shown)/\(total)（\(percent)%）"
        let bar = max(10, min(40, width - TextWidth.of(label) - TextWidth.of(counts) - 2))
        let filled = total > 0 ? shown * bar / total : 0
        return label + " [" + String(repeating: "#", count: filled) + String(repeating: "-", count: bar - filled) + "]" + counts
    }

    /// Whether the top screen has work to go on with between keys (see `Screen.isWorking`).
    public var isWorking: Bool { !isTooSmall && dialog == nil && top.isWorking }

    /// One slice of the top screen's work; the key loop calls it while no key is waiting.
    public func work() {
        guard isWorking else { return }
        apply(top.work())
    }

    // MARK: drawing

    public func render() -> Grid {
        var grid = Grid(width: width, height: height)
        if isTooSmall {
            let lines = [context.t(S.tooSmall) + "（\(width)×\(height)）", context.t(S.enlarge)]
            for (i, line) in lines.enumerated() {
                let w = TextWidth.of(line)
                let y = max(0, height / 2 - 1 + i)
                if y < height { grid.put(line, x: max(0, (width - w) / 2), y: y) }
            }
            return grid
        }
        let titleStyle = Style(.title)
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), style: titleStyle)
        let village = villageName ?? context.t(S.noVillage)
        grid.put(" \(context.t(S.appName)) · \(village) │ \(top.title)", x: 0, y: 0, maxWidth: width, style: titleStyle)
        let body = Rect(x: 0, y: 1, width: width, height: height - 3)
        top.render(into: &grid, in: body)
        if let progressLine {
            grid.put(progressLine, x: 1, y: height - 2, maxWidth: width - 2, style: Style(.message))
        } else if let message {
            grid.put(message.text, x: 1, y: height - 2, maxWidth: width - 2,
                     style: Style(message.kind == .error ? .error : .message))
        }
        var hints = [KeyHint("F1", context.t(S.help))]
        hints += top.context.shownHints(of: top)
        if hasMainMenu { hints.append(KeyHint("F10", context.t(S.menu))) }
        KeyBar.render(hints, into: &grid, y: height - 1)
        if let menu {
            grid.cursor = nil
            menu.render(into: &grid, in: body)
        }
        if let help {
            grid.cursor = nil
            help.render(into: &grid, in: Rect(x: 2, y: 2, width: width - 4, height: height - 5))
        }
        if let dialog {
            grid.cursor = nil
            dialog.0.render(into: &grid, in: body)
        }
        return grid
    }
}
