import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// English on the main screen, its lists and the ledger: whole words, plurals that agree,
/// ASCII punctuation. Chinese keeps its full-width punctuation.
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

    @Test func theLedgerShowsDeliveredWholeInEnglish() throws {
        let model = try Self.demoModel(.en)
        model.apply(.push(LedgerListScreen(model.context)))
        let text = model.screenText
        #expect(model.render().lines().contains { $0.hasSuffix(" Delivered") }, "\(text)")
        #expect(!text.contains("Deliver…") && !text.contains("! Overd…") && !text.contains("Parti…"))
    }

    @Test func everyStateWordFitsItsColumnInBothLanguages() throws {
        let catalog = try loadRepoCatalog()
        func labels<E: CaseIterable>(_ e: E.Type, _ label: (E) -> Localized) -> [Localized] { E.allCases.map(label) }
        let alarm = S.alarm
        func alarmed(_ l: [Localized]) -> [Localized] { l.map { Localized(alarm.zh + $0.zh, alarm.en + $0.en) } }
        let ledger = [Localized("已兑现", "Delivered"), Localized("！逾期", "! Overdue"), Localized("部分兑现", "Partial"),
                      Localized("待兑现", "Due")]
        let words: [(String, String, [Localized])] = [
            ("ledger_list", "state", ledger), ("overdue_list", "state", ledger), ("household_ledger", "state", ledger),
            ("agreement", "kind", labels(SignatureKind.self, \.label)),
            ("group_members", "signatureKind", labels(SignatureKind.self, \.label)),
            ("honesty_group_list", "agreementState", alarmed(labels(AgreementState.self, \.label))),
            ("member_table", "relation", labels(Relation.self, \.label)), ("member_table", "sex", labels(Sex.self, \.label)),
            ("member_table", "maritalStatus", labels(MaritalStatus.self, \.label)),
            ("person_search", "relation", labels(Relation.self, \.label)), ("person_search", "sex", labels(Sex.self, \.label)),
            ("pledge_list", "standing", labels(PledgeStanding.self, \.label) + alarmed([PledgeStanding.broken.label])),
            ("round_households", "standing", labels(PledgeStanding.self, \.label).filter { $0 != PledgeStanding.signedUnchecked.label }
                + alarmed([PledgeStanding.broken.label]) + [Localized("未查", "Not checked")]),
            ("check_entry", "result", labels(CheckResult.self, \.label) + alarmed([CheckResult.broken.label])),
            ("pledge_item_list", "state", [Localized("已停用", "Retired"), Localized("在用", "In use")]),
            ("pledge_item_list", "used", [Localized("已签用", "Signed")]),
            ("policy_list", "level", labels(PolicyLevel.self, \.label)),
            ("policy_list", "recurrence", labels(Recurrence.self, \.label)),
            ("policy_list", "state", [Localized("已停用", "Retired"), Localized("在用", "In use")]),
            ("rule_document_list", "kind", labels(RuleDocumentKind.self, \.label)),
            ("rule_document_list", "state", [Localized("现行", "In force"), Localized("已取代", "Superseded")]),
            ("survey_answers", "satisfaction", labels(Satisfaction.self, \.label)),
            ("survey_answers", "aware", [Localized("知晓", "Aware"), Localized("不知晓", "Not aware")]),
            ("survey_round_list", "conductor", labels(SurveyConductor.self, \.label)),
            ("survey_round_list", "result", [Localized("达标", "Met"), Localized("未达标", "Not met")]),
            ("user_list", "role", labels(Role.self, \.label)),
            ("user_list", "disabled", [Localized("已停用", "Disabled"), Localized("已锁定", "Locked"), Localized("正常", "Active")]),
            ("feedback_list", "source", labels(FeedbackSource.self, \.label)),
            ("feedback_list", "status", labels(FeedbackStatus.self, \.label)),
            ("audit_list", "action", Array(AuditText.actionNames.values)),
            ("calendar", "status", labels(DeadlineStatus.self, \.label) + alarmed([DeadlineStatus.overdue.label])),
            ("calendar_entry_list", "evidence", labels(CalendarEvidence.self, \.label)),
            ("calendar_entry_list", "state", [Localized("已停用", "Retired"), Localized("在用", "In use")]),
            ("township_table", "mark", [TownshipTableScreen.lateMark, S.alarm]),
        ]
        for (screen, key, labels) in words {
            let column = try #require(catalog[screen].columns?.first { $0.key == key }, "\(screen).\(key)")
            for label in labels {
                for language in Language.allCases {
                    let word = label.text(language)
                    #expect(TextWidth.of(word) <= column.width, "\(screen).\(key) (\(column.width)) cuts \(word)")
                }
            }
        }
    }

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
