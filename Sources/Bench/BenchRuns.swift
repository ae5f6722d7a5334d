import App
import Domain
import Foundation
import Print
import Store
import UICore

extension BenchRun {
    // MARK: sqlite3 baselines

    /// Runs `statements` in the sqlite3 shell `repeats` times with its timer on;
    /// the real time of each repetition (all statements summed), in seconds.
    func sqliteTimes(path: String, statements: [String], repeats: Int, readOnly: Bool = true) -> [Double] {
        guard let sqlite = Output.findProgram("sqlite3") else { return [] }
        var script = ".timer on\n.output /dev/null\n"
        for _ in 0..<repeats {
            for s in statements { script += s.replacingOccurrences(of: "\n", with: " ") + ";\n" }
        }
        guard let result = try? ChildProcess.run([sqlite] + (readOnly ? ["-readonly"] : []) + [path], input: Data(script.utf8))
        else { return [] }
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
        // The day's first start writes the daily backup behind the sign-in screen (measured
        // on its own line); it is let finish so that the runs below are ordinary starts.
        let hadBackup = FileManager.default.fileExists(atPath: Self.dailyBackupFile(for: path))
        let warmStart = monotonicSeconds()
        let warm = try PtySession([exe, "--db", path], environment: env)
        let warmTime = warm.waitFor(marker, timeoutSeconds: 600)
        let backupTime = Self.waitForDailyBackup(of: path, session: warm, since: warmStart, timeoutSeconds: 600)
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
                             note: hadBackup ? Localized("今天的每日备份已有", "today's daily backup was already there") : warmTime.map { signIn in
                                 Localized(String(format: "当天首次启动：登录界面 %.2f 秒画出，每日备份在后台 %.2f 秒写完", signIn, backupTime ?? .nan),
                                           String(format: "the day's first start: sign-in screen at %.2f s, the daily backup finished behind it at %.2f s",
                                                  signIn, backupTime ?? .nan))
                             }))
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
        let screen = PersonSearchProbe(context)
        var grid = Grid(width: 80, height: 24)
        let body = Rect(x: 0, y: 1, width: 80, height: 21)
        screen.render(into: &grid, in: body)
        let page = 2 * screen.visibleRows
        // Median and slowest time of each typed prefix, for the notes under the table.
        var perPrefix: [String] = []
        func keystrokes(_ prefixes: [String]) throws -> ([Double], [Double]) {
            var samples: [Double] = []
            var byPrefix = Array(repeating: [Double](), count: prefixes.count)
            for _ in 0..<runs {
                screen.handle(.char("/"))
                for (i, ch) in (prefixes.last ?? "").enumerated() {
                    let start = monotonicSeconds()
                    screen.handle(.char(ch))
                    screen.render(into: &grid, in: body)
                    samples.append(monotonicSeconds() - start)
                    if i < byPrefix.count { byPrefix[i].append(samples.last ?? 0) }
                }
                screen.handle(.escape)
                screen.render(into: &grid, in: body)
            }
            perPrefix.append(zip(prefixes, byPrefix).map { prefix, xs in
                prefix + String(format: " %.1f/%.1f", Self.percentile(xs, 0.5) * 1000, (xs.max() ?? 0) * 1000)
            }.joined(separator: "，"))
            var baseline: [Double] = []
            for prefix in prefixes {
                baseline += sqliteTimes(path: path, statements: try db.personSearchSQL(
                    filter: prefix, limit: page, countLimit: PersonSearchProbe.countLimit), repeats: runs)
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
