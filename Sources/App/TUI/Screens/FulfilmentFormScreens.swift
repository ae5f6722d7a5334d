import Domain
import Store
import UICore

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
            "dueOn": context.today.description, "year": "", "amount": "", "base": "", "note": "",
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
        let amount = try yuan("amount", example: "800")
        let base = try yuan("base", example: "12000")
        let dueOn = LocalDate(text("dueOn")) ?? context.today
        try context.db.addEntitlement(Entitlement(policyId: Int64(form.value("policy")) ?? 0, householdId: row.id,
                                                  year: Int(text("year")), dueOn: dueOn, amountFen: amount, baseFen: base,
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
        let amount = try yuan("amount", example: "3000")
        try context.db.recordFulfilment(Fulfilment(entitlementId: row.entitlement.id ?? 0,
                                                   deliveredOn: LocalDate(text("deliveredOn")) ?? context.today,
                                                   amountFen: amount, detail: text("detail"), reference: text("reference"),
                                                   recordedBy: text("recordedBy")), today: context.today)
        return savedAndBack()
    }
}

// MARK: - Summary

/// Promised against delivered for the village: totals, then one line per policy.
