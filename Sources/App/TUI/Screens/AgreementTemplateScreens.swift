import Domain
import Store
import UICore

/// 协议范本: every version of the village's agreement templates; Enter reads one, F7
/// edits its text in the full-screen editor (a used template becomes a new version).
final class AgreementTemplateListScreen: TableScreen<AgreementTemplate> {
    static let cells: Cells<AgreementTemplate> = [
        "name": { t, _ in t.name },
        "version": { t, _ in String(t.version) },
        "adoptedOn": { t, _ in t.adoptedOn?.description ?? "" },
        "adoptedBy": { t, _ in t.adoptedBy },
        "isDefault": { t, c in t.isDefault ? c.t(Localized("是", "yes")) : "" },
        "length": { t, _ in String(t.body.count) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "agreement_template_list", cells: Self.cells)
    }

    override func fetch() throws -> [AgreementTemplate] { try context.db.agreementTemplates() }
    override func rowId(_ t: AgreementTemplate) -> Int64 { t.id ?? 0 }
    override var showsSort: Bool { false }
    override var openLabel: Localized? { Localized("阅读", "Read") }

    override func open(_ t: AgreementTemplate) -> Action {
        .push(TextViewScreen(context, title: "\(t.name) · " + context.t(Localized("第\(t.version)版", "version \(t.version)")),
                             text: t.body))
    }

    override var listCommands: [Command] {
        [.write("F5", Localized("通过会议", "Adopted at")) { [unowned self] in
            selected.map { .push(TemplateMeetingFormScreen(context, template: $0)) } ?? .none
         },
         .write("F7", Localized("改文本", "Edit text")) { [unowned self] in selected.map(edit) ?? .none }]
    }

    /// F7: the template's text in the editor; saved through the store, which keeps the old
    /// version when an agreement used it.
    func edit(_ t: AgreementTemplate) -> Action {
        let note = context.t(Localized("范本正文：可用 {{村名}}、{{小组名}}、{{成员名单}} 等占位符；已用过的范本保存为新版本。",
                                       "The template's text: placeholders such as {{村名}} may be used; a template already used is saved as a new version."))
        return .push(TextEditorScreen(context, title: "\(t.name) · " + context.t(Localized("修改范本", "Edit the template")),
                                      note: note, text: t.body) { [unowned self] body in
            var changed = t
            changed.body = body
            let saved = try context.db.saveAgreementTemplate(changed)
            load()
            return saved.version == t.version
                ? Localized("已保存范本（第\(saved.version)版）", "Template saved (version \(saved.version))")
                : Localized("已保存为第\(saved.version)版；第\(t.version)版和用它签的协议不变",
                            "Saved as version \(saved.version); version \(t.version) and the agreements made from it are unchanged")
        })
    }
}

/// F5 on a template: the meeting of the register that adopted the version selected.
final class TemplateMeetingFormScreen: FormScreen {
    let template: AgreementTemplate

    init(_ context: AppContext, template: AgreementTemplate) {
        self.template = template
        super.init(context, spec: "template_meeting_form", values: ["meetingId": template.meetingId.map(String.init) ?? ""],
                   choices: ["meeting": meetingChoices(context)])
    }

    override var title: String {
        spec.title.text(context.language) + " · \(template.name) " + context.t(Localized("第\(template.version)版", "version \(template.version)"))
    }

    override func save() throws -> Action {
        guard let meetingId = Int64(text("meetingId")) else {
            throw StoreError.invalid([FieldError(field: "meetingId", message: Localized("请选择会议", "Choose the meeting"))])
        }
        try context.db.adoptTemplate(id: template.id ?? 0, meetingId: meetingId)
        return savedAndBack()
    }
}
