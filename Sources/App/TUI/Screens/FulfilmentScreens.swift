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

// MARK: - Policy catalogue

final class PolicyListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var policies: [Policy] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["policy_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    func load() {
        policies = (try? context.db.policies(includeRetired: true)) ?? []
        table.source = ArrayTableSource(rows: policies.map { p in
            TableRow(id: p.id ?? 0, cells: [
                p.code, p.name, context.t(p.level.label),
                p.kind == .money ? (p.amountFen.map(Money.yuan) ?? context.t(Localized("按实际", "Varies"))) : context.t(p.kind.label),
                context.t(p.recurrence.label), p.requiredStars == 0 ? "—" : context.t(Localized("\(p.requiredStars)星", "\(p.requiredStars)")),
                p.isRetired ? context.t(Localized("已停用", "Retired")) : context.t(Localized("在用", "In use")),
            ])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3", "F8"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", context.editOrView), context.hint("F3", S.new),
         context.hint("F8", Localized("停用", "Retire")), context.hint("/", S.filter), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering {
            switch key {
            case .function(3), .insert:
                return .push(PolicyFormScreen(context, policy: nil))
            case .function(8), .delete:
                guard let id = table.selectedId, let p = policies.first(where: { $0.id == id }) else { return .none }
                if p.isRetired {
                    return .message(Message(context.t(Localized("「\(p.name)」已停用", "\(p.name) is already retired")), kind: .error))
                }
                return .confirm(context.t(Localized("停用「\(p.name)」吗？已登记的应兑现事项仍须兑现。",
                                                    "Retire \(p.name)? Entitlements already recorded stay due.")),
                                onYes: { [unowned self] in
                    do {
                        try context.db.retirePolicy(id: id)
                        load()
                        return .message(Message(context.t(Localized("已停用", "Retired"))))
                    } catch {
                        return .message(Message(context.describe(error), kind: .error))
                    }
                })
            default: break
            }
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let p = policies.first(where: { $0.id == id }) else { return .none }
            return .push(PolicyFormScreen(context, policy: p))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

final class PolicyFormScreen: FormScreen {
    let policy: Policy?

    static func choices(_ l: Language) -> [String: [Choice]] {
        [
            "policyLevel": PolicyLevel.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) },
            "policyKind": PolicyKind.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) },
            "recurrence": Recurrence.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) },
        ]
    }

    init(_ context: AppContext, policy: Policy?) {
        self.policy = policy
        super.init(context, spec: "policy_form", values: [
            "code": policy?.code ?? "", "name": policy?.name ?? "",
            "level": (policy?.level ?? .village).rawValue, "kind": (policy?.kind ?? .money).rawValue,
            "amount": policy?.amountFen.map(Money.yuan) ?? "", "recurrence": (policy?.recurrence ?? .yearly).rawValue,
            "requiredStars": String(policy?.requiredStars ?? 0), "eligibility": policy?.eligibility ?? "",
        ], choices: Self.choices(context.language))
    }

    override func save() throws -> Action {
        let amountText = text("amount")
        var amount: Int?
        if !amountText.isEmpty {
            guard let fen = Money.fen(fromYuan: amountText) else {
                throw StoreError.invalid([FieldError(field: "amount", message: Localized(
                    "金额应为元，最多两位小数，如 5000 或 1234.50", "Give yuan with at most 2 decimals, e.g. 5000 or 1234.50"))])
            }
            amount = fen
        }
        let p = Policy(id: policy?.id, code: text("code"), name: text("name"),
                       level: PolicyLevel(rawValue: form.value("level")) ?? .village,
                       kind: PolicyKind(rawValue: form.value("kind")) ?? .money, amountFen: amount,
                       recurrence: Recurrence(rawValue: form.value("recurrence")) ?? .yearly,
                       requiredStars: Int(text("requiredStars")) ?? 0, eligibility: text("eligibility"),
                       isRetired: policy?.isRetired ?? false)
        try context.db.savePolicy(p)
        return savedAndBack()
    }
}

// MARK: - Ledgers

/// A table of ledger rows: the village's, a household's or the overdue ones.
class LedgerTableScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var rows: [LedgerRow] = []

    init(_ context: AppContext, spec id: String) {
        self.context = context
        spec = context.catalog[id]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    /// The rows to show; subclasses override.
    func fetch() -> [LedgerRow] { [] }

    /// The cells of one row, in the spec's column order.
    func cells(_ r: LedgerRow) -> [String] {
        (spec.columns ?? []).map { c in
            switch c.key {
            case "householdNumber": r.householdNumber
            case "headName": r.headName
            case "policy": r.policyName
            case "year": String(r.entitlement.year)
            case "dueOn": r.entitlement.dueOn.description
            case "due": context.ledgerDue(r)
            case "delivered": context.ledgerDelivered(r)
            case "deliveredOn": r.lastDeliveredOn?.description ?? ""
            case "state": context.ledgerState(r)
            default: ""
            }
        }
    }

    func load() {
        rows = fetch()
        table.source = ArrayTableSource(rows: rows.map { TableRow(id: $0.entitlement.id ?? 0, cells: cells($0)) })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { [] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", S.open), context.hint("/", S.filter), context.hint("F6", S.sort), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    /// Keys before the table's; nil lets the table have the key.
    func command(_ key: Key) -> Action? { nil }

    func activate(_ row: LedgerRow) -> Action {
        .push(HouseholdLedgerScreen(context, householdId: row.entitlement.householdId))
    }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering, let action = command(key) { return action }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let row = rows.first(where: { $0.entitlement.id == id }) else { return .none }
            return activate(row)
        }
    }

    /// Lines under the table; subclasses add a total.
    func footer() -> [String] { [] }

    func render(into grid: inout Grid, in rect: Rect) {
        let lines = footer()
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height - lines.count))
        for (i, line) in lines.enumerated() {
            grid.put(line, x: rect.x + 1, y: rect.y + rect.height - lines.count + i, maxWidth: rect.width - 2, style: Style(.dim))
        }
    }
}

/// Every entitlement of the village.
final class LedgerListScreen: LedgerTableScreen {
    init(_ context: AppContext) { super.init(context, spec: "ledger_list") }

    override func fetch() -> [LedgerRow] { (try? context.db.allLedgerRows(on: context.today)) ?? [] }

    override var writeKeys: Set<String> { ["F5"] }
    override var hints: [KeyHint] {
        [context.hint("Enter", S.open), context.hint("F5", Localized("登记应兑现", "Add due")), context.hint("/", S.filter),
         context.hint("F6", S.sort), context.hint("Esc", S.back)]
    }

    override func command(_ key: Key) -> Action? {
        guard key == .function(5) else { return nil }
        return EntitlementFormScreen.open(context, householdNumber: "")
    }
}

/// Entitlements past their due date and not delivered in full.
final class OverdueListScreen: LedgerTableScreen {
    init(_ context: AppContext) { super.init(context, spec: "overdue_list") }

    override func fetch() -> [LedgerRow] { (try? context.db.overdueEntitlements(on: context.today)) ?? [] }

    override func footer() -> [String] {
        let money = rows.reduce(0) { $0 + max(0, ($1.dueFen ?? 0) - $1.deliveredFen) }
        return [context.t(Localized("逾期 \(rows.count) 项，未兑现金额 \(Money.yuan(money)) 元（截至 \(context.today)）",
                                    "\(rows.count) overdue, \(Money.yuan(money)) yuan outstanding (as of \(context.today))"))]
    }
}

/// One household's ledger: due against delivered, F3 records a delivery.
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

    override func fetch() -> [LedgerRow] { (try? context.db.householdLedger(householdId: householdId, on: context.today)) ?? [] }

    override var title: String { spec.title.text(context.language) + " · " + (household?.number ?? "") + " " + headName }

    override var writeKeys: Set<String> { ["F3", "F5"] }
    override var hints: [KeyHint] {
        [context.hint("F3", Localized("登记兑现", "Deliver")), context.hint("F5", Localized("登记应兑现", "Add due")),
         context.hint("F6", S.sort), context.hint("Esc", S.back)]
    }

    override func command(_ key: Key) -> Action? {
        switch key {
        case .function(3), .enter:
            guard let id = table.selectedId, let row = rows.first(where: { $0.entitlement.id == id }) else {
                return .message(Message(context.t(Localized("本户尚无应兑现事项；按 F5 登记", "Nothing due yet; F5 records an entitlement")),
                                        kind: .error))
            }
            if row.isDelivered {
                return .message(Message(context.t(Localized("「\(row.policyName)」已兑现完毕", "\(row.policyName) is delivered in full")),
                                        kind: .error))
            }
            return .push(FulfilmentFormScreen(context, row: row))
        case .function(5):
            return EntitlementFormScreen.open(context, householdNumber: household?.number ?? "")
        case .char("/"):
            return Action.none
        default:
            return nil
        }
    }

    override func footer() -> [String] {
        let due = rows.reduce(0) { $0 + ($1.dueFen ?? 0) }
        let paid = rows.reduce(0) { $0 + $1.deliveredFen }
        let overdue = rows.filter(\.isOverdue).count
        return [context.t(Localized(
            "应兑现 \(rows.count) 项 \(Money.yuan(due)) 元；已兑现 \(rows.filter(\.isDelivered).count) 项 \(Money.yuan(paid)) 元；逾期 \(overdue) 项",
            "\(rows.count) due, \(Money.yuan(due)) yuan; \(rows.filter(\.isDelivered).count) delivered, \(Money.yuan(paid)) yuan; \(overdue) overdue"))]
    }
}

final class EntitlementFormScreen: FormScreen {
    let policies: [Policy]

    /// The form, or a message when there is no policy to choose.
    static func open(_ context: AppContext, householdNumber: String) -> Action {
        let policies = (try? context.db.policies()) ?? []
        if policies.isEmpty {
            return .message(Message(context.t(Localized("政策目录为空，请先添加政策", "The policy catalogue is empty; add a policy first")),
                                    kind: .error))
        }
        return .push(EntitlementFormScreen(context, householdNumber: householdNumber, policies: policies))
    }

    init(_ context: AppContext, householdNumber: String, policies: [Policy]) {
        self.policies = policies
        let choices = ["policy": policies.map { Choice(value: String($0.id ?? 0), label: "\($0.code) \($0.name)") }]
        super.init(context, spec: "entitlement_form", values: [
            "householdNumber": householdNumber, "policy": String(policies.first?.id ?? 0),
            "dueOn": context.today.description, "year": "", "amount": "", "note": "",
        ], choices: choices)
        if !householdNumber.isEmpty { form.focus(key: "policy") }
    }

    override func save() throws -> Action {
        let number = text("householdNumber")
        guard let row = try context.db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true,
                                                     offset: 0, limit: 50).first(where: { $0.number == number }) else {
            throw StoreError.invalid([FieldError(field: "householdNumber", message: Localized(
                "没有户编号为 \(number) 的户", "No household numbered \(number)"))])
        }
        let amountText = text("amount")
        var amount: Int?
        if !amountText.isEmpty {
            guard let fen = Money.fen(fromYuan: amountText) else {
                throw StoreError.invalid([FieldError(field: "amount", message: Localized(
                    "金额应为元，最多两位小数，如 800 或 1234.50", "Give yuan with at most 2 decimals"))])
            }
            amount = fen
        }
        let dueOn = LocalDate(text("dueOn")) ?? context.today
        try context.db.addEntitlement(Entitlement(policyId: Int64(form.value("policy")) ?? 0, householdId: row.id,
                                                  year: Int(text("year")), dueOn: dueOn, amountFen: amount,
                                                  note: text("note")))
        return savedAndBack()
    }
}

final class FulfilmentFormScreen: FormScreen {
    let row: LedgerRow

    init(_ context: AppContext, row: LedgerRow) {
        self.row = row
        let remaining = row.dueFen.map { max(0, $0 - row.deliveredFen) }
        super.init(context, spec: "fulfilment_form", values: [
            "policy": "\(row.policyName)（\(row.entitlement.year)）",
            "deliveredOn": context.today.description,
            "amount": row.policyKind == .money ? (remaining.map(Money.yuan) ?? "") : "",
            "detail": "", "reference": "",
            "recordedBy": context.db.session.map { $0.displayName.isEmpty ? $0.username : $0.displayName } ?? "",
        ])
        form.focus(key: "deliveredOn")
    }

    override func save() throws -> Action {
        let amountText = text("amount")
        var amount: Int?
        if !amountText.isEmpty {
            guard let fen = Money.fen(fromYuan: amountText) else {
                throw StoreError.invalid([FieldError(field: "amount", message: Localized(
                    "金额应为元，最多两位小数，如 3000 或 1234.50", "Give yuan with at most 2 decimals"))])
            }
            amount = fen
        }
        try context.db.recordFulfilment(Fulfilment(entitlementId: row.entitlement.id ?? 0,
                                                   deliveredOn: LocalDate(text("deliveredOn")) ?? context.today,
                                                   amountFen: amount, detail: text("detail"), reference: text("reference"),
                                                   recordedBy: text("recordedBy")), today: context.today)
        return savedAndBack()
    }
}

// MARK: - Summary

/// Promised against delivered for the village: totals, then one line per policy.
final class FulfilmentSummaryScreen: Screen {
    let context: AppContext
    var summary: FulfilmentSummary?
    var top = 0

    init(_ context: AppContext) {
        self.context = context
        summary = try? context.db.fulfilmentSummary(on: context.today)
    }

    var title: String { context.t(Localized("兑现汇总", "Fulfilment summary")) }
    var helpLines: [String] {
        [context.t(Localized("全村应兑现与已兑现的对照：件数和金额（资金类），以及每项政策的情况。逾期：过了应兑现日期仍未兑现完毕。",
                             "Promised against delivered for the whole village, in count and money, and per policy. Overdue: past the due date and not delivered in full.")),
         context.t(Localized("上下键滚动。", "Up/Down scroll."))]
    }
    var hints: [KeyHint] { [context.hint("↑↓", Localized("滚动", "Scroll")), context.hint("Esc", S.back)] }

    func didReappear() { summary = try? context.db.fulfilmentSummary(on: context.today) }

    func handle(_ key: Key) -> Action {
        switch key {
        case .escape: return .pop
        case .up: top = max(0, top - 1)
        case .down: top = min(max(0, (summary?.byPolicy.count ?? 0) - 1), top + 1)
        default: break
        }
        return .none
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let x = rect.x + 2
        let w = rect.width - 4
        guard let s = summary else {
            grid.put(context.t(Localized("（无法读取）", "(cannot read)")), x: x, y: rect.y, style: Style(.dim))
            return
        }
        let pct: (Int, Int) -> String = { a, b in b == 0 ? "—" : Rate.format(Double(a) * 100 / Double(b)) + "%" }
        let l = context.language
        var y = rect.y
        grid.put(context.t(Localized("截至 \(context.today)", "As of \(context.today)")), x: x, y: y, style: Style(.dim))
        y += 1
        grid.put(l == .en
                 ? "Entitlements \(s.dueCount), delivered \(s.deliveredCount) (\(pct(s.deliveredCount, s.dueCount))), overdue \(s.overdueCount)"
                 : "应兑现 \(s.dueCount) 项，已兑现 \(s.deliveredCount) 项（\(pct(s.deliveredCount, s.dueCount))），逾期 \(s.overdueCount) 项",
                 x: x, y: y, maxWidth: w, style: s.overdueCount > 0 ? Style(.normal, bold: true) : .normal)
        y += 1
        grid.put(l == .en
                 ? "Money promised \(Money.yuan(s.dueFen)) yuan, paid \(Money.yuan(s.deliveredFen)) yuan (\(pct(s.deliveredFen, s.dueFen)))"
                 : "应兑现资金 \(Money.yuan(s.dueFen)) 元，已兑现 \(Money.yuan(s.deliveredFen)) 元（\(pct(s.deliveredFen, s.dueFen))）",
                 x: x, y: y, maxWidth: w)
        y += 2
        let widths = [28, 6, 6, 6, 12, 12]
        let header = (l == .en ? ["Policy", "Due", "Done", "Late", "Promised", "Paid"]
                               : ["政策", "应兑现", "已兑现", "逾期", "应兑现(元)", "已兑现(元)"])
        let line: ([String]) -> String = { cells in
            cells.enumerated().map { i, c in TextWidth.pad(c, to: widths[i], align: i == 0 ? .left : .right) }.joined(separator: " ")
        }
        grid.fill(Rect(x: x, y: y, width: w, height: 1), style: Style(.header, bold: true))
        grid.put(line(header), x: x, y: y, maxWidth: w, style: Style(.header, bold: true))
        y += 1
        for p in s.byPolicy.dropFirst(top) {
            guard y < rect.y + rect.height else { break }
            let money = p.policy.kind == .money
            let cells = [p.policy.name, String(p.dueCount), String(p.deliveredCount),
                         p.overdueCount > 0 ? context.t(S.alarm) + "\(p.overdueCount)" : "0",
                         money ? Money.yuan(p.dueFen) : "—", money ? Money.yuan(p.deliveredFen) : "—"]
            grid.put(line(cells), x: x, y: y, maxWidth: w, style: p.overdueCount > 0 ? Style(.error) : .normal)
            y += 1
        }
        if s.byPolicy.isEmpty {
            grid.put(context.t(Localized("（尚无应兑现事项）", "(nothing due yet)")), x: x, y: y, style: Style(.dim))
        }
    }
}
