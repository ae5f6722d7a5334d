import Crypto
import Domain
import Foundation
import GRDB

/// A value written by `AuditedInserter`: the three SQLite types the record tables use.
package enum BulkValue: Sendable {
    case int(Int64)
    case text(String)
    case null

    var databaseValue: DatabaseValue {
        switch self {
        case .int(let n): return n.databaseValue
        case .text(let s): return s.databaseValue
        case .null: return .null
        }
    }
}

/// Inserts many rows fast while keeping every one audited exactly as the
/// insert triggers would, or (manifest mode, for imports) in one entry that
/// holds the hash of every row in its manifests.
///
/// Inside one write transaction it drops the insert audit triggers of the
/// tables it writes, inserts each row with a prepared statement and appends the
/// row's audit entry itself: the same `after` text (numbers masked), the same
/// SHA-256 of the row's JSON (built here byte for byte like SQLite's
/// `json_object`) and the same hash chain. `finish()` puts the triggers back
/// before the transaction commits, so no other writer ever sees the database
/// without them, and `verify()` checks the result like any other write.
package final class AuditedInserter {
    private struct TableInfo {
        var columns: [String]
        var columnSet: Set<String>
        var defaults: [String: BulkValue]
        var statement: Statement
        /// No "id" column: the row's "rowid" is given and written first.
        var rowidOnly: Bool
    }

    /// Rows of one table written in manifest mode: consecutive ids from
    /// `first`, and the SHA-256 of each row (32 bytes each, in id order).
    /// Stored every `Manifest.rows` rows, so memory stays flat however many there are.
    struct Manifest {
        static let rows: Int64 = 4096
        var first: Int64
        var count: Int64 = 0
        var hashes: [UInt8] = []
    }

    private let db: Database
    private var tables: [String: TableInfo] = [:]
    /// Set in manifest mode: rows get no entry each; `finish(action:note:)`
    /// writes one entry covering them all.
    private let manifestMode: Bool
    /// The manifest being filled, per table.
    private var manifests: [String: Manifest] = [:]
    /// Every manifest stored, for the entry's digest.
    private var stored: [Audit.ManifestLine] = []
    /// The id the covering entry will get (the transaction is ours alone).
    private var entryId: Int64 = 0
    private let auditStatement: Statement
    private var prev: String
    private let at: String
    private let username: String
    package private(set) var entries = 0

    /// Starts in `db`'s current write transaction; `username` is who the entries name.
    /// With `manifest`, rows are recorded in one entry with a manifest of their
    /// hashes (see `finish(action:note:)`) instead of an entry each.
    /// `cacheKiB` is the page cache the transaction gets.
    package init(_ db: Database, username: String, manifest: Bool = false, cacheKiB: Int = 6144) throws {
        self.db = db
        self.username = username
        manifestMode = manifest
        if manifest {
            let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'") ?? 0
            entryId = max(seq, try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit_log") ?? 0) + 1
        }
        prev = try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") ?? ""
        at = try String.fetchOne(db, sql: "SELECT \(Audit.now)") ?? ""
        auditStatement = try db.makeStatement(sql: """
            INSERT INTO audit_log(at, username, action, table_name, row_id, before, after, row_hash, prev_hash, hash)
            VALUES (?, ?, 'insert', ?, ?, NULL, ?, ?, ?, ?)
            """)
        // Children may be written before their parents (a household after its persons).
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        // A bigger page cache for the transaction: with SQLite's default 2 MB the
        // indexes' pages are spilled to the WAL and written again and again
        // (100,000 imported rows: 7.1 s with 2 MB, 6.0 s with 8 MB). 6 MB, not more:
        // the cache is most of an import's memory, and the budget is 60 MB.
        cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
    }

    private var cacheSize = -2000

    deinit {
        try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
    }

    /// The next free id of `table`.
    func nextId(_ table: String) throws -> Int64 {
        let maxId = try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM \"\(table)\"") ?? 0
        let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
        return max(maxId, seq) + 1
    }

    private func info(_ table: String) throws -> TableInfo {
        if let t = tables[table] { return t }
        try db.execute(sql: "DROP TRIGGER IF EXISTS \"audit_\(table)_insert\"")
        var columns: [String] = []
        var defaults: [String: BulkValue] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, dflt_value FROM pragma_table_info(?) ORDER BY cid",
                                    arguments: [table]) {
            let name: String = row["name"]
            columns.append(name)
            let d: String? = row["dflt_value"]
            defaults[name] = Self.parseDefault(d)
        }
        let rowidOnly = !columns.contains("id")
        let written = (rowidOnly ? ["rowid"] : []) + columns
        let sql = "INSERT INTO \"\(table)\"(" + written.map { "\"\($0)\"" }.joined(separator: ", ")
            + ") VALUES (" + Array(repeating: "?", count: written.count).joined(separator: ", ") + ")"
        let t = TableInfo(columns: columns, columnSet: Set(columns), defaults: defaults, statement: try db.makeStatement(sql: sql),
                          rowidOnly: rowidOnly)
        tables[table] = t
        return t
    }

    /// A column default as written in the schema: NULL, a number or a quoted string.
    static func parseDefault(_ d: String?) -> BulkValue {
        guard let d else { return .null }
        if d.uppercased() == "NULL" { return .null }
        if let n = Int64(d) { return .int(n) }
        if d.hasPrefix("'"), d.hasSuffix("'"), d.count >= 2 {
            return .text(String(d.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        return .text(d)
    }

    /// Inserts one row (which must carry its "id", or "rowid" in a table without one) and its audit entry.
    /// Columns not given take their schema default.
    package func insert(_ table: String, _ values: [String: BulkValue]) throws {
        let t = try info(table)
        var row: [BulkValue] = []
        row.reserveCapacity(t.columns.count)
        for c in t.columns { row.append(values[c] ?? t.defaults[c] ?? .null) }
        for key in values.keys where !t.columnSet.contains(key) && !(t.rowidOnly && key == "rowid") {
            throw StoreError.refused(Localized("内部错误：表 \(table) 没有列 \(key)", "Internal error: table \(table) has no column \(key)"))
        }
        guard case .int(let rowId) = (t.rowidOnly ? values["rowid"] : values["id"]) ?? .null else {
            throw StoreError.refused(Localized("内部错误：批量写入需要 id", "Internal error: bulk rows need an id"))
        }
        try insert(t, table, row, rowId: rowId)
    }

    /// A row of `table` with every column at its schema default, and the place of each column:
    /// set the columns by place and pass it to `insert(_:row:)` (faster than by name).
    struct BlankRow: Sendable {
        var values: [BulkValue]
        let place: [String: Int]
        /// The table's columns in order (for the row's JSON).
        let columns: [String]
    }

    func blankRow(_ table: String) throws -> BlankRow {
        let t = try info(table)
        guard !t.rowidOnly else {
            throw StoreError.refused(Localized("内部错误：表 \(table) 没有 id 列", "Internal error: table \(table) has no id column"))
        }
        return BlankRow(values: t.columns.map { t.defaults[$0] ?? .null },
                        place: Dictionary(uniqueKeysWithValues: t.columns.enumerated().map { ($1, $0) }), columns: t.columns)
    }

    /// Inserts a row made from `blankRow(table)`, its "id" set, and its audit entry.
    func insert(_ table: String, row: BlankRow) throws {
        let t = try info(table)
        guard row.values.count == t.columns.count, case .int(let rowId) = row.values[row.place["id"] ?? 0] else {
            throw StoreError.refused(Localized("内部错误：批量写入需要 id", "Internal error: bulk rows need an id"))
        }
        try insert(t, table, row.values, rowId: rowId)
    }

    /// Manifest mode: inserts a row built from `blankRow(table)` whose SHA-256 the caller computed
    /// (on another thread) from the row's JSON, as `insert` would.
    func insert(_ table: String, values: [BulkValue], rowId: Int64, hash: [UInt8], arguments: StatementArguments) throws {
        let t = try info(table)
        guard manifestMode, !t.rowidOnly, values.count == t.columns.count, hash.count == 32 else {
            throw StoreError.refused(Localized("内部错误：批量写入的行不完整", "Internal error: an incomplete bulk row"))
        }
        try insert(t, table, values, rowId: rowId, hash: hash, arguments: arguments)
    }

    /// The statement arguments of a row (made ahead, on another thread, by a bulk import).
    static func arguments(_ row: [BulkValue]) -> StatementArguments {
        StatementArguments(row.map(\.databaseValue))
    }

    private func insert(_ t: TableInfo, _ table: String, _ row: [BulkValue], rowId: Int64, hash: [UInt8]? = nil,
                        arguments: StatementArguments? = nil) throws {
        if let arguments {
            t.statement.setUncheckedArguments(arguments)
        } else {
            var bound: [DatabaseValue] = []
            bound.reserveCapacity(row.count + 1)
            if t.rowidOnly { bound.append(rowId.databaseValue) }
            for v in row { bound.append(v.databaseValue) }
            t.statement.setUncheckedArguments(StatementArguments(bound))
        }
        try t.statement.execute()
        if manifestMode {
            if let m = manifests[table], rowId != m.first + m.count {
                try store(table)
            }
            // Changed in place: a copy of a growing manifest per row would be quadratic.
            manifests[table, default: Manifest(first: rowId)].count += 1
            if let hash {
                manifests[table, default: Manifest(first: rowId)].hashes.append(contentsOf: hash)
            } else {
                manifests[table, default: Manifest(first: rowId)].hashes
                    .append(contentsOf: SHA256.hash(data: Self.jsonBytes(t.columns, row, masked: false)))
            }
            if manifests[table]!.count == Manifest.rows { try store(table) }
            return
        }
        let after = Self.json(t.columns, row, masked: true)
        let rowHash = Audit.sha256(Self.json(t.columns, row, masked: false))
        let hash = Audit.entryHash(prev: prev, at: at, username: username, action: "insert", table: table,
                                   rowId: rowId, before: nil, after: after, rowHash: rowHash)
        try auditStatement.execute(arguments: [at, username, table, rowId, after, rowHash, prev, hash])
        prev = hash
        entries += 1
    }

    /// Puts back every audit trigger; call before the transaction commits.
    package func finish() throws {
        try Audit.installTriggers(db, signature: try Audit.schemaSignature(db))
    }

    /// Stores the manifest being filled for `table` under the coming entry.
    private func store(_ table: String) throws {
        guard let m = manifests.removeValue(forKey: table), m.count > 0 else { return }
        try db.execute(sql: """
            INSERT INTO audit_bulk(entry_id, table_name, first_row_id, row_count, row_hashes) VALUES (?, ?, ?, ?, ?)
            """, arguments: [entryId, table, m.first, m.count, Data(m.hashes)])
        stored.append(Audit.ManifestLine(table: table, first: m.first, count: m.count, hashes: m.hashes))
    }

    /// Manifest mode: stores what is left of the manifests, appends the one
    /// entry covering every row written (its `after` is `note`, its row hash
    /// the digest of the manifests), and puts back the audit triggers.
    func finish(action: String, note: String) throws {
        for table in manifests.keys.sorted() { try store(table) }
        let digest = Audit.manifestDigest(stored)
        let hash = Audit.entryHash(prev: prev, at: at, username: username, action: action, table: "",
                                   rowId: nil, before: nil, after: note, rowHash: digest)
        let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'") ?? 0
        guard max(seq, try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit_log") ?? 0) + 1 == entryId else {
            throw StoreError.refused(Localized("内部错误：批量写入期间审计日志被写入", "Internal error: the audit log was written during a bulk write"))
        }
        try db.execute(sql: """
            INSERT INTO audit_log(id, at, username, action, table_name, row_id, before, after, row_hash, prev_hash, hash)
            VALUES (?, ?, ?, ?, '', NULL, NULL, ?, ?, ?, ?)
            """, arguments: [entryId, at, username, action, note, digest, prev, hash])
        prev = hash
        entries += 1
        stored = []
        try finish()
    }

    // MARK: JSON exactly as SQLite's json_object writes it

    /// `{"col":value,...}`; `masked` is the log's readable form (numbers masked, secrets left out).
    /// Built as UTF-8 bytes: appending scalar by scalar to a String was most of an import's time.
    static func json(_ columns: [String], _ values: [BulkValue], masked: Bool) -> String {
        String(decoding: jsonBytes(columns, values, masked: masked), as: UTF8.self)
    }

    /// `json(_:_:masked:)` as UTF-8 bytes.
    static func jsonBytes(_ columns: [String], _ values: [BulkValue], masked: Bool) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(512)
        var first = true
        for (c, v) in zip(columns, values) {
            var v = v
            if masked {
                if Audit.secretColumns.contains(c) { continue }
                if case .text(let s) = v {
                    if Audit.idColumns.contains(c) { v = .text(s.isEmpty ? s : Mask.idNumber(s)) }
                    else if Audit.phoneColumns.contains(c) { v = .text(Mask.phone(s)) }
                }
            }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(c, to: &out)
            out.append(UInt8(ascii: ":"))
            switch v {
            case .int(let n): out.append(contentsOf: String(n).utf8)
            case .null: out.append(contentsOf: "null".utf8)
            case .text(let s): appendString(s, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A JSON string as SQLite writes it: `"` and `\` escaped, control characters
    /// as \b \f \n \r \t or \u00XX, everything else as is.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)
                return
            }
            for b in bytes {
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), b])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), b])
                case 0x08: out.append(contentsOf: Array("\\b".utf8))
                case 0x0C: out.append(contentsOf: Array("\\f".utf8))
                case 0x0A: out.append(contentsOf: Array("\\n".utf8))
                case 0x0D: out.append(contentsOf: Array("\\r".utf8))
                case 0x09: out.append(contentsOf: Array("\\t".utf8))
                case 0..<0x20:
                    let hex = String(b, radix: 16)
                    out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                default: out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
