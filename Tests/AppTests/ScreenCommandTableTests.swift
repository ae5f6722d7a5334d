import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// The keys of the survey answers, the check entry, the print screens, the fulfilment
/// summary and the star review form are their command tables: each key's action is its
/// command's, F1 lists it, and a read-only role is refused a write key at once.
@Suite struct ScreenCommandTableTests {
    /// The end of F1's page (where the key list is), as drawn.
    func f1(_ app: AppModel) -> String {
        app.press(.function(1), .end)
        let text = app.screenText
        app.press(.escape)
        return text
    }

    /// Every command of the top screen in F1's list, in the user's language.
    func expectAllInF1(_ app: AppModel, sourceLocation: SourceLocation = #_sourceLocation) {
        let help = f1(app)
        for c in app.top.commands {
            #expect(help.contains("\(c.name)  \(app.context.t(c.label))"), "\(c.name) in F1: \(help)",
                    sourceLocation: sourceLocation)
        }
    }

    /// The administrator and a township viewer on the same database.
    func adminAndViewer(_ db: AppDatabase) throws -> (admin: AppModel, viewer: () throws -> AppModel) {
        let admin = try makeModel(db)
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        return (admin, {
            db.signOut()
            try db.signIn(username: "town", password: "town2026")
            return try makeModel(db)
        })
    }

    @Test func surveyAnswersKeysRunFromTheTable() throws {
        let (app, viewer) = try adminAndViewer(try makeAssessmentDatabase())
        app.press(.char("7"), .char("1"), .enter)
        let screen = try #require(app.top as? SurveyAnswerScreen)
        for name in ["1/2", "a/b/c", "Enter", "F8"] {
            #expect(screen.commands.first { $0.name == name }?.run != nil, "\(name) runs from the table")
        }
        expectAllInF1(app)
        // Capitals choose as the small letters do; the third household has no answer yet.
        app.press(.down, .down, .char("2"), .char("B"), .enter)
        let round = try #require(try app.context.db.surveyRounds().first)
        let r = try app.context.db.surveyResult(roundId: round.id!)
        #expect(r.asked == 3 && r.basicallySatisfied == 2)
        // F8 on it, yes: u is offered in the bar and in F1, and puts the answer back.
        app.press(.up, .function(8), .char("y"))
        #expect(try app.context.db.surveyResult(roundId: round.id!).asked == 2)
        #expect(app.render().lines().last?.contains("u撤销") == true)
        #expect(f1(app).contains("u  撤销"))
        app.press(.char("u"))
        #expect(try app.context.db.surveyResult(roundId: round.id!).asked == 3)
        #expect(!(app.render().lines().last ?? "").contains("u撤销"))

        let town = try viewer()
        town.apply(.push(SurveyAnswerScreen(town.context, round: round)))
        #expect(!f1(town).contains("F8  删除"))
        town.press(.function(8))
        #expect(town.message?.text.hasPrefix("无权使用“删除”（F8 键）") == true, "\(town.message?.text ?? "")")
        #expect(!town.screenText.contains("的回答吗"), "no question is asked")
        #expect(try town.context.db.surveyResult(roundId: round.id!).asked == 3)
    }

    @Test func checkEntryKeysRunFromTheTable() throws {
        let db = try makePledgeFixture()
        let (app, viewer) = try adminAndViewer(db)
        app.press(.char("6"), .char("3"), .enter, .enter)
        let screen = try #require(app.top as? CheckEntryScreen)
        for name in ["F2", "1/2/3", "Space", "Enter", "Esc"] {
            #expect(screen.commands.first { $0.name == name }?.run != nil, "\(name) runs from the table")
        }
        expectAllInF1(app)
        // Space moves the first item's result on; 3 then sets it not assessed and moves on.
        let first = screen.lines[0].result
        app.press(.char(" "))
        #expect(screen.lines[0].result == (first?.next ?? .kept) && screen.cursor == 0)
        app.press(.char("3"))
        #expect(screen.lines[0].result == .notAssessed && screen.cursor == 1)
        // On the recorder line digits and Space are the name's text, not results.
        app.press(.end)
        let before = (recorder: screen.recorder.text, results: screen.lines.map(\.result))
        app.press(.char("3"), .char(" "))
        #expect(screen.recorder.text == before.recorder + "3 " && screen.editing)
        #expect(screen.lines.map(\.result) == before.results)
        // While typing, Enter is 完成 and the bar says so.
        #expect(app.render().lines().last?.contains("Enter完成") == true)
        app.press(.enter)
        #expect(!screen.editing)

        let town = try viewer()
        let round = try #require(try db.checkRounds().first)
        let row = try #require(try db.roundPledgeRows(roundId: round.id!).first)
        town.apply(.push(CheckEntryScreen(town.context, round: round, row: row)))
        #expect(!f1(town).contains("F2  保存") && f1(town).contains("1/2/3  守信/失信/未评"))
        town.press(.char("1"), .function(2))
        #expect(town.message?.text.hasPrefix("无权使用“保存”（F2 键）") == true, "\(town.message?.text ?? "")")
        #expect(town.top is CheckEntryScreen)
    }

    @Test func printScreensKeysRunFromTheTable() throws {
        let db = try makeFixtureDatabase()
        try makeSignedGroup(db)
        let app = try makeModel(db)
        app.press(.char("8"), .char("1"))
        #expect(app.top is PickScreen)
        #expect(app.top.commands.first { $0.name == "Enter" }?.run != nil)
        expectAllInF1(app)
        app.press(.enter)
        let preview = try #require(app.top as? PreviewScreen)
        for name in ["PgDn", "PgUp", "F2", "F5", "Esc"] {
            #expect(preview.commands.first { $0.name == name }?.run != nil, "\(name) runs from the table")
        }
        expectAllInF1(app)
        // Space turns the page as PgDn does; PgUp turns back, and not before the first page.
        app.press(.char(" "))
        #expect(preview.page == 1)
        app.press(.pageUp, .pageUp)
        #expect(preview.page == 0)
        app.press(.function(2))
        #expect(app.top is SaveDocumentScreen)
        #expect(app.top.commands.first { $0.name == "F2" }?.run != nil)
        expectAllInF1(app)
        app.press(.escape, .escape, .escape)
        #expect(app.top is PrintHomeScreen)
        // The household number: Enter previews, and so does F2, the form's own key.
        app.press(.char("5"))
        #expect(app.top is HouseholdNumberScreen)
        expectAllInF1(app)
        app.press(.function(2))
        #expect(app.message?.text == "请输入户编号" && app.top is HouseholdNumberScreen)
        app.type("0101")
        app.press(.function(2))
        #expect(app.top is PreviewScreen, "\(app.message?.text ?? "")")
    }

    @Test func fulfilmentSummaryScrollsFromTheTable() throws {
        let app = try makeModel(try makePledgeFixture())
        app.press(.char("6"), .char("6"))
        let screen = try #require(app.top as? FulfilmentSummaryScreen)
        #expect(screen.commands.allSatisfy { $0.run != nil })
        expectAllInF1(app)
        let count = try #require(screen.summary?.byPolicy.count)
        try #require(count >= 2)
        app.press(.down)
        #expect(screen.top == 1)
        for _ in 0..<count { app.press(.down) }
        #expect(screen.top == count - 1)
        app.press(.up)
        #expect(screen.top == count - 2)
        app.press(.escape)
        #expect(app.top is PledgeHomeScreen)
    }

    /// Space on the star review form is the form's own key: listed in F1, taken by the widget.
    @Test func starReviewSpaceIsTheFormsKey() throws {
        let app = try makeModel(try makeAssessmentDatabase(), language: .en)
        app.press(.char("7"), .char("2"), .function(3))
        let space = try #require(app.top.commands.first { $0.name == "Space" })
        #expect(space.keys == [.char(" ")] && space.run == nil)
        expectAllInF1(app)
        #expect(f1(app).contains("Space  Tick/change"))
    }
}
