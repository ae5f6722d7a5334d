/// The monthly report's deadline as a township watches it: each month's report (村级月报告单)
/// is due on a day of the next month (the calendar's `monthly-report` entry, day 5). A package
/// written on or after the first day of a month carries the month before it, so a village is
/// late when the last deadline that has passed found no package written since its month ended.
public enum MonthlyReporting {
    /// The monthly report's day when the calendar does not say.
    public static let defaultDueDay = 5

    /// The first day a package must have been written on to answer the last deadline passed by
    /// `today`: the first of this month once this month's due day is past, else the first of
    /// the month before.
    public static func requiredSince(today: LocalDate, dueDay: Int) -> LocalDate {
        let firstOfMonth = LocalDate(year: today.year, month: today.month, day: 1)!
        return today.day > dueDay ? firstOfMonth : firstOfMonth.addingMonths(-1)
    }

    /// Whether a village whose last package was written on `lastPackage` (nil: none yet) is
    /// late with its monthly report on `today`.
    public static func isLate(lastPackage: LocalDate?, today: LocalDate, dueDay: Int = defaultDueDay) -> Bool {
        guard let lastPackage else { return true }
        return lastPackage < requiredSince(today: today, dueDay: dueDay)
    }
}
