import Testing
@testable import UICore

@Suite struct WidthTests {
    @Test func singleCharacters() {
        #expect(TextWidth.of(Character("a")) == 1)
        #expect(TextWidth.of(Character("张")) == 2)
        for c in "，。「」：" { #expect(TextWidth.of(c) == 2, "\(c)") }
        #expect(TextWidth.of(Character("Ａ")) == 2)
        #expect(TextWidth.of(Character("e\u{301}")) == 1)
        #expect(TextWidth.of(Character("\u{301}")) == 0)
        #expect(TextWidth.of(Character("\u{200B}")) == 0)
        #expect(TextWidth.of(Character("\u{200D}")) == 0)
        #expect(TextWidth.of(Character("·")) == 1)
        #expect(TextWidth.of(Character("…")) == 1)
        #expect(TextWidth.of(Character("─")) == 1)
        #expect(TextWidth.of(Character("😀")) == 2)
        #expect(TextWidth.of(Character("\u{7}")) == 0)
        #expect(TextWidth.of(Character("한")) == 2)
        #expect(TextWidth.of(Character("カ")) == 2)
        #expect(TextWidth.of(Character("㐀")) == 2)   // extension A
        #expect(TextWidth.of(Character("\u{20000}")) == 2)   // extension B
        #expect(TextWidth.of(Character("\u{FFE5}")) == 2)   // fullwidth yen
        #expect(TextWidth.of(Character("\u{3000}")) == 2)   // ideographic space
    }

    @Test func strings() {
        #expect(TextWidth.of("张三abc") == 7)
        #expect(TextWidth.of("") == 0)
        #expect(TextWidth.of("café") == 4)
        #expect(TextWidth.of("cafe\u{301}") == 4)
    }

    @Test func tableIsSortedAndDisjoint() {
        for (a, b) in zip(TextWidth.wideRanges, TextWidth.wideRanges.dropFirst()) {
            #expect(a.0 <= a.1 && a.1 < b.0)
        }
    }

    @Test func prefixNeverHalvesAWideCharacter() {
        #expect(TextWidth.prefix("张三丰", width: 3) == "张")
        #expect(TextWidth.prefix("张三丰", width: 4) == "张三")
        #expect(TextWidth.prefix("a张b", width: 2) == "a")
        #expect(TextWidth.prefix("abc", width: 0) == "")
    }

    @Test func truncate() {
        #expect(TextWidth.truncate("张三丰", to: 6) == "张三丰")
        #expect(TextWidth.truncate("张三丰", to: 5) == "张三…")
        #expect(TextWidth.of(TextWidth.truncate("张三丰", to: 5)) == 5)
        #expect(TextWidth.truncate("张三丰", to: 4) == "张…")
        #expect(TextWidth.of(TextWidth.truncate("张三丰", to: 4)) == 3)
        #expect(TextWidth.truncate("王a小明", to: 4) == "王a…")
        #expect(TextWidth.truncate("ab张三", to: 4) == "ab…")
        #expect(TextWidth.truncate("张三", to: 1) == "…")
        #expect(TextWidth.truncate("张三", to: 0) == "")
    }

    @Test func pad() {
        #expect(TextWidth.pad("张三", to: 6) == "张三  ")
        #expect(TextWidth.pad("张三", to: 6, align: .right) == "  张三")
        #expect(TextWidth.pad("张三", to: 7, align: .center) == "_张三__".replacingOccurrences(of: "_", with: " "))
        #expect(TextWidth.pad("张三丰", to: 4) == "张… ")
        #expect(TextWidth.of(TextWidth.pad("张三丰", to: 4)) == 4)
        #expect(TextWidth.pad("12", to: 4, align: .right) == "  12")
        #expect(TextWidth.pad("x", to: 0) == "")
    }
}
