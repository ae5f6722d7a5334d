import ArgumentParser
import Domain
import Foundation
import Store

/// `chengxin import persons|households FILE`, `import history`, `import undo BATCH`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import",
        abstract: helpText("从 Excel（xlsx）、CSV 或制表符分隔文件导入花名册（全部成功或全部不导入），查看导入记录，撤销一批导入。",
                           "Import a roster from Excel (xlsx), CSV or tab-separated files (all or nothing), list imports, undo one."),
        subcommands: [Persons.self, Households.self, History.self, Undo.self])

    struct Households: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText("导入户及户主。文件可为 CSV（UTF-8 或 GBK）、制表符分隔或 xlsx，表头为 户号,社,地址,户主姓名,性别,身份证号,电话；社 填社的序号或名称。逐行检查；有任何一行有误则什么都不写入，并列出有误的行。",
                "Import households with their heads. CSV (UTF-8 or GBK), tab-separated or xlsx, with the header 户号,社,地址,户主姓名,性别,身份证号,电话; "
                + "社 is the 社's number or name. Every line is checked; if any is bad nothing is written and the bad lines are listed."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("CSV、制表符分隔或 xlsx 文件（UTF-8 或 GBK 编码自动识别）。",
                            en: "The CSV, tab-separated or xlsx file (UTF-8 or GBK found by itself).")) var file: String
        @Option(help: .zh("xlsx 中的工作表名称（默认第一张）。", en: "The sheet of an xlsx workbook (the first by default).")) var sheet: String?

        func run() throws {
            let en = options.language == .en
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw UserError(en ? "Cannot read \(file)." : "无法读取文件 \(file)。")
            }
            let db = try options.openDatabase()
            do {
                // Read a piece at a time: memory does not grow with the file.
                let report = try db.importHouseholds(file: TableFile.open(file, sheet: sheet), on: .today())
                print(en ? "Imported \(report.households) households (\(report.persons) persons) from \(file)."
                         : "已从 \(file) 导入 \(report.households) 户（\(report.persons) 人）。")
            } catch let rejected as ImportRejected {
                throw UserError(Self.describe(rejected, file: file, language: options.language))
            } catch {
                throw userError(error, options.language)
            }
        }

        /// The refusal: every bad line with its reasons, at most 200 lines shown.
        static func describe(_ rejected: ImportRejected, file: String, language: Language) -> String {
            let en = language == .en
            let lines = Set(rejected.problems.map(\.line)).count
            var out = en ? "Nothing was imported: \(lines) line(s) of \(file) need correcting:"
                         : "未导入任何记录：\(file) 中有 \(lines) 行需要更正："
            for p in rejected.problems.prefix(200) {
                out += "\n" + (en ? "  line \(p.line): " : "  第 \(p.line) 行：") + p.message.text(language)
            }
            if rejected.problems.count > 200 {
                out += "\n" + (en ? "  … and \(rejected.problems.count - 200) more" : "  ……另有 \(rejected.problems.count - 200) 处")
            }
            return out
        }
    }
}
