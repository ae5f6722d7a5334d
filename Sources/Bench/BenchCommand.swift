import App
import ArgumentParser
import Domain
import Foundation
import Print
import Store
import UICore

/// `chengxin bench`: builds a county-scale database and measures the app on it
/// against the performance budget, each figure beside the sqlite3 shell doing
/// the same work in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench",
        abstract: helpText("在生成的县级数据（376 个村，约 15 万户）上按性能预算测量本程序。请用发布版运行（swift build -c release）。",
            "Measure the app on a generated county (376 villages, ~150,000 households) against the performance budget. "
            + "Run it on a release build (swift build -c release)."))
    @Option(help: .zh("生成的户数（默认 150000：一个县）。", en: "Households to generate (default 150000: a county).")) var households = 150_000
    @Option(help: .zh("生成县数据的随机种子。", en: "Seed of the generated county.")) var seed: UInt64 = 2026
    @Option(help: .zh("生成到的数据库文件（默认：临时文件）。已生成的文件会重复使用。", en: "Database file to generate into (default: a temporary file). An existing generated file is reused."))
    var db: String?
    @Flag(help: .zh("保留临时文件。", en: "Keep the temporary files.")) var keep = false
    @Option(help: .zh("输出语言：zh 或 en。", en: "Language of the output: zh or en.")) var lang: String?
    @Option(help: .zh("导入的花名册 CSV 行数（默认 100000）。", en: "Rows of the roster CSV to import (default 100000).")) var importRows = 100_000
    @Option(help: .zh("每个计时步骤重复的次数。", en: "Repetitions of each timed step.")) var runs = 10
    @Option(help: .zh("只测这些项（逗号分隔）：screen,firststart,dashboard,search,duplicates,roster,archive,import,families,export,terminal,"
                      + "exchange-incremental,exchange-reimport,township-table,county-rollup,county-table。默认全部。",
                      en: "Measure only these (comma-separated): screen,firststart,dashboard,search,duplicates,roster,archive,import,families,export,terminal,"
                          + "exchange-incremental,exchange-reimport,township-table,county-rollup,county-table. Default: all."))
    var only: String?

    var language: Language {
        if let lang { return lang.lowercased().hasPrefix("en") ? .en : .zh }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    func run() throws {
        var bench = BenchRun(language: language, runs: max(1, runs))
        if let only { bench.only = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        try bench.run(households: max(1, households), seed: seed, dbPath: db, keep: keep, importRows: max(1, importRows))
    }
}

/// One line of the result table.
struct BenchRow {
    var label: Localized
    /// Seconds, or a count when `unit` is not a time.
    var samples: [Double]
    var baseline: [Double]
    var baselineLabel: Localized
    /// PASS when the p99 (or the single value) is below this.
    var budget: Double?
    var unit: BenchUnit
    var note: Localized? = nil
    /// The ratio to the baseline must also stay under this (the import's ≤ 3×).
    var ratioBudget: Double? = nil
}

enum BenchUnit { case seconds, bytes, megabytes, count }

struct BenchRun {
    let language: Language
    let runs: Int
    var rows: [BenchRow] = []
    var notes: [String] = []

    /// The parts to measure (`--only`); nil for all of them.
    var only: Set<String>?
    func wants(_ part: String) -> Bool { only?.contains(part) ?? true }

    init(language: Language, runs: Int) {
        self.language = language
        self.runs = runs
    }

    var en: Bool { language == .en }
    func t(_ s: Localized) -> String { s.text(language) }
    func say(_ zh: String, _ en: String) {
        print(self.en ? en : zh)
        fflush(nil)
    }

    static let clerkPassword = "bench2026clerk"
    static let passwordCost = ScryptCost(log2N: 12, r: 8, p: 1)
    static let adminPassword = "bench2026admin"

    mutating func run(households: Int, seed: UInt64, dbPath: String?, keep: Bool, importRows: Int) throws {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "chengxin-bench-\(getpid())"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer {
            if !keep { try? fm.removeItem(atPath: dir) }
        }
        let path = dbPath ?? dir + "/county.sqlite"
        let options = try GlobalOptions.parse(["--db", path])
        #if DEBUG
        say("注意：这是调试版本，数字会偏慢；请用 swift build -c release 构建后运行。",
            "Note: this is a debug build and the figures are slow; build with swift build -c release.")
        #endif
        say("机器：\(ProcessInfo.processInfo.activeProcessorCount) 核，\(Self.cpuName())", "Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Self.cpuName())")

        // 1. The county.
        let (summary, largeGroup, rosterGroup) = try prepareCounty(path: path, options: options, households: households, seed: seed)
        _ = summary

        // 2. In-process measurements, signed in as the clerk.
        let db = try options.openDatabase(path: path, signIn: false)
        try db.signIn(username: "clerk", password: Self.clerkPassword)
        let context = AppContext(db: db, language: .zh, catalog: try loadCatalog())
        if wants("screen") { try measureFirstScreen(path: path, options: options) }
        if wants("firststart") { try measureFirstStartOfDay(path: path, options: options, dir: dir) }
        if wants("dashboard") { try measureDashboard(db, path: path) }
        if wants("search") { try measureSearch(db, context: context, path: path) }
        if wants("duplicates") { try measureDuplicates(db, path: path) }
        if wants("roster") { try measureRoster(db, context: context, path: path, villageGroupId: rosterGroup) }
        if wants("archive") { try measureArchive(db, path: path, groupId: largeGroup, dir: dir) }
        if wants("import") {
            try measureImport(rows: importRows, dir: dir, sheNames: try db.villageGroups().filter { $0.group.villageId == 1 }.map(\.group.name))
        }
        if wants("families") { try measurePersonImport(county: path, rows: importRows, dir: dir) }
        if wants("export") { try measureExport(county: path, dir: dir) }
        if wants("terminal") { try measureTerminal(path: path) }
        if Self.exchangeParts.contains(where: wants) {
            try measureExchange(countyPath: path, households: households, seed: seed, dir: dir)
        }
        let peak = Double(peakResidentKilobytes() ?? 0) / 1024
        rows.append(BenchRow(label: Localized("峰值内存（本测试进程，含生成与导入）", "Peak RSS (this bench process, incl. generation and import)"),
                             samples: [peak], baseline: [], baselineLabel: Localized("—", "—"), budget: nil, unit: .megabytes))
        printTable()
        if keep || dbPath != nil {
            say("数据库保留在 \(path)", "Database kept at \(path)")
        }
        if keep { say("临时文件保留在 \(dir)", "Temporary files kept in \(dir)") }
    }

    static func cpuName() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "?" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        }
        return "?"
    }
}
