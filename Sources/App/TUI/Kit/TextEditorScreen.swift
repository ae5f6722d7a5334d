import Domain
import Store
import UICore

/// A whole text edited on the full screen (an agreement draft, a template): the
/// editor widget, a status line with the caret's place, F2 to save through `save`,
/// Ctrl-Z / Ctrl-Y to undo and redo, and Esc asking before unsaved edits are lost.
/// A refused save keeps every character typed and shows the reason.
final class TextEditorScreen: Screen {
    let context: AppContext
    let title: String
    var editor: TextEditor
    /// Saves the text; returns what to say, or throws the store's refusal.
    let save: (String) throws -> Localized
    /// A line above the text (what is edited and what saving does).
    let note: String

    init(_ context: AppContext, title: String, note: String, text: String, maxLength: Int? = nil,
         save: @escaping (String) throws -> Localized) {
        self.context = context
        self.title = title
        self.note = note
        self.save = save
        editor = TextEditor(text: text, width: context.bodySize.width, height: max(1, context.bodySize.height - 2),
                            maxLength: maxLength)
    }

    var helpLines: [String] {
        [context.t(Localized(
            "直接输入文字（输入法输入的整句一次插入）。回车另起一段；方向键、Home/End、PgUp/PgDn 移动；退格、Del 删除；Ctrl-Z 撤销，Ctrl-Y 重做。F2 保存，Esc 返回（有未保存的修改时会先询问）。",
            "Type to insert (an input method's commit goes in whole). Enter starts a new paragraph; arrows, Home/End and PgUp/PgDn move; Backspace and Del delete; Ctrl-Z undoes, Ctrl-Y redoes. F2 saves; Esc goes back (asking first if there are unsaved changes)."))]
    }

    var commands: [Command] {
        [Command("F2", S.save, needs: .writeRecords) { [unowned self] in submit() },
         Command("^Z", Localized("撤销", "Undo"), keys: [.ctrl("z")]),
         Command("^Y", Localized("重做", "Redo"), keys: [.ctrl("y")]),
         Command("Esc", S.back)]
    }

    var hasUnsavedChanges: Bool { editor.isModified }

    func submit() -> Action {
        do {
            let said = try save(editor.text)
            return .sequence([.popDiscarding, .message(Message(context.t(said)))])
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }

    func handle(_ key: Key) -> Action {
        if key == .escape { return .pop }
        editor.resize(width: context.bodySize.width, height: max(1, context.bodySize.height - 2))
        editor.handle(key)
        return .none
    }

    func render(into grid: inout Grid, in rect: Rect) {
        grid.put(" " + note, x: rect.x, y: rect.y, maxWidth: rect.width, style: Style(.dim))
        let area = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(1, rect.height - 2))
        editor.render(into: &grid, in: area)
        let at = editor.position
        let status = context.t(Localized("第 \(at.paragraph)/\(at.paragraphs) 段 第 \(at.character) 字 · 共 \(editor.characterCount) 字",
                                         "Paragraph \(at.paragraph)/\(at.paragraphs), character \(at.character) · \(editor.characterCount) characters"))
            + (editor.isModified ? context.t(Localized(" · 已修改（F2 保存）", " · modified (F2 saves)")) : "")
        grid.put(" " + status, x: rect.x, y: rect.y + rect.height - 1, maxWidth: rect.width, style: Style(.dim))
    }
}
