import Foundation
import Testing
import GRDB
import Domain
@testable import Store

private let dataURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Data")
private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The programme calendar on the store: installed from Data/calendar.json, edited by the
/// administrator only, deadlines read from the records, marks audited; and a rule
/// document's text, whose change after adoption is a new document.
@Suite struct CalendarStoreTests {
    @Test func theMigrationIsRegisteredAndTheCalendarInstalledOnce() throws {
        let p = try PledgeFixture()
        try p.db.reader.read { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").contains("v12 programme calendar"))
            #expect(try db.tableExists("calendar_entry") && db.tableExists("calendar_done"))
            #expect(try db.columns(in: "rule_document").map(\.name).contains("body"))
        }
        let entries = try p.db.calendarEntries()
        #expect(entries.map(\.code) == ["check-round", "survey", "star-review", "monthly-report", "phase-1", "phase-2", "phase-3",
                                        "model-village", "yearly-summary", "phase-4", "phase-5"])
        #expect(entries.allSatisfy { CalendarEntry.validate($0).isEmpty })
        let report = try #require(try p.db.calendarEntry(code: "monthly-report"))
        #expect(report.schedule == .monthly && report.dueDay == 5 && report.evidence == CalendarEvidence.none)
        // A second install leaves an edited calendar alone.
        try p.db.setCalendarEntryRetired(id: report.id!, true)
        try p.db.installCalendar(from: dataURL.appendingPathComponent("calendar.json"))
        #expect(try p.db.calendarEntries().count == 10 && p.db.calendarEntries(includeRetired: true).count == 11)
        #expect(try p.db.verify().isClean)
    }

    @Test func aDatabaseMadeBeforeTheMigrationUpgradesAndVerifiesClean() throws {
        let path = temporaryFolder() + "/v11.sqlite"
        let q = try DatabaseQueue(path: path, configuration: AppDatabase.makeConfiguration(AccessState()))
        try AppDatabase.migrator.migrate(q, upTo: "v11 rectification of broken pledges, conditional benefits")
        try q.write { db in
            try Audit.installTriggersIfChanged(db)
            try db.execute(sql: """
                INSERT INTO rule_document(id, kind, title, adopted_on, adopted_by) VALUES (1, 'villageRules', '村规民约', '2026-01-05', '村民会议');
                """)
        }
        try q.close()
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        try db.installCalendar(from: dataURL.appendingPathComponent("calendar.json"))
        #expect(try db.ruleDocuments().first?.body == "")
        #expect(try db.calendarEntries().count == 11)
        let report = try db.verify()
        #expect(report.isClean, "\(report.rowsOutOfStep)")
    }

    @Test func onlyTheAdministratorChangesTheCalendarAndBadEntriesAreRefused() throws {
        let p = try PledgeFixture()
        try p.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026x")
        try p.db.addUser(username: "clerk", displayName: "", role: .clerk, password: "clerk2026x")
        p.db.signOut()
        try p.db.signIn(username: "clerk", password: "clerk2026x")
        #expect(try p.db.calendarEntries().count == 11, "a clerk reads the calendar")
        let entry = CalendarEntry(code: "training", title: "季度培训", schedule: .quarterly)
        #expect(refusal { try p.db.saveCalendarEntry(entry) } == AppDatabase.notAllowedMessage)
        let survey = try #require(try p.db.calendarEntry(code: "survey"))
        #expect(refusal { try p.db.setCalendarEntryRetired(id: survey.id!, true) } == AppDatabase.notAllowedMessage)
        p.db.signOut()
        try p.db.signIn(username: "admin", password: "admin2026x")
        let saved = try p.db.saveCalendarEntry(CalendarEntry(code: " training ", title: "季度培训", schedule: .quarterly))
        #expect(saved.code == "training" && saved.sortOrder == 120)
        // A code in use, a monthly entry without its day: nothing stored.
        #expect(invalidFields { try p.db.saveCalendarEntry(CalendarEntry(code: "survey", title: "重复", schedule: .quarterly)) }?
            .map(\.field) == ["code"])
        #expect(invalidFields { try p.db.saveCalendarEntry(CalendarEntry(code: "x", title: "月报", schedule: .monthly)) }?
            .map(\.field) == ["dueDay"])
        var changed = saved
        changed.title = "季度计生培训"
        try p.db.saveCalendarEntry(changed)
        try p.db.setCalendarEntryRetired(id: saved.id!, true)
        #expect(refusal { try p.db.setCalendarEntryRetired(id: saved.id!, true) } != nil)
        try p.db.setCalendarEntryRetired(id: saved.id!, false)
        #expect(try p.db.calendarEntry(code: "training")?.title == "季度计生培训")
        let log = try p.db.auditEntries(table: "calendar_entry", rowId: saved.id!)
        #expect(log.count == 4 && log.allSatisfy { $0.username == "admin" })
        #expect(try p.db.verify().isClean)
    }

    @Test func deadlinesAreDoneByTheRecordsOrTheClerksMark() throws {
        let p = try PledgeFixture()
        let today = d("2026-12-07")
        // The fixture's star reviews are in Q1 and Q2; a check round in Q3, none in Q4.
        try p.db.createCheckRound(name: "2026年第三季度", heldOn: d("2026-09-20"))
        let year = try p.db.deadlines(from: d("2026-01-01"), to: d("2026-12-31"))
        func status(_ code: String, _ due: String) throws -> DeadlineStatus? {
            let id = try p.db.calendarEntry(code: code)?.id
            return year.first { $0.entryId == id && $0.dueOn == d(due) }?.status(on: today)
        }
        #expect(try status("star-review", "2026-03-31") == .done && status("star-review", "2026-06-30") == .done)
        #expect(try status("star-review", "2026-09-30") == .overdue && status("star-review", "2026-12-31") == .due)
        #expect(try status("check-round", "2026-09-30") == .done && status("check-round", "2026-06-30") == .overdue)
        #expect(try status("survey", "2026-12-31") == .due && status("model-village", "2026-04-30") == .overdue)
        #expect(year.filter { $0.dueOn.year == 2026 }.count == year.count)
        // 12 monthly reports (December's is due in January), 4 × 3 quarterly, 7 yearly.
        #expect(year.count == 12 + 12 + 7)

        // November's report, marked done; the mark is refused twice and for the check round.
        let report = try #require(try p.db.calendarEntry(code: "monthly-report"))
        try p.db.markDeadlineDone(entryId: report.id!, dueOn: d("2026-12-05"), on: d("2026-12-04"), note: "已报乡镇", today: today)
        #expect(try status("monthly-report", "2026-12-05") == .overdue, "the list read before the mark")
        let after = try p.db.deadlines(from: d("2026-12-01"), to: d("2026-12-31"))
        #expect(after.first { $0.entryId == report.id }?.doneOn == d("2026-12-04"))
        #expect(refusal { try p.db.markDeadlineDone(entryId: report.id!, dueOn: d("2026-12-05"), on: today, today: today) } != nil)
        let check = try #require(try p.db.calendarEntry(code: "check-round"))
        #expect(refusal { try p.db.markDeadlineDone(entryId: check.id!, dueOn: d("2026-12-31"), on: today, today: today) } != nil)
        #expect(refusal { try p.db.markDeadlineDone(entryId: report.id!, dueOn: d("2026-12-06"), on: today, today: today) } != nil)
        // Taken back, and again refused when there is no mark.
        try p.db.unmarkDeadlineDone(entryId: report.id!, dueOn: d("2026-12-05"))
        #expect(refusal { try p.db.unmarkDeadlineDone(entryId: report.id!, dueOn: d("2026-12-05")) } != nil)
        #expect(try p.db.auditEntries(table: "calendar_done", rowId: nil).map(\.action) == ["delete", "insert"])
        #expect(try p.db.verify().isClean)

        // The main screen's three: phase 4 (ended 09-15), Q3's survey and star review; Q2's are
        // older than the look-back, Q3's check is done.
        let next = try p.db.nextDeadlines(on: today)
        #expect(next.count == 3 && next.allSatisfy { $0.status(on: today) == .overdue })
        #expect(next.map(\.dueOn) == [d("2026-09-15"), d("2026-09-30"), d("2026-09-30")])
    }

    @Test func anAgreementsRenewalIsDueOnItsEndAndDoneByTheNextAgreement() throws {
        let a = try AgreementFixture()
        let first = try a.create(from: "2026-03-01", to: "2026-12-31")
        try a.db.startSigning(agreementId: first.id!, on: groupToday)
        try a.signAll(first)
        let december = { try a.db.deadlines(from: d("2026-12-01"), to: d("2026-12-31")).filter { $0.entryId == nil } }
        #expect(try december().map(\.title.zh) == ["一社第一小组协议续签"])
        #expect(try december()[0].status(on: d("2027-01-01")) == .overdue)
        #expect(try a.db.nextDeadlines(on: d("2027-01-01")).contains { $0.entryId == nil })
        let second = try a.create(from: "2027-01-01", to: "2029-12-31")
        try a.db.startSigning(agreementId: second.id!, on: groupToday)
        try a.signAll(second)
        #expect(try december()[0].doneOn == d("2027-01-01"))
        #expect(try !a.db.nextDeadlines(on: d("2027-01-01")).contains { $0.entryId == nil })
    }

    @Test func theDashboardCountsRectificationCases() throws {
        let p = try PledgeFixture()
        let pledge = try p.signedPledge(p.h1)
        let round = try p.db.createCheckRound(name: "2026年第三季度", heldOn: d("2026-09-20"))
        try p.db.recordChecks(roundId: round.id!, pledgeId: pledge.id!, entries: [
            CheckEntry(itemId: pledge.itemIds[0], result: .broken, note: "外出未报告"),
            CheckEntry(itemId: pledge.itemIds[1], result: .broken, note: "未参加小组活动"),
        ], recordedBy: "王会计", on: d("2026-09-20"))
        var f = try p.db.dashboard(on: d("2026-10-01"))
        #expect((f.rectificationOpen, f.rectificationOverdue, f.withheldHouseholds) == (2, 0, 0))
        f = try p.db.dashboard(on: d("2026-10-21"))
        #expect((f.rectificationOpen, f.rectificationOverdue, f.withheldHouseholds) == (2, 2, 0))
        let cases = try p.db.rectificationCases()
        for c in cases {
            try p.db.recordRectificationStep(.groupReview, caseId: c.rectification.id!, on: d("2026-10-25"), note: "", today: d("2026-11-01"))
            try p.db.recordRectificationStep(.committeeCheck, caseId: c.rectification.id!, on: d("2026-10-26"), note: "李主任",
                                             today: d("2026-11-01"))
        }
        f = try p.db.dashboard(on: d("2026-11-01"))
        #expect((f.rectificationOpen, f.rectificationOverdue, f.withheldHouseholds) == (2, 0, 1))
        #expect(f.deadlines.count == 3)
    }

    @Test func aRuleDocumentsTextIsTypedInOnceAndAChangeIsANewDocument() throws {
        let f = try Fixture()
        let today = d("2026-11-25")
        let doc = try f.db.saveRuleDocument(RuleDocument(kind: .villageRules, title: "村规民约", adoptedOn: d("2026-01-05"),
                                                         adoptedBy: "村民会议"), on: today)
        // Typing in the adopted text of a document that has none is not a change.
        var typed = doc
        typed.body = "第一条　本村村民自觉实行计划生育。"
        let same = try f.db.saveRuleDocument(typed, on: today)
        #expect(try same.id == doc.id && f.db.ruleDocuments().map(\.id) == [doc.id])
        // A changed text with the old adoption date: refused, under the date, nothing stored.
        var revised = same
        revised.body += "\n第二条　遵守诚信计生协议。"
        #expect(invalidFields { try f.db.saveRuleDocument(revised, on: today) }?.map(\.field) == ["adoptedOn"])
        #expect(try f.db.ruleDocuments(includeSuperseded: true).count == 1)
        // With the revising meeting: a new document that supersedes the old, which keeps its text.
        revised.adoptedOn = d("2026-11-20")
        revised.adoptedBy = "村民代表大会"
        let new = try f.db.saveRuleDocument(revised, on: today)
        #expect(new.id != doc.id && new.supersededById == nil)
        let all = try f.db.ruleDocuments(includeSuperseded: true)
        #expect(all.count == 2)
        let old = try #require(all.first { $0.id == doc.id })
        #expect(old.supersededById == new.id && old.body == typed.body && old.adoptedBy == "村民会议")
        // The superseded one cannot be revised again.
        var again = old
        again.body = "另一文本"
        again.adoptedOn = d("2026-11-24")
        #expect(invalidFields { try f.db.saveRuleDocument(again, on: today) }?.map(\.field) == ["body"])
        // Its note may still be corrected in place, and the text is held to its limit.
        var tooLong = new
        tooLong.body = String(repeating: "字", count: RuleDocument.bodyLimit + 1)
        #expect(invalidFields { try f.db.saveRuleDocument(tooLong, on: today) }?.map(\.field) == ["body"])
        #expect(try f.db.verify().isClean)
    }
}
