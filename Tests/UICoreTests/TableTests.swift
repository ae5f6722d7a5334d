import Testing
import Domain
@testable import UICore

private let columns = [
    Column(key: "name", title: "姓名", width: 8),
    Column(key: "sex", title: "性别", width: 4),
    Column(key: "age", title: "年龄", width: 6, align: .right),
]

private func people() -> ArrayTableSource {
    ArrayTableSource(rows: [
        TableRow(id: 1, cells: ["张三", "男", "35"]),
        TableRow(id: 2, cells: ["Li Lei", "男", "8"]),
        TableRow(id: 3, cells: ["欧阳娜娜", "女", "102"]),
        TableRow(id: 4, cells: ["张三丰", "男", "70"]),
        TableRow(id: 5, cells: ["王小明", "男", "12"]),
    ])
}

private func render(_ t: inout Table, width: Int = 24, height: Int = 8) -> Grid {
    var g = Grid(width: width, height: height)
    t.render(into: &g, in: Rect(x: 0, y: 0, width: width, height: height))
    return g
}

@Suite struct TableTests {
    @Test func snapshotAlignsCJKColumns() {
        var t = Table(columns: columns, source: people())
        _ = t.handle(.down)
        let g = render(&t)
        let expected = """
        姓名     性别   年龄
        张三     男       35
        Li Lei   男        8
        欧阳娜娜 女      102
        张三丰   男       70
        王小明   男       12

                             2/5
        """
        #expect(g.text() == expected)
        #expect(g[0, 0].style.role == .header)
        #expect(g[0, 2].style.role == .selected && g[0, 2].style.reverse)
        // The name column (8) and the sex column (4) carry the mark, not the rest of the line.
        #expect(g[12, 2].style.role == .selected)
        #expect(g[13, 2].style == .normal && g[23, 2].style == .normal)
        #expect(g[0, 1].style == .normal)
        #expect(t.visibleRows == 6)
        #expect(t.selectedId == 2)
    }

    @Test func longCellsAreTruncatedWithinTheirColumn() {
        let src = ArrayTableSource(rows: [TableRow(id: 1, cells: ["欧阳娜娜娜", "男", "1234567"])])
        var t = Table(columns: columns, source: src)
        let g = render(&t, height: 4)
        #expect(g.lines()[1] == "欧阳娜…  男   12345…")
    }

    @Test func enterActivatesAndEscCancels() {
        var t = Table(columns: columns, source: people())
        _ = t.handle(.end)
        var e = t.handle(.enter)
        #expect(e == .activate(5))
        e = t.handle(.escape)
        #expect(e == .cancel)
        _ = t.handle(.home)
        #expect(t.selectedId == 1)
        _ = t.handle(.up)
        #expect(t.selected == 0)
    }

    @Test func f6CyclesTheSort() {
        var t = Table(columns: columns, source: people())
        _ = t.handle(.function(6))
        #expect(t.query.sortColumn == 0 && t.query.ascending)
        _ = t.handle(.function(6))
        #expect(t.query.sortColumn == 0 && !t.query.ascending)
        for _ in 0..<3 { _ = t.handle(.function(6)) }
        #expect(t.query.sortColumn == 2 && t.query.ascending)
        let g = render(&t)
        // Numbers sort as numbers; the arrow marks the sorted column.
        #expect(g.lines()[0] == "姓名     性别  年龄↑")
        #expect(t.source.rows(t.query, offset: 0, limit: 5).map(\.id) == [2, 5, 1, 4, 3])
        #expect(g.lines()[1].hasPrefix("Li Lei"))
        #expect(g.lines()[5].hasPrefix("欧阳娜娜"))
        _ = t.handle(.function(6))
        #expect(render(&t).lines()[0] == "姓名     性别  年龄↓")
        #expect(t.source.rows(t.query, offset: 0, limit: 5).map(\.id) == [3, 4, 1, 5, 2])
        _ = t.handle(.function(6))
        #expect(t.query.sortColumn == nil)
        #expect(render(&t).lines()[1].hasPrefix("张三 "))
    }

    @Test func filterByPinyinInitialsAndFullPinyin() {
        var t = Table(columns: columns, source: people())
        _ = t.handle(.char("/"))
        #expect(t.isFiltering)
        _ = t.handle(.char("z"))
        _ = t.handle(.char("s"))
        #expect(t.query.filter == "zs")
        #expect(t.count == 2)
        var g = render(&t)
        #expect(g.lines() == [
            "姓名     性别   年龄", "张三     男       35", "张三丰   男       70", "", "", "", "", "筛选：zs             1/2",
        ])
        #expect(g.cursor?.x == 8 && g.cursor?.y == 7)

        _ = t.handle(.ctrl("u"))
        _ = t.handle(.text("zhangsan"))
        #expect(t.count == 2)
        _ = t.handle(.enter)
        #expect(!t.isFiltering)
        #expect(t.query.filter == "zhangsan")
        g = render(&t)
        #expect(g.lines()[7] == "筛选：zhangsan       1/2")
        #expect(g.cursor == nil)

        _ = t.handle(.char("/"))
        _ = t.handle(.ctrl("u"))
        _ = t.handle(.text("王"))
        #expect(t.count == 1 && t.selectedId == 5)
        _ = t.handle(.escape)
        #expect(!t.isFiltering && t.query.filter == "" && t.count == 5)
    }

    @Test func emptyTable() {
        var t = Table(columns: columns, source: ArrayTableSource(rows: []))
        let g = render(&t, height: 4)
        #expect(g.lines() == ["姓名     性别   年龄", "（无记录）", "", "                     0/0"])
        let e = t.handle(.enter)
        #expect(e == .none)
        #expect(t.selectedId == nil)
    }

    @Test func reloadSeesNewRows() {
        let src = people()
        var t = Table(columns: columns, source: src)
        _ = render(&t)
        src.rows.append(TableRow(id: 6, cells: ["李四", "女", "40"]))
        #expect(t.count == 5)
        t.reload()
        #expect(t.count == 6)
        _ = t.handle(.end)
        #expect(t.selectedId == 6)
    }

    @Test func pagingSixHundredThousandRowsFetchesOnlyWindows() {
        let src = ArrayTableSource(rows: (0..<600_000).map { TableRow(id: Int64($0), cells: ["村民\($0)", "\($0 % 90)"]) })
        var t = Table(columns: [Column(key: "name", title: "姓名", width: 12), Column(key: "age", title: "年龄", width: 4)],
                      source: src)
        var g = Grid(width: 20, height: 12)
        t.render(into: &g, in: Rect(x: 0, y: 0, width: 20, height: 12))
        #expect(t.visibleRows == 10)
        #expect(g.lines()[1].hasPrefix("村民0 "))

        _ = t.handle(.end)
        g = Grid(width: 20, height: 12)
        t.render(into: &g, in: Rect(x: 0, y: 0, width: 20, height: 12))
        #expect(t.selectedId == 599_999)
        #expect(g.lines()[10].hasPrefix("村民599999"))
        #expect(g.lines()[11].hasSuffix("600000/600000"))

        _ = t.handle(.home)
        for _ in 0..<20 { _ = t.handle(.pageDown) }
        #expect(t.selected == 200 && t.selectedId == 200)
        for _ in 0..<20 { _ = t.handle(.down) }
        for _ in 0..<5 { _ = t.handle(.pageUp) }
        #expect(t.selectedId == 170)
        g = Grid(width: 20, height: 12)
        t.render(into: &g, in: Rect(x: 0, y: 0, width: 20, height: 12))
        #expect(g.lines()[11].hasSuffix("171/600000"))

        // Each page of movement costs at most one fetch of two pages.
        #expect(src.largestFetch <= 2 * t.visibleRows)
        #expect(src.fetchCount <= 25)
    }

    @Test func escClearsAKeptFilterBeforeLeaving() {
        var t = Table(columns: columns, source: people())
        _ = t.handle(.char("/"))
        _ = t.handle(.text("oy"))
        _ = t.handle(.enter)
        #expect(t.query.filter == "oy" && t.count == 1)
        #expect(t.handle(.escape) == .none)
        #expect(t.query.filter == "" && t.count == 5)
        #expect(t.handle(.escape) == .cancel)
    }
}

@Suite struct BatchedKeyTests {
    @Test func slashAndTextArrivingTogetherStartAFilter() {
        var t = Table(columns: [Column(key: "name", title: "姓名", width: 8)],
                      source: ArrayTableSource(rows: [TableRow(id: 1, cells: ["张三"]), TableRow(id: 2, cells: ["欧阳明月"])]))
        _ = t.handle(.text("/oymy"))
        #expect(t.isFiltering)
        #expect(t.query.filter == "oymy")
        #expect(t.count == 1 && t.selectedId == 2)
    }

    @Test func aMenuTakesTheFirstHotkeyOfABatch() {
        var m = Menu(title: "菜单", items: [MenuItem(id: "a", label: "甲", hotkey: "1"), MenuItem(id: "b", label: "乙", hotkey: "2")])
        #expect(m.handle(.text("x2")) == .choose("b"))
    }
}
