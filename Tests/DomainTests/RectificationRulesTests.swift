import Testing
@testable import Domain

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The rules of §四.2, on values alone.
@Suite struct RectificationRulesTests {
    let opened = RectificationCase(householdId: 1, item: "外出未报告", openedOn: d("2026-09-20"), deadline: d("2026-10-20"))

    @Test func benefitsAreWithheldFromTheLaterOfReviewAndCheckUntilRestored() {
        var c = opened
        c.groupReviewOn = d("2026-10-08")
        #expect(c.withheldFrom == nil && !c.withholds(on: d("2026-12-01")) && c.stage(on: d("2026-10-09")) == .reviewed)
        // A check dated before the review (typed so on paper) withholds from the review.
        c.committeeCheckOn = d("2026-10-05")
        #expect(c.withheldFrom == d("2026-10-08"))
        #expect(!c.withholds(on: d("2026-10-07")) && c.withholds(on: d("2026-10-08")))
        c.mendedOn = d("2026-11-01")
        #expect(c.withholds(on: d("2026-11-02")) && c.stage(on: d("2026-11-02")) == .mended)
        c.restoredOn = d("2026-11-15")
        #expect(c.withholds(on: d("2026-11-14")) && !c.withholds(on: d("2026-11-15")))
        #expect(c.stage(on: d("2026-11-15")) == .restored && !c.isOpen(on: d("2026-11-15")))
        // Looked at on a day before the restoring, the case was still withholding.
        #expect(c.isOpen(on: d("2026-11-10")))
    }

    @Test func stepsAreRefusedOutOfOrderOrOnImpossibleDates() {
        let today = d("2026-12-01")
        #expect(RectificationRules.problem(recording: .committeeCheck, on: today, in: opened, today: today) != nil)
        #expect(RectificationRules.problem(recording: .restored, on: today, in: opened, today: today) != nil)
        #expect(RectificationRules.problem(recording: .groupReview, on: d("2026-12-02"), in: opened, today: today) != nil)
        #expect(RectificationRules.problem(recording: .groupReview, on: d("2026-09-19"), in: opened, today: today) != nil)
        #expect(RectificationRules.problem(recording: .groupReview, on: d("2026-10-01"), in: opened, today: today) == nil)
        var reviewed = opened
        reviewed.groupReviewOn = d("2026-10-01")
        #expect(RectificationRules.problem(recording: .committeeCheck, on: d("2026-09-30"), in: reviewed, today: today) != nil)
        #expect(RectificationRules.problem(recording: .committeeCheck, on: d("2026-10-02"), in: reviewed, today: today) == nil)
        // Mended without any withholding (the household put it right before the committee met): nothing to restore.
        var mended = reviewed
        mended.mendedOn = d("2026-10-10")
        #expect(RectificationRules.problem(recording: .restored, on: d("2026-10-11"), in: mended, today: today) != nil)
        #expect(mended.stage(on: d("2026-10-11")) == .closed)
    }

    @Test func aPolicyNeedingStarsIsRefusedToAVillageWithFewer() {
        let p = Policy(code: "X2-BX5", name: "新农合报销提高5个百分点", level: .county, kind: .service, recurrence: .yearly,
                       requiredStars: 2)
        #expect(RectificationRules.starProblem(policy: p, villageLevel: 1, on: d("2026-07-01"))?.zh.contains("2星级") == true)
        #expect(RectificationRules.starProblem(policy: p, villageLevel: 2, on: d("2026-07-01")) == nil)
        #expect(RectificationRules.starProblem(policy: p, villageLevel: 0, on: d("2026-07-01"))?.zh.contains("无星级") == true)
    }
}
