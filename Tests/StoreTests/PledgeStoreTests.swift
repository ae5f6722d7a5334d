import Foundation
import Testing
import GRDB
import Domain
@testable import Store

private let dataURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Data")
private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The group fixture with both catalogues installed and three households: two in 一社
/// (in one honesty group), one in 二社.
final class PledgeFixture {
    let g: GroupFixture
    var db: AppDatabase { g.db }
    let h1: Household, h2: Household, h3: Household
    let group: HonestyGroup
    let items: [PledgeItem]

    init() throws {
        g = try GroupFixture()
        try g.db.installDefaultCatalogues(dataDirectory: dataURL)
        h1 = try g.couple("0101", "张三", "李秀英").household
        h2 = try g.couple("0102", "王五", "赵兰").household
        h3 = try g.couple("0201", "刘六", "陈芳", group: g.f.group2).household
        group = try g.group("一社第一小组")
        try g.db.addMember(groupId: group.id!, householdId: h1.id!, joinedOn: d("2026-02-01"))
        try g.db.addMember(groupId: group.id!, householdId: h2.id!, joinedOn: d("2026-02-01"))
        items = try g.db.pledgeItems()
        // A two-star village from 2026-Q2 (one star from Q1), for the policies that need stars.
        try g.db.installStarCriteria(from: dataURL.appendingPathComponent("star_criteria.json"))
        let catalog = try g.db.starCriteria()
        for (date, stars) in [("2026-01-10", 1), ("2026-04-10", 2)] {
            try g.db.recordStarReview(StarReview(reviewedOn: d(date), levelApplied: stars,
                                                 criteriaMet: catalog.required(for: stars).map(\.id), passed: true,
                                                 reviewer: "县人口计生局"), on: d("2026-11-25"))
        }
    }

    var ids: [Int64] { items.map { $0.id! } }

    /// Children and circumstances that the policies' conditions look at: 0101 has one
    /// daughter, its wife 李秀英 is an association member and it is in hardship; 0102 has one
    /// son; 0201 a son and a daughter.
    func families() throws {
        func child(_ h: Household, _ name: String, _ sex: Sex, _ born: String) throws {
            try db.savePerson(Person(householdId: h.id!, name: name, sex: sex, birthDate: d(born), relation: .child))
        }
        try child(h1, "张小红", .female, "2008-05-01")
        try child(h2, "王小明", .male, "2010-09-09")
        try child(h3, "刘大伟", .male, "2001-01-01")
        try child(h3, "刘小芳", .female, "2004-04-04")
        if var wife = try db.members(householdId: h1.id!).first(where: { $0.name == "李秀英" }) {
            wife.isAssociationMember = true
            try db.savePerson(wife)
        }
        var poor = try db.household(id: h1.id!) ?? h1
        poor.isHardship = true
        try db.updateHousehold(poor)
    }

    @discardableResult
    func signedPledge(_ h: Household, items: [Int64]? = nil, on date: String = "2026-03-16") throws -> HouseholdPledge {
        try db.recordPledge(householdId: h.id!, itemIds: items ?? Array(ids.prefix(3)), pledgedOn: d(date),
                            signedOn: d(date), signer: "李秀英")
    }
}

@Suite struct PledgeCatalogueStoreTests {
    @Test func catalogueIsInstalledOnceFromTheDataFolder() throws {
        let p = try PledgeFixture()
        #expect(p.items.count == 8)
        #expect(p.items.first?.text == "依法按政策生育，不违法生育")
        #expect(try p.db.policies().count == 10)
        // A second install leaves an edited catalogue alone.
        try p.db.retirePledgeItem(id: p.ids[7])
        try p.db.installDefaultCatalogues(dataDirectory: dataURL)
        #expect(try p.db.pledgeItems().count == 7)
        #expect(try p.db.pledgeItems(includeRetired: true).count == 8)
    }

    @Test func anUnusedItemCanBeReworded() throws {
        let p = try PledgeFixture()
        var item = p.items[0]
        item.text = "依法按政策生育"
        try p.db.savePledgeItem(item)
        #expect(try p.db.pledgeItem(id: item.id!)?.text == "依法按政策生育")
    }

    @Test func anItemInASignedPledgeIsNeverReworded() throws {
        let p = try PledgeFixture()
        try p.signedPledge(p.h1)
        var item = p.items[0]
        item.text = "改过的内容"
        let why = refusal { try p.db.savePledgeItem(item) }
        #expect(why?.zh.contains("请停用后新增一条事项") == true)
        #expect(try p.db.pledgeItem(id: item.id!)?.text == "依法按政策生育，不违法生育")
        // Reordering is allowed; retiring is allowed; the pledge keeps the item.
        var reordered = p.items[0]
        reordered.sortOrder = 990
        try p.db.savePledgeItem(reordered)
        try p.db.retirePledgeItem(id: item.id!)
        #expect(try p.db.currentPledge(householdId: p.h1.id!)?.itemIds.contains(item.id!) == true)
        #expect(refusal { try p.db.retirePledgeItem(id: item.id!) } != nil)
    }

    @Test func anItemInAnUnsignedPledgeCanStillBeReworded() throws {
        let p = try PledgeFixture()
        try p.db.recordPledge(householdId: p.h1.id!, itemIds: [p.ids[0]], pledgedOn: d("2026-03-16"), signedOn: nil, signer: "")
        var item = p.items[0]
        item.text = "依法生育"
        try p.db.savePledgeItem(item)
        #expect(try p.db.isPledgeItemUsed(id: item.id!) == false)
    }

    @Test func codesAreUnique() throws {
        let p = try PledgeFixture()
        let errors = invalidFields { try p.db.savePledgeItem(PledgeItem(code: "P01", text: "新事项")) }
        #expect(errors?.map(\.field) == ["code"])
    }
}

@Suite struct HouseholdPledgeStoreTests {
    @Test func aPledgeRoundTrips() throws {
        let p = try PledgeFixture()
        // Items come back in catalogue order whatever order they were given in.
        let saved = try p.db.recordPledge(householdId: p.h1.id!, itemIds: [p.ids[4], p.ids[0], p.ids[2]],
                                          pledgedOn: d("2026-03-16"), signedOn: d("2026-03-18"), signer: " 李秀英 ")
        let read = try #require(try p.db.currentPledge(householdId: p.h1.id!))
        #expect(read == saved)
        #expect(read.itemIds == [p.ids[0], p.ids[2], p.ids[4]])
        #expect(read.signer == "李秀英")
        #expect(read.signedOn == d("2026-03-18"))
    }

    @Test func aNewPledgeSupersedesTheOldWhichStaysReadable() throws {
        let p = try PledgeFixture()
        let first = try p.signedPledge(p.h1)
        let second = try p.signedPledge(p.h1, items: [p.ids[0]], on: "2026-09-01")
        #expect(try p.db.currentPledge(householdId: p.h1.id!)?.id == second.id)
        let history = try p.db.pledgeHistory(householdId: p.h1.id!)
        #expect(history.map(\.id) == [second.id, first.id])
        #expect(history[1].replacedOn == d("2026-09-01"))
        #expect(history[1].itemIds.count == 3)
        #expect(history[0].supersedesId == first.id)
        // Not dated before the current one.
        #expect(invalidFields { try p.signedPledge(p.h1, on: "2026-08-01") }?.map(\.field) == ["pledgedOn"])
    }

    @Test func retiredAndUnknownItemsAreRefused() throws {
        let p = try PledgeFixture()
        try p.db.retirePledgeItem(id: p.ids[1])
        let errors = invalidFields { try p.signedPledge(p.h1, items: [p.ids[1], 999]) }
        #expect(errors?.count == 2)
        #expect(errors?.allSatisfy { $0.field == "items" } == true)
        #expect(try p.db.currentPledge(householdId: p.h1.id!) == nil)
    }

    @Test func signingLater() throws {
        let p = try PledgeFixture()
        let pledge = try p.db.recordPledge(householdId: p.h1.id!, itemIds: [p.ids[0]], pledgedOn: d("2026-03-16"),
                                           signedOn: nil, signer: "")
        #expect(try p.db.pledgeStanding(householdId: p.h1.id!) == .notSigned)
        #expect(invalidFields { try p.db.signPledge(pledgeId: pledge.id!, signedOn: d("2026-03-20"), signer: "") }?
            .map(\.field) == ["signer"])
        try p.db.signPledge(pledgeId: pledge.id!, signedOn: d("2026-03-20"), signer: "李秀英")
        #expect(try p.db.pledgeStanding(householdId: p.h1.id!) == .signedUnchecked)
        #expect(refusal { try p.db.signPledge(pledgeId: pledge.id!, signedOn: d("2026-03-21"), signer: "李秀英") } != nil)
    }
}

@Suite struct CheckRoundStoreTests {
    @Test func checksDriveTheStandingAndTheRates() throws {
        let p = try PledgeFixture()
        let a = try p.signedPledge(p.h1)
        let b = try p.signedPledge(p.h2)
        let c = try p.signedPledge(p.h3)
        let round = try p.db.createCheckRound(name: "2026年第二季度", heldOn: d("2026-06-30"))
        let on = d("2026-06-30")
        for item in a.itemIds {
            try p.db.recordCheck(roundId: round.id!, pledgeId: a.id!, itemId: item, result: .kept, note: "", recordedBy: "王会计", on: on)
        }
        try p.db.recordChecks(roundId: round.id!, pledgeId: b.id!, entries: [
            CheckEntry(itemId: b.itemIds[0], result: .kept),
            CheckEntry(itemId: b.itemIds[1], result: .broken, note: "未按时参加孕环情检查"),
            CheckEntry(itemId: b.itemIds[2], result: .notAssessed),
        ], recordedBy: "王会计", on: on)
        try p.db.recordCheck(roundId: round.id!, pledgeId: c.id!, itemId: c.itemIds[0], result: .kept, note: "",
                             recordedBy: "王会计", on: on)

        #expect(try p.db.pledgeStanding(householdId: p.h1.id!) == .kept)
        #expect(try p.db.pledgeStanding(householdId: p.h2.id!) == .broken)
        // Only one of c's items was checked: not kept until every item has a result.
        #expect(try p.db.pledgeStanding(householdId: p.h3.id!) == .signedUnchecked)

        // Village: 5 kept of 6 assessed items; households: a kept, b broken, c part-checked
        // (已签未查, like its standing) and so not assessed: 1 of 2.
        #expect(try p.db.pledgeRate(roundId: nil, scope: .village) == Rate(kept: 5, assessed: 6))
        #expect(try p.db.householdPledgeRate(roundId: round.id, scope: .village) == Rate(kept: 1, assessed: 2))
        #expect(try p.db.rateLines(roundId: round.id).first?.households == Rate(kept: 1, assessed: 2))
        #expect(try p.db.pledgeRate(roundId: nil, scope: .villageGroup(p.g.f.group2.id!)) == Rate(kept: 1, assessed: 1))
        #expect(try p.db.pledgeRate(roundId: nil, scope: .honestyGroup(p.group.id!)) == Rate(kept: 4, assessed: 5))
        #expect(try p.db.householdPledgeRate(roundId: nil, scope: .honestyGroup(p.group.id!)) == Rate(kept: 1, assessed: 2))
        let lines = try p.db.rateLines(roundId: round.id)
        #expect(lines.map(\.name) == ["星光村", "一社", "二社", "一社第一小组"])

        // c's other items recorded (one 未评): every item has a result, so c is kept in both.
        try p.db.recordChecks(roundId: round.id!, pledgeId: c.id!, entries: [
            CheckEntry(itemId: c.itemIds[1], result: .kept), CheckEntry(itemId: c.itemIds[2], result: .notAssessed),
        ], recordedBy: "王会计", on: on)
        #expect(try p.db.pledgeStanding(householdId: p.h3.id!) == .kept)
        #expect(try p.db.householdPledgeRate(roundId: round.id, scope: .village) == Rate(kept: 2, assessed: 3))
        #expect(try p.db.pledgeRate(roundId: round.id, scope: .village) == Rate(kept: 6, assessed: 7))

        // A newer round with no checks yet: everyone signed is 已签未查 again.
        try p.db.createCheckRound(name: "2026年第三季度", heldOn: d("2026-09-30"))
        #expect(try p.db.pledgeStanding(householdId: p.h2.id!) == .signedUnchecked)
        #expect(try p.db.pledgeRate(roundId: nil, scope: .village).percent == nil)
        #expect(try p.db.pledgeRate(roundId: round.id, scope: .village) == Rate(kept: 6, assessed: 7))
        let rows = try p.db.pledgeRows()
        #expect(rows.map(\.standing) == [.signedUnchecked, .signedUnchecked, .signedUnchecked])
        #expect(rows.first?.honestyGroupName == "一社第一小组")
        #expect(try p.db.roundPledgeRows(roundId: round.id!).map(\.standing) == [.kept, .broken, .kept])
    }

    @Test func recordingAgainCorrectsTheResult() throws {
        let p = try PledgeFixture()
        let a = try p.signedPledge(p.h1)
        let round = try p.db.createCheckRound(name: "2026年第二季度", heldOn: d("2026-06-30"))
        try p.db.recordCheck(roundId: round.id!, pledgeId: a.id!, itemId: a.itemIds[0], result: .broken, note: "外出未报告",
                             recordedBy: "王会计", on: d("2026-06-30"))
        try p.db.recordCheck(roundId: round.id!, pledgeId: a.id!, itemId: a.itemIds[0], result: .kept, note: "已补报",
                             recordedBy: "王会计", on: d("2026-07-02"))
        let lines = try p.db.checkLines(roundId: round.id!, pledgeId: a.id!)
        #expect(lines.count == 3)
        #expect(lines[0].check?.result == .kept)
        #expect(lines[0].check?.note == "已补报")
        #expect(lines[1].check == nil)
    }

    @Test func checksAreRefusedWhenTheyCannotApply() throws {
        let p = try PledgeFixture()
        let round = try p.db.createCheckRound(name: "2026年第一季度", heldOn: d("2026-03-31"))
        let unsigned = try p.db.recordPledge(householdId: p.h1.id!, itemIds: [p.ids[0]], pledgedOn: d("2026-03-16"),
                                             signedOn: nil, signer: "")
        #expect(refusal { try p.db.recordCheck(roundId: round.id!, pledgeId: unsigned.id!, itemId: p.ids[0], result: .kept,
                                               note: "", recordedBy: "王会计", on: d("2026-03-31")) } != nil)
        let late = try p.signedPledge(p.h2, on: "2026-04-10")
        #expect(refusal { try p.db.recordCheck(roundId: round.id!, pledgeId: late.id!, itemId: late.itemIds[0], result: .kept,
                                               note: "", recordedBy: "王会计", on: d("2026-04-10")) }?.zh.contains("晚于") == true)
        let ok = try p.signedPledge(p.h3)
        #expect(invalidFields { try p.db.recordCheck(roundId: round.id!, pledgeId: ok.id!, itemId: p.ids[7], result: .kept,
                                                     note: "", recordedBy: "王会计", on: d("2026-03-31")) }?.map(\.field) == ["item"])
        #expect(invalidFields { try p.db.recordCheck(roundId: round.id!, pledgeId: ok.id!, itemId: ok.itemIds[0], result: .broken,
                                                     note: "", recordedBy: "", on: d("2026-03-31")) }?.map(\.field)
                == ["note", "recordedBy"])
        // Nothing was written by the refused batch.
        #expect(try p.db.checkLines(roundId: round.id!, pledgeId: ok.id!).allSatisfy { $0.check == nil })
        #expect(invalidFields { try p.db.createCheckRound(name: "2026年第一季度", heldOn: d("2026-03-31")) }?.map(\.field) == ["name"])
    }
}

@Suite struct FulfilmentStoreTests {
    @Test func usedPoliciesAreRetiredNeverEdited() throws {
        let p = try PledgeFixture()
        try p.families()
        var policy = try #require(try p.db.policy(code: "X1-SX"))
        policy.eligibility = "独生子女考上二本及以上学校（含高职）"
        policy = try p.db.savePolicy(policy)
        try p.db.addEntitlement(Entitlement(policyId: policy.id!, householdId: p.h1.id!, dueOn: d("2026-09-01")))
        var changed = policy
        changed.amountFen = 600_000
        #expect(refusal { try p.db.savePolicy(changed) }?.zh.contains("请停用后新增") == true)
        try p.db.retirePolicy(id: policy.id!)
        #expect(try p.db.policies().contains { $0.id == policy.id } == false)
        #expect(try p.db.policies(includeRetired: true).first { $0.id == policy.id }?.isRetired == true)
        // No new entitlements under a retired policy.
        #expect(invalidFields { try p.db.addEntitlement(Entitlement(policyId: policy.id!, householdId: p.h2.id!,
                                                                    dueOn: d("2026-09-01"))) }?.map(\.field) == ["policy"])
        // A new policy with a new code replaces it.
        let replacement = try p.db.savePolicy(Policy(code: "X1-SX2", name: "独生子女考学补助（新）", level: .county, kind: .money,
                                                     amountFen: 600_000, recurrence: .once, requiredStars: 1))
        #expect(replacement.id != nil)
        #expect(invalidFields { try p.db.savePolicy(Policy(code: "X1-SX2", name: "重复", level: .county, kind: .money,
                                                           recurrence: .once)) }?.map(\.field) == ["code"])
    }

    @Test func ledgerSummaryAndOverdue() throws {
        let p = try PledgeFixture()
        try p.families()
        let girl = try #require(try p.db.policy(code: "X1-JZ-F"))
        let boy = try #require(try p.db.policy(code: "X1-JZ-M"))
        let service = try #require(try p.db.policy(code: "X2-BX5"))
        let hardship = try #require(try p.db.policy(code: "XH-KN"))
        let e1 = try p.db.addEntitlement(Entitlement(policyId: girl.id!, householdId: p.h1.id!, dueOn: d("2026-06-30")))
        #expect(e1.amountFen == 300_000)
        let e2 = try p.db.addEntitlement(Entitlement(policyId: boy.id!, householdId: p.h2.id!, dueOn: d("2026-10-30")))
        let e3 = try p.db.addEntitlement(Entitlement(policyId: service.id!, householdId: p.h2.id!, dueOn: d("2026-12-31")))
        #expect(invalidFields { try p.db.addEntitlement(Entitlement(policyId: hardship.id!, householdId: p.h1.id!,
                                                                    dueOn: d("2026-12-31"))) }?.map(\.field) == ["amount"])
        try p.db.addEntitlement(Entitlement(policyId: hardship.id!, householdId: p.h1.id!, dueOn: d("2026-12-31"), amountFen: 80_000))
        // Once a year per household.
        #expect(invalidFields { try p.db.addEntitlement(Entitlement(policyId: girl.id!, householdId: p.h1.id!,
                                                                    dueOn: d("2026-12-30"))) }?.map(\.field) == ["year"])

        // In two parts, never more than is due.
        try p.db.recordFulfilment(Fulfilment(entitlementId: e1.id!, deliveredOn: d("2026-06-01"), amountFen: 100_000,
                                             detail: "现金", reference: "兑-001", recordedBy: "王会计"))
        #expect(invalidFields { try p.db.recordFulfilment(Fulfilment(entitlementId: e1.id!, deliveredOn: d("2026-06-20"),
                                                                     amountFen: 250_000, reference: "兑-002",
                                                                     recordedBy: "王会计")) }?.map(\.field) == ["amount"])
        try p.db.recordFulfilment(Fulfilment(entitlementId: e1.id!, deliveredOn: d("2026-06-20"), amountFen: 200_000,
                                             reference: "兑-002", recordedBy: "王会计"))
        #expect(refusal { try p.db.recordFulfilment(Fulfilment(entitlementId: e1.id!, deliveredOn: d("2026-06-21"),
                                                               amountFen: 1, reference: "兑-003", recordedBy: "王会计")) } != nil)
        try p.db.recordFulfilment(Fulfilment(entitlementId: e3.id!, deliveredOn: d("2026-08-01"), detail: "住院报销提高5个百分点",
                                             reference: "报-77", recordedBy: "王会计"))
        #expect(try p.db.fulfilments(entitlementId: e1.id!).map(\.reference) == ["兑-001", "兑-002"])

        let today = d("2026-11-25")
        let ledger = try p.db.householdLedger(householdId: p.h1.id!, on: today)
        #expect(ledger.map(\.policyCode) == ["X1-JZ-F", "XH-KN"])
        #expect(ledger[0].isDelivered && ledger[0].deliveredFen == 300_000 && ledger[0].lastDeliveredOn == d("2026-06-20"))
        let sonsLedger = try p.db.householdLedger(householdId: p.h2.id!, on: today)
        #expect(sonsLedger.map(\.policyCode) == ["X1-JZ-M", "X2-BX5"])
        #expect(!sonsLedger[0].isDelivered && sonsLedger[0].isOverdue && sonsLedger[0].dueFen == 200_000)

        let overdue = try p.db.overdueEntitlements(on: today)
        #expect(overdue.map(\.entitlement.id) == [e2.id])
        #expect(overdue.first?.householdNumber == "0102" && overdue.first?.headName == "王五")
        // Not overdue on its due date.
        #expect(try p.db.overdueEntitlements(on: d("2026-10-30")).isEmpty)

        let s = try p.db.fulfilmentSummary(on: today)
        #expect(s.dueCount == 4 && s.deliveredCount == 2 && s.overdueCount == 1)
        #expect(s.dueFen == 300_000 + 200_000 + 80_000)
        #expect(s.deliveredFen == 300_000)
        #expect(s.byPolicy.map(\.policy.code) == ["X1-JZ-F", "X1-JZ-M", "X2-BX5", "XH-KN"])
    }
}

@Suite struct DemoPledgeTests {
    @Test func theDemoHasPledgesChecksAndOneOverdueEntitlement() throws {
        let db = try AppDatabase.inMemory()
        try DemoVillage.build(into: db, specURL: demoSpecURL)
        let rows = try db.pledgeRows()
        let pledged = rows.filter { $0.pledgeId != nil }
        #expect(pledged.count > 50)
        #expect(pledged.allSatisfy { $0.householdNumber.hasPrefix("01") || $0.householdNumber.hasPrefix("02") })
        #expect(rows.contains { $0.standing == .broken })
        #expect(rows.contains { $0.standing == .kept })
        #expect(rows.contains { $0.standing == .notSigned })
        let rate = try db.pledgeRate(roundId: nil, scope: .village)
        #expect(rate.assessed > 200 && rate.kept < rate.assessed)
        #expect(try db.checkRounds().map(\.name) == ["2025年第四季度"])
        let overdue = try db.overdueEntitlements(on: LocalDate("2026-01-01")!)
        #expect(overdue.count == 1)
        #expect(try db.fulfilmentSummary(on: LocalDate("2026-01-01")!).dueCount == 10)

        // The same build twice gives the same pledges.
        let again = try AppDatabase.inMemory()
        try DemoVillage.build(into: again, specURL: demoSpecURL)
        #expect(try again.pledgeRows() == rows)
    }
}
