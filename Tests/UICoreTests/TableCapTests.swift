import Testing
import Domain
@testable import UICore

/// A source of `n` rows that counts how it was asked to count.
private final class CountingSource: TableSource {
    let all: [TableRow]
    var exactCounts = 0
    var cappedCounts = 0

    init(_ n: Int) {
        all = (0..<n).map { TableRow(id: Int64($0 + 1), cells: ["王\($0 + 1)", "男"]) }
    }

    func count(_ query: TableQuery) -> Int {
        exactCounts += 1
        return all.count
    }

    func count(_ query: TableQuery, atMost limit: Int) -> Int {
        cappedCounts += 1
        return min(all.count, limit + 1)
    }

    func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow] {
        Array(all.dropFirst(offset).prefix(limit))
    }
}

private let twoColumns = [Column(key: "name", title: "姓名", width: 8), Column(key: "sex", title: "性别", width: 4)]

private func render(_ t: inout Table, width: Int = 60, height: Int = 8) -> Grid {
    var g = Grid(width: width, height: height)
    t.render(into: &g, in: Rect(x: 0, y: 0, width: width, height: height))
    return g
}

@Suite struct TableCapTests {
    @Test func aCappedCountSaysSoAndHowToNarrowIt() {
        let source = CountingSource(50)
        var t = Table(columns: twoColumns, source: source, countLimit: 10)
        #expect(source.exactCounts == 0)
        _ = t.handle(.char("/"))
        _ = t.handle(.char("王"))
        #expect(t.isCountCapped)
        #expect(source.exactCounts == 0)
        let footer = render(&t).lines()[7]
        #expect(footer.hasSuffix("超过10条，多输入几个字可缩小范围 1/10+"), "\(footer)")
        #expect(footer.hasPrefix("筛选：王"))
        t.language = .en
        t.rowNoun = Localized("人", "persons")
        #expect(render(&t, width: 70).lines()[7].hasSuffix("more than 10 persons: type more to narrow 1/10+"))
    }

    @Test func movingPastTheCapCountsEveryRowAndEndReachesTheRealEnd() {
        let source = CountingSource(50)
        var t = Table(columns: twoColumns, source: source, countLimit: 10)
        _ = render(&t)
        for _ in 0..<9 { _ = t.handle(.down) }
        #expect(t.isCountCapped)
        #expect(render(&t).lines()[7].hasSuffix("10/10+"))
        // Onto the row past the limit: now every row is counted.
        _ = t.handle(.down)
        #expect(!t.isCountCapped)
        #expect(t.count == 50)
        #expect(t.selectedRow?.cells.first == "王11")
        #expect(render(&t).lines()[7].hasSuffix("11/50"))
        // End from a fresh capped list goes to the true last row.
        var u = Table(columns: twoColumns, source: CountingSource(50), countLimit: 10)
        _ = render(&u)
        _ = u.handle(.end)
        #expect(u.selectedRow?.cells.first == "王50")
        let lines = render(&u).lines()
        #expect(lines[7].hasSuffix("50/50"))
        #expect(lines[6].hasPrefix("王50"))
    }

    @Test func aCountUnderTheLimitIsExactAndShownPlain() {
        let source = CountingSource(7)
        var t = Table(columns: twoColumns, source: source, countLimit: 10)
        #expect(!t.isCountCapped)
        #expect(t.count == 7)
        _ = t.handle(.end)
        #expect(render(&t).lines()[7].hasSuffix("7/7"))
        #expect(source.exactCounts == 0)
    }

    @Test func onlyTheKeyColumnsOfTheSelectedRowAreReversed() {
        let columns = [Column(key: "number", title: "户编号", width: 6), Column(key: "head", title: "户主", width: 10),
                       Column(key: "address", title: "地址", width: 20)]
        let source = ArrayTableSource(rows: [
            TableRow(id: 1, cells: ["0101", "欧阳娜娜", "青山路一号"]),
            TableRow(id: 2, cells: ["0102", "王秀英", "青山路二号"]),
        ])
        var t = Table(columns: columns, source: source)
        _ = t.handle(.down)
        let g = render(&t, width: 40, height: 5)
        #expect(g.lines()[2].hasPrefix("0102   王秀英     青山路二号"))
        // The number column is narrower than 10, so the mark runs on over the head's name:
        // 6 + 1 + 10 = 17 columns, the wide characters' halves included.
        #expect(t.selectionWidth == 17)
        for x in 0..<40 {
            let cell = g[x: x, y: 2]
            #expect((cell.style == Style.selected) == (x < 17), "column \(x): \(cell)")
            #expect(g[x: x, y: 1].style == Style.normal, "unselected row, column \(x)")
        }
        #expect(g[x: 7, y: 2].char == "王")
        #expect(g[x: 8, y: 2].isContinuation && g[x: 8, y: 2].style == Style.selected)
        // A wide first column is marked alone.
        var wide = Table(columns: [Column(key: "name", title: "姓名", width: 14), Column(key: "sex", title: "性别", width: 4)],
                         source: ArrayTableSource(rows: [TableRow(id: 1, cells: ["阿依古丽·买买提", "女"])]))
        let w = render(&wide, width: 30, height: 4)
        #expect((0..<30).filter { w[x: $0, y: 1].style == Style.selected } == Array(0..<14))
    }

    @Test func restyleKeepsCharactersAndWholeWideCharacters() {
        var g = Grid(width: 6, height: 1)
        g.put("王秀英", x: 0, y: 0)
        g.restyle(Rect(x: 1, y: 0, width: 2, height: 1), style: .selected)
        #expect(g.lines()[0].hasPrefix("王秀英"))
        // Cells 1–2 cut 王 and 秀 in half: both are restyled whole.
        #expect((0..<6).map { g[x: $0, y: 0].style == .selected } == [true, true, true, true, false, false])
    }
}
