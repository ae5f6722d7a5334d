import Domain
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

@Suite struct SurveyRateTests {
    let round = SurveyRound(id: 1, name: "评估", heldOn: d("2026-10-01"), conductor: .township)

    func answers(aware: Int, unaware: Int, satisfied: Int = 0, basic: Int = 0, dissatisfied: Int = 0) -> [SurveyAnswer] {
        var out: [SurveyAnswer] = []
        var satisfactions = Array(repeating: Satisfaction.satisfied, count: satisfied)
            + Array(repeating: .basicallySatisfied, count: basic) + Array(repeating: .dissatisfied, count: dissatisfied)
        for i in 0..<(aware + unaware) {
            let s = satisfactions.isEmpty ? Satisfaction.satisfied : satisfactions.removeFirst()
            out.append(SurveyAnswer(roundId: 1, householdId: Int64(i + 1), aware: i < aware, satisfaction: s))
        }
        return out
    }

    @Test func ratesAtExactlyTheTargetMeetThem() {
        // 8 of 10 aware = 80%; 9 of 10 satisfied (basic included) = 90%.
        let r = SurveyResult.of(round, answers: answers(aware: 8, unaware: 2, satisfied: 5, basic: 4, dissatisfied: 1))
        #expect(r.asked == 10 && r.aware == 8 && r.satisfiedInAll == 9)
        #expect(r.meetsAwareness && r.meetsSatisfaction && r.meetsTargets)
        #expect(SurveyResult.percent(r.awarenessRate) == "80.0%" && SurveyResult.percent(r.satisfactionRate) == "90.0%")
    }

    @Test func oneHouseholdShortMissesTheTarget() {
        let r = SurveyResult.of(round, answers: answers(aware: 7, unaware: 3, satisfied: 8, dissatisfied: 2))
        #expect(!r.meetsAwareness && !r.meetsSatisfaction && !r.meetsTargets)
    }

    @Test func basicallySatisfiedCountsAsSatisfied() {
        let r = SurveyResult.of(round, answers: answers(aware: 10, unaware: 0, basic: 10))
        #expect(r.satisfied == 0 && r.basicallySatisfied == 10 && r.meetsSatisfaction)
        #expect(Satisfaction.basicallySatisfied.countsAsSatisfied && !Satisfaction.dissatisfied.countsAsSatisfied)
    }

    @Test func targetsAreStoredPerRound() {
        var strict = round
        strict.awarenessTarget = 90
        let a = answers(aware: 17, unaware: 3)   // 85%
        #expect(SurveyResult.of(round, answers: a).meetsAwareness)
        #expect(!SurveyResult.of(strict, answers: a).meetsAwareness)
        // 2 of 3 = 66.7%, rounded to tenths.
        #expect(SurveyResult.percent(SurveyResult.of(round, answers: answers(aware: 2, unaware: 1)).awarenessRate) == "66.7%")
    }

    @Test func nobodyAskedMeetsNothing() {
        let r = SurveyResult.of(round, answers: [])
        #expect(r.awarenessRate == nil && !r.meetsTargets && SurveyResult.percent(r.awarenessRate) == "—")
    }

    @Test func roundValidation() {
        var r = SurveyRound(name: " ", heldOn: d("2026-12-01"), conductor: .selfAssessment, awarenessTarget: 0,
                            satisfactionTarget: 101)
        #expect(Set(SurveyRound.validate(r, on: d("2026-11-25")).map(\.field))
                == ["name", "heldOn", "awarenessTarget", "satisfactionTarget"])
        r = SurveyRound(name: "自评", heldOn: d("2026-11-25"), conductor: .selfAssessment)
        #expect(SurveyRound.validate(r, on: d("2026-11-25")).isEmpty)
        #expect(r.awarenessTarget == 80 && r.satisfactionTarget == 90)
    }
}

@Suite struct FourHavesTests {
    let allKinds = Set(RuleDocumentKind.fiveSystems)

    @Test func allFourFromCounts() {
        let f = FourHaves.compute(groupsWithMembers: 2, villageRulesInForce: 1, agreementsInForce: 3, kindsInForce: allKinds)
        #expect(f.all && f.missing.isEmpty && f.items.allSatisfy(\.has))
    }

    @Test func eachMissingItemIsNamed() {
        let f = FourHaves.compute(groupsWithMembers: 0, villageRulesInForce: 0, agreementsInForce: 0,
                                  kindsInForce: [.organisation, .publicAffairs, .villageRules])
        #expect(!f.all && !f.hasHonestyGroups && !f.hasVillageRules && !f.hasAgreements && !f.hasRuleDocuments)
        #expect(f.missingSystems == [.rewardsPenalties, .democraticSupervision, .effectEvaluation])
        #expect(f.missing.count == 4)
        #expect(f.missing[3].zh == "缺规章制度：奖励惩罚制度、民主监督制度、效果评估制度")
    }

    @Test func theVillageRulesAndCharterAreNotPartOfTheFiveSystems() {
        let f = FourHaves.compute(groupsWithMembers: 1, villageRulesInForce: 1, agreementsInForce: 1,
                                  kindsInForce: [.villageRules, .charter])
        #expect(!f.hasRuleDocuments && f.missingSystems.count == 5 && f.missing.count == 1)
        #expect(!RuleDocumentKind.villageRules.isFiveSystems && RuleDocumentKind.effectEvaluation.isFiveSystems)
    }

    @Test func aDocumentIsInForceFromItsAdoptionUntilSuperseded() {
        var doc = RuleDocument(kind: .villageRules, title: "村规民约", adoptedOn: d("2026-01-15"), adoptedBy: "村民代表大会")
        #expect(!doc.isInForce(on: d("2026-01-14")) && doc.isInForce(on: d("2026-01-15")))
        doc.supersededById = 9
        #expect(!doc.isInForce(on: d("2026-06-01")))
    }

    @Test func ruleDocumentValidation() {
        let bad = RuleDocument(kind: .organisation, title: "", adoptedOn: d("2026-12-01"), adoptedBy: "")
        #expect(Set(RuleDocument.validate(bad, on: d("2026-11-25")).map(\.field)) == ["title", "adoptedOn", "adoptedBy"])
    }
}

@Suite struct FeedbackRulesTests {
    func entry(deadline: String, status: FeedbackStatus = .pending) -> FeedbackEntry {
        FeedbackEntry(receivedOn: d("2026-11-01"), source: .hotline, raisedBy: "张三", content: "咨询", handler: "专干",
                      deadline: d(deadline), status: status)
    }

    @Test func overdueIsOpenWithTheDeadlineBeforeToday() {
        let e = entry(deadline: "2026-11-20")
        #expect(!e.isOverdue(on: d("2026-11-20")))   // the deadline day is still in time
        #expect(e.isOverdue(on: d("2026-11-21")))
        var closed = entry(deadline: "2026-11-20", status: .closed)
        closed.outcome = "已答复"
        closed.closedOn = d("2026-11-22")
        #expect(!closed.isOverdue(on: d("2026-11-25")))
        var voided = e
        voided.voidedOn = d("2026-11-22")
        #expect(!voided.isOverdue(on: d("2026-11-25")) && !voided.isOpen)
        #expect(FeedbackFilter.overdue(on: d("2026-11-21")).includes(e) && !FeedbackFilter.closed.includes(e))
        #expect(FeedbackFilter.open.includes(e) && FeedbackFilter.all.includes(voided) && !FeedbackFilter.open.includes(voided))
    }

    @Test func anonymousEntriesKeepNoNameOrContact() {
        var e = entry(deadline: "2026-11-20")
        e.anonymous = true
        e.contact = "13900000000"
        let n = e.normalized()
        #expect(n.raisedBy.isEmpty && n.contact.isEmpty && n.raisedByText.zh == "（匿名）")
        #expect(FeedbackEntry.validate(n, on: d("2026-11-25")).isEmpty)
        // Not anonymous: a name is required.
        var named = entry(deadline: "2026-11-20")
        named.raisedBy = ""
        #expect(FeedbackEntry.validate(named, on: d("2026-11-25")).map(\.field) == ["raisedBy"])
    }

    @Test func closingNeedsAnOutcomeAndADate() {
        let e = entry(deadline: "2026-11-20", status: .closed)
        #expect(Set(FeedbackEntry.validate(e, on: d("2026-11-25")).map(\.field)) == ["outcome", "closedOn"])
        var early = e
        early.outcome = "已办"
        early.closedOn = d("2026-10-31")
        #expect(FeedbackEntry.validate(early, on: d("2026-11-25")).map(\.field) == ["closedOn"])
    }

    @Test func theDeadlineCannotBeBeforeTheDateReceivedAndNothingIsFromTheFuture() {
        var e = entry(deadline: "2026-10-30")
        e.receivedOn = d("2026-11-01")
        #expect(FeedbackEntry.validate(e, on: d("2026-11-25")).map(\.field) == ["deadline"])
        e = entry(deadline: "2026-12-30")
        e.receivedOn = d("2026-11-26")
        #expect(FeedbackEntry.validate(e, on: d("2026-11-25")).map(\.field) == ["receivedOn"])
        e.handler = ""
        e.content = ""
        #expect(Set(FeedbackEntry.validate(e, on: d("2026-11-25")).map(\.field)) == ["receivedOn", "handler", "content"])
    }
}
