import Domain
import Store
import UICore

/// The pledge item catalogue (承诺事项目录): F3 adds an item, F8 retires one.
final class PledgeItemListScreen: TableScreen<Noted<PledgeItem, Bool>> {
    static let cells: Cells<Noted<PledgeItem, Bool>> = [
        "code": { l, _ in l.record.code },
        "text": { l, _ in l.record.text },
        "sortOrder": { l, _ in String(l.record.sortOrder) },
        "used": { l, c in l.note ? c.t(Localized("已签用", "Signed")) : "" },
        "state": { l, c in c.t(l.record.isRetired ? S.retired : S.inUse) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "pledge_item_list", cells: Self.cells)
    }

    override func fetch() throws -> [Noted<PledgeItem, Bool>] {
        try context.db.pledgeItems(includeRetired: true).map {
            Noted(record: $0, note: (try? context.db.isPledgeItemUsed(id: $0.id ?? 0)) ?? false)
        }
    }

    override func rowId(_ line: Noted<PledgeItem, Bool>) -> Int64 { line.record.id ?? 0 }
    override var openLabel: Localized? { context.editOrView }
    override var showsSort: Bool { false }
    override func open(_ line: Noted<PledgeItem, Bool>) -> Action { .push(PledgeItemFormScreen(context, item: line.record)) }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in addItem() },
         .write("F8", S.retire) { [unowned self] in selected.map(retire) ?? .none }]
    }

    func addItem() -> Action {
        let orders = items.map(\.record.sortOrder)
        let next = ((orders.max() ?? 0) / 10 + 1) * 10
        let n = items.count + 1
        let code = "P" + (n < 10 ? "0\(n)" : "\(n)")
        return .push(PledgeItemFormScreen(context, item: PledgeItem(code: code, text: "", sortOrder: min(next, 999))))
    }

    func retire(_ line: Noted<PledgeItem, Bool>) -> Action {
        let item = line.record
        if item.isRetired { return refuse(Localized("「\(item.text)」已停用", "\(item.text) is already retired")) }
        return confirmThenChange(Localized("停用「\(item.text)」吗？已有的承诺书仍保留该事项。",
                                           "Retire \(item.text)? Pledges that have it keep it."), done: S.retired) {
            [unowned self] in try context.db.retirePledgeItem(id: item.id ?? 0)
        }
    }
}

final class PledgeItemFormScreen: FormScreen {
    let item: PledgeItem

    init(_ context: AppContext, item: PledgeItem) {
        self.item = item
        super.init(context, spec: "pledge_item_form", values: [
            "code": item.code, "text": item.text, "sortOrder": String(item.sortOrder),
        ])
    }

    override func save() throws -> Action {
        var i = item
        i.code = text("code")
        i.text = text("text")
        i.sortOrder = Int(text("sortOrder")) ?? 0
        try context.db.savePledgeItem(i)
        return savedAndBack()
    }
}
