import Domain
import Foundation
import Store

extension AppDatabase {
    /// The duplicate scan of every village's persons as one statement, for the sqlite3 shell.
    public func duplicateScanSQL() throws -> String {
        let (sql, arguments) = Self.duplicateScanQuery(villageId: nil)
        return try inlined(sql, arguments)
    }
}

extension BenchRun {
    // MARK: Duplicate persons

    /// The scan for persons entered twice over the whole county (each village's own pairs):
    /// the store's `duplicatePairs`, rows read and mapped, against the sqlite3 shell running
    /// the same statement.
    mutating func measureDuplicates(_ db: AppDatabase, path: String) throws {
        let repeats = min(runs, 5)
        var samples: [Double] = []
        var pairs: [DuplicatePair] = []
        for _ in 0..<repeats {
            let start = monotonicSeconds()
            pairs = try db.duplicatePairs(villageId: nil)
            samples.append(monotonicSeconds() - start)
        }
        let persons = try db.counts().persons
        let base = sqliteTimes(path: path, statements: [try db.duplicateScanSQL()], repeats: repeats)
        let byReason = DuplicateReason.allCases.map { r in pairs.filter { $0.reasons.contains(r) }.count }
        rows.append(BenchRow(label: Localized("重复人员扫描：全县 \(persons) 人（证号、姓名生日、拼音年份）",
                                              "Duplicate scan: the county's \(persons) persons (ID, name+birth, pinyin+year)"),
                             samples: samples, baseline: base,
                             baselineLabel: Localized("sqlite3 同样的 SQL", "sqlite3, same SQL"), budget: 10.0, unit: .seconds,
                             note: Localized("找到 \(pairs.count) 对（同证号 \(byReason[0])，同名同生日 \(byReason[1])，同音同年 \(byReason[2])）",
                                             "\(pairs.count) pairs found (same ID \(byReason[0]), name+birth \(byReason[1]), pinyin+year \(byReason[2]))")))
    }
}
