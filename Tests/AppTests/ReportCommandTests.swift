import Foundation
import Testing
import Domain
import Print
import Store
@testable import App

/// The day the test runs: audit entries carry the clock's time, so a report as of an earlier
/// office date would not yet see the households the test adds.
private let today = LocalDate.today(environment: [:])

private func cli(_ args: String..., db: String, lang: String = "zh") throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = lang
    env["CHENGXIN_TODAY"] = today.description
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

/// A village with its code, one 社, two households (one of three persons) and a feedback entry.
private func villageDatabase() throws -> String {
    let db = temporaryDatabase()
    #expect(try cli("village", "set", "--name", "星光村", "--township", "示范镇", "--county", "示范县", "--code", "990101100201",
                    db: db).status == 0)
    #expect(try cli("village", "add-group", "1", "一社", db: db).status == 0)
    #expect(try cli("households", "add", "--number", "0101", "--group", "一社", "--head", "张三", "--sex", "女",
                    "--id", "11010519491231002X", db: db).status == 0)
    #expect(try cli("households", "add", "--number", "0102", "--group", "一社", "--head", "李四", "--sex", "男", db: db).status == 0)
    return db
}

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct ReportCommandTests {
    var month: String { ReportPeriod.month(today.year, today.month).label }

    @Test func theMonthlyReportPrintsEachSectionAsOfToday() throws {
        let db = try villageDatabase()
        let r = try cli("report", "monthly", "--month", month, db: db)
        #expect(r.status == 0, "\(r.output)")
        let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "星光村村级月报告单" })
        #expect(lines.contains("区划代码：990101100201"))
        #expect(lines.contains("统计截至：\(today.chineseText)"))
        #expect(lines.contains("依据：本村数据库，截至\(today.chineseText)"))
        for section in ReportSection.allCases { #expect(lines.contains { $0.hasPrefix("| " + section.title.zh + " ") }, "\(section)") }
        // The month fits on one page of continuous paper.
        #expect(!r.output.contains("- 2 -") && r.output.contains("村委会审核"))
        let households = "| 　　户数" + String(repeating: " ", count: 36) + "|" + String(repeating: " ", count: 27) + "2 |"
        #expect(lines.contains(households), "\(r.output)")
        #expect(lines.allSatisfy { PageFormat.continuous.width($0) <= 80 })

        let en = try cli("report", "monthly", "--month", month, db: db, lang: "en")
        #expect(en.status == 0 && en.output.contains("星光村 — Village monthly report") && en.output.contains("|     Households "))
        #expect(en.output.contains("Rests on: the village database as of \(today)"))
    }

    @Test func aMalformedOrFutureMonthIsRefusedAndNothingIsWritten() throws {
        let db = try villageDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("r.txt").path
        let bad = try cli("report", "monthly", "--month", "2026-13", "-o", file, db: db)
        #expect(bad.status == 1 && bad.output == "月份“2026-13”不存在：月应在 1 到 12 之间\n")
        let badEn = try cli("report", "monthly", "--month", "2026-13", db: db, lang: "en")
        #expect(badEn.output == "There is no month \"2026-13\": the month is 1 to 12\n")
        let next = today.addingMonths(1)
        let future = ReportPeriod.month(next.year, next.month)
        let refused = try cli("report", "monthly", "--month", future.label, db: db)
        #expect(refused.status == 1 && refused.output == "\(future.title(.zh))还没有开始（今天是\(today)），不能报告\n")
        #expect(!FileManager.default.fileExists(atPath: file))
        let quarter = try cli("report", "quarterly", "--quarter", "2026Q5", db: db)
        #expect(quarter.status == 1 && quarter.output == "季度“2026Q5”不存在：季度应在 1 到 4 之间\n")
        let dhis2 = try cli("report", "dhis2", "--period", "2026-11", db: db)
        #expect(dhis2.status == 1 && dhis2.output == "期间“2026-11”应写成 YYYYMM，如 202611\n")
    }

    @Test func theReportExportsAsAWorkbookAndTheQuarterAndYearPrint() throws {
        let db = try villageDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let book = dir.appendingPathComponent("月报.xlsx").path
        let r = try cli("report", "monthly", "--month", month, "-o", book, db: db)
        #expect(r.status == 0 && r.output == "已保存 \(book)\n", "\(r.output)")
        var rows: [[String]] = []
        _ = try TableFile.open(book).forEachRow { rows.append($0.fields) }
        #expect(rows.first == ["星光村村级月报告单"])
        #expect(rows.contains(["区划代码", "990101100201"]))
        #expect(rows.contains(["户数", "2", "households"]) && rows.contains(["人数", "2", "persons"]))
        #expect(rows.contains(["入组率", "0%（0/2）", "coverage"]))
        let clash = try cli("report", "monthly", "--month", month, "--format", "text", "-o", book, db: db)
        #expect(clash.status == 1 && clash.output == "--format text 与文件 \(book) 不符：导出工作簿时不用 --format。\n")

        let quarter = ReportPeriod.quarter(today.year, (today.month + 2) / 3)
        let q = try cli("report", "quarterly", "--quarter", quarter.label, db: db)
        #expect(q.status == 0 && q.output.contains("星光村村级季度报告单（星级评议用）") && q.output.contains(quarter.title(.zh)))
        let y = try cli("report", "yearly", "--year", String(today.year - 1), db: db)
        #expect(y.status == 0 && y.output.contains("报送期限：\(today.year)年4月30日前"))
        // A year before anyone was registered.
        #expect(y.output.contains("| 　　户数" + String(repeating: " ", count: 36) + "|" + String(repeating: " ", count: 27) + "0 |"))
    }

    @Test func theDHIS2ExportWritesTheVillageByItsCode() throws {
        let db = try villageDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("dhis2.json").path
        let period = ReportPeriod.month(today.year, today.month).dhis2
        let r = try cli("report", "dhis2", "--period", period, "-o", file, db: db)
        #expect(r.status == 0 && r.output == "已保存 \(file)\n", "\(r.output)")
        let doc = try JSONDecoder().decode(DHIS2DataValueSet.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(doc.dataSet == "CX_VILLAGE_MONTHLY" && doc.period == period && doc.completeDate == today.description)
        #expect(doc.dataValues.first == .init(dataElement: "CX_HOUSEHOLDS", period: period, orgUnit: "990101100201", value: "2"))
        #expect(doc.dataValues.contains(.init(dataElement: "CX_FOUR_HAVES", period: period, orgUnit: "990101100201", value: "0")))

        // Without its code the village cannot be an org unit.
        let uncoded = temporaryDatabase()
        #expect(try cli("village", "set", "--name", "无码村", db: uncoded).status == 0)
        let refused = try cli("report", "dhis2", "--period", period, db: uncoded)
        #expect(refused.status == 1
            && refused.output == "无码村还没有12位区划代码：请先用 chengxin village set --code 设置\n")
    }
}
