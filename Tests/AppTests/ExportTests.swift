import Domain
import Foundation
import Print
import Store
import Testing
import UICore
@testable import App

/// 张三's ID number as lists show it.
let maskedZhangSan = IDNumber.masked(IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11))

/// The fixture village with a person whose name GBK cannot hold (𠮷祥, in 0201), an honesty
/// group (一社互助组: 0101 and 0102), a check round, a survey round, and one user of each role
/// (password `pass2026`); the administrator is signed in.
func exportFixture() throws -> AppDatabase {
    let db = try makeFixtureDatabase()
    let v = try #require(try db.village())
    let h0201 = try db.householdRows(filter: "0201", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
    try db.savePerson(Person(householdId: h0201.id, name: "𠮷祥", sex: .female,
                             idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("2010-03-08")!, sequence: 64),
                             relation: .child, maritalStatus: .unmarried))
    let g = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                                 name: "一社互助组", formedOn: LocalDate("2026-01-10")!))
    for number in ["0101", "0102"] {
        let h = try db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        try db.addMember(groupId: g.id!, householdId: h.id, joinedOn: LocalDate("2026-01-10")!, ineligibleReason: "本人自愿参加")
    }
    try db.createCheckRound(name: "2026年第三季度", heldOn: LocalDate("2026-09-30")!)
    _ = try db.createSurveyRound(SurveyRound(name: "年度自评", heldOn: LocalDate("2026-10-20")!, conductor: .selfAssessment),
                                 on: testToday)
    try db.createFirstAdministrator(username: "admin", displayName: "", password: ExportFixture.password)
    try db.addUser(username: "clerk", displayName: "", role: .clerk, password: ExportFixture.password)
    try db.addUser(username: "viewer", displayName: "", role: .townshipViewer, password: ExportFixture.password)
    try db.addUser(username: "leader", displayName: "", role: .groupLeader, groupId: g.id!, password: ExportFixture.password)
    return db
}

enum ExportFixture {
    static let password = "pass2026"

    /// A folder of its own for a test's files.
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// Every row of a table file, each padded to the header's width (an xlsx leaves out empty cells at the end).
    static func rows(_ path: String) throws -> [[String]] {
        var rows: [[String]] = []
        try TableFile.open(path).forEachRow { rows.append($0.fields) }
        let width = rows.first?.count ?? 0
        return rows.map { $0.count < width ? $0 + Array(repeating: "", count: width - $0.count) : $0 }
    }

    /// The list's header and every row, as the screen's export gives them.
    static func expected(_ rows: ListRows) throws -> [[String]] {
        [rows.header] + (try rows.read(0, rows.total + 10)).map { $0.map(ListExport.trimmingTrailingSpaces) }
    }
}

extension AppModel {
    /// Runs the top screen's work (an export) to its end, as the key loop does between keys.
    func finishWork() {
        var slices = 0
        while isWorking && slices < 10_000 {
            work()
            slices += 1
        }
    }
}

/// F2 on every list: in the key bar and F1, the export form, the whole list written as shown.
@Suite struct ExportScreenTests {
    /// Every list screen the app has, on the fixture: those `chengxin export` names, and the rest.
    static func everyList(_ context: AppContext) throws -> [(String, any Screen)] {
        var screens: [(String, any Screen)] = []
        // The roster is a file only: no screen shows it (RosterRoundTripTests covers it). The
        // villages' table is a township's (TownshipScreenTests and ExchangeCommandTests cover it).
        for list in ExportList.all where list.name != "villages" {
            if let screen = try list.screen(context, ExportChoice(group: "一社互助组", round: nil)) as? any Screen {
                screens.append((list.name, screen))
            }
        }
        let group = try #require(try context.db.findHonestyGroup("一社互助组"))
        let round = try #require(try context.db.checkRounds().first)
        let household = try context.db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true,
                                                     offset: 0, limit: 1)[0]
        screens += [("agreement", AgreementScreen(context, group: group)), ("candidates", MemberCandidatesScreen(context, group: group)),
                    ("imports", ImportHistoryScreen(context)),
                    ("rates", RateScreen(context, round: round)), ("ledger", HouseholdLedgerScreen(context, householdId: household.id))]
        return screens
    }

    @Test(arguments: [Language.zh, .en])
    func theExportKeyIsInEveryListsKeyBarAndF1(language: Language) throws {
        let app = try makeModel(try exportFixture(), language: language)
        let label = language == .zh ? "F2导出" : "F2 Export"
        for (name, screen) in try Self.everyList(app.context) {
            app.apply(.push(screen))
            let bar = app.render().lines().last ?? ""
            #expect(bar.contains(label), "\(name): \(bar)")
            app.press(.function(1))
            #expect(app.screenText.contains(language == .zh ? "F2  导出" : "F2  Export"), "\(name): F1")
            app.press(.escape)
            app.apply(.popDiscarding)
        }
    }

    /// A list whose own F2 goes on (the import wizard's mapping and preview) keeps it: no export there.
    @Test func aListsOwnF2IsKept() throws {
        final class Step: TableScreen<Policy> {
            init(_ context: AppContext) { super.init(context, spec: "policy_list", cells: PolicyListScreen.cells) }
            override var listCommands: [Command] { [Command("F2", Localized("预览", "Preview")) { .none }] }
        }
        let app = try makeModel(try exportFixture())
        let step = Step(app.context)
        #expect(step.commands.filter { $0.keys.contains(.function(2)) }.map { app.context.t($0.label) } == ["预览"])
        #expect(PolicyListScreen(app.context).commands.filter { $0.name == "F2" }.map { app.context.t($0.label) } == ["导出"])
    }

    /// A list longer than the screen: F2 writes every row, in the order shown, with the
    /// screen's titles and texts (ID numbers masked), and the list says where it went.
    @Test func f2WritesEveryRowOfTheListAsShown() throws {
        let db = try exportFixture()
        let v = try #require(try db.village())
        let group = try db.villageGroups()[1].group
        for i in 2...38 {
            try db.createHousehold(Household(villageId: v.id!, villageGroupId: group.id!, number: String(format: "02%02d", i),
                                             address: "星光村二社\(i)号"),
                                   head: Person(householdId: 0, name: "钱\(["一", "二", "三", "四"][i % 4])", sex: .male,
                                                relation: .head))
        }
        let app = try makeModel(db)
        let list = HouseholdListScreen(app.context, village: v)
        app.apply(.push(list))
        app.press(.function(6), .function(6))  // by number, newest first
        let dir = try ExportFixture.folder()
        let path = dir + "/户卡.xlsx"
        app.press(.function(2))
        let form = try #require(app.top as? ExportFormScreen)
        #expect(app.screenText.contains("将导出“户卡管理”的全部 40 行，列与屏幕上相同。"), "\(app.screenText)")
        form.form.setValue("path", path)
        app.press(.function(2))
        app.finishWork()
        #expect(app.top === list)
        #expect(app.screenText.contains("已导出 40 行到 户卡.xlsx"), "\(app.screenText)")
        let file = try ExportFixture.rows(path)
        #expect(file.count == 41)
        #expect(file[0] == ["户编号", "社", "户主", "户主身份证号", "地址", "人数"])
        #expect(file[1][0] == "0238" && file.last?[0] == "0101", "the order shown")
        #expect(file.contains(["0101", "一社", "张三", maskedZhangSan, "星光村一社1号", "2"]), "\(file.prefix(3))")
        #expect(file == (try ExportFixture.expected(list.exportRows(fullNumbers: false))))
        #expect(try TableFile.open(path).format == .xlsx)

        // Filtered: only the rows the filter shows.
        app.press(.char("/"))
        app.type("zs")
        app.press(.enter, .function(2))
        let filtered = try #require(app.top as? ExportFormScreen)
        #expect(app.screenText.contains("将导出“户卡管理”的全部 1 行（筛选“zs”）"), "\(app.screenText)")
        app.press(.down, .right)  // the format: CSV
        filtered.form.setValue("path", dir + "/zs.csv")
        app.press(.function(2))
        app.finishWork()
        #expect(try ExportFixture.rows(dir + "/zs.csv") == [file[0], ["0101", "一社", "张三", maskedZhangSan, "星光村一社1号", "2"]])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/zs.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with a BOM for Excel")
    }

    @Test(arguments: [Language.zh, .en])
    func theExportForm(language: Language) throws {
        let db = try exportFixture()
        let app = try makeModel(db, language: language)
        app.apply(.push(HouseholdListScreen(app.context, village: try #require(try db.village()))))
        app.press(.function(2))
        let form = try #require(app.top as? ExportFormScreen)
        form.form.setValue("path", "/tmp/households-2026-11-25.xlsx")
        expectSnapshot(app.render(), language == .zh ? "export_form" : "export_form_en")
        // The format decides the extension; the encoding is for CSV only.
        app.press(.down, .right)
        #expect(form.form.value("format") == "csv" && form.form.value("path") == "/tmp/households-2026-11-25.csv")
        #expect(form.form.fields.first { $0.key == "encoding" }?.readOnly == false)
        app.press(.left)
        #expect(form.form.value("path").hasSuffix(".xlsx"))
        #expect(form.form.fields.first { $0.key == "encoding" }?.readOnly == true)
    }

    /// Whole numbers are a choice for a role that sees them, on a list that has them; such an
    /// export is audited. A township viewer's export is masked, with no choice offered.
    @Test func fullNumbersByRoleAndTheirAuditEntry() throws {
        let db = try exportFixture()
        let dir = try ExportFixture.folder()
        try db.signIn(username: "clerk", password: ExportFixture.password)
        let clerk = try makeModel(db)
        clerk.apply(.push(PersonSearchScreen(clerk.context)))
        clerk.press(.function(2))
        let form = try #require(clerk.top as? ExportFormScreen)
        #expect(clerk.screenText.contains("号码：隐去中间数字"))
        form.form.setValue("numbers", "full")
        form.form.setValue("path", dir + "/persons.xlsx")
        clerk.press(.function(2))
        clerk.finishWork()
        #expect(clerk.screenText.contains("已导出 5 行到 persons.xlsx（含完整号码，已记入审计日志）"), "\(clerk.screenText)")
        let full = try ExportFixture.rows(dir + "/persons.xlsx")
        #expect(full[1] == ["张三", "男", "1985-04-12", IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11),
                            "户主", "0101"])

        // A list without numbers offers no choice.
        clerk.apply(.push(PolicyListScreen(clerk.context)))
        clerk.press(.function(2))
        #expect(!clerk.screenText.contains("号码："))
        clerk.press(.escape, .escape)

        try db.signIn(username: "admin", password: ExportFixture.password)
        let entry = try #require(try db.auditEntries(limit: 20).first { $0.action == "export" })
        #expect(entry.username == "clerk")
        let note = try #require(AuditText.object(entry.after))
        #expect(note["list"] as? String == "person_search" && note["file"] as? String == dir + "/persons.xlsx")
        #expect((note["rows"] as? NSNumber)?.intValue == 5 && note["numbers"] as? String == "full")
        let text = AuditText(catalog: clerk.context.catalog, language: .zh, names: nil)
        #expect(text.action(entry.action) == "导出")
        #expect(text.lines(entry) == ["文件：\(dir)/persons.xlsx", "列表：人员查询", "号码：完整（未隐去）", "行数：5"])
        let en = AuditText(catalog: clerk.context.catalog, language: .en, names: nil)
        #expect(en.lines(entry) == ["file: \(dir)/persons.xlsx", "list: Find a person", "numbers: in full (not masked)", "rows: 5"])

        // The township viewer: no choice, numbers masked, nothing audited.
        try db.signIn(username: "viewer", password: ExportFixture.password)
        let viewer = try makeModel(db)
        viewer.apply(.push(PersonSearchScreen(viewer.context)))
        viewer.press(.function(2))
        #expect(!viewer.screenText.contains("号码："))
        let viewerForm = try #require(viewer.top as? ExportFormScreen)
        viewerForm.form.setValue("path", dir + "/viewer.xlsx")
        viewer.press(.function(2))
        viewer.finishWork()
        #expect(try ExportFixture.rows(dir + "/viewer.xlsx")[1][3] == maskedZhangSan)
        try db.signIn(username: "admin", password: ExportFixture.password)
        #expect(try db.auditEntries(limit: 50).filter { $0.action == "export" }.count == 1)
    }

    /// GBK lacks 𠮷: the export names the row and offers UTF-8 or GB18030, writes nothing,
    /// and keeps the form; GB18030 then holds it.
    @Test func aGBKExportOfARareCharacterNamesItsRow() throws {
        let app = try makeModel(try exportFixture())
        let dir = try ExportFixture.folder()
        app.apply(.push(PersonSearchScreen(app.context)))
        app.press(.function(2))
        let form = try #require(app.top as? ExportFormScreen)
        app.press(.down, .right, .down, .right)  // CSV, GBK
        #expect(form.form.value("format") == "csv" && form.form.value("encoding") == "gbk")
        form.form.setValue("path", dir + "/persons.csv")
        app.press(.function(2))
        app.finishWork()
        #expect(app.top === form)
        let lines = app.render().lines().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(lines.contains("GBK 编码写不下这些字：第 6 行（𠮷祥 女）“𠮷”。未写入文件。请改用 UTF-8 或 "
                               + "GB18030 编码（在“编码”一栏改选后再按 F2）。"), "\(app.screenText)")
        #expect(app.screenText.contains("未导出，原因见上方"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "no file, no part file")
        #expect(form.form.focusedField.key == "encoding")
        form.form.setValue("encoding", "gb18030")
        app.press(.function(2))
        app.finishWork()
        let file = try TableFile.open(dir + "/persons.csv")
        #expect(file.encoding == .gb18030)
        #expect(try ExportFixture.rows(dir + "/persons.csv")[5][0] == "𠮷祥")
    }

    /// A long export: a progress line between slices and Esc to stop, which leaves no file.
    @Test func aLongExportShowsProgressAndStopsOnEsc() throws {
        let app = try makeModel(try exportFixture())
        let dir = try ExportFixture.folder()
        let rows = ListRows(list: "household_list", title: "长列表", header: ["编号"], total: 5000) { offset, limit in
            Thread.sleep(forTimeInterval: 0.03)
            return (offset..<min(5000, offset + limit)).map { [String($0 + 1)] }
        }
        app.apply(.push(ExportFormScreen(app.context, title: "长列表", hasNumbers: false) { _ in rows }))
        let form = try #require(app.top as? ExportFormScreen)
        form.form.setValue("path", dir + "/long.xlsx")
        app.press(.function(2))
        #expect(app.isWorking)
        #expect(app.screenText.contains("导出 [#") && app.screenText.contains("/5000（"), "\(app.screenText)")
        #expect(app.render().lines().last?.contains("Esc停止") == true)
        app.press(.char("x"))
        #expect(app.isWorking, "other keys wait")
        app.press(.escape)
        #expect(!app.isWorking && app.screenText.contains("已停止导出，没有写入文件"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        app.press(.function(2))
        app.finishWork()
        #expect(app.screenText.contains("已导出 5000 行到 long.xlsx"), "\(app.screenText)")
        #expect(try ExportFixture.rows(dir + "/long.xlsx").last == ["5000"])
    }

    /// A column that holds personal numbers says how it is masked, so no list shows them whole by mistake.
    @Test func everyColumnOfPersonalNumbersIsMasked() throws {
        let catalog = try loadRepoCatalog()
        for spec in catalog.specs.values where spec.kind == .table {
            for c in spec.columns ?? [] where ["idNumber", "headIdNumber", "phone", "contact", "migrantContact"].contains(c.key) {
                #expect(c.mask != nil, "\(spec.id): \(c.key) has a mask")
            }
        }
    }
}

/// Runs the built binary with the office date fixed, as `user`.
private func export(_ args: [String], db: String, user: String = "clerk", language: String = "zh") throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = language
    env["CHENGXIN_TODAY"] = "2026-11-25"
    env["CHENGXIN_USER"] = user
    env["CHENGXIN_PASSWORD"] = ExportFixture.password
    let r = try ChildProcess.run([chengxinBinary, "export"] + args, environment: env)
    return (r.status, r.text)
}

/// `chengxin export`: exact output, files read back, the roles.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct ExportCommandTests {
    /// The export fixture in a database file, and a folder for the files.
    static func database() throws -> (db: String, dir: String) {
        let db = try exportFixture()
        let dir = try ExportFixture.folder()
        try db.backup(to: dir + "/db.sqlite")
        return (dir + "/db.sqlite", dir)
    }

    @Test func exactOutput() throws {
        let (db, dir) = try Self.database()
        #expect(try export(["households", "-o", "\(dir)/h.csv"], db: db) == (0, "已导出 3 行到 \(dir)/h.csv\n"))
        #expect(try export(["households", "-o", "\(dir)/h.csv"], db: db, language: "en") == (0, "Exported 3 rows to \(dir)/h.csv\n"))
        #expect(try export(["village-groups", "-o", "\(dir)/g", "--format", "xlsx"], db: db, language: "en")
                == (0, "Exported 2 rows to \(dir)/g\n"))
        #expect(try export(["households", "-o", "\(dir)/h.xlsx", "--full-numbers"], db: db)
                == (0, "已导出 3 行到 \(dir)/h.xlsx（含完整号码，已记入审计日志）\n"))
        #expect(try export(["households", "-o", "\(dir)/h.xlsx", "--format", "csv"], db: db)
                == (1, "--format csv 与文件名 \(dir)/h.xlsx 不符：请写入 \(dir)/h.csv，或去掉 --format。\n"))
        #expect(try export(["households", "-o", "\(dir)/h.txt"], db: db)
                == (1, "请用 --format 指定 csv 或 xlsx，或让文件名以 .csv 或 .xlsx 结尾。\n"))
        #expect(try export(["households", "-o", "\(dir)/h.xlsx", "--encoding", "gbk"], db: db, language: "en")
                == (1, "An xlsx workbook is always UTF-8; --encoding is for CSV files.\n"))
        #expect(try export(["households", "-o", "\(dir)/h.csv", "--encoding", "big5"], db: db)
                == (1, "未知的编码 big5：可用 utf8、gbk 或 gb18030。\n"))
        #expect(try export(["members", "-o", "\(dir)/m.csv"], db: db)
                == (1, "请用 --group 指定小组（编号或完整名称）。\n"))
        let unknown = try export(["houses", "-o", "\(dir)/x.csv"], db: db)
        #expect(unknown.status == 1 && unknown.output.hasPrefix("没有名为 houses 的列表。可导出的列表：\n  households      户卡（"))
    }

    @Test func helpListsTheListsInEitherLanguage() throws {
        let (db, _) = try Self.database()
        let zh = try export(["--help"], db: db)
        #expect(zh.output.contains("可导出的列表：\n  households      户卡（户编号、社、户主、户主身份证号、地址、人数）\n"), "\(zh.output)")
        #expect(zh.output.contains("  audit           审计日志，全部条目（管理员）"))
        #expect(zh.output.contains("要导出的列表（见上）。"))
        let en = try export(["--help"], db: db, language: "en")
        #expect(en.output.contains("The lists:\n  households      households (number, 社, head, head's ID, address, persons)\n"), "\(en.output)")
        #expect(en.output.contains("Export a list to a CSV or Excel (xlsx) file"))
        #expect(!en.output.contains("导出"))
    }

    /// Persons and households as CSV and xlsx, read back: the screen's header and rows.
    @Test func personsAndHouseholdsRoundTrip() throws {
        let (path, dir) = try Self.database()
        let db = try AppDatabase.open(path: path)
        try db.signIn(username: "clerk", password: ExportFixture.password)
        let context = AppContext(db: db, language: .zh, catalog: try loadRepoCatalog(), today: testToday)
        let village = try #require(try db.village())
        let lists: [(String, ListRows)] = [
            ("households", try HouseholdListScreen(context, village: village).exportRows(fullNumbers: false)),
            ("persons", try PersonSearchScreen(context).exportRows(fullNumbers: false)),
        ]
        for (name, rows) in lists {
            for ext in ["csv", "xlsx"] {
                let file = "\(dir)/\(name).\(ext)"
                #expect(try export([name, "-o", file], db: path).status == 0)
                #expect(try TableFile.open(file).format == (ext == "csv" ? .csv : .xlsx))
                #expect(try ExportFixture.rows(file) == (try ExportFixture.expected(rows)), "\(name).\(ext)")
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
                #expect(mode?.intValue == 0o600, "\(name).\(ext) is private to its owner")
            }
        }
        let persons = try ExportFixture.rows("\(dir)/persons.csv")
        #expect(persons[0] == ["姓名", "性别", "出生日期", "身份证号", "与户主关系", "户编号"])
        #expect(persons.count == 6 && persons[5] == ["𠮷祥", "女", "2010-03-08",
                                                       IDNumber.masked(IDNumber.make(area: "990101", birthDate: LocalDate("2010-03-08")!, sequence: 64)),
                                                       "子女", "0201"], "\(persons)")
        let sheet = try TableFile.open("\(dir)/persons.xlsx")
        #expect(sheet.sheetNames == ["人员查询"])
    }

    @Test func aGBKExportOfARareCharacterIsRefusedNamingTheRow() throws {
        let (db, dir) = try Self.database()
        let gbk = try export(["persons", "-o", "\(dir)/p.csv", "--encoding", "gbk"], db: db)
        #expect(gbk == (1, "GBK 编码写不下这些字：第 6 行（𠮷祥 女）“𠮷”。未写入文件。请改用 UTF-8 或 GB18030 编码（--encoding utf8 或 --encoding gb18030）。\n"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/p.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".part") }.isEmpty)
        let en = try export(["persons", "-o", "\(dir)/p.csv", "--encoding", "gbk"], db: db, language: "en")
        #expect(en.output == "GBK cannot hold these characters: row 6 𠮷祥 Female (𠮷). Nothing was written. "
                + "Use UTF-8 or GB18030 instead (--encoding utf8 or --encoding gb18030).\n", "\(en.output)")
        // GBK without the rare name is fine; GB18030 holds every character.
        #expect(try export(["households", "-o", "\(dir)/h.csv", "--encoding", "gbk"], db: db).status == 0)
        let households = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/h.csv"))
        #expect(!households.starts(with: [0xEF, 0xBB, 0xBF]) && String(data: households, encoding: .utf8) == nil, "GBK bytes")
        #expect(try ExportFixture.rows("\(dir)/h.csv")[1][2] == "张三")
        #expect(try export(["persons", "-o", "\(dir)/p.csv", "--encoding", "gb18030"], db: db).status == 0)
        #expect(try ExportFixture.rows("\(dir)/p.csv")[5][0] == "𠮷祥")
    }

    /// Masked unless the role sees numbers and asks; an unmasked export is audited; a list the
    /// role may not read is refused with 「无权……」.
    @Test func masksAndRefusalsByRole() throws {
        let (db, dir) = try Self.database()
        let fullId = IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11)
        #expect(try export(["households", "-o", "\(dir)/masked.csv"], db: db).status == 0)
        #expect(try ExportFixture.rows("\(dir)/masked.csv")[1][3] == maskedZhangSan)
        #expect(try export(["households", "-o", "\(dir)/full.csv", "--full-numbers"], db: db, user: "admin").status == 0)
        #expect(try ExportFixture.rows("\(dir)/full.csv")[1][3] == fullId)
        #expect(try export(["members", "--group", "一社互助组", "-o", "\(dir)/members.csv", "--full-numbers"], db: db).status == 0)
        #expect(try ExportFixture.rows("\(dir)/members.csv")[1][2] == "13912345678")

        #expect(try export(["households", "-o", "\(dir)/v.csv", "--full-numbers"], db: db, user: "viewer")
                == (1, "无权导出完整号码：乡镇查看账户只能导出隐去中间数字的号码。\n"))
        #expect(try export(["households", "-o", "\(dir)/v.csv"], db: db, user: "viewer").status == 0)
        #expect(try ExportFixture.rows("\(dir)/v.csv")[1][3] == maskedZhangSan)
        #expect(try export(["households", "-o", "\(dir)/l.csv"], db: db, user: "leader")
                == (1, "无权导出“户卡管理”：小组长账户不能查看这张列表。\n"))
        #expect(try export(["persons", "-o", "\(dir)/l.csv"], db: db, user: "leader", language: "en")
                == (1, "Not allowed to export Find a person: a Group leader account cannot read this list.\n"))
        // The leader's own group, numbers masked.
        #expect(try export(["members", "-o", "\(dir)/l.csv"], db: db, user: "leader").status == 0)
        #expect(try ExportFixture.rows("\(dir)/l.csv")[1][2] == "139****5678")
        #expect(try export(["audit", "-o", "\(dir)/a.csv"], db: db)
                == (1, "无权导出“审计日志”：计生专干账户不能查看这张列表。\n"))
        #expect(try export(["audit", "-o", "\(dir)/a.csv"], db: db, user: "admin").status == 0)

        // Two exports with whole numbers, each one audit entry; the masked ones none.
        let check = try AppDatabase.open(path: db)
        try check.signIn(username: "admin", password: ExportFixture.password)
        let exports = try check.auditEntries(limit: 100).filter { $0.action == "export" }
        #expect(exports.map(\.username) == ["clerk", "admin"])
        #expect(exports.last?.after == "{\"list\":\"household_list\",\"file\":\"\(dir)/full.csv\",\"rows\":3,\"numbers\":\"full\"}")
        #expect(exports.first?.after == "{\"list\":\"group_members\",\"file\":\"\(dir)/members.csv\",\"rows\":2,\"numbers\":\"full\"}")
        #expect(try check.verify().isClean)
    }
}
