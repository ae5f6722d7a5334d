import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// English on the main screen and its lists: plurals that agree, ASCII punctuation. Chinese keeps its full-width punctuation.
@Suite struct EnglishWordsTests {
    /// The demo village (check rounds, fulfilments, groups), signed in as the administrator.
    static func demoModel(_ language: Language) throws -> AppModel {
        let data = repoRoot.appendingPathComponent("Data")
        let db = try AppDatabase.inMemory(passwordCost: testPasswordCost)
        try db.installDefaultTemplate(from: data.appendingPathComponent("agreement_template.txt"))
        try db.installDefaultCatalogues(dataDirectory: data)
        try db.installStarCriteria(from: data.appendingPathComponent("star_criteria.json"))
        try DemoVillage.build(into: db, specURL: data.appendingPathComponent("demo_village.json"))
        return try makeModel(db, language: language)
    }

    static let fullWidthPunctuation = Set("（）：，、；！。「」")

    @Test func theMainScreenCountsAndPunctuatesInEnglish() throws {
        // The fixture village with one group and no agreement: one of everything.
        let db = try makeFixtureDatabase()
        let v = try db.village()!
        _ = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                                 name: "一社互助组", formedOn: LocalDate("2026-01-10")!))
        let en = MainMenuScreen(try makeModel(db, language: .en).context)
        #expect(en.alertLines(limit: 4) == ["! 1 group has no agreement in force: 一社互助组"])
        let figures = en.figureLines().map(\.text)
        #expect(figures.contains { $0.hasSuffix("· 1 group without") }, "\(figures)")
        let zh = MainMenuScreen(try makeModel(db, language: .zh).context)
        #expect(zh.alertLines(limit: 4) == ["！1 个小组尚无生效协议：一社互助组"])
        #expect(try makeModel(db, language: .en).screenText.contains("3 households · 4 persons"))
    }

    @Test func theDemoMainScreenAndItsListsHaveNoFullWidthPunctuationInEnglish() throws {
        let model = try Self.demoModel(.en)
        let main = MainMenuScreen(model.context)
        let figures = main.figureLines().map(\.text)
        let kept = try #require(figures.first { $0.hasPrefix("Pledges kept ") })
        #expect(kept.contains("% ("), "\(kept)")
        // Generated text only: stored names (groups, rounds) stay as typed, so they are taken out first.
        let names = try model.context.db.honestyGroups(on: testToday).map(\.group.name)
            + model.context.db.checkRounds().map(\.name)
        func generated(_ s: String) -> String { names.reduce(s) { $0.replacingOccurrences(of: $1, with: "") } }
        for line in figures + main.alertLines(limit: 4) {
            #expect(!generated(line).contains(where: Self.fullWidthPunctuation.contains), "\(line)")
        }
        let zh = MainMenuScreen(try makeModel(model.context.db, language: .zh).context)
        #expect(zh.figureLines().contains { $0.text.hasPrefix("守信率 ") && $0.text.contains("%（") })
        // The lists behind the figures, and the pledge home with its summary line: lines of
        // generated text only (a line holding Chinese holds stored names, notes or titles).
        func isChinese(_ c: Character) -> Bool { c.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        var screens: [(String, any Screen)] = [("pledges", PledgeHomeScreen(model.context))]
        for c in Array("abcdefg") {
            guard case .push(let screen)? = main.openFigure(c) else { Issue.record("\(c) opens nothing"); continue }
            screens.append((String(c), screen))
        }
        for (name, screen) in screens {
            model.apply(.push(screen))
            for line in model.render().lines().map(generated) where !line.contains(where: isChinese) {
                #expect(!line.contains(where: Self.fullWidthPunctuation.contains), "\(name): \(line)")
            }
            model.apply(.popDiscarding)
        }
        // The feedback register marks an overdue entry with "! " in English.
        model.apply(.push(FeedbackListScreen(model.context)))
        #expect(model.render().lines().contains { $0.hasPrefix(" !  20") }, "\(model.screenText)")
    }
}
