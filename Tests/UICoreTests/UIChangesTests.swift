import Testing
import Domain
@testable import UICore

private func render(_ t: inout Table, width: Int = 24, height: Int = 8) -> Grid {
    var g = Grid(width: width, height: height)
    t.render(into: &g, in: Rect(x: 0, y: 0, width: width, height: height))
    return g
}

private func households() -> ArrayTableSource {
    ArrayTableSource(rows: [
        TableRow(id: 1, cells: ["0901", "张三", "3"]),
        TableRow(id: 2, cells: ["0199", "李四", "5"]),
        TableRow(id: 3, cells: ["0902", "王五", "1"]),
    ])
}

@Suite struct UnsortableColumnTests {
    @Test func columnsAreSortableByDefault() {
        #expect(Column(key: "a", title: "A", width: 4).sortable)
        #expect(!Column(key: "a", title: "A", width: 4, align: .right, sortable: false).sortable)
    }

    @Test func f6SkipsUnsortableColumns() {
        let cols = [
            Column(key: "mark", title: "选", width: 2, sortable: false),
            Column(key: "no", title: "户编号", width: 6),
            Column(key: "note", title: "备注", width: 6, sortable: false),
            Column(key: "n", title: "人数", width: 4, align: .right),
        ]
        var t = Table(columns: cols, source: households())
        var seen: [String] = []
        for _ in 0..<5 {
            _ = t.handle(.function(6))
            seen.append(t.query.sortColumn.map { "\($0)\(t.query.ascending ? "+" : "-")" } ?? "none")
        }
        #expect(seen == ["1+", "1-", "3+", "3-", "none"])
    }

    @Test func f6DoesNothingWhenNoColumnSorts() {
        let cols = [Column(key: "a", title: "A", width: 4, sortable: false)]
        var t = Table(columns: cols, source: households())
        _ = t.handle(.function(6))
        #expect(t.query.sortColumn == nil)
    }
}

@Suite struct FreshFilterTests {
    let cols = [Column(key: "no", title: "户编号", width: 6), Column(key: "name", title: "户主", width: 6)]

    @Test func slashThenTypingReplacesTheKeptFilter() {
        var t = Table(columns: cols, source: households())
        t.setFilter("0901")
        #expect(t.count == 1)
        _ = t.handle(.char("/"))
        // The old filter stays until the first edit.
        #expect(t.query.filter == "0901")
        #expect(render(&t).lines()[7].hasPrefix("筛选：0901"))
        for c in "0199" { _ = t.handle(.char(c)) }
        #expect(t.query.filter == "0199")
        #expect(t.count == 1 && t.selectedId == 2)
        _ = t.handle(.enter)
        #expect(!t.isFiltering && t.query.filter == "0199")
    }

    @Test func pastedTextAndBackspaceAlsoReplace() {
        var t = Table(columns: cols, source: households())
        t.setFilter("0901")
        _ = t.handle(.char("/"))
        _ = t.handle(.text("09"))
        #expect(t.query.filter == "09" && t.count == 2)
        _ = t.handle(.enter)
        _ = t.handle(.char("/"))
        _ = t.handle(.backspace)
        #expect(t.query.filter == "" && t.count == 3)
    }

    @Test func movingTheCaretFirstKeepsEditingTheOldFilter() {
        var t = Table(columns: cols, source: households())
        t.setFilter("090")
        _ = t.handle(.char("/"))
        _ = t.handle(.end)
        _ = t.handle(.char("2"))
        #expect(t.query.filter == "0902")
    }

    @Test func escWhileEditingStillClears() {
        var t = Table(columns: cols, source: households())
        t.setFilter("0901")
        _ = t.handle(.char("/"))
        _ = t.handle(.escape)
        #expect(!t.isFiltering && t.query.filter == "" && t.count == 3)
        t.setFilter("0901")
        _ = t.handle(.char("/"))
        _ = t.handle(.char("0"))
        _ = t.handle(.escape)
        #expect(t.query.filter == "" && t.count == 3)
    }

    @Test func enterWithoutEditingKeepsTheFilter() {
        var t = Table(columns: cols, source: households())
        t.setFilter("0901")
        _ = t.handle(.char("/"))
        _ = t.handle(.enter)
        #expect(!t.isFiltering && t.query.filter == "0901")
    }
}

@Suite struct SortArrowHeaderTests {
    @Test func arrowReplacesTheLastColumnOfALongTitle() {
        let cols = [Column(key: "no", title: "户编号", width: 6), Column(key: "n", title: "人数", width: 4)]
        var t = Table(columns: cols, source: households())
        t.setSort(column: 0)
        #expect(render(&t).lines()[0] == "户编↑  人数")
        t.setSort(column: 0, ascending: false)
        #expect(render(&t).lines()[0] == "户编↓  人数")
    }

    @Test func oddWidthNeverSplitsAWideChar() {
        let cols = [Column(key: "no", title: "户编号", width: 5), Column(key: "n", title: "人数", width: 4)]
        var t = Table(columns: cols, source: households())
        t.setSort(column: 0)
        let header = render(&t).lines()[0]
        #expect(header == "户编↑ 人数")
        #expect(TextWidth.of(String(header.prefix(3))) <= 5)
    }

    @Test func fittingTitleKeepsItsArrow() {
        let cols = [Column(key: "no", title: "Name", width: 3), Column(key: "n", title: "人数", width: 4)]
        var t = Table(columns: cols, source: households())
        t.setSort(column: 0)
        #expect(render(&t).lines()[0] == "Na↑ 人数")
        t.setSort(column: 1)
        // "人数↑" needs 5 columns of 4: the arrow takes the place of 数.
        #expect(render(&t).lines()[0] == "Na… 人↑")
    }
}

@Suite struct KeyBarSpacingTests {
    @Test func spaceBeforeLatinLabelsOnly() {
        var g = Grid(width: 40, height: 1)
        KeyBar.render([KeyHint("F1", "Help"), KeyHint("Enter", "Open"), KeyHint("F2", "帮助"), KeyHint("F3", "2x")],
                      into: &g, y: 0)
        #expect(g.text() == "F1 Help Enter Open F2帮助 F3 2x")
        #expect(g[2, 0].style.role == .keyBar)
        #expect(g[3, 0].style.role == .keyBar)
    }

    @Test func theSpaceCountsWhenFitting() {
        // "F1 Help F2 Save" needs 15 columns.
        var g = Grid(width: 14, height: 1)
        KeyBar.render([KeyHint("F1", "Help"), KeyHint("F2", "Save")], into: &g, y: 0)
        #expect(g.text() == "F1 Help")
        g = Grid(width: 14, height: 1)
        KeyBar.render([KeyHint("F1", "Help"), KeyHint("F2", "Sav")], into: &g, y: 0)
        #expect(g.text() == "F1 Help F2 Sav")
    }
}

@Suite struct FormLabelColonTests {
    @Test func englishLabelsUseColonSpace() {
        let f = Form(title: "", fields: [
            FormField(key: "name", label: "Name", required: true),
            FormField(key: "born", label: "Born", kind: .date),
        ], values: ["name": "Li"], language: .en)
        var g = Grid(width: 30, height: 2)
        f.render(into: &g, in: Rect(x: 0, y: 0, width: 30, height: 2))
        #expect(g.lines() == ["*Name: Li", " Born:"])
        #expect(g.cursor?.x == 9 && g.cursor?.y == 0)
    }

    @Test func chineseLabelsKeepTheWideColon() {
        let f = Form(title: "", fields: [FormField(key: "name", label: "姓名", required: true)],
                     values: ["name": "李"])
        var g = Grid(width: 20, height: 1)
        f.render(into: &g, in: Rect(x: 0, y: 0, width: 20, height: 1))
        #expect(g.text() == "*姓名：李")
    }
}

@Suite struct DateInputTests {
    @Test func usualWaysOfWritingADate() {
        for s in ["2005/1/1", "2005.1.1", "2005-1-1", "20050101", "2005-01-01", " 2005/01/1 ",
                  "２００５／１／１", "２００５．０１．０１", "２００５－１－１", "２００５０１０１"] {
            #expect(DateInput.normalize(s) == "2005-01-01", "\(s)")
        }
        #expect(DateInput.normalize("2024/2/29") == "2024-02-29")
        #expect(DateInput.normalize("1999.12.31") == "1999-12-31")
    }

    @Test func notARealDate() {
        for s in ["", "2023-02-29", "2005-13-1", "2005-0-1", "2005/1/32", "15/03/2024", "05/1/1",
                  "2005-1", "2005-1-1-1", "2005--1", "200511", "2005011", "abcd-ef-gh", "2005-001-01", "0000-01-01"] {
            #expect(DateInput.normalize(s) == nil, "\(s)")
        }
    }

    @Test func dateFieldTakesSlashesAndDots() {
        var f = Form(title: "", fields: [FormField(key: "d", label: "日期", kind: .date)], values: [:])
        _ = f.handle(.text("2005/1/1"))
        #expect(f.editor("d")?.text == "2005/1/1")
        #expect(f.value("d") == "2005-01-01")
        #expect(f.values["d"] == "2005-01-01")
        #expect(f.typeErrors() == [:])
        f.setValue("d", "")
        for c in "２００５．１．１" { _ = f.handle(.char(c)) }
        #expect(f.editor("d")?.text == "2005.1.1")
        #expect(f.value("d") == "2005-01-01")
        f.setValue("d", "")
        _ = f.handle(.text("20050101"))
        #expect(f.value("d") == "2005-01-01")
    }

    @Test func badDatesKeepTheirRawTextAndErrors() {
        let f = Form(title: "", fields: [
            FormField(key: "a", label: "A", kind: .date),
            FormField(key: "b", label: "B", kind: .date),
            FormField(key: "c", label: "C", kind: .date),
        ], values: ["a": "2023/2/29", "b": "2005/1", "c": "2005.13.01"])
        #expect(f.value("a") == "2023/2/29")
        #expect(f.typeErrors() == [
            "a": "该日期不存在",
            "b": "日期格式应为 YYYY-MM-DD（如 2024-03-15）",
            "c": "该日期不存在",
        ])
    }

    @Test func editsThatKeepTheSameDateStillCount() {
        var f = Form(title: "", fields: [FormField(key: "d", label: "日期", kind: .date)], values: ["d": "2005-01-01"])
        f.errors = ["d": "x"]
        _ = f.handle(.home)
        for _ in 0..<5 { _ = f.handle(.right) }
        _ = f.handle(.delete)   // "2005-1-01": the same date
        #expect(f.editor("d")?.text == "2005-1-01")
        #expect(f.isDirty && f.errors["d"] == nil)
    }
}
