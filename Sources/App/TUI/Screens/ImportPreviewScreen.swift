import Domain
import Store
import UICore

/// The wizard's third step: the first rows as they will be stored and every
/// refused row, the counts, and F2 to import (all or nothing). Refused rows
/// block the import; the error file is written beside the file.
final class ImportPreviewScreen: TableScreen<ImportPreviewRow> {
    static let cells: Cells<ImportPreviewRow> = [
        "line": { r, _ in String(r.line) },
        "outcome": { r, c in c.t(r.outcome.label) },
        "householdNumber": { r, _ in r.householdNumber },
        "villageGroupName": { r, _ in r.villageGroup },
        "name": { r, _ in r.person.name },
        "relation": { r, c in r.unknownRelation.isEmpty ? c.t(r.person.relation.label) : r.unknownRelation },
        "sex": { r, c in c.t(r.person.sex.label) },
        "birthDate": { r, _ in r.person.birthDate?.description ?? "" },
        // Masked, as every list masks them.
        "idNumber": { r, _ in r.person.idNumber },
        "problems": { r, c in
            (r.problems + r.possibleDuplicates).map { c.t($0) }.joined(separator: c.language == .en ? "; " : "；")
        },
    ]

    let file: TableFile
    let mapping: ImportMapping
    var summary: PersonImportSummary
    /// Where the error file was written, when rows were refused.
    var errorPath: String?

    init(_ context: AppContext, file: TableFile, mapping: ImportMapping, summary: PersonImportSummary) {
        self.file = file
        self.mapping = mapping
        self.summary = summary
        super.init(context, spec: "import_preview", cells: Self.cells, loadNow: false)
        if !summary.problems.isEmpty {
            let path = file.defaultErrorPath
            if (try? file.writeErrorFile(problems: summary.problems, to: path, language: context.language)) != nil {
                errorPath = path
            }
        }
        load()
    }

    override func fetch() throws -> [ImportPreviewRow] { summary.preview }
    override func rowId(_ item: ImportPreviewRow) -> Int64 { Int64(item.line) }
    override var showsSort: Bool { false }
    override func didReappear() {}

    /// Enter shows a refused row's problems in full.
    override var openLabel: Localized? { Localized("看问题", "Problems") }
    override func open(_ item: ImportPreviewRow) -> Action {
        if item.problems.isEmpty && !item.possibleDuplicates.isEmpty {
            return .message(Message(context.t(Localized("第 \(item.line) 行：", "Line \(item.line): "))
                + item.possibleDuplicates.map { context.t($0) }.joined(separator: "；")))
        }
        if item.problems.isEmpty { return .message(Message(context.t(Localized("此行没有问题", "No problem on this line")))) }
        return .message(Message(context.t(Localized("第 \(item.line) 行：", "Line \(item.line): "))
            + item.problems.map { context.t($0) }.joined(separator: "；"), kind: .error))
    }

    override func load() {
        super.load()
        let counts = context.t(Localized(
            "共 \(summary.rows) 行：新增 \(summary.personsNew) 人，已有 \(summary.personsMatched) 人，更新 \(summary.personsChanged) 人，有误 \(summary.refusedRows) 行；新户 \(summary.householdsNew) 户",
            "\(summary.rows) rows: \(summary.personsNew) new, \(summary.personsMatched) matched, \(summary.personsChanged) changed, \(summary.refusedRows) refused; \(summary.householdsNew) new households"))
        var lines: [(text: String, style: Style)] = [(counts, Style(summary.refusedRows > 0 ? .error : .normal))]
        if summary.possibleDuplicates > 0 {
            lines.append((context.t(Localized("\(summary.possibleDuplicates) 个新增的人可能已登记过（Enter 看是谁）：导入后可在“疑似重复人员”中合并",
                                              "\(summary.possibleDuplicates) new persons may be registered already (Enter shows whom): merge them under Persons entered twice")),
                          Style(.dim)))
        }
        if let errorPath {
            lines.append((context.t(Localized("有误的行阻止导入；请改正错误文件（Enter 看某行的问题）后重新导入：",
                                              "Refused rows block the import; correct the error file (Enter shows a row's problems) and import it:")),
                          Style(.error)))
            lines.append((errorPath, Style(.error)))
        } else if summary.problems.isEmpty {
            lines.append((context.t(Localized("F2 导入：全部成功或全部不导入，导入后可在“导入记录”中撤销。",
                                              "F2 imports, all or nothing; it can be undone under Imports.")), Style(.dim)))
        }
        header = lines
    }

    override var listCommands: [Command] {
        [Command.write("F2", Localized("导入", "Import")) { [unowned self] in run() }]
    }

    func run() -> Action {
        if !summary.problems.isEmpty {
            return refuse(Localized("有 \(summary.refusedRows) 行有误，不能导入：请改正错误文件后重新导入",
                                    "\(summary.refusedRows) rows are refused: correct the error file and import it again"))
        }
        do {
            let done = try context.db.importPersons(file: file, mapping: mapping, on: context.today) {
                [context] done, total in context.progress(Localized("导入", "Importing"), done, total)
            }
            let text = context.t(Localized(
                "已导入第 \(done.batchId ?? 0) 批：新增 \(done.personsNew) 人、新户 \(done.householdsNew) 户，更新 \(done.personsChanged) 人",
                "Imported batch \(done.batchId ?? 0): \(done.personsNew) new persons, \(done.householdsNew) new households, \(done.personsChanged) changed"))
            return .sequence([.replace(ImportHistoryScreen(context)), .message(Message(text))])
        } catch let rejected as ImportRejected {
            summary.problems = rejected.problems
            summary.refusedRows = Set(rejected.problems.map(\.line)).count
            load()
            return refuse(rejected.problems.first?.message ?? Localized("文件有误", "The file has problems"))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }
}
