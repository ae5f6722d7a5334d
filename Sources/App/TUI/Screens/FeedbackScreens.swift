import Domain
import Store
import UICore

/// The feedback register: open, overdue or all entries (F5), overdue ones marked ！ in the
/// error colour; register (F3), edit (Enter), close (F7) and void (F8).
final class FeedbackListScreen: Screen {
    enum View: CaseIterable { case open, overdue, all }

    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var entries: [FeedbackEntry] = []
    var view: View = .open

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["feedback_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    var filter: FeedbackFilter {
        switch view {
        case .open: .open
        case .overdue: .overdue(on: context.today)
        case .all: .all
        }
    }

    var viewLabel: Localized {
        switch view {
        case .open: Localized("未办结", "Open")
        case .overdue: Localized("超期", "Overdue")
        case .all: Localized("全部", "All")
        }
    }

    func load() {
        entries = (try? context.db.feedbackEntries(filter: filter)) ?? []
        let l = context.language
        table.source = ArrayTableSource(rows: entries.map { e in
            // English "Closed late" does not fit the column: "Late" there, the full words in the detail.
            let status = e.closedLate && l == .en ? "Late" : e.shownStatus.text(l)
            let mark = e.isOverdue(on: context.today) ? context.t(S.alarm) : (e.closedLate ? "迟" : "")
            return TableRow(id: e.id ?? 0, cells: [mark, e.receivedOn.description,
                                                   e.source.label.text(l), e.raisedByText.text(l), e.content, e.handler,
                                                   e.deadline.description, status])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3", "F7", "F8"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("F5", Localized("切换", "View")), context.hint("F3", Localized("登记", "New")),
         context.hint("Enter", context.editOrView), context.hint("F7", Localized("办结", "Close")),
         context.hint("F8", Localized("作废", "Void")), context.hint("/", S.filter), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    var selected: FeedbackEntry? {
        guard let id = table.selectedId else { return nil }
        return entries.first { $0.id == id }
    }

    private func refuse(_ text: Localized) -> Action { .message(Message(context.t(text), kind: .error)) }

    func handle(_ key: Key) -> Action {
        switch key {
        case .function(5):
            let all = View.allCases
            view = all[(all.firstIndex(of: view)! + 1) % all.count]
            load()
            return .none
        case .function(3), .insert:
            return .push(FeedbackFormScreen(context, entry: nil))
        case .function(7):
            guard let e = selected else { return .none }
            guard e.isOpen else { return refuse(Localized("该记录已办结或已作废", "The entry is closed or voided")) }
            return .push(FeedbackCloseFormScreen(context, entry: e))
        case .function(8):
            guard let e = selected else { return .none }
            if e.isVoided { return refuse(Localized("该记录已作废：\(e.voidReason)", "Already voided: \(e.voidReason)")) }
            return .push(FeedbackVoidFormScreen(context, entry: e))
        default:
            break
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let e = entries.first(where: { $0.id == id }) else { return .none }
            guard e.isOpen else { return .push(TextViewScreen(context, title: title, text: detail(e))) }
            return .push(FeedbackFormScreen(context, entry: e))
        }
    }

    /// A closed or voided entry, written out for reading.
    func detail(_ e: FeedbackEntry) -> String {
        let l = context.language
        var lines = [
            context.t(Localized("收到日期：", "Received: ")) + e.receivedOn.description + "　" + e.source.label.text(l),
            context.t(Localized("反映人：", "Raised by: ")) + e.raisedByText.text(l) + (e.contact.isEmpty ? "" : "　" + e.contact),
            context.t(Localized("反映内容：", "Content: ")) + e.content,
            context.t(Localized("承办人：", "Handler: ")) + e.handler + context.t(Localized("　办结时限：", "  Deadline: ")) + e.deadline.description,
            // 已作废 / 超期办结 as derived; the void's date and reason follow below.
            context.t(Localized("状态：", "Status: ")) + e.shownStatus.text(l),
        ]
        if let closed = e.closedOn {
            let late = e.closedLate
                ? context.t(Localized("（超过时限 \((closed.dayNumber - e.deadline.dayNumber)) 天）", " (\((closed.dayNumber - e.deadline.dayNumber)) days after the deadline)"))
                : ""
            lines.append(context.t(Localized("办结日期：", "Closed on: ")) + closed.description + late)
            lines.append(context.t(Localized("处理结果：", "Outcome: ")) + e.outcome)
        }
        if let voided = e.voidedOn {
            lines.append(context.t(Localized("已于 \(voided) 作废：\(e.voidReason)", "Voided on \(voided): \(e.voidReason)")))
        }
        return lines.joined(separator: "\n")
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let counts = (try? context.db.feedbackCounts(on: context.today)) ?? (open: 0, overdue: 0)
        let header = context.t(Localized("显示：\(viewLabel.zh)（F5 切换）　未办结 \(counts.open) 条，超期 \(counts.overdue) 条",
                                         "Showing: \(viewLabel.en) (F5)  \(counts.open) open, \(counts.overdue) overdue"))
        grid.put(header, x: rect.x + 2, y: rect.y, maxWidth: rect.width - 4,
                 style: counts.overdue > 0 ? Style(.error, bold: true) : Style(.normal, bold: true))
        let tableRect = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 1)
        table.render(into: &grid, in: tableRect)
        // Overdue rows stand out: their text in the error colour (the selected row keeps its highlight).
        let visible = table.source.rows(table.query, offset: table.top, limit: table.visibleRows)
        for (i, row) in visible.enumerated() where row.cells.first == context.t(S.alarm) && table.top + i != table.selected {
            let y = tableRect.y + 1 + i
            guard y < tableRect.y + tableRect.height - 1 else { break }
            let line = zip(table.columns, row.cells).map { TextWidth.pad($1, to: $0.width, align: $0.align) }
                .joined(separator: " ")
            grid.put(line, x: tableRect.x, y: y, maxWidth: tableRect.width, style: Style(.error, bold: true))
        }
    }
}

final class FeedbackFormScreen: FormScreen {
    let entry: FeedbackEntry?

    init(_ context: AppContext, entry: FeedbackEntry?) {
        self.entry = entry
        let l = context.language
        let e = entry
        super.init(context, spec: "feedback_form", values: [
            "receivedOn": (e?.receivedOn ?? context.today).description, "source": (e?.source ?? .visit).rawValue,
            "anonymous": e?.anonymous == true ? "1" : "0", "raisedBy": e?.raisedBy ?? "", "contact": e?.contact ?? "",
            "content": e?.content ?? "", "handler": e?.handler ?? "",
            "deadline": (e?.deadline ?? context.today.addingDays(7)).description,
            "status": (e?.status ?? .pending).rawValue,
        ], choices: [
            "feedbackSource": FeedbackSource.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) },
            // Closing has its own form (F7 in the list), which asks for the outcome.
            "feedbackStatus": [FeedbackStatus.pending, .inProgress].map { Choice(value: $0.rawValue, label: $0.label.text(l)) },
        ])
    }

    override func save() throws -> Action {
        var e = entry ?? FeedbackEntry(receivedOn: context.today, source: .visit, content: "", handler: "", deadline: context.today)
        e.receivedOn = LocalDate(text("receivedOn")) ?? context.today
        e.source = FeedbackSource(rawValue: text("source")) ?? .other
        e.anonymous = form.value("anonymous") == "1"
        e.raisedBy = text("raisedBy")
        e.contact = text("contact")
        e.content = text("content")
        e.handler = text("handler")
        e.deadline = LocalDate(text("deadline")) ?? context.today
        e.status = FeedbackStatus(rawValue: text("status")) ?? .pending
        try context.db.saveFeedback(e, on: context.today)
        return savedAndBack()
    }
}

final class FeedbackCloseFormScreen: FormScreen {
    let entry: FeedbackEntry

    init(_ context: AppContext, entry: FeedbackEntry) {
        self.entry = entry
        super.init(context, spec: "feedback_close_form", values: ["outcome": "", "closedOn": context.today.description])
    }

    override var title: String { spec.title.text(context.language) + " · " + TextWidth.truncate(entry.content, to: 30) }

    override func save() throws -> Action {
        try context.db.closeFeedback(id: entry.id ?? 0, outcome: text("outcome"),
                                     on: LocalDate(text("closedOn")) ?? context.today, today: context.today)
        return savedAndBack()
    }
}

final class FeedbackVoidFormScreen: FormScreen {
    let entry: FeedbackEntry

    init(_ context: AppContext, entry: FeedbackEntry) {
        self.entry = entry
        super.init(context, spec: "feedback_void_form", values: ["voidReason": ""])
    }

    override var title: String { spec.title.text(context.language) + " · " + TextWidth.truncate(entry.content, to: 30) }

    override func save() throws -> Action {
        try context.db.voidFeedback(id: entry.id ?? 0, reason: text("voidReason"), on: context.today)
        return savedAndBack()
    }
}
