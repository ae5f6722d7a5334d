import Domain
import Store
import UICore

/// The feedback register: open, overdue or all entries (F5), overdue ones marked ！ in the
/// error colour; register (F3), edit (Enter), close (F7) and void (F8).
final class FeedbackListScreen: TableScreen<FeedbackEntry> {
    enum View: CaseIterable { case open, overdue, all }

    var view: View = .open

    static let cells: Cells<FeedbackEntry> = [
        // ！ open past the deadline; 迟 (L) closed after it.
        "mark": { e, c in e.isOverdue(on: c.today) ? c.t(S.alarm) : (e.closedLate ? c.t(Localized("迟", "L")) : "") },
        "receivedOn": { e, _ in e.receivedOn.description },
        "source": { e, c in c.t(e.source.label) },
        "raisedBy": { e, c in c.t(e.raisedByText) },
        "content": { e, _ in e.content },
        "handler": { e, _ in e.handler },
        "deadline": { e, _ in e.deadline.description },
        // English "Closed late" does not fit the column: "Late" there, the full words in the detail.
        "status": { e, c in e.closedLate && c.language == .en ? "Late" : c.t(e.shownStatus) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "feedback_list", cells: Self.cells)
        headerRule = false
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

    override func fetch() throws -> [FeedbackEntry] { try context.db.feedbackEntries(filter: filter) }

    override func load() {
        super.load()
        let counts = (try? context.db.feedbackCounts(on: context.today)) ?? (open: 0, overdue: 0)
        let line = context.t(Localized("显示：\(viewLabel.zh)（F5 切换）　未办结 \(counts.open) 条，超期 \(counts.overdue) 条",
                                       "Showing: \(viewLabel.en) (F5)  \(counts.open) open, \(counts.overdue) overdue"))
        header = [(line, counts.overdue > 0 ? Style(.error, bold: true) : Style(.normal, bold: true))]
    }

    override func rowId(_ e: FeedbackEntry) -> Int64 { e.id ?? 0 }
    override var openLabel: Localized? { context.editOrView }
    override var showsSort: Bool { false }

    override func open(_ e: FeedbackEntry) -> Action {
        guard e.isOpen else { return .push(TextViewScreen(context, title: title, text: detail(e))) }
        return .push(FeedbackFormScreen(context, entry: e))
    }

    /// F5 and F3 before Enter; close and void after it.
    override var tableCommands: [Command] {
        let switchView = Command("F5", Localized("切换", "View")) { [unowned self] in
            let all = View.allCases
            view = all[(all.firstIndex(of: view)! + 1) % all.count]
            load()
            return .none
        }
        let new = Command.write("F3", Localized("登记", "New")) { [unowned self] in .push(FeedbackFormScreen(context, entry: nil)) }
        return [switchView, new] + super.tableCommands
    }

    override var listCommands: [Command] {
        [.write("F7", Localized("办结", "Close")) { [unowned self] in
            guard let e = selected else { return .none }
            guard e.isOpen else { return refuse(Localized("该记录已办结或已作废", "The entry is closed or voided")) }
            return .push(FeedbackCloseFormScreen(context, entry: e))
         },
         .write("F8", Localized("作废", "Void"), keys: [.function(8)]) { [unowned self] in
             guard let e = selected else { return .none }
             if e.isVoided { return refuse(Localized("该记录已作废：\(e.voidReason)", "Already voided: \(e.voidReason)")) }
             return .push(FeedbackVoidFormScreen(context, entry: e))
         }]
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

    override func render(into grid: inout Grid, in rect: Rect) {
        super.render(into: &grid, in: rect)
        // Overdue rows stand out: their text in the error colour (the selected row keeps its highlight).
        let alarm = context.t(S.alarm)
        redrawAlarmRows(into: &grid, in: rect) { $0.cells.first == alarm }
    }
}
