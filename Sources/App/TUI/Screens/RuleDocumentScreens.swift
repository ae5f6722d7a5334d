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

final class RuleDocumentFormScreen: FormScreen {
    let document: RuleDocument?

    init(_ context: AppContext, document: RuleDocument?) {
        self.document = document
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

    override func save() throws -> Action {
        var d = document ?? RuleDocument(kind: .organisation, title: "", adoptedOn: context.today, adoptedBy: "")
        d.kind = RuleDocumentKind(rawValue: text("kind")) ?? d.kind
        d.title = text("title")
        d.adoptedOn = LocalDate(text("adoptedOn")) ?? context.today
        d.adoptedBy = text("adoptedBy")
        d.meetingId = Int64(text("meetingId"))
        d.note = text("note")
        try context.db.saveRuleDocument(d, on: context.today)
        return savedAndBack()
    }
}
