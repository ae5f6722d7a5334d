import Domain
import Foundation
import Store
import UICore

/// Forms left unsaved when the terminal hangs up (SIGHUP) or the app is
/// stopped (SIGTERM) are kept as drafts and offered back at the next sign-in.
extension AppModel {
    /// Keeps the unsaved forms of the screen stack as drafts. Returns how many.
    @discardableResult
    public func saveDrafts() -> Int {
        var saved = 0
        for case let form as FormScreen in stack where form.hasUnsavedChanges {
            guard let target = form.draftTarget else { continue }
            do {
                try context.db.saveDraft(screen: form.spec.id, target: target, title: form.title, fields: form.form.values)
                saved += 1
            } catch {
                continue
            }
        }
        return saved
    }
}

extension AppContext {
    /// Asks whether to bring back a draft.
    func offerDraft(_ draft: Draft) -> Action {
        let question = t(Localized("发现上次未保存的表单“\(draft.title)”（\(draft.savedAt)），恢复吗？",
                                   "A form was left unsaved: \(draft.title) (\(draft.savedAt)). Restore it?"))
        return .confirm(question, onYes: { [self] in
            try? db.deleteDraft(id: draft.id)
            if let screen = restoredScreen(draft) { return .push(screen) }
            // A form that cannot be reopened: show what was typed so nothing is lost.
            let text = draft.fields.sorted { $0.key < $1.key }.map { "\($0.key)：\($0.value)" }.joined(separator: "\n")
            return .push(TextViewScreen(self, title: draft.title, text: text))
        })
    }

    /// The form a draft came from, with its values back.
    func restoredScreen(_ draft: Draft) -> (any Screen)? {
        let parts = draft.target.split(separator: ":").map(String.init)
        var screen: FormScreen?
        switch (draft.screen, parts.first) {
        case ("household_form", "household"):
            guard let village = try? db.village() else { return nil }
            let household = parts.count > 1 ? Int64(parts[1]).flatMap { try? db.household(id: $0) } : nil
            if parts.count > 1, parts[1] != "new", household == nil { return nil }
            screen = HouseholdFormScreen(self, village: village, household: household)
        case ("person_form", "person"):
            if parts.count == 2, let id = Int64(parts[1]), let p = try? db.person(id: id) {
                screen = PersonFormScreen(self, person: p)
            } else if parts.count == 3, let hid = Int64(parts[2]) {
                screen = PersonFormScreen(self, person: Person(householdId: hid, name: "", sex: .female, relation: .spouse))
            }
        default:
            return nil
        }
        screen?.restore(draft.fields)
        return screen
    }

    /// The database file, when the app runs on one (not in memory).
    var databasePath: String? { db.path }

    /// Where a manual backup goes: `backups/<name>-<date-time>.sqlite` beside the database.
    static func backupPath(for databasePath: String, at date: Date) -> String {
        let url = URL(fileURLWithPath: databasePath)
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd-HHmmss"
        let name = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("backups/\(name)-\(f.string(from: date)).sqlite").path
    }
}
