import Testing
@testable import UICore

private func mainMenu() -> Menu {
    Menu(title: "主菜单", items: [
        MenuItem(id: "village", label: "村庄设置", hotkey: "1"),
        MenuItem(id: "household", label: "户籍管理", hotkey: "2"),
        MenuItem(id: "quit", label: "退出", hotkey: "0"),
    ])
}

@Suite struct MenuTests {
    @Test func keys() {
        var m = mainMenu()
        var e = m.handle(.up)
        #expect(e == .none && m.selected == 2)
        e = m.handle(.down)
        #expect(m.selected == 0)
        e = m.handle(.end)
        #expect(m.selected == 2)
        e = m.handle(.home)
        e = m.handle(.down)
        e = m.handle(.enter)
        #expect(e == .choose("household"))
        e = m.handle(.char("0"))
        #expect(e == .choose("quit") && m.selected == 2)
        e = m.handle(.char("9"))
        #expect(e == .none)
        e = m.handle(.escape)
        #expect(e == .cancel)
    }

    @Test func renderSnapshot() {
        var m = mainMenu()
        _ = m.handle(.down)
        var g = Grid(width: 20, height: 7)
        m.render(into: &g, in: Rect(x: 0, y: 0, width: 20, height: 7))
        let expected = """

           ┌── 主菜单 ──┐
           │ 1 村庄设置 │
           │ 2 户籍管理 │
           │ 0 退出     │
           └────────────┘

        """
        #expect(g.text() == expected)
        #expect(g[5, 3].style == .selected)
        #expect(g[14, 3].style == .selected)
        #expect(g[5, 2].style == .normal)
        #expect(g[3, 1].style.role == .border)
    }
}

@Suite struct KeyBarTests {
    let hints = [KeyHint("F1", "帮助"), KeyHint("F2", "保存"), KeyHint("Esc", "返回")]

    @Test func fitsAll() {
        var g = Grid(width: 30, height: 2)
        KeyBar.render(hints, into: &g, y: 1)
        #expect(g.lines()[1] == "F1帮助 F2保存 Esc返回")
        #expect(g[0, 1].style.role == .keyName)
        #expect(g[2, 1].style.role == .keyBar)
        #expect(g[29, 1].style.role == .keyBar)
    }

    @Test func dropsWholeHintsWhenNarrow() {
        var g = Grid(width: 20, height: 1)
        KeyBar.render(hints, into: &g, y: 0)
        #expect(g.text() == "F1帮助 F2保存")
        g = Grid(width: 12, height: 1)
        KeyBar.render(hints, into: &g, y: 0)
        #expect(g.text() == "F1帮助")
        g = Grid(width: 5, height: 1)
        KeyBar.render(hints, into: &g, y: 0)
        #expect(g.text() == "")
    }
}

@Suite struct DialogTests {
    func dialog() -> ConfirmDialog {
        ConfirmDialog(title: "删除", message: "确定要删除村民「王小明」的全部记录吗？此操作不能撤销。",
                      yesLabel: "是", noLabel: "否")
    }

    @Test func keys() {
        var d = dialog()
        #expect(!d.yesSelected)
        var e = d.handle(.enter)
        #expect(e == .no)
        e = d.handle(.left)
        #expect(d.yesSelected)
        e = d.handle(.enter)
        #expect(e == .yes)
        e = d.handle(.tab)
        #expect(!d.yesSelected)
        e = d.handle(.char("Y"))
        #expect(e == .yes)
        e = d.handle(.char("n"))
        #expect(e == .no)
        e = d.handle(.escape)
        #expect(e == .no)
        e = d.handle(.down)
        #expect(e == .none)
    }

    @Test func renderSnapshot() {
        var d = dialog()
        var g = Grid(width: 30, height: 9)
        d.render(into: &g, in: Rect(x: 0, y: 0, width: 30, height: 9))
        let expected = """

        ┌─────────── 删除 ───────────┐
        │ 确定要删除村民「王小明」的 │
        │ 全部记录吗？此操作不能撤   │
        │ 销。                       │
        │                            │
        │       [ 是 ]  [ 否 ]       │
        └────────────────────────────┘

        """
        #expect(g.text() == expected)
        // "No" is selected: its button is reversed, "yes" is not.
        #expect(g[18, 6].style == .selected)
        #expect(g[8, 6].style == .normal)
        _ = d.handle(.right)
        d.render(into: &g, in: Rect(x: 0, y: 0, width: 30, height: 9))
        #expect(g[8, 6].style == .selected)
        #expect(g[18, 6].style == .normal)
    }
}

@Suite struct TextWrapTests {
    @Test func latinBreaksAtSpaces() {
        #expect(TextWrap.wrap("Delete the record of Wang Xiaoming? This cannot be undone.", width: 16)
            == ["Delete the", "record of Wang", "Xiaoming? This", "cannot be", "undone."])
    }

    @Test func cjkBreaksAnywhereButNotBeforeClosingPunctuation() {
        #expect(TextWrap.wrap("张三李四王五", width: 5) == ["张三", "李四", "王五"])
        // "？" may not start a line, so "吗" moves down with it.
        #expect(TextWrap.wrap("确定删除张三吗？", width: 14) == ["确定删除张三", "吗？"])
    }

    @Test func mixedAndLongWordsAndNewlines() {
        // A Latin word moves to the next line whole, and is cut only when longer than a line.
        #expect(TextWrap.wrap("户号 A1234567890", width: 8) == ["户号", "A1234567", "890"])
        #expect(TextWrap.wrap("第一行\n\n第三行", width: 10) == ["第一行", "", "第三行"])
        #expect(TextWrap.wrap("", width: 4) == [""])
        #expect(TextWrap.wrap("abc", width: 0) == [])
        for line in TextWrap.wrap("村民王小明住在一社, phone 13800000000，已登记。", width: 7) {
            #expect(TextWidth.of(line) <= 7, "\(line)")
        }
    }
}

@Suite struct HelpViewTests {
    @Test func closesAndScrolls() {
        var h = HelpView(title: "帮助", lines: (1...30).map { "第\($0)行" })
        var open = h.handle(.down)
        #expect(open && h.scroll == 1)
        open = h.handle(.pageDown)
        #expect(h.scroll == 11)
        open = h.handle(.end)
        open = h.handle(.up)
        open = h.handle(.home)
        #expect(h.scroll == 0)
        open = h.handle(.up)
        #expect(h.scroll == 0)
        for k: Key in [.escape, .function(1), .enter, .char("q")] {
            var copy = h
            open = copy.handle(k)
            #expect(!open)
        }
    }

    @Test func renderSnapshot() {
        var h = HelpView(title: "帮助", lines: ["F1 帮助", "F2 保存", "Esc 返回上一级", "/ 按拼音首字母筛选，如 zs 找张三"])
        var g = Grid(width: 24, height: 6)
        h.render(into: &g, in: Rect(x: 0, y: 0, width: 24, height: 6))
        #expect(g.text() == """
        ┌──────── 帮助 ────────┐
        │ F1 帮助              │
        │ F2 保存              │
        │ Esc 返回上一级       │
        │ / 按拼音首字母筛选， │
        └──────────────── 4/5 ─┘
        """)
        _ = h.handle(.end)
        h.render(into: &g, in: Rect(x: 0, y: 0, width: 24, height: 6))
        #expect(g.lines()[4] == "│ 如 zs 找张三         │")
        #expect(g.lines()[5] == "└──────────────── 5/5 ─┘")
    }
}

@Suite struct MessageTests {
    @Test func errorsUseTheErrorRole() {
        var g = Grid(width: 20, height: 1)
        Message("保存失败：姓名必填", kind: .error).render(into: &g, y: 0)
        #expect(g.text() == "保存失败：姓名必填")
        #expect(g[0, 0].style.role == .error)
        #expect(g[19, 0].style.role == .error)
        #expect(Message("已保存") == Message("已保存", kind: .info))
    }
}
