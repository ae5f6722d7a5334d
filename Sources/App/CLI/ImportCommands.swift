import ArgumentParser
import Domain
import Foundation
import Store

/// `chengxin import households FILE.csv`: a roster of households with their heads.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import",
        abstract: helpText("从 CSV 文件导入记录（全部成功或全部不导入）。", "Import records from a CSV file (all or nothing)."),
        subcommands: [Households.self])

    struct Households: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText("导入户及户主。CSV 用 UTF-8，表头为 户号,社,地址,户主姓名,性别,身份证号,电话；社 填社的序号或名称。逐行检查；有任何一行有误则什么都不写入，并列出有误的行。",
                "Import households with their heads. CSV in UTF-8 with the header 户号,社,地址,户主姓名,性别,身份证号,电话; "
                + "社 is the 社's number or name. Every line is checked; if any is bad nothing is written and the bad lines are listed."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("CSV 文件。", en: "The CSV file.")) var file: String

        func run() throws {
            let en = options.language == .en
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw UserError(en ? "Cannot read \(file)." : "无法读取文件 \(file)。")
            }
            let db = try options.openDatabase()
            do {
                // Read a piece at a time: memory does not grow with the file.
                let report = try db.importHouseholds(csvFile: file, on: .today())
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
