import Crypto
import Domain
import Foundation
import GRDB

/// The tamper-evident audit log.
///
/// Every insert, update and delete of a record table appends an entry in the
/// same transaction, written by a trigger: who, when, which row, the row before
/// and after (with ID and phone numbers masked), and the SHA-256 of the full
/// row after the change. Each entry's hash covers the previous entry's hash,
/// so the entries form a chain: editing or deleting an entry behind the app's
/// back breaks the chain at that entry, and editing a record behind the app's
/// back leaves the row out of step with its last audited hash. `verify()`
/// finds both.
///
/// The triggers call SQL functions only the app registers (`cx_may_write`,
/// `cx_user`, `cx_sha256` …), so a write from another SQLite client fails
/// instead of going unrecorded; getting round that means dropping triggers,
/// which `verify()` also reports.
package enum Audit {
    /// Tables whose rows are audited: every table but the log itself,
    /// SQLite's and GRDB's own, and unsaved-form drafts.
    package static func auditedTables(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table'
              AND name NOT LIKE 'sqlite_%' AND name NOT IN ('grdb_migrations', 'audit_log', 'audit_bulk', 'draft')
              -- An office's private keys (never logged, never sent), and what a township's copy
              -- of a village has taken in (kept beside the village's own rows).
              AND name NOT IN ('exchange_secret', 'replica_state')
              -- Derived search index, rebuilt from person names by triggers.
              AND name <> 'person_name_char'
            ORDER BY name
            """)
    }

    package static func columns(_ db: Database, _ table: String) throws -> [String] {
        try db.columns(in: table).map(\.name)
    }

    /// Columns shown masked in the log's before/after text.
    static let idColumns: Set<String> = ["id_number"]
    static let phoneColumns: Set<String> = ["phone", "migrant_contact", "contact"]
    /// Columns never copied into the log's text (still covered by the row hash).
    /// (An import's before-images and a person merge's images hold whole rows with their
    /// numbers unmasked.)
    static let secretColumns: Set<String> = ["password_hash", "before_image", "merged_image", "kept_image"]

    /// The row as JSON with every column, for its hash.
    package static func fullJSON(_ columns: [String], prefix: String) -> String {
        "json_object(" + columns.map { "'\($0)', \(prefix)\"\($0)\"" }.joined(separator: ", ") + ")"
    }

    /// The row as JSON for people to read in the log: numbers masked, secrets left out.
    static func shownJSON(_ columns: [String], prefix: String) -> String {
        let parts = columns.compactMap { c -> String? in
            if secretColumns.contains(c) { return nil }
            if idColumns.contains(c) { return "'\(c)', cx_mask_id(\(prefix)\"\(c)\")" }
            if phoneColumns.contains(c) { return "'\(c)', cx_mask_phone(\(prefix)\"\(c)\")" }
            return "'\(c)', \(prefix)\"\(c)\""
        }
        return "json_object(" + parts.joined(separator: ", ") + ")"
    }

    /// The SQL that appends one entry, its hash chained to the last entry's.
    /// `values` selects at, username, action, table_name, row_id, before, after, row_hash.
    static func appendSQL(values: String) -> String {
        """
        INSERT INTO audit_log(at, username, action, table_name, row_id, before, after, row_hash, prev_hash, hash)
        SELECT e.at, e.username, e.action, e.table_name, e.row_id, e.before, e.after, e.row_hash, e.prev,
               cx_sha256(e.prev || char(10) || e.at || char(10) || e.username || char(10) || e.action || char(10)
                         || e.table_name || char(10) || IFNULL(e.row_id, '') || char(10) || IFNULL(e.before, '')
                         || char(10) || IFNULL(e.after, '') || char(10) || IFNULL(e.row_hash, ''))
        FROM (SELECT v.*, IFNULL((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '') AS prev
              FROM (\(values)) AS v) AS e
        """
    }

    /// The same hash, computed in Swift to check the chain.
    static func entryHash(prev: String, at: String, username: String, action: String, table: String,
                          rowId: Int64?, before: String?, after: String?, rowHash: String?) -> String {
        let text = [prev, at, username, action, table, rowId.map(String.init) ?? "", before ?? "", after ?? "",
                    rowHash ?? ""].joined(separator: "\n")
        return sha256(text)
    }

    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of bytes (a row hash in a manifest is 32 raw bytes; entries keep hex),
    /// by table: String(format:) per byte was most of the cost of an audited write.
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One stored manifest of a bulk entry (see `AuditedInserter`).
    struct ManifestLine {
        var table: String
        var first: Int64
        var count: Int64
        /// The rows' SHA-256s, 32 bytes each.
        var hashes: [UInt8]
        /// Only a digest of the hashes is kept once it is written.
        init(table: String, first: Int64, count: Int64, hashes: [UInt8]) {
            self.table = table
            self.first = first
            self.count = count
            self.hashes = []
            hashesDigest = Audit.hex(SHA256.hash(data: hashes))
            intact = Int64(hashes.count) == count * 32
        }
        var hashesDigest: String
        var intact: Bool
    }

    /// The row hash of an entry that covers rows through manifests: the SHA-256
    /// of one line per manifest, in table and row order,
    /// "table first count sha256-of-its-row-hashes\n".
    static func manifestDigest(_ manifests: [ManifestLine]) -> String {
        var hasher = SHA256()
        for m in manifests.sorted(by: { ($0.table, $0.first) < ($1.table, $1.first) }) {
            hasher.update(data: Data("\(m.table) \(m.first) \(m.count) \(m.hashesDigest)\n".utf8))
        }
        return hex(hasher.finalize())
    }

    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    /// Reinstalls the triggers when a table or column has been added since
    /// they were made (the signature of the schema is kept in a comment).
    static func installTriggersIfChanged(_ db: Database) throws {
        let signature = try schemaSignature(db)
        let current = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'audit_log_is_never_changed'")
        let triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        let complete = try auditedTables(db).allSatisfy { t in
            ["insert", "update", "delete"].allSatisfy { triggers.contains("audit_\(t)_\($0)") }
        } && ["audit_log_is_never_deleted", "audit_bulk_is_never_changed", "audit_bulk_is_never_deleted"].allSatisfy(triggers.contains)
        if complete, let current, current.contains("-- schema \(signature)") { return }
        try installTriggers(db, signature: signature)
    }

    static func schemaSignature(_ db: Database) throws -> String {
        var text = ""
        for table in try auditedTables(db) { text += table + "(" + (try columns(db, table)).joined(separator: ",") + ")" }
        return String(sha256(text).prefix(16))
    }

    /// (Re)creates the triggers of every audited table, so tables and columns
    /// added by later migrations are covered without anyone remembering to.
    static func installTriggers(_ db: Database, signature: String) throws {
        for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' ESCAPE '\\'") {
            try db.execute(sql: "DROP TRIGGER \"\(name)\"")
        }
        for table in try auditedTables(db) {
            let cols = try columns(db, table)
            let guardWrite = "SELECT RAISE(ABORT, '\(accessDeniedMessage)') WHERE NOT cx_may_write();"
            func values(_ action: String, before: String, after: String, rowHashOf: String?) -> String {
                "SELECT \(now) AS at, cx_user() AS username, '\(action)' AS action, '\(table)' AS table_name, "
                    + "\(action == "delete" ? "OLD" : "NEW").rowid AS row_id, \(before) AS before, \(after) AS after, "
                    + "\(rowHashOf.map { "cx_sha256(\($0))" } ?? "NULL") AS row_hash"
            }
            try db.execute(sql: """
                CREATE TRIGGER "audit_\(table)_insert" AFTER INSERT ON "\(table)" BEGIN
                    \(guardWrite)
                    \(appendSQL(values: values("insert", before: "NULL", after: shownJSON(cols, prefix: "NEW."),
                                              rowHashOf: fullJSON(cols, prefix: "NEW."))));
                END;
                CREATE TRIGGER "audit_\(table)_update" AFTER UPDATE ON "\(table)" BEGIN
                    \(guardWrite)
                    \(appendSQL(values: values("update", before: shownJSON(cols, prefix: "OLD."),
                                              after: shownJSON(cols, prefix: "NEW."),
                                              rowHashOf: fullJSON(cols, prefix: "NEW."))));
                END;
                CREATE TRIGGER "audit_\(table)_delete" AFTER DELETE ON "\(table)" BEGIN
                    \(guardWrite)
                    \(appendSQL(values: values("delete", before: shownJSON(cols, prefix: "OLD."), after: "NULL",
                                              rowHashOf: nil)));
                END;
                """)
        }
        try db.execute(sql: """
            CREATE TRIGGER audit_log_is_never_changed BEFORE UPDATE ON audit_log BEGIN
                -- schema \(signature)
                SELECT RAISE(ABORT, 'audit entries are never changed');
            END;
            CREATE TRIGGER audit_log_is_never_deleted BEFORE DELETE ON audit_log BEGIN
                SELECT RAISE(ABORT, 'audit entries are never deleted');
            END;
            CREATE TRIGGER audit_bulk_is_never_changed BEFORE UPDATE ON audit_bulk BEGIN
                SELECT RAISE(ABORT, 'audit entries are never changed');
            END;
            CREATE TRIGGER audit_bulk_is_never_deleted BEFORE DELETE ON audit_bulk BEGIN
                SELECT RAISE(ABORT, 'audit entries are never deleted');
            END;
            """)
    }

    /// Records a starting entry for every row that has none yet (rows written
    /// before auditing, or by a migration), so later checks have a state to compare.
    static func recordBaseline(_ db: Database) throws {
        for table in try auditedTables(db) {
            let cols = try columns(db, table)
            let missing = try Int64.fetchAll(db, sql: """
                SELECT rowid FROM "\(table)" t WHERE rowid NOT IN
                    (SELECT row_id FROM audit_log WHERE table_name = ? AND row_id IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM audit_bulk b WHERE b.table_name = ?
                                  AND t.rowid >= b.first_row_id AND t.rowid < b.first_row_id + b.row_count)
                ORDER BY rowid
                """, arguments: [table, table])
            for rowId in missing {
                try db.execute(sql: appendSQL(values: """
                    SELECT \(now) AS at, cx_user() AS username, 'baseline' AS action, '\(table)' AS table_name,
                           t.rowid AS row_id, NULL AS before, \(shownJSON(cols, prefix: "t.")) AS after,
                           cx_sha256(\(fullJSON(cols, prefix: "t."))) AS row_hash
                    FROM "\(table)" t WHERE t.rowid = \(rowId)
                    """))
            }
        }
    }

    /// Registers the functions the triggers call on a connection.
    static func registerFunctions(_ db: Database, access: AccessState) {
        db.add(function: DatabaseFunction("cx_may_write", argumentCount: 0, pure: false) { _ in
            access.mayWrite
        })
        db.add(function: DatabaseFunction("cx_user", argumentCount: 0, pure: false) { _ in
            access.actor
        })
        db.add(function: DatabaseFunction("cx_sha256", argumentCount: 1, pure: true) { values in
            guard let s = String.fromDatabaseValue(values[0]) else { return nil }
            return sha256(s)
        })
        db.add(function: DatabaseFunction("cx_mask_id", argumentCount: 1, pure: true) { values in
            guard let s = String.fromDatabaseValue(values[0]) else { return nil }
            return s.isEmpty ? s : Mask.idNumber(s)
        })
        db.add(function: DatabaseFunction("cx_mask_phone", argumentCount: 1, pure: true) { values in
            guard let s = String.fromDatabaseValue(values[0]) else { return nil }
            return Mask.phone(s)
        })
    }
}

// MARK: - Reading and checking the log

/// One entry of the audit log, as an administrator browses it.
public struct AuditEntry: Hashable, Sendable {
    public var id: Int64
    public var at: String
    public var username: String
    public var action: String
    public var table: String
    public var rowId: Int64?
    public var before: String?
    public var after: String?
}

/// What `verify()` found.
public struct VerifyReport: Sendable {
    public var entries: Int
    /// SQLite's integrity check: "ok" or its complaints.
    public var integrity: [String]
    /// The first entry whose hash does not match its content and predecessor.
    public var firstBrokenEntry: AuditEntry?
    /// Rows whose current content differs from their last audited state,
    /// or that exist with no entry, or were deleted with no entry.
    public var rowsOutOfStep: [RowOutOfStep]
    /// Audit triggers that are missing (dropped behind the app's back).
    public var missingTriggers: [String]

    public var isClean: Bool {
        integrity == ["ok"] && firstBrokenEntry == nil && rowsOutOfStep.isEmpty && missingTriggers.isEmpty
    }
}

/// A row that is not in the state the audit log last recorded. The app puts it in
/// words in the interface language; `description` is English, for logs and test output.
public struct RowOutOfStep: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Problem: String, Hashable, Sendable, Comparable {
        /// Its content differs from the last audited state (or from its import's manifest).
        case changed
        /// Its last entry is not a delete, yet the row is gone.
        case deleted
        /// It exists with no entry and no import manifest covering it.
        case noEntry
        /// An import's manifest no longer matches its entry: `rowId` is the entry's id.
        case manifestChanged

        public static func < (a: Problem, b: Problem) -> Bool { a.rawValue < b.rawValue }
    }

    /// The table's name in the schema ("audit_bulk" for `manifestChanged`).
    public var table: String
    /// The row's id, or the audit entry's id for `manifestChanged`.
    public var rowId: Int64
    public var problem: Problem

    public init(table: String, rowId: Int64, problem: Problem) {
        self.table = table
        self.rowId = rowId
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .changed: "\(table) #\(rowId): changed outside the app"
        case .deleted: "\(table) #\(rowId): deleted outside the app"
        case .noEntry: "\(table) #\(rowId): no audit entry"
        case .manifestChanged: "audit_bulk (entry \(rowId)): manifest changed outside the app"
        }
    }

    /// By table, then row id as a number, then problem.
    public static func < (a: RowOutOfStep, b: RowOutOfStep) -> Bool {
        (a.table, a.rowId, a.problem) < (b.table, b.rowId, b.problem)
    }
}

extension AppDatabase {
    /// Entries of the log, newest first, optionally for one table/row or one user.
    public func auditEntries(table: String? = nil, rowId: Int64? = nil, username: String? = nil,
                             limit: Int = 500) throws -> [AuditEntry] {
        try require(.readAudit)
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let table, let rowId {
            // A row's own entries, and the entry of the import that wrote it.
            conditions.append("""
                ((table_name = ? AND row_id = ?) OR id IN (SELECT entry_id FROM audit_bulk
                    WHERE table_name = ? AND first_row_id <= ? AND first_row_id + row_count > ?))
                """)
            arguments += [table, rowId, table, rowId, rowId]
        } else {
            if let table { conditions.append("(table_name = ? OR id IN (SELECT entry_id FROM audit_bulk WHERE table_name = ?))"); arguments += [table, table] }
            if let rowId { conditions.append("row_id = ?"); arguments += [rowId] }
        }
        if let username { conditions.append("username = ?"); arguments += [username] }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try dbWriter.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, at, username, action, table_name, row_id, before, after FROM audit_log
                \(whereSQL) ORDER BY id DESC LIMIT ?
                """, arguments: arguments + [limit]).map(Self.entry)
        }
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row["id"], at: row["at"], username: row["username"], action: row["action"],
                   table: row["table_name"], rowId: row["row_id"], before: row["before"], after: row["after"])
    }

    /// The hash of the newest entry: printed on archive volumes so a reprint can be compared.
    public func auditHeadHash() throws -> String? {
        try dbWriter.read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") }
    }

    /// Checks SQLite's integrity, the hash chain, and that every audited row is
    /// in the state its last entry recorded.
    public func verify() throws -> VerifyReport {
        try dbWriter.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            var report = VerifyReport(entries: 0, integrity: integrity, firstBrokenEntry: nil, rowsOutOfStep: [],
                                      missingTriggers: [])
            // The chain.
            var prev = ""
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT id, at, username, action, table_name, row_id, before, after, row_hash, prev_hash, hash
                FROM audit_log ORDER BY id
                """)
            while let row = try cursor.next() {
                report.entries += 1
                let expected = Audit.entryHash(prev: prev, at: row["at"], username: row["username"],
                                               action: row["action"], table: row["table_name"], rowId: row["row_id"],
                                               before: row["before"], after: row["after"], rowHash: row["row_hash"])
                let stored: String = row["hash"]
                let storedPrev: String = row["prev_hash"]
                if report.firstBrokenEntry == nil && (stored != expected || storedPrev != prev) {
                    report.firstBrokenEntry = Self.entry(row)
                }
                prev = stored
            }
            // The manifests of bulk entries: each against its entry's digest.
            var byEntry: [Int64: [Audit.ManifestLine]] = [:]
            for m in try Audit.manifestLines(db) { byEntry[m.entryId, default: []].append(m.line) }
            for (entryId, manifests) in byEntry.sorted(by: { $0.key < $1.key }) {
                let stored = try Row.fetchOne(db, sql: "SELECT id, at, username, action, table_name, row_id, before, after, row_hash FROM audit_log WHERE id = ?",
                                              arguments: [entryId])
                let intact = manifests.allSatisfy(\.intact)
                if stored == nil || !intact || (stored?["row_hash"] as String?) != Audit.manifestDigest(manifests) {
                    report.rowsOutOfStep.append(RowOutOfStep(table: "audit_bulk", rowId: entryId, problem: .manifestChanged))
                }
            }
            report.rowsOutOfStep += try Audit.rowsOutOfStep(db)
            for table in try Audit.auditedTables(db) {
                for action in ["insert", "update", "delete"] {
                    let name = "audit_\(table)_\(action)"
                    if try !db.triggerExists(name) { report.missingTriggers.append(name) }
                }
            }
            report.rowsOutOfStep.sort()
            return report
        }
    }

    /// Shows a person's full ID number on a masked screen: needs a stated
    /// reason, and is recorded in the audit log (who looked at whose number, when, why).
    public func revealIdNumber(personId: Int64, reason: String) throws -> String {
        try revealNumber(table: "person", column: "id_number", rowId: personId, reason: reason)
    }

    /// Shows a household's full phone number on a masked screen, recorded like `revealIdNumber`.
    public func revealPhone(householdId: Int64, reason: String) throws -> String {
        try revealNumber(table: "household", column: "phone", rowId: householdId, reason: reason)
    }

    private func revealNumber(table: String, column: String, rowId: Int64, reason: String) throws -> String {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard may(.fullNumbers) || may(.revealNumbers) else { throw StoreError.refused(Self.notAllowed) }
        guard !reason.isEmpty else {
            throw StoreError.invalid([FieldError(field: "reason", message: Localized("请说明查看完整号码的原因", "State why you need the full number"))])
        }
        return try dbWriter.write { db in
            guard let value = try String.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE rowid = ?",
                                                  arguments: [rowId]) else { throw StoreError.notFound }
            let note = try String.fetchOne(db, sql: "SELECT json_object('field', ?, 'reason', ?)",
                                           arguments: [column, reason]) ?? ""
            try db.execute(sql: Audit.appendSQL(values: """
                SELECT \(Audit.now) AS at, cx_user() AS username, 'reveal' AS action, ? AS table_name,
                       ? AS row_id, NULL AS before, ? AS after, NULL AS row_hash
                """), arguments: [table, rowId, note])
            return value
        }
    }

    /// Records that a list left the system with whole ID and phone numbers: which list (its
    /// screen file, e.g. `household_list`), the file and how many rows. Only a role that sees
    /// full numbers may export them; an export with masked numbers is not recorded.
    public func recordFullNumberExport(list: String, file: String, rows: Int) throws {
        try require(.fullNumbers)
        try dbWriter.write { db in
            let note = try String.fetchOne(db, sql: "SELECT json_object('list', ?, 'file', ?, 'rows', ?, 'numbers', 'full')",
                                           arguments: [list, file, rows]) ?? ""
            try appendAuditEvent(db, action: "export", note: note)
        }
    }

    /// Appends an entry that is not a row change (sign-in, backup, restore …).
    func appendAuditEvent(_ db: Database, action: String, note: String) throws {
        try db.execute(sql: Audit.appendSQL(values: """
            SELECT \(Audit.now) AS at, cx_user() AS username, ? AS action, '' AS table_name,
                   NULL AS row_id, NULL AS before, ? AS after, NULL AS row_hash
            """), arguments: [action, note])
    }
}

extension AppDatabase {
    /// How the audit log names the row a reference column points at: a household
    /// by its number and head (「0101 曾海强」), anything with a name by its name,
    /// an agreement by its group and version. Nil when the column is not a
    /// reference, the row is gone, or it has nothing to be named by.
    public func referenceLabel(table: String, column: String, id: Int64) throws -> String? {
        try require(.readAudit)
        return try dbWriter.read { db in
            guard try Audit.auditedTables(db).contains(table),
                  let target = try Row.fetchAll(db, sql: "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)",
                                                arguments: [table])
                    .first(where: { ($0["from"] as String) == column })?["table"] as String? else { return nil }
            switch target {
            case "household":
                return try String.fetchOne(db, sql: """
                    SELECT h.number || IFNULL(' ' || p.name, '') FROM household h
                    LEFT JOIN person p ON p.id = h.head_person_id WHERE h.id = ?
                    """, arguments: [id])
            case "agreement":
                return try String.fetchOne(db, sql: """
                    SELECT g.name || ' v' || a.version FROM agreement a JOIN honesty_group g ON g.id = a.group_id WHERE a.id = ?
                    """, arguments: [id])
            default:
                let columns = try db.columns(in: target).map(\.name)
                guard let named = ["name", "title", "number", "code"].first(where: columns.contains) else { return nil }
                return try String.fetchOne(db, sql: "SELECT \"\(named)\" FROM \"\(target)\" WHERE id = ?", arguments: [id])
            }
        }
    }
}
