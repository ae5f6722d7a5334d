import Domain
import Store
import UICore

/// A screen around one form from `Screens/`: type checks, then the store's rules;
/// every error lands under its field and nothing typed is lost.
class FormScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var form: Form
    /// Maps a domain field name to this form's field key where they differ.
    var fieldAliases: [String: String] = [:]

    /// `extraFields` follow the screen file's fields, for lists only known at run time (votes per candidate).
    init(_ context: AppContext, spec id: String, values: [String: String], choices: [String: [Choice]] = [:],
         extraFields: [FormField] = []) {
        self.context = context
        spec = context.catalog[id]
        var allChoices = Self.enumChoices(context.language)
        allChoices.merge(choices) { $1 }
        form = Form(title: spec.title.text(context.language),
                    fields: spec.formFields(context.language, choices: allChoices) + extraFields,
                    values: values, language: context.language)
        // Someone who may not change records sees the form to read only.
        if isViewOnly {
            for i in form.fields.indices { form.fields[i].readOnly = true }
        }
    }

    /// Whether the form only shows a record: it changes records and the user may not.
    var isViewOnly: Bool { writesRecords && !context.db.may(.writeRecords) }

    /// The right saving needs: changing records, unless the form changes none.
    var savePermission: Permissions? { writesRecords ? .writeRecords : nil }

    /// Every case of a labelled enum as a choice: its raw value, shown by its label.
    static func choices<E: Labelled & CaseIterable & RawRepresentable>(_: E.Type, _ l: Language) -> [Choice]
    where E.RawValue == String {
        E.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) }
    }

    static func enumChoices(_ l: Language) -> [String: [Choice]] {
        [
            "sex": FormScreen.choices(Sex.self, l),
            "relation": FormScreen.choices(Relation.self, l),
            "maritalStatus": FormScreen.choices(MaritalStatus.self, l),
            "migrantStatus": FormScreen.choices(MigrantStatus.self, l),
        ]
    }

    var title: String {
        spec.title.text(context.language) + (isViewOnly ? context.t(Localized("（只读）", " (read only)")) : "")
    }
    var helpLines: [String] { spec.helpLines(context.language) }
    /// F2 saves, Tab moves, Esc goes back; subclasses add theirs or name F2 otherwise.
    var commands: [Command] { [saveCommand(), tabCommand, escCommand] }

    func saveCommand(_ label: Localized = S.save, name: String = "F2") -> Command {
        Command(name, label, needs: savePermission) { [unowned self] in submit() }
    }
    var tabCommand: Command { Command("Tab", S.next) }
    var escCommand: Command { Command("Esc", S.back) }
    var hasUnsavedChanges: Bool { form.isDirty }
    var isTakingText: Bool { false }
    /// Work between keys: none, unless a form writes a file a slice at a time (the export form).
    var isWorking: Bool { false }
    func work() -> Action { .none }

    func handle(_ key: Key) -> Action {
        switch form.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .submit: return submit()
        }
    }

    /// Checks the typed values, then saves through `save()`; on failure keeps everything typed.
    func submit() -> Action {
        // A user who may not change records hears so at once, not after filling in every field.
        if writesRecords && !context.db.mayWrite {
            return .message(Message(context.t(AppDatabase.notAllowedMessage), kind: .error))
        }
        let typeErrors = form.typeErrors()
        if !typeErrors.isEmpty {
            return showErrors(typeErrors, unattached: [])
        }
        do {
            return try save()
        } catch StoreError.invalid(let errors) {
            var byField: [String: String] = [:]
            var unattached: [String] = []
            let keys = Set(form.fields.map(\.key))
            for e in errors {
                let key = fieldAliases[e.field] ?? e.field
                if keys.contains(key) {
                    byField[key] = byField[key].map { $0 + "；" + context.t(e.message) } ?? context.t(e.message)
                } else {
                    unattached.append(context.t(e.message))
                }
            }
            return showErrors(byField, unattached: unattached)
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }

    private func showErrors(_ errors: [String: String], unattached: [String]) -> Action {
        form.errors = errors
        if let first = form.fields.first(where: { errors[$0.key] != nil }) { form.focus(key: first.key) }
        let text = unattached.isEmpty ? context.t(S.fixErrors) : unattached.joined(separator: "；")
        return .message(Message(text, kind: .error))
    }

    func didReappear() {}

    /// Whether saving changes village records (the sign-in, own-password and
    /// reveal forms do not, and override this).
    var writesRecords: Bool { true }

    /// Saves the form's values; throws the store's errors. Subclasses override.
    func save() throws -> Action { .none }

    func savedAndBack() -> Action {
        form.markClean()
        return .sequence([.popDiscarding, .message(Message(context.t(S.saved)))])
    }

    func render(into grid: inout Grid, in rect: Rect) {
        form.render(into: &grid, in: Rect(x: rect.x + 2, y: rect.y, width: rect.width - 4, height: rect.height))
    }

    func text(_ key: String) -> String { form.value(key).trimmedSpaces }

    /// An amount typed in yuan, as fen; nil when left empty. Anything else is refused under the field.
    func yuan(_ key: String, example: String) throws -> Int? {
        let typed = text(key)
        if typed.isEmpty { return nil }
        guard let fen = Money.fen(fromYuan: typed) else {
            throw StoreError.invalid([FieldError(field: key, message: Localized(
                "金额应为元，最多两位小数，如 \(example) 或 1234.50", "Give yuan with at most 2 decimals, e.g. \(example) or 1234.50"))])
        }
        return fen
    }

    /// Which record the form edits, for a draft kept when the app is stopped
    /// (e.g. "household:12", "person:new:12"); nil for forms not worth a draft
    /// (passwords, sign-in).
    var draftTarget: String? { nil }

    /// Puts a draft's values back and counts them as unsaved edits.
    func restore(_ fields: [String: String]) {
        for (k, v) in fields { form.setValue(k, v) }
        form.markDirty()
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{3000}" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" { s = s.dropLast() }
        return String(s)
    }
}
