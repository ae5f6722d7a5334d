import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The programme calendar on real screens at 80×24: the year's deadlines (评估与监督 5 and
/// the main screen's i), marking work done, the entries for the administrator and a clerk,
/// the main screen's 整改 and 待办 lines, and a rule document's text.
@Suite struct CalendarScreenTests {
    /// The fixture village with the calendar, a star review in Q1 and Q2, a check round in Q3,
    /// and October's report marked done: on 2026-11-25 Q3's survey and star review are overdue.
    static func database() throws -> AppDatabase {
        let db = try makeFixtureDatabase()
        try db.installCalendar(from: repoRoot.appendingPathComponent("Data/calendar.json"))
        try awardStars(db)
        try db.createCheckRound(name: "2026年第三季度", heldOn: d("2026-09-20"))
        let report = try #require(try db.calendarEntry(code: "monthly-report"))
        try db.markDeadlineDone(entryId: report.id!, dueOn: d("2026-11-05"), on: d("2026-11-03"), note: "已报乡镇", today: testToday)
        return db
    }

    @Test func theYearsDeadlinesInChineseAndEnglish() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        app.press(.char("7"), .char("7"))
        #expect(app.top is CalendarScreen)
        expectSnapshot(app.render(), "calendar")
        let en = try makeModel(db, language: .en)
        en.press(.char("7"), .char("7"))
        expectSnapshot(en.render(), "calendar_en")
        // The overdue rows are drawn in the error colour.
        let grid = app.render()
        let row = try #require(grid.lines().firstIndex { $0.contains("季度满意度调查（第三季度）") })
        #expect(grid.lines()[row].contains("！逾期"))
        // ] and [ turn the year.
        app.press(.char("]"))
        #expect(app.screenText.contains("2027年") && (app.top as? CalendarScreen)?.items.first?.record.dueOn == d("2027-01-05"))
        app.press(.char("["), .char("["))
        #expect(app.screenText.contains("2025年"))
    }

    @Test func workTheRecordsDoNotShowIsMarkedDoneAndTakenBack() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        app.apply(.push(CalendarScreen(app.context)))
        let screen = try #require(app.top as? CalendarScreen)
        // The selection starts where the main screen's 待办 does: August's report, due 09-05.
        #expect(screen.selected?.record.title.zh == "村级月报告单（8月）")
        // A check round's deadline is done by the records, not by a mark.
        let q3check = try #require(screen.items.firstIndex { $0.record.title.zh == "季度守信检查（第三季度）" })
        screen.table.select(q3check)
        app.press(.function(5))
        #expect(app.message?.kind == .error && app.message?.text.contains("检查轮次") == true, "\(app.message?.text ?? "")")
        // November's report: due 12-05, marked done today.
        let november = try #require(screen.items.firstIndex { $0.record.title.zh == "村级月报告单（11月）" })
        screen.table.select(november)
        app.press(.function(5))
        #expect(app.top is CalendarDoneFormScreen)
        expectSnapshot(app.render(), "calendar_done_form")
        app.press(.tab)
        app.type("已报乡镇计生办")
        app.press(.function(2))
        #expect(app.top is CalendarScreen && app.message?.text == "已保存", "\(app.message?.text ?? "")")
        #expect(screen.selected?.record.doneOn == testToday)
        // u takes the mark back after a question; it can be made again.
        app.press(.char("u"))
        app.press(.char("y"))
        #expect(screen.selected?.record.doneOn == nil, "\(app.message?.text ?? "")")
        let log = try db.auditEntries(table: "calendar_done")
        #expect(log.map(\.action).prefix(2) == ["delete", "insert"])
        // The audit log reads the mark in words.
        let text = AuditText(catalog: app.context.catalog, language: .zh)
        #expect(text.record(log[1]).hasPrefix("日程已办登记 #"))
        let summary = text.summary(log[1])
        #expect(summary.contains("期限：2026-12-05") && summary.contains("办结日期：2026-11-25") && summary.contains("说明：已报乡镇计生办"),
                "\(summary)")
    }

    @Test func theAdministratorEditsTheEntriesAndAClerkReadsThem() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        app.apply(.push(CalendarScreen(app.context)))
        app.press(.function(4))
        #expect(app.top is CalendarEntryListScreen)
        expectSnapshot(app.render(), "calendar_entry_list")
        app.press(.enter)
        #expect(app.top is CalendarEntryFormScreen)
        expectSnapshot(app.render(), "calendar_entry_form")
        app.press(.escape)
        // A new entry: a monthly one without its day is refused under the field, nothing stored.
        app.press(.function(3))
        app.type("training")
        app.press(.tab)
        app.type("月度培训")
        (app.top as! CalendarEntryFormScreen).form.setValue("schedule", "monthly")
        app.press(.function(2))
        #expect(app.top is CalendarEntryFormScreen && app.message?.kind == .error)
        #expect((app.top as! CalendarEntryFormScreen).form.errors["dueDay"] != nil, "\(app.screenText)")
        #expect(try db.calendarEntry(code: "training") == nil)
        // The error's field has the focus.
        app.type("10")
        app.press(.function(2))
        #expect(app.top is CalendarEntryListScreen, "\(app.message?.text ?? "")")
        let saved = try #require(try db.calendarEntry(code: "training"))
        #expect(saved.schedule == .monthly && saved.dueDay == 10)
        // F8 retires (asking first), and again reinstates.
        app.press(.end, .function(8), .char("y"))
        #expect(try db.calendarEntry(code: "training")?.isRetired == true)

        let en = try makeModel(db, language: .en)
        en.apply(.push(CalendarEntryListScreen(en.context)))
        expectSnapshot(en.render(), "calendar_entry_list_en")

        // A clerk reads: no F3 or F8, the form read only, a write key refused at once.
        try db.addUser(username: "clerk", displayName: "", role: .clerk, password: "clerk2026")
        db.signOut()
        try db.signIn(username: "clerk", password: "clerk2026")
        let clerk = try makeModel(db)
        clerk.apply(.push(CalendarEntryListScreen(clerk.context)))
        let bar = clerk.render().lines().last ?? ""
        #expect(!bar.contains("F3") && !bar.contains("F8") && bar.contains("查看"), "\(bar)")
        clerk.press(.function(3))
        #expect(clerk.message?.text.contains("无权") == true)
        clerk.press(.enter)
        let form = try #require(clerk.top as? CalendarEntryFormScreen)
        #expect(form.isViewOnly && form.title.contains("只读"))
        clerk.press(.function(2))
        #expect(clerk.message?.text.contains("无权") == true && clerk.top is CalendarEntryFormScreen)
        // The clerk marks work done.
        clerk.press(.escape, .escape)
        clerk.apply(.push(CalendarScreen(clerk.context)))
        #expect(clerk.render().lines().last?.contains("F5") == true)
    }

    @Test func aTownshipViewerReadsTheCalendarWithNoWriteKeys() throws {
        let db = try Self.database()
        _ = try makeModel(db)
        try db.addUser(username: "viewer", displayName: "", role: .townshipViewer, password: "viewer2026")
        db.signOut()
        try db.signIn(username: "viewer", password: "viewer2026")
        let app = try makeModel(db)
        app.press(.char("i"))
        #expect(app.top is CalendarScreen)
        let bar = app.render().lines().last ?? ""
        #expect(!bar.contains("F5") && !bar.contains("u撤销") && bar.contains("F4事项设置"), "\(bar)")
        app.press(.function(5))
        #expect(app.message?.text.contains("无权") == true && app.top is CalendarScreen)
        app.press(.char("u"))
        #expect(app.message?.text.contains("无权") == true)
        // The entries read only.
        app.press(.function(4), .enter)
        #expect((app.top as? CalendarEntryFormScreen)?.isViewOnly == true)
    }

    @Test func theMainScreenShowsRectificationAndTheNextThreeDeadlines() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        expectSnapshot(app.render(), "main_menu_calendar")
        // The overdue deadlines are red, the one still due is not.
        let grid = app.render()
        let lines = grid.lines()
        let first = try #require(lines.firstIndex { $0.contains("待办") })
        #expect(lines[first].contains("！09-05") && lines[first + 1].contains("！09-15") && lines[first + 2].contains("！09-30"))
        let x = try #require(lines[first].range(of: "09-05").map { TextWidth.of(String(lines[first][..<$0.lowerBound])) })
        #expect(grid[x: x, y: first].style.role == .error)
        let en = try makeModel(db, language: .en)
        expectSnapshot(en.render(), "main_menu_calendar_en")
        app.press(.char("i"))
        #expect(app.top is CalendarScreen)
        app.press(.escape, .char("h"))
        #expect(app.top is RectificationListScreen)
    }

    @Test func aRuleDocumentsTextIsTypedInTheEditorAndAChangeIsANewDocument() throws {
        let db = try makeFixtureDatabase()
        try db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "星光村村规民约", adoptedOn: d("2026-01-05"),
                                             adoptedBy: "村民会议"), on: testToday)
        let app = try makeModel(db)
        app.apply(.push(RuleDocumentListScreen(app.context)))
        app.press(.enter, .function(7))
        #expect(app.top is TextEditorScreen)
        app.type("第一条　本村村民自觉实行计划生育，依法按政策生育。")
        app.press(.enter)
        app.type("第二条　遵守诚信计生协议，按时参加小组活动。")
        expectSnapshot(app.render(), "rule_document_text_editor")
        app.press(.function(2))
        #expect(app.top is RuleDocumentFormScreen && app.message?.text == "正文已改，按 F2 保存文件", "\(app.message?.text ?? "")")
        expectSnapshot(app.render(), "rule_document_form_text")
        app.press(.function(2))
        #expect(app.top is RuleDocumentListScreen)
        #expect(try db.ruleDocuments().map(\.body) == ["第一条　本村村民自觉实行计划生育，依法按政策生育。\n第二条　遵守诚信计生协议，按时参加小组活动。"])
        // Changed after adoption: the form asks for the revising meeting, then saves a new document.
        app.press(.enter, .function(7), .ctrl("e"))
        app.type("违者经小组评议。")
        app.press(.function(2), .function(2))
        #expect(app.top is RuleDocumentFormScreen && app.message?.kind == .error, "\(app.message?.text ?? "")")
        #expect(app.screenText.contains("修订"))
        let form = try #require(app.top as? RuleDocumentFormScreen)
        form.form.setValue("adoptedOn", "2026-11-20")
        form.form.setValue("adoptedBy", "村民代表大会")
        app.press(.function(2))
        #expect(app.top is RuleDocumentListScreen)
        #expect(app.message?.text == "已保存为新文件（2026-11-20 村民代表大会 通过），取代 2026-01-05 的原文件", "\(app.message?.text ?? "")")
        let all = try db.ruleDocuments(includeSuperseded: true)
        #expect(all.count == 2 && all.filter { $0.supersededById == nil }.map(\.adoptedOn) == [d("2026-11-20")])
        let en = try makeModel(db, language: .en)
        en.apply(.push(RuleDocumentListScreen(en.context)))
        en.press(.enter, .function(7))
        expectSnapshot(en.render(), "rule_document_text_editor_en")
    }
}
