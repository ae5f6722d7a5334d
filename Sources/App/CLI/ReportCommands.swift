import ArgumentParser
import Domain
import Foundation
import Print
import Store

/// `chengxin report monthly|quarterly|yearly|dhis2`: the reports a village sends up, computed
/// from the records as of the report's date.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report",
        abstract: helpText("报表：村级月报告单、季度（星级评议）和年度报告单，DHIS2 导出。",
                           "Reports: the village monthly report, the quarterly (star review) and yearly figures, the DHIS2 export."),
        discussion: helpText("数字都按报告期最后一天（本期未结束时按今天）从记录算出，不另外保存。\n"
                             + "户和人没有自己的日期，以它们的第一条审计记录的日期为登记日期。",
                             "Figures are counted from the records as of the period's last day (today while it runs), never stored.\n"
                             + "Households and persons count from the day of their first audit entry."),
        subcommands: [Monthly.self, Quarterly.self, Yearly.self, DHIS2.self])

    /// Counts the figures of `period` and prints, saves or exports the report.
    static func deliver(_ options: GlobalOptions, _ out: PrintOutputOptions,
                        period: (LocalDate) throws -> ReportPeriod) throws {
        let lang = options.language
        let today = LocalDate.today()
        let p: ReportPeriod
        do { p = try period(today) } catch let e as ReportError { throw UserError(e.message.text(lang)) }
        let db = try options.openDatabase()
        if let villages = try officeFigures(db, p, today: today, language: lang) {
            let own = try db.ownKey()!
            let summary = TownshipSummary.make(township: own.name, code: own.code, villages: villages)
            if let path = out.output, path.lowercased().hasSuffix(".xlsx") {
                var totals = summary.totals
                totals.restsOn = villages.flatMap { v in v.restsOn.map { "\(v.villageName)：\($0)" } }
                try writeWorkbook(totals, path: path, language: lang)
                FileHandle.standardError.write(Data(((lang == .en ? "Saved " : "已保存 ") + path + "\n").utf8))
                return
            }
            let document = ReportDocuments.township(summary, language: lang)
            try out.deliver(PrintJob(document: document), name: document.title, language: lang)
            return
        }
        let figures = try villageFigures(options, p, today: today)
        if let path = out.output, path.lowercased().hasSuffix(".xlsx") || out.format?.lowercased() == "xlsx" {
            guard path.lowercased().hasSuffix(".xlsx") else {
                throw UserError(lang == .en ? "An xlsx workbook needs a file named .xlsx." : "xlsx 工作簿的文件名应以 .xlsx 结尾。")
            }
            if let format = out.format, format.lowercased() != "xlsx" {
                throw UserError(lang == .en ? "--format \(format) does not match the file \(path): leave it out for a workbook."
                                            : "--format \(format) 与文件 \(path) 不符：导出工作簿时不用 --format。")
            }
            try writeWorkbook(figures, path: path, language: lang)
            FileHandle.standardError.write(Data(((lang == .en ? "Saved " : "已保存 ") + path + "\n").utf8))
            return
        }
        let document = ReportDocuments.village(figures, language: lang)
        try out.deliver(PrintJob(document: document), name: document.title, language: lang)
    }

    /// At a township or county: each village's figures of `period`, counted on the office's copy of
    /// it and stating the package the copy rests on; nil on a village's database.
    static func officeFigures(_ db: AppDatabase, _ period: ReportPeriod, today: LocalDate,
                              language l: Language) throws -> [MonthlyFigures]? {
        guard try db.officeKind() != .village else { return nil }
        do {
            return try db.memberOffices().filter { $0.kind == .village && $0.lastSeq > 0 }.map { m in
                var f = try db.openVillageCopy(m.code).figures(for: period, today: today)
                let written = m.lastPackageAt.map { String($0.prefix(10)) } ?? "—"
                let imported = m.lastImportedAt.map { String($0.prefix(10)) } ?? "—"
                f.restsOn = [Localized("乡镇所存副本：第 \(m.lastSeq) 号包（\(written) 写出，\(imported) 导入）",
                                       "The township's copy: package \(m.lastSeq) (written \(written), imported \(imported))").text(l)]
                return f
            }
        } catch { throw userError(error, l) }
    }

    /// The village's figures of `period`, a store refusal in the user's language.
    static func villageFigures(_ options: GlobalOptions, _ period: ReportPeriod, today: LocalDate) throws -> MonthlyFigures {
        let db = try options.openDatabase()
        _ = try requireVillage(db, options.language)
        do { return try db.figures(for: period, today: today) } catch { throw userError(error, options.language) }
    }

    /// The report as a one-sheet workbook: the village's particulars, then each section's lines
    /// with the value as printed and the plain value.
    static func writeWorkbook(_ f: MonthlyFigures, path: String, language l: Language) throws {
        let writer = try TableWriter(path: path, format: .xlsx, sheetName: f.period.label)
        try writer.write(["\(f.villageName)\(ReportDocuments.title(f.period).text(l))"])
        try writer.write([Localized("区划代码", "Village code").text(l), f.villageCode])
        try writer.write([Localized("乡镇", "Township").text(l), f.township])
        try writer.write([Localized("县", "County").text(l), f.county])
        try writer.write([Localized("报告期", "Period").text(l), f.period.label])
        try writer.write([Localized("统计截至", "Figures as of").text(l), f.asOf.description])
        for line in f.restsOn { try writer.write([Localized("依据", "Rests on").text(l), line]) }
        try writer.write([Localized("项目", "Item").text(l), Localized("数值", "Value").text(l), Localized("代码", "Key").text(l)])
        for section in ReportSection.allCases {
            try writer.write([section.title.text(l)])
            for line in f.lines where line.section == section {
                try writer.write([line.label.text(l), line.shown.text(l), line.key])
            }
        }
        try writer.close()
    }

    struct Monthly: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "村级月报告单：户、人、小组、协议、承诺和检查、兑现、反馈、整改、星级和四有。-o 文件.xlsx 导出为 Excel。",
            "The village monthly report (村级月报告单): households, persons, groups, agreements, pledges and checks, "
                + "benefits, feedback, rectification, stars, the four haves. -o FILE.xlsx exports it to Excel."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("报告的月份 YYYY-MM（默认：本月）。", en: "The month YYYY-MM (default: this month).")) var month: String?
        func run() throws {
            try ReportCommand.deliver(options, out) { today in
                try month.map { try ReportPeriod.parseMonth($0, today: today) } ?? .month(today.year, today.month)
            }
        }
    }

    struct Quarterly: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "季度报告单：星级评议需要的一个季度的数字。", "The quarter's figures the star review needs."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("季度 YYYYQn，如 2026Q3（默认：本季度）。", en: "The quarter YYYYQn, e.g. 2026Q3 (default: this quarter)."))
        var quarter: String?
        func run() throws {
            try ReportCommand.deliver(options, out) { today in
                try quarter.map { try ReportPeriod.parseQuarter($0, today: today) } ?? .quarter(today.year, (today.month + 2) / 3)
            }
        }
    }

    struct Yearly: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "年度报告单：全年的数字，次年4月底前报送乡镇。", "The yearly summary, due at the township before the end of April of the next year."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("年份 YYYY（默认：今年）。", en: "The year YYYY (default: this year).")) var year: String?
        func run() throws {
            try ReportCommand.deliver(options, out) { today in
                try year.map { try ReportPeriod.parseYear($0, today: today) } ?? .year(today.year)
            }
        }
    }

    struct DHIS2: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dhis2",
            abstract: helpText("把月报数字写成县里 DHIS2 系统导入用的 JSON 文件，每个村以12位区划代码作为机构代码。",
                               "Write the month's figures as a DHIS2 dataValueSets JSON document (org units by their 12-digit "
                                   + "village codes, for import with orgUnitIdScheme=CODE)."),
            discussion: helpText("文件为 dataValueSets 格式，已注明 orgUnitIdScheme=CODE。数据元代码取自 Data/dhis2/mapping.json"
                                     + "（可用 --mapping 换成县卫健委给的文件）。",
                                 "The file is a dataValueSets document stating orgUnitIdScheme=CODE. The data element codes come "
                                     + "from Data/dhis2/mapping.json (--mapping takes the county's own file)."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("期间 YYYYMM，如 202611。", en: "The period YYYYMM, e.g. 202611.")) var period: String
        @Option(name: [.short, .customLong("output")], help: .zh("写入这个文件（默认：标准输出）。", en: "Write to this file (default: standard output)."))
        var output: String?
        @Option(help: .zh("数据元映射文件（默认：Data/dhis2/mapping.json）。", en: "The data element mapping (default: Data/dhis2/mapping.json)."))
        var mapping: String?

        func run() throws {
            let lang = options.language
            let today = LocalDate.today()
            do {
                let p = try ReportPeriod.parseDHIS2Month(period, today: today)
                let map: DHIS2Mapping
                do {
                    map = try mapping.map { try AppDatabase.dhis2Mapping(from: URL(fileURLWithPath: $0)) } ?? AppDatabase.dhis2Mapping()
                } catch { throw userError(error, lang) }
                let db = try options.openDatabase()
                let figures = try ReportCommand.officeFigures(db, p, today: today, language: lang)
                    ?? [ReportCommand.villageFigures(options, p, today: today)]
                let json = try DHIS2DataValueSet.make(figures, mapping: map, completeDate: today).json() + Data("\n".utf8)
                guard let output else {
                    FileHandle.standardOutput.write(json)
                    return
                }
                do { try json.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                    throw UserError(lang == .en ? "Cannot write \(output)." : "无法写入 \(output)")
                }
                FileHandle.standardError.write(Data(((lang == .en ? "Saved " : "已保存 ") + output + "\n").utf8))
            } catch let e as ReportError {
                throw UserError(e.message.text(lang))
            }
        }
    }
}
