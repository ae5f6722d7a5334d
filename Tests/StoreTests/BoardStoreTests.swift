import Foundation
import Testing
import Domain
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// What the disclosure board reads for a period: deliveries by policy, the feedback received
/// and closed, and the population's changes (entries by their first audit entry, births, leaving).
@Suite struct BoardStoreTests {
    @Test func populationChangesAreCountedFromAuditEntriesBirthsAndLeaving() throws {
        let f = try Fixture()
        let (h, _) = try f.household("0101", head: "张三")
        let baby = try f.db.savePerson(Person(householdId: h.id!, name: "张小宝", sex: .male, birthDate: d("2026-03-01"), relation: .child))
        let girl = try f.db.savePerson(Person(householdId: h.id!, name: "张小红", sex: .female, birthDate: d("2000-03-01"), relation: .child))
        try f.db.personLeaves(personId: girl.id!, on: d("2026-04-01"), reason: "迁出")
        _ = baby
        // Audit entries carry the clock's time: the period around the real day counts the entries.
        let now = LocalDate.today(environment: [:])
        let around = try f.db.populationChanges(from: now.addingDays(-1), to: now.addingDays(1))
        #expect(around.householdsRegistered == 1 && around.personsRegistered == 3)
        let year = try f.db.populationChanges(from: d("2026-01-01"), to: d("2026-06-30"))
        #expect(year.births == 1 && year.left == [PopulationChanges.Departures(reason: "迁出", count: 1)])
        let before = try f.db.populationChanges(from: d("2020-01-01"), to: d("2020-12-31"))
        #expect(before.isEmpty)
    }

    @Test func feedbackOfThePeriodIsReceivedAndClosedWithoutVoidedEntries() throws {
        let f = try Fixture()
        let today = d("2026-11-25")
        let a = try f.db.saveFeedback(FeedbackEntry(receivedOn: d("2026-03-02"), source: .visit, raisedBy: "王秀兰",
                                                    content: "奖励费何时发放", handler: "专干", deadline: d("2026-03-09")), on: today)
        try f.db.closeFeedback(id: a.id!, outcome: "已告知", on: d("2026-03-08"), today: today)
        let b = try f.db.saveFeedback(FeedbackEntry(receivedOn: d("2026-04-02"), source: .visit, raisedBy: "李四",
                                                    content: "重复登记", handler: "专干", deadline: d("2026-04-09")), on: today)
        try f.db.voidFeedback(id: b.id!, reason: "重复", on: today)
        let handled = try f.db.feedbackHandled(from: d("2026-01-01"), to: d("2026-06-30"))
        #expect(handled.received == 1 && handled.closed.map(\.content) == ["奖励费何时发放"])
        #expect(try f.db.feedbackHandled(from: d("2026-07-01"), to: d("2026-12-31")).received == 0)
        #expect(try f.db.deliveries(from: d("2026-01-01"), to: d("2026-12-31")).isEmpty)
    }
}
