import Foundation

extension LocalDate {
    /// The local calendar date now (`CHENGXIN_TODAY=YYYY-MM-DD` fixes it, for demos and tests).
    public static func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> LocalDate {
        if let fixed = environment["CHENGXIN_TODAY"].flatMap(LocalDate.init) { return fixed }
        let c = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        return LocalDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? LocalDate("2000-01-01")!
    }
}
