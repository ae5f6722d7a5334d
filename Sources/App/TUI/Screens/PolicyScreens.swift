import Domain
import Store
import UICore

/// The policy catalogue (政策目录): F3 adds a policy, F8 retires one.
final class PolicyListScreen: TableScreen<Policy> {
    static let cells: Cells<Policy> = [
        "code": { p, _ in p.code },
        "name": { p, _ in p.name },
        "level": { p, c in c.t(p.level.label) },
        "amount": { p, c in
            p.kind == .money ? (p.starShares?.text ?? p.amountFen.map(Money.yuan) ?? c.t(Localized("按实际", "Varies"))) : c.t(p.kind.label)
        },
        "recurrence": { p, c in c.t(p.recurrence.label) },
        "requiredStars": { p, c in p.requiredStars == 0 ? "—" : c.t(Localized("\(p.requiredStars)星", "\(p.requiredStars)")) },
        "state": { p, c in c.t(p.isRetired ? S.retired : S.inUse) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "policy_list", cells: Self.cells)
    }

    override func fetch() throws -> [Policy] { try context.db.policies(includeRetired: true) }
    override func rowId(_ p: Policy) -> Int64 { p.id ?? 0 }
    override var openLabel: Localized? { context.editOrView }
    override var showsSort: Bool { false }
    override func open(_ p: Policy) -> Action { .push(PolicyFormScreen(context, policy: p)) }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(PolicyFormScreen(context, policy: nil)) },
         .write("F6", Localized("批量登记", "For all eligible")) { [unowned self] in selected.map(batch) ?? .none },
         .write("F8", S.retire) { [unowned self] in selected.map(retire) ?? .none }]
    }

    /// F6: the households the policy's conditions find, to confirm; refused at once for a
    /// policy the batch cannot propose.
    func batch(_ p: Policy) -> Action {
        if let refusal = AppDatabase.batchRefusal(p) { return refuse(refusal) }
        return .push(EntitlementBatchFormScreen(context, policy: p))
    }

    func retire(_ p: Policy) -> Action {
        if p.isRetired { return refuse(Localized("「\(p.name)」已停用", "\(p.name) is already retired")) }
        return confirmThenChange(Localized("停用「\(p.name)」吗？已登记的应兑现事项仍须兑现。",
                                           "Retire \(p.name)? Entitlements already recorded stay due."), done: S.retired) {
            [unowned self] in try context.db.retirePolicy(id: p.id ?? 0)
        }
    }
}

final class PolicyFormScreen: FormScreen {
    let policy: Policy?

    static func choices(_ l: Language) -> [String: [Choice]] {
        [
            "policyLevel": FormScreen.choices(PolicyLevel.self, l),
            "policyKind": FormScreen.choices(PolicyKind.self, l),
            "recurrence": FormScreen.choices(Recurrence.self, l),
            "familyCondition": FormScreen.choices(FamilyCondition.self, l),
        ]
    }

    init(_ context: AppContext, policy: Policy?) {
        self.policy = policy
        super.init(context, spec: "policy_form", values: [
            "code": policy?.code ?? "", "name": policy?.name ?? "",
            "level": (policy?.level ?? .village).rawValue, "kind": (policy?.kind ?? .money).rawValue,
            "amount": policy?.amountFen.map(Money.yuan) ?? "", "recurrence": (policy?.recurrence ?? .yearly).rawValue,
            "requiredStars": String(policy?.requiredStars ?? 0), "eligibility": policy?.eligibility ?? "",
            "conditional": (policy?.isConditional ?? (policy == nil)) ? "1" : "0",
            "family": (policy?.criteria.family ?? .any).rawValue,
            "associationMember": policy?.criteria.associationMember == true ? "1" : "0",
            "minAge": policy?.criteria.minAge.map(String.init) ?? "", "maxAge": policy?.criteria.maxAge.map(String.init) ?? "",
            "hardship": policy?.criteria.hardship == true ? "1" : "0",
            "percentByStars": policy?.starShares.map { $0.percents.map(String.init).joined(separator: ",") } ?? "",
            "minBase": policy?.starShares?.minBaseFen.map(Money.yuan) ?? "",
        ], choices: Self.choices(context.language))
    }

    override func save() throws -> Action {
        let amount = try yuan("amount", example: "5000")
        let minBase = try yuan("minBase", example: "10000")
        var shares: StarPercentages?
        if let percents = StarPercentages.parse(text("percentByStars")) {
            shares = StarPercentages(percents: percents, minBaseFen: minBase)
        } else if minBase != nil {
            throw StoreError.invalid([FieldError(field: "percentByStars", message: Localized(
                "填了起付基数，也请填写按星级比例，如 5,10,15", "A lowest base needs the shares by star level, e.g. 5,10,15"))])
        }
        let criteria = EligibilityCriteria(family: FamilyCondition(rawValue: form.value("family")) ?? .any,
                                           associationMember: text("associationMember") == "1",
                                           minAge: Int(text("minAge")), maxAge: Int(text("maxAge")),
                                           hardship: text("hardship") == "1")
        let p = Policy(id: policy?.id, code: text("code"), name: text("name"),
                       level: PolicyLevel(rawValue: form.value("level")) ?? .village,
                       kind: PolicyKind(rawValue: form.value("kind")) ?? .money, amountFen: amount,
                       recurrence: Recurrence(rawValue: form.value("recurrence")) ?? .yearly,
                       requiredStars: Int(text("requiredStars")) ?? 0, eligibility: text("eligibility"),
                       isRetired: policy?.isRetired ?? false, isConditional: text("conditional") == "1",
                       criteria: criteria, starShares: shares)
        try context.db.savePolicy(p)
        return savedAndBack()
    }
}
