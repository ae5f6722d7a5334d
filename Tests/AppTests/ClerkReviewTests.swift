import Domain
import Foundation
@testable import Store
import Testing
import UICore
@testable import App

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The key a hint names ("F3", "Enter", "u").
private func key(named name: String) -> Key {
    if name == "Enter" { return .enter }
    if name == "Space" { return .char(" ") }
    if name.hasPrefix("F"), let n = Int(name.dropFirst()) { return .function(n) }
    return .char(name.first!)
}

/// Fixes from a clerk's review: write keys for read-only roles, the feedback register's
/// derived statuses, the dashboard's keys, deleting a survey answer, the survey list's
/// columns and the audit log in words.
@Suite struct ClerkReviewTests {
    /// The fixture village with the assessment records, the pledge round and the users of ScreenRoleTests.
    static func database() throws -> (AppDatabase, HonestyGroup) {
        let db = try makeAssessmentDatabase()
        try db.installDefaultCatalogues(dataDirectory: repoRoot.appendingPathComponent("Data"))
        let v = try db.village()!
        let g = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                                     name: "一社互助组", formedOn: d("2026-01-10")))
        let h = try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        try db.addMember(groupId: g.id!, householdId: h.id, joinedOn: d("2026-01-10"))
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        try db.addUser(username: "zu", displayName: "", role: .groupLeader, groupId: g.id!, password: "lead2026")
        db.signOut()
        return (db, g)
    }

    /// The records the screens below show, read by the administrator.
    struct Records {
        var village: Village, round: SurveyRound, household: Household, person: Person, pledgeRow: PledgeRow
        init(_ db: AppDatabase) throws {
            pledgeRow = try db.pledgeRows()[0]
            village = try db.village()!
            round = try db.surveyRounds()[0]
            let row = try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true,
                                           offset: 0, limit: 1)[0]
            household = try db.household(id: row.id)!
            person = try db.members(householdId: row.id)[0]
        }
    }

    /// Every list and form screen that has keys changing records.
    static func writeScreens(_ c: AppContext, group: HonestyGroup, _ r: Records) -> [(String, any Screen)] {
        [
            ("village groups", VillageGroupListScreen(c, village: r.village)),
            ("households", HouseholdListScreen(c, village: r.village)),
            ("household card", HouseholdFormScreen(c, village: r.village, household: r.household)),
            ("person", PersonFormScreen(c, person: r.person)),
            ("groups", HonestyGroupListScreen(c, village: r.village)),
            ("group", GroupDetailScreen(c, group: group)),
            ("agreement", AgreementScreen(c, group: group)),
            ("elections", ElectionListScreen(c, group: group)),
            ("pledge items", PledgeItemListScreen(c)),
            ("pledge", PledgeFormScreen(c, row: r.pledgeRow)),
            ("check rounds", CheckRoundListScreen(c)),
            ("policies", PolicyListScreen(c)),
            ("ledger", LedgerListScreen(c)),
            ("survey rounds", SurveyRoundListScreen(c)),
            ("survey answers", SurveyAnswerScreen(c, round: r.round)),
            ("star reviews", StarReviewListScreen(c)),
            ("rule documents", RuleDocumentListScreen(c)),
            ("feedback", FeedbackListScreen(c)),
            ("feedback form", FeedbackFormScreen(c, entry: nil)),
            ("users", UserListScreen(c)),
        ]
    }

    @Test(arguments: ["town", "zu"])
    func readOnlyRolesSeeNoWriteKeysAndAreToldAtOnce(user: String) throws {
        let (db, group) = try Self.database()
        // What the administrator sees on the same screens: the write keys are there.
        try db.signIn(username: "admin", password: "admin2026")
        let admin = try makeModel(db)
        let records = try Records(db)
        let before = try db.counts()
        var adminBars: [String: String] = [:]
        for (name, screen) in Self.writeScreens(admin.context, group: group, records) {
            admin.apply(.push(screen))
            adminBars[name] = admin.render().lines().last ?? ""
            admin.apply(.popDiscarding)
        }
        db.signOut()
        try db.signIn(username: user, password: user == "town" ? "town2026" : "lead2026")
        let model = try makeModel(db)
        var checked = 0
        for (name, screen) in Self.writeScreens(model.context, group: group, records) {
            model.apply(.push(screen))
            let depth = model.stack.count
            let bar = model.render().lines().last ?? ""
            let writes = screen.hints.filter { hintIsWrite($0, screen.writeKeys) }
            #expect(!writes.isEmpty || name == "survey answers" || name == "feedback form" || name == "person",
                    "\(name) declares its write keys")
            for h in writes {
                let shown = h.key + h.label
                #expect(!bar.contains(shown), "\(user) \(name): \(shown) is not offered: \(bar)")
                #expect(adminBars[name]?.contains(shown) == true || (adminBars[name] ?? "").count >= 79,
                        "\(name): the administrator sees \(shown): \(adminBars[name] ?? "")")
            }
            for k in screen.writeKeys where !(k == "F2" && screen is FormScreen && name == "person") {
                model.press(key(named: k))
                #expect(model.stack.count == depth, "\(user) \(name) \(k): nothing opens")
                let text = model.message?.text ?? ""
                #expect(text.hasPrefix("无权") && model.message?.kind == .error, "\(user) \(name) \(k): \(text)")
                checked += 1
            }
            model.apply(.popDiscarding)
        }
        #expect(checked > 30)
        db.signOut()
        try db.signIn(username: "admin", password: "admin2026")
        let after = try db.counts()
        #expect(after.households == before.households && after.persons == before.persons)
    }

    @Test func aViewersFormIsReadOnlyAndTheMessageIsInEnglishToo() throws {
        let (db, _) = try Self.database()
        try db.signIn(username: "town", password: "town2026")
        let model = try makeModel(db, language: .en)
        let entry = try db.feedbackEntries(filter: .open)[0]
        let form = FeedbackFormScreen(model.context, entry: entry)
        model.apply(.push(form))
        #expect(model.screenText.contains("(read only)"))
        form.form.focus(key: "content")
        model.type("typed")
        #expect(!form.form.value("content").contains("typed"), "nothing can be typed")
        model.press(.function(2))
        #expect(model.message?.text.hasPrefix("Not allowed") == true)
        #expect(model.message?.text.contains("Township viewer") == true)
        // The list's Enter still opens the entry to read, and says so.
        model.apply(.popDiscarding)
        model.apply(.push(FeedbackListScreen(model.context)))
        #expect(model.render().lines().last?.contains("Enter View") == true)
        model.press(.enter)
        #expect(model.top is FeedbackFormScreen)
    }

    @Test func aViewersFeedbackListOffersOnlyWhatTheyMayDo() throws {
        let (db, _) = try Self.database()
        try db.signIn(username: "town", password: "town2026")
        let model = try makeModel(db)
        model.press(.char("7"), .char("4"))
        #expect(model.top is FeedbackListScreen)
        expectSnapshot(model.render(), "feedback_list_viewer")
        model.press(.function(7))
        #expect(model.top is FeedbackListScreen)
        expectSnapshot(model.render(), "feedback_list_viewer_f7")
    }

    @Test func aFilterStillTakesEnterForAViewer() throws {
        let (db, _) = try Self.database()
        try db.signIn(username: "town", password: "town2026")
        let model = try makeModel(db)
        model.apply(.push(SurveyRoundListScreen(model.context)))
        model.press(.char("/"))
        model.type("2026")
        model.press(.enter)
        #expect(model.message == nil, "Enter ends the filter: \(model.message?.text ?? "")")
    }

    // MARK: feedback

    @Test func closedLateAndVoidedAreDerivedAndShown() throws {
        var e = FeedbackEntry(receivedOn: d("2026-11-01"), source: .visit, raisedBy: "甲", content: "事", handler: "专干",
                              deadline: d("2026-11-10"), status: .closed, outcome: "办了", closedOn: d("2026-11-10"))
        #expect(!e.closedLate && e.shownStatus.zh == "已办结", "closed on the deadline day is in time")
        e.closedOn = d("2026-11-11")
        #expect(e.closedLate && e.shownStatus.zh == "超期办结")
        e.voidedOn = d("2026-11-12")
        #expect(!e.closedLate && e.shownStatus.zh == "已作废")

        let db = try makeAssessmentDatabase()
        let late = try db.saveFeedback(FeedbackEntry(receivedOn: d("2026-10-01"), source: .visit, raisedBy: "孙丽",
                                                     content: "低保公示", handler: "专干", deadline: d("2026-10-10")), on: testToday)
        try db.closeFeedback(id: late.id!, outcome: "已公示", on: d("2026-10-20"), today: testToday)
        let wrong = try db.saveFeedback(FeedbackEntry(receivedOn: d("2026-11-20"), source: .hotline, raisedBy: "周平",
                                                      content: "重复的来电", handler: "专干", deadline: d("2026-12-20")), on: testToday)
        try db.voidFeedback(id: wrong.id!, reason: "与11月18日来电重复", on: testToday)
        let app = try makeModel(db)
        app.press(.char("7"), .char("4"), .function(5), .function(5))
        let text = app.screenText
        let lateLine = try #require(text.split(separator: "\n").first { $0.contains("孙丽") })
        #expect(lateLine.contains("超期办结") && lateLine.contains("迟"))
        let timely = try #require(text.split(separator: "\n").first { $0.contains("陈志强") })
        #expect(timely.contains("已办结") && !timely.contains("超期"))
        expectSnapshot(app.render(), "feedback_list_all_closed_late")
        // The voided entry's detail says so, with the reason; not 待办.
        let list = try #require(app.top as? FeedbackListScreen)
        let voided = try #require(list.items.first { $0.id == wrong.id })
        let detail = list.detail(voided)
        #expect(detail.contains("状态：已作废") && detail.contains("与11月18日来电重复") && !detail.contains("待办"))
        let lateDetail = list.detail(try #require(list.items.first { $0.id == late.id }))
        #expect(lateDetail.contains("超期办结") && lateDetail.contains("超过时限 10 天"))
    }

    /// In English the mark of an entry closed late is L beside its status Late, with no Chinese left.
    @Test func closedLateIsMarkedInEnglish() throws {
        let db = try makeAssessmentDatabase()
        let late = try db.saveFeedback(FeedbackEntry(receivedOn: d("2026-10-01"), source: .visit, raisedBy: "孙丽",
                                                     content: "低保公示", handler: "专干", deadline: d("2026-10-10")), on: testToday)
        try db.closeFeedback(id: late.id!, outcome: "已公示", on: d("2026-10-20"), today: testToday)
        let app = try makeModel(db, language: .en)
        app.press(.char("7"), .char("4"), .function(5), .function(5))
        let list = try #require(app.top as? FeedbackListScreen)
        let entry = try #require(list.items.first { $0.id == late.id })
        let cells = list.row(entry, columns: list.table.columns).cells
        #expect(cells.first == "L" && cells.last == "Late", "\(cells)")
        let line = try #require(app.screenText.split(separator: "\n").first { $0.contains("孙丽") })
        #expect(!line.contains("迟"), "\(line)")
    }

    // MARK: dashboard

    @Test func eachDashboardKeyOpensTheListBehindItsFigure() throws {
        let db = try makePledgeFixture()
        let v = try db.village()!
        try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                             name: "一社互助组", formedOn: d("2026-01-10")))
        let later = try db.createCheckRound(name: "2026年第五次", heldOn: d("2026-11-24"))
        let app = try makeModel(db)
        app.press(.char("a"))
        let a = try #require(app.top as? HonestyGroupListScreen)
        #expect(!a.agreementView)
        app.apply(.popDiscarding)
        app.press(.char("b"))
        let b = try #require(app.top as? HonestyGroupListScreen)
        #expect(b.agreementView && app.screenText.contains("协议概况") && app.screenText.contains("！无"))
        app.apply(.popDiscarding)
        app.press(.char("c"))
        let c = try #require(app.top as? RateScreen)
        #expect(c.round.id == later.id, "the latest round, as the dashboard counts it")
    }

    @Test func theKeptRateKeyWithoutARoundSaysSo() throws {
        let app = try makeModel()
        app.press(.char("c"))
        #expect(app.top is MainMenuScreen)
        #expect(app.message?.text.contains("还没有检查轮次") == true)
    }

    // MARK: survey answers

    @Test func aWronglyEnteredAnswerIsDeletedAfterAskingAndCanBeUndone() throws {
        let app = try makeModel(try makeAssessmentDatabase())
        let round = try #require(try app.context.db.surveyRounds().first)
        app.press(.char("7"), .char("1"), .enter)
        #expect(app.screenText.contains("F8删除"))
        app.press(.function(8))
        #expect(app.screenText.contains("删除 0101 张三"))
        app.press(.char("n"))
        #expect(try app.context.db.surveyResult(roundId: round.id!).asked == 2, "declining keeps it")
        app.press(.function(8), .char("y"))
        #expect(try app.context.db.surveyResult(roundId: round.id!).asked == 1)
        #expect(app.message?.text.contains("按 u 撤销") == true)
        expectSnapshot(app.render(), "survey_answers_deleted")
        let deletes = try app.context.db.auditEntries(table: "survey_answer", limit: 10).filter { $0.action == "delete" }
        #expect(deletes.count == 1 && deletes[0].username == "admin")
        app.press(.char("u"))
        let back = try app.context.db.surveyAnswers(roundId: round.id!)
        #expect(back.count == 2 && back.values.contains { $0.aware && $0.satisfaction == .satisfied })
        // A household without an answer has nothing to delete.
        app.press(.end, .function(8))
        #expect(app.message?.kind == .error && app.message?.text.contains("无可删除") == true)
    }

    @Test func undoNeverOverwritesAnAnswerEnteredAfterTheDelete() throws {
        let app = try makeModel(try makeAssessmentDatabase())
        let round = try #require(try app.context.db.surveyRounds().first)
        app.press(.char("7"), .char("1"), .enter)
        app.press(.function(8), .char("y"))
        let household = try #require(app.context.db.surveyHouseholds().first?.id)
        #expect(try app.context.db.surveyAnswers(roundId: round.id!)[household] == nil)
        // Entered again by hand, then u out of habit.
        app.press(.char("2"), .char("c"), .enter)
        let reentered = try #require(try app.context.db.surveyAnswers(roundId: round.id!)[household])
        #expect(reentered.aware == false)
        app.press(.home, .char("u"))
        #expect(try app.context.db.surveyAnswers(roundId: round.id!)[household] == reentered)
        #expect(app.message?.text.contains("已撤销删除") != true)
    }

    @Test func theStoreRefusesToDeleteAMissingAnswerOrForAViewer() throws {
        let (db, _) = try Self.database()
        try db.signIn(username: "admin", password: "admin2026")
        let round = try db.surveyRounds()[0]
        let households = try db.surveyHouseholds()
        // The third household has no answer in the fixture round.
        #expect(throws: StoreError.self) { try db.deleteSurveyAnswer(roundId: round.id!, householdId: households[2].id) }
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        do {
            try db.deleteSurveyAnswer(roundId: round.id!, householdId: households[0].id)
            Issue.record("a viewer's delete went through")
        } catch StoreError.refused(let why) {
            #expect(why.zh.contains("无权"))
        }
        db.signOut()
        try db.signIn(username: "admin", password: "admin2026")
        #expect(try db.surveyAnswers(roundId: round.id!).count == 2)
    }

    // MARK: survey round list

    @Test func percentsLineUpWithAndWithoutTheMissedMark() throws {
        #expect(TextWidth.marked("86.7%", "✗") == "86.7%✗")
        #expect(TextWidth.marked("93.3%", nil) == "93.3% ")
        #expect(TextWidth.marked("50.0%", "！", slot: 2) == "50.0%！")
        #expect(TextWidth.of(TextWidth.marked("50.0%", nil, slot: 2)) == 7)
        let db = try makeAssessmentDatabase()
        let round2 = try db.createSurveyRound(SurveyRound(name: "上半年自评", heldOn: d("2026-06-20"), conductor: .selfAssessment),
                                              on: testToday)
        for h in try db.surveyHouseholds() {
            try db.recordSurveyAnswer(SurveyAnswer(roundId: round2.id!, householdId: h.id, aware: true, satisfaction: .satisfied))
        }
        let app = try makeModel(db)
        app.press(.char("7"), .char("1"))
        let lines = app.render().lines()
        let met = try #require(lines.first { $0.contains("上半年自评") })
        let missed = try #require(lines.first { $0.contains("2026年度乡镇评估") })
        #expect(missed.contains("✗") && !met.contains("✗"))
        // The % signs of both rows stand in the same column.
        func percentColumns(_ line: String) -> [Int] {
            var col = 0, out: [Int] = []
            for ch in line {
                if ch == "%" { out.append(col) }
                col += TextWidth.of(ch)
            }
            return out
        }
        #expect(percentColumns(met).count == 2 && percentColumns(met) == percentColumns(missed))
        expectSnapshot(app.render(), "survey_round_list_mixed_marks")
    }

    // MARK: audit log

    @Test func theAuditLogReadsInWords() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        var h = try db.household(id: try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true,
                                                         offset: 0, limit: 1)[0].id)!
        h.address = "星光村一社9号"
        h.phone = "13800001111"
        try db.updateHousehold(h)
        let text = AuditText(catalog: app.context.catalog, language: .zh)
        let update = try #require(try db.auditEntries(table: "household", limit: 5).first { $0.action == "update" })
        let summary = text.summary(update)
        #expect(summary.contains("住址：星光村一社1号→星光村一社9号") || summary.contains("地址：星光村一社1号→星光村一社9号"), "\(summary)")
        #expect(summary.contains("139****5678→138****1111"), "masked numbers stay masked: \(summary)")
        #expect(!summary.contains("{") && !summary.contains("address"))
        #expect(text.record(update).hasPrefix("户 #"))
        let en = AuditText(catalog: app.context.catalog, language: .en)
        #expect(en.record(update).hasPrefix("household #"))
        // An insert lists what was added, by label.
        let insert = try #require(try db.auditEntries(table: "person", limit: 50).first { $0.action == "insert" })
        #expect(text.summary(insert).contains("姓名：") && !text.summary(insert).contains("\""))
        // Codes in words: 性别 男, not "male"; a flag reads 是/否.
        let headInsert = try #require(try db.auditEntries(table: "person", limit: 50).first { $0.action == "insert" && $0.after?.contains("张三") == true })
        #expect(text.summary(headInsert).contains("：男") && !text.summary(headInsert).contains("male"), "\(text.summary(headInsert))")
        #expect(text.summary(headInsert).contains("：否"), "is_association_member 0 reads 否: \(text.summary(headInsert))")
        // Every audited table of the schema has a name.
        let tables = try Set(db.auditEntries(limit: 100_000).map(\.table)).union(AuditText.tableNames.keys)
        for t in tables where !t.isEmpty { #expect(AuditText.tableNames[t] != nil, "\(t) has a name") }
        // The screen: the record column and the detail.
        let screen = AuditListScreen(app.context)
        app.apply(.push(screen))
        #expect(app.screenText.contains("户 #") && !app.screenText.contains("household #"))
        let id = try #require(screen.items.firstIndex { $0.entry.id == update.id })
        for _ in 0..<id { app.press(.down) }
        app.press(.enter)
        #expect(app.screenText.contains("改动（字段：改前→改后）") && app.screenText.contains("→星光村一社9号"))
        // The time and entry number vary from run to run, so no snapshot: the lines themselves.
        #expect(app.screenText.contains("操作：修改　记录：户 #") && app.screenText.contains("联系电话：139****5678→138****1111"))
        #expect(!app.screenText.contains("{") && !app.screenText.contains("\"address\""))
    }

    @Test func referencesReadAsTheRowsTheyPointAt() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        let text = AuditText(catalog: app.context.catalog, language: .zh, names: AuditText.names(db))
        // A person's insert names their household by number and head, the 社 by its name.
        let head = try #require(try db.auditEntries(table: "person", limit: 200).first {
            $0.action == "insert" && $0.after?.contains("张三") == true })
        let summary = text.summary(head)
        #expect(summary.contains("0101 张三"), "\(summary)")
        #expect(!summary.contains("：1；") && !summary.hasSuffix("：1"), "\(summary)")
        let household = try #require(try db.auditEntries(table: "household", limit: 200).first { $0.action == "insert" })
        #expect(text.summary(household).contains("村：星光村") && text.summary(household).contains("社：二社"), "\(text.summary(household))")
        // Without names (or for a value that is not a reference) the number stays.
        let plain = AuditText(catalog: app.context.catalog, language: .zh)
        #expect(!plain.summary(head).contains("0101 张三"))
        #expect(try db.referenceLabel(table: "household", column: "address", id: 1) == nil)
        #expect(try db.referenceLabel(table: "person", column: "household_id", id: 999_999) == nil)
    }

    @Test func everyTableInTheSchemaHasAName() throws {
        let db = try makeFixtureDatabase()
        let names = try db.dbWriter.read { try Audit.auditedTables($0) }
        #expect(names.count > 20)
        for t in names { #expect(AuditText.tableNames[t] != nil, "\(t) has a Chinese name for the audit log") }
    }

    @Test func theAuditCommandPrintsWordsAndJSONOnRequest() throws {
        let path = temporaryDatabase()
        let db = try AppDatabase.open(path: path, passwordCost: testPasswordCost)
        let v = try db.saveVillage(Village(name: "星光村", township: "示范镇", county: "示范县"))
        let g = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
        try db.createHousehold(Household(villageId: v.id!, villageGroupId: g.id!, number: "0101", address: "星光村一社1号",
                                         phone: "13912345678"),
                               head: Person(householdId: 0, name: "张三", sex: .male, relation: .head))
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        let words = try runCLI(["audit", "--limit", "500"], db: path)
        #expect(words.status == 0)
        #expect(words.output.contains("新增 户 #1") && words.output.contains("住址：星光村一社1号"), "\(words.output)")
        #expect(words.output.contains("联系电话：139****5678") && !words.output.contains("13912345678"))
        #expect(!words.output.contains("{\""), "no raw JSON: \(words.output)")
        let json = try runCLI(["audit", "--limit", "500", "--json"], db: path)
        #expect(json.status == 0)
        let lines = json.output.split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count >= 4)
        for line in lines {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(o["table"] is String && o["action"] is String && o["id"] != nil)
        }
        #expect(lines.contains { $0.contains("\"table\":\"household\"") })
    }
}
