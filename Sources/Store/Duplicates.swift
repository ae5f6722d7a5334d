import Domain
import GRDB

/// Two current persons of one village who may be the same person, and why.
public struct DuplicatePair: Hashable, Sendable {
    /// The older record (the lower id) first.
    public var first: PersonRow
    public var second: PersonRow
    public var reasons: [DuplicateReason]

    public init(first: PersonRow, second: PersonRow, reasons: [DuplicateReason]) {
        self.first = first
        self.second = second
        self.reasons = reasons
    }
}

/// An existing person a new roster row may be (the import's check), and why.
public struct DuplicateCandidate: Hashable, Sendable {
    public var person: PersonRow
    public var reasons: [DuplicateReason]
}

// MARK: - Finding duplicates

extension AppDatabase {
    /// The tables of migration v10. Registered once; never edit it after release, add a migration instead.
    static func registerDuplicateSchema(_ db: Database) throws {
        try db.execute(sql: """
            -- Two persons a clerk said are different people: the pair is never offered
            -- again. Plain ids, not foreign keys: a mark must not keep either person from
            -- being deleted or an import from being undone, and ids are never reused
            -- (AUTOINCREMENT), so a mark naming a removed person is inert.
            CREATE TABLE person_not_duplicate (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                person_id INTEGER NOT NULL,
                other_person_id INTEGER NOT NULL,
                CHECK (person_id < other_person_id)
            );
            CREATE UNIQUE INDEX person_not_duplicate_on_pair ON person_not_duplicate(person_id, other_person_id);

            -- A person merged into another. The merged person's row is deleted; its full
            -- row (ID number unmasked) is kept in merged_image and the kept person's row
            -- from before in kept_image, both left out of the audit log's text.
            -- moved_refs lists every reference the merge moved, [[table, column, rowid], …];
            -- kept_changes the columns of the kept person it filled or changed.
            CREATE TABLE person_merge (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kept_person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                merged_person_id INTEGER NOT NULL,
                merged_name TEXT NOT NULL,
                merged_household_number TEXT NOT NULL,
                merged_on TEXT NOT NULL,
                merged_by TEXT NOT NULL,
                merged_image TEXT NOT NULL,
                kept_image TEXT NOT NULL,
                moved_refs TEXT NOT NULL,
                kept_changes TEXT NOT NULL DEFAULT '',
                undone_on TEXT,
                undone_by TEXT
            );
            CREATE INDEX person_merge_on_kept ON person_merge(kept_person_id);
            CREATE INDEX person_merge_on_merged ON person_merge(merged_person_id);

            -- The duplicate scan groups persons by name and birth date, and by pinyin and
            -- birth year, through these indexes; they replace the ones on the name and the
            -- pinyin alone, which they serve as well (one index each, as before).
            DROP INDEX person_on_name;
            CREATE INDEX person_on_name_birth ON person(name, birth_date);
            DROP INDEX person_on_name_pinyin;
            CREATE INDEX person_on_pinyin_birth ON person(name_pinyin, birth_date);
            """)
    }

    /// Candidate pairs among the current persons of village `villageId` (every village's
    /// own pairs when nil): the same ID number, the same name and birth date, or names
    /// equal in pinyin with the same birth year. A pair marked "not a duplicate" is left out.
    /// Ordered by the first person's household number. ID numbers as the role may see them.
    public func duplicatePairs(villageId: Int64?) throws -> [DuplicatePair] {
        let (sql, arguments) = Self.duplicateScanQuery(villageId: villageId)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                var first = Self.personRow(row, prefix: "a_"), second = Self.personRow(row, prefix: "b_")
                first.idNumber = shownIdNumber(first.idNumber)
                second.idNumber = shownIdNumber(second.idNumber)
                return DuplicatePair(first: first, second: second, reasons: DuplicateReason.reasons(row["reasons"]))
            }
        }
    }

    /// The duplicate scan as one statement: for each reason, the keys that more than one
    /// person has (GROUP BY over the indexes on ID number, name and birth date, pinyin
    /// and birth date), then the pairs of current persons of one village holding each key,
    /// through the same indexes. No pair of persons is compared in Swift.
    package static func duplicateScanQuery(villageId: Int64?) -> (String, StatementArguments) {
        var arguments: StatementArguments = []
        /// The persons whose keys are counted: the village's, or everyone.
        func scope() -> String {
            guard let villageId else { return "FROM person p" }
            arguments += [villageId]
            return "FROM person p JOIN household hk ON hk.id = p.household_id AND hk.village_id = ?"
        }
        func arm(_ reason: DuplicateReason, keys: String, match: (String) -> String, also: String = "") -> String {
            let keySQL = keys.replacingOccurrences(of: "{scope}", with: scope())
            var village = ""
            if let villageId {
                village = " AND ha.village_id = ?"
                arguments += [villageId]
            }
            return """
                SELECT a.id AS a, b.id AS b, \(reason.bit) AS r
                FROM (\(keySQL)) k
                JOIN person a ON \(match("a")) JOIN household ha ON ha.id = a.household_id\(village)
                JOIN person b ON \(match("b")) AND b.id > a.id\(also)
                JOIN household hb ON hb.id = b.household_id AND hb.village_id = ha.village_id
                WHERE a.left_on IS NULL AND b.left_on IS NULL
                """
        }
        let arms = [
            arm(.sameIdNumber,
                keys: "SELECT p.id_number AS idn {scope} WHERE p.id_number <> '' GROUP BY 1 HAVING COUNT(*) > 1",
                match: { "\($0).id_number = k.idn" }),
            arm(.sameNameAndBirthDate,
                keys: "SELECT p.name AS name, p.birth_date AS born {scope} WHERE p.birth_date IS NOT NULL GROUP BY 1, 2 HAVING COUNT(*) > 1",
                match: { "\($0).name = k.name AND \($0).birth_date = k.born" }),
            arm(.samePinyinAndBirthYear,
                keys: """
                    SELECT p.name_pinyin AS py, substr(p.birth_date, 1, 4) AS y {scope}
                    WHERE p.name_pinyin <> '' AND p.birth_date IS NOT NULL GROUP BY 1, 2 HAVING COUNT(*) > 1
                    """,
                match: { "\($0).name_pinyin = k.py AND \($0).birth_date BETWEEN k.y || '-01-01' AND k.y || '-12-31'" },
                also: " AND (b.name <> a.name OR b.birth_date <> a.birth_date)"),
        ]
        let sql = """
            SELECT d.reasons, \(pairColumns("a")), \(pairColumns("b"))
            FROM (SELECT x.a, x.b, SUM(x.r) AS reasons
                  FROM (\(arms.joined(separator: "\nUNION ALL\n"))) x
                  WHERE NOT EXISTS (SELECT 1 FROM person_not_duplicate n WHERE n.person_id = x.a AND n.other_person_id = x.b)
                  GROUP BY x.a, x.b) d
            JOIN person pa ON pa.id = d.a JOIN household ha ON ha.id = pa.household_id
            JOIN person pb ON pb.id = d.b JOIN household hb ON hb.id = pb.household_id
            ORDER BY ha.number, pa.id, pb.id
            """
        return (sql, arguments)
    }

    /// The columns of `personRow(_:prefix:)` for person alias p<side>, household h<side>.
    static func pairColumns(_ side: String) -> String {
        ["id", "household_id", "name", "sex", "id_number", "birth_date", "relation"]
            .map { "p\(side).\($0) AS \(side)_\($0)" }.joined(separator: ", ") + ", h\(side).number AS \(side)_number"
    }

    /// A person's row from columns named with `prefix` (id, household_id, number, name …).
    static func personRow(_ row: Row, prefix p: String) -> PersonRow {
        let birth: String? = row[p + "birth_date"]
        return PersonRow(id: row[p + "id"], householdId: row[p + "household_id"], householdNumber: row[p + "number"],
                         name: row[p + "name"], sex: Sex(rawValue: row[p + "sex"]) ?? .male, idNumber: row[p + "id_number"],
                         birthDate: birth.flatMap(LocalDate.init), relation: Relation(rawValue: row[p + "relation"]) ?? .other)
    }

    // MARK: A new row against the village (the roster import's check)

    /// The current persons of village `villageId` a new row (name, birth date, ID number)
    /// may be, with the reasons, by id; `excluding` the person the row was matched to.
    /// For the roster import: it can flag such a row before writing it.
    public func duplicateCandidates(name: String, birthDate: LocalDate?, idNumber: String, villageId: Int64,
                                    excluding: Int64? = nil) throws -> [DuplicateCandidate] {
        try read { db in
            try Self.duplicateCandidates(db, name: name, birthDate: birthDate, idNumber: idNumber, villageId: villageId,
                                         excluding: excluding).map { c in
                var c = c
                c.person.idNumber = shownIdNumber(c.person.idNumber)
                return c
            }
        }
    }

    /// The same inside a transaction the caller holds (an import's), ID numbers unmasked.
    /// Three index lookups: ID number, name and birth date, pinyin and birth year; the
    /// statement is prepared once per connection.
    package static func duplicateCandidates(_ db: Database, name: String, birthDate: LocalDate?, idNumber: String,
                                            villageId: Int64, excluding: Int64? = nil) throws -> [DuplicateCandidate] {
        let name = Validation.normalizeName(name), idNumber = IDNumber.normalize(idNumber)
        var arms: [String] = []
        var arguments: StatementArguments = []
        if !idNumber.isEmpty {
            arms.append("SELECT id, \(DuplicateReason.sameIdNumber.bit) AS r FROM person WHERE id_number = ?")
            arguments += [idNumber]
        }
        if !name.isEmpty, let birthDate {
            let born = birthDate.description, year = String(born.prefix(4))
            arms.append("SELECT id, \(DuplicateReason.sameNameAndBirthDate.bit) AS r FROM person WHERE name = ? AND birth_date = ?")
            arms.append("""
                SELECT id, \(DuplicateReason.samePinyinAndBirthYear.bit) AS r FROM person
                WHERE name_pinyin = ? AND birth_date BETWEEN ? AND ? AND (name <> ? OR birth_date <> ?)
                """)
            arguments += [name, born, PinyinCache.shared.spell(name).full, year + "-01-01", year + "-12-31", name, born]
        }
        if arms.isEmpty { return [] }
        let sql = """
            SELECT d.reasons, \(pairColumns("a"))
            FROM (SELECT x.id, SUM(x.r) AS reasons FROM (\(arms.joined(separator: " UNION ALL "))) x GROUP BY x.id) d
            JOIN person pa ON pa.id = d.id JOIN household ha ON ha.id = pa.household_id
            WHERE ha.village_id = ? AND pa.left_on IS NULL AND pa.id IS NOT ?
            ORDER BY pa.id
            """
        // Cached: an import asks once a row, with one of four texts.
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments + [villageId, excluding]).map { row in
            DuplicateCandidate(person: personRow(row, prefix: "a_"), reasons: DuplicateReason.reasons(row["reasons"]))
        }
    }

    // MARK: "Not a duplicate"

    /// Records that persons `a` and `b` are two different people, so the pair is never
    /// offered as a duplicate again. Marking a pair already marked changes nothing.
    public func markNotDuplicate(_ a: Int64, _ b: Int64) throws {
        try write { db in
            let (low, high) = try Self.pairToMark(db, a, b)
            try db.execute(sql: "INSERT OR IGNORE INTO person_not_duplicate(person_id, other_person_id) VALUES (?, ?)",
                           arguments: [low, high])
        }
    }

    /// Takes back `markNotDuplicate`: the pair may be offered again.
    public func unmarkNotDuplicate(_ a: Int64, _ b: Int64) throws {
        try write { db in
            let (low, high) = (min(a, b), max(a, b))
            try db.execute(sql: "DELETE FROM person_not_duplicate WHERE person_id = ? AND other_person_id = ?",
                           arguments: [low, high])
            if db.changesCount == 0 {
                throw StoreError.refused(Localized("#\(low) 与 #\(high) 没有标记为不是重复",
                                                   "#\(low) and #\(high) are not marked as not duplicates"))
            }
        }
    }

    /// Whether `a` and `b` are marked as two different people.
    public func isMarkedNotDuplicate(_ a: Int64, _ b: Int64) throws -> Bool {
        try read { db in try Self.markedNotDuplicate(db, a, b) }
    }

    static func markedNotDuplicate(_ db: Database, _ a: Int64, _ b: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person_not_duplicate WHERE person_id = ? AND other_person_id = ?)",
                          arguments: [min(a, b), max(a, b)]) ?? false
    }

    /// Both persons exist, in one village, and are two records.
    private static func pairToMark(_ db: Database, _ a: Int64, _ b: Int64) throws -> (Int64, Int64) {
        if a == b {
            throw StoreError.refused(Localized("两个编号相同（#\(a)），请给出两个不同的人员", "Both are #\(a): give two different persons"))
        }
        let villages = try Row.fetchAll(db, sql: """
            SELECT p.id, h.village_id FROM person p JOIN household h ON h.id = p.household_id WHERE p.id IN (?, ?)
            """, arguments: [a, b])
        for id in [a, b] where !villages.contains(where: { ($0["id"] as Int64) == id }) {
            throw StoreError.refused(noSuchPerson(id))
        }
        if Set(villages.map { $0["village_id"] as Int64 }).count > 1 {
            throw StoreError.refused(Localized("#\(a) 与 #\(b) 不在同一个村", "#\(a) and #\(b) are not in the same village"))
        }
        return (min(a, b), max(a, b))
    }

    static func noSuchPerson(_ id: Int64) -> Localized {
        Localized("没有编号为 #\(id) 的人员", "There is no person #\(id)")
    }
}
