import Testing
@testable import Domain

private let day = LocalDate("2026-03-01")!

private func woman(_ name: String, born: String?, marital: MaritalStatus = .married, relation: Relation = .spouse,
                   leftOn: String? = nil) -> Person {
    Person(id: Int64(name.unicodeScalars.first!.value), householdId: 1, name: name, sex: .female,
           birthDate: born.flatMap(LocalDate.init), relation: relation, maritalStatus: marital,
           leftOn: leftOn.flatMap(LocalDate.init))
}

private let husband = Person(id: 1, householdId: 1, name: "张三", sex: .male, birthDate: LocalDate("1985-01-01"),
                             relation: .head, maritalStatus: .married)

@Suite struct EligibilityTests {
    @Test func marriedWomanOf38IsEligible() {
        let e = Eligibility.of(members: [husband, woman("李秀英", born: "1987-06-01")], on: day)
        #expect(e.isEligible)
        #expect(e.reason.zh == "有育龄已婚妇女：李秀英（38岁）")
        #expect(e.reason.en.contains("李秀英 (38)"))
    }

    @Test func womanOf50IsNot() {
        let e = Eligibility.of(members: [husband, woman("李秀英", born: "1975-06-01")], on: day)
        #expect(!e.isEligible)
        #expect(e.reason.zh == "无15–49岁已婚妇女")
    }

    @Test func unmarriedWomanIsNot() {
        let e = Eligibility.of(members: [husband, woman("张丽", born: "2000-01-01", marital: .unmarried, relation: .child)],
                               on: day)
        #expect(!e.isEligible)
    }

    @Test func womanWhoLeftTheHouseholdDoesNotCount() {
        let left = woman("李秀英", born: "1987-06-01", leftOn: "2026-02-01")
        #expect(!Eligibility.of(members: [husband, left], on: day).isEligible)
        // Before she left, she counted.
        #expect(Eligibility.of(members: [husband, left], on: LocalDate("2026-01-31")!).isEligible)
    }

    @Test(arguments: [("2011-03-01", true), ("2011-03-02", false), ("1976-03-02", true), ("1976-03-01", false)])
    func boundaryAges(born: String, eligible: Bool) {
        // 15 on the day itself, 14 one day short; 49 until the eve of the 50th birthday.
        #expect(Eligibility.of(members: [woman("王芳", born: born)], on: day).isEligible == eligible)
    }

    @Test func missingBirthDateIsNamed() {
        let e = Eligibility.of(members: [husband, woman("李秀英", born: nil)], on: day)
        #expect(!e.isEligible)
        #expect(e.reason.zh.contains("李秀英未填出生日期"))
    }
}

@Suite struct GroupRuleTests {
    @Test func groupNameLength() {
        let ok = HonestyGroup(villageId: 1, villageGroupId: 1, name: "一社第一小组", formedOn: day)
        #expect(GroupRules.validate(ok).isEmpty)
        var long = ok
        long.name = String(repeating: "组", count: 21)
        #expect(GroupRules.validate(long).map(\.field) == ["name"])
        long.name = "  "
        #expect(GroupRules.validate(long).map(\.field) == ["name"])
    }

    @Test func tooManyGroupsSaysThreeAndWhy() {
        let m = GroupRules.tooManyGroups(villageGroupName: "三社", existing: 3)
        #expect(m.zh == "三社已有 3 个诚信计生小组，每个社最多 3 个（自愿组合、便于互相监督）")
        #expect(m.en.contains("at most 3"))
    }

    func votes(_ pairs: (Int64, String, Int)...) -> [CandidateVotes] {
        pairs.map { CandidateVotes(personId: $0.0, name: $0.1, votes: $0.2) }
    }

    @Test func electedNeedsTheMostVotes() {
        let c = votes((1, "李秀英", 5), (2, "王芳", 7))
        let problems = GroupRules.electionProblems(place: "村委会", presidedBy: "王建国", candidates: c, electedPersonId: 1)
        #expect(problems.map(\.field) == ["electedPersonId"])
        #expect(problems.first?.message.zh.contains("王芳得票（7）多于当选人李秀英（5）") == true)
        #expect(GroupRules.electionProblems(place: "村委会", presidedBy: "王建国", candidates: c, electedPersonId: 2).isEmpty)
        // A tie is allowed.
        #expect(GroupRules.electionProblems(place: "村委会", presidedBy: "王建国",
                                            candidates: votes((1, "李秀英", 5), (2, "王芳", 5)), electedPersonId: 1).isEmpty)
    }

    @Test func electedMustBeACandidateAndVotesNotNegative() {
        let p = GroupRules.electionProblems(place: "", presidedBy: "", candidates: votes((1, "李秀英", -1)), electedPersonId: 9)
        #expect(Set(p.map(\.field)) == ["place", "presidedBy", "votes", "electedPersonId"])
        #expect(GroupRules.electionProblems(place: "村委会", presidedBy: "王建国", candidates: [], electedPersonId: 1)
            .map(\.field) == ["votes"])
    }

    @Test func signerIsTheMarriedWomanOfTheCouple() {
        let wife = woman("李秀英", born: "1987-06-01")
        #expect(GroupRules.signer(of: [husband, wife], headId: 1)?.name == "李秀英")
        #expect(GroupRules.coupleNames(of: [wife, husband], headId: 1) == "张三、李秀英")
        #expect(GroupRules.signer(of: [husband], headId: 1)?.name == "张三")
        var gone = wife
        gone.leftOn = LocalDate("2026-01-01")
        #expect(GroupRules.signer(of: [husband, gone], headId: 1)?.name == "张三")
    }

    /// A person of the household by relation to the head.
    private func member(_ id: Int64, _ name: String, _ sex: Sex, born: String, _ relation: Relation,
                        _ marital: MaritalStatus = .married) -> Person {
        Person(id: id, householdId: 1, name: name, sex: sex, birthDate: LocalDate(born), relation: relation,
               maritalStatus: marital)
    }

    @Test func theCoupleOfHeadAndWifeIsTheHeadsCouple() {
        let wife = member(2, "李秀英", .female, born: "1987-06-01", .spouse)
        let daughter = member(3, "张丽", .female, born: "2000-02-01", .child)
        let members = [daughter, wife, husband]
        #expect(GroupRules.couple(of: members, headId: 1, on: day).map(\.name) == ["张三", "李秀英"])
        #expect(GroupRules.signer(of: members, headId: 1, on: day)?.name == "李秀英")
    }

    @Test func aHeadWhoseDaughterIsTheMarriedWomanShowsTheDaughterAndHerHusband() {
        // A son-in-law household (上门女婿): the head is widowed, his daughter and her husband live with him.
        let head = member(1, "曾海强", .male, born: "1960-03-01", .head, .widowed)
        let daughter = member(2, "曾丽", .female, born: "1992-08-01", .child)
        let sonInLaw = member(3, "王军", .male, born: "1990-05-01", .childInLaw)
        let grandson = member(4, "曾小军", .male, born: "2018-01-01", .grandchild, .unmarried)
        let members = [head, sonInLaw, daughter, grandson]
        #expect(GroupRules.couple(of: members, headId: 1, on: day).map(\.name) == ["曾丽", "王军"])
        #expect(GroupRules.coupleNames(of: members, headId: 1, on: day) == "曾丽、王军")
        #expect(GroupRules.signer(of: members, headId: 1, on: day)?.name == "曾丽")
        // Her husband away (not a member): she alone.
        #expect(GroupRules.couple(of: [head, daughter], headId: 1, on: day).map(\.name) == ["曾丽"])
        // The head's wife past 49 does not make the household qualify; the daughter does.
        let oldWife = member(5, "李桂兰", .female, born: "1962-01-01", .spouse)
        var married = head
        married.maritalStatus = .married
        #expect(GroupRules.couple(of: [married, oldWife, daughter, sonInLaw], headId: 1, on: day).map(\.name)
                == ["曾丽", "王军"])
    }

    @Test func aWidowedHeadWithAMarriedDaughterInLawShowsHerAndHerHusband() {
        let head = member(1, "刘秀珍", .female, born: "1958-04-01", .head, .widowed)
        let son = member(2, "刘强", .male, born: "1986-09-01", .child)
        let daughterInLaw = member(3, "陈芳", .female, born: "1989-11-01", .childInLaw)
        let members = [head, daughterInLaw, son]
        #expect(GroupRules.couple(of: members, headId: 1, on: day).map(\.name) == ["刘强", "陈芳"])
        #expect(GroupRules.signer(of: members, headId: 1, on: day)?.name == "陈芳")
        // Two married sons: which one is her husband is not recorded, so she is shown alone.
        let brother = member(4, "刘勇", .male, born: "1988-01-01", .child)
        #expect(GroupRules.couple(of: members + [brother], headId: 1, on: day).map(\.name) == ["陈芳"])
        // Nobody qualifies (she moved out): the head, as before.
        var gone = daughterInLaw
        gone.leftOn = LocalDate("2026-01-01")
        #expect(GroupRules.couple(of: [head, son, gone], headId: 1, on: day).map(\.name) == ["刘秀珍"])
    }
}

@Suite struct AgreementRuleTests {
    @Test func placeholdersAndRendering() {
        let t = AgreementTemplate(name: "诚信计生协议书", body: "甲方：{{村名}}村民委员会；乙方：{{ 小组名 }}。{{村名}}{{未知}}")
        #expect(AgreementTemplate.placeholders(in: t.body) == ["村名", "小组名", "未知"])
        #expect(AgreementTemplate.unknownPlaceholders(in: t.body) == ["未知"])
        #expect(t.render(["村名": "星光村", "小组名": "一社第一小组"]) == "甲方：星光村村民委员会；乙方：一社第一小组。星光村{{未知}}")
        let problems = AgreementTemplate.validate(t)
        #expect(problems.map(\.field) == ["body"])
        #expect(problems.first?.message.zh.contains("{{未知}}") == true)
        #expect(AgreementTemplate.knownPlaceholders.count == 11)
    }

    @Test func parsesTheHeader() {
        let t = AgreementTemplate.parse(file: "# name: 协议书甲\n# adoptedBy: 村民代表会议\n\n正文{{村名}}\n第二行")
        #expect(t.name == "协议书甲")
        #expect(t.adoptedBy == "村民代表会议")
        #expect(t.body == "正文{{村名}}\n第二行")
    }

    @Test func effectiveStateIsDerived() {
        var a = Agreement(groupId: 1, templateId: 1, title: "t", body: "b", state: .inForce,
                          validFrom: LocalDate("2026-03-01")!, validTo: LocalDate("2029-02-28")!)
        #expect(a.effectiveState(on: LocalDate("2029-02-28")!) == .inForce)
        #expect(a.effectiveState(on: LocalDate("2029-03-01")!) == .expired)
        a.state = .signing
        #expect(a.effectiveState(on: LocalDate("2030-01-01")!) == .signing)
        #expect(AgreementState.expired.label.zh == "已到期")
    }

    @Test func validityLength() {
        func length(_ a: String, _ b: String) -> String {
            Agreement.validityLength(from: LocalDate(a)!, to: LocalDate(b)!).zh
        }
        #expect(length("2026-03-01", "2029-02-28") == "3年")
        #expect(length("2026-03-01", "2029-03-01") == "3年")
        #expect(length("2026-01-31", "2026-07-30") == "6个月")
        #expect(length("2026-03-01", "2026-03-10") == "10天")
    }

    @Test func dateArithmetic() {
        let d = LocalDate("2024-02-28")!
        #expect(d.addingDays(1) == LocalDate("2024-02-29"))
        #expect(d.addingDays(2) == LocalDate("2024-03-01"))
        #expect(LocalDate("2026-12-31")!.addingDays(1) == LocalDate("2027-01-01"))
        #expect(LocalDate("2026-01-31")!.addingMonths(1) == LocalDate("2026-02-28"))
        #expect(LocalDate("1970-01-01")!.dayNumber == 0)
        #expect(LocalDate("2026-03-01")!.daysUntil(LocalDate("2026-03-31")!) == 30)
        #expect(LocalDate("2026-03-01")!.chineseText == "2026年3月1日")
    }

    @Test func signatureNeedsWhatItsKindNeeds() {
        var s = Signature(agreementId: 1, householdId: 1, signerName: "李秀英", kind: .proxy, signedOn: day)
        #expect(Set(Signature.validate(s, on: day).map(\.field)) == ["proxyName", "proxyRelation"])
        s.proxyName = "张三"
        s.proxyRelation = "丈夫"
        #expect(Signature.validate(s, on: day).isEmpty)
        s.kind = .declined
        #expect(Signature.validate(s, on: day).map(\.field) == ["declineReason"])
        s.kind = .thumbprint
        s.signedOn = nil
        #expect(Signature.validate(s, on: day).map(\.field) == ["signedOn"])
        s.signedOn = day.addingDays(1)
        #expect(Signature.validate(s, on: day).map(\.field) == ["signedOn"])
        s.kind = .pending
        s.signedOn = nil
        #expect(Signature.validate(s, on: day).isEmpty)
    }
}

@Suite struct PartlyCheckedStandingTests {
    @Test func aRoundThatHasNotRecordedEveryItemLeavesThePledgeUnchecked() {
        let pledge = HouseholdPledge(householdId: 1, itemIds: [1, 2, 3], pledgedOn: LocalDate("2026-03-16")!,
                                     signedOn: LocalDate("2026-03-18")!)
        #expect(PledgeRules.standing(of: pledge, latestResults: [.kept, .kept], itemCount: 3) == .signedUnchecked)
        #expect(PledgeRules.standing(of: pledge, latestResults: [.kept, .kept, .notAssessed], itemCount: 3) == .kept)
        #expect(PledgeRules.standing(of: pledge, latestResults: [.broken], itemCount: 3) == .broken)
    }
}
