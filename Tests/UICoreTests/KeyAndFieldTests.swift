import Testing
@testable import UICore

@Suite struct EscapeDigitDecoderTests {
    @Test func escapeThenDigitIsAFunctionKey() {
        var d = EscapeDigitDecoder()
        let r5 = d.feed(.escape)
        #expect(r5 == [])
        #expect(d.isWaiting)
        let r6 = d.feed(.char("1"))
        #expect(r6 == [.function(1)])
        #expect(!d.isWaiting)
        let r7 = d.feed(.escape)
        #expect(r7 == [])
        let r8 = d.feed(.char("0"))
        #expect(r8 == [.function(10)])
    }

    @Test func escapeThenOtherKey() {
        var d = EscapeDigitDecoder()
        _ = d.feed(.escape)
        let r9 = d.feed(.char("a"))
        #expect(r9 == [.escape, .char("a")])
        #expect(!d.isWaiting)
        let r10 = d.feed(.down)
        #expect(r10 == [.down])
    }

    @Test func escapeThenTimeout() {
        var d = EscapeDigitDecoder()
        let r11 = d.timeout()
        #expect(r11 == [])
        _ = d.feed(.escape)
        let r12 = d.timeout()
        #expect(r12 == [.escape])
        #expect(!d.isWaiting)
    }

    @Test func doubleEscapeSendsTheFirstAndWaitsOnTheSecond() {
        var d = EscapeDigitDecoder()
        _ = d.feed(.escape)
        let r13 = d.feed(.escape)
        #expect(r13 == [.escape])
        #expect(d.isWaiting)
        let r14 = d.feed(.char("2"))
        #expect(r14 == [.function(2)])
    }
}

@Suite struct TextFieldTests {
    @Test func typingAndBackspaceOverCJK() {
        var f = TextField()
        let r1 = f.handle(.char("张"))
        #expect(r1)
        #expect(f.caretColumn == 2)
        f.handle(.char("三"))
        #expect(f.caretColumn == 4)
        f.handle(.char("a"))
        #expect(f.caretColumn == 5)
        f.handle(.char("b"))
        #expect(f.caretColumn == 6)
        #expect(f.text == "张三ab")
        f.handle(.backspace)
        #expect(f.text == "张三a" && f.caretColumn == 5)
        f.handle(.backspace)
        #expect(f.text == "张三" && f.caretColumn == 4)
        f.handle(.backspace)
        #expect(f.text == "张" && f.caretColumn == 2)
        f.handle(.backspace)
        #expect(f.text == "" && f.caretColumn == 0)
        f.handle(.backspace)
        #expect(f.text == "" && f.caret == 0)
    }

    @Test func textIsInsertedWhole() {
        var f = TextField(text: "张")
        f.handle(.home)
        let r2 = f.handle(.text("王小明"))
        #expect(r2)
        #expect(f.text == "王小明张")
        #expect(f.caret == 3 && f.caretColumn == 6)
        f.handle(.text("a\nb\tc"))
        #expect(f.text == "王小明abc张")
    }

    @Test func movingAndDeleting() {
        var f = TextField(text: "张三abc")
        #expect(f.caret == 5)
        f.handle(.left); f.handle(.left)
        #expect(f.caretColumn == 5)
        f.handle(.delete)
        #expect(f.text == "张三ac")
        f.handle(.ctrl("a"))
        #expect(f.caret == 0)
        f.handle(.right)
        f.handle(.ctrl("k"))
        #expect(f.text == "张" && f.caretColumn == 2)
        f.handle(.ctrl("e"))
        f.handle(.text("三丰"))
        f.handle(.left)
        f.handle(.ctrl("u"))
        #expect(f.text == "丰" && f.caret == 0)
        f.handle(.end)
        #expect(f.caret == 1)
        let r3 = f.handle(.up)
        #expect(!r3)
        let r4 = f.handle(.function(2))
        #expect(!r4)
    }

    @Test func maxLengthCutsInsertions() {
        var f = TextField(maxLength: 4)
        f.handle(.text("王小明是村长"))
        #expect(f.text == "王小明是")
        f.handle(.char("x"))
        #expect(f.text == "王小明是")
    }

    @Test func renderScrollsToKeepTheCaretVisible() {
        var f = TextField(text: "张三李四王五")   // 12 columns
        var g = Grid(width: 10, height: 1)
        let cx = f.render(into: &g, x: 1, y: 0, width: 7, style: Style(.field))
        // The caret needs a free column after the text: 四王五 (6 columns) leaves one.
        #expect(g.text() == " 四王五")
        #expect(cx == 7)
        #expect(g[7, 0].style.role == .field)
        #expect(g[8, 0].style == .normal)

        f.handle(.home)
        g = Grid(width: 10, height: 1)
        let cx2 = f.render(into: &g, x: 1, y: 0, width: 7, style: Style(.field))
        #expect(cx2 == 1)
        #expect(g.text() == " 张三李")

        f.handle(.right); f.handle(.right); f.handle(.right)
        g = Grid(width: 10, height: 1)
        let cx3 = f.render(into: &g, x: 1, y: 0, width: 7, style: Style(.field))
        #expect(cx3 == 7)
        #expect(g.text() == " 张三李")
    }

    @Test func renderMixedTextNeverShowsHalfACharacter() {
        var f = TextField(text: "a张b三c")
        f.handle(.left)
        var g = Grid(width: 6, height: 1)
        let cx = f.render(into: &g, x: 0, y: 0, width: 4, style: .normal)
        // Before the caret: "a张b三" is 6 columns; only "b三" fits with the caret cell.
        #expect(g.text() == "b三c")
        #expect(cx == 3)
    }
}
