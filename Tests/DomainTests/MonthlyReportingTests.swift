import Domain
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// A village is late when the last monthly report deadline passed found no package written
/// since the month it reports on ended.
@Suite struct MonthlyReportingTests {
    @Test func theDeadlineIsTheFifthOfTheNextMonth() {
        // Until the 5th, November's report answers the deadline passed on November 5th (October's).
        #expect(MonthlyReporting.requiredSince(today: d("2026-12-05"), dueDay: 5) == d("2026-11-01"))
        // From the 6th, November's report is overdue unless a package came since December 1st.
        #expect(MonthlyReporting.requiredSince(today: d("2026-12-06"), dueDay: 5) == d("2026-12-01"))
        // Across the year's end.
        #expect(MonthlyReporting.requiredSince(today: d("2027-01-03"), dueDay: 5) == d("2026-12-01"))
    }

    @Test func lateWhenNoPackageSinceTheMonthEnded() {
        let today = d("2026-12-07")
        #expect(MonthlyReporting.isLate(lastPackage: nil, today: today))
        #expect(MonthlyReporting.isLate(lastPackage: d("2026-11-30"), today: today))
        #expect(!MonthlyReporting.isLate(lastPackage: d("2026-12-01"), today: today))
        #expect(!MonthlyReporting.isLate(lastPackage: d("2026-12-07"), today: today))
        // On the due day itself the package may still come.
        #expect(!MonthlyReporting.isLate(lastPackage: d("2026-11-20"), today: d("2026-12-05")))
        #expect(MonthlyReporting.isLate(lastPackage: d("2026-10-31"), today: d("2026-12-05")))
        // Another due day, from the calendar.
        #expect(!MonthlyReporting.isLate(lastPackage: d("2026-11-20"), today: d("2026-12-09"), dueDay: 10))
    }
}
