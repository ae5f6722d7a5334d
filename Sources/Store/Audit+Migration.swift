import Foundation
import GRDB

// Rows against their last audited state, and what a migration that adds a column does
// to it: a row's hash covers every column, so a new column changes the hash of every
// row of its table. The rows that were in step before the migration are recorded again,
// as they are now, with a baseline entry; rows that were out of step stay out of step.

extension Audit {
    /// A bulk entry's manifest of one table's rows, with the row hashes it holds.
    struct Manifest {
        var entryId: Int64
        var line: ManifestLine
        var first: Int64
        var count: Int64
        var hashes: [UInt8]
    }

    static func manifestLines(_ db: Database) throws -> [Manifest] {
        try Row.fetchAll(db, sql: "SELECT entry_id, table_name, first_row_id, row_count, row_hashes FROM audit_bulk ORDER BY id").map { row in
            let table: String = row["table_name"]
            let hashes = [UInt8]((row["row_hashes"] as Data?) ?? Data())
            let first: Int64 = row["first_row_id"], count: Int64 = row["row_count"]
            return Manifest(entryId: row["entry_id"], line: ManifestLine(table: table, first: first, count: count, hashes: hashes),
                            first: first, count: count, hashes: hashes)
        }
    }

    /// Every audited row whose state is not the one its last entry (or the bulk manifest
    /// that wrote it) recorded, and every recorded row that is gone.
    static func rowsOutOfStep(_ db: Database) throws -> [RowOutOfStep] {
        var found: [RowOutOfStep] = []
        let bulk = Dictionary(grouping: try manifestLines(db), by: \.line.table)
        /// The hash a manifest holds for a row, if one covers it.
        func bulkHash(_ table: String, _ rid: Int64) -> String? {
            for m in bulk[table] ?? [] where rid >= m.first && rid < m.first + m.count {
                let start = Int(rid - m.first) * 32
                guard start + 32 <= m.hashes.count else { return nil }
                return hex(m.hashes[start..<start + 32])
            }
            return nil
        }
        var last: [String: [Int64: (action: String, hash: String?)]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT table_name, row_id, action, row_hash FROM audit_log WHERE id IN
                (SELECT MAX(id) FROM audit_log WHERE row_id IS NOT NULL
                   AND action IN ('insert', 'update', 'delete', 'baseline')
                 GROUP BY table_name, row_id)
            """) {
            last[row["table_name"], default: [:]][row["row_id"]] = (row["action"], row["row_hash"])
        }
        for table in try auditedTables(db) {
            let cols = try columns(db, table)
            var seen = Set<Int64>()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid AS rid, cx_sha256(\(fullJSON(cols, prefix: "t."))) AS h FROM "\(table)" t
                """)
            while let r = try rows.next() {
                let rid: Int64 = r["rid"]
                seen.insert(rid)
                let h: String = r["h"]
                guard let entry = last[table]?[rid] else {
                    // Written by a bulk entry and not changed since.
                    if let bh = bulkHash(table, rid) {
                        if bh != h { found.append(RowOutOfStep(table: table, rowId: rid, problem: .changed)) }
                        continue
                    }
                    found.append(RowOutOfStep(table: table, rowId: rid, problem: .noEntry))
                    continue
                }
                if entry.action == "delete" || entry.hash != h {
                    found.append(RowOutOfStep(table: table, rowId: rid, problem: .changed))
                }
            }
            for (rid, entry) in last[table] ?? [:] where !seen.contains(rid) && entry.action != "delete" {
                found.append(RowOutOfStep(table: table, rowId: rid, problem: .deleted))
            }
            for m in bulk[table] ?? [] {
                for rid in m.first..<(m.first + m.count) where !seen.contains(rid) && last[table]?[rid] == nil {
                    found.append(RowOutOfStep(table: table, rowId: rid, problem: .deleted))
                }
            }
        }
        return found
    }

    /// The state of the audited tables before migrations run: each table's columns, and the
    /// rows that were out of step.
    struct SchemaState {
        var columns: [String: [String]]
        var outOfStep: Set<String>
    }

    static func schemaState(_ db: Database) throws -> SchemaState {
        var columns: [String: [String]] = [:]
        for table in try auditedTables(db) { columns[table] = try self.columns(db, table) }
        return SchemaState(columns: columns, outOfStep: Set(try rowsOutOfStep(db).map { "\($0.table)#\($0.rowId)" }))
    }

    /// After migrations: every row of a table whose columns changed, and that was in step
    /// before, gets a baseline entry with its hash over the new columns.
    static func recordColumnsAdded(_ db: Database, since before: SchemaState) throws {
        for table in try auditedTables(db) {
            guard let old = before.columns[table] else { continue }
            let cols = try columns(db, table)
            if cols == old { continue }
            let ids = try Int64.fetchAll(db, sql: "SELECT rowid FROM \"\(table)\" ORDER BY rowid")
            let statement = try db.makeStatement(sql: appendSQL(values: """
                SELECT \(now) AS at, cx_user() AS username, 'baseline' AS action, '\(table)' AS table_name,
                       t.rowid AS row_id, NULL AS before, \(shownJSON(cols, prefix: "t.")) AS after,
                       cx_sha256(\(fullJSON(cols, prefix: "t."))) AS row_hash
                FROM "\(table)" t WHERE t.rowid = ?
                """))
            for rowId in ids where !before.outOfStep.contains("\(table)#\(rowId)") {
                try statement.execute(arguments: [rowId])
            }
        }
    }
}
