import Testing
@testable import Domain

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The programme calendar's rules, on values alone: when each kind of entry falls due,
/// what shows a deadline done, when it is overdue, what the main screen lists, and what
/// an entry and a mark may be.
@Suite struct CalendarRulesTests {
    let check = CalendarEntry(id: 1, code: "check-round", title: "季度守信检查", titleEn: "Quarterly pledge check",
                              schedule: .quarterly, evidence: .checkRound, sortOrder: 10)
    let survey = CalendarEntry(id: 2, code: "survey", title: "季度满意度调查", schedule: .quarterly, evidence: .surveyRound, sortOrder: 20)
    let stars = CalendarEntry(id: 3, code: "star-review", title: "季度星级评定", schedule: .quarterly, evidence: .starReview, sortOrder: 30)
    let report = CalendarEntry(id: 4, code: "monthly-report", title: "村级月报告单", titleEn: "Monthly village report",
                               schedule: .monthly, dueDay: 5, sortOrder: 40)
    let phase2 = CalendarEntry(id: 5, code: "phase-2", title: "宣传发动", schedule: .yearly, start: MonthDay("02-21"),
                               due: MonthDay("02-29"), sortOrder: 50)
    let model = CalendarEntry(id: 6, code: "model-village", title: "报送创建示范村", schedule: .yearly, due: MonthDay("04-30"), sortOrder: 60)

    @Test func aQuarterlyEntryIsDueOnTheQuartersLastDay() {
        let q = check.occurrences(from: d("2026-01-01"), to: d("2026-12-31"))
        #expect(q.map(\.dueOn) == [d("2026-03-31"), d("2026-06-30"), d("2026-09-30"), d("2026-12-31")])
        #expect(q[3].periodStart == d("2026-10-01") && q[3].title == Localized("季度守信检查（第四季度）", "Quarterly pledge check (Q4)"))
        // A span inside a quarter still finds the quarter's deadline when it falls in the span.
        #expect(check.occurrences(from: d("2026-11-15"), to: d("2026-12-31")).map(\.dueOn) == [d("2026-12-31")])
        #expect(check.occurrences(from: d("2026-11-15"), to: d("2026-12-30")).isEmpty)
    }

    @Test func aMonthsReportIsDueOnItsDayOfTheNextMonth() {
        let r = report.occurrences(from: d("2026-11-01"), to: d("2027-01-31"))
        #expect(r.map(\.dueOn) == [d("2026-11-05"), d("2026-12-05"), d("2027-01-05")])
        // The report due on 12-05 is November's: its period is the month before.
        #expect(r[1].periodStart == d("2026-11-01") && r[1].periodEnd == d("2026-11-30"))
        #expect(r[1].title.zh == "村级月报告单（11月）" && r[1].title.en == "Monthly village report (Nov)")
        // English falls back to the Chinese title when none is given.
        #expect(survey.titleText.en == "季度满意度调查")
    }

    @Test func aYearlyPhaseRunsFromItsStartAndTheTwentyNinthOfFebruaryFollowsTheYear() {
        let common = phase2.occurrences(from: d("2026-01-01"), to: d("2026-12-31"))
        #expect(common.map(\.dueOn) == [d("2026-02-28")] && common[0].periodStart == d("2026-02-21") && common[0].hasStart)
        #expect(phase2.occurrences(from: d("2028-01-01"), to: d("2028-12-31")).map(\.dueOn) == [d("2028-02-29")])
        // Without a start, the year's work runs from 1 January.
        let m = model.occurrences(from: d("2025-06-01"), to: d("2027-06-01"))
        #expect(m.map(\.dueOn) == [d("2026-04-30"), d("2027-04-30")] && m[0].periodStart == d("2026-01-01") && !m[0].hasStart)
        #expect(MonthDay("2-9")?.description == "02-09" && MonthDay("02-30") == nil && MonthDay("13-01") == nil && MonthDay("0430") == nil)
    }

    @Test func recordsInTheQuarterMakeItsDeadlineDone() {
        let records = CalendarRecords(checkRounds: [d("2026-09-28"), d("2026-10-20")], surveyRounds: [d("2026-06-15")],
                                      starReviews: [d("2026-07-02")])
        let all = CalendarRules.deadlines([check, survey, stars], from: d("2026-07-01"), to: d("2026-12-31"), records: records)
        func status(_ id: Int64, _ due: String, on today: String) -> DeadlineStatus? {
            all.first { $0.entryId == id && $0.dueOn == d(due) }?.status(on: d(today))
        }
        // Q3: a check round on 09-28 (done); no survey (overdue after 09-30); the star review of
        // 07-02 is in Q3 although it reviewed Q2's work.
        #expect(status(1, "2026-09-30", on: "2026-10-01") == .done)
        #expect(all.first { $0.entryId == 1 && $0.dueOn == d("2026-09-30") }?.doneOn == d("2026-09-28"))
        #expect(status(2, "2026-09-30", on: "2026-09-30") == .due)
        #expect(status(2, "2026-09-30", on: "2026-10-01") == .overdue)
        #expect(status(3, "2026-09-30", on: "2026-10-01") == .done)
        // Q4: the round of 10-20 counts from that day, not before.
        #expect(status(1, "2026-12-31", on: "2026-10-19") == .due)
        #expect(status(1, "2026-12-31", on: "2026-10-20") == .done)
        // A survey held in Q2 does not do Q3's.
        #expect(status(2, "2026-12-31", on: "2027-01-01") == .overdue)
    }

    @Test func workTheRecordsDoNotShowIsDoneByTheClerksMark() {
        let due = d("2026-12-05")
        let marked = CalendarRecords(marks: [CalendarMarkKey(entryId: 4, dueOn: due): d("2026-12-03")])
        let deadlines = CalendarRules.deadlines([report], from: d("2026-11-01"), to: d("2026-12-31"), records: marked)
        #expect(deadlines.map { $0.status(on: d("2026-12-10")) } == [.overdue, .done])
        // A mark is refused for work the records show, for a day that is no deadline, twice, or in the future.
        let today = d("2026-12-07")
        #expect(CalendarRules.markProblem(entry: check, dueOn: d("2026-12-31"), on: today, marked: false, today: today) != nil)
        #expect(CalendarRules.markProblem(entry: report, dueOn: d("2026-12-06"), on: today, marked: false, today: today) != nil)
        #expect(CalendarRules.markProblem(entry: report, dueOn: due, on: today, marked: true, today: today) != nil)
        #expect(CalendarRules.markProblem(entry: report, dueOn: due, on: d("2026-12-08"), marked: false, today: today) != nil)
        #expect(CalendarRules.markProblem(entry: report, dueOn: due, on: today, marked: false, today: today) == nil)
    }

    @Test func anAgreementIsRenewedByALaterOneAndOverdueAfterItsEndOtherwise() {
        let records = CalendarRecords(renewals: [
            RenewalDue(agreementId: 7, groupName: "一社第一小组", validTo: d("2026-12-31")),
            RenewalDue(agreementId: 8, groupName: "三社第一小组", validTo: d("2026-11-30"), renewedOn: d("2026-11-20")),
        ])
        let all = CalendarRules.deadlines([], from: d("2026-11-01"), to: d("2026-12-31"), records: records)
        #expect(all.map(\.title.zh) == ["三社第一小组协议续签", "一社第一小组协议续签"])
        #expect(all[0].status(on: d("2026-12-01")) == .done)
        #expect(all[1].status(on: d("2026-12-31")) == .due && all[1].status(on: d("2027-01-01")) == .overdue)
        #expect(all[1].periodStart == d("2026-12-01"))
    }

    @Test func theMainScreenListsTheNextThreeNotDoneOverdueFirst() {
        let records = CalendarRecords(checkRounds: [d("2026-08-15"), d("2026-11-20")],
                                      marks: [CalendarMarkKey(entryId: 4, dueOn: d("2026-10-05")): d("2026-10-05"),
                                              CalendarMarkKey(entryId: 4, dueOn: d("2026-11-05")): d("2026-11-04")])
        let today = d("2026-12-07")
        let all = CalendarRules.deadlines([check, survey, report, model], from: today.addingDays(-CalendarRules.lookbackDays),
                                          to: today.addingDays(366), records: records)
        let next = CalendarRules.next(all, on: today)
        // Q3's survey (overdue since 10-01), then November's report due 12-05 (overdue), then Q4's survey.
        #expect(next.map(\.dueOn) == [d("2026-09-30"), d("2026-12-05"), d("2026-12-31")])
        #expect(next.map { $0.status(on: today) } == [.overdue, .overdue, .due])
        #expect(next[2].entryId == 2, "Q4's check is done by the round of 11-20")
        // Overdue work older than the look-back is left to the calendar screen.
        #expect(CalendarRules.next(all, on: d("2027-01-05")).allSatisfy { $0.dueOn >= d("2026-10-05") })
        #expect(CalendarRules.next([], on: today).isEmpty)
        // Retired entries give no deadlines.
        var retired = survey
        retired.isRetired = true
        #expect(CalendarRules.deadlines([retired], from: d("2026-01-01"), to: d("2026-12-31"), records: records).isEmpty)
    }

    @Test func anEntryIsCheckedForItsSchedule() {
        func fields(_ e: CalendarEntry) -> [String] { CalendarEntry.validate(e).map(\.field) }
        #expect(fields(report).isEmpty && fields(check).isEmpty && fields(phase2).isEmpty && fields(model).isEmpty)
        #expect(fields(CalendarEntry(code: "", title: "", schedule: .quarterly)) == ["code", "title"])
        #expect(fields(CalendarEntry(code: "月报", title: "月报", schedule: .quarterly)) == ["code"])
        #expect(fields(CalendarEntry(code: "a", title: String(repeating: "长", count: 17), schedule: .quarterly)) == ["title"])
        #expect(fields(CalendarEntry(code: "a", title: "月报", schedule: .monthly)) == ["dueDay"])
        #expect(fields(CalendarEntry(code: "a", title: "月报", schedule: .monthly, dueDay: 29)) == ["dueDay"])
        #expect(fields(CalendarEntry(code: "a", title: "检查", schedule: .quarterly, due: MonthDay("03-31"))) == ["dueDate"])
        #expect(fields(CalendarEntry(code: "a", title: "总结", schedule: .yearly)) == ["dueDate"])
        #expect(fields(CalendarEntry(code: "a", title: "阶段", schedule: .yearly, start: MonthDay("03-16"), due: MonthDay("03-01")))
            == ["startDate"])
        #expect(fields(CalendarEntry(code: "a", title: "总结", schedule: .yearly, due: MonthDay("04-30"), dueDay: 5)) == ["dueDay"])
        #expect(fields(CalendarEntry(code: "a", title: "总结", titleEn: String(repeating: "x", count: 41), schedule: .yearly,
                                     due: MonthDay("04-30"), basis: String(repeating: "据", count: 101))) == ["titleEn", "basis"])
    }
}
