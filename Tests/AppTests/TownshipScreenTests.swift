import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// A township (示范镇) in a file with three fixture villages: 星光村 and 红旗村 have each sent
/// one package through a folder, 柳溪村 is registered but has sent nothing. The packages' dates
/// are set so the table does not depend on the clock: 星光村 sent in November, 红旗村 in October
/// (late on the test's day).
struct TownshipFixture {
    let directory: String
    let township: AppDatabase
    let villages: [AppDatabase]
    let stick: String

    init() throws {
        directory = NSTemporaryDirectory() + "chengxin-township-\(UUID().uuidString)"
        stick = directory + "/stick"
        try FileManager.default.createDirectory(atPath: stick, withIntermediateDirectories: true)
        township = try AppDatabase.open(path: directory + "/T.sqlite", passwordCost: testPasswordCost)
        _ = try township.createFirstAdministrator(username: "admin", displayName: "管理员", password: "admin2026")
        let townKey = try township.initOffice(kind: .township, code: "990101100000", name: "示范镇")
        try township.addUser(username: "town", displayName: "乡镇查看", role: .townshipViewer, password: "demo2026")
        var villages: [AppDatabase] = []
        for (code, name) in [("990101100201", "星光村"), ("990101100202", "红旗村"), ("990101100203", "柳溪村")] {
            let v = try makeFixtureDatabase(path: directory + "/\(code).sqlite", name: name, code: code)
            _ = try v.createFirstAdministrator(username: "admin", displayName: "管理员", password: "admin2026")
            let key = try v.makeOfficeKeys(kind: .village, code: code, name: name)
            try v.trustUpstream(townKey)
            try township.addMember(key)
            if code != "990101100203" { _ = try v.writeVillagePackage(into: stick, today: testToday) }
            villages.append(v)
        }
        self.villages = villages
        try importAll()
        try township.dbWriter.write { db in
            try db.execute(sql: "UPDATE member_office SET last_package_at = '2026-11-20T09:00:00Z' WHERE code = '990101100201'")
            try db.execute(sql: "UPDATE member_office SET last_package_at = '2026-10-28T09:00:00Z' WHERE code = '990101100202'")
        }
        township.signOut()
    }

    /// Takes in every package on the stick, then empties it.
    func importAll() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: stick).sorted() {
            let path = stick + "/" + name
            _ = try township.importUpPackage(try Data(contentsOf: URL(fileURLWithPath: path)), fileName: name, today: testToday)
            try FileManager.default.removeItem(atPath: path)
        }
    }
}

/// The township app on real screens at 80×24: the table over its villages, the drill-down into a
/// village's copy, read only and masked, and the exchange's keys in the app.
@Suite(.serialized) struct TownshipScreenTests {
    @Test func theTableOverTheVillagesInChineseAndEnglish() throws {
        let fixture = try TownshipFixture()
        let app = try makeModel(fixture.township)
        let screen = try #require(app.top as? TownshipTableScreen)
        #expect(screen.items.map(\.record.name) == ["星光村", "红旗村", "柳溪村"])
        #expect(screen.items.map(\.note) == [false, true, true])
        expectSnapshot(app.render(), "township_table")
        // The late villages' lines are drawn in the error colour; the selected one keeps its highlight.
        let grid = app.render()
        let late = try #require(grid.lines().firstIndex { $0.contains("柳溪村") })
        #expect(grid.lines()[late].hasPrefix(" 迟"))
        #expect(grid[6, late].style.role == .error)
        let onTime = try #require(grid.lines().firstIndex { $0.contains("星光村") && $0.contains("11-20") })
        #expect(grid[20, onTime].style.role != .error)
        let en = try makeModel(fixture.township, language: .en)
        expectSnapshot(en.render(), "township_table_en")
        // F1 lists the keys; F10 (the village's menu) is not a township's.
        #expect(!app.screenText.contains("F10"))
    }

    @Test func enterOpensTheVillagesCopyReadOnlyAndMasked() throws {
        let fixture = try TownshipFixture()
        let app = try makeModel(fixture.township)
        app.press(.enter)
        let menu = try #require(app.top as? VillageCopyMenuScreen)
        #expect(menu.context.db.session?.role == .townshipViewer)
        expectSnapshot(app.render(), "township_copy_main_menu")
        // The households on the copy: the card opens read only, the ID number and phone masked.
        app.press(.char("3"))
        #expect(app.top is HouseholdListScreen)
        #expect(!app.screenText.contains("F3"))
        app.press(.enter)
        expectSnapshot(app.render(), "township_copy_household")
        #expect(!app.screenText.contains("F2保存") && !app.screenText.contains("F3"))
        #expect(!app.screenText.contains("13912345678"))
        // A write key pressed anyway is refused.
        app.press(.function(2))
        #expect(app.message?.kind == .error)
        // Esc back to the copy's main menu, then 0 back to the township's table, not out of the app.
        app.press(.escape, .escape)
        #expect(app.top is VillageCopyMenuScreen)
        app.press(.char("0"))
        #expect(app.top is TownshipTableScreen && !app.isQuitting)
        // Again, and Esc from the copy's menu also returns.
        app.press(.enter, .escape)
        #expect(app.top is TownshipTableScreen && app.stack.count == 1)
        // A village that has sent nothing cannot be opened.
        app.press(.end, .enter)
        #expect(app.top is TownshipTableScreen)
        #expect(app.message?.text == "还没有收到柳溪村的数据包")
    }

    @Test func theCopyInEnglish() throws {
        let fixture = try TownshipFixture()
        let app = try makeModel(fixture.township, language: .en)
        app.press(.enter)
        expectSnapshot(app.render(), "township_copy_main_menu_en")
        // F10 jumps within the copy and stays on it.
        app.press(.function(10), .char("3"))
        #expect(app.top is HouseholdListScreen && app.stack.count == 3)
        #expect(app.screenText.contains("星光村 (copy)"))
    }

    @Test func theViewerReadsButHasNoExchangeKeys() throws {
        let fixture = try TownshipFixture()
        try fixture.township.signIn(username: "town", password: "demo2026")
        let app = try makeModel(fixture.township)
        #expect(!app.screenText.contains("F5") && !app.screenText.contains("F7"))
        app.press(.function(5))
        #expect(app.message?.kind == .error && app.message?.text.hasPrefix("无权") == true)
        app.press(.enter)
        #expect(app.top is VillageCopyMenuScreen)
    }

    @Test func importingAFolderShowsEachPackagesOutcome() throws {
        let fixture = try TownshipFixture()
        // 星光村 adds a household and writes its next package; a stray file is on the stick too.
        let village = fixture.villages[0]
        let group = try #require(try village.villageGroups().first?.group)
        try village.createHousehold(
            Household(villageId: group.villageId, villageGroupId: group.id!, number: "0109", address: "星光村一社9号"),
            head: Person(householdId: 0, name: "赵新户", sex: .male, relation: .head))
        let written = try village.writeVillagePackage(into: fixture.stick, today: testToday)
        #expect(written.seq == 2)
        try Data("not a package".utf8).write(to: URL(fileURLWithPath: fixture.stick + "/990101100202-0002-20261125.cxp"))
        let app = try makeModel(fixture.township)
        app.press(.function(5))
        let form = try #require(app.top as? PackageFolderScreen)
        #expect(form.title == "导入数据包")
        app.type(fixture.stick)
        app.press(.function(2))
        let text = app.screenText
        let lines = app.render().lines()
        let first = try #require(lines.firstIndex { $0.contains("990101100201-0002-20261125.cxp") })
        #expect(lines[first + 1].contains("星光村（990101100201）第 2 号包已导入"), "\(text)")
        let stray = try #require(lines.firstIndex { $0.contains("990101100202-0002-20261125.cxp") })
        #expect(lines[stray + 1].contains("拒收："), "\(text)")
        // The table shows the new household; the folder is remembered.
        app.press(.escape)
        let table = try #require(app.top as? TownshipTableScreen)
        #expect(table.items.first?.record.figures?.households == 4)
        #expect(try fixture.township.setting("exchange.folder") == fixture.stick)
        // The same folder again: nothing changes, and it says so.
        app.press(.function(5))
        #expect((app.top as? PackageFolderScreen)?.text("folder") == fixture.stick)
        app.press(.function(2))
        #expect(app.screenText.contains("第 2 号包此前已导入，未做改动"), "\(app.screenText)")
        // A folder that is not there is refused under the field, nothing done.
        app.press(.escape, .function(5))
        app.type("/nonexistent")
        app.press(.function(2))
        #expect(app.top is PackageFolderScreen)
        #expect(app.screenText.contains("没有这个文件夹"))
        // The drill-down shows the new household.
        app.press(.escape, .home, .enter, .char("3"))
        #expect(app.screenText.contains("赵新户"))
        // F7 writes the acknowledgements.
        let down = fixture.directory + "/down"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        app.press(.escape, .escape, .function(7), .ctrl("u"))
        app.type(down)
        app.press(.function(2))
        #expect(app.screenText.contains("已写出："), "\(app.screenText)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: down).count == 2)
    }

    /// The naughty strings and Kuhn's UTF-8 cases as a folder: each refused under the field
    /// (no such folder), nothing remembered, the screen still 80 columns with no control character.
    @Test func aFolderThatIsNotThereIsRefusedWhateverIsTyped() throws {
        let fixture = try TownshipFixture()
        let app = try makeModel(fixture.township)
        for typed in Naughty.strings + Kuhn.cases.map(\.decoded) where !typed.trimmingCharacters(in: .whitespaces).isEmpty {
            app.press(.function(5), .ctrl("u"), .ctrl("k"))
            app.type("/nonexistent/" + typed)
            app.press(.function(2))
            #expect(app.top is PackageFolderScreen, "\(typed.debugDescription)")
            let lines = app.render().lines()
            #expect(lines.allSatisfy { TextWidth.of($0) <= 80 && !$0.unicodeScalars.contains { $0.value < 0x20 } },
                    "\(typed.debugDescription)")
            app.press(.escape)
        }
        #expect(try fixture.township.setting("exchange.folder") == nil)
    }

    @Test func aCountyOpensOnTheTableOfItsTownships() throws {
        let county = try AppDatabase.open(path: NSTemporaryDirectory() + "chengxin-county-\(UUID().uuidString).sqlite",
                                          passwordCost: testPasswordCost)
        _ = try county.createFirstAdministrator(username: "admin", displayName: "管理员", password: "admin2026")
        try county.initOffice(kind: .county, code: "990101000000", name: "示范县")
        let app = try makeModel(county)
        #expect(app.top is TownshipTableScreen)
        let text = app.screenText
        #expect(text.contains("示范县 │ 各乡镇一览") && text.contains("0 个乡镇") && text.contains("（无记录）"), "\(text)")
    }

    @Test func aVillageSendsItsPackageFromTheSystemMenu() throws {
        let fixture = try TownshipFixture()
        let village = fixture.villages[0]
        let app = try makeModel(village)
        app.press(.char("9"), .char("9"))
        #expect(app.top is ExchangeMenuScreen)
        expectSnapshot(app.render(), "exchange_menu")
        app.press(.char("3"))
        let keys = app.screenText
        #expect(keys.contains(try #require(try village.ownKey()).fingerprint))
        #expect(keys.contains("报送至 示范镇（990101100000）"))
        app.press(.escape, .char("1"))
        let out = fixture.directory + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        app.type(out)
        app.press(.function(2))
        #expect(app.message?.text.hasPrefix("第 2 号包已写出") == true, "\(app.message?.text ?? "")")
        // The township's acknowledgements: only the one addressed to this village is taken.
        let down = fixture.directory + "/down"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        try fixture.township.signIn(username: "admin", password: "admin2026")
        _ = try fixture.township.writeDownPackages(into: down, today: testToday)
        app.press(.char("2"))
        app.press(.ctrl("u"))
        app.type(down)
        app.press(.function(2))
        #expect(app.screenText.contains("已导入"), "\(app.screenText)")
        #expect(!app.screenText.contains("to990101100202"))
        // A clerk may; a township viewer of the village's own file may not.
        let en = try makeModel(village, language: .en)
        en.press(.char("9"), .char("9"))
        expectSnapshot(en.render(), "exchange_menu_en")
    }

    /// A village the township has not registered sends its first package: F5 shows its name,
    /// code and fingerprint and asks; Y registers it and imports, N leaves it unregistered.
    @Test(arguments: [Language.zh, .en])
    func aPackageFromAVillageNotRegisteredAsksToRegisterIt(_ language: Language) throws {
        let fixture = try TownshipFixture()
        let app = try makeModel(fixture.township, language: language)
        let village = try makeFixtureDatabase(path: fixture.directory + "/990101100204.sqlite", name: "青山村", code: "990101100204")
        _ = try village.createFirstAdministrator(username: "admin", displayName: "管理员", password: "admin2026")
        let key = try village.makeOfficeKeys(kind: .village, code: "990101100204", name: "青山村")
        try village.trustUpstream(try #require(try fixture.township.ownKey()))
        _ = try village.writeVillagePackage(into: fixture.stick, today: testToday)
        app.press(.function(5), .ctrl("u"))
        app.type(fixture.stick)
        app.press(.function(2))
        #expect(app.top is TextViewScreen)
        // The fingerprint differs in each run (the keys are new): the snapshot shows zeros in its place.
        expectSnapshot(Self.masking(app.render(), key.fingerprint), language == .en ? "township_register_question_en" : "township_register_question")
        // N leaves it as it was.
        app.press(.char("n"))
        #expect(app.screenText.contains(language == .en ? "青山村 (990101100204): not registered" : "青山村（990101100204）未登记，待核对指纹"),
                "\(app.screenText)")
        #expect(try !fixture.township.memberOffices().contains { $0.code == "990101100204" })
        // Again, and Y: registered and imported.
        app.press(.escape, .function(5), .function(2), .char("y"))
        let done = language == .en ? "registered; package 1 of 青山村 (990101100204) imported" : "已登记；青山村（990101100204）第 1 号包已导入"
        #expect(app.screenText.contains(done), "\(app.screenText)")
        #expect(try fixture.township.memberOffices().first { $0.code == "990101100204" }?.lastSeq == 1)
        app.press(.escape)
        #expect(app.screenText.contains(language == .en ? "4 villages" : "4 个村"), "\(app.screenText)")
    }

    /// A clerk at the township is not asked: registering is an administrator's, and the refusal says how.
    @Test func aClerkIsNotAskedToRegisterAVillage() throws {
        let fixture = try TownshipFixture()
        try fixture.township.signIn(username: "admin", password: "admin2026")
        try fixture.township.addUser(username: "clerk", displayName: "文书", role: .clerk, password: "clerk2026")
        let townKey = try #require(try fixture.township.ownKey())
        try fixture.township.signIn(username: "clerk", password: "clerk2026")
        let village = try makeFixtureDatabase(path: fixture.directory + "/990101100204.sqlite", name: "青山村", code: "990101100204")
        _ = try village.createFirstAdministrator(username: "admin", displayName: "管理员", password: "admin2026")
        try village.makeOfficeKeys(kind: .village, code: "990101100204", name: "青山村")
        try village.trustUpstream(townKey)
        _ = try village.writeVillagePackage(into: fixture.stick, today: testToday)
        let app = try makeModel(fixture.township)
        app.press(.function(5), .ctrl("u"))
        app.type(fixture.stick)
        app.press(.function(2))
        #expect(app.top is TextViewScreen)
        #expect(app.screenText.contains("拒收：青山村（990101100204）未在本单位登记") && !app.screenText.contains("请确认"),
                "\(app.screenText)")
    }

    /// 数据包报送 → 4 writes the packages not acknowledged again as one, which the township takes
    /// although the one before it was lost; the keys' page names those not yet acknowledged.
    @Test func aVillageWritesLostPackagesAgainFromTheSystemMenu() throws {
        let fixture = try TownshipFixture()
        let village = fixture.villages[0]
        let lost = fixture.directory + "/lost"
        try FileManager.default.createDirectory(atPath: lost, withIntermediateDirectories: true)
        _ = try village.writeVillagePackage(into: lost, today: testToday)
        let app = try makeModel(village)
        app.press(.char("9"), .char("9"), .char("3"))
        #expect(app.screenText.contains("尚未确认：第 1–2 号包（乡镇若说缺包，用 4 重写）"), "\(app.screenText)")
        app.press(.escape, .char("4"))
        #expect((app.top as? PackageFolderScreen)?.title == "重写丢失的包")
        app.press(.ctrl("u"))
        app.type(fixture.stick)
        app.press(.function(2))
        let path = fixture.stick + "/990101100201-0003-20261125.cxp"
        #expect(app.message?.text.hasPrefix("第 3 号包已写出：\(path)（代替第 1–2 号包；全部记录，") == true, "\(app.message?.text ?? "")")
        try fixture.township.signIn(username: "admin", password: "admin2026")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try fixture.township.importUpPackage(data, fileName: "3.cxp", today: testToday)
        guard case .imported(_, _, let seq, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(seq == 3)
    }

    /// The grid with `text` written over by zeros of the same shape.
    static func masking(_ grid: Grid, _ text: String) -> Grid {
        var grid = grid
        let mask = String(text.map { $0 == " " ? " " : "0" })
        for (y, line) in grid.lines().enumerated() {
            if let r = line.range(of: text) { _ = grid.put(mask, x: TextWidth.of(String(line[..<r.lowerBound])), y: y) }
        }
        return grid
    }
}

/// The township's evaluation of a village (乡镇评估) in the app: F4 on the table opens the
/// village's evaluations, recorded against the households of its copy, and F7 sends them down.
@Suite(.serialized) struct TownshipEvaluationScreenTests {
    @Test func aTownshipEvaluatesAVillageOnTheHouseholdsOfItsCopy() throws {
        let fixture = try TownshipFixture()
        let app = try makeModel(fixture.township)
        app.press(.function(4))
        let list = try #require(app.top as? SurveyRoundListScreen)
        #expect(list.title == "乡镇评估 · 星光村")
        #expect(app.screenText.contains("还没有乡镇评估"))
        // A township's evaluation is fixed once recorded: no edit key, no sample, no discussions.
        #expect(!app.screenText.contains("F4修改"))
        app.press(.function(3))
        #expect(app.top is SurveyRoundFormScreen)
        app.type("2026年度乡镇评估")
        app.press(.function(2))
        #expect(app.top is SurveyRoundListScreen, "\(app.screenText)")
        expectSnapshot(app.render(), "township_evaluations")
        // Answers household by household, on the copy's households.
        app.press(.enter)
        let answers = try #require(app.top as? SurveyAnswerScreen)
        #expect(answers.households.count == 3)
        app.press(.char("1"), .char("a"), .enter, .char("2"), .char("c"), .enter)
        expectSnapshot(app.render(), "township_evaluation_answers")
        let book = TownshipSurveyBook(township: fixture.township, villageCode: "990101100201", villageName: "星光村")
        let round = try #require(try book.surveyRounds().first)
        #expect(try book.surveyResult(roundId: round.id!).asked == 2)
        // The results screen offers the questionnaire, not the village's sample or discussions.
        app.press(.escape, .function(5))
        #expect(app.top is SurveyResultsScreen)
        #expect(!app.screenText.contains("F7抽样") && !app.screenText.contains("F5座谈"))
        // F7 on the table writes the acknowledgements; the village takes the evaluation in.
        app.press(.escape, .escape)
        #expect(app.top is TownshipTableScreen)
        let down = fixture.directory + "/down"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        app.press(.function(7), .ctrl("u"))
        app.type(down)
        app.press(.function(2))
        #expect(app.screenText.contains("已写出："), "\(app.screenText)")
        let village = fixture.villages[0]
        for name in try FileManager.default.contentsOfDirectory(atPath: down) where name.contains("to990101100201-") {
            _ = try village.importDownPackage(try Data(contentsOf: URL(fileURLWithPath: down + "/" + name)))
        }
        let held = try #require(try village.surveyRounds().first)
        #expect(held.name == "2026年度乡镇评估" && held.conductor == .township)
        #expect(try village.surveyResult(roundId: held.id!).asked == 2)
        // At the village the evaluation reads as sent: Enter opens its results, F4 is refused.
        let villageApp = try makeModel(village)
        let rounds = SurveyRoundListScreen(villageApp.context)
        villageApp.apply(.push(rounds))
        #expect(rounds.items.count == 1 && rounds.received(rounds.items[0]))
        #expect(villageApp.screenText.contains("这是乡镇下发的乡镇评估，村里只能查看"), "\(villageApp.screenText)")
        villageApp.press(.function(4))
        #expect(villageApp.message?.text == "这是乡镇下发的乡镇评估，村里只能查看")
        villageApp.press(.enter)
        #expect(villageApp.top is SurveyResultsScreen)

        // Once the village's package shows it holds the answers, the township cannot change one:
        // the save is refused with the reason and the typed answer dropped, so the clerk moves on.
        _ = try village.writeVillagePackage(into: fixture.stick, today: testToday)
        try fixture.importAll()
        let again = try makeModel(fixture.township)
        again.press(.function(4), .enter)
        let screen = try #require(again.top as? SurveyAnswerScreen)
        again.press(.char("2"), .char("c"), .enter)
        #expect(again.message?.text == "村里已收到这一户本轮的回答，不能再在乡镇修改或删除")
        #expect(screen.draft == nil && screen.answers[screen.households[0].id]?.aware == true)
        again.press(.down)
        #expect(screen.table.selectedId == screen.households[1].id)
    }

    @Test func theEvaluationsInEnglish() throws {
        let fixture = try TownshipFixture()
        let book = TownshipSurveyBook(township: fixture.township, villageCode: "990101100201", villageName: "星光村")
        try fixture.township.signIn(username: "admin", password: "admin2026")
        let round = try book.createSurveyRound(SurveyRound(name: "2026 evaluation", heldOn: testToday, conductor: .township), on: testToday)
        let h = try book.surveyHouseholds(roundId: round.id!)[0]
        try book.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h.id, aware: true, satisfaction: .basicallySatisfied))
        let app = try makeModel(fixture.township, language: .en)
        app.press(.function(4), .enter)
        expectSnapshot(app.render(), "township_evaluation_answers_en")
    }

    /// 乡镇查看 reads the evaluations and records none.
    @Test func theViewerReadsTheEvaluationsAndRecordsNone() throws {
        let fixture = try TownshipFixture()
        try fixture.township.signIn(username: "town", password: "demo2026")
        let app = try makeModel(fixture.township)
        app.press(.function(4))
        #expect(app.top is SurveyRoundListScreen)
        #expect(!app.screenText.contains("F3"))
        app.press(.function(3))
        #expect(app.message?.kind == .error && app.message?.text.hasPrefix("无权") == true)
        // A village that has sent nothing has no copy to evaluate on.
        app.press(.escape, .end, .function(4))
        #expect(app.top is TownshipTableScreen && app.message?.text == "还没有收到柳溪村的数据包")
    }
}
