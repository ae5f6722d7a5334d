import Domain
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

@Suite struct QuestionnaireRulesTests {
    /// Three awareness items (是, 是, 否 right) and two satisfaction items.
    let items = [
        SurveyItem(id: 1, roundId: 1, position: 1, kind: .awareness, text: Localized("甲", "A"), rightAnswer: true),
        SurveyItem(id: 2, roundId: 1, position: 2, kind: .awareness, text: Localized("乙", "B"), rightAnswer: true),
        SurveyItem(id: 3, roundId: 1, position: 3, kind: .awareness, text: Localized("丙", "C"), rightAnswer: false),
        SurveyItem(id: 4, roundId: 1, position: 4, kind: .satisfaction, text: Localized("丁", "D")),
        SurveyItem(id: 5, roundId: 1, position: 5, kind: .satisfaction, text: Localized("戊", "E")),
    ]

    func answers(_ a: Bool, _ b: Bool, _ c: Bool, _ s4: Satisfaction = .satisfied, _ s5: Satisfaction = .satisfied)
        -> [Int64: ItemAnswer] {
        [1: .yesNo(a), 2: .yesNo(b), 3: .yesNo(c), 4: .satisfaction(s4), 5: .satisfaction(s5)]
    }

    @Test func awareByDefaultNeedsEveryAwarenessItemRight() {
        #expect(Questionnaire.isAware(items, answers: answers(true, true, false), threshold: nil))
        // 否 is the right answer to item 3: 是 there is wrong.
        #expect(!Questionnaire.isAware(items, answers: answers(true, true, true), threshold: nil))
        #expect(Questionnaire.rightCount(items, answers: answers(true, true, true)) == 2)
    }

    @Test func aThresholdCountsRightAnswers() {
        #expect(Questionnaire.isAware(items, answers: answers(true, false, false), threshold: 2))
        #expect(!Questionnaire.isAware(items, answers: answers(false, false, false), threshold: 2))
        // A threshold above the items asks for all of them.
        #expect(Questionnaire.needed(threshold: 9, awarenessItems: 3) == 3)
        #expect(Questionnaire.needed(threshold: nil, awarenessItems: 3) == 3)
    }

    @Test func satisfactionFollowsTheWorstItemAndBasicCountsAsSatisfied() {
        #expect(Questionnaire.satisfaction(items, answers: answers(true, true, false)) == .satisfied)
        let basic = Questionnaire.satisfaction(items, answers: answers(true, true, false, .satisfied, .basicallySatisfied))
        #expect(basic == .basicallySatisfied && basic.countsAsSatisfied)
        #expect(Questionnaire.satisfaction(items, answers: answers(true, true, false, .dissatisfied, .basicallySatisfied)) == .dissatisfied)
    }

    @Test func everyItemNeedsAnAnswerOfItsKind() {
        var a = answers(true, true, false)
        a[2] = nil
        #expect(Questionnaire.problems(items, answers: a).map(\.message.zh) == ["第2题未回答"])
        a[2] = .satisfaction(.satisfied)
        #expect(Questionnaire.problems(items, answers: a).map(\.message.zh) == ["第2题应答 是 或 否"])
        a[2] = .yesNo(true)
        a[99] = .yesNo(true)
        #expect(Questionnaire.problems(items, answers: a).map(\.message.en) == ["An answer is for an item not in this questionnaire"])
    }

    @Test func answersRoundTripAsStored() {
        for a in [ItemAnswer.yesNo(true), .yesNo(false), .satisfaction(.basicallySatisfied)] {
            #expect(ItemAnswer(stored: a.stored) == a)
        }
        #expect(ItemAnswer(stored: "maybe") == nil)
    }
}

@Suite struct SurveySampleTests {
    /// 社 1 with 50 households, 社 2 with 30, 社 3 with 20.
    let frame: [SampleFrameEntry] = (1...100).map {
        SampleFrameEntry(householdId: Int64($0), villageGroupId: $0 <= 50 ? 1 : $0 <= 80 ? 2 : 3)
    }

    @Test func theSameSeedGivesTheSameSample() {
        let a = SurveySample.draw(frame, size: 20, seed: 2026)
        let b = SurveySample.draw(frame.reversed(), size: 20, seed: 2026)
        #expect(a == b && a.count == 20 && Set(a).count == 20)
        #expect(SurveySample.draw(frame, size: 20, seed: 2027) != a)
    }

    @Test func aFixedSeedGivesAFixedSample() {
        // The generator is SplitMix64: the sample does not depend on the machine or the Swift version.
        var g = SeededGenerator(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(SurveySample.draw(frame, size: 5, seed: 7) == SurveySample.draw(frame, size: 5, seed: 7))
    }

    @Test func theSampleIsStratifiedBy社InProportion() {
        let picked = Set(SurveySample.draw(frame, size: 20, seed: 99))
        let perGroup = Dictionary(grouping: frame.filter { picked.contains($0.householdId) }, by: \.villageGroupId).mapValues(\.count)
        #expect(perGroup == [1: 10, 2: 6, 3: 4])
        // Remainders go to the 社 with the largest ones: 7 of 100 is 3.5, 2.1, 1.4 → 4, 2, 1.
        #expect(SurveySample.allocation(frame, size: 7) == [1: 4, 2: 2, 3: 1])
    }

    @Test func noSizeOrAFullSizeTakesEveryHousehold() {
        #expect(SurveySample.draw(frame, size: nil, seed: 1).count == 100)
        #expect(SurveySample.draw(frame, size: 100, seed: 1).count == 100)
        #expect(SurveySample.validate(size: 0, frameCount: 100).map(\.field) == ["sampleSize"])
        #expect(SurveySample.validate(size: 101, frameCount: 100).first?.message.zh == "抽样户数不能超过全村户数（100户）")
        #expect(SurveySample.validate(size: nil, frameCount: 100).isEmpty)
    }
}

@Suite struct SurveyBreakdownTests {
    @Test func ratesPer社AndPerItemAgainstTheTargets() {
        let round = SurveyRound(id: 1, name: "评估", heldOn: d("2026-10-01"), conductor: .township)
        let item = SurveyItem(id: 7, roundId: 1, position: 1, kind: .awareness, text: Localized("12356", "12356"), rightAnswer: true)
        let answers = [
            SurveyAnswer(roundId: 1, householdId: 1, aware: true, satisfaction: .satisfied),
            SurveyAnswer(roundId: 1, householdId: 2, aware: false, satisfaction: .basicallySatisfied),
            SurveyAnswer(roundId: 1, householdId: 3, aware: true, satisfaction: .dissatisfied),
        ]
        let b = SurveyBreakdown.of(round, answers: answers, groupOf: [1: "一社", 2: "一社", 3: "二社"],
                                   groupOrder: ["一社", "二社", "三社"], items: [item],
                                   itemAnswers: [1: [7: .yesNo(true)], 2: [7: .yesNo(false)], 3: [7: .yesNo(true)]], sampled: 3)
        #expect(b.groups.map(\.label) == ["一社", "二社", "三社"])
        #expect(b.groups[0].asked == 2 && b.groups[0].aware == 1 && b.groups[0].satisfied == 2)
        #expect(!b.groups[0].meetsAwareness(80) && b.groups[0].meetsSatisfaction(90))
        #expect(b.groups[2].asked == 0 && b.groups[2].awarenessRate == nil)
        #expect(b.total.asked == 3 && b.total.aware == 2 && b.total.satisfied == 2)
        #expect(b.items.first?.answered == 3 && b.items.first?.good == 2 && b.items.first?.meets(round) == false)
    }
}

@Suite struct ReviewMeasureRulesTests {
    let finding = ReviewFinding(id: 1, foundOn: d("2026-10-25"), text: "三社知晓率偏低")

    @Test func aMeasureNeedsAnOwnerAndADeadlineNotBeforeTheReview() {
        let m = ReviewMeasure(findingId: 1, measure: "入户宣讲", owner: "", deadline: d("2026-10-20"))
        #expect(Set(ReviewMeasure.validate(m, finding: finding).map(\.field)) == ["owner", "deadline"])
        #expect(ReviewMeasure.validate(ReviewMeasure(findingId: 1, measure: "入户宣讲", owner: "王主任", deadline: d("2026-11-30")),
                                       finding: finding).isEmpty)
    }

    @Test func overdueOnlyWhileOpenAfterTheDeadline() {
        var m = ReviewMeasure(findingId: 1, measure: "入户宣讲", owner: "王主任", deadline: d("2026-11-20"))
        #expect(!m.isOverdue(on: d("2026-11-20")) && m.isOverdue(on: d("2026-11-21")))
        #expect(m.stateLabel(on: d("2026-11-25")).zh == "逾期")
        m.closedOn = d("2026-11-24")
        #expect(!m.isOverdue(on: d("2026-11-25")) && m.stateLabel(on: d("2026-11-25")).en == "Done 2026-11-24")
    }

    @Test func closingNeedsWhatWasDoneAndADateBetweenTheReviewAndToday() {
        let m = ReviewMeasure(findingId: 1, measure: "入户宣讲", owner: "王主任", deadline: d("2026-11-20"))
        let today = d("2026-11-25")
        #expect(ReviewMeasure.closeProblem(m, on: today, note: " ", finding: finding, today: today)?.field == "closedNote")
        #expect(ReviewMeasure.closeProblem(m, on: d("2026-11-26"), note: "已宣讲", finding: finding, today: today) != nil)
        #expect(ReviewMeasure.closeProblem(m, on: d("2026-10-01"), note: "已宣讲", finding: finding, today: today) != nil)
        #expect(ReviewMeasure.closeProblem(m, on: today, note: "已宣讲", finding: finding, today: today) == nil)
        var closed = m
        closed.closedOn = today
        #expect(ReviewMeasure.closeProblem(closed, on: today, note: "再次", finding: finding, today: today)?.message.zh == "该整改措施已完成")
    }

    @Test func aDiscussionNeedsPointsAndParticipants() {
        let ok = SurveyDiscussion(roundId: 1, heldOn: d("2026-10-22"), participantCount: 12, participants: "王秀兰、李建国", points: "希望公开栏常更新")
        #expect(SurveyDiscussion.validate(ok, on: d("2026-11-25")).isEmpty)
        var bad = ok
        bad.participantCount = 0
        bad.points = ""
        bad.heldOn = d("2026-12-01")
        #expect(Set(SurveyDiscussion.validate(bad, on: d("2026-11-25")).map(\.field)) == ["participantCount", "points", "heldOn"])
    }
}

@Suite struct StarEvidenceTests {
    let round = SurveyRound(id: 1, name: "2026年第三季度调查", heldOn: d("2026-09-20"), conductor: .township)

    /// Facts where every computed criterion is met.
    func facts() -> StarEvidenceFacts {
        StarEvidenceFacts(
            fourHaves: FourHaves.compute(groupsWithMembers: 2, villageRulesInForce: 1, agreementsInForce: 2,
                                         kindsInForce: Set(RuleDocumentKind.fiveSystems)),
            villagePolicies: 2, associationMembers: 5,
            latestSurvey: SurveyResult(round: round, asked: 50, aware: 46, satisfied: 40, basicallySatisfied: 6, dissatisfied: 4),
            dueCount: 10, deliveredCount: 10, overdueCount: 0, groupsWithMembers: 2, groupsWithoutAgreement: [],
            feedbackCount: 3, feedbackOverdue: 0, feedbackClosedLate: 0, brokenChecks: 0, checkRoundsInYear: 2)
    }

    func evidence(_ f: StarEvidenceFacts, _ id: String) -> StarEvidence? {
        StarEvidence.compute(f).first { $0.criterionId == id }
    }

    @Test func everyComputedCriterionIsMetFromGoodRecords() {
        let all = StarEvidence.compute(facts())
        #expect(all.map(\.criterionId) == StarEvidence.computedIds)
        #expect(all.filter { !$0.met }.isEmpty)
    }

    @Test func fourHaves() {
        var f = facts()
        f.fourHaves = FourHaves.compute(groupsWithMembers: 2, villageRulesInForce: 0, agreementsInForce: 2,
                                        kindsInForce: Set(RuleDocumentKind.fiveSystems))
        #expect(evidence(f, "1-fourHaves")?.met == false)
        #expect(evidence(f, "1-fourHaves")?.evidence.zh == "缺村规民约：没有现行的村规民约")
    }

    @Test func policies() {
        var f = facts()
        f.villagePolicies = 1
        #expect(evidence(f, "1-policies")?.met == false && evidence(f, "1-policies")?.evidence.zh == "村级优惠政策1条")
    }

    @Test func association() {
        var f = facts()
        f.associationMembers = 0
        #expect(evidence(f, "1-association")?.met == false)
    }

    @Test func awarenessNamesTheSurvey() {
        let e = evidence(facts(), "1-awareness")
        #expect(e?.met == true && e?.evidence.zh == "知晓率 92.0%（2026年第三季度调查，50户）")
        var f = facts()
        f.latestSurvey?.aware = 39
        #expect(evidence(f, "1-awareness")?.met == false)
        f.latestSurvey = nil
        #expect(evidence(f, "1-awareness")?.evidence.zh == "尚无调查结果")
    }

    @Test func satisfactionCountsBasic() {
        #expect(evidence(facts(), "1-satisfaction")?.evidence.zh == "满意率 92.0%（2026年第三季度调查，50户）")
        var f = facts()
        f.latestSurvey?.basicallySatisfied = 4
        f.latestSurvey?.dissatisfied = 6
        #expect(evidence(f, "1-satisfaction")?.met == false)
    }

    @Test func delivered() {
        var f = facts()
        f.overdueCount = 1
        #expect(evidence(f, "2-delivered")?.met == false && evidence(f, "2-delivered")?.evidence.zh == "已兑现10/10项，逾期1项")
        f.dueCount = 0
        f.overdueCount = 0
        #expect(evidence(f, "2-delivered")?.met == false)
    }

    @Test func archive() {
        var f = facts()
        f.groupsWithoutAgreement = ["三社互助组"]
        #expect(evidence(f, "2-archive")?.met == false && evidence(f, "2-archive")?.evidence.zh == "无生效协议：三社互助组")
    }

    @Test func feedback() {
        var f = facts()
        f.feedbackClosedLate = 1
        #expect(evidence(f, "2-feedback")?.met == false)
        f.feedbackClosedLate = 0
        f.feedbackOverdue = 1
        #expect(evidence(f, "2-feedback")?.met == false)
    }

    @Test func noBreach() {
        var f = facts()
        f.brokenChecks = 1
        #expect(evidence(f, "3-noBreach")?.met == false && evidence(f, "3-noBreach")?.evidence.zh == "近一年检查2轮，失信1项")
        f.brokenChecks = 0
        f.checkRoundsInYear = 0
        #expect(evidence(f, "3-noBreach")?.met == false)
    }

    @Test func aHandTickCannotStandAgainstTheRecords() {
        var f = facts()
        f.associationMembers = 0
        let merged = StarEvidence.merge(ticked: ["1-pledges", "1-association", "3-township"], evidence: StarEvidence.compute(f))
        #expect(merged.contains("1-pledges") && merged.contains("3-township"))
        #expect(!merged.contains("1-association"))
        // Met criteria are ticked though the hand left them out.
        #expect(merged.contains("1-fourHaves") && merged.contains("3-noBreach"))
    }
}
