import Domain
import Store
import UICore

// MARK: - Rule documents and 四有

/// The rule documents (村规民约 and 制度) with the 四有 panel above them.
final class RuleDocumentListScreen: TableScreen<RuleDocument> {
    var showSuperseded = false
    var fourHaves: FourHaves?

    static let cells: Cells<RuleDocument> = [
        "kind": { d, c in c.t(d.kind.label) },
        "title": { d, _ in d.title },
        "adoptedOn": { d, _ in d.adoptedOn.description },
        "adoptedBy": { d, _ in d.adoptedBy },
        "state": { d, c in d.supersededById == nil ? c.t(Localized("现行", "In force")) : c.t(Localized("已取代", "Superseded")) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "rule_document_list", cells: Self.cells)
    }

    override func fetch() throws -> [RuleDocument] {
        fourHaves = try? context.db.fourHaves(on: context.today)
        return try context.db.ruleDocuments(includeSuperseded: showSuperseded)
    }

    override func load() {
        super.load()
        header = panelLines().map { ($0.0, $0.1 ? Style(.error) : .normal) }
    }

    override func rowId(_ d: RuleDocument) -> Int64 { d.id ?? 0 }
    override var openLabel: Localized? { context.editOrView }
    override var showsSort: Bool { false }
    override func open(_ d: RuleDocument) -> Action { .push(RuleDocumentFormScreen(context, document: d)) }

    /// F3 before Enter, F5 after it.
    override var tableCommands: [Command] {
        let new = Command.write("F3", S.new) { [unowned self] in .push(RuleDocumentFormScreen(context, document: nil)) }
        return [new] + super.tableCommands
    }

    override var listCommands: [Command] {
        [Command("F5", showSuperseded ? Localized("只看现行", "Current only") : Localized("含已取代", "Show superseded")) {
            [unowned self] in
            showSuperseded.toggle()
            load()
            return .none
        }]
    }

    /// The 四有 panel: four items with ✓/✗, then what is missing.
    func panelLines() -> [(String, Bool)] {
        guard let f = fourHaves else { return [] }
        let items = f.items.map { ($0.has ? "✓ " : "✗ ") + context.t($0.label) }
        var lines: [(String, Bool)] = [
            (context.t(Localized("四有：", "Four haves: ")) + items[0] + "　" + items[1], !(f.hasHonestyGroups && f.hasVillageRules)),
            ("　　　" + items[2] + "　" + items[3], !(f.hasAgreements && f.hasRuleDocuments)),
        ]
        if f.missing.isEmpty {
            lines.append((context.t(Localized("　　　四有齐全", "      All four present")), false))
        } else {
            lines += f.missing.map { ("　　　" + context.t($0), true) }
        }
        return lines
    }

}

/// A rule document's form; F7 opens its text in the full-screen editor. Once a document
/// has a text, a changed text is saved as a new document, adopted by a later meeting,
/// that supersedes it (the form's date and meeting are the revision's).
final class RuleDocumentFormScreen: FormScreen {
    let document: RuleDocument?
    /// The text as edited in the editor, saved with the form.
    var body: String

    init(_ context: AppContext, document: RuleDocument?) {
        self.document = document
        body = document?.body ?? ""
        super.init(context, spec: "rule_document_form", values: [
            "kind": (document?.kind ?? .organisation).rawValue, "title": document?.title ?? "",
            "adoptedOn": (document?.adoptedOn ?? context.today).description,
            // A document adopted at a meeting of the register takes the meeting's kind as its text;
            // one recorded before the register keeps what was typed.
            "adoptedBy": document?.adoptedBy ?? "村民代表大会", "note": document?.note ?? "",
            "meetingId": document?.meetingId.map(String.init) ?? "",
        ], choices: ["ruleDocumentKind": FormScreen.choices(RuleDocumentKind.self, context.language),
                     "meeting": meetingChoices(context)])
        if document != nil, let i = form.fields.firstIndex(where: { $0.key == "kind" }) {
            // A saved document keeps its kind; a new kind is a new document.
            form.fields[i].readOnly = true
            form.focus(key: "title")
        }
    }

    override var commands: [Command] {
        [saveCommand(), Command("F7", Localized("正文", "Text")) { [unowned self] in editText() }, tabCommand, escCommand]
    }

    override var hasUnsavedChanges: Bool { form.isDirty || body != (document?.body ?? "") }

    /// Whether saving makes a new document: the stored text is changed.
    var isRevision: Bool {
        guard let document else { return false }
        return !document.body.isEmpty && body != document.body
    }

    /// F7: the text in the editor (read only for those who may not change records).
    func editText() -> Action {
        let name = text("title").isEmpty ? context.t(spec.title) : text("title")
        let title = name + " · " + context.t(Localized("正文", "Text"))
        if isViewOnly {
            return .push(TextViewScreen(context, title: title, text: body.isEmpty ? context.t(Localized("（尚未录入正文）", "(No text yet)")) : body))
        }
        let adopted = !(document?.body.isEmpty ?? true)
        let note = adopted
            ? context.t(Localized("已通过的正文：修改后保存为新文件，须填写修订通过的日期和会议，原文件保留为已取代。",
                                  "The adopted text: a change is saved as a new document; give the date and meeting that adopted the revision."))
            : context.t(Localized("录入会议通过的正文；改完按 F2 回到表单，再按 F2 保存文件。",
                                  "Type in the text the meeting adopted; F2 returns to the form, where F2 saves the document."))
        return .push(TextEditorScreen(context, title: title, note: note, text: body, maxLength: RuleDocument.bodyLimit) {
            [unowned self] text in
            body = text
            return isRevision
                ? Localized("正文已改：请填写修订通过的日期和会议，按 F2 保存为新文件", "Text changed: give the revision's date and meeting, then F2 saves it as a new document")
                : Localized("正文已改，按 F2 保存文件", "Text changed; F2 saves the document")
        })
    }

    override func save() throws -> Action {
        var d = document ?? RuleDocument(kind: .organisation, title: "", adoptedOn: context.today, adoptedBy: "")
        d.kind = RuleDocumentKind(rawValue: text("kind")) ?? d.kind
        d.title = text("title")
        d.adoptedOn = LocalDate(text("adoptedOn")) ?? context.today
        d.adoptedBy = text("adoptedBy")
        d.meetingId = Int64(text("meetingId"))
        d.note = text("note")
        d.body = body
        let revision = isRevision
        let saved = try context.db.saveRuleDocument(d, on: context.today)
        guard revision, let old = document else { return savedAndBack() }
        form.markClean()
        body = saved.body
        return .sequence([.popDiscarding, .message(Message(context.t(Localized(
            "已保存为新文件（\(saved.adoptedOn) \(saved.adoptedBy) 通过），取代 \(old.adoptedOn) 的原文件",
            "Saved as a new document (adopted \(saved.adoptedOn), \(saved.adoptedBy)); it supersedes the one of \(old.adoptedOn)"))))])
    }
}
