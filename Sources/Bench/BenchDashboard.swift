import Domain
import Foundation
import Store

extension AppDatabase {
    /// The main statements of the main screen's figures (groups, agreements, 整改, 待办) with
    /// their values written in, for the sqlite3 shell.
    public func dashboardSQL(on today: LocalDate) throws -> [String] {
        try Self.dashboardStatements(on: today).map { try inlined($0.sql, $0.arguments) }
    }
}

extension BenchRun {
    // MARK: The main screen's dashboard

    /// The main screen's whole dashboard read (`dashboard(on:)`: every figure, with the
    /// rectification counts and the next three deadlines), against the sqlite3 shell
    /// running its main statements: the groups covered, each group's agreement state, and
    /// what the 整改 and 待办 lines read.
    mutating func measureDashboard(_ db: AppDatabase, path: String) throws {
        let today = LocalDate.today()
        var samples: [Double] = []
        var figures: DashboardFigures?
        for _ in 0..<runs {
            let start = monotonicSeconds()
            figures = try db.dashboard(on: today)
            samples.append(monotonicSeconds() - start)
        }
        let base = sqliteTimes(path: path, statements: try db.dashboardSQL(on: today), repeats: runs)
        let f = figures
        rows.append(BenchRow(label: Localized("主界面概况（全部数字，含整改和待办）", "Main screen figures (all, with rectification and to-do)"),
                             samples: samples, baseline: base,
                             baselineLabel: Localized("sqlite3 运行其主要 SQL", "sqlite3, its main SQL"),
                             budget: 0.150, unit: .seconds,
                             note: f.map { Localized("\($0.groups) 个小组，未结整改 \($0.rectificationOpen)，待办 \($0.deadlines.count) 项",
                                                     "\($0.groups) groups, \($0.rectificationOpen) open cases, \($0.deadlines.count) deadlines listed") }))
    }
}
