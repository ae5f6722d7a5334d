import Testing
@testable import UICore

/// The multi-line editor: wrapping by display width with CJK as the normal case, the
/// caret on its character, IME commits and pastes, undo and redo.
@Suite struct TextEditorTests {
    /// The text of seed 002's agreement, §四.2, which wraps on any 80-column screen.
    static let clause = "小组成员违反本协议的，经小组评议、村民委员会核实后，按村规民约取消其相应的优惠待遇，改正后经评议可恢复。"

    func drawn(_ e: TextEditor, width: Int, height: Int) -> (text: String, cursor: (x: Int, y: Int)?) {
        var g = Grid(width: width, height: height)
        e.render(into: &g, in: Rect(x: 0, y: 0, width: width, height: height))
        var lines = g.lines().map { String($0.reversed().drop { $0 == " " }.reversed()) }
        while lines.last == "" { lines.removeLast() }
        return (lines.joined(separator: "\n"), g.cursor)
    }

    @Test func chineseWrapsByDisplayWidthAndIsNeverCutInHalf() {
        // 11 columns: rows of at most 10, so five CJK characters a row.
        var e = TextEditor(text: "甲乙丙丁戊己庚辛壬癸子", width: 11, height: 4)
        e.handle(.home)
        #expect(drawn(e, width: 11, height: 4).text == "甲乙丙丁戊\n己庚辛壬癸\n子")
        // A Latin letter makes a row of odd width: the wide character that does not fit moves down.
        e = TextEditor(text: "a甲乙丙丁戊", width: 11, height: 4)
        #expect(drawn(e, width: 11, height: 4).text == "a甲乙丙丁\n戊")
        // Closing punctuation does not start a row: the character before it moves down too.
        e = TextEditor(text: "甲乙丙丁戊，己", width: 11, height: 4)
        #expect(drawn(e, width: 11, height: 4).text == "甲乙丙丁\n戊，己")
        e = TextEditor(text: "甲乙丙丁戊”，己", width: 11, height: 4)
        #expect(drawn(e, width: 11, height: 4).text == "甲乙丙丁\n戊”，己")
        for row in TextEditor.rows(Array(Self.clause), wrap: 79) {
            #expect(TextWidth.of(characters: Array(Self.clause)[row]) <= 79)
        }
    }

    @Test func theCaretSitsOnItsCharacterAcrossWrappedRows() {
        var e = TextEditor(text: "甲乙丙丁戊己庚", width: 11, height: 4)
        // Opened with the caret at the start.
        #expect(drawn(e, width: 11, height: 4).cursor! == (0, 0))
        e.handle(.right)
        #expect(drawn(e, width: 11, height: 4).cursor! == (2, 0))
        for _ in 0..<4 { e.handle(.right) }
        // After 戊, the fifth character: the start of the second row.
        #expect(drawn(e, width: 11, height: 4).cursor! == (0, 1))
        e.handle(.end)
        #expect(drawn(e, width: 11, height: 4).cursor! == (4, 1))
        e.handle(.up)
        #expect(e.caret == (0, 2) && drawn(e, width: 11, height: 4).cursor! == (4, 0))
        e.handle(.end)
        // The end of a wrapped row is before its last character.
        #expect(e.caret == (0, 4))
    }

    @Test func upAndDownKeepTheColumnThroughShortAndWideLines() {
        var e = TextEditor(text: "abcdefgh\n甲\nabcdefgh", width: 20, height: 5)
        for _ in 0..<6 { e.handle(.right) }
        e.handle(.down)
        #expect(e.caret == (1, 1), "甲 is shorter: the caret goes to its end")
        e.handle(.down)
        #expect(e.caret == (2, 6), "the column is kept from where the move started")
        e.handle(.up)
        e.handle(.up)
        #expect(e.caret == (0, 6))
        // Between the two halves of a wide character the caret goes before it.
        e = TextEditor(text: "abc\n甲乙丙", width: 20, height: 5)
        e.handle(.right)
        e.handle(.right)
        e.handle(.right)
        e.handle(.down)
        #expect(e.caret == (1, 1))
    }

    @Test func anInputMethodCommitAndAPasteAreInsertedWhole() {
        var e = TextEditor(text: "第一条。", width: 40, height: 5)
        e.handle(.end)
        e.handle(.text("诚信计生"))
        #expect(e.text == "第一条。诚信计生" && e.caret == (0, 8))
        // A paste with CRLF, CR and tabs: new paragraphs, tabs as spaces, nothing else.
        e.handle(.text("\r\n第二条\t甲\r第三条\u{07}"))
        #expect(e.text == "第一条。诚信计生\n第二条    甲\n第三条")
        #expect(e.caret == (2, 3))
        // Enter splits, Backspace at the start joins.
        e.handle(.home)
        e.handle(.backspace)
        #expect(e.text == "第一条。诚信计生\n第二条    甲第三条" && e.caret == (1, 8))
        e.handle(.enter)
        #expect(e.text == "第一条。诚信计生\n第二条    甲\n第三条")
        e.handle(.left)
        e.handle(.delete)
        #expect(e.text == "第一条。诚信计生\n第二条    甲第三条")
    }

    @Test func undoTakesBackAWordTypedAndEachOtherEditAndRedoPutsThemBack() {
        var e = TextEditor(text: "协议", width: 40, height: 5)
        e.handle(.end)
        for c in "第四条" { e.handle(.char(c)) }
        e.handle(.text("优惠待遇"))
        e.handle(.backspace)
        #expect(e.text == "协议第四条优惠待")
        e.handle(.ctrl("z"))
        #expect(e.text == "协议第四条优惠待遇")
        e.handle(.ctrl("z"))
        #expect(e.text == "协议第四条")
        e.handle(.ctrl("z"))
        #expect(e.text == "协议" && !e.canUndo && !e.isModified)
        e.handle(.ctrl("y"))
        e.handle(.ctrl("y"))
        #expect(e.text == "协议第四条优惠待遇" && e.isModified)
        // A new edit after an undo drops what could be redone.
        e.handle(.ctrl("z"))
        e.handle(.char("！"))
        #expect(!e.canRedo && e.text == "协议第四条！")
    }

    @Test func theViewScrollsToTheCaretAndALengthLimitCutsInsertions() {
        var e = TextEditor(text: (1...30).map { "第\($0)行" }.joined(separator: "\n"), width: 20, height: 5)
        e.handle(.pageDown)
        e.handle(.pageDown)
        let shown = drawn(e, width: 20, height: 5)
        #expect(e.caret.paragraph == 8 && shown.text.contains("第9行") && !shown.text.contains("第1行\n"))
        #expect(shown.cursor!.y == 4)
        var limited = TextEditor(text: "一二", width: 20, height: 5, maxLength: 4)
        limited.handle(.end)
        limited.handle(.text("三四五六"))
        #expect(limited.text == "一二三四")
        limited.handle(.enter)
        #expect(limited.text == "一二三四", "a line break counts as a character too")
    }

    @Test func hostileTextNeverBreaksTheRows() {
        // Combining marks, a flag, zero-width joiners and an RTL mark from the naughty strings.
        let hostile = "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗ 🇨🇳 👨‍👩‍👧 \u{200F}שלום 表ポあ叶"
        var e = TextEditor(text: hostile, width: 12, height: 6)
        e.handle(.end)
        for _ in 0..<40 { e.handle(.left) }
        for _ in 0..<40 { e.handle(.right) }
        let shown = drawn(e, width: 12, height: 6)
        for line in shown.text.split(separator: "\n") { #expect(TextWidth.of(String(line)) <= 12) }
        #expect(e.text == hostile)
    }
}
