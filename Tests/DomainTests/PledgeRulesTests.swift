import Testing
@testable import Domain

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

private func pledge(signed: String? = "2026-03-20") -> HouseholdPledge {
    HouseholdPledge(householdId: 1, itemIds: [1, 2, 3], pledgedOn: d("2026-03-16"), signedOn: signed.map(d), signer: "李秀英")
}

@Suite struct PledgeStandingTests {
    @Test func noPledgeAtAll() {
        #expect(PledgeRules.standing(of: nil, latestResults: []) == .none)
    }

    @Test func unsignedIsNotSignedWhateverTheResults() {
        #expect(PledgeRules.standing(of: pledge(signed: nil), latestResults: []) == .notSigned)
        #expect(PledgeRules.standing(of: pledge(signed: nil), latestResults: [.broken]) == .notSigned)
    }

    @Test func signedButNotCheckedInTheLatestRound() {
        #expect(PledgeRules.standing(of: pledge(), latestResults: []) == .signedUnchecked)
        // Only 未评 items: nothing was assessed.
        #expect(PledgeRules.standing(of: pledge(), latestResults: [.notAssessed, .notAssessed]) == .signedUnchecked)
    }

    @Test func keptWhenEveryAssessedItemWasKept() {
        #expect(PledgeRules.standing(of: pledge(), latestResults: [.kept, .kept, .kept]) == .kept)
        #expect(PledgeRules.standing(of: pledge(), latestResults: [.kept, .notAssessed]) == .kept)
    }

    @Test func brokenWhenAnyItemWasBroken() {
        #expect(PledgeRules.standing(of: pledge(), latestResults: [.kept, .broken, .kept]) == .broken)
        #expect(PledgeRules.standing(of: pledge(), latestResults: [.notAssessed, .broken]) == .broken)
    }

    @Test func latestRoundIsByDateThenId() {
        let a = CheckRound(id: 1, name: "A", heldOn: d("2026-06-30"))
        let b = CheckRound(id: 2, name: "B", heldOn: d("2026-03-31"))
        let c = CheckRound(id: 3, name: "C", heldOn: d("2026-06-30"))
        #expect(PledgeRules.latestRound([a, b]) == a)
        #expect(PledgeRules.latestRound([a, b, c]) == c)
        #expect(PledgeRules.latestRound([]) == nil)
    }
}

@Suite struct PledgeRateTests {
    @Test func itemRateLeavesOutNotAssessed() {
        let r = PledgeRules.itemRate([.kept, .kept, .broken, .notAssessed])
        #expect(r == Rate(kept: 2, assessed: 3))
        #expect(r.text == "66.7%（2/3）")
    }

    @Test func emptyRateHasNoPercent() {
        #expect(Rate(kept: 0, assessed: 0).percent == nil)
        #expect(Rate(kept: 0, assessed: 0).text == "—")
        #expect(PledgeRules.itemRate([.notAssessed]).percent == nil)
    }

    @Test func wholePercentagesHaveNoDecimal() {
        #expect(Rate(kept: 4, assessed: 5).text == "80%（4/5）")
        #expect(Rate(kept: 1, assessed: 1).percent == 100)
    }

    @Test func householdRateCountsHouseholdsWithoutBrokenItems() {
        let r = PledgeRules.householdRate([
            HouseholdResults([.kept, .kept], itemCount: 2),               // kept
            HouseholdResults([.kept, .broken], itemCount: 2),             // broken
            HouseholdResults([.notAssessed], itemCount: 1),               // nothing assessed: left out
            HouseholdResults([.kept, .notAssessed], itemCount: 2),        // every item has a result: kept
            HouseholdResults([], itemCount: 3),                           // not checked: left out
        ])
        #expect(r == Rate(kept: 2, assessed: 3))
    }

    @Test func partCheckedHouseholdIsAssessedOnlyWhenItBrokeAnItem() {
        // Two of three items recorded, none broken: 已签未查, so not in the household rate.
        let part = HouseholdResults([.kept, .kept], itemCount: 3)
        #expect(PledgeRules.householdRate([part]) == Rate(kept: 0, assessed: 0))
        #expect(PledgeRules.standing(of: pledge(), latestResults: part.results, itemCount: 3) == .signedUnchecked)
        // One broken item is enough to make it 失信, checked or not.
        let broke = HouseholdResults([.broken], itemCount: 3)
        #expect(PledgeRules.householdRate([broke]) == Rate(kept: 0, assessed: 1))
        #expect(PledgeRules.standing(of: pledge(), latestResults: broke.results, itemCount: 3) == .broken)
        // The rate and the standing agree for every mix of results on a three-item pledge.
        let all: [CheckResult?] = [nil, .kept, .broken, .notAssessed]
        for a in all { for b in all { for c in all {
            let results = [a, b, c].compactMap { $0 }
            let standing = PledgeRules.standing(of: pledge(), latestResults: results, itemCount: 3)
            let rate = PledgeRules.householdRate([HouseholdResults(results, itemCount: 3)])
            #expect(rate.kept == (standing == .kept ? 1 : 0))
            #expect(rate.assessed == (standing == .kept || standing == .broken ? 1 : 0))
        } } }
    }

    @Test func ratesAdd() {
        #expect(Rate(kept: 1, assessed: 2) + Rate(kept: 3, assessed: 3) == Rate(kept: 4, assessed: 5))
    }
}

@Suite struct PledgeValidationTests {
    @Test func pledgeNeedsItemsAndASignerWhenSigned() {
        var p = HouseholdPledge(householdId: 1, itemIds: [], pledgedOn: d("2026-03-16"), signedOn: d("2026-03-20"))
        let fields = Set(HouseholdPledge.validate(p).map(\.field))
        #expect(fields == ["items", "signer"])
        p.itemIds = [1, 1]
        p.signer = "李秀英"
        #expect(HouseholdPledge.validate(p).map(\.field) == ["items"])
    }

    @Test func signingCannotBeBeforeThePledge() {
        let p = HouseholdPledge(householdId: 1, itemIds: [1], pledgedOn: d("2026-03-16"), signedOn: d("2026-03-10"),
                                signer: "李秀英")
        #expect(HouseholdPledge.validate(p).map(\.field) == ["signedOn"])
    }

    @Test func brokenNeedsANote() {
        let c = PledgeCheck(roundId: 1, pledgeId: 1, itemId: 1, result: .broken, note: " ", recordedBy: "王会计",
                            recordedOn: d("2026-12-20"))
        #expect(PledgeCheck.validate(c).map(\.field) == ["note"])
        var kept = c
        kept.result = .kept
        #expect(PledgeCheck.validate(kept).isEmpty)
    }

    @Test func itemCodesAndText() {
        #expect(PledgeItem.validate(PledgeItem(code: "P09", text: "按时参加孕环情检查")).isEmpty)
        #expect(Set(PledgeItem.validate(PledgeItem(code: "P 9", text: "")).map(\.field)) == ["code", "text"])
        #expect(PledgeItem.usedItemRefusal(PledgeItem(code: "P01", text: "依法生育")).zh.contains("请停用后新增"))
    }

    @Test func resultsParseFromWordsLabelsAndDigits() {
        #expect(CheckResult.parse("kept") == .kept)
        #expect(CheckResult.parse("失信") == .broken)
        #expect(CheckResult.parse("unassessed") == .notAssessed)
        #expect(CheckResult.parse("3") == .notAssessed)
        #expect(CheckResult.parse("maybe") == nil)
        #expect(CheckResult.kept.next == .broken && CheckResult.broken.next == .notAssessed && CheckResult.notAssessed.next == .kept)
    }

    @Test func quarterNames() {
        #expect(CheckRound.quarterName(for: d("2026-11-25")) == "2026年第四季度")
        #expect(CheckRound.quarterName(for: d("2026-01-01")) == "2026年第一季度")
        #expect(CheckRound.quarterName(for: d("2026-06-30")) == "2026年第二季度")
    }
}

@Suite struct FulfilmentRuleTests {
    let money = Policy(id: 1, code: "X1-JZ-F", name: "独女户大病大灾救助", level: .county, kind: .money, amountFen: 300_000,
                       recurrence: .yearly, requiredStars: 1)
    let once = Policy(id: 2, code: "X1-SX", name: "考学补助", level: .county, kind: .money, amountFen: 500_000, recurrence: .once)
    let service = Policy(id: 3, code: "X2-BX5", name: "报销提高5个百分点", level: .county, kind: .service, recurrence: .yearly)

    @Test func overdueOnlyWhenUndeliveredAndPastTheDueDate() {
        let due = d("2026-10-30")
        #expect(FulfilmentRules.isOverdue(dueOn: due, delivered: false, on: d("2026-10-31")))
        #expect(!FulfilmentRules.isOverdue(dueOn: due, delivered: false, on: due))
        #expect(!FulfilmentRules.isOverdue(dueOn: due, delivered: true, on: d("2027-01-01")))
    }

    @Test func moneyIsDeliveredWhenPaidInFull() {
        #expect(!FulfilmentRules.isDelivered(dueFen: 300_000, kind: .money, deliveredFen: 100_000, deliveries: 1))
        #expect(FulfilmentRules.isDelivered(dueFen: 300_000, kind: .money, deliveredFen: 300_000, deliveries: 2))
        #expect(FulfilmentRules.isDelivered(dueFen: nil, kind: .service, deliveredFen: 0, deliveries: 1))
        #expect(!FulfilmentRules.isDelivered(dueFen: nil, kind: .service, deliveredFen: 0, deliveries: 0))
    }

    @Test func dueAmountDefaultsToThePolicy() {
        let e = Entitlement(policyId: 1, householdId: 1, dueOn: d("2026-06-30"))
        #expect(FulfilmentRules.dueFen(e, policy: money) == 300_000)
        var own = e
        own.amountFen = 250_000
        #expect(FulfilmentRules.dueFen(own, policy: money) == 250_000)
        #expect(FulfilmentRules.dueFen(e, policy: service) == nil)
        #expect(e.year == 2026)
    }

    @Test func oncePerHouseholdAndOnceAYear() {
        let e = Entitlement(policyId: 2, householdId: 1, dueOn: d("2026-09-01"))
        #expect(FulfilmentRules.entitlementProblems(e, policy: once, existingYears: []).isEmpty)
        #expect(FulfilmentRules.entitlementProblems(e, policy: once, existingYears: [2024]).map(\.field) == ["policy"])
        let y = Entitlement(policyId: 1, householdId: 1, dueOn: d("2026-09-01"))
        #expect(FulfilmentRules.entitlementProblems(y, policy: money, existingYears: [2025]).isEmpty)
        #expect(FulfilmentRules.entitlementProblems(y, policy: money, existingYears: [2026]).map(\.field) == ["year"])
    }

    @Test func retiredPoliciesAndAmountsThatVary() {
        var retired = money
        retired.isRetired = true
        let e = Entitlement(policyId: 1, householdId: 1, dueOn: d("2026-09-01"))
        #expect(FulfilmentRules.entitlementProblems(e, policy: retired, existingYears: []).map(\.field) == ["policy"])
        var varies = money
        varies.amountFen = nil
        #expect(FulfilmentRules.entitlementProblems(e, policy: varies, existingYears: []).map(\.field) == ["amount"])
        var withAmount = e
        withAmount.amountFen = 80_000
        #expect(FulfilmentRules.entitlementProblems(withAmount, policy: varies, existingYears: []).isEmpty)
        #expect(FulfilmentRules.entitlementProblems(withAmount, policy: service, existingYears: []).map(\.field) == ["amount"])
    }

    @Test func deliveriesNeverExceedWhatIsDue() {
        let f = Fulfilment(entitlementId: 1, deliveredOn: d("2026-07-01"), amountFen: 200_000, reference: "兑-001",
                           recordedBy: "王会计")
        #expect(FulfilmentRules.fulfilmentProblems(f, policy: money, dueFen: 300_000, deliveredFen: 100_000).isEmpty)
        let over = FulfilmentRules.fulfilmentProblems(f, policy: money, dueFen: 300_000, deliveredFen: 200_000)
        #expect(over.map(\.field) == ["amount"])
        #expect(over.first?.message.zh.contains("应兑现3000元，已兑现2000元") == true)
        var noRef = f
        noRef.reference = ""
        noRef.amountFen = nil
        #expect(Set(FulfilmentRules.fulfilmentProblems(noRef, policy: money, dueFen: 300_000, deliveredFen: 0).map(\.field))
                == ["amount", "reference"])
        let serviceGiven = Fulfilment(entitlementId: 3, deliveredOn: d("2026-07-01"), detail: "", reference: "报-7",
                                      recordedBy: "王会计")
        #expect(FulfilmentRules.fulfilmentProblems(serviceGiven, policy: service, dueFen: nil, deliveredFen: 0).map(\.field)
                == ["detail"])
    }

    @Test func policyValidation() {
        #expect(Policy.validate(money).isEmpty)
        var bad = service
        bad.amountFen = 100
        bad.requiredStars = 4
        bad.code = ""
        #expect(Set(Policy.validate(bad).map(\.field)) == ["amount", "requiredStars", "code"])
    }

    @Test func moneyInYuanAndFen() {
        #expect(Money.yuan(500_000) == "5000")
        #expect(Money.yuan(123_450) == "1234.50")
        #expect(Money.yuan(5) == "0.05")
        #expect(Money.fen(fromYuan: "5000") == 500_000)
        #expect(Money.fen(fromYuan: "1234.5") == 123_450)
        #expect(Money.fen(fromYuan: "0.05元") == 5)
        #expect(Money.fen(fromYuan: "12.345") == nil)
        #expect(Money.fen(fromYuan: "五千") == nil)
        #expect(Money.fen(fromYuan: "") == nil)
    }
}
