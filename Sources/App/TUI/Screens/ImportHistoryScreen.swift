import Domain
import Store
import UICore

/// The imports, newest first; F8 undoes a batch as a whole while no later change depends on it.
final class ImportHistoryScreen: TableScreen<ImportBatch> {
    static let cells: Cells<ImportBatch> = [
        "id": { b, _ in String(b.id) },
        "importedAt": { b, _ in String(b.importedAt.prefix(16)).replacingOccurrences(of: "T", with: " ") },
        "username": { b, _ in b.username },
        "source": { b, _ in b.source },
        "counts": { b, c in c.t(Localized("新增\(b.personsNew)人\(b.householdsNew)户 更新\(b.personsChanged)人",
                                          "+\(b.personsNew) persons, +\(b.householdsNew) hh, \(b.personsChanged) changed")) },
        "state": { b, c in c.t(b.undoneAt == nil ? Localized("有效", "In effect") : Localized("已撤销", "Undone")) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "import_history", cells: Self.cells)
    }

    override func fetch() throws -> [ImportBatch] { try context.db.importBatches() }
    override func rowId(_ item: ImportBatch) -> Int64 { item.id }
    override var openLabel: Localized? { nil }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [Command.write("F8", Localized("撤销", "Undo")) { [unowned self] in
            guard let b = selected else { return .none }
            if b.undoneAt != nil { return refuse(Localized("这批导入已撤销", "This import was undone already")) }
            return confirmThenChange(Localized("撤销第 \(b.id) 批导入（\(b.source)）吗？它新增的 \(b.personsNew) 人和 \(b.householdsNew) 户将删除，更新过的 \(b.personsChanged) 人恢复原样。",
                                               "Undo import \(b.id) (\(b.source))? Its \(b.personsNew) new persons and \(b.householdsNew) new households go, and the \(b.personsChanged) it changed are restored."),
                                     done: Localized("已撤销第 \(b.id) 批导入", "Import \(b.id) undone")) { [context] in
                try context.db.undoImport(b.id)
            }
        }]
    }
}
