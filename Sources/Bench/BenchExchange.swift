import App
import Domain
import Foundation
import Print
import Store
import UICore

/// The county as village offices: one database per village of the bench county (the same
/// household counts, generated village by village), each with its code and keys and its
/// first (full) package, and 20 townships' databases with their villages registered and
/// nothing imported. Made once and kept under `root`.
struct ExchangeCounty {
    static let townships = 20
    /// The township whose table is timed holds this many villages (when the county has them).
    static let firstTownshipVillages = 20

    let root: String
    /// Township index of each village, in village order.
    let townshipOf: [Int]
    let codes: [String]
    let households: [Int]

    init(root: String, households total: Int) {
        self.root = root
        let gen = CountyGenerator(total: total, seed: 0, template: AgreementTemplate(name: "", version: 1, body: ""))
        households = (0..<gen.villages).map(gen.householdsOfVillage)
        let n = households.count
        let townships = min(Self.townships, n)
        // The first township takes 20 villages; the rest are shared out in order.
        let first = townships == 1 ? n : min(Self.firstTownshipVillages, n - (townships - 1))
        var of: [Int] = []
        var codes: [String] = []
        for v in 0..<n {
            let t = v < first ? 0 : 1 + (v - first) * (townships - 1) / max(1, n - first)
            let local = of.filter { $0 == t }.count
            of.append(t)
            codes.append(ExchangeFixtures.villageCode(township: t, village: local))
        }
        townshipOf = of
        self.codes = codes
    }

    var townshipCount: Int { (townshipOf.max() ?? 0) + 1 }
    func villagePath(_ v: Int) -> String { root + "/villages/\(codes[v]).sqlite" }
    func officePath(_ t: Int) -> String { root + "/townships/\(ExchangeFixtures.townshipCode(t)).sqlite" }
    var packageDirectory: String { root + "/up" }
    func packagePath(_ v: Int) -> String { packageDirectory + "/" + PackageName.make(from: codes[v], sequence: 1, on: Self.day) }
    var readyMarker: String { root + "/ready" }
    /// The packages' date, fixed so a kept county's file names stay the same.
    static let day = LocalDate(year: 2026, month: 12, day: 1)!

    func isReady(seed: UInt64) -> Bool {
        (try? String(contentsOfFile: readyMarker, encoding: .utf8)) == marker(seed: seed)
    }

    /// What the kept files were made from: the county's size, the seed and the program (a
    /// rebuilt program may write packages and databases its predecessor's do not match).
    func marker(seed: UInt64) -> String {
        let exe = BenchRun.executablePath()
        let attributes = try? FileManager.default.attributesOfItem(atPath: exe)
        let built = (attributes?[.modificationDate] as? Date).map { String(Int($0.timeIntervalSince1970)) } ?? "?"
        let size = (attributes?[.size] as? Int).map(String.init) ?? "?"
        return "\(households.reduce(0, +)) \(households.count) \(seed) \(size) \(built)\n"
    }

    var countyPath: String { root + "/county.sqlite" }
    static let countyCode = "990101000000"

    /// Makes every village's database and first package, the townships' databases (their
    /// villages registered, the county trusted) and the county's (its townships registered).
    func make(seed: UInt64, progress: (Int) -> Void) throws {
        let fm = FileManager.default
        try? fm.removeItem(atPath: root)
        for sub in ["villages", "townships", "up", "scratch"] {
            try fm.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        // A migrated empty village, copied for each village rather than migrated 376 times.
        let template = root + "/scratch/template.sqlite"
        try ExchangeFixtures.open(root + "/scratch/empty.sqlite").backup(to: template)
        let county = try ExchangeFixtures.makeOffice(path: root + "/scratch/county.sqlite", kind: .county,
                                                     code: Self.countyCode, name: "明溪县")
        let countyKey = try county.ownKey()!
        var offices: [AppDatabase] = []
        var keys: [OfficeKey] = []
        for t in 0..<townshipCount {
            let office = try ExchangeFixtures.makeOffice(path: root + "/scratch/office-\(t).sqlite", code: ExchangeFixtures.townshipCode(t),
                                                         name: CountyGenerator.townshipNames[t % CountyGenerator.townshipNames.count])
            let key = try office.ownKey()!
            try office.trustUpstream(countyKey)
            try county.addMember(key)
            offices.append(office)
            keys.append(key)
        }
        for v in codes.indices {
            // Made in scratch, kept as a backup copy: the kept file is whole without its -wal.
            let scratch = root + "/scratch/village-\(v).sqlite"
            try fm.copyItem(atPath: template, toPath: scratch)
            let (village, key) = try ExchangeFixtures.makeVillage(path: scratch, code: codes[v], households: households[v],
                                                                  seed: seed &+ UInt64(v + 1), upstream: keys[townshipOf[v]])
            try offices[townshipOf[v]].addMember(key)
            _ = try village.writeVillagePackage(into: packageDirectory, today: Self.day)
            try village.backup(to: villagePath(v))
            progress(v + 1)
        }
        for t in offices.indices { try offices[t].backup(to: officePath(t)) }
        try county.backup(to: countyPath)
        offices.removeAll()
        try? fm.removeItem(atPath: root + "/scratch")
        try marker(seed: seed).write(toFile: readyMarker, atomically: true, encoding: .utf8)
    }
}

/// The offices of a rolled-up county, open, and the townships' packages for the county.
struct RolledUpCounty {
    var townships: [AppDatabase]
    var county: AppDatabase
    var townshipPackages: [String]
}

extension BenchRun {
    // MARK: The exchange between villages, townships and the county

    static let exchangeParts = ["exchange-incremental", "exchange-reimport", "township-table", "county-rollup", "county-table"]

    /// The exchange's figures on the county split into village offices (made once beside the
    /// county's file, or in the run's folder, and reused).
    mutating func measureExchange(countyPath: String, households: Int, seed: UInt64, dir: String) throws {
        let root = (countyPath as NSString).deletingPathExtension + ".exchange"
        let county = ExchangeCounty(root: root, households: households)
        if county.isReady(seed: seed) {
            say("沿用已生成的各村数据库和数据包 \(root)", "Reusing the generated village databases and packages in \(root)")
        } else {
            say("正在生成 \(county.codes.count) 个村的数据库及其首个（完整）数据包：\(root)",
                "Generating \(county.codes.count) village databases and their first (full) packages into \(root)")
            let start = monotonicSeconds()
            var lastShown = start
            try county.make(seed: seed) { done in
                let now = monotonicSeconds()
                if now - lastShown > 10 {
                    lastShown = now
                    FileHandle.standardError.write(Data("  … \(done) 村 / villages\n".utf8))
                }
            }
            say(String(format: "各村生成完毕，用时 %.1f 秒", monotonicSeconds() - start),
                String(format: "Villages generated in %.1f s", monotonicSeconds() - start))
        }
        let run = dir + "/exchange-run"
        try? FileManager.default.removeItem(atPath: run)
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: run) }

        if wants("exchange-incremental") { try measureIncremental(county, run: run) }
        let needsRollup = wants("county-rollup") || wants("exchange-reimport") || wants("township-table") || wants("county-table")
        guard needsRollup else { return }
        let rolled = try rollUp(county, run: run)
        if wants("exchange-reimport") { try measureReimport(county, rolled) }
        if wants("township-table") {
            try measureTownshipTable(rolled.townships[0], villages: county.townshipOf.filter { $0 == 0 }.count)
        }
        if wants("county-table") { try measureCountyTable(rolled.county, villages: county.codes.count, townships: county.townshipCount) }
    }

    /// A village of county size (the second: about 400 households and 1,600 persons) whose first
    /// package was taken in and acknowledged, then 100 households changed: its next package.
    mutating func measureIncremental(_ county: ExchangeCounty, run: String) throws {
        let v = county.codes.count > 1 ? 1 : 0
        let t = county.townshipOf[v]
        let villagePath = run + "/incremental-village.sqlite"
        let officePath = run + "/incremental-township.sqlite"
        try FileManager.default.copyItem(atPath: county.villagePath(v), toPath: villagePath)
        try FileManager.default.copyItem(atPath: county.officePath(t), toPath: officePath)
        let village = try ExchangeFixtures.open(villagePath)
        let office = try ExchangeFixtures.open(officePath)
        _ = try office.importUpPackage(Data(contentsOf: URL(fileURLWithPath: county.packagePath(v))),
                                       fileName: "first.cxp", today: .today())
        try FileManager.default.createDirectory(atPath: run + "/down", withIntermediateDirectories: true)
        try ExchangeFixtures.acknowledge(office: office, village: village, dir: run + "/down")
        let base = try Self.acknowledgedEntry(village)
        try ExchangeFixtures.changeHouseholds(village, count: 100, mark: "测试改址")
        let householdCount = try village.dashboard(on: .today()).households
        let out = run + "/incremental"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var samples: [Double] = []
        var bytes: [Double] = []
        var entries = 0
        for _ in 0..<runs {
            let start = monotonicSeconds()
            let p = try village.writeVillagePackage(into: out, today: .today())
            samples.append(monotonicSeconds() - start)
            bytes.append(Double(p.bytes))
            entries = p.entries
            precondition(!p.full)
        }
        // The sqlite3 shell copying the same entries and touched rows into a new file.
        let audited = Set(try Self.tables(of: villagePath))
        let tables = try Self.query(villagePath, "SELECT DISTINCT table_name FROM audit_log WHERE id > \(base) ORDER BY 1")
            .filter(audited.contains)
        var baseline: [Double] = []
        var baselineBytes: [Double] = []
        for i in 0..<runs {
            let file = out + "/sqlite3-\(i).sqlite"
            var statements = ["ATTACH '\(file)' AS pkg",
                              "CREATE TABLE pkg.cx_entry AS SELECT * FROM audit_log WHERE id > \(base)",
                              "CREATE TABLE pkg.cx_bulk AS SELECT * FROM audit_bulk WHERE entry_id > \(base)"]
            for table in tables {
                statements.append("""
                    CREATE TABLE pkg.\(table) AS SELECT rowid AS cx_rowid, * FROM \(table) WHERE rowid IN \
                    (SELECT row_id FROM audit_log WHERE id > \(base) AND table_name = '\(table)')
                    """)
            }
            statements.append("DETACH pkg")
            baseline += sqliteTimes(path: villagePath, statements: statements, repeats: 1, readOnly: false)
            baselineBytes.append(Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0))
        }
        rows.append(BenchRow(label: Localized("交换：增量包（约 \(householdCount) 户的村，改动 100 户后写出）", "Exchange: incremental package (a \(householdCount)-household village, 100 households changed)"),
                             samples: samples, baseline: baseline,
                             baselineLabel: Localized("sqlite3 把同样的日志和行复制到新文件", "sqlite3 copying the same entries and rows into a new file"),
                             budget: 1.0, unit: .seconds,
                             note: Localized("审计日志 \(entries) 条", "\(entries) audit entries")))
        rows.append(BenchRow(label: Localized("交换：增量包大小（字节，签名加密后）", "Exchange: incremental package size (bytes, signed and encrypted)"),
                             samples: bytes, baseline: baselineBytes,
                             baselineLabel: Localized("sqlite3 写出的未压缩文件", "the sqlite3 file, uncompressed"),
                             budget: 100_000, unit: .bytes))
    }

    static func villages(_ n: Int) -> String { n == 1 ? "1 village" : "\(n) villages" }

    /// The entry the office above acknowledged, from the village's own bookkeeping.
    static func acknowledgedEntry(_ db: AppDatabase) throws -> Int64 {
        guard let text = try db.setting("exchange.acknowledged"),
              let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let entry = json["entry"] as? NSNumber else { throw StoreError.notFound }
        return entry.int64Value
    }

    /// The county rolled up from fresh copies of the kept databases: every village's first
    /// package into its township's database, each township's package (a part per village) written
    /// for the county, and those taken into the county's database. The county's import is the
    /// roll-up's figure, against the sqlite3 shell attaching each village and copying its tables.
    mutating func rollUp(_ county: ExchangeCounty, run: String) throws -> RolledUpCounty {
        let fm = FileManager.default
        try fm.createDirectory(atPath: run + "/townships", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: run + "/county-up", withIntermediateDirectories: true)
        var offices: [AppDatabase] = []
        for t in 0..<county.townshipCount {
            let path = run + "/townships/\(ExchangeFixtures.townshipCode(t)).sqlite"
            try fm.copyItem(atPath: county.officePath(t), toPath: path)
            offices.append(try ExchangeFixtures.open(path))
        }
        try fm.copyItem(atPath: county.countyPath, toPath: run + "/county.sqlite")
        let countyOffice = try ExchangeFixtures.open(run + "/county.sqlite")
        let today = LocalDate.today()

        // The townships take in their villages' packages.
        var start = monotonicSeconds()
        var villageBytes = 0
        for v in county.codes.indices {
            let path = county.packagePath(v)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            villageBytes += data.count
            _ = try offices[county.townshipOf[v]].importUpPackage(data, fileName: (path as NSString).lastPathComponent, today: today)
        }
        let townshipSeconds = monotonicSeconds() - start
        // Each township's package for the county.
        start = monotonicSeconds()
        var packages: [String] = []
        var townshipBytes = 0
        for office in offices {
            let p = try office.writeCountyPackage(into: run + "/county-up", today: today)
            packages.append(p.path)
            townshipBytes += p.bytes
        }
        let writeSeconds = monotonicSeconds() - start
        // The county takes them in.
        start = monotonicSeconds()
        for path in packages {
            _ = try countyOffice.importPackage(Data(contentsOf: URL(fileURLWithPath: path)),
                                               fileName: (path as NSString).lastPathComponent, today: today)
        }
        let countySeconds = monotonicSeconds() - start
        let rolled = RolledUpCounty(townships: offices, county: countyOffice, townshipPackages: packages)
        guard wants("county-rollup") else { return rolled }

        var households = 0
        var arrived = 0
        for m in try countyOffice.memberOffices() where m.kind == .village && m.lastSeq >= 1 {
            arrived += 1
            households += m.figures?.households ?? 0
        }
        let baseline = sqliteCopyTimes(county, run: run)
        let n = county.codes.count
        let t = county.townshipCount
        rows.append(BenchRow(label: Localized("乡镇汇总：\(n) 个村的首个数据包导入 \(t) 个乡镇库", "Townships: \(Self.villages(n))' first packages into \(t) township databases"),
                             samples: [townshipSeconds], baseline: baseline,
                             baselineLabel: Localized("sqlite3 逐村附加并复制各表", "sqlite3 attaching each village and copying its tables"),
                             budget: nil, unit: .seconds,
                             note: Localized(String(format: "村的包共 %.0f MB；\(t) 个乡镇写出报县的包用时 %.1f 秒，共 %.0f MB；单次运行",
                                                    Double(villageBytes) / 1e6, writeSeconds, Double(townshipBytes) / 1e6),
                                             String(format: "village packages %.0f MB; the \(t) townships wrote their packages for the county in %.1f s, %.0f MB; one run",
                                                    Double(villageBytes) / 1e6, writeSeconds, Double(townshipBytes) / 1e6))))
        rows.append(BenchRow(label: Localized("县汇总：\(t) 个乡镇的包（\(n) 个村）导入县库", "County roll-up: \(t) townships' packages (\(Self.villages(n))) into the county's database"),
                             samples: [countySeconds], baseline: baseline,
                             baselineLabel: Localized("sqlite3 逐村附加并复制各表", "sqlite3 attaching each village and copying its tables"),
                             budget: 60, unit: .seconds,
                             note: Localized("县库中 \(arrived) 个村、合计 \(households) 户；单次运行",
                                             "\(Self.villages(arrived)) in the county's database, \(households) households in all; one run"),
                             ratioBudget: 3))
        return rolled
    }

    /// The sqlite3 shell's floor for the roll-up: one process attaching each village's file
    /// and copying every table into a new file of its own. Wall time of the process.
    func sqliteCopyTimes(_ county: ExchangeCounty, run: String) -> [Double] {
        guard let sqlite = Output.findProgram("sqlite3"), let first = county.codes.indices.first,
              let tables = try? Self.tables(of: county.villagePath(first)) else { return [] }
        let out = run + "/sqlite3-copies"
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var script = ""
        for v in county.codes.indices {
            script += "ATTACH '\(county.villagePath(v))' AS v;\nATTACH '\(out)/\(county.codes[v]).sqlite' AS c;\nBEGIN;\n"
            for table in tables { script += "CREATE TABLE c.\"\(table)\" AS SELECT * FROM v.\"\(table)\";\n" }
            script += "COMMIT;\nDETACH v;\nDETACH c;\n"
        }
        let start = monotonicSeconds()
        guard (try? ChildProcess.run([sqlite, ":memory:"], input: Data(script.utf8)))?.status == 0 else { return [] }
        let seconds = monotonicSeconds() - start
        try? FileManager.default.removeItem(atPath: out)
        return [seconds]
    }

    static func tables(of path: String) throws -> [String] {
        try query(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    }

    /// One column of a query run by the sqlite3 shell, line by line.
    static func query(_ path: String, _ sql: String) throws -> [String] {
        guard let sqlite = Output.findProgram("sqlite3") else { return [] }
        return try ChildProcess.run([sqlite, "-readonly", path, sql]).text.split(separator: "\n").map(String.init)
    }

    /// The same packages again, every one already in (the villages' at their townships, the
    /// townships' at the county): each is opened, recognised and left.
    mutating func measureReimport(_ county: ExchangeCounty, _ rolled: RolledUpCounty) throws {
        var samples: [Double] = []
        var unchanged = 0
        let today = LocalDate.today()
        let files = county.codes.indices.map(county.packagePath) + rolled.townshipPackages
        for _ in 0..<min(runs, 3) {
            let start = monotonicSeconds()
            unchanged = 0
            for v in county.codes.indices {
                let path = county.packagePath(v)
                let outcome = try rolled.townships[county.townshipOf[v]].importPackage(
                    Data(contentsOf: URL(fileURLWithPath: path)), fileName: (path as NSString).lastPathComponent, today: today)
                if case .alreadyImported = outcome { unchanged += 1 }
            }
            for path in rolled.townshipPackages {
                let outcome = try rolled.county.importPackage(Data(contentsOf: URL(fileURLWithPath: path)),
                                                              fileName: (path as NSString).lastPathComponent, today: today)
                if case .alreadyImported = outcome { unchanged += 1 }
            }
            samples.append(monotonicSeconds() - start)
        }
        // The floor: reading and hashing every byte of the same files.
        var baseline: [Double] = []
        if let sum = Output.findProgram("sha256sum") {
            for _ in 0..<min(runs, 3) {
                let start = monotonicSeconds()
                _ = try? ChildProcess.run([sum] + files)
                baseline.append(monotonicSeconds() - start)
            }
        }
        rows.append(BenchRow(label: Localized("重复导入：\(files.count) 个已导入的包（村→乡镇、乡镇→县）", "Re-import: \(files.count) packages already in (village → township, township → county)"),
                             samples: samples, baseline: baseline,
                             baselineLabel: Localized("sha256sum 读同样的文件", "sha256sum reading the same files"),
                             budget: 10, unit: .seconds,
                             note: Localized("\(unchanged) 个包报「此前已导入，未做改动」", "\(unchanged) packages reported as imported before, nothing changed")))
    }

    /// The office's first screen, its table, made (the offices read, the rows built) and drawn
    /// at 80×24, `runs` times; with the number of rows it holds.
    func officeScreenTimes(_ office: AppDatabase) throws -> ([Double], Int) {
        let context = AppContext(db: office, language: language, catalog: try loadCatalog())
        var samples: [Double] = []
        var count = 0
        for _ in 0..<runs {
            var grid = Grid(width: 80, height: 24)
            let start = monotonicSeconds()
            let probe = OfficeTableProbe(context)
            probe.render(into: &grid, in: Rect(x: 0, y: 1, width: 80, height: 21))
            samples.append(monotonicSeconds() - start)
            count = probe.rowCount
        }
        return (samples, count)
    }

    /// The township's first screen: the table over its villages.
    mutating func measureTownshipTable(_ office: AppDatabase, villages: Int) throws {
        let (samples, count) = try officeScreenTimes(office)
        let base = office.path.map { sqliteTimes(path: $0, statements: ["SELECT * FROM member_office ORDER BY code"], repeats: runs) } ?? []
        rows.append(BenchRow(label: Localized("乡镇一览：\(villages) 个村（首屏：读取、成行、画出）", "Township table: \(Self.villages(villages)) (first screen: read, rows, drawn)"),
                             samples: samples, baseline: base,
                             baselineLabel: Localized("sqlite3 读同样的行", "sqlite3 reading the same rows"),
                             budget: 0.150, unit: .seconds,
                             note: Localized("表中 \(count) 行，80×24", count == 1 ? "1 row, 80×24" : "\(count) rows, 80×24")))
    }

    /// The county's first screen: the table over its townships, every village come through them.
    mutating func measureCountyTable(_ county: AppDatabase, villages: Int, townships: Int) throws {
        let (samples, count) = try officeScreenTimes(county)
        let base = county.path.map { sqliteTimes(path: $0, statements: ["SELECT * FROM member_office ORDER BY code"], repeats: runs) } ?? []
        rows.append(BenchRow(label: Localized("县一览：\(townships) 个乡镇、\(villages) 个村（首屏：读取、成行、画出）",
                                              "County table: \(townships) townships, \(Self.villages(villages)) (first screen: read, rows, drawn)"),
                             samples: samples, baseline: base,
                             baselineLabel: Localized("sqlite3 读同样的行", "sqlite3 reading the same rows"),
                             budget: 0.500, unit: .seconds,
                             note: Localized("表中 \(count) 行，80×24", count == 1 ? "1 row, 80×24" : "\(count) rows, 80×24")))
    }
}
