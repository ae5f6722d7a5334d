import Foundation
import GRDB
import Testing
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// Policies whose conditions the records can check: refused entitlements, the share by star
/// level, and the batch step that proposes a policy to every eligible household.
@Suite struct EligibilityStoreTests {
    /// The pledge fixture (a two-star village from 2026-04-10) with its families (see
    /// `PledgeFixture.families`).
    func fixture() throws -> PledgeFixture {
        let p = try PledgeFixture()
        try p.families()
        return p
    }

    @Test func anEntitlementForAHouseholdThatDoesNotMeetTheConditionsIsRefusedWithTheReason() throws {
        let p = try fixture()
        let girl = try #require(try p.db.policy(code: "X1-JZ-F"))
        #expect(girl.criteria.family == .onlyDaughter)
        try p.db.addEntitlement(Entitlement(policyId: girl.id!, householdId: p.h1.id!, dueOn: d("2026-06-30")))
        #expect {
            try p.db.addEntitlement(Entitlement(policyId: girl.id!, householdId: p.h3.id!, dueOn: d("2026-06-30")))
        } throws: { error in
            guard case StoreError.refused(let m) = error else { return false }
            return m.zh == "户 0201 不符合「独女户大病大灾救助」的享受条件：不是独女户（登记子女：1男1女）"
        }
        let poor = try #require(try p.db.policy(code: "XH-KN"))
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: poor.id!, householdId: p.h2.id!, dueOn: d("2026-06-30"), amountFen: 80_000))
        }
        try p.db.addEntitlement(Entitlement(policyId: poor.id!, householdId: p.h1.id!, dueOn: d("2026-06-30"), amountFen: 80_000))
        #expect(try p.db.verify().isClean)
    }

    /// 大病增补: 5%, 10% or 15% of the bill by the village's stars on the due date. The fixture
    /// village has one star from 2026-01-10 and two from 2026-04-10.
    @Test func aShareByStarLevelIsCountedFromTheStarsOnTheDueDate() throws {
        let p = try fixture()
        let share = try #require(try p.db.policy(code: "XH-DBZB"))
        #expect(share.starShares?.percents == [5, 10, 15] && share.starShares?.minBaseFen == 1_000_000)
        let q1 = try p.db.addEntitlement(Entitlement(policyId: share.id!, householdId: p.h1.id!, dueOn: d("2026-03-01"),
                                                     baseFen: 1_500_000))
        #expect(q1.amountFen == 75_000, "one star: 5% of 15,000 yuan")
        let q2 = try p.db.addEntitlement(Entitlement(policyId: share.id!, householdId: p.h1.id!, year: 2027, dueOn: d("2026-05-01"),
                                                     baseFen: 1_500_000))
        #expect(q2.amountFen == 150_000, "two stars: 10%")
        // Under 10,000 yuan, without a base, or before the first star: refused.
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: share.id!, householdId: p.h1.id!, year: 2028, dueOn: d("2026-05-01"),
                                                baseFen: 900_000))
        }
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: share.id!, householdId: p.h1.id!, year: 2029, dueOn: d("2026-05-01")))
        }
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: share.id!, householdId: p.h1.id!, year: 2025, dueOn: d("2025-12-01"),
                                                baseFen: 1_500_000))
        }
        // The association member's household only.
        #expect(throws: StoreError.self) {
            try p.db.addEntitlement(Entitlement(policyId: share.id!, householdId: p.h2.id!, dueOn: d("2026-05-01"), baseFen: 1_500_000))
        }
    }

    @Test func theBatchProposesEveryEligibleHouseholdNotYetDue() throws {
        let p = try fixture()
        let onlyChild = try #require(try p.db.policy(code: "X1-SX"))
        var proposal = try p.db.proposeEntitlements(policyId: onlyChild.id!, dueOn: d("2026-09-01"))
        #expect(proposal.lines.map(\.facts.number) == ["0101", "0102"])
        #expect(proposal.lines.map(\.grounds.zh) == ["独生子女家庭（张小红）", "独生子女家庭（王小明）"] && proposal.amountFen == 500_000)
        #expect(try p.db.recordProposedEntitlements(proposal, householdIds: [p.h1.id!]) == 1)
        // A one-off benefit is proposed once: 0101 has it now.
        proposal = try p.db.proposeEntitlements(policyId: onlyChild.id!, dueOn: d("2027-09-01"))
        #expect(proposal.lines.map(\.facts.number) == ["0102"] && proposal.alreadyDue == 1)
        // A household not on the proposal is refused, and nothing is stored.
        #expect(throws: StoreError.self) { try p.db.recordProposedEntitlements(proposal, householdIds: [p.h3.id!]) }
        #expect(try p.db.allLedgerRows(on: d("2026-11-25")).count == 1)
        #expect(try p.db.verify().isClean)
    }

    @Test func theBatchRefusesWhatItCannotCheckOrCount() throws {
        let p = try fixture()
        func refusal(_ code: String, amount: Int? = nil, on date: String = "2026-09-01") throws -> String? {
            let policy = try #require(try p.db.policy(code: code))
            do {
                _ = try p.db.proposeEntitlements(policyId: policy.id!, dueOn: d(date), amountFen: amount)
                return nil
            } catch StoreError.refused(let m) {
                return m.zh
            } catch StoreError.invalid(let errors) {
                return errors.first?.message.zh
            }
        }
        #expect(try refusal("C-JTFH")?.contains("没有可由记录核对的享受条件") == true)
        #expect(try refusal("XH-DBZB")?.contains("须逐户登记基数") == true)
        #expect(try refusal("XH-KN")?.contains("金额按实际") == true)
        #expect(try refusal("XH-KN", amount: 80_000) == nil)
        #expect(try refusal("X3-YL10")?.contains("须本村为3星级诚信村") == true)
        #expect(try refusal("X1-SX", on: "2025-12-01")?.contains("须本村为1星级诚信村") == true)
    }

    /// A household whose conditional benefits are withheld is named, not proposed.
    @Test func aWithheldHouseholdIsLeftOutWithTheReason() throws {
        let p = try fixture()
        var onlyChild = try #require(try p.db.policy(code: "X1-SX"))
        onlyChild.id = nil
        onlyChild.code = "C-DSZN"
        onlyChild.name = "独生子女户村集体奖励"
        onlyChild.level = .village
        onlyChild.isConditional = true
        onlyChild.requiredStars = 0
        try p.db.savePolicy(onlyChild)
        let saved = try #require(try p.db.policy(code: "C-DSZN"))
        let pledge = try p.signedPledge(p.h1)
        let round = try p.db.createCheckRound(name: "2026年第三季度", heldOn: d("2026-09-20"))
        try p.db.recordChecks(roundId: round.id!, pledgeId: pledge.id!,
                              entries: [CheckEntry(itemId: pledge.itemIds[0], result: .broken, note: "外出未报告")],
                              recordedBy: "王会计", on: d("2026-09-20"))
        let c = try #require(try p.db.rectificationCases(householdId: p.h1.id!).first).rectification
        try p.db.recordRectificationStep(.groupReview, caseId: c.id!, on: d("2026-10-01"), note: "属实", today: d("2026-11-25"))
        try p.db.recordRectificationStep(.committeeCheck, caseId: c.id!, on: d("2026-10-02"), note: "村主任", today: d("2026-11-25"))
        let proposal = try p.db.proposeEntitlements(policyId: saved.id!, dueOn: d("2026-11-01"))
        #expect(proposal.lines.map(\.facts.number) == ["0102"])
        #expect(proposal.leftOut.map(\.facts.number) == ["0101"] && proposal.leftOut[0].reason?.zh.contains("暂停享受守信优惠") == true)
    }

    /// A database made before these columns: every row that was in step verifies clean after
    /// the upgrade, and a row changed behind the app's back before it is still reported.
    @Test func anUpgradeThatAddsColumnsKeepsTheChainAndItsFindings() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cx-upgrade-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let q = try DatabaseQueue(path: path, configuration: AppDatabase.makeConfiguration(AccessState()))
        try AppDatabase.migrator.migrate(q, upTo: "v10 duplicate persons: pairs marked not duplicate, merge records")
        try q.write { db in
            try Audit.installTriggersIfChanged(db)
            try db.execute(sql: """
                INSERT INTO village(id, name) VALUES (1, '星光村');
                INSERT INTO village_group(id, village_id, number, name) VALUES (1, 1, 1, '一社');
                INSERT INTO household(id, village_id, village_group_id, number) VALUES (1, 1, 1, '0101'), (2, 1, 1, '0102');
                INSERT INTO policy(id, code, name, level, kind, amount_fen, recurrence) VALUES
                    (1, 'C-JTFH', '集体收益分配优先', 'village', 'money', 20000, 'yearly');
                INSERT INTO entitlement(policy_id, household_id, year, due_on) VALUES (1, 1, 2026, '2026-12-01');
                """)
        }
        // Behind the app's back: no trigger, no entry.
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_household_update")
            try db.execute(sql: "UPDATE household SET address = '改过' WHERE id = 2")
        }
        try q.close()
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        let report = try db.verify()
        #expect(report.rowsOutOfStep.map { "\($0.table)#\($0.rowId)" } == ["household#2"], "\(report.rowsOutOfStep)")
        #expect(report.firstBrokenEntry == nil && report.missingTriggers.isEmpty)
        // The village rules' preference became conditional in the upgrade, and still verifies.
        #expect(try db.policy(code: "C-JTFH")?.isConditional == true)
    }
}
