import Foundation
import GRDB
import Store

/// The SQL some reads run, with their arguments written in as literals, so the
/// benchmark can time the sqlite3 shell on exactly the same statements.
extension AppDatabase {
    /// Writes each `?` of `sql` as the SQL literal of its argument (quoted by SQLite itself).
    func inlined(_ sql: String, _ arguments: StatementArguments) throws -> String {
        let marks = sql.filter { $0 == "?" }.count
        if marks == 0 { return sql }
        let literals = try dbWriter.read { db -> [String] in
            let quote = "SELECT " + Array(repeating: "quote(?)", count: marks).joined(separator: ", ")
            guard let row = try Row.fetchOne(db, sql: quote, arguments: arguments) else { return [] }
            return (0..<marks).map { row[$0] as String }
        }
        var out = ""
        var next = 0
        for ch in sql {
            if ch == "?" && next < literals.count {
                out += literals[next]
                next += 1
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// What the person search runs per keystroke, statement by statement: the count
    /// (stopping above `countLimit`) and the first page of `limit` rows (`personSearch`).
    public func personSearchSQL(filter: String, limit: Int, countLimit: Int) throws -> [String] {
        var statements: [(String, StatementArguments)] = []
        try read { db in
            let search = SearchText(filter)
            _ = try Self.personSearch(db, search: search, atMost: countLimit, firstRows: limit) { statements.append(($0, $1)) }
        }
        return try statements.map { try inlined($0.0, $0.1) }
    }

    /// What a 社's household roster runs: the count, then `limit` rows in number order.
    public func householdRosterSQL(villageGroupId: Int64, limit: Int) throws -> [String] {
        let (whereSQL, arguments) = Self.householdWhere(filter: "", villageGroupId: villageGroupId)
        let (rows, rowArguments) = Self.householdRowsQuery(filter: "", villageGroupId: villageGroupId, sort: .number,
                                                           ascending: true, offset: 0, limit: limit)
        return [try inlined("SELECT COUNT(*) FROM household h LEFT JOIN person head ON head.id = h.head_person_id \(whereSQL)",
                            arguments),
                try inlined(rows, rowArguments)]
    }

    /// The rows an honesty group's archive volume is made of: its members with
    /// their households and persons, elections and the agreement's signatures.
    public static func groupArchiveSQL(groupId: Int64) -> [String] {
        [
            "SELECT * FROM group_member m JOIN household h ON h.id = m.household_id WHERE m.group_id = \(groupId) ORDER BY h.number",
            """
            SELECT p.* FROM group_member m JOIN person p ON p.household_id = m.household_id
            WHERE m.group_id = \(groupId) AND p.left_on IS NULL ORDER BY p.household_id, p.id
            """,
            "SELECT e.*, c.* FROM election e LEFT JOIN election_candidate c ON c.election_id = e.id WHERE e.group_id = \(groupId)",
            """
            SELECT a.*, s.* FROM agreement a LEFT JOIN signature s ON s.agreement_id = a.id
            WHERE a.group_id = \(groupId) ORDER BY a.version DESC, s.id
            """,
        ]
    }

    /// The sqlite3 shell's side of the import: a copy of the fresh village
    /// (`template`) without the audit triggers (they call functions only the app
    /// has), the file loaded into a staging table with `.import`, and each line
    /// inserted as a head and a household into the real tables with all their
    /// indexes and the name-index trigger. No checks, no audit: the floor for
    /// the same rows in the same tables. Returns the script to run on `path`.
    /// A copy of `template` at `path` and the statements that drop its audit triggers
    /// (they call functions only the app has): the start of a sqlite3 shell baseline.
    static func sqliteScriptStart(template: String, into path: String) throws -> String {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: template, toPath: path)
        let drops = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'")
        }
        return drops.joined(separator: "\n")
    }

    public static func sqliteImportScript(template: String, into path: String, csvPath: String) throws -> String {
        try sqliteScriptStart(template: template, into: path) + """

            PRAGMA synchronous = FULL;
            CREATE TABLE bench_roster(number TEXT, she TEXT, address TEXT, name TEXT, sex TEXT, id_number TEXT, phone TEXT);
            .import --csv --skip 1 '\(csvPath)' bench_roster
            BEGIN;
            INSERT INTO person(id, household_id, name, sex, id_number, birth_date, relation, marital_status, phone)
              SELECT rowid, rowid, name, CASE sex WHEN '男' THEN 'male' ELSE 'female' END, id_number,
                     substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-' || substr(id_number, 13, 2),
                     'head', 'unmarried', ''
              FROM bench_roster;
            INSERT INTO household(id, village_id, village_group_id, number, address, head_person_id, phone, member_count)
              SELECT r.rowid, 1, g.id, r.number, r.address, r.rowid, r.phone, 1
              FROM bench_roster r JOIN village_group g ON g.name = r.she;
            DROP TABLE bench_roster;
            COMMIT;
            """
    }

}
