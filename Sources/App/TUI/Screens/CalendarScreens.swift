import Domain
import Store
import UICore

/// 工作日程: the deadlines of one year, with whether the records show each done; F5 marks
/// done the work the records do not hold (u takes the mark back), [ and ] turn the year,
/// F4 opens the entries. Reached from 评估与监督 5 and from the main screen's 待办 (i).
final class CalendarScreen: TableScreen<Noted<Deadline, Int>> {
    var year: Int

    static let cells: Cells<Noted<Deadline, Int>> = [
        "dueOn": { d, _ in d.record.dueOn.description },
        "title": { d, c in c.t(d.record.title) },
        "period": { d, _ in d.record.hasStart ? d.record.periodStart.description : "" },
        "status": { d, c in
            let status = d.record.status(on: c.today)
            return (status == .overdue ? c.t(S.alarm) : "") + c.t(status.label)
        },
        "doneOn": { d, c in d.record.status(on: c.today) == .done ? d.record.doneOn?.description ?? "" : "" },
    ]

    init(_ context: AppContext) {
        year = context.today.year
        super.init(context, spec: "calendar", cells: Self.cells)
        // Start where the main screen's 待办 starts: the first deadline not done in the look-back.
        let since = context.today.addingDays(-CalendarRules.lookbackDays)
        let undone = items.filter { $0.record.status(on: context.today) != .done }
        if let first = undone.first(where: { $0.record.dueOn >= since }) ?? undone.first {
            table.select(items.firstIndex { rowId($0) == rowId(first) } ?? 0)
        }
    }

    override var title: String { spec.title.text(context.language) + " · " + context.t(Localized("\(year)年", "\(year)")) }

    override func fetch() throws -> [Noted<Deadline, Int>] {
        let from = LocalDate(year: year, month: 1, day: 1)!, to = LocalDate(year: year, month: 12, day: 31)!
        return try context.db.deadlines(from: from, to: to).enumerated().map { Noted(record: $1, note: $0 + 1) }
    }

    override func load() {
        super.load()
        let today = context.today
        let overdue = items.filter { $0.record.status(on: today) == .overdue }.count
        let due = items.filter { $0.record.status(on: today) == .due }.count
        let done = items.count - overdue - due
        header = [(context.t(Localized("今天 \(today) · 已办 \(done) · 待办 \(due) · 逾期 \(overdue)",
                                       "Today \(today) · done \(done) · due \(due) · overdue \(overdue)")),
                   overdue > 0 ? Style(.error) : .normal)]
    }

    override func rowId(_ d: Noted<Deadline, Int>) -> Int64 { Int64(d.note) }
    override var showsSort: Bool { false }
    /// The key bar has no room for / (the list filters by it all the same).
    override var showsFilter: Bool { false }
    override var openLabel: Localized? { Localized("详情", "Open") }

    override func open(_ d: Noted<Deadline, Int>) -> Action {
        .push(TextViewScreen(context, title: context.t(d.record.title), text: detail(d.record)))
    }

    /// What a deadline is, where it comes from and what shows it done.
    func detail(_ d: Deadline) -> String {
        let t = context.t
        var lines = [t(Localized("期限：", "Due: ")) + d.dueOn.description,
                     t(Localized("期间：", "Period: ")) + "\(d.periodStart) — \(d.periodEnd)",
                     t(Localized("状态：", "State: ")) + t(d.status(on: context.today).label)
                         + (d.doneOn.map { t(Localized("（\($0)）", " (\($0))")) } ?? "")]
        switch d.source {
        case .renewal:
            lines.append(t(Localized("已办依据：该小组有一份结束更晚的生效协议", "Done by: the group has a later agreement in force")))
        case .entry(let id, let evidence):
            lines.append(t(Localized("已办依据：", "Done by: ")) + t(evidence.label))
            if let e = entries.first(where: { $0.id == id }), !e.basis.isEmpty {
                lines.append(t(Localized("依据：", "Basis: ")) + e.basis)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The entries, for the basis of a deadline.
    lazy var entries: [CalendarEntry] = (try? context.db.calendarEntries(includeRetired: true)) ?? []

    override var listCommands: [Command] {
        [.write("F5", Localized("登记已办", "Mark done")) { [unowned self] in selected.map(markDone) ?? .none },
         .write("u", Localized("撤销已办", "Unmark")) { [unowned self] in selected.map(unmark) ?? .none },
         Command.eachKey("[/]", Localized("换年份", "Year")) { [unowned self] key in
             year += key == .char("[") ? -1 : 1
             load()
             return .none
         },
         Command("F4", Localized("事项设置", "Entries")) { [unowned self] in .push(CalendarEntryListScreen(context)) }]
    }

    func markDone(_ d: Noted<Deadline, Int>) -> Action {
        guard case .entry(let id, let evidence) = d.record.source else {
            return refuse(Localized("协议续签由新协议判定：在诚信计生小组中签订新协议", "A renewal is done by a new agreement: sign one under Honesty groups"))
        }
        if evidence != .none {
            return refuse(Localized("此事项由\(evidence.label.zh)记录判定，无需登记", "This is done when a \(evidence.label.en.lowercased()) is recorded"))
        }
        if d.record.status(on: context.today) == .done { return refuse(Localized("这一期已登记为已办", "This deadline is marked done already")) }
        return .push(CalendarDoneFormScreen(context, deadline: d.record, entryId: id))
    }

    func unmark(_ d: Noted<Deadline, Int>) -> Action {
        guard let id = d.record.entryId, d.record.evidence == CalendarEvidence.none, d.record.doneOn != nil else {
            return refuse(Localized("这一期没有登记已办", "This deadline is not marked done"))
        }
        return confirmThenChange(Localized("撤销“\(d.record.title.zh)”的已办登记吗？可以再次登记。",
                                           "Take back the mark on \(d.record.title.en)? It can be marked again."),
                                 done: Localized("已撤销", "Mark taken back")) { [unowned self] in
            try context.db.unmarkDeadlineDone(entryId: id, dueOn: d.record.dueOn)
        }
    }
}

/// F5 on a deadline: the day its work was done, and a note.
final class CalendarDoneFormScreen: FormScreen {
    let deadline: Deadline
    let entryId: Int64

    init(_ context: AppContext, deadline: Deadline, entryId: Int64) {
        self.deadline = deadline
        self.entryId = entryId
        super.init(context, spec: "calendar_done_form", values: ["doneOn": context.today.description, "note": ""])
    }

    override var title: String { spec.title.text(context.language) + " · " + context.t(deadline.title) }

    override func save() throws -> Action {
        guard let date = LocalDate(text("doneOn")) else {
            throw StoreError.invalid([FieldError(field: "doneOn", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        try context.db.markDeadlineDone(entryId: entryId, dueOn: deadline.dueOn, on: date, note: text("note"), today: context.today)
        return savedAndBack()
    }
}

/// 工作日程事项: the calendar's entries. The administrator adds (F3), edits (Enter) and
/// retires or reinstates (F8) them; others read.
final class CalendarEntryListScreen: TableScreen<CalendarEntry> {
    static let cells: Cells<CalendarEntry> = [
        "code": { e, _ in e.code },
        "title": { e, c in c.t(e.titleText) },
        "when": { e, c in c.t(e.whenText) },
        "evidence": { e, c in c.t(e.evidence.label) },
        "state": { e, c in c.t(e.isRetired ? S.retired : S.inUse) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "calendar_entry_list", cells: Self.cells)
    }

    override func fetch() throws -> [CalendarEntry] { try context.db.calendarEntries(includeRetired: true) }
    override func rowId(_ e: CalendarEntry) -> Int64 { e.id ?? 0 }
    override var showsSort: Bool { false }
    override var openLabel: Localized? {
        context.db.may(.settings) ? Localized("修改", "Edit") : Localized("查看", "View")
    }
    override func open(_ e: CalendarEntry) -> Action { .push(CalendarEntryFormScreen(context, entry: e)) }

    override var listCommands: [Command] {
        [Command("F3", S.new, needs: .settings) { [unowned self] in .push(CalendarEntryFormScreen(context, entry: nil)) },
         Command("F8", Localized("停用/恢复", "Retire/reinstate"), needs: .settings) { [unowned self] in
             selected.map(retire) ?? .none
         }]
    }

    func retire(_ e: CalendarEntry) -> Action {
        let retiring = !e.isRetired
        return confirmThenChange(
            retiring ? Localized("停用「\(e.title)」吗？它的期限不再显示，已办登记保留；可再按 F8 恢复。",
                                 "Retire \(e.titleText.en)? Its deadlines are no longer shown; marks are kept. F8 reinstates it.")
                     : Localized("恢复使用「\(e.title)」吗？", "Reinstate \(e.titleText.en)?"),
            done: retiring ? S.retired : Localized("已恢复使用", "Reinstated")) { [unowned self] in
            try context.db.setCalendarEntryRetired(id: e.id ?? 0, retiring)
        }
    }
}

/// An entry of the calendar: saved by the administrator, read only for everyone else.
final class CalendarEntryFormScreen: FormScreen {
    let entry: CalendarEntry?

    init(_ context: AppContext, entry: CalendarEntry?) {
        self.entry = entry
        super.init(context, spec: "calendar_entry_form", values: [
            "code": entry?.code ?? "", "title": entry?.title ?? "", "titleEn": entry?.titleEn ?? "",
            "schedule": (entry?.schedule ?? .yearly).rawValue, "dueDay": entry?.dueDay.map(String.init) ?? "",
            "startDate": entry?.start?.description ?? "", "dueDate": entry?.due?.description ?? "",
            "evidence": (entry?.evidence ?? .none).rawValue, "basis": entry?.basis ?? "",
        ], choices: ["calendarSchedule": FormScreen.choices(CalendarSchedule.self, context.language),
                     "calendarEvidence": FormScreen.choices(CalendarEvidence.self, context.language)])
    }

    /// Only the administrator changes the calendar.
    override var isViewOnly: Bool { !context.db.may(.settings) }
    override var savePermission: Permissions? { .settings }

    override func submit() -> Action {
        if isViewOnly { return .message(Message(context.t(AppDatabase.notAllowedMessage), kind: .error)) }
        return super.submit()
    }

    override func save() throws -> Action {
        func monthDay(_ key: String) throws -> MonthDay? {
            let typed = text(key)
            if typed.isEmpty { return nil }
            guard let md = MonthDay(typed) else {
                throw StoreError.invalid([FieldError(field: key, message: Localized("应为 月-日，如 04-30", "Give MM-DD, e.g. 04-30"))])
            }
            return md
        }
        let dueDay = text("dueDay")
        guard dueDay.isEmpty || Int(dueDay) != nil else {
            throw StoreError.invalid([FieldError(field: "dueDay", message: Localized("应为 1 到 28 的数字", "Give a number, 1 to 28"))])
        }
        var e = entry ?? CalendarEntry(code: "", title: "", schedule: .yearly)
        e.code = text("code")
        e.title = text("title")
        e.titleEn = text("titleEn")
        e.schedule = CalendarSchedule(rawValue: form.value("schedule")) ?? .yearly
        e.dueDay = Int(dueDay)
        e.start = try monthDay("startDate")
        e.due = try monthDay("dueDate")
        e.evidence = CalendarEvidence(rawValue: form.value("evidence")) ?? .none
        e.basis = text("basis")
        try context.db.saveCalendarEntry(e)
        return savedAndBack()
    }
}
