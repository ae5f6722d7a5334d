import Domain
import Foundation
import GRDB

/// An import as its history lists it.
public struct ImportBatch: Sendable, Hashable {
    public var id: Int64
    public var kind: String
    public var source: String
    public var format: String
    public var encoding: String
    public var importedAt: String
    public var username: String
    public var householdsNew: Int
    public var householdsChanged: Int
    public var personsNew: Int
    public var personsChanged: Int
    public var personsMatched: Int
    public var undoneAt: String?
    public var undoneBy: String?
}

extension AppDatabase {
    /// The imports, newest first.
    public func importBatches() throws -> [ImportBatch] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_batch ORDER BY id DESC").map { r in
                ImportBatch(id: r["id"], kind: r["kind"], source: r["source"], format: r["format"], encoding: r["encoding"],
                            importedAt: r["imported_at"], username: r["username"], householdsNew: r["households_new"],
                            householdsChanged: r["households_changed"], personsNew: r["persons_new"],
                            personsChanged: r["persons_changed"], personsMatched: r["persons_matched"],
                            undoneAt: r["undone_at"], undoneBy: r["undone_by"])
            }
        }
    }

    /// What keeps batch `id` from being undone: later changes to its rows, and
    /// records that refer to the persons or households it added. Empty when it can be undone.
    public func importUndoBlockers(_ id: Int64) throws -> [Localized] {
        try read { db in try Self.undoBlockers(db, id) }
    }

    /// Undoes batch `id` as a whole: removes the persons and households it added
    /// and puts back the rows it changed from their before-images, in one
    /// transaction, each step audited. Refused, naming what blocks it, once a
    /// later change depends on the batch.
    public func undoImport(_ id: Int64) throws {
        try requireImportRole()
        try write { db in
            let blockers = try Self.undoBlockers(db, id)
            if !blockers.isEmpty {
                throw StoreError.refused(Localized(
                    "无法撤销第 \(id) 批导入：" + blockers.map(\.zh).joined(separator: "；"),
                    "Import batch \(id) cannot be undone: " + blockers.map(\.en).joined(separator: "; ")))
            }
            guard let b = try Row.fetchOne(db, sql: "SELECT * FROM import_batch WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound
            }
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let pFirst: Int64? = b["person_first"], pLast: Int64? = b["person_last"]
            let hFirst: Int64? = b["household_first"], hLast: Int64? = b["household_last"]
            // Before-images first: a changed household may point at a person this batch added.
            for r in try Row.fetchAll(db, sql: "SELECT table_name, row_id, before_image FROM import_batch_row WHERE batch_id = ?",
                                      arguments: [id]) {
                let table: String = r["table_name"], rowId: Int64 = r["row_id"], image: String = r["before_image"]
                let columns = try Audit.columns(db, table).filter { $0 != "id" }
                let set = columns.map { "\"\($0)\" = json_extract(?1, '$.\($0)')" }.joined(separator: ", ")
                try db.execute(sql: "UPDATE \"\(table)\" SET \(set) WHERE id = ?2", arguments: [image, rowId])
            }
            if let hFirst, let hLast {
                try db.execute(sql: "UPDATE household SET head_person_id = NULL WHERE id BETWEEN ? AND ?", arguments: [hFirst, hLast])
            }
            if let pFirst, let pLast {
                try db.execute(sql: "DELETE FROM person WHERE id BETWEEN ? AND ?", arguments: [pFirst, pLast])
            }
            if let hFirst, let hLast {
                try db.execute(sql: "DELETE FROM household WHERE id BETWEEN ? AND ?", arguments: [hFirst, hLast])
            }
            try db.execute(sql: "UPDATE import_batch SET undone_at = \(Audit.now), undone_by = cx_user() WHERE id = ?",
                           arguments: [id])
        }
    }

    static func undoBlockers(_ db: Database, _ id: Int64) throws -> [Localized] {
        guard let b = try Row.fetchOne(db, sql: "SELECT * FROM import_batch WHERE id = ?", arguments: [id]) else {
            return [Localized("没有第 \(id) 批导入", "There is no import batch \(id)")]
        }
        if let at: String = b["undone_at"] {
            return [Localized("已于 \(at.prefix(16).replacingOccurrences(of: "T", with: " ")) 撤销", "it was undone at \(at.prefix(16))")]
        }
        var out: [Localized] = []
        let auditLast: Int64 = b["audit_last"] ?? 0
        let pFirst: Int64 = b["person_first"] ?? 0, pLast: Int64 = b["person_last"] ?? -1
        let hFirst: Int64 = b["household_first"] ?? 0, hLast: Int64 = b["household_last"] ?? -1
        // Later changes to the rows it wrote.
        let later = try Row.fetchAll(db, sql: """
            SELECT a.id, a.table_name, a.row_id, a.action FROM audit_log a
            WHERE a.id > ?1 AND (
                (a.table_name = 'person' AND (a.row_id BETWEEN ?2 AND ?3
                    OR a.row_id IN (SELECT row_id FROM import_batch_row WHERE batch_id = ?6 AND table_name = 'person')))
             OR (a.table_name = 'household' AND (a.row_id BETWEEN ?4 AND ?5
                    OR a.row_id IN (SELECT row_id FROM import_batch_row WHERE batch_id = ?6 AND table_name = 'household'))))
            ORDER BY a.id LIMIT 11
            """, arguments: [auditLast, pFirst, pLast, hFirst, hLast, id])
        for r in later.prefix(10) {
            let table: String = r["table_name"], rowId: Int64 = r["row_id"], entry: Int64 = r["id"]
            let what = try describe(db, table: table, rowId: rowId)
            out.append(Localized("\(what.zh) 在导入后又有改动（审计第 \(entry) 条）", "\(what.en) was changed after the import (audit entry \(entry))"))
        }
        if later.count > 10 { out.append(Localized("……还有更多改动", "… and more changes")) }
        // Records elsewhere that refer to what it added.
        for table in try Audit.auditedTables(db) where !["person", "household", "import_batch", "import_batch_row"].contains(table) {
            for fk in try Row.fetchAll(db, sql: "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", arguments: [table]) {
                let from: String = fk["from"], target: String = fk["table"]
                let range: (Int64, Int64)
                switch target {
                case "person": range = (pFirst, pLast)
                case "household": range = (hFirst, hLast)
                default: continue
                }
                guard range.0 <= range.1 else { continue }
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\" WHERE \"\(from)\" BETWEEN ? AND ?",
                                         arguments: [range.0, range.1]) ?? 0
                if n > 0 {
                    let label = recordLabel(table)
                    out.append(Localized("\(label.zh)中有 \(n) 条记录引用了这批导入的\(target == "person" ? "人员" : "户")",
                                         "\(n) record(s) of \(label.en) refer to \(target == "person" ? "persons" : "households") of this import"))
                }
            }
        }
        return out
    }

    private static func describe(_ db: Database, table: String, rowId: Int64) throws -> Localized {
        if table == "person", let r = try Row.fetchOne(db, sql: """
            SELECT p.name, h.number FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.id = ?
            """, arguments: [rowId]) {
            let name: String = r["name"], number: String = r["number"] ?? ""
            return Localized("户 \(number) 的 \(name)", "\(name) of household \(number)")
        }
        if table == "household", let number = try String.fetchOne(db, sql: "SELECT number FROM household WHERE id = ?",
                                                                  arguments: [rowId]) {
            return Localized("户 \(number)", "Household \(number)")
        }
        return Localized(table == "person" ? "已删除的人员" : "已删除的户", table == "person" ? "A deleted person" : "A deleted household")
    }

    /// The records of a table as a clerk knows them.
    static func recordLabel(_ table: String) -> Localized {
        switch table {
        case "household": Localized("户卡", "households")
        case "person_merge": Localized("人员合并记录", "person merge records")
        case "group_member": Localized("小组成员", "group members")
        case "honesty_group": Localized("诚信计生小组", "honesty groups")
        case "election", "election_candidate", "candidate": Localized("选举", "elections")
        case "signature", "agreement_signature": Localized("协议签名", "agreement signatures")
        case "pledge", "pledge_check": Localized("承诺与检查", "pledges and checks")
        case "fulfilment": Localized("兑现台账", "the fulfilment ledger")
        case "feedback": Localized("意见反馈", "feedback")
        case "survey_answer": Localized("问卷", "surveys")
        case "survey_sample": Localized("调查抽样", "survey samples")
        default: Localized("表 \(table) ", "table \(table)")
        }
    }
}
