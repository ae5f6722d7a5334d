import Domain
import Store
import UICore

/// Labels shared by the fulfilment screens.
extension AppContext {
    func yuanText(_ fen: Int?) -> String {
        guard let fen else { return "—" }
        return Money.yuan(fen)
    }

    /// 已兑现 / ！逾期 / 部分兑现 / 待兑现.
    func ledgerState(_ r: LedgerRow) -> String {
        if r.isDelivered { return t(Localized("已兑现", "Delivered")) }
        if r.isOverdue { return t(Localized("！逾期", "! Overdue")) }
        if r.deliveries > 0 { return t(Localized("部分兑现", "Partial")) }
        return t(Localized("待兑现", "Due"))
    }

    func ledgerDelivered(_ r: LedgerRow) -> String {
        r.policyKind == .money ? yuanText(r.deliveredFen) : (r.deliveries > 0 ? t(Localized("已提供", "Given")) : "—")
    }

    func ledgerDue(_ r: LedgerRow) -> String {
        r.policyKind == .money ? yuanText(r.dueFen) : t(PolicyKind.service.label)
    }
}

/// A table of ledger rows: the village's, a household's or the overdue ones.
class LedgerTableScreen: TableScreen<LedgerRow> {
    static let cells: Cells<LedgerRow> = [
        "householdNumber": { r, _ in r.householdNumber },
        "headName": { r, _ in r.headName },
        "policy": { r, _ in r.policyName },
        "year": { r, _ in String(r.entitlement.year) },
        "dueOn": { r, _ in r.entitlement.dueOn.description },
        "due": { r, c in c.ledgerDue(r) },
        "delivered": { r, c in c.ledgerDelivered(r) },
        "deliveredOn": { r, _ in r.lastDeliveredOn?.description ?? "" },
        "state": { r, c in c.ledgerState(r) },
    ]

    init(_ context: AppContext, spec id: String) {
        super.init(context, spec: id, cells: Self.cells)
    }

    override func rowId(_ r: LedgerRow) -> Int64 { r.entitlement.id ?? 0 }

    override func open(_ row: LedgerRow) -> Action {
        .push(HouseholdLedgerScreen(context, householdId: row.entitlement.householdId))
    }
}

/// Every entitlement of the village.
final class LedgerListScreen: LedgerTableScreen {
    init(_ context: AppContext) { super.init(context, spec: "ledger_list") }

    override func fetch() throws -> [LedgerRow] { try context.db.allLedgerRows(on: context.today) }

    override var listCommands: [Command] {
        [.write("F5", Localized("登记应兑现", "Add due")) { [unowned self] in
            EntitlementFormScreen.open(context, householdNumber: "")
        }]
    }
}

/// Entitlements past their due date and not delivered in full.
final class OverdueListScreen: LedgerTableScreen {
    init(_ context: AppContext) { super.init(context, spec: "overdue_list") }

    override func fetch() throws -> [LedgerRow] { try context.db.overdueEntitlements(on: context.today) }

    override func footer() -> [String] {
        let money = items.reduce(0) { $0 + max(0, ($1.dueFen ?? 0) - $1.deliveredFen) }
        return [context.t(Localized("逾期 \(items.count) 项，未兑现金额 \(Money.yuan(money)) 元（截至 \(context.today)）",
                                    "\(items.count) overdue, \(Money.yuan(money)) yuan outstanding (as of \(context.today))"))]
    }
}

/// One household's ledger: due against delivered, F3 (or Enter) records a delivery.
final class HouseholdLedgerScreen: LedgerTableScreen {
    let householdId: Int64
    var household: Household?
    var headName = ""

    init(_ context: AppContext, householdId: Int64) {
        self.householdId = householdId
        household = try? context.db.household(id: householdId)
        headName = (try? context.db.members(householdId: householdId))?.first { $0.relation == .head }?.name ?? ""
        super.init(context, spec: "household_ledger")
    }

    override func fetch() throws -> [LedgerRow] { try context.db.householdLedger(householdId: householdId, on: context.today) }

    override var title: String { spec.title.text(context.language) + " · " + (household?.number ?? "") + " " + headName }

    /// A household whose conditional benefits are withheld says so, and why, above its ledger.
    override func load() {
        super.load()
        guard let c = (try? context.db.withholdingCase(householdId: householdId, on: context.today)) ?? nil,
              let from = c.withheldFrom else {
            header = []
            return
        }
        header = [(context.t(S.alarm) + context.t(Localized("自 \(from) 起暂停守信优惠：失信“\(c.item)”经小组评议、村委会核实",
                                                           "Conditional benefits withheld from \(from): broken pledge \"\(c.item)\"")),
                   Style(.error)),
                  (context.t(Localized("  改正后经评议恢复（承诺与兑现 → 8 失信整改）", "  Restored by a review after mending (Pledges → 8)")),
                   .normal)]
    }

    override var openLabel: Localized? { nil }
    override var showsFilter: Bool { false }

    override var listCommands: [Command] {
        [.write("F3", Localized("登记兑现", "Deliver"), keys: [.function(3), .insert, .enter]) { [unowned self] in deliver() },
         .write("F5", Localized("登记应兑现", "Add due")) { [unowned self] in
             EntitlementFormScreen.open(context, householdNumber: household?.number ?? "")
         }]
    }

    override func handle(_ key: Key) -> Action {
        // This short list has no filter.
        key == .char("/") ? .none : super.handle(key)
    }

    func deliver() -> Action {
        guard let row = selected else {
            return refuse(Localized("本户尚无应兑现事项；按 F5 登记", "Nothing due yet; F5 records an entitlement"))
        }
        if row.isDelivered { return refuse(Localized("「\(row.policyName)」已兑现完毕", "\(row.policyName) is delivered in full")) }
        return .push(FulfilmentFormScreen(context, row: row))
    }

    override func footer() -> [String] {
        let due = items.reduce(0) { $0 + ($1.dueFen ?? 0) }
        let paid = items.reduce(0) { $0 + $1.deliveredFen }
        let overdue = items.filter(\.isOverdue).count
        let delivered = items.filter(\.isDelivered).count
        return [context.t(Localized(
            "应兑现 \(items.count) 项 \(Money.yuan(due)) 元；已兑现 \(delivered) 项 \(Money.yuan(paid)) 元；逾期 \(overdue) 项",
            "\(items.count) due, \(Money.yuan(due)) yuan; \(delivered) delivered, \(Money.yuan(paid)) yuan; \(overdue) overdue"))]
    }
}
