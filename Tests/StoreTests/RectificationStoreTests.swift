import Foundation
import Testing
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// §四.2 of the agreement on the store: a broken item opens a case; the household's
/// conditional benefit is refused only after the group's review and the committee's
/// check, and delivered again after the mending and a review that restores it.
@Suite struct RectificationStoreTests {
    /// A household with a signed pledge, a check round in which its second item is broken,
    /// and the village's 集体收益分配 preference (a conditional policy) due to it.
    func brokenPledge() throws -> (PledgeFixture, RectificationCase, Entitlement) {
        let p = try PledgeFixture()
        try p.families()
        let pledge = try p.signedPledge(p.h1)
        let round = try p.db.createCheckRound(name: "2026年第三季度", heldOn: d("2026-09-20"))
        try p.db.recordChecks(roundId: round.id!, pledgeId: pledge.id!, entries: [
            CheckEntry(itemId: pledge.itemIds[0], result: .kept),
            CheckEntry(itemId: pledge.itemIds[1], result: .broken, note: "外出未报告"),
        ], recordedBy: "王会计", on: d("2026-09-20"))
        let policy = try #require(try p.db.policy(code: "C-JTFH"))
        #expect(policy.isConditional, "the village rules' preference is withheld after a breach")
        let due = try p.db.addEntitlement(Entitlement(policyId: policy.id!, householdId: p.h1.id!, dueOn: d("2026-12-01")))
        let cases = try p.db.rectificationCases(householdId: p.h1.id!)
        #expect(cases.count == 1)
        return (p, try #require(cases.first).rectification, due)
    }

    @Test func aBrokenItemOpensOneCaseWithADeadline() throws {
        let (p, c, _) = try brokenPledge()
        #expect(c.item.contains("外出未报告") && c.openedOn == d("2026-09-20") && c.deadline == d("2026-10-20"))
        #expect(c.stage(on: d("2026-10-01")) == .open && c.stage(on: d("2026-10-21")) == .overdue)
        // Recording the same round again opens no second case; correcting it to kept removes it.
        let pledge = try #require(try p.db.currentPledge(householdId: p.h1.id!))
        let round = try #require(try p.db.checkRound(named: "2026年第三季度"))
        try p.db.recordChecks(roundId: round.id!, pledgeId: pledge.id!,
                              entries: [CheckEntry(itemId: pledge.itemIds[1], result: .broken, note: "外出未报告")],
                              recordedBy: "王会计", on: d("2026-09-21"))
        #expect(try p.db.rectificationCases().count == 1)
        try p.db.recordChecks(roundId: round.id!, pledgeId: pledge.id!,
                              entries: [CheckEntry(itemId: pledge.itemIds[1], result: .kept)], recordedBy: "王会计", on: d("2026-09-21"))
        #expect(try p.db.rectificationCases().isEmpty)
        #expect(try p.db.verify().isClean)
    }

    @Test func theBenefitIsWithheldOnlyAfterReviewAndCheckAndRestoredAfterMending() throws {
        let (p, c, due) = try brokenPledge()
        let today = d("2026-12-20")
        func deliver(_ day: String) throws {
            try p.db.recordFulfilment(Fulfilment(entitlementId: due.id!, deliveredOn: d(day), amountFen: 20_000, detail: "现金",
                                                 reference: "兑-\(day)", recordedBy: "王会计"), today: today)
        }
        // The group's review alone withholds nothing.
        try p.db.recordRectificationStep(.groupReview, caseId: c.id!, on: d("2026-10-05"), note: "小组评议属实", today: today)
        #expect(try p.db.withholdingCase(householdId: p.h1.id!, on: d("2026-10-06")) == nil)
        // Out of order: no restoring before the mending; the committee's check needs who checked.
        #expect(throws: StoreError.self) {
            try p.db.recordRectificationStep(.restored, caseId: c.id!, on: d("2026-10-06"), note: "", today: today)
        }
        #expect(throws: StoreError.self) {
            try p.db.recordRectificationStep(.committeeCheck, caseId: c.id!, on: d("2026-10-06"), note: "", today: today)
        }
        try p.db.recordRectificationStep(.committeeCheck, caseId: c.id!, on: d("2026-10-08"), note: "村主任 王建国", today: today)
        // Withheld from the check: a delivery on or after it is refused with the reason.
        do {
            try deliver("2026-11-01")
            Issue.record("a withheld benefit was delivered")
        } catch StoreError.refused(let why) {
            #expect(why.zh.contains("外出未报告") && why.zh.contains("自2026-10-08起暂停享受守信优惠"), "\(why.zh)")
        }
        // A benefit that is not conditional (the county's policy) is not affected.
        let county = try #require(try p.db.policy(code: "XH-KN"))
        #expect(!county.isConditional)
        _ = try p.db.addEntitlement(Entitlement(policyId: county.id!, householdId: p.h1.id!, dueOn: d("2026-11-30"), amountFen: 60_000))
        // Nor can a new conditional entitlement be recorded while withheld.
        let other = try #require(try p.db.policy(code: "C-ZYJY"))
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: other.id!, householdId: p.h1.id!, dueOn: d("2026-11-15")))
        }
        // Mending alone does not restore; the further review does, from its date.
        try p.db.recordRectificationStep(.mended, caseId: c.id!, on: d("2026-11-10"), note: "已补报外出情况", today: today)
        #expect(throws: StoreError.self) { try deliver("2026-11-12") }
        try p.db.recordRectificationStep(.restored, caseId: c.id!, on: d("2026-11-20"), note: "小组评议：已改正", today: today)
        #expect(throws: StoreError.self) { try deliver("2026-11-19") }
        try deliver("2026-11-21")
        let after = try #require(try p.db.rectificationCase(id: c.id!))
        #expect(after.stage(on: today) == .restored && !after.isOpen(on: today))
        #expect(try p.db.verify().isClean)
    }
}

/// `requiredStars` on the entitlement's due date.
@Suite struct RequiredStarsTests {
    @Test func aPolicyNeedingMoreStarsThanTheVillageHadOnTheDueDateIsRefused() throws {
        let p = try PledgeFixture()
        let service = try #require(try p.db.policy(code: "X2-BX5"))
        #expect(service.requiredStars == 2)
        // One star until 2026-04-10: a due date in March is refused, naming the levels.
        do {
            try p.db.addEntitlement(Entitlement(policyId: service.id!, householdId: p.h1.id!, dueOn: d("2026-03-31")))
            Issue.record("a two-star benefit was recorded for a one-star village")
        } catch StoreError.refused(let why) {
            #expect(why.zh.contains("须本村为2星级诚信村") && why.zh.contains("2026-03-31本村为1星级"), "\(why.zh)")
        }
        _ = try p.db.addEntitlement(Entitlement(policyId: service.id!, householdId: p.h1.id!, dueOn: d("2026-05-31")))
        let pension = try #require(try p.db.policy(code: "X3-YL10"))
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: pension.id!, householdId: p.h1.id!, dueOn: d("2026-06-30")))
        }
    }
}
