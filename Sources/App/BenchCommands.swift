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

    var language: Language {
        if let lang { return lang.lowercased().hasPrefix("en") ? .en : .zh }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    func run() throws {
        var bench = Bench(language: language, runs: max(1, runs))
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

struct Bench {
    let language: Language
    let runs: Int
    var rows: [BenchRow] = []
    var notes: [String] = []

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
        try measureFirstScreen(path: path, options: options)
        try measureSearch(db, context: context, path: path)
        try measureRoster(db, context: context, path: path, villageGroupId: rosterGroup)
        try measureArchive(db, path: path, groupId: largeGroup, dir: dir)
        try measureImport(rows: importRows, dir: dir, sheNames: try db.villageGroups().filter { $0.group.villageId == 1 }.map(\.group.name))
        try measureTerminal(path: path)
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

    // MARK: The county

    /// Generates the county into `path` (or reuses a generated file); returns the
    /// 50-household honesty group and the 1,000-household 社.
    mutating func prepareCounty(path: String, options: GlobalOptions, households: Int, seed: UInt64) throws
        -> (CountySummary?, Int64, Int64) {
        let fresh = try options.openDatabase(path: path, signIn: false)
        if fresh.requiresSignIn {
            say("沿用已生成的数据库 \(path)", "Reusing the generated database \(path)")
        } else {
            say("正在生成县级数据库（\(households) 户，种子 \(seed)）：\(path)",
                "Generating the county (\(households) households, seed \(seed)) into \(path)")
            let db = fresh
            guard let template = try db.agreementTemplates().first(where: \.isDefault) ?? db.agreementTemplates().first,
                  let templateId = template.id else { throw UserError("没有协议书范本 / no agreement template") }
            let start = monotonicSeconds()
            var lastShown = start
            let summary = try db.generateCounty(households: households, seed: seed, templateId: templateId) { done in
                let now = monotonicSeconds()
                if now - lastShown > 5 {
                    lastShown = now
                    FileHandle.standardError.write(Data("  … \(done) 户 / households\n".utf8))
                }
            }
            let seconds = monotonicSeconds() - start
            let checksum = try db.recordsChecksum()
            say("生成行校验和：\(checksum)", "Rows checksum: \(checksum)")
            // The bench's own accounts, hashed at a lower cost: signing in is not what is measured.
            let owner = try AppDatabase.open(path: path, passwordCost: Self.passwordCost)
            _ = try owner.createFirstAdministrator(username: "admin", displayName: "测试管理员", password: Self.adminPassword)
            try owner.addUser(username: "clerk", displayName: "测试专干", role: .clerk, password: Self.clerkPassword)
            owner.signOut()
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? Int) ?? 0
            say(String(format: "生成完毕，用时 %.1f 秒：%ld 个村、%ld 个社、%ld 户、%ld 人、%ld 个诚信计生小组、%ld 份协议、%ld 条审计记录；文件 %.0f MB",
                       seconds, summary.villages, summary.villageGroups, summary.households, summary.persons,
                       summary.honestyGroups, summary.agreements, summary.auditEntries, Double(size) / 1e6),
                String(format: "Generated in %.1f s: %ld villages, %ld 社, %ld households, %ld persons, %ld honesty groups, %ld agreements, %ld audit entries; file %.0f MB",
                       seconds, summary.villages, summary.villageGroups, summary.households, summary.persons,
                       summary.honestyGroups, summary.agreements, summary.auditEntries, Double(size) / 1e6))
        }
        // The cases: the largest honesty group (50 households) and the largest 社 (1,000).
        let db = try options.openDatabase(path: path, signIn: false)
        try db.signIn(username: "clerk", password: Self.clerkPassword)
        let groups = try db.honestyGroups()
        guard let large = groups.max(by: { ($0.memberCount, -($0.group.id ?? 0)) < ($1.memberCount, -($1.group.id ?? 0)) }),
              let roster = try db.villageGroups().max(by: { ($0.householdCount, -($0.group.id ?? 0)) < ($1.householdCount, -($1.group.id ?? 0)) })
        else { throw UserError("生成的数据库没有小组 / the database has no groups") }
        say("测试用例：小组「\(large.group.name)」\(large.memberCount) 户；社「\(roster.group.name)」\(roster.householdCount) 户",
            "Cases: honesty group \(large.group.name) with \(large.memberCount) households; 社 \(roster.group.name) with \(roster.householdCount) households")
        return (nil, large.group.id ?? 0, roster.group.id ?? 0)
    }

    // MARK: sqlite3 baselines

    /// Runs `statements` in the sqlite3 shell `repeats` times with its timer on;
    /// the real time of each repetition (all statements summed), in seconds.
    func sqliteTimes(path: String, statements: [String], repeats: Int) -> [Double] {
        guard let sqlite = Output.findProgram("sqlite3") else { return [] }
        var script = ".timer on\n.output /dev/null\n"
        for _ in 0..<repeats {
            for s in statements { script += s.replacingOccurrences(of: "\n", with: " ") + ";\n" }
        }
        guard let result = try? ChildProcess.run([sqlite, "-readonly", path], input: Data(script.utf8)) else { return [] }
        // "Run Time: real 0.012 user 0.010921 sys 0.000988": real has millisecond steps,
        // so the finer user + sys is taken when larger.
        let times = result.text.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Run Time: real ") else { return nil }
            let parts = line.split(separator: " ")
            guard parts.count >= 8, let real = Double(parts[3]), let user = Double(parts[5]), let sys = Double(parts[7])
            else { return nil }
            return max(real, user + sys)
        }
        let per = statements.count
        guard times.count >= per else { return [] }
        return stride(from: 0, to: times.count - per + 1, by: per).map { times[$0..<($0 + per)].reduce(0, +) }
    }

    /// Wall time of the sqlite3 shell started to run `sql` once, in seconds, `repeats` times.
    func sqliteProcessTimes(path: String, sql: String, repeats: Int) -> [Double] {
        guard let sqlite = Output.findProgram("sqlite3") else { return [] }
        return (0..<repeats).compactMap { _ in
            let start = monotonicSeconds()
            guard (try? ChildProcess.run([sqlite, "-readonly", path, sql])) != nil else { return nil }
            return monotonicSeconds() - start
        }
    }

    // MARK: First screen

    mutating func measureFirstScreen(path: String, options: GlobalOptions) throws {
        // In this process: open the database as the app does, build the app, draw the first screen.
        var inProcess: [Double] = []
        let catalog = try loadCatalog()
        for _ in 0..<runs {
            let start = monotonicSeconds()
            let db = try options.openDatabase(path: path, signIn: false)
            let model = AppModel(context: AppContext(db: db, language: .zh, catalog: catalog))
            _ = model.render()
            inProcess.append(monotonicSeconds() - start)
        }
        let baselineSQL = "SELECT * FROM village ORDER BY id LIMIT 1"
        let cli = sqliteProcessTimes(path: path, sql: baselineSQL, repeats: runs)
        rows.append(BenchRow(label: Localized("首屏（进程内：打开库＋AppModel＋render）", "First screen (in process: open DB + AppModel + render)"),
                             samples: inProcess, baseline: cli,
                             baselineLabel: Localized("sqlite3 进程运行首个查询", "sqlite3 process, same first query"),
                             budget: 0.150, unit: .seconds))

        // The real binary on a pseudo-terminal: from start to the sign-in screen drawn.
        let exe = Self.executablePath()
        let villageName = (try? options.openDatabase(path: path, signIn: false).village()?.name) ?? "村"
        let marker = [villageName, "Esc"]
        let env = Self.terminalEnvironment()
        // The first start of the day also writes the daily backup; time it separately.
        let warm = try PtySession([exe, "--db", path], environment: env)
        let warmTime = warm.waitFor(marker, timeoutSeconds: 600)
        warm.terminate()
        var real: [Double] = []
        for _ in 0..<runs {
            let start = monotonicSeconds()
            let s = try PtySession([exe, "--db", path], environment: env)
            if s.waitFor(marker, timeoutSeconds: 30) != nil { real.append(monotonicSeconds() - start) }
            s.terminate()
        }
        rows.append(BenchRow(label: Localized("首屏（真实程序，伪终端，启动到登录界面画出）", "First screen (real binary on a pty, start to sign-in screen drawn)"),
                             samples: real, baseline: cli,
                             baselineLabel: Localized("sqlite3 进程运行首个查询", "sqlite3 process, same first query"),
                             budget: 0.150, unit: .seconds,
                             note: warmTime.map { Localized(String(format: "当天首次启动另需写每日备份：%.2f 秒", $0),
                                                            String(format: "the day's first start also writes the daily backup: %.2f s", $0)) }))
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func terminalEnvironment() -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        var out: [String: String] = ["TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "CHENGXIN_LANG": "zh"]
        for key in ["HOME", "PATH", "TMPDIR"] { if let v = env[key] { out[key] = v } }
        return out
    }

    // MARK: Search as you type

    mutating func measureSearch(_ db: AppDatabase, context: AppContext, path: String) throws {
        // What the person search screen runs per keystroke: the screen itself, on an
        // 80×24 terminal's body, typing the filter one character at a time.
        let screen = PersonSearchScreen(context)
        var grid = Grid(width: 80, height: 24)
        let body = Rect(x: 0, y: 1, width: 80, height: 21)
        screen.render(into: &grid, in: body)
        let page = 2 * screen.table.visibleRows
        // Median and slowest time of each typed prefix, for the notes under the table.
        var perPrefix: [String] = []
        func keystrokes(_ prefixes: [String]) throws -> ([Double], [Double]) {
            var samples: [Double] = []
            var byPrefix = Array(repeating: [Double](), count: prefixes.count)
            for _ in 0..<runs {
                _ = screen.handle(.char("/"))
                for (i, ch) in (prefixes.last ?? "").enumerated() {
                    let start = monotonicSeconds()
                    _ = screen.handle(.char(ch))
                    screen.render(into: &grid, in: body)
                    samples.append(monotonicSeconds() - start)
                    if i < byPrefix.count { byPrefix[i].append(samples.last ?? 0) }
                }
                _ = screen.handle(.escape)
                screen.render(into: &grid, in: body)
            }
            perPrefix.append(zip(prefixes, byPrefix).map { prefix, xs in
                prefix + String(format: " %.1f/%.1f", Self.percentile(xs, 0.5) * 1000, (xs.max() ?? 0) * 1000)
            }.joined(separator: "，"))
            var baseline: [Double] = []
            for prefix in prefixes {
                baseline += sqliteTimes(path: path, statements: try db.personSearchSQL(
                    filter: prefix, limit: page, countLimit: PersonSearchScreen.countLimit), repeats: runs)
            }
            return (samples, baseline)
        }
        let (chars, charsBase) = try keystrokes(["欧", "欧阳", "欧阳明"])
        rows.append(BenchRow(label: Localized("逐键搜索：汉字 欧→欧阳→欧阳明（搜索界面，计数＋首页）", "Search per keystroke: 欧→欧阳→欧阳明 (search screen: count + first page)"),
                             samples: chars, baseline: charsBase,
                             baselineLabel: Localized("sqlite3 同样的 SQL", "sqlite3, same SQL"), budget: 0.030, unit: .seconds))
        let (initials, initialsBase) = try keystrokes(["o", "oy", "oym"])
        rows.append(BenchRow(label: Localized("逐键搜索：拼音首字母 o→oy→oym", "Search per keystroke: initials o→oy→oym"),
                             samples: initials, baseline: initialsBase,
                             baselineLabel: Localized("sqlite3 同样的 SQL", "sqlite3, same SQL"), budget: 0.030, unit: .seconds))
        let (surname, surnameBase) = try keystrokes(["王", "王秀", "王秀英"])
        let (latin, latinBase) = try keystrokes(["w", "wx", "wxy"])
        let (common, commonBase) = (surname + latin, surnameBase + latinBase)
        notes.append(t(Localized("逐键搜索各前缀（中位/最慢，毫秒）：", "Search per typed prefix (median/slowest, ms): "))
                     + perPrefix.joined(separator: "；"))
        rows.append(BenchRow(label: Localized("逐键搜索：常见姓 王→王秀英、w→wxy（计数到1000＋首页）", "Search per keystroke: common surname 王→王秀英, w→wxy (count to 1000 + first page)"),
                             samples: common, baseline: commonBase,
                             baselineLabel: Localized("sqlite3 同样的 SQL", "sqlite3, same SQL"), budget: 0.030, unit: .seconds))
    }

    // MARK: Roster

    mutating func measureRoster(_ db: AppDatabase, context: AppContext, path: String, villageGroupId: Int64) throws {
        let columns = [UICore.Column(key: "number", title: "户编号", width: 8), UICore.Column(key: "head", title: "户主", width: 10),
                       UICore.Column(key: "address", title: "地址", width: 30), UICore.Column(key: "members", title: "人数", width: 4, align: .right)]
        var opens: [Double] = []
        var moves: [Double] = []
        var total = 0
        for _ in 0..<runs {
            let source = RosterSource(db: db, villageGroupId: villageGroupId)
            var grid = Grid(width: 80, height: 24)
            let rect = Rect(x: 0, y: 1, width: 80, height: 21)
            let start = monotonicSeconds()
            var table = Table(columns: columns, source: source)
            table.render(into: &grid, in: rect)
            opens.append(monotonicSeconds() - start)
            total = table.count
            for _ in 1..<max(1, table.count) {
                let t0 = monotonicSeconds()
                _ = table.handle(.down)
                table.render(into: &grid, in: rect)
                moves.append(monotonicSeconds() - t0)
            }
        }
        let sql = try db.householdRosterSQL(villageGroupId: villageGroupId, limit: total)
        let base = sqliteTimes(path: path, statements: sql, repeats: runs)
        rows.append(BenchRow(label: Localized("打开 \(total) 户的社花名册（计数＋首屏）", "Open a \(total)-household roster (count + first screen)"),
                             samples: opens, baseline: base,
                             baselineLabel: Localized("sqlite3 取出同样的全部行", "sqlite3 fetching all the same rows"),
                             budget: 0.050, unit: .seconds))
        rows.append(BenchRow(label: Localized("花名册逐行滚动到底（每次光标移动）", "Roster scrolled end to end (per cursor move)"),
                             samples: moves, baseline: [],
                             baselineLabel: Localized("—", "—"), budget: nil, unit: .seconds,
                             note: Localized(String(format: "滚动到底共 %.1f 毫秒", moves.reduce(0, +) * 1000 / Double(runs)),
                                             String(format: "whole scroll %.1f ms", moves.reduce(0, +) * 1000 / Double(runs)))))
    }

    // MARK: Archive volume

    mutating func measureArchive(_ db: AppDatabase, path: String, groupId: Int64, dir: String) throws {
        guard let group = try db.honestyGroup(id: groupId) else { return }
        let assembler = DocumentAssembler(db: db, today: .today(), language: language)
        let members = try db.groupMembers(groupId: groupId).count
        var text: [Double] = []
        for i in 0..<runs {
            let start = monotonicSeconds()
            let job = try assembler.archiveJob(group)
            try job.write(to: URL(fileURLWithPath: dir + "/volume-\(i).txt"), format: .text)
            text.append(monotonicSeconds() - start)
        }
        let base = sqliteTimes(path: path, statements: AppDatabase.groupArchiveSQL(groupId: groupId), repeats: runs)
        rows.append(BenchRow(label: Localized("组卷：\(members) 户小组档案卷（文本，组装＋写出）", "Archive volume of a \(members)-household group (text: compose + write)"),
                             samples: text, baseline: base,
                             baselineLabel: Localized("sqlite3 取出卷内各行", "sqlite3 fetching the volume's rows"),
                             budget: 0.200, unit: .seconds))
        if Output.weasyprintPath() != nil {
            var pdf: [Double] = []
            for i in 0..<min(runs, 3) {
                let start = monotonicSeconds()
                let job = try assembler.archiveJob(group)
                try job.write(to: URL(fileURLWithPath: dir + "/volume-\(i).pdf"), format: .pdf)
                pdf.append(monotonicSeconds() - start)
            }
            rows.append(BenchRow(label: Localized("组卷：同一卷 PDF（weasyprint 占绝大部分，仅报告）", "Same volume as PDF (mostly weasyprint; reported only)"),
                                 samples: pdf, baseline: text, baselineLabel: Localized("同一卷文本", "the same volume as text"),
                                 budget: nil, unit: .seconds))
        } else {
            notes.append(t(Localized("未找到 weasyprint：未测 PDF", "weasyprint not found: PDF not measured")))
        }
    }

    // MARK: Import

    /// A roster CSV of `rows` households in the 社 named, deterministic.
    static func rosterCSV(rows: Int, sheNames: [String]) -> String {
        var rng = SeededRandom(seed: 7)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = Array("明华建国秀英兰芳军平伟强丽敏静磊洋勇艳杰")
        var out = HouseholdImportColumns.all.joined(separator: ",") + "\n"
        out.reserveCapacity(rows * 90)
        for i in 0..<rows {
            let she = sheNames.isEmpty ? "1" : sheNames[i % sheNames.count]
            let born = LocalDate(year: 1950 + Int(rng.next() % 50), month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28))!
            let male = rng.next() % 5 != 0
            let id = IDNumber.make(area: String(format: "52%04d", 1000 + i / 500), birthDate: born, sequence: (i % 500) * 2 + (male ? 1 : 0))
            let name = String(surnames[Int(rng.next() % UInt64(surnames.count))]) + String(given[Int(rng.next() % UInt64(given.count))])
                + String(given[Int(rng.next() % UInt64(given.count))])
            out += "I\(String(format: "%07d", i + 1)),\(she),\(she)\(i + 1)号,\(name),\(male ? "男" : "女"),\(id),13\(String(format: "%09d", i))\n"
        }
        return out
    }

    mutating func measureImport(rows count: Int, dir: String, sheNames: [String]) throws {
        let csvPath = dir + "/roster.csv"
        let csv = Self.rosterCSV(rows: count, sheNames: sheNames)
        try csv.write(toFile: csvPath, atomically: false, encoding: .utf8)
        var samples: [Double] = []
        var verified = true
        var baseline: [Double] = []
        var bareBaseline: [Double] = []
        let template = dir + "/import-template.sqlite"
        let imports = min(runs, 3)
        for i in 0..<imports {
            // A fresh village database with the same 社 and a clerk, as an office would import into.
            let path = dir + "/import-\(i).sqlite"
            let db = try AppDatabase.open(path: path, passwordCost: Self.passwordCost)
            let village = try db.saveVillage(Village(name: "导入测试村", township: "城关镇", county: "明溪县"))
            for (n, name) in sheNames.enumerated() {
                try db.saveVillageGroup(VillageGroup(villageId: village.id ?? 1, number: n + 1, name: name))
            }
            _ = try db.createFirstAdministrator(username: "admin", displayName: "", password: Self.adminPassword)
            try db.addUser(username: "clerk", displayName: "", role: .clerk, password: Self.clerkPassword)
            if i == 0 { try db.backup(to: template) }
            db.signOut()
            try db.signIn(username: "clerk", password: Self.clerkPassword)
            let data = try Data(contentsOf: URL(fileURLWithPath: csvPath))
            let start = monotonicSeconds()
            let report = try db.importHouseholds(csv: data, on: .today())
            samples.append(monotonicSeconds() - start)
            if i == 0 {
                try db.signIn(username: "admin", password: Self.adminPassword)
                let v = try db.verify()
                verified = v.isClean && report.households == count
            }
            // The baselines: the sqlite3 shell importing the same file into a bare
            // table, and into the same tables of the same fresh village.
            if let sqlite = Output.findProgram("sqlite3") {
                let bare = dir + "/bare-\(i).sqlite"
                let s = monotonicSeconds()
                if (try? ChildProcess.run([sqlite, "-cmd", ".mode csv", bare, ".import \(csvPath) roster"])) != nil {
                    bareBaseline.append(monotonicSeconds() - s)
                }
                let scriptPath = dir + "/same-\(i).sql"
                if let script = try? AppDatabase.sqliteImportScript(template: template, into: dir + "/same-\(i).sqlite", csvPath: csvPath),
                   (try? script.write(toFile: scriptPath, atomically: false, encoding: .utf8)) != nil {
                    let s = monotonicSeconds()
                    if let r = try? ChildProcess.run([sqlite, "-bail", dir + "/same-\(i).sqlite", ".read '\(scriptPath)'"]), r.status == 0 {
                        baseline.append(monotonicSeconds() - s)
                    } else {
                        notes.append(t(Localized("sqlite3 导入同样的表失败", "sqlite3 import into the same tables failed")))
                    }
                }
            }
        }
        // The real command's peak memory, through GNU time, on a fresh village with the same 社.
        var importPeak: Double?
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
            let path = dir + "/import-cli.sqlite"
            let db = try AppDatabase.open(path: path)
            let village = try db.saveVillage(Village(name: "导入测试村", township: "城关镇", county: "明溪县"))
            for (n, name) in sheNames.enumerated() {
                try db.saveVillageGroup(VillageGroup(villageId: village.id ?? 1, number: n + 1, name: name))
            }
            if let r = try? ChildProcess.run(["/usr/bin/time", "-f", "maxrss=%M", Self.executablePath(), "import", "households",
                                              csvPath, "--db", path]),
               let line = r.text.split(separator: "\n").last(where: { $0.hasPrefix("maxrss=") }),
               let kb = Double(line.dropFirst("maxrss=".count)) {
                importPeak = kb / 1024
            }
        }
        if let importPeak {
            rows.append(BenchRow(label: Localized("峰值内存（真实程序：chengxin import households \(count) 行）", "Peak RSS (real binary: chengxin import households, \(count) rows)"),
                                 samples: [importPeak], baseline: [], baselineLabel: Localized("—", "—"), budget: 60, unit: .megabytes))
        }
        rows.append(BenchRow(label: Localized("导入 \(count) 行户籍 CSV（逐行校验、审计、一个事务）", "Import a \(count)-row roster CSV (every line checked, audited, one transaction)"),
                             samples: samples, baseline: baseline,
                             baselineLabel: Localized("sqlite3 导入同样的表", "sqlite3 importing into the same tables"),
                             budget: 5.0, unit: .seconds,
                             note: Localized(verified ? "导入后 verify() 通过" : "导入后 verify() 未通过！",
                                             verified ? "verify() clean after import" : "verify() NOT clean after import!"),
                             ratioBudget: 3.0))
        rows.append(BenchRow(label: Localized("同一导入（参考）", "The same import (for reference)"),
                             samples: samples, baseline: bareBaseline,
                             baselineLabel: Localized("sqlite3 .import 到空表", "sqlite3 .import into a bare table"),
                             budget: nil, unit: .seconds))
    }

    // MARK: Bytes to the terminal

    mutating func measureTerminal(path: String) throws {
        let exe = Self.executablePath()
        let s = try PtySession([exe, "--db", path], environment: Self.terminalEnvironment())
        defer { s.terminate() }
        guard s.waitFor(["Esc"], timeoutSeconds: 60) != nil else {
            notes.append(t(Localized("伪终端上未见到登录界面：未测终端字节", "No sign-in screen on the pty: terminal bytes not measured")))
            return
        }
        _ = s.drain()
        // The same keys in this process, to count the cells each one changes.
        let db = try AppDatabase.open(path: path)
        let model = AppModel(context: AppContext(db: db, language: .zh, catalog: try loadCatalog()))
        var grid = model.render()
        func changedCells(_ key: Key) -> Int {
            model.handle(key)
            let next = model.render()
            var n = 0
            for y in 0..<next.height { for x in 0..<next.width where next[x: x, y: y] != grid[x: x, y: y] { n += 1 } }
            grid = next
            return n
        }
        // Typing into the sign-in form.
        var formBytes: [Double] = []
        var formCells: [Double] = []
        for ch in "clerk" {
            s.send(String(ch))
            formBytes.append(Double(s.drain(quietMilliseconds: 100)))
            formCells.append(Double(changedCells(.char(ch))))
        }
        s.send("\t")
        _ = s.drain()
        _ = changedCells(.tab)
        var mark = s.output.count
        s.send(Self.clerkPassword + "\r")
        let menuTime = s.waitFor(["主菜单"], from: mark, timeoutSeconds: 120)
        _ = s.drain(quietMilliseconds: 300, maxSeconds: 30)
        for ch in Self.clerkPassword { model.handle(.char(ch)) }
        let menuStart = monotonicSeconds()
        model.handle(.enter)
        _ = model.render()
        let menuInProcess = monotonicSeconds() - menuStart
        // The household list (main menu 3), then the cursor down the table.
        mark = s.output.count
        s.send("3")
        let listTime = s.waitFor(["户卡管理"], from: mark, timeoutSeconds: 120)
        _ = s.drain(quietMilliseconds: 300, maxSeconds: 30)
        model.handle(.char("3"))
        if menuTime == nil || listTime == nil {
            notes.append(t(Localized("伪终端上未等到主菜单或户卡列表", "The main menu or the household list did not appear on the pty")))
        }
        rows.append(BenchRow(label: Localized("登录后到主菜单画出（真实程序；含 scrypt 与协议提醒）", "Sign-in to main menu drawn (real binary; scrypt and agreement alerts)"),
                             samples: menuTime.map { [$0] } ?? [], baseline: [menuInProcess],
                             baselineLabel: Localized("进程内同样步骤", "the same step in process"), budget: nil, unit: .seconds))
        rows.append(BenchRow(label: Localized("主菜单 3 打开户卡列表（真实程序）", "Main menu 3 opens the household list (real binary)"),
                             samples: listTime.map { [$0] } ?? [], baseline: [], baselineLabel: Localized("—", "—"),
                             budget: nil, unit: .seconds))
        grid = model.render()
        var moveBytes: [Double] = []
        var moveCells: [Double] = []
        for _ in 0..<30 {
            s.send("\u{1B}OB")
            moveBytes.append(Double(s.drain(quietMilliseconds: 100)))
            moveCells.append(Double(changedCells(.down)))
        }
        let appPeak = Double(s.peakResidentKB() ?? 0) / 1024
        rows.append(BenchRow(label: Localized("终端字节：表格中每次光标移动", "Terminal bytes per cursor move in a table"),
                             samples: moveBytes, baseline: moveCells,
                             baselineLabel: Localized("变化的单元格数", "cells changed"), budget: 200, unit: .bytes))
        rows.append(BenchRow(label: Localized("终端字节：表单中每次按键", "Terminal bytes per keystroke in a form"),
                             samples: formBytes, baseline: formCells,
                             baselineLabel: Localized("变化的单元格数", "cells changed"), budget: 200, unit: .bytes))
        rows.append(BenchRow(label: Localized("峰值内存（真实程序：登录、户卡列表、滚动）", "Peak RSS (real binary: sign-in, household list, scrolling)"),
                             samples: [appPeak], baseline: [], baselineLabel: Localized("—", "—"), budget: 60, unit: .megabytes))
    }

    // MARK: Output

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        let sorted = xs.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(0, rank), sorted.count - 1)]
    }

    func format(_ x: Double, _ unit: BenchUnit) -> String {
        if x.isNaN { return "—" }
        switch unit {
        case .seconds: return x >= 1 ? String(format: "%.2f s", x) : String(format: "%.1f ms", x * 1000)
        case .bytes, .count: return String(format: "%.0f", x)
        case .megabytes: return String(format: "%.1f MB", x)
        }
    }

    func printTable() {
        let header = en ? ["Figure", "min", "median", "p99", "baseline (median)", "ratio", "budget", "result"]
                        : ["项目", "最小", "中位", "p99", "基线（中位）", "比值", "预算", "结果"]
        var table: [[String]] = []
        var footnotes: [String] = []
        for r in rows {
            let p99 = Self.percentile(r.samples, 0.99)
            let median = Self.percentile(r.samples, 0.5)
            let base = Self.percentile(r.baseline, 0.5)
            let ratio = base.isNaN || base == 0 ? Double.nan : median / base
            var result = "—"
            var budgetText = "—"
            if let b = r.budget {
                budgetText = "< " + format(b, r.unit)
                var pass = p99 < b
                if let rb = r.ratioBudget {
                    budgetText += en ? String(format: ", ≤ %.0f×", rb) : String(format: "，≤ %.0f×", rb)
                    if !ratio.isNaN { pass = pass && ratio <= rb }
                }
                result = pass ? "PASS" : "MISS"
            }
            table.append([t(r.label), format(r.samples.min() ?? .nan, r.unit), format(median, r.unit), format(p99, r.unit),
                          format(base, r.unit == .bytes ? .count : r.unit) + (r.baseline.isEmpty ? "" : "（\(t(r.baselineLabel))）"),
                          ratio.isNaN ? "—" : String(format: "%.1f×", ratio), budgetText, result])
            if let note = r.note { footnotes.append("· " + t(r.label) + "：" + t(note)) }
        }
        print("")
        print(alignedTable(header, table, rightAligned: [1, 2, 3, 5]))
        for f in footnotes + notes.map({ "· " + $0 }) { print(f) }
        print(en ? "Samples per figure: \(runs) runs (per keystroke / per move figures: every key of every run)."
                 : "每项样本：\(runs) 次（逐键、逐行的项目为每次的每个按键）。")
    }
}

/// A 社's households as a table source, in number order, as the household list pages them.
final class RosterSource: TableSource {
    let db: AppDatabase
    let villageGroupId: Int64
    init(db: AppDatabase, villageGroupId: Int64) {
        self.db = db
        self.villageGroupId = villageGroupId
    }

    func count(_ query: TableQuery) -> Int {
        (try? db.householdCount(filter: query.filter, villageGroupId: villageGroupId)) ?? 0
    }

    func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow] {
        let rows = (try? db.householdRows(filter: query.filter, villageGroupId: villageGroupId, sort: .number,
                                          ascending: true, offset: offset, limit: limit)) ?? []
        return rows.map { TableRow(id: $0.id, cells: [$0.number, $0.headName, $0.address, String($0.memberCount)]) }
    }
}
