import Foundation
import Testing
import Domain
import Print
import Store
import UICore
@testable import App

/// The monthly report from the print menu (8, then 7): the month asked for, refused on the
/// form when written wrongly or not yet begun, then previewed like any document.
@Suite struct ReportScreenTests {
    @Test func theMonthlyReportIsAskedForThenPreviewed() throws {
        let app = try makeModel()
        app.press(.char("8"), .char("7"))
        let screen = try #require(app.top as? ReportMonthScreen)
        expectSnapshot(app.render(), "report_month")
        screen.form.setValue("month", "2026-13")
        app.press(.function(2))
        #expect(app.top is ReportMonthScreen && app.message?.text == "月份“2026-13”不存在：月应在 1 到 12 之间")
        screen.form.setValue("month", "2026-12")
        app.press(.enter)
        #expect(app.top is ReportMonthScreen && app.message?.text == "2026年12月还没有开始（今天是2026-11-25），不能报告")
        screen.form.setValue("month", "2026-10")
        app.press(.enter)
        let preview = try #require(app.top as? PreviewScreen)
        #expect(preview.laid.text.contains("星光村村级月报告单"))
        #expect(preview.laid.text.contains("统计截至：2026年10月31日"))
        #expect(preview.laid.text.contains("依据：本村数据库，截至2026年10月31日"))
    }

    @Test func inEnglish() throws {
        let app = try makeModel(language: .en)
        app.press(.char("8"), .char("7"))
        let screen = try #require(app.top as? ReportMonthScreen)
        expectSnapshot(app.render(), "report_month_en")
        screen.form.setValue("month", "2026-xx")
        app.press(.enter)
        #expect(app.message?.text == "The month \"2026-xx\" should read YEAR-MONTH, e.g. 2026-11")
        screen.form.setValue("month", "2026-11")
        app.press(.enter)
        let preview = try #require(app.top as? PreviewScreen)
        #expect(preview.laid.text.contains("星光村 — Village monthly report") && preview.laid.text.contains("Figures as of：2026-11-25"))
    }

    /// The naughty strings as a month, a quarter, a year and a DHIS2 period: each is refused
    /// with a message in both languages, none is taken for a period.
    @Test func naughtyPeriodsAreRefused() {
        for text in Naughty.strings {
            for parse in [ReportPeriod.parseMonth, ReportPeriod.parseQuarter, ReportPeriod.parseYear, ReportPeriod.parseDHIS2Month] {
                do {
                    let p = try parse(text, testToday)
                    Issue.record("\(text.debugDescription) was taken for \(p.label)")
                } catch let e as ReportError {
                    #expect(!e.message.zh.isEmpty && !e.message.en.isEmpty)
                } catch {
                    Issue.record("\(error)")
                }
            }
        }
    }
}
