import Testing
@testable import UICore

@Suite struct GridTests {
    @Test func putReturnsColumnsAndMarksContinuation() {
        var g = Grid(width: 10, height: 1)
        #expect(g.put("张三ab", x: 1, y: 0) == 6)
        #expect(g[1, 0].char == "张")
        #expect(g[2, 0].isContinuation)
        #expect(g[3, 0].char == "三")
        #expect(g.text() == " 张三ab")
    }

    @Test func wideCharacterAtTheRightEdgeIsNotSplit() {
        var g = Grid(width: 5, height: 2)
        #expect(g.put("ab张三", x: 0, y: 0) == 5)
        #expect(g.lines()[0] == "ab张…")
        // Only one column left: the wide character cannot go there.
        #expect(g.put("张", x: 4, y: 1) == 1)
        #expect(g.lines()[1] == "    …")
        #expect(!g[4, 1].isContinuation)
    }

    @Test func maxWidthLimitsAndTruncates() {
        var g = Grid(width: 12, height: 1)
        #expect(g.put("王小明是村长", x: 0, y: 0, maxWidth: 7) == 7)
        #expect(g.text() == "王小明…")
        #expect(g[7, 0].char == " ")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var g = Grid(width: 6, height: 1)
        g.put("张三丰", x: 0, y: 0)
        g.put("x", x: 1, y: 0)          // right half of 张
        #expect(g.text() == " x三丰")
        #expect(!g[1, 0].isContinuation)
        g.put("y", x: 2, y: 0)          // left half of 三
        #expect(g.text() == " xy 丰")
        #expect(!g[3, 0].isContinuation)
        g.put("李", x: 3, y: 0)         // straddles 丰's left half
        #expect(g.text() == " xy李")
        #expect(g[4, 0].isContinuation)
        #expect(!g[5, 0].isContinuation && g[5, 0].char == " ")
    }

    @Test func controlCharactersShowAsSpaces() {
        var g = Grid(width: 10, height: 1)
        g.put("a\nb\tc\r\nd", x: 0, y: 0)
        #expect(g.text() == "a b c d")
    }

    @Test func styleIsKept() {
        var g = Grid(width: 4, height: 1)
        g.put("张", x: 0, y: 0, style: Style(.error))
        #expect(g[0, 0].style.role == .error)
        #expect(g[1, 0].style.role == .error)
        #expect(g[2, 0].style == .normal)
    }

    @Test func boxWithCJKTitleSnapshot() {
        var g = Grid(width: 14, height: 4)
        g.box(Rect(x: 0, y: 0, width: 14, height: 4), title: "户籍")
        g.put("张三", x: 2, y: 1)
        g.put("a·b", x: 2, y: 2)
        let expected = """
        ┌─── 户籍 ───┐
        │ 张三       │
        │ a·b        │
        └────────────┘
        """
        #expect(g.text() == expected)
    }

    @Test func boxTitleIsTruncated() {
        var g = Grid(width: 10, height: 3)
        g.box(Rect(x: 0, y: 0, width: 10, height: 3), title: "村民户籍登记")
        #expect(g.lines()[0] == "┌─ 村… ──┐")
        #expect(TextWidth.of(g.lines()[0]) == 10)
    }

    @Test func fillAndHlineAndTrimmedLines() {
        var g = Grid(width: 6, height: 3)
        g.fill(Rect(x: 1, y: 0, width: 3, height: 1), char: "#")
        g.hline(x: 0, y: 1, width: 6)
        g.fill(Rect(x: 4, y: 2, width: 10, height: 5), char: "*")   // clipped
        #expect(g.text() == " ###\n──────\n    **")
        #expect(g.lines().count == 3)
    }

    @Test func cursorStartsHidden() {
        var g = Grid(width: 3, height: 1)
        #expect(g.cursor == nil)
        g.cursor = (1, 0)
        #expect(g.cursor?.x == 1)
    }
}
