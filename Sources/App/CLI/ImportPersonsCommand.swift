import ArgumentParser
import Domain
import Foundation
import Store

extension ImportCommand {
    /// `chengxin import persons FILE [--sheet S] [--map NAME] [--save-map NAME] [--dry-run]`.
    struct Persons: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText(
                "导入全家人员：每行一人，按户编号成户，与户主关系为“户主”的一行是户主。按身份证号（其次按户内姓名和出生日期）认出已登记的人。先核对全部行，有任何一行有误则什么都不导入，并写出错误文件（原列加“错误原因”列）供在 Excel 中改正后重新导入。",
                "Import whole families: one row per person, households by household number, the row whose relation is 户主 is the head. "
                + "Registered persons are recognised by ID number (else by name and birth date in the household). Every row is checked first; "
                + "if any is bad nothing is imported and an error file (the original columns plus a problem column) is written to correct in Excel and import again."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("xlsx、CSV 或制表符分隔文件（UTF-8 或 GBK 编码自动识别）。",
                            en: "The xlsx, CSV or tab-separated file (UTF-8 or GBK found by itself).")) var file: String
        @Option(help: .zh("xlsx 中的工作表名称（默认第一张）。", en: "The sheet of an xlsx workbook (the first by default).")) var sheet: String?
        @Option(help: .zh("使用已保存的列对应方案（默认按表头自动对应）。", en: "Use a saved column mapping (by default it is guessed from the header).")) var map: String?
        @Option(name: .customLong("set"), parsing: .upToNextOption,
                help: .zh("改动列对应：字段=表头，如 idNumber=证件号码（字段名见 --fields）。", en: "Change the mapping: field=header, e.g. idNumber=证件号码 (see --fields)."))
        var set: [String] = []
        @Option(help: .zh("把所用的列对应保存为此名称，下次用 --map 使用。", en: "Save the mapping used under this name, for --map next time.")) var saveMap: String?
        @Flag(help: .zh("只核对并预览，不写入。", en: "Check and preview only; write nothing.")) var dryRun = false
        @Option(help: .zh("错误文件的路径（默认在原文件旁）。", en: "Where the error file goes (beside the file by default).")) var errors: String?
        @Flag(help: .zh("列出可对应的字段。", en: "List the fields a column can map to.")) var fields = false

        func run() throws {
            let lang = options.language
            let en = lang == .en
            if fields {
                for f in RosterField.allCases {
                    print("\(f.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(f.label.text(lang))\(f.isRequired ? (en ? " (required)" : "（必填）") : "")")
                }
                return
            }
            let db = try options.openDatabase()
            do {
                let table = try TableFile.open(file, sheet: sheet)
                let header = try table.firstRows(1).first?.fields ?? []
                var mapping = try map.map { try db.importMapping(named: $0) } ?? ImportMapping.guessed(header: header)
                for pair in set {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let field = RosterField(rawValue: parts[0]) else {
                        throw UserError(en ? "--set takes field=header with a field from --fields: \(pair)"
                                           : "--set 应为 字段=表头，字段名见 --fields：\(pair)")
                    }
                    mapping[field] = parts[1].isEmpty ? nil : parts[1]
                }
                print(Self.describe(table: table, mapping: mapping, header: header, language: lang))
                let progress = Progress(language: lang)
                let summary = dryRun
                    ? try db.planPersonImport(file: table, mapping: mapping, on: .today(), previewRows: 10, progress: progress.show)
                    : try db.importPersons(file: table, mapping: mapping, on: .today(), progress: progress.show)
                progress.end()
                if let saveMap { try db.saveImportMapping(mapping, name: saveMap) }
                if dryRun {
                    print(Self.preview(summary, language: lang))
                    if !summary.problems.isEmpty {
                        let path = errors ?? table.defaultErrorPath
                        try table.writeErrorFile(problems: summary.problems, to: path, language: lang)
                        throw UserError(Households.describe(ImportRejected(problems: summary.problems), file: file, language: lang)
                            + "\n" + (en ? "Error file: \(path)" : "错误文件：\(path)"))
                    }
                    print(en ? "Dry run: nothing was written." : "试运行：未写入任何记录。")
                } else {
                    print(Self.counts(summary, language: lang))
                    print(en ? "Import batch \(summary.batchId ?? 0). Undo it with: chengxin import undo \(summary.batchId ?? 0)"
                             : "导入批次 \(summary.batchId ?? 0)。如需撤销：chengxin import undo \(summary.batchId ?? 0)")
                }
            } catch let rejected as ImportRejected {
                var text = Households.describe(rejected, file: file, language: lang)
                if let table = try? TableFile.open(file, sheet: sheet) {
                    let path = errors ?? table.defaultErrorPath
                    if (try? table.writeErrorFile(problems: rejected.problems, to: path, language: lang)) != nil {
                        text += "\n" + (en ? "Error file (every row, with a problem column): \(path)" : "错误文件（全部行，另加“错误原因”列）：\(path)")
                    }
                }
                throw UserError(text)
            } catch let e as UserError {
                throw e
            } catch {
                throw userError(error, lang)
            }
        }

        /// The file and how its columns map, as the wizard's second step shows it.
        static func describe(table: TableFile, mapping: ImportMapping, header: [String], language: Language) -> String {
            let en = language == .en
            var out = en ? "File: \(table.path) (\(table.format.label.en)" : "文件：\(table.path)（\(table.format.label.zh)"
            if table.format != .xlsx { out += en ? ", \(table.encoding.label.en))" : "，\(table.encoding.label.zh) 编码）" }
            else { out += en ? ", sheet \(table.sheet ?? table.sheetNames.first ?? ""))" : "，工作表 \(table.sheet ?? table.sheetNames.first ?? "")）" }
            let columns = mapping.columns(in: header)
            let parts = RosterField.allCases.compactMap { f -> String? in
                guard let i = columns[f] else { return nil }
                return "\(f.label.text(language))←\(header[i])"
            }
            out += "\n" + (en ? "Columns: " : "列对应：") + parts.joined(separator: en ? ", " : "，")
            let unused = header.indices.filter { i in !columns.values.contains(i) }.map { header[$0] }.filter { !$0.isEmpty }
            if !unused.isEmpty { out += "\n" + (en ? "Not imported: " : "不导入的列：") + unused.joined(separator: en ? ", " : "、") }
            return out
        }

        static func counts(_ s: PersonImportSummary, language: Language) -> String {
            language == .en
                ? "\(s.rows) rows: \(s.personsNew) new, \(s.personsMatched) matched, \(s.personsChanged) changed, \(s.refusedRows) refused; "
                    + "households \(s.householdsNew) new, \(s.householdsMatched) matched, \(s.householdsChanged) changed."
                    + (s.possibleDuplicates > 0 ? " \(s.possibleDuplicates) new persons may be registered already: see persons duplicates after the import." : "")
                : "共 \(s.rows) 行：新增 \(s.personsNew) 人，已有 \(s.personsMatched) 人，更新 \(s.personsChanged) 人，有误 \(s.refusedRows) 行；"
                    + "新户 \(s.householdsNew) 户，已有 \(s.householdsMatched) 户，更新 \(s.householdsChanged) 户。"
                    + (s.possibleDuplicates > 0 ? "其中 \(s.possibleDuplicates) 个新增的人可能已登记过：导入后请看 persons duplicates（疑似重复人员）。" : "")
        }

        /// The first rows as they will be stored, then the counts. ID and phone numbers masked.
        static func preview(_ s: PersonImportSummary, language: Language) -> String {
            let en = language == .en
            var lines = [en ? "Preview (as stored):" : "预览（按将写入的样子）："]
            for r in s.preview {
                let p = r.person
                var cells = [en ? "line \(r.line)" : "第\(r.line)行", r.outcome.label.text(language), r.householdNumber, r.villageGroup,
                             p.name, p.relation.label.text(language), p.sex.label.text(language), p.birthDate?.description ?? "",
                             Mask.idNumber(p.idNumber), p.maritalStatus.label.text(language)]
                if !p.phone.isEmpty { cells.append(Mask.phone(p.phone)) }
                if p.migrantStatus != .resident { cells.append(p.migrantStatus.label.text(language) + " " + p.whereabouts) }
                if !r.problems.isEmpty { cells.append("← " + r.problems.map { $0.text(language) }.joined(separator: en ? "; " : "；")) }
                if !r.possibleDuplicates.isEmpty {
                    cells.append("？" + r.possibleDuplicates.map { $0.text(language) }.joined(separator: en ? "; " : "；"))
                }
                lines.append("  " + cells.filter { !$0.isEmpty }.joined(separator: " "))
            }
            lines.append(counts(s, language: language))
            return lines.joined(separator: "\n")
        }
    }

    /// Progress on standard error while rows are read, when it is a terminal.
    final class Progress {
        let language: Language
        let shows = isatty(2) != 0
        init(language: Language) { self.language = language }
        func show(_ done: Int, _ total: Int) {
            guard shows, total > 0 else { return }
            let width = 30, filled = done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)".utf8))
        }
        func end() { if shows { FileHandle.standardError.write(Data("\n".utf8)) } }
    }

    /// `chengxin import history`: the imports, newest first.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText("列出各批导入（最新在前），及能否撤销。", "List the imports, newest first, and whether each can be undone."))
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let lang = options.language
            let en = lang == .en
            let db = try options.openDatabase()
            do {
                let batches = try db.importBatches()
                if batches.isEmpty { print(en ? "No imports yet." : "还没有导入记录。"); return }
                for b in batches {
                    let when = b.importedAt.prefix(16).replacingOccurrences(of: "T", with: " ")
                    var line = en
                        ? "\(b.id)  \(when)  \(b.username)  \(b.source)  \(b.personsNew) new, \(b.personsChanged) changed, \(b.householdsNew) new households"
                        : "\(b.id)  \(when)  \(b.username)  \(b.source)  新增 \(b.personsNew) 人，更新 \(b.personsChanged) 人，新户 \(b.householdsNew) 户"
                    if let undone = b.undoneAt {
                        line += en ? "  (undone \(undone.prefix(16).replacingOccurrences(of: "T", with: " ")))"
                                   : "  （已于 \(undone.prefix(16).replacingOccurrences(of: "T", with: " ")) 撤销）"
                    } else if !(try db.importUndoBlockers(b.id)).isEmpty {
                        line += en ? "  (cannot be undone: later changes)" : "  （已有后续改动，不能撤销）"
                    }
                    print(line)
                }
            } catch {
                throw userError(error, lang)
            }
        }
    }

    /// `chengxin import undo BATCH`.
    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: helpText("撤销一批导入：删除它新增的人员和户，恢复它更新过的记录。导入后已有改动时不能撤销，并说明原因。",
                               "Undo an import: remove the persons and households it added and restore what it changed. "
                               + "Refused, with the reason, once later changes depend on it."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("批次号（见 import history）。", en: "The batch number (see import history).")) var batch: Int64

        func run() throws {
            let lang = options.language
            let db = try options.openDatabase()
            do {
                try db.undoImport(batch)
                print(lang == .en ? "Import batch \(batch) undone." : "已撤销第 \(batch) 批导入。")
            } catch {
                throw userError(error, lang)
            }
        }
    }
}
