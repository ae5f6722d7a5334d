import Domain
import Store
import Testing
import UICore
@testable import App

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The fixture village with the star criteria, a survey round with two answers, a one-star
/// review, two rule documents and three feedback entries (one overdue, one closed).
func makeAssessmentDatabase() throws -> AppDatabase {
    let db = try makeFixtureDatabase()
    try db.installStarCriteria(from: repoRoot.appendingPathComponent("Data/star_criteria.json"))
    let round = try db.createSurveyRound(SurveyRound(name: "2026年度乡镇评估", heldOn: d("2026-10-20"), conductor: .township),
                                         on: testToday)
    let households = try db.surveyHouseholds()
    try db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: households[0].id, aware: true, satisfaction: .satisfied))
    try db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: households[1].id, aware: false,
                                           satisfaction: .basicallySatisfied))
    let level1 = try db.starCriteria().required(for: 1).map(\.id)
    try db.recordStarReview(StarReview(reviewedOn: d("2026-06-25"), levelApplied: 1, criteriaMet: level1, passed: true,
                                       reviewer: "县人口计生局"), on: testToday)
    try db.saveRuleDocument(RuleDocument(kind: .organisation, title: "诚信计生组织保障制度", adoptedOn: d("2026-02-18"),
                                         adoptedBy: "村民代表大会"), on: testToday)
    try db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "星光村村规民约", adoptedOn: d("2026-01-15"),
                                         adoptedBy: "村民代表大会"), on: testToday)
    try db.saveFeedback(FeedbackEntry(receivedOn: d("2026-11-02"), source: .visit, raisedBy: "赵淑英", contact: "四社",
                                      content: "流出人员证明办理慢", handler: "专干", deadline: d("2026-11-15"),
                                      status: .inProgress), on: testToday)
    try db.saveFeedback(FeedbackEntry(receivedOn: d("2026-11-18"), source: .hotline, anonymous: true,
                                      content: "咨询独生子女升学奖励", handler: "专干", deadline: d("2026-12-02")), on: testToday)
    let closed = try db.saveFeedback(FeedbackEntry(receivedOn: d("2026-09-14"), source: .letter, raisedBy: "陈志强",
                                                   content: "大病救助申请未答复", handler: "村委会", deadline: d("2026-09-30")),
                                     on: testToday)
    try db.closeFeedback(id: closed.id!, outcome: "救助已发放", on: d("2026-09-28"), today: testToday)
    return db
}

@Suite struct AssessmentScreenTests {
    func model(language: Language = .zh) throws -> AppModel {
        try makeModel(try makeAssessmentDatabase(), language: language)
    }

    @Test func mainMenuHasTheNewItem() throws {
        let app = try model()
        #expect(app.screenText.contains("7 评估与监督"))
    }

    @Test func homeScreen() throws {
        let app = try model()
        app.press(.char("7"))
        #expect(app.top is AssessmentHomeScreen)
        expectSnapshot(app.render(), "assessment_home")
    }

    @Test func homeScreenInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("7"))
        expectSnapshot(app.render(), "assessment_home_en")
    }

    @Test func surveyListAndForm() throws {
        let app = try model()
        app.press(.char("7"), .char("1"))
        expectSnapshot(app.render(), "survey_round_list")
        app.press(.function(3))
        expectSnapshot(app.render(), "survey_round_form_new")
        // A round with a 90% awareness target.
        app.type("上半年自评")
        app.press(.tab, .tab, .char(" "), .tab)
        app.press(.backspace, .backspace)
        app.type("90")
        app.press(.function(2))
        #expect(app.top is SurveyRoundListScreen)
        let rounds = try app.context.db.surveyRounds()
        #expect(rounds.count == 2 && rounds.contains { $0.name == "上半年自评" && $0.awarenessTarget == 90
            && $0.conductor == .selfAssessment })
    }

    @Test func answersAreEnteredHouseholdByHousehold() throws {
        let app = try model()
        app.press(.char("7"), .char("1"), .enter)
        #expect(app.top is SurveyAnswerScreen)
        expectSnapshot(app.render(), "survey_answers")
        // The third household: not answered yet. 1 = aware, c = dissatisfied, Enter saves and moves on.
        app.press(.down, .down, .char("1"), .char("c"))
        expectSnapshot(app.render(), "survey_answers_draft")
        #expect(app.top.hasUnsavedChanges)
        app.press(.enter)
        let round = try #require(try app.context.db.surveyRounds().first)
        let r = try app.context.db.surveyResult(roundId: round.id!)
        #expect(r.asked == 3 && r.aware == 2 && r.dissatisfied == 1)
        #expect(!app.top.hasUnsavedChanges)
        // Re-recording the first household replaces its answer; a batch "2b" works like two keys.
        app.press(.home)
        app.type("2b")
        app.press(.enter)
        let again = try app.context.db.surveyResult(roundId: round.id!)
        #expect(again.asked == 3 && again.aware == 1 && again.satisfied == 0 && again.basicallySatisfied == 2)
    }

    @Test func movingOffAHouseholdAsksAboutAHalfAnswerAndKeepsACompleteOne() throws {
        let app = try model()
        let round = try #require(try app.context.db.surveyRounds().first)
        // The third household has no answer yet: 1 alone is half an answer.
        app.press(.char("7"), .char("1"), .enter, .down, .down, .char("1"), .up)
        #expect(app.screenText.contains("本户的回答还没填完"))
        app.press(.char("n"))
        #expect(app.top.hasUnsavedChanges, "declining keeps the half answer")
        // Completing it and moving off saves it.
        app.press(.char("b"), .up)
        #expect(!app.top.hasUnsavedChanges)
        #expect(try app.context.db.surveyResult(roundId: round.id!).asked == 3)
    }

    @Test func enterWithAHalfAnswerSaysWhatIsMissing() throws {
        let app = try model()
        app.press(.char("7"), .char("1"), .enter, .down, .down, .char("1"), .enter)
        #expect(app.message?.kind == .error && app.message?.text.contains("a/b/c") == true)
        let round = try #require(try app.context.db.surveyRounds().first)
        #expect(try app.context.db.surveyResult(roundId: round.id!).asked == 2)
        // Esc asks before dropping the half answer.
        app.press(.escape)
        #expect(app.screenText.contains("放弃这些修改"))
    }

    @Test func starListAndForm() throws {
        let app = try model()
        app.press(.char("7"), .char("2"))
        expectSnapshot(app.render(), "star_review_list")
        app.press(.function(3))
        expectSnapshot(app.render(), "star_review_form_new")
    }

    @Test func aStarReviewIsCheckedAgainstTheRecords() throws {
        let app = try model()
        app.press(.char("7"), .char("2"), .function(3))
        // The criteria the records decide show ✓ or ✗ with the evidence: the fixture's survey is 50% aware.
        #expect(app.screenText.contains("✗ 知晓率 50.0%（2026年度乡镇评估，2户）"))
        #expect(app.screenText.contains("✓ 满意率 100.0%（2026年度乡镇评估，2户）"))
        // Apply for two stars, passed, and tick the one criterion of levels 1–2 left to the hand
        // (Tab passes over the computed ones): refused, since the records fall short.
        app.press(.tab, .char(" "), .tab, .tab, .tab, .tab)
        app.type("县计生协")
        app.press(.tab, .tab, .char(" "))
        app.press(.function(2))
        #expect(app.top is StarReviewFormScreen)
        #expect(app.message?.text.contains("未满足") == true)
        #expect(try app.context.db.starReviews().count == 1)
    }

    @Test func aBarredVillageIsToldWhenItMayApplyAgain() throws {
        let db = try makeFixtureDatabase()
        try db.installStarCriteria(from: repoRoot.appendingPathComponent("Data/star_criteria.json"))
        let level1 = try db.starCriteria().required(for: 1).map(\.id)
        try db.recordStarReview(StarReview(reviewedOn: d("2025-03-20"), levelApplied: 1, criteriaMet: level1, passed: true,
                                           reviewer: "县计生协"), on: testToday)
        try db.recordStarReview(StarReview(reviewedOn: d("2025-06-20"), levelApplied: 1, passed: false, failureAction: .revoke,
                                           reviewer: "县计生协", note: "承诺未兑现"), on: testToday)
        let app = try makeModel(db)
        app.press(.char("7"), .char("2"))
        expectSnapshot(app.render(), "star_review_list_barred")
        app.press(.function(3))
        #expect(app.top is StarReviewListScreen)
        #expect(app.message?.text.contains("禁止申报至 2029-06-20（含），2029-06-21 起可再申请") == true)
        app.press(.enter)
        expectSnapshot(app.render(), "star_review_detail")
    }

    @Test func ruleDocumentsAndTheFourHaves() throws {
        let app = try model()
        app.press(.char("7"), .char("3"))
        expectSnapshot(app.render(), "rule_document_list")
        app.press(.function(3))
        expectSnapshot(app.render(), "rule_document_form_new")
        // A 公开 system: Space moves the kind on, then the title.
        app.press(.char(" "), .tab)
        app.type("诚信计生政务公开制度")
        app.press(.function(2))
        #expect(app.top is RuleDocumentListScreen)
        #expect(try app.context.db.fourHaves(on: testToday).missingSystems == [.rewardsPenalties, .democraticSupervision,
                                                                                .effectEvaluation])
        // Editing keeps the kind fixed.
        app.press(.enter)
        let form = try #require(app.top as? RuleDocumentFormScreen)
        #expect(form.form.fields.first { $0.key == "kind" }?.readOnly == true)
    }

    @Test func feedbackListMarksOverdueEntries() throws {
        let app = try model()
        app.press(.char("7"), .char("4"))
        expectSnapshot(app.render(), "feedback_list_open")
        // The overdue row (not selected) is drawn in the error colour.
        let grid = app.render()
        let overdueRow = try #require(grid.lines().firstIndex { $0.contains("赵淑英") })
        let markCell = grid[x: 1, y: overdueRow]
        #expect(markCell.char == "！" && markCell.style.role == .error)
        #expect(grid[x: 20, y: overdueRow].style.role == .error)
        // The row above is neither overdue nor red.
        #expect(grid[x: 20, y: overdueRow - 1].style.role != .error)
        app.press(.function(5))
        expectSnapshot(app.render(), "feedback_list_overdue")
        app.press(.function(5))
        #expect(app.screenText.contains("大病救助申请") && app.screenText.contains("已办结"))
    }

    @Test func feedbackFormCloseAndVoid() throws {
        let app = try model()
        app.press(.char("7"), .char("4"), .function(3))
        expectSnapshot(app.render(), "feedback_form_new")
        app.press(.escape)
        // Close the overdue entry (second row in the open view) with an outcome.
        app.press(.down, .function(7))
        expectSnapshot(app.render(), "feedback_close_form")
        app.press(.function(2))
        #expect(app.top is FeedbackCloseFormScreen)
        app.type("已开具证明")
        app.press(.function(2))
        #expect(app.top is FeedbackListScreen)
        #expect(try app.context.db.feedbackCounts(on: testToday) == (open: 1, overdue: 0))
        // Void the remaining one, with a reason.
        app.press(.home, .function(8))
        expectSnapshot(app.render(), "feedback_void_form")
        app.type("重复登记")
        app.press(.function(2))
        #expect(try app.context.db.feedbackCounts(on: testToday).open == 0)
        #expect(try app.context.db.feedbackEntries(filter: .all).count == 3)
    }

    @Test func registeringAnAnonymousEntryDropsTheName() throws {
        let app = try model()
        app.press(.char("7"), .char("4"), .function(3), .tab, .tab, .char("y"), .tab)
        app.type("某人")
        app.press(.tab, .tab)
        app.type("反映低保评定不公开")
        app.press(.tab)
        app.type("村委会")
        app.press(.function(2))
        #expect(app.top is FeedbackListScreen, "\(app.message?.text ?? "")")
        let e = try #require(try app.context.db.feedbackEntries(filter: .open).first { $0.content == "反映低保评定不公开" })
        #expect(e.anonymous && e.raisedBy.isEmpty && e.deadline == d("2026-12-02"))
    }
}
