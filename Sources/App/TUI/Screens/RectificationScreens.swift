import Domain
import Store
import UICore

/// 失信整改: the cases broken pledge items opened, newest first; F5/F6/F7/F9 record the
/// steps of §四.2 (group review, committee check, mending, restoring), Enter shows them.
final class RectificationListScreen: TableScreen<RectificationRow> {
    static let cells: Cells<RectificationRow> = [
        "householdNumber": { r, _ in r.householdNumber },
        "headName": { r, _ in r.headName },
        "item": { r, _ in r.rectification.item },
        "openedOn": { r, _ in r.rectification.openedOn.description },
        "deadline": { r, _ in r.rectification.deadline.description },
        "stage": { r, c in
            let stage = r.rectification.stage(on: c.today)
            return (stage == .overdue || stage == .withheld ? c.t(S.alarm) : "") + c.t(stage.label)
        },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "rectification_list", cells: Self.cells)
    }

    override func fetch() throws -> [RectificationRow] { try context.db.rectificationCases() }
    override func rowId(_ r: RectificationRow) -> Int64 { r.rectification.id ?? 0 }
    override var showsSort: Bool { false }
    override var openLabel: Localized? { Localized("详情", "Details") }

    override func load() {
        super.load()
        let open = items.filter { $0.rectification.isOpen(on: context.today) }.count
        let withheld = items.filter { $0.rectification.withholds(on: context.today) }.count
        header = [(context.t(Localized("共 \(items.count) 项，未结 \(open) 项，暂停守信优惠 \(withheld) 户次。",
                                       "\(items.count) case(s), \(open) open, \(withheld) with benefits withheld.")), .normal)]
    }

    override var listCommands: [Command] {
        [step("F5", .groupReview, Localized("小组评议", "Review")), step("F6", .committeeCheck, Localized("村委会核实", "Check")),
         step("F7", .mended, Localized("改正", "Mended")), step("F9", .restored, Localized("评议恢复", "Restore"))]
    }

    func step(_ key: String, _ step: RectificationStep, _ label: Localized) -> Command {
        .write(key, label) { [unowned self] in
            guard let r = selected else { return .none }
            // A step out of order is refused before the form opens (as of today; the form's date is checked on saving).
            if let problem = RectificationRules.problem(recording: step, on: context.today, in: r.rectification, today: context.today) {
                return refuse(problem)
            }
            return .push(RectificationStepFormScreen(context, row: r, step: step))
        }
    }

    override func open(_ r: RectificationRow) -> Action {
        .push(TextViewScreen(context, title: context.t(Localized("整改详情", "Rectification")) + " · \(r.householdNumber) \(r.headName)",
                             text: detail(r.rectification)))
    }

    func detail(_ c: RectificationCase) -> String {
        let t = context.t
        var out = [t(Localized("失信事项：", "Broken item: ")) + c.item,
                   t(Localized("立案：", "Opened: ")) + c.openedOn.description + "　" + t(Localized("整改期限：", "Deadline: ")) + c.deadline.description,
                   t(Localized("状态：", "Stage: ")) + t(c.stage(on: context.today).label), ""]
        let steps: [(RectificationStep, LocalDate?, String)] = [
            (.groupReview, c.groupReviewOn, c.groupReviewNote), (.committeeCheck, c.committeeCheckOn, c.committeeCheckBy),
            (.mended, c.mendedOn, c.mendedNote), (.restored, c.restoredOn, c.restoredNote),
        ]
        for (step, date, note) in steps {
            out.append("\(t(step.label))：" + (date.map { "\($0)" + (note.isEmpty ? "" : "　\(note)") } ?? t(Localized("（未记录）", "(not recorded)"))))
        }
        if let from = c.withheldFrom {
            out.append("")
            out.append(t(Localized("守信优惠暂停自 \(from)", "Conditional benefits withheld from \(from)"))
                       + (c.restoredOn.map { t(Localized("，\($0) 恢复", ", restored on \($0)")) } ?? ""))
        }
        return out.joined(separator: "\n")
    }
}

/// One step of a case: its date and note.
final class RectificationStepFormScreen: FormScreen {
    let row: RectificationRow
    let step: RectificationStep

    init(_ context: AppContext, row: RectificationRow, step: RectificationStep) {
        self.row = row
        self.step = step
        super.init(context, spec: "rectification_step_form", values: ["date": context.today.description, "note": ""])
    }

    override var title: String {
        context.t(step.label) + " · \(row.householdNumber) \(row.headName) · " + TextWidth.truncate(row.rectification.item, to: 24)
    }

    override func save() throws -> Action {
        guard let date = LocalDate(text("date")) else {
            throw StoreError.invalid([FieldError(field: "date", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        try context.db.recordRectificationStep(step, caseId: row.rectification.id ?? 0, on: date, note: text("note"),
                                               today: context.today)
        return savedAndBack()
    }
}
