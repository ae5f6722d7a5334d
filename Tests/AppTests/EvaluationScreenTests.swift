import Domain
import Store
import Testing
import UICore
@testable import App

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The assessment fixture with a second round that has the default questionnaire and a
/// sample of two households, a 座谈, and two review measures (one overdue).
func makeEvaluationDatabase() throws -> AppDatabase {
    let db = try makeAssessmentDatabase()
    let round = try db.createSurveyRound(SurveyRound(name: "2026年第四季度问卷", heldOn: d("2026-11-20"), conductor: .selfAssessment),
                                         on: testToday)
    try db.installQuestionnaire(roundId: round.id!, from: repoRoot.appendingPathComponent("Data/survey_questionnaire.json"))
    try db.drawSurveySample(roundId: round.id!, size: 2, seed: 7)
    try db.addSurveyDiscussion(SurveyDiscussion(roundId: round.id!, heldOn: d("2026-11-21"), participantCount: 9,
                                                participants: "王秀兰、李建国、张桂芳", points: "希望公开栏按月更新；热线号码要贴到各社"),
                               on: testToday)
    let finding = try db.addReviewFinding(ReviewFinding(roundId: round.id!, foundOn: d("2026-10-25"), text: "二社群众不知道12356热线"),
                                          on: testToday)
    try db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "各社张贴热线号码", owner: "村计生专干",
                                          deadline: d("2026-11-15")))
    try db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "入户宣讲并发放明白纸", owner: "王主任",
                                          deadline: d("2026-12-20")))
    return db
}

@Suite struct EvaluationScreenTests {
    func model(language: Language = .zh) throws -> AppModel {
        try makeModel(try makeEvaluationDatabase(), language: language)
    }

    @Test func theDashboardCountsOpenMeasuresAndKOpensThem() throws {
        let app = try model()
        let main = try #require(app.top as? MainMenuScreen)
        let line = try #require(main.figureLines().first { $0.key == "k" })
        #expect(line.text == "评议整改　未完成 2 · 逾期 1" && line.alarm)
        app.press(.char("k"))
        #expect(app.top is ReviewMeasureListScreen)
        expectSnapshot(app.render(), "review_measure_list")
    }

    @Test func theMeasureListInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("k"))
        expectSnapshot(app.render(), "review_measure_list_en")
    }

    @Test func aFindingAndItsMeasureAreRecordedAndClosed() throws {
        let app = try model()
        app.press(.char("k"), .function(3))
        expectSnapshot(app.render(), "review_measure_form")
        // Nothing typed: the form says what is required and stores nothing.
        app.press(.function(2))
        #expect(app.top is ReviewMeasureFormScreen)
        #expect(try app.context.db.reviewFindings().count == 1)
        app.type("座谈反映公开栏更新慢")
        app.press(.tab, .tab)
        app.type("每月5日前更新公开栏")
        app.press(.tab)
        app.type("村委会")
        app.press(.function(2))
        #expect(app.top is ReviewMeasureListScreen)
        #expect(try app.context.db.reviewMeasureCounts(on: testToday).open == 3)
        // F9 closes the selected (first, overdue) measure.
        app.press(.home, .function(9))
        #expect(app.top is ReviewMeasureCloseFormScreen)
        app.press(.tab)
        app.type("八个社均已张贴")
        app.press(.function(2))
        #expect(app.top is ReviewMeasureListScreen)
        let counts = try app.context.db.reviewMeasureCounts(on: testToday)
        #expect(counts.open == 2 && counts.overdue == 0)
        app.press(.escape)
        #expect(try #require(app.top as? MainMenuScreen).figureLines().first { $0.key == "k" }?.alarm == false)
    }

    @Test func theMeasureFormInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("k"), .function(3))
        expectSnapshot(app.render(), "review_measure_form_en")
    }

    @Test(arguments: [Language.zh, .en])
    func theCloseFormAndAnotherMeasureOnAFinding(language: Language) throws {
        let app = try model(language: language)
        app.press(.char("k"), .function(9))
        #expect(app.top is ReviewMeasureCloseFormScreen)
        expectSnapshot(app.render(), language == .zh ? "review_measure_close_form" : "review_measure_close_form_en")
        // F4 adds a measure to the selected finding: the finding is shown, not typed again.
        app.press(.escape, .function(4))
        #expect(app.screenText.contains("二社群众不知道12356热线"))
        app.type("召开群众座谈会")
        app.press(.tab)
        app.type("王主任")
        app.press(.function(2))
        #expect(app.top is ReviewMeasureListScreen)
        #expect(try app.context.db.reviewFindings().count == 1)
        #expect(try app.context.db.reviewMeasures().count == 3)
    }

    @Test func theDiscussionFormInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("7"), .char("1"), .function(5), .function(5), .function(3))
        expectSnapshot(app.render(), "survey_discussion_form_en")
    }

    @Test func theStarReviewFormShowsTheEvidenceInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("7"), .char("2"), .function(3))
        expectSnapshot(app.render(), "star_review_form_evidence_en")
    }

    @Test func aTownshipViewerSeesTheMeasuresWithoutWriteKeys() throws {
        let db = try makeEvaluationDatabase()
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let app = try makeModel(db)
        app.press(.char("k"))
        #expect(app.top is ReviewMeasureListScreen)
        #expect(!app.screenText.contains("F3") && !app.screenText.contains("F9"))
        app.press(.function(9))
        #expect(app.message?.text.contains("无权") == true)
        // The forms open read only, and a save is refused with what was shown kept.
        for form in [ReviewMeasureFormScreen(app.context, finding: nil) as FormScreen,
                     SurveyDiscussionFormScreen(app.context, round: try #require(try db.surveyRounds().first))] {
            app.apply(.push(form))
            #expect(app.screenText.contains("（只读）"))
            app.press(.function(2))
            #expect(app.top === form && app.message?.text.contains("无权") == true)
            app.apply(.popDiscarding)
        }
        #expect(try db.reviewMeasureCounts(on: testToday).open == 2)
    }

    @Test func theAuditLogReadsTheNewRecordsInWords() throws {
        let db = try makeEvaluationDatabase()
        let app = try makeModel(db)
        let text = AuditText(catalog: app.context.catalog, language: .zh)
        let items = try db.auditEntries(table: "survey_item", limit: 20).filter { $0.action == "insert" }.map(text.summary)
        #expect(items.count == 9)
        #expect(items.contains { $0.contains("类别：知晓") && $0.contains("正确答案：否") && $0.contains("题号：5") }, "\(items)")
        #expect(items.contains { $0.contains("类别：满意") && $0.contains("题目：对村务、计生政务公开") }, "\(items)")
        let measure = try #require(try db.auditEntries(table: "review_measure", limit: 20).first { $0.action == "insert" })
        #expect(text.summary(measure).contains("整改措施：") && text.summary(measure).contains("责任人："), "\(text.summary(measure))")
        let finding = try #require(try db.auditEntries(table: "review_finding", limit: 20).first)
        #expect(text.summary(finding).contains("发现的问题：二社群众不知道12356热线"), "\(text.summary(finding))")
        #expect(text.table("review_measure") == "评议整改" && text.table("survey_sample") == "调查抽样")
    }

    /// The results of the questionnaire round after both sampled households answered.
    func resultsModel(_ language: Language) throws -> AppModel {
        let db = try makeEvaluationDatabase()
        let round = try #require(try db.surveyRounds().first)
        let items = try db.surveyItems(roundId: round.id!)
        for (n, h) in try db.surveyHouseholds(roundId: round.id!).enumerated() {
            var answers: [Int64: ItemAnswer] = [:]
            for item in items {
                answers[item.id!] = item.kind == .awareness
                    ? .yesNo(n == 1 && item.position == 2 ? !item.rightAnswer! : item.rightAnswer!)
                    : .satisfaction(item.position == 9 && n == 1 ? .basicallySatisfied : .satisfied)
            }
            try db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h.id, aware: false, satisfaction: .dissatisfied,
                                                   items: answers))
        }
        let app = try makeModel(db, language: language)
        app.press(.char("7"), .char("1"), .function(5))
        return app
    }

    @Test func resultsPer社AndPerItem() throws {
        let app = try resultsModel(.zh)
        #expect(app.top is SurveyResultsScreen)
        expectSnapshot(app.render(), "survey_results")
        app.press(.function(5))
        #expect(app.top is SurveyDiscussionListScreen)
        expectSnapshot(app.render(), "survey_discussions")
    }

    @Test func resultsInEnglish() throws {
        let app = try resultsModel(.en)
        expectSnapshot(app.render(), "survey_results_en")
        app.press(.function(5))
        expectSnapshot(app.render(), "survey_discussions_en")
    }

    @Test func aDiscussionIsRecorded() throws {
        let app = try model()
        app.press(.char("7"), .char("1"), .function(5), .function(5), .function(3))
        #expect(app.top is SurveyDiscussionFormScreen)
        expectSnapshot(app.render(), "survey_discussion_form")
        app.press(.tab)
        app.type("15")
        app.press(.tab, .tab)
        app.type("建议增加流动人员服务")
        app.press(.function(2))
        #expect(app.top is SurveyDiscussionListScreen)
        let round = try #require(try app.context.db.surveyRounds().first)
        #expect(try app.context.db.surveyDiscussions(roundId: round.id!).map(\.participantCount) == [9, 15])
    }

    @Test func theSampleForm() throws {
        let app = try model()
        // The older round has answers: its sample is fixed.
        app.press(.char("7"), .char("1"), .down, .function(5), .function(7))
        #expect(app.message?.text.contains("不能再改") == true)
        app.press(.escape, .up, .function(5), .function(7))
        #expect(app.top is SurveySampleFormScreen)
        expectSnapshot(app.render(), "survey_sample_form")
        // Four is more than the village has households: refused, and nothing is stored; three is taken.
        app.press(.backspace)
        app.type("4")
        app.press(.function(2))
        #expect(app.top is SurveySampleFormScreen)
        #expect(app.screenText.contains("抽样户数不能超过全村户数（3户）"))
        // A threshold of 0 is refused before the sample is drawn.
        app.press(.backspace)
        app.type("3")
        app.press(.tab, .tab)
        app.type("0")
        app.press(.function(2))
        #expect(app.top is SurveySampleFormScreen)
        #expect(try app.context.db.surveyRounds().first?.sampleSize == 2)
        app.press(.backspace)
        app.type("5")
        app.press(.function(2))
        #expect(app.top is SurveyResultsScreen)
        #expect(try app.context.db.surveyRounds().first?.awarenessThreshold == 5)
        let round = try #require(try app.context.db.surveyRounds().first)
        #expect(try app.context.db.surveyRound(id: round.id!)?.sampleSize == 3)
    }

    @Test func theSampleFormInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("7"), .char("1"), .function(5), .function(7))
        expectSnapshot(app.render(), "survey_sample_form_en")
    }

    @Test func aQuestionnaireIsAnsweredOneKeyPerItemFromTheSample() throws {
        let app = try model()
        app.press(.char("7"), .char("1"), .enter)
        let screen = try #require(app.top as? SurveyAnswerScreen)
        // Only the two sampled households are offered.
        #expect(screen.households.count == 2)
        app.type("1111")
        // Item 5 is an awareness item: a satisfaction key is refused with the reason.
        app.press(.char("a"))
        #expect(app.message?.text.contains("第5题是知晓题") == true)
        app.type("21")
        expectSnapshot(app.render(), "survey_answers_questionnaire")
        // Backspace takes back the last item typed.
        app.press(.backspace)
        #expect(app.screenText.contains("第6/9题"))
        app.type("1")
        app.type("abc")
        app.press(.enter)
        let round = try #require(try app.context.db.surveyRounds().first)
        let stored = try #require(try app.context.db.surveyAnswers(roundId: round.id!)[screen.households[0].id])
        // 否 is right for item 5: aware; one item 不满意: dissatisfied.
        #expect(stored.aware && stored.satisfaction == .dissatisfied && stored.items.count == 9)
    }

    @Test func movingOffAnUnfinishedQuestionnaireAsksFirst() throws {
        let app = try model()
        app.press(.char("7"), .char("1"), .enter)
        app.type("111")
        app.press(.down)
        #expect(app.screenText.contains("本户问卷还没答完（已答3题，共9题），放弃吗？"))
        app.press(.char("y"))
        #expect(!app.top.hasUnsavedChanges)
        let round = try #require(try app.context.db.surveyRounds().first)
        #expect(try app.context.db.surveyAnswers(roundId: round.id!).isEmpty)
    }

    @Test func aQuestionnaireInEnglish() throws {
        let app = try model(language: .en)
        app.press(.char("7"), .char("1"), .enter)
        app.type("112")
        expectSnapshot(app.render(), "survey_answers_questionnaire_en")
    }
}
