import Testing
import Domain
@testable import UICore

private let sexChoices = [Choice(value: "male", label: "男"), Choice(value: "female", label: "女")]

private func personForm(_ values: [String: String] = [:], language: Language = .zh) -> Form {
    Form(title: "新增村民", fields: [
        FormField(key: "name", label: "姓名", width: 12, required: true),
        FormField(key: "birth", label: "出生日期", kind: .date, width: 12),
        FormField(key: "sex", label: "性别", kind: .choice(sexChoices), width: 6),
    ], values: values, language: language)
}

@Suite struct FormTests {
    @Test func navigationWrapsAndSkipsReadOnly() {
        var f = Form(title: "", fields: [
            FormField(key: "a", label: "A"),
            FormField(key: "b", label: "B", readOnly: true),
            FormField(key: "c", label: "C"),
        ], values: [:])
        #expect(f.focus == 0)
        var e = f.handle(.tab)
        #expect(e == .none && f.focus == 2)
        e = f.handle(.down)
        #expect(f.focus == 0)
        e = f.handle(.up)
        #expect(f.focus == 2)
        e = f.handle(.backTab)
        #expect(f.focus == 0)
        f.focus(key: "c")
        #expect(f.focusedField.key == "c")
    }

    @Test func enterMovesOnAndSubmitsOnTheLastField() {
        var f = personForm()
        var e = f.handle(.enter)
        #expect(e == .none && f.focus == 1)
        e = f.handle(.enter)
        #expect(e == .none && f.focus == 2)
        e = f.handle(.enter)
        #expect(e == .submit)
    }

    @Test func f2SubmitsAndEscCancels() {
        var f = personForm()
        var e = f.handle(.function(2))
        #expect(e == .submit)
        e = f.handle(.escape)
        #expect(e == .cancel)
    }

    @Test func typingEditsTheFocusedFieldAndMarksDirty() {
        var f = personForm(["name": "张"])
        #expect(!f.isDirty)
        f.setValue("name", "王")
        #expect(!f.isDirty)
        _ = f.handle(.text("小明"))
        #expect(f.value("name") == "王小明")
        #expect(f.isDirty)
        f.markClean()
        #expect(!f.isDirty)
        _ = f.handle(.backspace)
        #expect(f.value("name") == "王小")
        #expect(f.isDirty)
    }

    @Test func numberAcceptsOnlyDigits() {
        var f = Form(title: "", fields: [FormField(key: "n", label: "人数", kind: .number)], values: [:])
        for k: Key in [.char("1"), .char("a"), .char("２"), .char("-"), .text("3x4"), .char("人")] { _ = f.handle(k) }
        #expect(f.value("n") == "1234")
    }

    @Test func dateAcceptsDigitsAndDashes() {
        var f = Form(title: "", fields: [FormField(key: "d", label: "日期", kind: .date)], values: [:])
        _ = f.handle(.text("2024年03月15日"))
        #expect(f.editor("d")?.text == "20240315")
        // Read back normalised.
        #expect(f.value("d") == "2024-03-15")
        f.setValue("d", "")
        _ = f.handle(.text("2024-03-15"))
        #expect(f.value("d") == "2024-03-15")
    }

    @Test func dateAndRequiredMessagesInChinese() {
        // "2024-3-5" is fine now (read as 2024-03-05); a missing day is not.
        var f = personForm(["birth": "2024-3"])
        #expect(f.typeErrors() == [
            "name": "必填",
            "birth": "日期格式应为 YYYY-MM-DD（如 2024-03-15）",
        ])
        f.setValue("birth", "2023-02-29")
        f.setValue("name", "张三")
        #expect(f.typeErrors() == ["birth": "该日期不存在"])
        f.setValue("birth", "2024-02-29")
        #expect(f.typeErrors() == [:])
    }

    @Test func dateAndNumberMessagesInEnglish() {
        let f = Form(title: "", fields: [
            FormField(key: "name", label: "Name", required: true),
            FormField(key: "birth", label: "Born", kind: .date),
            FormField(key: "n", label: "Count", kind: .number),
        ], values: ["birth": "15/03/2024", "n": "3.5"], language: .en)
        #expect(f.typeErrors() == [
            "name": "Required",
            "birth": "Date must be YYYY-MM-DD (e.g. 2024-03-15)",
            "n": "Must be a whole number",
        ])
    }

    @Test func choiceCycles() {
        var f = personForm()
        f.focus(key: "sex")
        #expect(f.value("sex") == "")
        _ = f.handle(.right)
        #expect(f.value("sex") == "male")
        _ = f.handle(.char(" "))
        #expect(f.value("sex") == "female")
        _ = f.handle(.right)
        #expect(f.value("sex") == "male")
        _ = f.handle(.left)
        #expect(f.value("sex") == "female")
        _ = f.handle(.char("男"))
        #expect(f.value("sex") == "male")
        #expect(f.isDirty)
    }

    @Test func flagIsYesOrNo() {
        var f = Form(title: "", fields: [FormField(key: "m", label: "协会会员", kind: .flag)], values: ["m": "1"])
        #expect(f.value("m") == "1")
        _ = f.handle(.right)
        #expect(f.value("m") == "0")
        _ = f.handle(.char("y"))
        #expect(f.value("m") == "1")
        _ = f.handle(.char("否"))
        #expect(f.value("m") == "0")
        var g = Grid(width: 20, height: 1)
        f.render(into: &g, in: Rect(x: 0, y: 0, width: 20, height: 1))
        #expect(g.text() == "协会会员：否")
    }

    @Test func editingClearsTheFieldError() {
        var f = personForm(["birth": "2024-13-01", "name": "张三"])
        let ok = f.validate()
        #expect(!ok)
        #expect(f.focusedField.key == "birth")
        #expect(f.errors == ["birth": "该日期不存在"])
        _ = f.handle(.backspace)
        #expect(f.errors["birth"] == nil)
    }

    @Test func renderSnapshotWithInlineError() {
        var f = personForm(["sex": "male"])
        _ = f.handle(.text("王小明"))
        _ = f.handle(.tab)
        _ = f.handle(.text("2023-02-30"))
        f.errors = f.typeErrors()
        _ = f.handle(.backTab)
        var g = Grid(width: 40, height: 8)
        f.render(into: &g, in: Rect(x: 0, y: 0, width: 40, height: 8))
        let expected = """
                        新增村民
           *姓名：王小明
        出生日期：2023-02-30
                  ↑ 该日期不存在
            性别：男



        """
        #expect(g.text() == expected)
        #expect(g[10, 1].style.role == .fieldFocused)
        #expect(g[10, 2].style.role == .field)
        #expect(g[12, 3].style.role == .error)
        // The cursor sits right after 王小明 (6 columns from the field start).
        #expect(g.cursor?.x == 16 && g.cursor?.y == 1)
    }

    @Test func cursorOnChoiceFieldIsAtItsStart() {
        var f = personForm(["sex": "female"])
        f.focus(key: "sex")
        var g = Grid(width: 40, height: 8)
        f.render(into: &g, in: Rect(x: 0, y: 0, width: 40, height: 8))
        #expect(g.lines()[3] == "    性别：女")
        #expect(g.cursor?.x == 10 && g.cursor?.y == 3)
    }

    @Test func scrollsToKeepTheFocusedFieldVisible() {
        let fields = (1...10).map { FormField(key: "f\($0)", label: "字段\($0)", width: 8) }
        var f = Form(title: "", fields: fields, values: ["f9": "九"])
        f.focus(key: "f9")
        var g = Grid(width: 30, height: 4)
        f.render(into: &g, in: Rect(x: 0, y: 0, width: 30, height: 4))
        #expect(g.lines() == [" 字段6：", " 字段7：", " 字段8：", " 字段9：九"])
        #expect(g.cursor?.x == 10 && g.cursor?.y == 3)
    }
}
