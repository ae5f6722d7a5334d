import Domain
import Store
import UICore

/// The group's agreement: its state, validity, the committee's signature and every
/// member household's signature. Older versions stay readable (←→ between versions).
final class AgreementScreen: TableScreen<SignatureRow> {
    let group: HonestyGroup
    var agreements: [Agreement] = []
    /// Index into `agreements` of the version shown (0 = newest).
    var shown = 0

    static let cells: Cells<SignatureRow> = [
        "householdNumber": { r, _ in r.householdNumber },
        "signerName": { r, _ in r.signature.signerName },
        "kind": { r, c in c.t(r.signature.kind.label) },
        "signedOn": { r, _ in r.signature.signedOn?.description ?? "" },
        "witness": { r, _ in r.signature.witness },
        "note": { r, c in
            switch r.signature.kind {
            case .proxy: r.signature.proxyName + c.t(Localized("（\(r.signature.proxyRelation)）", " (\(r.signature.proxyRelation))"))
            case .declined: r.signature.declineReason
            default: ""
            }
        },
    ]

    init(_ context: AppContext, group: HonestyGroup) {
        self.group = group
        super.init(context, spec: "agreement", cells: Self.cells)
    }

    var agreement: Agreement? { shown < agreements.count ? agreements[shown] : nil }
    var state: AgreementState? { agreement?.effectiveState(on: context.today) }

    override func fetch() throws -> [SignatureRow] {
        agreements = try context.db.agreements(groupId: group.id ?? 0)
        if shown >= agreements.count { shown = 0 }
        return try agreement.map { try context.db.signatures(agreementId: $0.id ?? 0) } ?? []
    }

    override func load() {
        super.load()
        header = headerLines().map { ($0, Style.normal) }
    }

    override func rowId(_ r: SignatureRow) -> Int64 { r.signature.id ?? 0 }
    override var title: String { spec.title.text(context.language) + " · " + group.name }

    override var tableCommands: [Command] {
        let back = Command("Esc", S.back)
        guard agreement != nil, let state else { return [newAgreement, back] }
        var list = [Command("F4", Localized("文本", "Text")) { [unowned self] in text() }]
        switch state {
        case .draft:
            list.append(.write("F7", Localized("改文本", "Edit text")) { [unowned self] in editDraft() })
            list.append(.write("F5", Localized("开始签署", "Start signing")) { [unowned self] in startSigning() })
        case .signing:
            list.append(.write("Enter", Localized("签字", "Sign")) { [unowned self] in selected.map(open) ?? .none })
            list.append(.write("F6", Localized("村委会签字", "Committee")) { [unowned self] in
                agreement.map { .push(CommitteeSignatureFormScreen(context, agreement: $0)) } ?? .none
            })
        case .inForce: list.append(terminate)
        case .expired, .terminated: list.append(newAgreement)
        }
        // While signing, F8 still terminates; the bar has no room to say so (F1 does).
        if state == .signing {
            var t = terminate
            t.inKeyBar = false
            list.append(t)
        }
        if state != .draft { list.append(.write("F9", Localized("新版本", "New version")) { [unowned self] in revise() }) }
        if agreements.count > 1 { list.append(Command("←→", Localized("版本", "Versions"))) }
        return list + [back]
    }

    var newAgreement: Command {
        .write("F3", S.new) { [unowned self] in
            if let state, state == .draft || state == .signing || state == .inForce {
                return refuse(Localized("本组已有未结束的协议（\(state.label.zh)），如需修改请用 F9 生成新版本",
                                        "The group already has an open agreement; use F9 for a new version"))
            }
            let templates = (try? context.db.agreementTemplates()) ?? []
            guard !templates.isEmpty else { return refuse(Localized("没有协议范本", "No agreement template")) }
            return .push(AgreementFormScreen(context, group: group, templates: templates))
        }
    }

    var terminate: Command {
        .write("F8", Localized("终止", "Terminate"), keys: [.function(8)]) { [unowned self] in
            guard let a = agreement, state == .inForce || state == .signing else { return .none }
            return .push(TerminateAgreementFormScreen(context, agreement: a))
        }
    }

    func text() -> Action {
        guard let a = agreement else { return .none }
        let text = (try? context.db.agreementText(id: a.id ?? 0, on: context.today)) ?? a.body
        let draft = state == .draft ? context.t(Localized("（草稿，按当前小组情况预览）", " (draft preview)")) : ""
        return .push(TextViewScreen(context, title: "\(a.title) · " + context.t(Localized("第\(a.version)版", "version \(a.version)")) + draft,
                                    text: text))
    }

    /// F7 on a draft: its text, placeholders and all, in the full-screen editor; saved as
    /// the draft's text (the store refuses an empty text or an unknown placeholder).
    func editDraft() -> Action {
        guard let a = agreement, let id = a.id, state == .draft else { return .none }
        let note = context.t(Localized("草稿正文：{{村名}} 等占位符在预览和签署时填入；开始签署前可以修改。",
                                       "The draft's text: placeholders such as {{村名}} are filled in for preview and signing. It can change until signing starts."))
        return .push(TextEditorScreen(context, title: "\(a.title) · " + context.t(Localized("修改草稿文本", "Edit the draft's text")),
                                      note: note, text: a.body) { [unowned self] body in
            try context.db.updateAgreementDraft(id: id, body: body, validFrom: a.validFrom, validTo: a.validTo)
            load()
            return Localized("已保存草稿文本", "The draft's text is saved")
        })
    }

    func startSigning() -> Action {
        guard let a = agreement, state == .draft else { return .none }
        return confirmThenChange(Localized("开始签署后协议文本将冻结，不能再修改。开始签署吗？", "Once signing starts the text is frozen. Start signing?"),
                                 done: Localized("已开始签署。回车记录各户签字", "Signing started. Enter records each signature")) {
            [unowned self] in try context.db.startSigning(agreementId: a.id ?? 0, on: context.today)
        }
    }

    func revise() -> Action {
        guard let a = agreement, let state, state != .draft else { return .none }
        return confirmThenChange(Localized("生成第\(a.version + 1)版草稿？新版本须重新签署，旧版本保留。",
                                           "Make version \(a.version + 1) as a draft? It must be signed again; the old one stays."),
                                 done: Localized("已生成新版本草稿", "New draft version made")) {
            [unowned self] in
            try context.db.reviseAgreement(id: a.id ?? 0, on: context.today)
            shown = 0
        }
    }

    override func open(_ r: SignatureRow) -> Action {
        guard state == .signing else {
            return refuse(Localized("只有“签署中”的协议可以记录签字", "Signatures are recorded while the agreement is being signed"))
        }
        return .push(SignatureFormScreen(context, row: r))
    }

    override func handle(_ key: Key) -> Action {
        switch key {
        case .left where !table.isFiltering:
            if shown + 1 < agreements.count { shown += 1; load() }
            return .none
        case .right where !table.isFiltering:
            if shown > 0 { shown -= 1; load() }
            return .none
        default:
            return super.handle(key)
        }
    }

    func headerLines() -> [String] {
        guard let a = agreement else {
            return [context.t(Localized("本组还没有协议。按 F3 从范本新建。", "No agreement yet. F3 makes one from a template."))]
        }
        let l = context.language
        let state = a.effectiveState(on: context.today)
        let signed = items.filter { $0.signature.kind != .pending }.count
        var lines = [
            context.t(Localized("第\(a.version)/\(agreements.count)版　状态：", "Version \(a.version)/\(agreements.count)  State: "))
                + state.label.text(l)
                + context.t(Localized("　有效期：\(a.validFrom) 至 \(a.validTo)", "  Valid \(a.validFrom) to \(a.validTo)")),
            context.t(Localized("村委会签字：", "Committee: "))
                + (a.committeeSignedOn.map { "\(a.committeeSigner) \($0)" } ?? context.t(Localized("未签", "not signed")))
                + context.t(Localized("　成员户已签/拒签：\(signed)/\(items.count)", "  Households done: \(signed)/\(items.count)")),
        ]
        if state == .terminated, let d = a.terminatedOn {
            lines.append(context.t(Localized("已于 \(d) 终止：\(a.terminationReason)", "Terminated \(d): \(a.terminationReason)")))
        }
        return lines
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        for (i, line) in header.enumerated() {
            grid.put(line.text, x: rect.x + 2, y: rect.y + i, maxWidth: rect.width - 4)
        }
        grid.hline(x: rect.x, y: rect.y + 3, width: rect.width)
        if agreement != nil {
            table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y + 4, width: rect.width - 2, height: rect.height - 4))
        }
    }
}
