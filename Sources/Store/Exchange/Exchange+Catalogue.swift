import Domain
import Foundation
import GRDB

/// The office's catalogue sent down: its county and township policies and its agreement
/// templates. A village takes a policy by its code (new ones added, changed ones updated, its
/// own village-level ones untouched) and a template revision by name and version (added once,
/// never rewritten, never made the village's default by the township).
struct Catalogue {
    var policies: [Row]
    var templates: [Row]
}

extension AppDatabase {
    /// The catalogue as an SQLite file of two tables.
    func writeCatalogue(into path: String) throws -> String {
        try dbWriter.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS cat", arguments: [path])
            defer { try? db.execute(sql: "DETACH DATABASE cat") }
            try db.execute(sql: "CREATE TABLE cat.policy AS SELECT * FROM main.policy WHERE level IN ('county', 'township') ORDER BY id")
            try db.execute(sql: "CREATE TABLE cat.agreement_template AS SELECT * FROM main.agreement_template ORDER BY id")
        }
        return path
    }

    static func readCatalogue(_ path: String) throws -> Catalogue {
        var config = Configuration()
        config.readonly = true
        let q = try DatabaseQueue(path: path, configuration: config)
        defer { try? q.close() }
        return try q.read { db in
            guard try db.tableExists("policy"), try db.tableExists("agreement_template") else {
                throw StoreError.refused(Envelope.damaged)
            }
            return Catalogue(policies: try Row.fetchAll(db, sql: "SELECT * FROM policy ORDER BY id"),
                             templates: try Row.fetchAll(db, sql: "SELECT * FROM agreement_template ORDER BY id"))
        }
    }

    /// Applies the catalogue; returns how many policies and templates it added or changed.
    static func applyCatalogue(_ db: Database, _ catalogue: Catalogue) throws -> Int {
        var changed = 0
        let policyColumns = Set(try Audit.columns(db, "policy")).subtracting(["id"])
        for row in catalogue.policies {
            guard let code = row["code"] as String?, let level = row["level"] as String?, level != "village" else { continue }
            let cols = row.columnNames.filter(policyColumns.contains)
            let values = cols.map { row[$0] as DatabaseValue }
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM policy WHERE code = ?", arguments: [code]) {
                let differs = cols.contains { existing[$0] as DatabaseValue != row[$0] as DatabaseValue }
                guard differs, existing["level"] as String? != "village" else { continue }
                try db.execute(sql: "UPDATE policy SET " + cols.map { "\"\($0)\" = ?" }.joined(separator: ", ") + " WHERE code = ?",
                               arguments: StatementArguments(values + [code.databaseValue]))
            } else {
                try db.execute(sql: "INSERT INTO policy(" + cols.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES ("
                                   + cols.map { _ in "?" }.joined(separator: ", ") + ")",
                               arguments: StatementArguments(values))
            }
            changed += 1
        }
        let templateColumns = Set(try Audit.columns(db, "agreement_template")).subtracting(["id", "meeting_id", "is_default"])
        for row in catalogue.templates {
            let cols = row.columnNames.filter(templateColumns.contains)
            guard cols.contains("name"), cols.contains("version") else { continue }
            try db.execute(sql: "INSERT OR IGNORE INTO agreement_template(" + cols.map { "\"\($0)\"" }.joined(separator: ", ")
                               + ") VALUES (" + cols.map { _ in "?" }.joined(separator: ", ") + ")",
                           arguments: StatementArguments(cols.map { row[$0] as DatabaseValue }))
            changed += db.changesCount
        }
        return changed
    }
}
