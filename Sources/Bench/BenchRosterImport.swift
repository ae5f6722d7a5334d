import Domain
import Foundation
import GRDB
import Print
import Store

extension BenchRun {
    // MARK: Import of whole families

    /// The first `rows` persons of the generated county, whole households, as a roster of one
    /// row per person (the columns a clerk's sheet has, values written as people write them),
    /// in CSV and xlsx. Household numbers get their village's number in front, so they stay
    /// unique in the one village they are imported into; the 社 is given by its number.
    static func writeFamilyRoster(county path: String, rows count: Int, dir: String) throws -> (csv: String, xlsx: String, groups: Int, written: Int) {
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let csv = dir + "/families.csv", xlsx = dir + "/families.xlsx"
        let header = ["户编号", "社", "地址", "姓名", "与户主关系", "性别", "出生日期", "身份证号", "婚姻状况", "联系电话", "计生协会会员",
                      "流动情况", "去向/来源地"]
        let text = try TableWriter(path: csv, format: .csv)
        let book = try TableWriter(path: xlsx, format: .xlsx, sheetName: "人员")
        try text.write(header)
        try book.write(header)
        var written = 0
        var groups = 0
        try queue.read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT h.id AS hid, printf('%03d', h.village_id) || h.number AS number, g.number AS she, h.address,
                       p.name, p.relation, p.sex, p.birth_date, p.id_number, p.marital_status, p.phone,
                       p.is_association_member, p.migrant_status, p.whereabouts
                FROM household h JOIN village_group g ON g.id = h.village_group_id
                JOIN person p ON p.household_id = h.id AND p.left_on IS NULL
                ORDER BY h.id, p.id
                """)
            // Whole households, and only those whose ID numbers no earlier household had:
            // the generator keeps ID numbers unique within a village, not across the county.
            var seen: Set<String> = []
            var household: [[String]] = []
            var lastHousehold: Int64 = -1
            func flush() throws {
                let ids = household.map { $0[7] }.filter { !$0.isEmpty }
                if !household.isEmpty, ids.allSatisfy({ !seen.contains($0) }), Set(ids).count == ids.count {
                    for fields in household {
                        try text.write(fields)
                        try book.write(fields)
                    }
                    written += household.count
                    seen.formUnion(ids)
                }
                household = []
            }
            while let r = try cursor.next() {
                let hid: Int64 = r["hid"]
                if hid != lastHousehold {
                    try flush()
                    if written >= count { break }
                }
                lastHousehold = hid
                let she: Int = r["she"]
                groups = max(groups, she)
                let relation = Relation(rawValue: r["relation"]) ?? .other
                household.append([
                    r["number"] as String, String(she), relation == .head ? r["address"] as String : "", r["name"] as String,
                    relation.label.zh, (Sex(rawValue: r["sex"]) ?? .male).label.zh, r["birth_date"] as String? ?? "",
                    r["id_number"] as String, (MaritalStatus(rawValue: r["marital_status"]) ?? .unmarried).label.zh,
                    r["phone"] as String, (r["is_association_member"] as Bool) ? "是" : "否",
                    (MigrantStatus(rawValue: r["migrant_status"]) ?? .resident).label.zh, r["whereabouts"] as String,
                ])
            }
            if written < count { try flush() }
        }
        try text.close()
        try book.close()
        return (csv, xlsx, groups, written)
    }

    /// A fresh village with `groups` 社 (一社 …) and a clerk, as an office would import into.
    static func freshVillage(_ path: String, groups: Int, users: Bool) throws -> AppDatabase {
        try? FileManager.default.removeItem(atPath: path)
        let db = try AppDatabase.open(path: path, passwordCost: passwordCost)
        let village = try db.saveVillage(Village(name: "导入测试村", township: "城关镇", county: "明溪县"))
        let names = Array("一二三四五六七八九十")
        for n in 1...max(1, groups) {
            let name = n <= names.count ? "\(names[n - 1])社" : "\(n)社"
            try db.saveVillageGroup(VillageGroup(villageId: village.id ?? 1, number: n, name: name))
        }
        if users {
            _ = try db.createFirstAdministrator(username: "admin", displayName: "", password: adminPassword)
            try db.addUser(username: "clerk", displayName: "", role: .clerk, password: clerkPassword)
            db.signOut()
            try db.signIn(username: "clerk", password: clerkPassword)
        }
        return db
    }

    mutating func measurePersonImport(county: String, rows count: Int, dir: String) throws {
        let roster = try Self.writeFamilyRoster(county: county, rows: count, dir: dir)
        let template = dir + "/families-template.sqlite"
        _ = try Self.freshVillage(template, groups: roster.groups, users: false)
        let imports = min(runs, 3)
        for (format, file) in [(TableFormat.csv, roster.csv), (.xlsx, roster.xlsx)] {
            var samples: [Double] = []
            var baseline: [Double] = []
            var verified = true
            for i in 0..<imports {
                let db = try Self.freshVillage(dir + "/families-\(format.rawValue)-\(i).sqlite", groups: roster.groups, users: true)
                let start = monotonicSeconds()
                let summary = try db.importPersons(file: TableFile.open(file), mapping: ImportMapping.guessed(
                    header: TableFile.open(file).firstRows(1)[0].fields), on: .today())
                samples.append(monotonicSeconds() - start)
                if i == 0 {
                    try db.signIn(username: "admin", password: Self.adminPassword)
                    verified = try db.verify().isClean && summary.personsNew == roster.written
                }
                // The sqlite3 shell: the CSV into a staging table, then the same rows into the same tables.
                if let sqlite = Output.findProgram("sqlite3") {
                    let target = dir + "/families-same-\(i).sqlite"
                    let scriptPath = dir + "/families-same-\(i).sql"
                    let script = try AppDatabase.sqliteFamilyImportScript(template: template, into: target, csvPath: roster.csv)
                    try script.write(toFile: scriptPath, atomically: false, encoding: .utf8)
                    let s = monotonicSeconds()
                    if let r = try? ChildProcess.run([sqlite, "-bail", target, ".read '\(scriptPath)'"]), r.status == 0 {
                        baseline.append(monotonicSeconds() - s)
                    } else if format == .csv && i == 0 {
                        notes.append(t(Localized("sqlite3 导入同样的人员表失败", "sqlite3 import of the same persons failed")))
                    }
                }
            }
            let label = format == .csv
                ? Localized("导入 \(roster.written) 人的全家花名册 CSV（逐行校验、审计、一个事务）",
                            "Import whole families, \(roster.written) person rows, from CSV (checked, audited, one transaction)")
                : Localized("导入同一花名册 xlsx（流式读取工作表）", "The same families from xlsx (the sheet read as a stream)")
            rows.append(BenchRow(label: label, samples: samples, baseline: baseline,
                                 baselineLabel: Localized("sqlite3 由 CSV 导入同样的表", "sqlite3 importing the CSV into the same tables"),
                                 budget: format == .csv ? 5.0 : 6.0, unit: .seconds,
                                 note: Localized(verified ? "导入后 verify() 通过" : "导入后 verify() 未通过！",
                                                 verified ? "verify() clean after import" : "verify() NOT clean after import!"),
                                 ratioBudget: 3.0))
            // The real command's peak memory, through GNU time.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
                let path = dir + "/families-cli-\(format.rawValue).sqlite"
                _ = try Self.freshVillage(path, groups: roster.groups, users: false)
                if let r = try? ChildProcess.run(["/usr/bin/time", "-f", "maxrss=%M", Self.executablePath(), "import", "persons",
                                                  file, "--db", path]),
                   let line = r.text.split(separator: "\n").last(where: { $0.hasPrefix("maxrss=") }),
                   let kb = Double(line.dropFirst("maxrss=".count)) {
                    rows.append(BenchRow(label: Localized("峰值内存（真实程序：chengxin import persons，\(format == .csv ? "CSV" : "xlsx")）",
                                                          "Peak RSS (real binary: chengxin import persons, \(format == .csv ? "CSV" : "xlsx"))"),
                                         samples: [kb / 1024], baseline: [], baselineLabel: Localized("—", "—"),
                                         budget: format == .csv ? 60 : 100, unit: .megabytes))
                }
            }
        }
    }
}

extension AppDatabase {
    /// The sqlite3 shell's side of the families import: the fresh village without its
    /// audit triggers, the CSV in a staging table, each household once and each person
    /// into the real tables with their indexes and the name-index trigger. No checks,
    /// no audit: the floor for the same rows in the same tables.
    public static func sqliteFamilyImportScript(template: String, into path: String, csvPath: String) throws -> String {
        try sqliteScriptStart(template: template, into: path) + """

            PRAGMA synchronous = FULL;
            CREATE TABLE bench_family(number TEXT, she TEXT, address TEXT, name TEXT, relation TEXT, sex TEXT, birth_date TEXT,
                                      id_number TEXT, marital TEXT, phone TEXT, member TEXT, migrant TEXT, whereabouts TEXT);
            .import --csv --skip 1 '\(csvPath)' bench_family
            BEGIN;
            INSERT INTO household(id, village_id, village_group_id, number, address, head_person_id, phone, member_count)
              SELECT MIN(f.rowid), 1, g.id, f.number, MAX(f.address), NULL, '', COUNT(*)
              FROM bench_family f JOIN village_group g ON g.number = f.she GROUP BY f.number;
            INSERT INTO person(id, household_id, name, sex, id_number, birth_date, relation, marital_status, phone,
                               is_association_member, migrant_status, whereabouts)
              SELECT f.rowid, h.id, f.name, CASE f.sex WHEN '男' THEN 'male' ELSE 'female' END, f.id_number, f.birth_date,
                     CASE f.relation WHEN '户主' THEN 'head' WHEN '配偶' THEN 'spouse' WHEN '子女' THEN 'child' WHEN '父母' THEN 'parent'
                       WHEN '儿媳/女婿' THEN 'childInLaw' WHEN '孙子女' THEN 'grandchild' WHEN '兄弟姐妹' THEN 'sibling' ELSE 'other' END,
                     CASE f.marital WHEN '已婚' THEN 'married' WHEN '离婚' THEN 'divorced' WHEN '丧偶' THEN 'widowed' ELSE 'unmarried' END,
                     f.phone, f.member = '是',
                     CASE f.migrant WHEN '流出' THEN 'outflow' WHEN '流入' THEN 'inflow' ELSE 'resident' END, f.whereabouts
              FROM bench_family f JOIN household h ON h.number = f.number;
            UPDATE household SET head_person_id = (SELECT p.id FROM person p WHERE p.household_id = household.id AND p.relation = 'head');
            DROP TABLE bench_family;
            COMMIT;
            """
    }
}

extension BenchRun {
    // MARK: Export

    /// `chengxin export persons` of the whole county (the real binary, as the clerk), to CSV
    /// and to xlsx, beside the sqlite3 shell writing the same persons' columns to a CSV file.
    mutating func measureExport(county path: String, dir: String) throws {
        let persons = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person") ?? 0 }
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = path
        env["CHENGXIN_USER"] = "clerk"
        env["CHENGXIN_PASSWORD"] = Self.clerkPassword
        env["CHENGXIN_LANG"] = "zh"
        var baseline: [Double] = []
        if let sqlite = Output.findProgram("sqlite3") {
            for i in 0..<min(runs, 3) {
                let s = monotonicSeconds()
                if let r = try? ChildProcess.run([sqlite, "-readonly", path, ".headers on", ".mode csv", ".once '\(dir)/persons-\(i).sqlite3.csv'",
                                                  """
                                                  SELECT p.name, p.sex, p.birth_date, substr(p.id_number, 1, 6) || '********' || substr(p.id_number, 15),
                                                         p.relation, h.number FROM person p JOIN household h ON h.id = p.household_id
                                                  WHERE p.left_on IS NULL ORDER BY p.name_pinyin, p.id
                                                  """]), r.status == 0 {
                    baseline.append(monotonicSeconds() - s)
                }
            }
        }
        for format in [TableFormat.csv, .xlsx] {
            var samples: [Double] = []
            var peak: Double?
            for i in 0..<min(runs, 3) {
                let out = "\(dir)/persons-\(i).\(format.rawValue)"
                let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
                let args = (timed ? ["/usr/bin/time", "-f", "maxrss=%M"] : []) + [Self.executablePath(), "export", "persons", "-o", out]
                let s = monotonicSeconds()
                guard let r = try? ChildProcess.run(args, environment: env), r.status == 0 else {
                    notes.append(t(Localized("导出 \(format.rawValue) 失败", "The \(format.rawValue) export failed")))
                    break
                }
                samples.append(monotonicSeconds() - s)
                if let line = r.text.split(separator: "\n").last(where: { $0.hasPrefix("maxrss=") }),
                   let kb = Double(line.dropFirst("maxrss=".count)) { peak = max(peak ?? 0, kb / 1024) }
                try? FileManager.default.removeItem(atPath: out)
            }
            rows.append(BenchRow(label: format == .csv
                                    ? Localized("导出全县 \(persons) 人到 CSV（真实程序，含登录）", "Export the county's \(persons) persons to CSV (real binary, sign-in included)")
                                    : Localized("导出全县人员到 xlsx（真实程序，含登录）", "The same export to xlsx (real binary, sign-in included)"),
                                 samples: samples, baseline: baseline,
                                 baselineLabel: Localized("sqlite3 把同样的列写成 CSV", "sqlite3 writing the same columns as CSV"),
                                 budget: format == .csv ? 3.0 : 15.0, unit: .seconds))
            if let peak {
                rows.append(BenchRow(label: Localized("峰值内存（真实程序：chengxin export persons，\(format.rawValue)）",
                                                      "Peak RSS (real binary: chengxin export persons, \(format.rawValue))"),
                                     samples: [peak], baseline: [], baselineLabel: Localized("—", "—"), budget: nil, unit: .megabytes))
            }
        }
    }
}
