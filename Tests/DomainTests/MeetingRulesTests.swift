import Testing
@testable import Domain

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The register's rules: no future dates, the required fields, attendees who had not left,
/// and the 帮带 pairing (seed 002: 每人帮带1-3名育龄妇女).
@Suite struct MeetingRulesTests {
    let today = d("2026-11-25")

    func meeting(_ kind: MeetingKind = .publicity, on day: String = "2026-11-20") -> Meeting {
        Meeting(kind: kind, heldOn: d(day), place: "村文化广场", ledBy: "王芳", topic: "婚育新风进万家")
    }

    @Test func aMeetingIsRecordedOnceHeldWithItsRequiredFields() {
        #expect(MeetingRules.validate(meeting(), on: today).isEmpty)
        #expect(MeetingRules.validate(meeting(on: "2026-11-25"), on: today).isEmpty, "today itself is allowed")
        #expect(MeetingRules.validate(meeting(on: "2026-11-26"), on: today).map(\.field) == ["heldOn"])
        var m = meeting()
        m.place = "　"
        m.ledBy = ""
        m.topic = String(repeating: "长", count: 101)
        #expect(MeetingRules.validate(m, on: today).map(\.field) == ["place", "ledBy", "topic"])
        #expect(MeetingRules.validate(meeting(.memberMeeting), on: today).map(\.field) == ["villageGroupId"],
                "a 社员会议 names its 社")
        var member = meeting(.memberMeeting)
        member.villageGroupId = 1
        #expect(MeetingRules.validate(member, on: today).isEmpty)
    }

    @Test func aPersonWhoLeftBeforeTheMeetingCannotHaveAttended() {
        var p = Person(id: 7, householdId: 1, name: "赵小红", sex: .female, relation: .child)
        #expect(MeetingRules.attendeeProblem(p, heldOn: d("2026-05-01")) == nil)
        p.leftOn = d("2026-05-01")
        p.leftReason = "迁出"
        #expect(MeetingRules.attendeeProblem(p, heldOn: d("2026-05-01")) != nil, "gone from the day they left")
        #expect(MeetingRules.attendeeProblem(p, heldOn: d("2026-04-30")) == nil, "still there the day before")
    }

    func helper() -> Person {
        Person(id: 1, householdId: 1, name: "王芳", sex: .female, birthDate: d("1975-03-01"), relation: .head, isAssociationMember: true)
    }

    func woman(_ id: Int64, born: String = "1995-06-01") -> Person {
        Person(id: id, householdId: id, name: "妇女\(id)", sex: .female, birthDate: d(born), relation: .spouse)
    }

    func pair(_ womanId: Int64, from: String = "2026-02-01", to: String? = nil, helper: Int64 = 1) -> MentorPairing {
        MentorPairing(helperId: helper, womanId: womanId, startedOn: d(from), endedOn: to.map(d))
    }

    @Test func aHelperIsAnAssociationMemberAndTheWomanOfChildbearingAge() {
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: woman(2), others: [], today: today) == nil)
        var notMember = helper()
        notMember.isAssociationMember = false
        #expect(MeetingRules.pairingProblem(pair(2), helper: notMember, woman: woman(2), others: [], today: today) != nil)
        var man = woman(2)
        man.sex = .male
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: man, others: [], today: today) != nil)
        // 15 to 49 on the start day: 49 the day before her 50th birthday, 15 on her 15th.
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: woman(2, born: "1976-02-02"), others: [], today: today) == nil)
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: woman(2, born: "1976-02-01"), others: [], today: today) != nil)
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: woman(2, born: "2011-02-01"), others: [], today: today) == nil)
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: woman(2, born: "2011-02-02"), others: [], today: today) != nil)
        var unknown = woman(2)
        unknown.birthDate = nil
        #expect(MeetingRules.pairingProblem(pair(2), helper: helper(), woman: unknown, others: [], today: today) != nil)
        #expect(MeetingRules.pairingProblem(pair(2, from: "2026-11-26"), helper: helper(), woman: woman(2), others: [], today: today) != nil,
                "not after today")
    }

    @Test func aHelperHasAtMostThreeWomenAndAWomanOneHelperAtATime() {
        let three = [pair(2), pair(3), pair(4)]
        #expect(MeetingRules.pairingProblem(pair(5), helper: helper(), woman: woman(5), others: three, today: today) != nil)
        // One of the three ended before the new one starts: room again.
        let ended = [pair(2, to: "2026-03-31"), pair(3), pair(4)]
        #expect(MeetingRules.pairingProblem(pair(5, from: "2026-04-01"), helper: helper(), woman: woman(5), others: ended, today: today) == nil)
        #expect(MeetingRules.pairingProblem(pair(5, from: "2026-03-31"), helper: helper(), woman: woman(5), others: ended, today: today) != nil,
                "the end day is still a day of help")
        // A woman with another helper in the same time is refused; after that helper's end she may have a new one.
        let other = [pair(5, to: "2026-06-30", helper: 9)]
        #expect(MeetingRules.pairingProblem(pair(5, from: "2026-06-01"), helper: helper(), woman: woman(5), others: other, today: today) != nil)
        #expect(MeetingRules.pairingProblem(pair(5, from: "2026-07-01"), helper: helper(), woman: woman(5), others: other, today: today) == nil)
    }

    @Test func publicityIsExpectedEvenlyOverTheYear() {
        #expect(MeetingRules.expectedByNow(perYear: 4, on: d("2026-01-01")) == 0)
        #expect(MeetingRules.expectedByNow(perYear: 4, on: d("2026-03-31")) == 0)
        #expect(MeetingRules.expectedByNow(perYear: 4, on: d("2026-04-02")) == 1)
        #expect(MeetingRules.expectedByNow(perYear: 4, on: d("2026-11-25")) == 3)
        #expect(MeetingRules.expectedByNow(perYear: 4, on: d("2026-12-31")) == 4)
    }
}
