import Domain
import Store
import UICore

/// One field of the roster, the file's column it takes, that column's header and first value.
struct MappingLine {
    var field: RosterField
    var column: Int?
    var header = ""
    var sample = ""
}

/// The wizard's second step: which column each field takes, guessed from the
/// header or from a saved mapping; ←→ change a field's column.
final class ImportMappingScreen: TableScreen<MappingLine> {
    static let cells: Cells<MappingLine> = [
        "field": { l, c in c.t(l.field.label) + (l.field.isRequired ? "*" : "") },
        "column": { l, c in l.column.map { "\(TableWriter.columnName($0)) \(l.header)" }
            ?? c.t(Localized("（不导入）", "(not imported)")) },
        // Numbers masked, as every list masks them.
        "sample": { l, _ in
            switch l.field {
            case .idNumber: Mask.idNumber(l.sample)
            case .phone, .migrantContact: Mask.phone(l.sample)
            default: l.sample
            }
        },
    ]

    let file: TableFile
    let headerRow: [String]
    let sample: [String]
    var mapping: ImportMapping

    init(_ context: AppContext, file: TableFile, header: [String], mapping: ImportMapping) {
        self.file = file
        headerRow = header
        sample = (try? file.firstRows(2).dropFirst().first?.fields) ?? []
        self.mapping = mapping
        super.init(context, spec: "import_mapping", cells: Self.cells, loadNow: false)
        load()
    }

    override func fetch() throws -> [MappingLine] {
        let columns = mapping.columns(in: headerRow)
        return RosterField.allCases.map { field in
            let c = columns[field]
            return MappingLine(field: field, column: c, header: c.map { headerRow[$0] } ?? "",
                               sample: c.flatMap { $0 < sample.count ? sample[$0] : nil } ?? "")
        }
    }

    override func load() {
        super.load()
        let problems = mapping.problems(in: headerRow)
        header = [(file.path, Style()), (problems.isEmpty
            ? context.t(Localized("列已对应好：F2 预览", "The columns are mapped: F2 previews"))
            : problems.map { context.t($0) }.joined(separator: "；"), Style(problems.isEmpty ? .dim : .error))]
    }

    override func rowId(_ item: MappingLine) -> Int64 { Int64(RosterField.allCases.firstIndex(of: item.field) ?? 0) }
    override var openLabel: Localized? { nil }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [Command.eachKey("←/→", Localized("改列", "Column"), keys: [.left, .right]) { [unowned self] key in
             guard let line = selected else { return .none }
             shift(line, by: key == .left ? -1 : 1)
             return .none
         },
         Command("F2", Localized("预览", "Preview")) { [unowned self] in preview() },
         Command("F4", Localized("保存方案", "Save mapping")) { [unowned self] in
             .push(ImportMappingNameScreen(context, mapping: mapping))
         }]
    }

    /// The next or previous column of the header (or none) for `line`'s field.
    func shift(_ line: MappingLine, by step: Int) {
        let count = headerRow.count
        // -1 stands for "not imported".
        let now = line.column ?? -1
        var next = now + step
        if next < -1 { next = count - 1 }
        if next >= count { next = -1 }
        mapping.set(line.field, column: next < 0 ? nil : next, in: headerRow)
        load()
    }

    func preview() -> Action {
        let problems = mapping.problems(in: headerRow)
        if !problems.isEmpty { return refuse(problems[0]) }
        do {
            let summary = try context.db.planPersonImport(file: file, mapping: mapping, on: context.today, previewRows: 20) {
                [context] done, total in context.progress(Localized("核对", "Checking"), done, total)
            }
            return .push(ImportPreviewScreen(context, file: file, mapping: mapping, summary: summary))
        } catch let rejected as ImportRejected {
            return refuse(rejected.problems.first?.message ?? Localized("文件有误", "The file has problems"))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }
}
