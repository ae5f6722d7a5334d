import Domain
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

private let catalog = StarCriteriaCatalog(criteria: [
    StarCriterion(id: "1-a", level: 1, label: Localized("一星甲", "one a")),
    StarCriterion(id: "1-b", level: 1, label: Localized("一星乙", "one b")),
    StarCriterion(id: "2-a", level: 2, label: Localized("二星甲", "two a")),
    StarCriterion(id: "3-a", level: 3, label: Localized("三星甲", "three a")),
])

private func pass(_ date: String, _ level: Int, id: Int64? = nil) -> StarReview {
    StarReview(id: id, reviewedOn: d(date), levelApplied: level, criteriaMet: catalog.required(for: level).map(\.id),
               passed: true, reviewer: "县计生协")
}

private func fail(_ date: String, _ level: Int, _ action: StarFailureAction, to: Int? = nil) -> StarReview {
    StarReview(reviewedOn: d(date), levelApplied: level, passed: false, failureAction: action, downgradeTo: to,
               reviewer: "县计生协")
}

/// The history as the store would hold it: each review recorded only when the rules allow it.
private func recorded(_ reviews: [StarReview], today: LocalDate = d("2035-01-01")) -> [StarReview] {
    var history: [StarReview] = []
    for (i, var r) in reviews.enumerated() {
        let problems = StarRating.problems(recording: r, into: history, catalog: catalog, on: today)
        #expect(problems.isEmpty, "review \(i) on \(r.reviewedOn): \(problems.map(\.message.en))")
        r.id = Int64(i + 1)
        history.append(r)
    }
    return history
}

@Suite struct StarRatingTests {
    @Test func noReviewsMeansNoTitleAndNoBar() {
        let s = StarRating.status([], on: d("2026-01-01"))
        #expect(s.level == 0 && s.barredUntil == nil && s.lastReview == nil && s.rectifyBy == nil)
        #expect(s.stars == "☆☆☆")
    }

    @Test func passingReviewsRaiseTheLevelOneAtATime() {
        let h = recorded([pass("2025-03-20", 1), pass("2025-06-20", 2), pass("2025-09-20", 3)])
        #expect(StarRating.status(h, on: d("2025-03-19")).level == 0)
        #expect(StarRating.status(h, on: d("2025-03-20")).level == 1)
        #expect(StarRating.status(h, on: d("2025-07-01")).level == 2)
        let now = StarRating.status(h, on: d("2025-12-01"))
        #expect(now.level == 3 && now.stars == "★★★" && now.lastReview?.reviewedOn == d("2025-09-20"))
    }

    @Test func skippingALevelIsRefused() {
        let problems = StarRating.problems(recording: pass("2025-03-20", 2), into: [], catalog: catalog, on: d("2026-01-01"))
        #expect(problems.map(\.field) == ["levelApplied"])
        #expect(problems[0].message.zh.contains("最多可申报1星"))
    }

    @Test func aPassNeedsEveryCriterionOfTheLevelAndBelow() {
        let h = recorded([pass("2025-03-20", 1)])
        var r = pass("2025-06-20", 2)
        r.criteriaMet = ["2-a", "1-a"]
        let problems = StarRating.problems(recording: r, into: h, catalog: catalog, on: d("2026-01-01"))
        #expect(problems.map(\.field) == ["criteriaMet"])
        #expect(problems[0].message.zh.contains("一星乙"))
        r.criteriaMet.append("1-b")
        #expect(StarRating.problems(recording: r, into: h, catalog: catalog, on: d("2026-01-01")).isEmpty)
        // A failure may have met any subset.
        var f = fail("2025-06-20", 2, .revoke)
        f.criteriaMet = ["1-a"]
        #expect(StarRating.problems(recording: f, into: h, catalog: catalog, on: d("2026-01-01")).isEmpty)
        f.criteriaMet = ["9-nope"]
        #expect(StarRating.problems(recording: f, into: h, catalog: catalog, on: d("2026-01-01")).map(\.field) == ["criteriaMet"])
    }

    @Test func aFailureDowngradesToTheChosenLowerLevel() {
        let h = recorded([pass("2025-03-20", 1), pass("2025-06-20", 2), fail("2025-09-20", 2, .downgrade, to: 1)])
        let s = StarRating.status(h, on: d("2025-10-01"))
        #expect(s.level == 1 && s.stars == "★☆☆")
        #expect(s.rectifyBy == d("2026-09-20") && s.barredUntil == nil)
    }

    @Test func aFailureRevokes() {
        let h = recorded([pass("2025-03-20", 1), pass("2025-06-20", 2), fail("2025-09-20", 2, .revoke)])
        #expect(StarRating.status(h, on: d("2025-10-01")).level == 0)
    }

    @Test func aDowngradeMustBeLowerThanTheLevelReviewedAndNotAboveTheLevelHeld() {
        let h = recorded([pass("2025-03-20", 1), pass("2025-06-20", 2)])
        let today = d("2026-01-01")
        // Not lower than reviewed.
        #expect(StarRating.problems(recording: fail("2025-09-20", 2, .downgrade, to: 2), into: h, catalog: catalog, on: today)
            .map(\.field) == ["downgradeTo"])
        // No level given.
        #expect(StarRating.problems(recording: fail("2025-09-20", 2, .downgrade), into: h, catalog: catalog, on: today)
            .map(\.field) == ["downgradeTo"])
        // A failed application for 3 stars may keep 2 (lower than 3, not above 2) but not go to 3.
        #expect(StarRating.problems(recording: fail("2025-09-20", 3, .downgrade, to: 2), into: h, catalog: catalog, on: today).isEmpty)
        // No failure action at all.
        var r = fail("2025-09-20", 2, .revoke)
        r.failureAction = nil
        #expect(StarRating.problems(recording: r, into: h, catalog: catalog, on: today).map(\.field) == ["failureAction"])
        // A village with no title that fails cannot be downgraded.
        let none = StarRating.problems(recording: fail("2025-03-20", 1, .downgrade, to: 1), into: [], catalog: catalog, on: today)
        #expect(none.map(\.field) == ["downgradeTo"] && none[0].message.zh.contains("取消资格"))
    }

    @Test func aPassWithinAYearRectifiesAndNoBarFollows() {
        let h = recorded([pass("2025-03-20", 1), fail("2025-06-20", 1, .revoke), pass("2026-03-20", 1)])
        for day in ["2026-06-21", "2027-01-01", "2030-01-01"] {
            let s = StarRating.status(h, on: d(day))
            #expect(s.barredUntil == nil && s.level == 1 && s.rectifyBy == nil, "\(day)")
        }
        #expect(StarRating.bars(h).isEmpty)
    }

    @Test func aPassOnTheLastDayOfTheYearStillRectifies() {
        // Failed 2025-06-20: a pass on 2026-06-20 is in time.
        let h = recorded([pass("2025-03-20", 1), fail("2025-06-20", 1, .revoke), pass("2026-06-20", 1)])
        #expect(StarRating.bars(h).isEmpty)
        #expect(StarRating.status(h, on: d("2026-06-21")).barredUntil == nil)
    }

    @Test func notRectifiedWithinAYearBarsForThreeYearsWithExactBoundaries() {
        let h = recorded([pass("2025-03-20", 1), fail("2025-06-20", 1, .downgrade, to: nil).with(action: .revoke)])
        #expect(StarRating.rectificationDeadline(after: d("2025-06-20")) == d("2026-06-20"))
        #expect(StarRating.barEnd(after: d("2025-06-20")) == d("2029-06-20"))
        // The last day of the rectification year: not barred yet, still time to rectify.
        let lastDay = StarRating.status(h, on: d("2026-06-20"))
        #expect(lastDay.barredUntil == nil && lastDay.rectifyBy == d("2026-06-20"))
        // The day after: barred through 2029-06-20, and the title is lost.
        let first = StarRating.status(h, on: d("2026-06-21"))
        #expect(first.barredUntil == d("2029-06-20") && first.level == 0 && first.lostForNotRectifying)
        #expect(StarRating.status(h, on: d("2029-06-20")).barredUntil == d("2029-06-20"))
        // Free again the day after the bar ends.
        #expect(StarRating.status(h, on: d("2029-06-21")).barredUntil == nil)
    }

    @Test func aDowngradedVillageThatIsNotRectifiedLosesTheTitleToo() {
        let h = recorded([pass("2025-03-20", 1), pass("2025-06-20", 2), fail("2025-09-20", 2, .downgrade, to: 1)])
        #expect(StarRating.status(h, on: d("2026-09-20")).level == 1)
        let after = StarRating.status(h, on: d("2026-09-21"))
        #expect(after.level == 0 && after.barredUntil == d("2029-09-20"))
    }

    @Test func recordingWhileBarredIsRefusedNamingTheEndOfTheBar() {
        let h = recorded([pass("2025-03-20", 1), fail("2025-06-20", 1, .revoke)])
        let today = d("2027-01-10")
        let problems = StarRating.problems(recording: pass("2026-12-20", 1), into: h, catalog: catalog, on: today)
        #expect(problems.count == 1)
        #expect(problems[0].message.zh.contains("禁止申报至 2029-06-20（含）") && problems[0].message.zh.contains("2029-06-21 起可再申请"))
        // Inside the rectification year it is allowed (that is how a village rectifies).
        #expect(StarRating.problems(recording: pass("2026-06-20", 1), into: h, catalog: catalog, on: today).isEmpty)
        // After the bar a new application starts from no title.
        #expect(StarRating.problems(recording: pass("2029-06-21", 1), into: h, catalog: catalog, on: d("2029-07-01")).isEmpty)
        #expect(StarRating.problems(recording: pass("2029-06-21", 2), into: h, catalog: catalog, on: d("2029-07-01"))
            .map(\.field) == ["levelApplied"])
    }

    @Test func aSecondFailureInTheRectificationYearDoesNotExtendTheFirstDeadline() {
        let h = recorded([pass("2025-03-20", 1), fail("2025-06-20", 1, .revoke), fail("2025-09-20", 1, .revoke)])
        // The first failure's year ends 2026-06-20 unrectified; its bar and the second's run together.
        let s = StarRating.status(h, on: d("2026-06-21"))
        #expect(s.barredUntil == d("2029-09-20"))
        #expect(StarRating.bars(h).count == 2)
    }

    @Test func aFailureOnTheTwentyNinthOfFebruaryHasItsYearEndOnTheTwentyEighth() {
        #expect(StarRating.rectificationDeadline(after: d("2028-02-29")) == d("2029-02-28"))
        #expect(StarRating.barEnd(after: d("2028-02-29")) == d("2032-02-28"))
    }

    @Test func aReviewDatedInTheFutureIsRefused() {
        let problems = StarRating.problems(recording: pass("2026-11-26", 1), into: [], catalog: catalog, on: d("2026-11-25"))
        #expect(problems.map(\.field) == ["reviewedOn"])
        #expect(problems[0].message.zh.contains("不能晚于今天"))
        #expect(StarRating.problems(recording: pass("2026-11-25", 1), into: [], catalog: catalog, on: d("2026-11-25")).isEmpty)
    }

    @Test func oneReviewPerQuarter() {
        let h = recorded([pass("2025-04-01", 1)])
        let same = StarRating.problems(recording: pass("2025-06-30", 1), into: h, catalog: catalog, on: d("2026-01-01"))
        #expect(same.map(\.field) == ["reviewedOn"] && same[0].message.zh.contains("2025年第2季度已有评定"))
        #expect(StarRating.problems(recording: pass("2025-07-01", 1), into: h, catalog: catalog, on: d("2026-01-01")).isEmpty)
        #expect(StarRating.quarter(of: d("2025-03-31")) == "2025Q1" && StarRating.quarter(of: d("2025-10-01")) == "2025Q4")
    }

    @Test func reviewsAreEnteredInOrder() {
        let h = recorded([pass("2025-09-20", 1)])
        let problems = StarRating.problems(recording: pass("2025-03-20", 1), into: h, catalog: catalog, on: d("2026-01-01"))
        #expect(problems.contains { $0.field == "reviewedOn" && $0.message.zh.contains("按时间顺序") })
    }

    @Test func theReviewerIsRequired() {
        var r = pass("2025-03-20", 1)
        r.reviewer = "  "
        #expect(StarRating.problems(recording: r, into: [], catalog: catalog, on: d("2026-01-01")).map(\.field) == ["reviewer"])
    }

    @Test func theStatusLooksOnlyAtReviewsUpToTheDate() {
        let h = recorded([pass("2025-03-20", 1), pass("2025-06-20", 2)])
        #expect(StarRating.status(h, on: d("2025-06-19")).lastReview?.reviewedOn == d("2025-03-20"))
    }

    @Test func theCatalogueNamesItsOwnProblems() {
        let bad = StarCriteriaCatalog(criteria: [
            StarCriterion(id: "x", level: 4, label: Localized("甲", "a")),
            StarCriterion(id: "x", level: 1, label: Localized("", "b")),
        ])
        #expect(bad.problems.count == 3)
        #expect(catalog.problems.isEmpty)
        #expect(catalog.required(for: 2).map(\.id) == ["1-a", "1-b", "2-a"])
    }
}

private extension StarReview {
    func with(action: StarFailureAction) -> StarReview {
        var r = self
        r.failureAction = action
        r.downgradeTo = nil
        return r
    }
}
