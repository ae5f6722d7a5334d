import Domain
import Foundation
import GRDB

/// Builds and applies the part of a package that holds one village's records.
///
/// A full part is the village's database, copied page by page with SQLite's online backup (so
/// every rowid is kept), its private keys, its copy bookkeeping and its unsaved forms removed.
/// An incremental part is a small SQLite file: the audit entries after the base (`cx_entry`,
/// `cx_bulk`), the rows those entries touched (`cx_touched`), and for each table a copy of
/// those rows as they are now (`cx_rowid` first, then the table's columns). See DECISIONS 48.
enum PackageParts {
    /// Tables of a part file that are the package's own, not a village table.
    static let ownTables: Set<String> = ["cx_entry", "cx_bulk", "cx_touched"]

    static func build(from source: any DatabaseWriter, village: String, name: String, base: Int64,
                      file: String, scratch: String) throws -> PackagePart {
        let path = scratch + "/" + file
        if base == 0 { return try buildFull(from: source, village: village, name: name, file: file, path: path) }
        return try buildIncremental(from: source, village: village, name: name, base: base, file: file, path: path)
    }

    private static func buildFull(from source: any DatabaseWriter, village: String, name: String,
                                  file: String, path: String) throws -> PackagePart {
        let copy = try DatabaseQueue(path: path)
        try source.backup(to: copy)
        let part = try copy.writeWithoutTransaction { db -> PackagePart in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            try db.inTransaction {
                try db.execute(sql: "DROP TABLE IF EXISTS exchange_secret")
                try db.execute(sql: "DROP TABLE IF EXISTS replica_state")
                try db.execute(sql: "DELETE FROM draft")
                return .commit
            }
            let head = try AppDatabase.auditHead(db)
            return PackagePart(village: village, name: name, full: true, baseEntry: 0, baseHash: "",
                               headEntry: head.entry, headHash: head.hash,
                               migrations: try AppDatabase.appliedMigrations(db), file: file,
                               entries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0)
        }
        try copy.close()
        return part
    }

    private static func buildIncremental(from source: any DatabaseWriter, village: String, name: String, base: Int64,
                                         file: String, path: String) throws -> PackagePart {
        try source.writeWithoutTransaction { db -> PackagePart in
            try db.execute(sql: "ATTACH DATABASE ? AS pkg", arguments: [path])
            defer { try? db.execute(sql: "DETACH DATABASE pkg") }
            var part: PackagePart?
            try db.inTransaction {
                guard let baseHash = try AppDatabase.entryHash(db, id: base) else {
                    throw StoreError.refused(Localized("本村记录中没有上级确认收到的第 \(base) 条日志：审计日志与上级的副本不一致",
                                                       "The village has no audit entry \(base), which the office above acknowledged: the log and its copy disagree"))
                }
                let tables = try Audit.auditedTables(db)
                try db.execute(sql: "PRAGMA pkg.journal_mode = OFF")
                try db.execute(sql: "CREATE TABLE pkg.cx_entry AS SELECT * FROM main.audit_log WHERE id > ? ORDER BY id", arguments: [base])
                try db.execute(sql: "CREATE TABLE pkg.cx_bulk AS SELECT * FROM main.audit_bulk WHERE entry_id > ? ORDER BY id", arguments: [base])
                try db.execute(sql: """
                    CREATE TABLE pkg.cx_touched(table_name TEXT NOT NULL, row_id INTEGER NOT NULL,
                                                PRIMARY KEY (table_name, row_id)) WITHOUT ROWID
                    """)
                let audited = "(" + tables.map { "'\($0)'" }.joined(separator: ",") + ")"
                try db.execute(sql: """
                    INSERT OR IGNORE INTO pkg.cx_touched
                    SELECT table_name, row_id FROM pkg.cx_entry WHERE row_id IS NOT NULL AND table_name IN \(audited)
                    """)
                try db.execute(sql: """
                    WITH RECURSIVE r(t, id, last) AS (
                        SELECT table_name, first_row_id, first_row_id + row_count - 1 FROM pkg.cx_bulk WHERE row_count > 0
                        UNION ALL SELECT t, id + 1, last FROM r WHERE id < last)
                    INSERT OR IGNORE INTO pkg.cx_touched SELECT t, id FROM r WHERE t IN \(audited)
                    """)
                let touched = try String.fetchAll(db, sql: "SELECT DISTINCT table_name FROM pkg.cx_touched")
                for table in touched {
                    try db.execute(sql: """
                        CREATE TABLE pkg."\(table)" AS SELECT rowid AS cx_rowid, * FROM main."\(table)"
                        WHERE rowid IN (SELECT row_id FROM pkg.cx_touched WHERE table_name = ?)
                        """, arguments: [table])
                }
                let head = try AppDatabase.auditHead(db)
                part = PackagePart(village: village, name: name, full: false, baseEntry: base, baseHash: baseHash,
                                   headEntry: head.entry, headHash: head.hash,
                                   migrations: try AppDatabase.appliedMigrations(db), file: file,
                                   entries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pkg.cx_entry") ?? 0)
                return .commit
            }
            return part!
        }
    }

    // MARK: - Checking and applying

    static func broken(_ village: String, _ why: String, _ whyEn: String) -> StoreError {
        .refused(Localized("\(village) 的审计日志链条不连续（\(why)），包未导入，未做任何改动",
                           "The audit chain of \(village) does not continue (\(whyEn)); the package was not imported and nothing was changed"))
    }

    /// Recomputes each entry's hash from `prev` (in SQL, with the triggers' own formula) and
    /// checks each names the one before; returns the last hash, or the first broken id.
    static func checkChain(_ db: Database, table: String, from prev: String) throws -> (last: String, broken: Int64?) {
        let broken = try Int64.fetchOne(db, sql: """
            SELECT id FROM (
                SELECT id, hash, prev_hash, LAG(hash, 1, ?) OVER (ORDER BY id) AS before_hash,
                       cx_sha256(prev_hash || char(10) || at || char(10) || username || char(10) || action || char(10)
                                 || table_name || char(10) || IFNULL(row_id, '') || char(10) || IFNULL(before, '')
                                 || char(10) || IFNULL(after, '') || char(10) || IFNULL(row_hash, '')) AS expected
                FROM \(table))
            WHERE prev_hash <> before_hash OR hash <> expected ORDER BY id LIMIT 1
            """, arguments: [prev])
        if let broken { return (prev, broken) }
        let last = try String.fetchOne(db, sql: "SELECT hash FROM \(table) ORDER BY id DESC LIMIT 1") ?? prev
        return (last, nil)
    }

    /// The SHA-256 function the chain's formula needs, on a connection of the exchange's own.
    static func addHashFunction(_ db: Database) {
        db.add(function: DatabaseFunction("cx_sha256", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).map(Audit.sha256)
        })
    }

    /// Checks a full part file: a whole database of this program's version whose chain holds
    /// together and ends at the head the manifest names, and which continues `replicaHead`.
    static func checkFull(_ path: String, part: PackagePart, replicaHead: (entry: Int64, hash: String)?) throws {
        var config = Configuration()
        config.readonly = true
        config.prepareDatabase { db in addHashFunction(db) }
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path, configuration: config) } catch { throw StoreError.refused(Envelope.damaged) }
        defer { try? queue.close() }
        try checkFull(queue, part: part, replicaHead: replicaHead)
    }

    /// The same checks on an open connection (one that will also write the copy's bookkeeping:
    /// each connection reads the schema, with its many triggers, once).
    static func checkFull(_ queue: DatabaseQueue, part: PackagePart, replicaHead: (entry: Int64, hash: String)?) throws {
        try queue.read { db in
            // The bytes are the sender's (signature and checksum): what is checked here is that
            // its records are whole and continue what the copy holds.
            guard try AppDatabase.appliedMigrations(db) == AppDatabase.migrator.migrations else {
                throw versionMismatch(part.village)
            }
            let chain = try checkChain(db, table: "audit_log", from: "")
            if let id = chain.broken { throw broken(part.village, "第 \(id) 条", "entry \(id)") }
            guard try AppDatabase.auditHead(db) == (part.headEntry, part.headHash) else {
                throw broken(part.village, "末条与清单不符", "its last entry is not the one the manifest names")
            }
            if let replicaHead, replicaHead.entry > 0 {
                guard try AppDatabase.entryHash(db, id: replicaHead.entry) == replicaHead.hash else {
                    throw broken(part.village, "与已收到的第 \(replicaHead.entry) 条不同", "it differs from entry \(replicaHead.entry) already received")
                }
            }
        }
    }

    static func versionMismatch(_ village: String) -> StoreError {
        .refused(Localized("\(village) 的数据库版本与本程序不同：请两边使用同一版本的诚信计生，包未导入",
                           "\(village)'s database is of another program version: use the same Chengxin version on both sides; the package was not imported"))
    }

    /// Applies an incremental part to a copy in one transaction: checks that its entries continue
    /// the copy's chain, replaces the touched rows, appends the entries the copy lacks.
    /// `body` runs in the same transaction (the copy's own bookkeeping).
    static func applyIncremental(_ partPath: String, part: PackagePart, to replica: DatabaseQueue,
                                 body: (Database) throws -> Void) throws {
        try replica.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS pkg", arguments: [partPath])
            defer { try? db.execute(sql: "DETACH DATABASE pkg") }
            try db.inTransaction {
                guard try AppDatabase.appliedMigrations(db) == part.migrations,
                      part.migrations == AppDatabase.migrator.migrations else { throw versionMismatch(part.village) }
                let head = try AppDatabase.auditHead(db)
                guard part.baseEntry <= head.entry else {
                    throw broken(part.village, "缺少第 \(head.entry + 1)–\(part.baseEntry) 条", "entries \(head.entry + 1)–\(part.baseEntry) are missing")
                }
                guard try AppDatabase.entryHash(db, id: part.baseEntry) == part.baseHash else {
                    throw broken(part.village, "第 \(part.baseEntry) 条与已收到的不同", "entry \(part.baseEntry) differs from the one received")
                }
                let chain = try checkChain(db, table: "pkg.cx_entry", from: part.baseHash)
                if let id = chain.broken { throw broken(part.village, "第 \(id) 条", "entry \(id)") }
                let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM pkg.cx_entry ORDER BY id DESC LIMIT 1")
                let pkgHead: (Int64, String) = last.map { ($0[0], $0[1]) } ?? (part.baseEntry, part.baseHash)
                guard pkgHead == (part.headEntry, part.headHash), part.headEntry >= head.entry else {
                    throw broken(part.village, "末条与清单不符", "its last entry is not the one the manifest names")
                }
                // The entries both hold must be the same entries.
                if try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM pkg.cx_entry p JOIN main.audit_log m ON m.id = p.id WHERE m.hash <> p.hash
                    """) ?? 0 > 0 {
                    throw broken(part.village, "与已收到的日志不同", "it differs from the entries already received")
                }
                // Triggers would log the copy's writes as the township's and recount households:
                // the rows arrive as the village wrote them. The name index's triggers stay.
                let triggers = try Row.fetchAll(db, sql: """
                    SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE 'person\\_name\\_char\\_%' ESCAPE '\\'
                    """)
                for t in triggers { try db.execute(sql: "DROP TRIGGER \"\(t["name"] as String)\"") }
                let touched = try String.fetchAll(db, sql: "SELECT DISTINCT table_name FROM pkg.cx_touched")
                let pkgTables = Set(try String.fetchAll(db, sql: "SELECT name FROM pkg.sqlite_master WHERE type = 'table'"))
                let mainTables = Set(try Audit.auditedTables(db))
                for table in touched {
                    guard mainTables.contains(table) else { throw StoreError.refused(Envelope.damaged) }
                    try db.execute(sql: """
                        DELETE FROM main."\(table)" WHERE rowid IN (SELECT row_id FROM pkg.cx_touched WHERE table_name = ?)
                        """, arguments: [table])
                }
                for table in touched where pkgTables.contains(table) {
                    let cols = try Audit.columns(db, table).map { "\"\($0)\"" }.joined(separator: ", ")
                    if try AppDatabase.hasRowidAlias(db, table) {
                        try db.execute(sql: "INSERT INTO main.\"\(table)\"(\(cols)) SELECT \(cols) FROM pkg.\"\(table)\"")
                    } else {
                        try db.execute(sql: "INSERT INTO main.\"\(table)\"(rowid, \(cols)) SELECT cx_rowid, \(cols) FROM pkg.\"\(table)\"")
                    }
                }
                try db.execute(sql: "INSERT INTO main.audit_log SELECT * FROM pkg.cx_entry WHERE id > ?", arguments: [head.entry])
                try db.execute(sql: "INSERT INTO main.audit_bulk SELECT * FROM pkg.cx_bulk WHERE entry_id > ?", arguments: [head.entry])
                for t in triggers { try db.execute(sql: t["sql"] as String) }
                try body(db)
                return .commit
            }
        }
    }
}
