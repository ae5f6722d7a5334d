import Foundation
import Testing
import GRDB
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }
private let today = d("2026-11-25")

/// Data/star_criteria.json in the repository.
let starCriteriaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Data/star_criteria.json")

@Suite struct SurveyStoreTests {
    @Test func theMigrationIsRegisteredByItsName() throws {
        let f = try Fixture()
        let applied = try f.db.reader.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v4 assessments, rule documents, feedback"))
    }

    @Test func roundTripAndRatesFromTheAnswers() throws {
        let f = try Fixture()
        let (h1, _) = try f.household("0101", head: "张三", n: 1)
        let (h2, _) = try f.household("0102", head: "李四", n: 2)
        let (h3, _) = try f.household("0103", head: "王五", n: 3)
        let round = try f.db.createSurveyRound(SurveyRound(name: " 年度评估 ", heldOn: d("2026-10-01"), conductor: .township,
                                                           awarenessTarget: 60, note: "入户问卷"), on: today)
        #expect(round.id != nil && round.name == "年度评估")
        #expect(try f.db.surveyRounds() == [round])
        try f.db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h1.id!, aware: true, satisfaction: .satisfied))
        try f.db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h2.id!, aware: false, satisfaction: .basicallySatisfied))
        try f.db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h3.id!, aware: true, satisfaction: .dissatisfied))
        var r = try f.db.surveyResult(roundId: round.id!)
        #expect(r.asked == 3 && r.aware == 2 && r.satisfiedInAll == 2 && r.meetsAwareness && !r.meetsSatisfaction)
        // Re-recording replaces: household 3 changes its mind.
        try f.db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h3.id!, aware: true, satisfaction: .satisfied))
        r = try f.db.surveyResult(roundId: round.id!)
        #expect(r.asked == 3 && r.satisfiedInAll == 3 && r.meetsSatisfaction && r.meetsTargets)
        #expect(try f.db.surveyAnswers(roundId: round.id!).count == 3)
        #expect(try f.db.latestSurveyResult()?.round.id == round.id)
    }

    @Test func latestIsTheNewestRoundAndNoneWhenEmpty() throws {
        let f = try Fixture()
        #expect(try f.db.latestSurveyResult() == nil)
        try f.db.createSurveyRound(SurveyRound(name: "上半年自评", heldOn: d("2026-06-01"), conductor: .selfAssessment), on: today)
        let newer = try f.db.createSurveyRound(SurveyRound(name: "乡镇评估", heldOn: d("2026-10-01"), conductor: .township), on: today)
        #expect(try f.db.latestSurveyResult()?.round == newer)
    }

    @Test func badRoundsAndAnswersAreRefused() throws {
        let f = try Fixture()
        let fields = invalidFields {
            try f.db.createSurveyRound(SurveyRound(name: "", heldOn: d("2026-12-01"), conductor: .township,
                                                   satisfactionTarget: 0), on: today)
        }
        #expect(Set(fields?.map(\.field) ?? []) == ["name", "heldOn", "satisfactionTarget"])
        #expect(throws: StoreError.notFound) {
            try f.db.recordSurveyAnswer(SurveyAnswer(roundId: 99, householdId: 1, aware: true, satisfaction: .satisfied))
        }
        #expect(try f.db.surveyRounds().isEmpty)
    }

    @Test func editingARoundKeepsItsAnswers() throws {
        let f = try Fixture()
        let (h, _) = try f.household("0101", head: "张三", n: 1)
        var round = try f.db.createSurveyRound(SurveyRound(name: "自评", heldOn: d("2026-06-01"), conductor: .selfAssessment), on: today)
        try f.db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h.id!, aware: true, satisfaction: .satisfied))
        round.awarenessTarget = 90
        try f.db.updateSurveyRound(round, on: today)
        let r = try f.db.surveyResult(roundId: round.id!)
        #expect(r.round.awarenessTarget == 90 && r.asked == 1)
    }
}

@Suite struct StarStoreTests {
    func database() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.installStarCriteria(from: starCriteriaURL)
        return db
    }

    func pass(_ db: AppDatabase, _ date: String, _ level: Int) -> StarReview {
        StarReview(reviewedOn: d(date), levelApplied: level,
                   criteriaMet: ((try? db.starCriteria()) ?? StarCriteriaCatalog(criteria: [])).required(for: level).map(\.id),
                   passed: true, reviewer: "县计生协")
    }

    @Test func theCatalogueFileInstallsOnceAndIsValid() throws {
        let db = try database()
        try db.installStarCriteria(from: starCriteriaURL)
        let catalog = try db.starCriteria()
        #expect(catalog.problems.isEmpty)
        #expect(Set(catalog.criteria.map(\.level)) == [1, 2, 3])
        #expect(catalog.criteria.count == 12)
        #expect(catalog.criteria.first?.id == "1-fourHaves")
    }

    @Test func reviewsRoundTripAndTheStatusIsDerived() throws {
        let db = try database()
        let first = try db.recordStarReview(pass(db, "2025-06-26", 1), on: today)
        #expect(first.id != nil)
        try db.recordStarReview(pass(db, "2025-09-25", 2), on: today)
        let failed = try db.recordStarReview(StarReview(reviewedOn: d("2025-12-20"), levelApplied: 2, criteriaMet: ["1-pledges"],
                                                        passed: false, failureAction: .downgrade, downgradeTo: 1,
                                                        reviewer: "县计生协", note: "承诺未兑现"), on: today)
        let all = try db.starReviews()
        #expect(all.count == 3 && all.first == failed && all.first?.criteriaMet == ["1-pledges"])
        #expect(all.last == first)
        let s = try db.starStatus(on: d("2026-01-10"))
        #expect(s.level == 1 && s.rectifyBy == d("2026-12-20") && s.barredUntil == nil && s.lastReview == failed)
        // Not rectified by 2026-12-20: barred three more years, which the store refuses by date.
        let later = try db.starStatus(on: d("2026-12-21"))
        #expect(later.level == 0 && later.barredUntil == d("2029-12-20"))
        let message = refusal { try db.recordStarReview(pass(db, "2027-01-05", 1), on: d("2027-01-06")) }
        #expect(message?.zh.contains("禁止申报至 2029-12-20（含）") == true)
        #expect(message?.en.contains("barred through 2029-12-20") == true)
        #expect(try db.starReviews().count == 3)
    }

    @Test func aRectifyingPassInTheYearLiftsTheClock() throws {
        let db = try database()
        try db.recordStarReview(pass(db, "2025-06-26", 1), on: today)
        try db.recordStarReview(StarReview(reviewedOn: d("2025-09-25"), levelApplied: 1, passed: false,
                                           failureAction: .revoke, reviewer: "县计生协"), on: today)
        try db.recordStarReview(pass(db, "2026-09-25", 1), on: today)
        let s = try db.starStatus(on: today)
        #expect(s.level == 1 && s.barredUntil == nil && s.rectifyBy == nil)
    }

    @Test func theStoreRefusesTheSameQuarterAFutureDateAndMissingCriteria() throws {
        let db = try database()
        try db.recordStarReview(pass(db, "2026-07-01", 1), on: today)
        #expect(invalidFields { try db.recordStarReview(pass(db, "2026-09-30", 1), on: today) }?.map(\.field) == ["reviewedOn"])
        #expect(invalidFields { try db.recordStarReview(pass(db, "2026-11-26", 2), on: today) }?.map(\.field) == ["reviewedOn"])
        var short = pass(db, "2026-10-10", 2)
        short.criteriaMet.removeLast()
        #expect(invalidFields { try db.recordStarReview(short, on: today) }?.map(\.field) == ["criteriaMet"])
        #expect(try db.starReviews().count == 1)
    }

    @Test func aPassKeepsNoFailureActionAndCriteriaKeepTheCatalogueOrder() throws {
        let db = try database()
        var r = pass(db, "2026-07-01", 1)
        r.criteriaMet.reverse()
        r.failureAction = .revoke
        r.downgradeTo = 1
        let saved = try db.recordStarReview(r, on: today)
        #expect(saved.failureAction == nil && saved.downgradeTo == nil)
        #expect(try db.starReviews().first?.criteriaMet == pass(db, "2026-07-01", 1).criteriaMet)
    }
}

@Suite struct RuleDocumentAndFourHavesStoreTests {
    @Test func aNewDocumentSupersedesTheCurrentOneOfItsKind() throws {
        let f = try Fixture()
        let old = try f.db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "村规民约", adoptedOn: d("2024-12-20"),
                                                         adoptedBy: "村民代表大会"), on: today)
        let new = try f.db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "村规民约（修订）", adoptedOn: d("2026-01-15"),
                                                         adoptedBy: "村民代表大会"), on: today)
        #expect(try f.db.ruleDocuments().map(\.id) == [new.id])
        let all = try f.db.ruleDocuments(includeSuperseded: true)
        #expect(all.count == 2 && all.first { $0.id == old.id }?.supersededById == new.id)
        // An older document cannot supersede a newer one.
        #expect(invalidFields {
            try f.db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "旧稿", adoptedOn: d("2025-01-01"),
                                                   adoptedBy: "村民会议"), on: today)
        }?.map(\.field) == ["adoptedOn"])
        // Editing keeps the kind and the supersession.
        var edited = all.first { $0.id == old.id }!
        edited.note = "已废止"
        try f.db.saveRuleDocument(edited, on: today)
        #expect(try f.db.ruleDocuments(includeSuperseded: true).first { $0.id == old.id }?.supersededById == new.id)
        edited.kind = .charter
        #expect(invalidFields { try f.db.saveRuleDocument(edited, on: today) }?.map(\.field) == ["kind"])
    }

    @Test func documentsListFiveSystemsFirst() throws {
        let f = try Fixture()
        try f.db.saveRuleDocument(RuleDocument(kind: .charter, title: "章程", adoptedOn: d("2025-01-01"), adoptedBy: "村民会议"), on: today)
        try f.db.saveRuleDocument(RuleDocument(kind: .organisation, title: "组织保障", adoptedOn: d("2025-02-01"), adoptedBy: "村民会议"), on: today)
        #expect(try f.db.ruleDocuments().map(\.kind) == [.organisation, .charter])
    }

    @Test func fourHavesFromTheRecords() throws {
        let a = try AgreementFixture()
        let db = a.db
        var f = try db.fourHaves(on: today)
        // The fixture's group has members; there are no documents or agreements yet.
        #expect(f.hasHonestyGroups && !f.hasVillageRules && !f.hasAgreements && !f.hasRuleDocuments)
        #expect(f.missingSystems.count == 5)
        for kind in RuleDocumentKind.fiveSystems + [.villageRules] {
            try db.saveRuleDocument(RuleDocument(kind: kind, title: kind.label.zh, adoptedOn: d("2026-02-18"),
                                                 adoptedBy: "村民代表大会"), on: today)
        }
        let agreement = try a.create()
        try db.startSigning(agreementId: agreement.id!, on: groupToday)
        try a.signAll(agreement)
        f = try db.fourHaves(on: today)
        #expect(f.all && f.missing.isEmpty)
        // Before the documents were adopted they do not count.
        #expect(!(try db.fourHaves(on: d("2026-02-17"))).hasRuleDocuments)
        // An expired agreement does not count.
        #expect(!(try db.fourHaves(on: d("2029-03-01"))).hasAgreements)
    }
}

@Suite struct FeedbackStoreTests {
    func entry(_ received: String = "2026-11-01", deadline: String = "2026-11-20") -> FeedbackEntry {
        FeedbackEntry(receivedOn: d(received), source: .hotline, raisedBy: "张三", contact: "13912345678",
                      content: "咨询奖励政策", handler: "专干", deadline: d(deadline))
    }

    @Test func roundTripFiltersAndCounts() throws {
        let f = try Fixture()
        let overdue = try f.db.saveFeedback(entry(), on: today)
        let inTime = try f.db.saveFeedback(entry("2026-11-20", deadline: "2026-11-25"), on: today)
        let closed = try f.db.saveFeedback(entry("2026-10-01", deadline: "2026-10-10"), on: today)
        try f.db.closeFeedback(id: closed.id!, outcome: "已答复", on: d("2026-10-09"), today: today)
        #expect(try f.db.feedbackEntry(id: overdue.id!) == overdue)
        #expect(try f.db.feedbackEntries(filter: .all).map(\.id) == [inTime.id, overdue.id, closed.id])
        #expect(try f.db.feedbackEntries(filter: .open).map(\.id) == [inTime.id, overdue.id])
        #expect(try f.db.feedbackEntries(filter: .overdue(on: today)).map(\.id) == [overdue.id])
        #expect(try f.db.feedbackEntries(filter: .closed).map(\.id) == [closed.id])
        let counts = try f.db.feedbackCounts(on: today)
        #expect(counts.open == 2 && counts.overdue == 1)
        // On the day after, the one due on the 25th is overdue too.
        #expect(try f.db.feedbackCounts(on: d("2026-11-26")).overdue == 2)
        let c = try #require(try f.db.feedbackEntry(id: closed.id!))
        #expect(c.status == .closed && c.outcome == "已答复" && c.closedOn == d("2026-10-09"))
    }

    @Test func anonymousEntriesStoreNoNameOrContact() throws {
        let f = try Fixture()
        var e = entry()
        e.anonymous = true
        let saved = try f.db.saveFeedback(e, on: today)
        let raw = try f.db.reader.read { db in try Row.fetchOne(db, sql: "SELECT raised_by, contact FROM feedback WHERE id = ?",
                                                                arguments: [saved.id]) }
        #expect(raw?["raised_by"] == "" && raw?["contact"] == "")
    }

    @Test func closingNeedsAnOutcomeAndClosedEntriesDoNotChange() throws {
        let f = try Fixture()
        let e = try f.db.saveFeedback(entry(), on: today)
        #expect(invalidFields { try f.db.closeFeedback(id: e.id!, outcome: " ", on: today, today: today) }?.map(\.field) == ["outcome"])
        #expect(invalidFields { try f.db.closeFeedback(id: e.id!, outcome: "已办", on: d("2026-11-26"), today: today) }?
            .map(\.field) == ["closedOn"])
        try f.db.closeFeedback(id: e.id!, outcome: "已办", on: today, today: today)
        var changed = try #require(try f.db.feedbackEntry(id: e.id!))
        changed.content = "改过"
        #expect(refusal { try f.db.saveFeedback(changed, on: today) }?.zh.contains("不能修改") == true)
        #expect(refusal { try f.db.closeFeedback(id: e.id!, outcome: "再办", on: today, today: today) } != nil)
    }

    @Test func voidingKeepsTheEntryWithItsReason() throws {
        let f = try Fixture()
        let e = try f.db.saveFeedback(entry(), on: today)
        #expect(invalidFields { try f.db.voidFeedback(id: e.id!, reason: "", on: today) }?.map(\.field) == ["voidReason"])
        try f.db.voidFeedback(id: e.id!, reason: "重复登记", on: today)
        let v = try #require(try f.db.feedbackEntry(id: e.id!))
        #expect(v.voidedOn == today && v.voidReason == "重复登记")
        #expect(try f.db.feedbackEntries(filter: .all).count == 1)
        #expect(try f.db.feedbackEntries(filter: .open).isEmpty)
        #expect(try f.db.feedbackCounts(on: today).open == 0)
        #expect(refusal { try f.db.voidFeedback(id: e.id!, reason: "再次", on: today) } != nil)
        #expect(refusal { try f.db.saveFeedback(v, on: today) } != nil)
    }

    @Test func badEntriesAreRefusedWithFieldErrors() throws {
        let f = try Fixture()
        var e = entry(deadline: "2026-10-01")
        e.handler = ""
        #expect(Set(invalidFields { try f.db.saveFeedback(e, on: today) }?.map(\.field) ?? []) == ["deadline", "handler"])
        #expect(try f.db.feedbackEntries(filter: .all).isEmpty)
    }
}

@Suite struct DemoAssessmentTests {
    @Test func theDemoVillageHasItsAssessmentRecords() throws {
        let db = try AppDatabase.inMemory()
        try DemoVillage.build(into: db, specURL: demoSpecURL)
        let round = try #require(try db.surveyRounds().first { $0.conductor == .township })
        let r = try db.surveyResult(roundId: round.id!)
        #expect(r.asked == 60 && r.meetsTargets)
        let s = try db.starStatus(on: d("2026-11-25"))
        #expect(s.level == 2 && s.barredUntil == nil)
        #expect(try db.starReviews().count == 6)
        #expect(try db.fourHaves(on: d("2026-11-25")).hasRuleDocuments)
        #expect(try db.fourHaves(on: d("2026-11-25")).hasVillageRules)
        #expect(try db.ruleDocuments(includeSuperseded: true).count == 8)
        #expect(try db.feedbackEntries(filter: .all).count == 8)
        let counts = try db.feedbackCounts(on: d("2026-11-25"))
        #expect(counts.open == 2 && counts.overdue == 1)
        // Deterministic: a second build gives the same answers.
        let db2 = try AppDatabase.inMemory()
        try DemoVillage.build(into: db2, specURL: demoSpecURL)
        #expect(try db2.surveyAnswers(roundId: round.id!).mapValues(\.satisfaction)
                == db.surveyAnswers(roundId: round.id!).mapValues(\.satisfaction))
    }
}
