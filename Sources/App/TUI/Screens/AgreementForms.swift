import Domain
import Store
import UICore

final class AgreementFormScreen: FormScreen {
    let group: HonestyGroup

    init(_ context: AppContext, group: HonestyGroup, templates: [AgreementTemplate]) {
        self.group = group
        let choices = templates.map { Choice(value: String($0.id ?? 0), label: "\($0.name) v\($0.version)") }
        let start = context.today
        let end = LocalDate(year: start.year + 3, month: start.month, day: min(start.day, 28)) ?? start
        super.init(context, spec: "agreement_form", values: [
            "templateId": String(templates.first(where: \.isDefault)?.id ?? templates.first?.id ?? 0),
            "validFrom": start.description, "validTo": end.description,
        ], choices: ["template": choices])
    }

    override func save() throws -> Action {
        try context.db.createAgreement(groupId: group.id ?? 0, templateId: Int64(text("templateId")) ?? 0,
                                       validFrom: LocalDate(text("validFrom")) ?? context.today,
                                       validTo: LocalDate(text("validTo")) ?? context.today, on: context.today)
        return savedAndBack()
    }
}

final class SignatureFormScreen: FormScreen {
    let row: SignatureRow

    init(_ context: AppContext, row: SignatureRow) {
        self.row = row
        let s = row.signature
        let kinds = FormScreen.choices(SignatureKind.self, context.language)
        super.init(context, spec: "signature_form", values: [
            "kind": (s.kind == .pending ? SignatureKind.inPerson : s.kind).rawValue,
            "signedOn": (s.signedOn ?? context.today).description,
            "witness": s.witness, "proxyName": s.proxyName, "proxyRelation": s.proxyRelation,
            "declineReason": s.declineReason,
        ], choices: ["signatureKind": kinds])
    }

    override var title: String { "\(spec.title.text(context.language)) · \(row.householdNumber) \(row.signature.signerName)" }

    override func save() throws -> Action {
        var s = row.signature
        s.kind = SignatureKind(rawValue: text("kind")) ?? .pending
        let d = text("signedOn")
        s.signedOn = d.isEmpty ? nil : LocalDate(d)
        s.witness = text("witness")
        s.proxyName = text("proxyName")
        s.proxyRelation = text("proxyRelation")
        s.declineReason = text("declineReason")
        try context.db.recordSignature(s, on: context.today)
        return savedAndBack()
    }
}

final class CommitteeSignatureFormScreen: FormScreen {
    let agreement: Agreement

    init(_ context: AppContext, agreement: Agreement) {
        self.agreement = agreement
        super.init(context, spec: "committee_signature_form", values: [
            "committeeSigner": agreement.committeeSigner,
            "committeeSignedOn": (agreement.committeeSignedOn ?? context.today).description,
        ])
        fieldAliases = ["signer": "committeeSigner", "signedOn": "committeeSignedOn"]
    }

    override func save() throws -> Action {
        try context.db.recordCommitteeSignature(agreementId: agreement.id ?? 0, signer: text("committeeSigner"),
                                                on: LocalDate(text("committeeSignedOn")) ?? context.today)
        return savedAndBack()
    }
}

final class TerminateAgreementFormScreen: FormScreen {
    let agreement: Agreement

    init(_ context: AppContext, agreement: Agreement) {
        self.agreement = agreement
        super.init(context, spec: "agreement_terminate_form", values: [
            "terminatedOn": context.today.description, "terminationReason": "",
        ])
        fieldAliases = ["reason": "terminationReason", "date": "terminatedOn"]
    }

    override func save() throws -> Action {
        try context.db.terminateAgreement(id: agreement.id ?? 0, on: LocalDate(text("terminatedOn")) ?? context.today,
                                          reason: text("terminationReason"))
        return savedAndBack()
    }
}
