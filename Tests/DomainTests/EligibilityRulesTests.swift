import Testing
@testable import Domain

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// A household of a head, a spouse and the given children, born as given.
private func family(_ children: [(Sex, String)], hardship: Bool = false, member: Bool = false,
                    headBorn: String = "1970-05-01", leftChild: Bool = false) -> HouseholdFacts {
    var members = [
        MemberFacts(name: "张建国", sex: .male, relation: .head, birthDate: d(headBorn), isAssociationMember: false),
        MemberFacts(name: "李秀英", sex: .female, relation: .spouse, birthDate: d("1972-03-08"), isAssociationMember: member),
    ]
    for (i, c) in children.enumerated() {
        members.append(MemberFacts(name: "张\(i)", sex: c.0, relation: .child, birthDate: d(c.1), isAssociationMember: false,
                                   hasLeft: leftChild && i == 0))
    }
    return HouseholdFacts(householdId: 1, number: "0101", headName: "张建国", isHardship: hardship, members: members)
}

@Suite struct EligibilityRulesTests {
    @Test func familiesAreReadFromTheChildrenRegistered() {
        let onlySon = family([(.male, "1998-01-01")])
        let onlyDaughter = family([(.female, "1999-01-01")])
        let twoDaughters = family([(.female, "1996-01-01"), (.female, "2001-01-01")])
        let sonAndDaughter = family([(.male, "1996-01-01"), (.female, "2001-01-01")])
        let none = family([])
        let cases: [(FamilyCondition, [HouseholdFacts], [HouseholdFacts])] = [
            (.onlyChild, [onlySon, onlyDaughter], [twoDaughters, sonAndDaughter, none]),
            (.onlySon, [onlySon], [onlyDaughter, twoDaughters, sonAndDaughter, none]),
            (.onlyDaughter, [onlyDaughter], [onlySon, twoDaughters, sonAndDaughter, none]),
            (.daughtersOnly, [onlyDaughter, twoDaughters], [onlySon, sonAndDaughter, none]),
            (.any, [onlySon, onlyDaughter, twoDaughters, sonAndDaughter, none], []),
        ]
        for (condition, yes, no) in cases {
            let c = EligibilityCriteria(family: condition)
            for h in yes { #expect(c.unmet(by: h, on: d("2026-12-01")).isEmpty, "\(condition) \(h.children)") }
            for h in no { #expect(c.unmet(by: h, on: d("2026-12-01")).count == 1, "\(condition) \(h.children)") }
        }
        // The reason names what the records hold.
        let reason = EligibilityCriteria(family: .onlyDaughter).unmet(by: sonAndDaughter, on: d("2026-12-01"))
        #expect(reason.first?.zh == "不是独女户（登记子女：1男1女）")
    }

    /// A daughter married out of the household still makes it a 独女户, but is no longer a
    /// member whose age or association membership counts.
    @Test func aChildWhoLeftIsStillAChildButNoLongerAMember() {
        let h = family([(.female, "1960-01-01")], headBorn: "1990-01-01", leftChild: true)
        #expect(EligibilityCriteria(family: .onlyDaughter).unmet(by: h, on: d("2026-12-01")).isEmpty)
        #expect(EligibilityCriteria(minAge: 60).unmet(by: h, on: d("2026-12-01")).count == 1)
    }

    @Test func anAgeBandCountsOnTheDueDateBothEndsIncluded() {
        let h = family([], headBorn: "1966-12-01")
        let sixty = EligibilityCriteria(minAge: 60)
        #expect(sixty.unmet(by: h, on: d("2026-11-30")).map(\.zh) == ["户内没有60岁及以上的成员"])
        #expect(sixty.unmet(by: h, on: d("2026-12-01")).isEmpty)
        #expect(EligibilityCriteria(minAge: 50, maxAge: 54).unmet(by: h, on: d("2026-12-01")).isEmpty, "the spouse is 54")
        #expect(EligibilityCriteria(maxAge: 53).unmet(by: h, on: d("2026-12-01")).count == 1)
        #expect(EligibilityCriteria(minAge: 60, maxAge: 50).problems().map(\.field) == ["maxAge"])
        #expect(EligibilityCriteria(minAge: 121).problems().map(\.field) == ["minAge"])
    }

    @Test func associationAndHardshipAreEachAReason() {
        let c = EligibilityCriteria(associationMember: true, hardship: true)
        #expect(c.unmet(by: family([]), on: d("2026-12-01")).count == 2)
        #expect(c.unmet(by: family([], hardship: true), on: d("2026-12-01")).map(\.en)
            == ["No member of the household belongs to the association"])
        #expect(c.unmet(by: family([], hardship: true, member: true), on: d("2026-12-01")).isEmpty)
        #expect(c.grounds(for: family([], hardship: true, member: true), on: d("2026-12-01")).zh == "李秀英为会员；生活困难")
        #expect(c.summary.zh == "计生协会会员 · 生活困难" && c.isChecked)
        #expect(!EligibilityCriteria().isChecked)
    }

    /// Seed 002: 大病住院医疗费用万元以上的，按所在村星级由低到高……分别给予5%、10%、15%的增补报销.
    @Test func aShareByStarLevelFollowsTheSeed() throws {
        let shares = StarPercentages(percents: [5, 10, 15], minBaseFen: 1_000_000)
        #expect(shares.problems().isEmpty)
        #expect(try shares.amount(baseFen: 1_234_567, stars: 1).get() == 61_728, "5% of 12,345.67 yuan, halves up")
        #expect(try shares.amount(baseFen: 1_200_000, stars: 2).get() == 120_000)
        #expect(try shares.amount(baseFen: 1_200_000, stars: 3).get() == 180_000)
        if case .failure(let r) = shares.amount(baseFen: 999_999, stars: 3) {
            #expect(r.message.zh == "基数 9999.99 元低于起付基数 10000 元")
        } else {
            Issue.record("a base under 10,000 yuan is refused")
        }
        if case .success = shares.amount(baseFen: 1_200_000, stars: 0) { Issue.record("no stars, no share") }
        #expect(StarPercentages.parse("5，10，15") == [5, 10, 15] && StarPercentages.parse("") == nil)
        #expect(StarPercentages.parse("5,ten,15") == [])
        #expect(StarPercentages(percents: [15, 10, 5]).problems().count == 1)
        #expect(StarPercentages(percents: [5, 10]).problems().count == 1)
    }

    @Test func aPolicyPaidAsAShareHasNoAmountAndNeedsAStar() {
        let shares = StarPercentages(percents: [5, 10, 15])
        let ok = Policy(code: "XH-DBZB", name: "大病增补", level: .county, kind: .money, recurrence: .yearly, requiredStars: 1,
                        starShares: shares)
        #expect(Policy.validate(ok).isEmpty)
        var bad = ok
        bad.amountFen = 10_000
        bad.requiredStars = 0
        #expect(Set(Policy.validate(bad).map(\.field)) == ["amount", "requiredStars"])
        // The entitlement gives the base, never the amount.
        let e = Entitlement(policyId: 1, householdId: 1, dueOn: d("2026-11-20"), amountFen: 500)
        #expect(Set(FulfilmentRules.entitlementProblems(e, policy: ok, existingYears: []).map(\.field)) == ["base", "amount"])
        let based = Entitlement(policyId: 1, householdId: 1, dueOn: d("2026-11-20"), baseFen: 1_200_000)
        #expect(FulfilmentRules.entitlementProblems(based, policy: ok, existingYears: []).isEmpty)
    }
}
