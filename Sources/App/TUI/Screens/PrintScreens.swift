import Domain
import Foundation
import Print
import Store
import UICore

/// 打印与归档: which document to print.
final class PrintHomeScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "print_home")
    }

    override var commands: [Command] { [Command("↑↓", S.choose), Command("Enter", S.open), Command("Esc", S.back)] }

    var assembler: DocumentAssembler { DocumentAssembler(db: context.db, today: context.today, language: context.language) }

    override func open(_ id: String) -> Action {
        let a = assembler
        switch id {
        case "archive", "agreement", "roster":
            let groups = (try? context.db.honestyGroups(on: context.today)) ?? []
            guard !groups.isEmpty else {
                return .message(Message(context.t(Localized("本村还没有诚信计生小组", "There are no honesty groups yet")), kind: .error))
            }
            return .push(PickScreen(context, title: menu.items.first { $0.id == id }?.label ?? "",
                                    items: groups.map { MenuItem(id: String($0.group.id ?? 0), label: "\($0.villageGroupName)　\($0.group.name)") },
                                    pick: { [unowned self] groupId in
                do {
                    let g = try a.group(groupId)
                    let job: PrintJob
                    switch id {
                    case "archive": job = try a.archiveJob(g)
                    case "agreement": job = try a.agreementJob(g)
                    default: job = try a.rosterJob(g)
                    }
                    return .push(PreviewScreen(context, job: job, name: job.document.title))
                } catch {
                    return .message(Message(self.describe(error), kind: .error))
                }
            }))
        case "pledge", "card":
            return .push(HouseholdNumberScreen(context, title: menu.items.first { $0.id == id }?.label ?? "") { [unowned self] number in
                do {
                    let job = id == "card" ? try a.cardJob(number) : try a.pledgeJob(number)
                    return .replace(PreviewScreen(context, job: job, name: number + job.document.title))
                } catch {
                    return .message(Message(self.describe(error), kind: .error))
                }
            })
        case "board":
            // The period the board stands for: the year so far unless the clerk changes it.
            let period = a.defaultBoardPeriod()
            return .push(BoardPeriodScreen(context, title: menu.items.first { $0.id == id }?.label ?? "", period: period) {
                [unowned self] chosen in
                do {
                    let job = try a.boardJob(period: chosen)
                    return .replace(PreviewScreen(context, job: job, name: job.document.title))
                } catch {
                    return .message(Message(self.describe(error), kind: .error))
                }
            })
        case "monthly":
            // This month unless the clerk asks for another; the figures are counted once the month is given.
            let month = ReportPeriod.month(context.today.year, context.today.month)
            return .push(ReportMonthScreen(context, title: menu.items.first { $0.id == id }?.label ?? "", month: month) {
                [unowned self] chosen in
                do {
                    let figures = try context.db.figures(for: chosen, today: context.today)
                    let job = PrintJob(document: ReportDocuments.village(figures, language: context.language))
                    return .replace(PreviewScreen(context, job: job, name: job.document.title))
                } catch {
                    return .message(Message(self.describe(error), kind: .error))
                }
            })
        default:
            return .none
        }
    }

    func describe(_ error: Error) -> String {
        if let e = error as? PrintError { return context.t(e.message) }
        return context.describe(error)
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        menu.render(into: &grid, in: rect)
    }
}

/// A list to choose one entry from (a group).
final class PickScreen: Screen {
    let context: AppContext
    var menu: Menu
    let pick: (String) -> Action

    init(_ context: AppContext, title: String, items: [MenuItem], pick: @escaping (String) -> Action) {
        self.context = context
        menu = Menu(title: title, items: items)
        self.pick = pick
    }

    var title: String { menu.title }
    var helpLines: [String] { [context.t(Localized("选择小组，回车预览。", "Choose a group; Enter previews."))] }
    var commands: [Command] {
        [Command("↑↓", S.choose), Command("Enter", S.open) { [unowned self] in chosen.map(pick) ?? .none },
         Command("Esc", S.back)]
    }

    /// The entry under the selection.
    var chosen: String? { menu.items.indices.contains(menu.selected) ? menu.items[menu.selected].id : nil }

    /// The menu's moves and Esc; an item's hotkey picks it as Enter does.
    func handle(_ key: Key) -> Action {
        switch menu.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .choose(let id): return pick(id)
        }
    }

    func render(into grid: inout Grid, in rect: Rect) { menu.render(into: &grid, in: rect) }
}

/// A screen that asks on one form for what a document needs (a household number, a period, a
/// month) before it previews it.
protocol DocumentPromptScreen: Screen {
    var form: Form { get set }
}

extension DocumentPromptScreen {
    /// Typing, Tab and Esc: Enter and F2, which would submit the form, are the command table's.
    func handle(_ key: Key) -> Action {
        switch form.handle(key) {
        case .none, .submit: return .none
        case .cancel: return .pop
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        form.render(into: &grid, in: Rect(x: rect.x + 2, y: rect.y, width: rect.width - 4, height: rect.height))
    }
}

/// Asks for a household number.
final class HouseholdNumberScreen: DocumentPromptScreen {
    let context: AppContext
    var form: Form
    let done: (String) -> Action
    let name: String

    init(_ context: AppContext, title: String, done: @escaping (String) -> Action) {
        self.context = context
        self.done = done
        name = title
        form = Form(title: title, fields: [FormField(key: "number", label: context.t(Localized("户编号", "Household no.")),
                                                     width: 10, maxLength: 10, required: true)],
                    values: [:], language: context.language)
    }

    var title: String { name }
    var helpLines: [String] { [context.t(Localized("输入户编号，回车预览。", "Type the household number; Enter previews."))] }
    /// F2, the form's own key for "done", previews as Enter does.
    var commands: [Command] {
        [Command("Enter", S.open, keys: [.enter, .function(2)]) { [unowned self] in preview() }, Command("Esc", S.back)]
    }

    /// The number typed, previewed; an empty one is asked for.
    func preview() -> Action {
        let number = form.value("number").trimmedSpaces
        if number.isEmpty { return .message(Message(context.t(Localized("请输入户编号", "Type a household number")), kind: .error)) }
        return done(number)
    }
}

/// A document page by page as it prints on 80-column paper. A page is 66 lines, so
/// ↑↓ scroll within it; PgUp/PgDn turn pages; F2 saves; F5 prints.
final class PreviewScreen: Screen {
    let context: AppContext
    let job: PrintJob
    let name: String
    let laid: LaidOutDocument
    var page = 0
    var scroll = 0
    var viewHeight = 19
    /// Lists CUPS queues; tests replace it.
    var printers: () -> [PrintQueue.Printer] = { PrintQueue.printers() }

    init(_ context: AppContext, job: PrintJob, name: String) {
        self.context = context
        self.job = job
        self.name = name
        laid = job.layout(.continuous)
    }

    var pageLines: [String] { laid.lines(of: laid.pages[page]) }

    var title: String {
        context.t(Localized("预览", "Preview")) + " · " + name + " · "
            + context.t(Localized("第 \(page + 1)/\(laid.pages.count) 页", "page \(page + 1)/\(laid.pages.count)"))
    }
    var helpLines: [String] {
        [context.t(Localized(
            "按打印在 80 列连续纸上的样子逐页预览（每页 66 行）。PgDn/PgUp 翻页，Home/End 到首页/末页，上下键在页内滚动。",
            "The document as it prints on 80-column paper (66 lines a page). PgDn/PgUp turn pages, Home/End go to the first/last, Up/Down scroll.")),
         context.t(Localized("F2 保存为文件（UTF-8 或 GB18030 文本、PDF）；F5 打印（需要 CUPS 打印机）。",
                             "F2 saves a file (UTF-8 or GB18030 text, PDF); F5 prints (needs a CUPS printer)."))]
    }
    var commands: [Command] {
        [Command("PgDn", Localized("下页", "Next"), keys: [.pageDown, .char(" ")]) { [unowned self] in turn(to: page + 1) },
         Command("PgUp", Localized("上页", "Prev"), keys: [.pageUp]) { [unowned self] in turn(to: page - 1) },
         Command("F2", Localized("存文件", "Save")) { [unowned self] in .push(SaveDocumentScreen(context, job: job, name: name)) },
         Command("F5", Localized("打印", "Print")) { [unowned self] in printOnPaper() },
         context.backCommand]
    }

    /// Turns to page `n` (from its top) when the document has it.
    func turn(to n: Int) -> Action {
        if laid.pages.indices.contains(n) {
            page = n
            scroll = 0
        }
        return .none
    }

    /// F5: asks, then sends the document to the chosen CUPS printer.
    func printOnPaper() -> Action {
        let available = printers()
        guard !available.isEmpty else {
            return .message(Message(context.t(Localized("没有可用的打印机（未安装 CUPS 或没有打印队列），请按 F2 保存为文件",
                                                         "No printer (no CUPS or no queue); F2 saves a file instead")), kind: .error))
        }
        let wanted = ProcessInfo.processInfo.environment["CHENGXIN_PRINTER"] ?? (try? context.db.setting("printer")) ?? nil
        let printer = available.first { $0.name == wanted } ?? available.first { $0.isDefault } ?? available[0]
        return .confirm(context.t(printer.confirmation),
                        onYes: { [unowned self] in
            do {
                let id = try PrintQueue.submit(job, to: printer, title: name)
                return .message(Message(context.t(Localized("已发送到打印机「\(printer.name)」（作业 \(id)）",
                                                            "Sent to the printer \"\(printer.name)\" (job \(id))"))))
            } catch let e as PrintError {
                return .message(Message(context.t(e.message), kind: .error))
            } catch {
                return .message(Message("\(error)", kind: .error))
            }
        })
    }

    /// Home/End (first and last page) and ↑↓ (within the page), as the help says.
    func handle(_ key: Key) -> Action {
        switch key {
        case .home: return turn(to: 0)
        case .end: return turn(to: laid.pages.count - 1)
        case .down: scroll = min(max(0, pageLines.count - viewHeight), scroll + 1)
        case .up: scroll = max(0, scroll - 1)
        default: break
        }
        return .none
    }

    func render(into grid: inout Grid, in rect: Rect) {
        viewHeight = rect.height
        let lines = pageLines
        scroll = min(scroll, max(0, lines.count - viewHeight))
        // The 80 columns of paper fill the screen's 80 columns.
        for row in 0..<rect.height {
            let i = scroll + row
            guard i < lines.count else { break }
            grid.put(lines[i], x: rect.x, y: rect.y + row, maxWidth: rect.width)
        }
    }
}

/// F2 in the preview: the format and the file name.
final class SaveDocumentScreen: Screen {
    let context: AppContext
    let job: PrintJob
    var form: Form

    static let formats = ["utf8", "gb18030", "pdf"]

    init(_ context: AppContext, job: PrintJob, name: String) {
        self.context = context
        self.job = job
        let choices = [Choice(value: "utf8", label: context.t(Localized("文本 UTF-8", "Text UTF-8"))),
                       Choice(value: "gb18030", label: context.t(Localized("文本 GB18030（针式打印机）", "Text GB18030 (dot-matrix)"))),
                       Choice(value: "pdf", label: "PDF (A4)")]
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
        form = Form(title: context.t(Localized("保存为文件", "Save to a file")), fields: [
            FormField(key: "format", label: context.t(Localized("格式", "Format")), kind: .choice(choices), width: 30),
            FormField(key: "path", label: context.t(Localized("文件", "File")), width: 56, maxLength: 400, required: true),
        ], values: ["format": "utf8", "path": "\(home)/\(name).txt"], language: context.language)
    }

    var title: String { form.title }
    var helpLines: [String] { [context.t(Localized("选择格式（左右键），填写文件名，F2 保存。", "Choose the format (Left/Right), type the file name, F2 saves."))] }
    var commands: [Command] {
        [Command("F2", S.save) { [unowned self] in saveFile() }, Command("Tab", S.next), Command("Esc", S.back)]
    }

    /// The form's keys; Enter on the last field saves as F2 does.
    func handle(_ key: Key) -> Action {
        let before = form.value("format")
        let event = form.handle(key)
        let after = form.value("format")
        if before != after {
            // Follow the format with the file's extension.
            form.setValue("path", (after == "pdf" ? OutputFormat.pdf : .text).renaming(form.value("path")))
        }
        switch event {
        case .none: return .none
        case .cancel: return .pop
        case .submit: return saveFile()
        }
    }

    /// Writes the file in the chosen format; a name whose extension names another format is asked about first.
    func saveFile() -> Action {
        let path = form.value("path").trimmedSpaces
        guard !path.isEmpty else {
            return .message(Message(context.t(Localized("请填写文件名", "Type a file name")), kind: .error))
        }
        let format: OutputFormat = form.value("format") == "pdf" ? .pdf : .text
        // A file named for another format than the one chosen: never write PDF into
        // foo.txt (or text into foo.pdf) silently; offer the name that fits the format.
        if let named = OutputFormat(extensionOf: path), named != format {
            let fixed = format.renaming(path)
            let formatName = format == .pdf ? "PDF" : context.t(Localized("文本", "text"))
            return .confirm(context.t(Localized(
                "文件名是 .\(named.fileExtension)，所选格式却是\(formatName)。改存为 \(fixed) 吗？（选“否”可回去改格式或文件名）",
                "The file is named .\(named.fileExtension) but the format is \(formatName). Save as \(fixed) instead? "
                    + "(No goes back to change the format or the name)")),
                            onYes: { [unowned self] in
                form.setValue("path", fixed)
                return write(to: fixed, format: format)
            })
        }
        return write(to: path, format: format)
    }

    func write(to path: String, format: OutputFormat) -> Action {
        do {
            try job.write(to: URL(fileURLWithPath: path), format: format,
                          encoding: form.value("format") == "gb18030" ? .gb18030 : .utf8)
            return .sequence([.popDiscarding, .message(Message(context.t(Localized("已保存 \(path)", "Saved \(path)"))))])
        } catch let e as PrintError {
            return .message(Message(context.t(e.message), kind: .error))
        } catch {
            return .message(Message("\(error)", kind: .error))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        form.render(into: &grid, in: Rect(x: rect.x + 2, y: rect.y, width: rect.width - 4, height: rect.height))
    }
}

/// Asks for the period a disclosure board stands for (from, to), the year so far by default.
final class BoardPeriodScreen: DocumentPromptScreen {
    let context: AppContext
    var form: Form
    let done: (ClosedRange<LocalDate>) -> Action
    let name: String

    init(_ context: AppContext, title: String, period: ClosedRange<LocalDate>,
         done: @escaping (ClosedRange<LocalDate>) -> Action) {
        self.context = context
        self.done = done
        name = title
        form = Form(title: title, fields: [
            FormField(key: "from", label: context.t(Localized("自", "From")), kind: .date, width: 11, required: true),
            FormField(key: "to", label: context.t(Localized("至", "To")), kind: .date, width: 11, required: true),
        ], values: ["from": period.lowerBound.description, "to": period.upperBound.description], language: context.language)
    }

    var title: String { name }
    var helpLines: [String] {
        [context.t(Localized("公开栏所反映的期间，默认为今年1月1日至今天。F2 或回车预览。",
                             "The period the board stands for, by default 1 January to today. F2 or Enter previews."))]
    }
    var commands: [Command] {
        [Command("F2", Localized("预览", "Preview"), keys: [.enter, .function(2)]) { [unowned self] in preview() },
         Command("Tab", S.next), Command("Esc", S.back)]
    }

    /// The period typed, previewed; a date that is not one, or a period that ends before it
    /// starts or after today, is refused on the form.
    func preview() -> Action {
        guard let from = LocalDate(form.value("from").trimmedSpaces) else {
            return refuse(Localized("起始日期应为 YYYY-MM-DD", "The first day must be YYYY-MM-DD"))
        }
        guard let to = LocalDate(form.value("to").trimmedSpaces) else {
            return refuse(Localized("截止日期应为 YYYY-MM-DD", "The last day must be YYYY-MM-DD"))
        }
        if to < from { return refuse(Localized("截止日期不能早于起始日期", "The last day cannot be before the first")) }
        if to > context.today {
            return refuse(Localized("截止日期不能晚于今天（\(context.today)）", "The last day cannot be after today (\(context.today))"))
        }
        return done(from...to)
    }
}

/// Asks for the month of the village's monthly report (村级月报告单), this month by default.
final class ReportMonthScreen: DocumentPromptScreen {
    let context: AppContext
    var form: Form
    let done: (ReportPeriod) -> Action
    let name: String

    init(_ context: AppContext, title: String, month: ReportPeriod, done: @escaping (ReportPeriod) -> Action) {
        self.context = context
        self.done = done
        name = title
        form = Form(title: title, fields: [
            FormField(key: "month", label: context.t(Localized("月份", "Month")), kind: .text, width: 8, required: true),
        ], values: ["month": month.label], language: context.language)
    }

    var title: String { name }
    var helpLines: [String] {
        [context.t(Localized("报告的月份，写成 年-月（如 2026-11），默认为本月。数字按月末（本月按今天）从记录算出。F2 或回车预览。",
                             "The report's month as YEAR-MONTH (e.g. 2026-11), this month by default. The figures are counted "
                                 + "from the records as of the month's last day (today for this month). F2 or Enter previews."))]
    }
    var commands: [Command] {
        [Command("F2", Localized("预览", "Preview"), keys: [.enter, .function(2)]) { [unowned self] in preview() },
         Command("Esc", S.back)]
    }

    /// The month typed, previewed; one written wrongly or not yet begun is refused on the form.
    func preview() -> Action {
        do {
            return done(try ReportPeriod.parseMonth(form.value("month"), today: context.today))
        } catch let e as ReportError {
            return refuse(e.message)
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }
}
