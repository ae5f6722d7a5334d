import Domain
import Store
import Testing
import UICore
@testable import App

/// The full-screen editor on real screens: a draft agreement's text (F7 on the group's
/// agreement) and the agreement templates (F4 on the honesty groups), at 80×24.
@Suite struct TextEditorScreenTests {
    /// A group with two members and a draft agreement from the default template.
    func draft(_ app: AppModel) {
        app.press(.char("5"), .function(3), .tab)
        app.type("一社第一小组")
        app.press(.function(2))
        app.press(.function(3), .enter, .function(2))
        app.press(.function(3), .enter, .function(2))
        app.press(.function(7), .function(3), .function(2))
    }

    @Test func aDraftsTextIsEditedSavedAndARefusalKeepsWhatWasTyped() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        draft(app)
        #expect(app.screenText.contains("草稿") && app.screenText.contains("F7改文本"), "\(app.screenText)")
        app.press(.function(7))
        #expect(app.top is TextEditorScreen)
        expectSnapshot(app.render(), "text_editor_draft")
        // Typed by an input method at the start: a line of its own.
        app.press(.text("（本村第一份协议）"), .enter)
        #expect(app.screenText.contains("已修改（F2 保存）"))
        app.press(.function(2))
        #expect(app.message?.text == "已保存草稿文本", "\(app.message?.text ?? "")")
        #expect(app.top is AgreementScreen)
        let stored = try #require(db.agreements(groupId: try db.honestyGroups()[0].group.id!).first)
        #expect(stored.body.hasPrefix("（本村第一份协议）\n"))
        // An unknown placeholder is refused by the store; the editor stays with the text.
        app.press(.function(7), .ctrl("e"))
        app.press(.text("{{村长}}"))
        app.press(.function(2))
        #expect(app.message?.kind == .error && app.message!.text.contains("村长"), "\(app.message?.text ?? "")")
        #expect(app.top is TextEditorScreen && (app.top as! TextEditorScreen).editor.text.contains("{{村长}}"))
        // Ctrl-Z takes the placeholder back; Esc with nothing changed leaves without asking.
        app.press(.ctrl("z"))
        #expect(!(app.top as! TextEditorScreen).editor.isModified)
        app.press(.escape)
        #expect(app.top is AgreementScreen)
    }

    @Test func escapeWithUnsavedEditsAsksFirst() throws {
        let app = try makeModel()
        draft(app)
        app.press(.function(7), .char("甲"), .escape)
        #expect(app.top is TextEditorScreen, "the question is shown over the editor")
        #expect(app.screenText.contains("未保存"), "\(app.screenText)")
    }

    @Test func aTemplateUsedByAnAgreementIsSavedAsANewVersion() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        draft(app)
        app.press(.escape, .escape)
        app.press(.function(4))
        #expect(app.top is AgreementTemplateListScreen)
        expectSnapshot(app.render(), "agreement_template_list")
        app.press(.function(7))
        app.press(.pageDown, .end)
        app.press(.text("本协议一式三份。"))
        expectSnapshot(app.render(), "text_editor_template")
        app.press(.function(2))
        #expect(app.message?.text == "已保存为第2版；第1版和用它签的协议不变", "\(app.message?.text ?? "")")
        let templates = try db.agreementTemplates()
        #expect(templates.map(\.version) == [2, 1])
        #expect(templates[0].body.contains("本协议一式三份。") && !templates[1].body.contains("本协议一式三份。"))
        #expect(app.screenText.contains("诚信计生协议书") && app.screenText.contains("2"))
        // Enter reads the whole text.
        app.press(.enter)
        #expect(app.top is TextViewScreen && app.screenText.contains("第2版"))
    }

    @Test func theListAndTheEditorInEnglish() throws {
        let db = try makeFixtureDatabase()
        let en = try makeModel(db, language: .en)
        en.press(.char("5"), .function(4))
        expectSnapshot(en.render(), "agreement_template_list_en")
        en.press(.function(7))
        expectSnapshot(en.render(), "text_editor_template_en")
    }
}
