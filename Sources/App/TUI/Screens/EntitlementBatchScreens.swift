import Domain
import Store
import UICore

/// F6 on the policy catalogue: the due date (and, for a policy whose amount varies, the
/// amount each), then the proposed households to confirm.
final class EntitlementBatchFormScreen: FormScreen {
    let policy: Policy

    init(_ context: AppContext, policy: Policy) {
        self.policy = policy
        super.init(context, spec: "entitlement_batch_form", values: [
            "policy": "\(policy.code) \(policy.name)", "criteria": context.t(policy.criteria.summary),
            "dueOn": context.today.description, "year": "", "amount": "",
        ])
        form.focus(key: "dueOn")
    }

    /// F2 lists the proposal; nothing is stored until it is confirmed there.
    override var commands: [Command] { [saveCommand(Localized("列出建议", "Propose")), tabCommand, escCommand] }

    override func save() throws -> Action {
        let amount = try yuan("amount", example: "800")
        let dueOn = LocalDate(text("dueOn")) ?? context.today
        let proposal = try context.db.proposeEntitlements(policyId: policy.id ?? 0, dueOn: dueOn, year: Int(text("year")),
                                                          amountFen: amount)
        form.markClean()
        return .push(EntitlementProposalScreen(context, proposal: proposal))
    }
}

/// The households a policy would give its benefit to: ticked by default, Space unticks,
/// F2 records the ticked ones in one transaction.
final class EntitlementProposalScreen: TableScreen<ProposedHousehold> {
    static let cells: Cells<ProposedHousehold> = [
        "keep": { r, _ in r.isKept ? "✓" : "" },
        "householdNumber": { r, _ in r.line.facts.number },
        "headName": { r, _ in r.line.facts.headName },
        "groupName": { r, _ in r.line.facts.groupName },
        "grounds": { r, c in c.t(r.line.grounds) },
        "due": { r, _ in r.amount },
    ]

    let proposal: EntitlementProposal
    var kept: Set<Int64>

    init(_ context: AppContext, proposal: EntitlementProposal) {
        self.proposal = proposal
        kept = Set(proposal.lines.map(\.facts.householdId))
        amount = proposal.policy.kind == .money ? proposal.amountFen.map(Money.yuan) ?? "" : context.t(proposal.policy.kind.label)
        super.init(context, spec: "entitlement_proposal", cells: Self.cells)
    }

    /// The amount each household is due, as the list shows it.
    let amount: String

    override var title: String { spec.title.text(context.language) + " · " + proposal.policy.code + " " + proposal.policy.name }
    override func fetch() throws -> [ProposedHousehold] {
        proposal.lines.map { ProposedHousehold(line: $0, isKept: kept.contains($0.facts.householdId), amount: amount) }
    }
    override func rowId(_ r: ProposedHousehold) -> Int64 { r.line.facts.householdId }
    override var openLabel: Localized? { nil }
    override var showsSort: Bool { false }
    override func didReappear() {}
    override var hasUnsavedChanges: Bool { false }

    override func load() {
        super.load()
        let p = proposal
        var lines: [(text: String, style: Style)] = [
            (context.t(Localized("条件：\(p.policy.criteria.summary.zh) · 应兑现 \(p.dueOn)（\(p.year)年度）",
                                 "Conditions: \(p.policy.criteria.summary.en) · due \(p.dueOn) (\(p.year))")), .normal),
            (context.t(Localized("符合 \(p.lines.count + p.leftOut.count + p.alreadyDue) 户：建议 \(p.lines.count) 户，已勾选 \(kept.count) 户；已登记 \(p.alreadyDue) 户",
                                 "\(p.lines.count + p.leftOut.count + p.alreadyDue) eligible: \(p.lines.count) proposed, \(kept.count) ticked; \(p.alreadyDue) already due")),
             Style(.dim)),
        ]
        if let first = p.leftOut.first {
            lines.append((context.t(Localized("！暂停守信优惠、不能登记 \(p.leftOut.count) 户：", "! \(p.leftOut.count) withheld, cannot be recorded: "))
                + p.leftOut.map { $0.facts.number + " " + $0.facts.headName }.joined(separator: context.language.listSeparator)
                + (p.leftOut.count == 1 ? "（" + context.t(first.reason ?? Localized("", "")) + "）" : ""), Style(.error)))
        }
        header = lines
    }

    override var listCommands: [Command] {
        [Command.write("Space", Localized("勾选", "Tick")) { [unowned self] in tick() },
         Command.write("F5", Localized("全选/全不选", "All/none")) { [unowned self] in
             kept = kept.isEmpty ? Set(proposal.lines.map(\.facts.householdId)) : []
             load()
             return .none
         },
         Command.write("F2", Localized("登记", "Record")) { [unowned self] in record() }]
    }

    func tick() -> Action {
        guard let id = selected?.line.facts.householdId else { return .none }
        if kept.contains(id) { kept.remove(id) } else { kept.insert(id) }
        load()
        return .none
    }

    func record() -> Action {
        if kept.isEmpty { return refuse(Localized("没有勾选的户", "No household is ticked")) }
        let ids = proposal.lines.map(\.facts.householdId).filter(kept.contains)
        let question = Localized("为勾选的 \(ids.count) 户登记「\(proposal.policy.name)」\(proposal.year)年度应兑现事项吗？",
                                 "Record \(proposal.policy.name) (\(proposal.year)) as due to the \(ids.count) ticked households?")
        return .confirm(context.t(question)) { [unowned self] in
            do {
                let n = try context.db.recordProposedEntitlements(proposal, householdIds: ids)
                let done = Localized("已登记 \(n) 户应兑现事项", "Recorded \(n) entitlements")
                return .sequence([.popDiscarding, .replace(LedgerListScreen(context)), .message(Message(context.t(done)))])
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
        }
    }
}

/// A line of the proposal as the list shows it: ticked or not, and the amount.
struct ProposedHousehold: Sendable {
    var line: EntitlementProposal.Line
    var isKept: Bool
    var amount: String
}
