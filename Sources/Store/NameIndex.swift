import GRDB

/// The characters of every person's name, for finding names that contain
/// what was typed without reading all persons.
///
/// `name LIKE '%欧阳%'` cannot use an index, and over a county's 600,000
/// persons a scan takes longer than a keystroke may. Each person's name is
/// kept here split into its characters (lowercased like LIKE compares
/// ASCII), so a search looks up the persons whose name holds the first
/// typed character and checks the full condition on those only. Since v8 it
/// also holds each pair of neighbouring characters (王秀 of 王秀英), so two
/// typed characters find the few names holding both side by side instead of
/// every name holding the commoner one. Triggers on `person` keep it in step;
/// it is derived data, so it is not audited.
extension AppDatabase {
    /// The rows of person `row` (a table alias, NEW or OLD) for the index: each
    /// character, and with `pairs` each two neighbouring characters. json_each
    /// walks an array of length(name) zeros (a 64-row VALUES list cost a county
    /// import 20 µs a person). `filter` restricts the persons (a WHERE condition);
    /// without `withId` only the `ch` column is selected.
    static func nameIndexRows(_ row: String, pairs: Bool, from: String = "", filter: String = "",
                              withId: Bool = true) -> String {
        let widths = pairs ? "(SELECT 1 AS n UNION ALL SELECT 2)" : "(SELECT 1 AS n)"
        return """
            SELECT lower(substr(\(row).name, j.key + 1, w.n))\(withId ? ", \(row).id" : "")
            FROM \(from)json_each('[' || rtrim(replace(hex(zeroblob(length(\(row).name))), '00', '0,'), ',') || ']') AS j, \(widths) AS w
            WHERE j.key + w.n <= length(\(row).name)\(filter.isEmpty ? "" : " AND (\(filter))")
            """
    }

    /// v8: the index becomes one b-tree keyed on (ch, person_id) (WITHOUT ROWID:
    /// a rowid table with two indexes wrote three b-trees per row), rows are
    /// removed by the old name's own rows (so no index on person_id is needed),
    /// and pairs of neighbouring characters join the characters.
    static func addNamePairsToIndex(_ db: Database) throws {
        let oldRows = nameIndexRows("OLD", pairs: true, withId: false)
        try db.execute(sql: """
            DROP TRIGGER person_name_char_on_insert;
            DROP TRIGGER person_name_char_on_rename;
            DROP TRIGGER person_name_char_on_delete;
            DROP TABLE person_name_char;
            CREATE TABLE person_name_char (
                ch TEXT NOT NULL,
                person_id INTEGER NOT NULL,
                PRIMARY KEY (ch, person_id)
            ) WITHOUT ROWID;
            CREATE TRIGGER person_name_char_on_insert AFTER INSERT ON person BEGIN
                INSERT OR IGNORE INTO person_name_char(ch, person_id) \(nameIndexRows("NEW", pairs: true));
            END;
            CREATE TRIGGER person_name_char_on_rename AFTER UPDATE OF name ON person BEGIN
                DELETE FROM person_name_char WHERE person_id = OLD.id AND ch IN (\(oldRows));
                INSERT OR IGNORE INTO person_name_char(ch, person_id) \(nameIndexRows("NEW", pairs: true));
            END;
            CREATE TRIGGER person_name_char_on_delete AFTER DELETE ON person BEGIN
                DELETE FROM person_name_char WHERE person_id = OLD.id AND ch IN (\(oldRows));
            END;
            INSERT OR IGNORE INTO person_name_char(ch, person_id)
                \(nameIndexRows("p", pairs: true, from: "person p, ")) ORDER BY 1, 2;
            """)
    }

    /// v6, as it was: one row per character.
    static func registerNameCharacterIndex(_ db: Database) throws {
        // One row per character of the name: json_each walks an array of
        // length(name) zeros (a 64-row VALUES list cost a county import 20 µs a person).
        func fill(_ row: String) -> String {
            """
            INSERT OR IGNORE INTO person_name_char(ch, person_id)
                SELECT lower(substr(\(row).name, j.key + 1, 1)), \(row).id
                FROM json_each('[' || rtrim(replace(hex(zeroblob(length(\(row).name))), '00', '0,'), ',') || ']') AS j;
            """
        }
        try db.execute(sql: """
            -- A rowid table (not WITHOUT ROWID), so backups and dumps can walk it in rowid order.
            CREATE TABLE person_name_char (
                ch TEXT NOT NULL,
                person_id INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX person_name_char_on_ch ON person_name_char(ch, person_id);
            CREATE INDEX person_name_char_on_person ON person_name_char(person_id);
            CREATE TRIGGER person_name_char_on_insert AFTER INSERT ON person BEGIN
                \(fill("NEW"))
            END;
            CREATE TRIGGER person_name_char_on_rename AFTER UPDATE OF name ON person BEGIN
                DELETE FROM person_name_char WHERE person_id = OLD.id;
                \(fill("NEW"))
            END;
            CREATE TRIGGER person_name_char_on_delete AFTER DELETE ON person BEGIN
                DELETE FROM person_name_char WHERE person_id = OLD.id;
            END;
            INSERT OR IGNORE INTO person_name_char(ch, person_id)
                SELECT lower(substr(p.name, j.key + 1, 1)), p.id
                FROM person p, json_each('[' || rtrim(replace(hex(zeroblob(length(p.name))), '00', '0,'), ',') || ']') AS j;
            """)
    }
}
