import Testing
@testable import UICore

/// The grid never holds a character a terminal cannot draw in one cell.
@Suite struct HostileTextTests {
    static let unprintable: [Unicode.Scalar] = [
        "\u{0007}", "\u{001B}", "\u{007F}", "\u{0085}", "\u{009B}", "\u{2028}", "\u{2029}",
        Unicode.Scalar(0xFFFE)!, Unicode.Scalar(0xFFFF)!, Unicode.Scalar(0xFDD0)!, Unicode.Scalar(0x10FFFF)!,
        Unicode.Scalar(0x0378)!, Unicode.Scalar(0xD7FF)!,
    ]

    @Test(arguments: unprintable)
    func putDrawsNoUnprintableCharacter(_ s: Unicode.Scalar) {
        var grid = Grid(width: 10, height: 1)
        let written = grid.put("前" + String(s) + "后" + "\u{0301}", x: 0, y: 0)
        #expect(written <= 10)
        for x in 0..<10 {
            for scalar in grid[x: x, y: 0].char.unicodeScalars {
                #expect(!Grid.unprintable(scalar), "U+\(String(scalar.value, radix: 16)) drawn at \(x)")
            }
        }
        #expect(grid.lines()[0].hasPrefix("前"))
        #expect(grid.lines()[0].unicodeScalars.contains("后"), "the text after it is still drawn")
    }

    @Test func aWideCharacterNeverStraddlesTheRightEdge() {
        for width in 1...6 {
            var grid = Grid(width: width, height: 1)
            grid.put("a𠀀𠀁👨‍👩‍👧〇", x: 0, y: 0)
            for x in 0..<width where TextWidth.of(grid[x: x, y: 0].char) == 2 && !grid[x: x, y: 0].isContinuation {
                #expect(x + 1 < width && grid[x: x + 1, y: 0].isContinuation)
            }
            #expect(TextWidth.of(grid.lines()[0]) <= width)
        }
    }
}
