import Foundation
import GRDB
import Testing
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }
private let today = d("2026-11-25")

/// Data/survey_questionnaire.json in the repository.
let questionnaireURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Data/survey_questionnaire.json")

/// Four households: three in 一社, one in 二社, and a round.
private struct SurveyFixture {
    let f: Fixture
    let households: [Household]
    let round: SurveyRound

    init() throws {
        f = try Fixture()
        households = try [
            f.household("0101", head: "张三", n: 1).0, f.household("0102", head: "李四", n: 2).0,
            f.household("0103", head: "王五", n: 3).0, f.household("0201", head: "赵六", group: f.group2, n: 4).0,
        ]
        round = try f.db.createSurveyRound(SurveyRound(name: "2026年第三季度调查", heldOn: d("2026-09-20"), conductor: .township),
                                           on: today)
    }

    var db: AppDatabase { f.db }
}

@Suite struct EvaluationStoreTests {
    @Test func theMigrationIsRegisteredByItsName() throws {
        let f = try Fixture()
        let applied = try f.db.reader.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v14 questionnaires, samples, findings"))
        let tables = try f.db.reader.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(Set(tables).isSuperset(of: ["survey_item", "survey_item_answer", "survey_sample", "survey_discussion",
                                            "review_finding", "review_measure"]))
    }

    @Test func aDatabaseMadeBeforeTheMigrationUpgradesKeepsItsRoundAndVerifiesClean() throws {
        let path = temporaryFolder() + "/v11.sqlite"
        let q = try DatabaseQueue(path: path, configuration: AppDatabase.makeConfiguration(AccessState()))
        try AppDatabase.migrator.migrate(q, upTo: "v11 rectification of broken pledges, conditional benefits")
        try q.write { db in
            try Audit.installTriggersIfChanged(db)
            try db.execute(sql: """
                INSERT INTO village(id, name) VALUES (1, '星光村');
                INSERT INTO village_group(id, village_id, number, name) VALUES (1, 1, 1, '一社');
                INSERT INTO household(id, village_id, village_group_id, number) VALUES (1, 1, 1, '0101');
                INSERT INTO survey_round(id, name, held_on, conductor) VALUES (1, '旧调查', '2026-06-15', 'selfAssessment');
                INSERT INTO survey_answer(round_id, household_id, aware, satisfaction) VALUES (1, 1, 1, 'basicallySatisfied');
                """)
        }
        try q.close()
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        let report = try db.verify()
        #expect(report.isClean, "\(report.rowsOutOfStep)")
        // An old round keeps one awareness flag and one satisfaction answer.
        let round = try #require(try db.surveyRound(id: 1))
        #expect(round.sampleSize == nil && round.awarenessThreshold == nil)
        #expect(try db.surveyItems(roundId: 1).isEmpty)
        let r = try db.surveyResult(roundId: 1)
        #expect(r.asked == 1 && r.aware == 1 && r.satisfiedInAll == 1)
    }

    @Test func aQuestionnaireSetsAwarenessAndSatisfaction() throws {
        let x = try SurveyFixture()
        let items = try x.db.installQuestionnaire(roundId: x.round.id!, from: questionnaireURL)
        #expect(items.count == 9 && items.filter { $0.kind == .awareness }.count == 6)
        #expect(items[1].text.zh.contains("12356") && items[4].rightAnswer == false)
        func answers(wrong: Int, worst: Satisfaction) -> [Int64: ItemAnswer] {
            var out: [Int64: ItemAnswer] = [:]
            for (i, item) in items.enumerated() {
                switch item.kind {
                case .awareness: out[item.id!] = .yesNo(i < wrong ? !item.rightAnswer! : item.rightAnswer!)
                case .satisfaction: out[item.id!] = .satisfaction(i == 8 ? worst : .satisfied)
                }
            }
            return out
        }
        let h = x.households
        try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: h[0].id!, aware: false,
                                                 satisfaction: .dissatisfied, items: answers(wrong: 0, worst: .basicallySatisfied)))
        try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: h[1].id!, aware: true,
                                                 satisfaction: .satisfied, items: answers(wrong: 1, worst: .dissatisfied)))
        let stored = try x.db.surveyAnswers(roundId: x.round.id!)
        #expect(stored[h[0].id!]?.aware == true && stored[h[0].id!]?.satisfaction == .basicallySatisfied)
        // One wrong answer: not aware with the default threshold (all); the flags given are ignored.
        #expect(stored[h[1].id!]?.aware == false && stored[h[1].id!]?.satisfaction == .dissatisfied)
        #expect(stored[h[1].id!]?.items.count == 9)
        // An incomplete questionnaire stores nothing.
        var short = answers(wrong: 0, worst: .satisfied)
        short[items[3].id!] = nil
        let errors = invalidFields {
            try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: h[2].id!, aware: true,
                                                     satisfaction: .satisfied, items: short))
        }
        #expect(errors?.map(\.message.zh) == ["第4题未回答"])
        #expect(try x.db.surveyAnswers(roundId: x.round.id!).count == 2)
        // The questionnaire and the threshold are fixed once answered.
        #expect(throws: StoreError.self) { try x.db.setAwarenessThreshold(roundId: x.round.id!, threshold: 5) }
        #expect(throws: StoreError.self) {
            try x.db.addSurveyItem(roundId: x.round.id!, kind: .awareness, text: Localized("又一题", ""), rightAnswer: true)
        }
        // Per item: item 1 right 1 of 2 (the second household got it wrong), item 9 satisfied 1 of 2.
        let b = try x.db.surveyBreakdown(roundId: x.round.id!)
        #expect(b.items[0].good == 1 && b.items[0].answered == 2)
        #expect(b.items[8].good == 1 && b.items[8].dissatisfied == 1)
        #expect(try x.db.verify().isClean)
    }

    @Test func aThresholdBelowAllCountsAHouseholdWithOneWrongAsAware() throws {
        let x = try SurveyFixture()
        let a = try x.db.addSurveyItem(roundId: x.round.id!, kind: .awareness, text: Localized("热线12356", "Hotline 12356"), rightAnswer: true)
        let b = try x.db.addSurveyItem(roundId: x.round.id!, kind: .awareness, text: Localized("小组长职责", "Leader"), rightAnswer: nil)
        let s = try x.db.addSurveyItem(roundId: x.round.id!, kind: .satisfaction, text: Localized("总体", "Overall"), rightAnswer: true)
        #expect(b.rightAnswer == true && s.rightAnswer == nil && s.position == 3)
        try x.db.setAwarenessThreshold(roundId: x.round.id!, threshold: 1)
        try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: x.households[0].id!, aware: false,
                                                 satisfaction: .satisfied,
                                                 items: [a.id!: .yesNo(true), b.id!: .yesNo(false), s.id!: .satisfaction(.satisfied)]))
        #expect(try x.db.surveyAnswers(roundId: x.round.id!)[x.households[0].id!]?.aware == true)
    }

    @Test func deletingAnAnswerTakesItsItemsAndUndoPutsThemBack() throws {
        let x = try SurveyFixture()
        let a = try x.db.addSurveyItem(roundId: x.round.id!, kind: .awareness, text: Localized("甲", "A"), rightAnswer: true)
        let s = try x.db.addSurveyItem(roundId: x.round.id!, kind: .satisfaction, text: Localized("乙", "B"), rightAnswer: nil)
        let h = x.households[0].id!
        try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: h, aware: true, satisfaction: .satisfied,
                                                 items: [a.id!: .yesNo(true), s.id!: .satisfaction(.basicallySatisfied)]))
        let deleted = try x.db.deleteSurveyAnswer(roundId: x.round.id!, householdId: h)
        #expect(deleted.items.count == 2)
        #expect(try x.db.surveyAnswers(roundId: x.round.id!).isEmpty)
        try x.db.recordSurveyAnswer(deleted)
        #expect(try x.db.surveyAnswers(roundId: x.round.id!)[h]?.items == [a.id!: .yesNo(true), s.id!: .satisfaction(.basicallySatisfied)])
        #expect(try x.db.verify().isClean)
    }

    @Test func theSampleIsStoredWithItsSeedAndLimitsTheAnswers() throws {
        let x = try SurveyFixture()
        let ids = try x.db.drawSurveySample(roundId: x.round.id!, size: 3, seed: 42)
        #expect(ids.count == 3)
        let round = try #require(try x.db.surveyRound(id: x.round.id!))
        #expect(round.sampleSize == 3 && round.sampleSeed == 42)
        // Stratified: 3 of 4 households in 一社, 1 in 二社 → 2.25 and 0.75: two and one (largest remainders).
        let drawn = x.households.filter { ids.contains($0.id!) }.map(\.villageGroupId)
        #expect(drawn.filter { $0 == x.f.group1.id! }.count == 2 && drawn.filter { $0 == x.f.group2.id! }.count == 1)
        // Drawing again with the same seed gives the same households.
        #expect(try x.db.drawSurveySample(roundId: x.round.id!, size: 3, seed: 42) == ids)
        #expect(try x.db.surveyHouseholds(roundId: x.round.id!).map(\.id) == ids)
        let outside = try #require(x.households.first { !ids.contains($0.id!) })
        #expect(throws: StoreError.refused(Localized("这一户不在本轮抽样中", "This household is not in the round's sample"))) {
            try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: outside.id!, aware: true, satisfaction: .satisfied))
        }
        try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: ids[0], aware: true, satisfaction: .satisfied))
        #expect(try x.db.surveyBreakdown(roundId: x.round.id!).sampled == 3)
        // Answered: no new draw; a size over the village is refused.
        #expect(throws: StoreError.self) { try x.db.drawSurveySample(roundId: x.round.id!, size: 3, seed: 1) }
        let other = try x.db.createSurveyRound(SurveyRound(name: "自评", heldOn: d("2026-10-01"), conductor: .selfAssessment), on: today)
        #expect(invalidFields { try x.db.drawSurveySample(roundId: other.id!, size: 5, seed: 1) }?.map(\.field) == ["sampleSize"])
        // No size: every household, and no sample rows.
        #expect(try x.db.drawSurveySample(roundId: other.id!, size: nil, seed: 1).count == 4)
        #expect(try x.db.surveySample(roundId: other.id!) == nil)
        #expect(try x.db.verify().isClean)
    }

    @Test func resultsPer社() throws {
        let x = try SurveyFixture()
        let h = x.households
        for (i, aware) in [true, false, true, true].enumerated() {
            try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: h[i].id!, aware: aware,
                                                     satisfaction: i == 3 ? .dissatisfied : .satisfied))
        }
        let b = try x.db.surveyBreakdown(roundId: x.round.id!)
        #expect(b.groups.map(\.label) == ["一社", "二社"])
        #expect(b.groups[0].asked == 3 && b.groups[0].aware == 2 && b.groups[1].satisfied == 0)
        #expect(b.total.asked == 4 && b.sampled == 4)
    }

    @Test func discussionsAreKeptOnTheRound() throws {
        let x = try SurveyFixture()
        try x.db.addSurveyDiscussion(SurveyDiscussion(roundId: x.round.id!, heldOn: d("2026-09-22"), participantCount: 12,
                                                      participants: " 王秀兰、李建国 ", points: " 公开栏内容更新慢 "), on: today)
        let list = try x.db.surveyDiscussions(roundId: x.round.id!)
        #expect(list.count == 1 && list[0].participants == "王秀兰、李建国" && list[0].points == "公开栏内容更新慢")
        #expect(invalidFields {
            try x.db.addSurveyDiscussion(SurveyDiscussion(roundId: x.round.id!, heldOn: d("2026-09-22"), participantCount: 0,
                                                          participants: "", points: ""), on: today)
        }?.count == 2)
        #expect(try x.db.surveyDiscussions(roundId: x.round.id!).count == 1)
    }

    @Test func findingsOpenMeasuresThatCloseOnceAndCountOnTheDashboard() throws {
        let x = try SurveyFixture()
        let finding = try x.db.addReviewFinding(ReviewFinding(roundId: x.round.id!, foundOn: d("2026-10-10"), text: "三社知晓率偏低"),
                                                on: today)
        let m1 = try x.db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "入户宣讲12356热线", owner: "村计生专干",
                                                         deadline: d("2026-11-10")))
        try x.db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "更新公开栏", owner: "村委会",
                                                deadline: d("2026-12-10")))
        var counts = try x.db.reviewMeasureCounts(on: today)
        #expect(counts.open == 2 && counts.overdue == 1)
        #expect(try x.db.dashboard(on: today).measuresOverdue == 1)
        let rows = try x.db.reviewMeasures()
        #expect(rows.map(\.measure.measure) == ["入户宣讲12356热线", "更新公开栏"] && rows[0].roundName == "2026年第三季度调查")
        #expect(invalidFields { try x.db.closeReviewMeasure(id: m1.id!, on: today, note: "", today: today) }?.map(\.field) == ["closedNote"])
        try x.db.closeReviewMeasure(id: m1.id!, on: d("2026-11-20"), note: "已入户宣讲，发放明白纸", today: today)
        #expect(throws: StoreError.self) { try x.db.closeReviewMeasure(id: m1.id!, on: today, note: "再次", today: today) }
        counts = try x.db.reviewMeasureCounts(on: today)
        #expect(counts.open == 1 && counts.overdue == 0)
        #expect(try x.db.reviewMeasures(openOnly: true).map(\.measure.measure) == ["更新公开栏"])
        // A measure on no finding, or without an owner, stores nothing.
        #expect(throws: StoreError.self) {
            try x.db.addReviewMeasure(ReviewMeasure(findingId: 99, measure: "措施", owner: "人", deadline: today))
        }
        #expect(invalidFields {
            try x.db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "措施", owner: " ", deadline: today))
        }?.map(\.field) == ["owner"])
        #expect(try x.db.reviewMeasures().count == 2)
        #expect(try x.db.verify().isClean)
    }

    @Test func theDemoHoldsAQuestionnaireRoundWithASampleADiscussionAndAnOpenMeasure() throws {
        let db = try AppDatabase.inMemory()
        try DemoVillage.build(into: db, specURL: demoSpecURL)
        let round = try #require(try db.surveyRounds().first { $0.name == "2026年第四季度入户问卷" })
        #expect(round.sampleSize == 30 && round.sampleSeed == 2026 && round.awarenessThreshold == 5)
        #expect(try db.surveyItems(roundId: round.id!).count == 9)
        #expect(try db.surveySample(roundId: round.id!)?.count == 30)
        let b = try db.surveyBreakdown(roundId: round.id!)
        #expect(b.total.asked == 30 && b.total.meetsAwareness(round.awarenessTarget) && b.total.meetsSatisfaction(round.satisfactionTarget))
        #expect(b.groups.count == 8 && b.groups.allSatisfy { (3...4).contains($0.asked) })
        #expect(try db.surveyDiscussions(roundId: round.id!).count == 1)
        let counts = try db.reviewMeasureCounts(on: today)
        #expect(counts.open == 1 && counts.overdue == 0)
        #expect(try db.verify().isClean)
    }

    @Test func starCriteriaAreReadFromTheRecordsWhenAReviewIsMade() throws {
        let x = try SurveyFixture()
        try x.db.installStarCriteria(from: starCriteriaURL)
        for (i, h) in x.households.enumerated() {
            try x.db.recordSurveyAnswer(SurveyAnswer(roundId: x.round.id!, householdId: h.id!, aware: i != 3, satisfaction: .satisfied))
        }
        let evidence = try x.db.starEvidence(on: today)
        let byId = Dictionary(uniqueKeysWithValues: evidence.map { ($0.criterionId, $0) })
        #expect(byId["1-awareness"]?.met == false)
        #expect(byId["1-awareness"]?.evidence.zh == "知晓率 75.0%（2026年第三季度调查，4户）")
        #expect(byId["1-satisfaction"]?.met == true)
        #expect(byId["1-fourHaves"]?.met == false && byId["1-policies"]?.met == false)
        // Ticking every criterion by hand cannot pass a review the records do not bear out.
        let all = try x.db.starCriteria().required(for: 1).map(\.id)
        #expect(throws: StoreError.self) {
            try x.db.makeStarReview(StarReview(reviewedOn: d("2026-11-20"), levelApplied: 1, criteriaMet: all, passed: true,
                                               reviewer: "县人口计生局"), on: today)
        }
        // A failed review keeps the hand-ticked criteria that are not read from the records.
        let failed = try x.db.makeStarReview(StarReview(reviewedOn: d("2026-11-20"), levelApplied: 1, criteriaMet: all, passed: false,
                                                        failureAction: .revoke, reviewer: "县人口计生局"), on: today)
        #expect(failed.criteriaMet == ["1-pledges", "1-satisfaction"])
    }
}
