import GRDB
import Domain

// MARK: - Persons

extension AppDatabase {
    /// The current members of a household: head first, then by relation, then oldest first.
    /// Persons who have left are in `formerMembers`.
    public func members(householdId: Int64) throws -> [Person] {
        // The leader of the household's honesty group reads them too (masked numbers).
        try read(household: householdId) { db in
            let headId = try Household.fetchOne(db, key: householdId)?.headPersonId
            let people = try Person.filter(Column("household_id") == householdId && Column("left_on") == nil)
                .order(Column("id")).fetchAll(db)
            let order = Dictionary(uniqueKeysWithValues: Relation.allCases.enumerated().map { ($1, $0) })
            func key(_ p: Person) -> (Int, Int, String, Int64) {
                let isHead = p.id == headId || (headId == nil && p.relation == .head)
                return (isHead ? 0 : 1, order[p.relation] ?? 99, p.birthDate?.description ?? "9999", p.id ?? 0)
            }
            return people.sorted { key($0) < key($1) }.map(shown)
        }
    }

    /// Persons who have left the household, most recent first.
    public func formerMembers(householdId: Int64) throws -> [Person] {
        try read { db in
            try Person.filter(Column("household_id") == householdId && Column("left_on") != nil)
                .order(Column("left_on").desc, Column("id").desc).fetchAll(db).map(shown)
        }
    }

    /// A person leaves the household (moved away, died …) on `date` for `reason`.
    /// The row stays, flagged, as history. A head cannot leave until another member
    /// is made head. Groups, agreements and signatures follow the household, not the person.
    public func personLeaves(personId: Int64, on date: LocalDate, reason: String) throws {
        let reason = reason.trimmed
        try write { db in
            guard var person = try Person.fetchOne(db, key: personId) else { throw StoreError.notFound }
            if let left = person.leftOn {
                throw StoreError.refused(Localized("\(person.name)已于\(left)离开本户",
                                                   "\(person.name) already left the household on \(left)"))
            }
            if try Household.filter(Column("head_person_id") == personId).fetchCount(db) > 0 || person.relation == .head {
                throw StoreError.refused(Localized("\(person.name)是户主，请先更换户主再办理离户",
                    "\(person.name) heads the household; choose another head before they leave"))
            }
            var errors: [FieldError] = []
            if reason.isEmpty {
                errors.append(FieldError(field: "leftReason", message: Localized(
                    "请填写离户原因（迁出、死亡等）", "A reason is required (moved away, died …)")))
            } else if reason.count > 60 {
                errors.append(FieldError(field: "leftReason", message: Localized("原因最多60个字", "At most 60 characters")))
            }
            if let born = person.birthDate, date < born {
                errors.append(FieldError(field: "leftOn", message: Localized(
                    "离户日期不能早于出生日期（\(born)）", "The date cannot be before the birth date (\(born))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            person.leftOn = date
            person.leftReason = reason
            try person.update(db)
        }
    }

    public func person(id: Int64) throws -> Person? {
        try read { db in try Person.fetchOne(db, key: id).map(shown) }
    }

    /// Validates and inserts or updates a person.
    ///
    /// An empty birth date is taken from a valid ID number. The ID must be free
    /// in the village; a household has one head, and the head stays head until
    /// `changeHead` names another.
    @discardableResult
    public func savePerson(_ p: Person) throws -> Person {
        var person = Self.normalized(p)
        var errors = Validation.validate(person)
        return try write { db in
            var stored: Person?
            if let id = person.id {
                guard let found = try Person.fetchOne(db, key: id) else { throw StoreError.notFound }
                stored = found
            }
            // Leaving is recorded by personLeaves only.
            person.leftOn = stored?.leftOn
            person.leftReason = stored?.leftReason ?? ""
            guard let household = try Household.fetchOne(db, key: person.householdId) else {
                throw StoreError.invalid([FieldError(field: "householdId",
                    message: Localized("所属户不存在", "The household does not exist"))])
            }
            if !person.idNumber.isEmpty,
               let taken = try Self.idNumberError(db, person.idNumber, villageId: household.villageId,
                                                  excluding: person.id) {
                errors.append(taken)
            }
            errors += try Self.headErrors(db, person, stored: stored, household: household)
            if person.relation == .spouse, let other = try Person.fetchOne(db, sql: """
                SELECT * FROM person WHERE household_id = ? AND relation = 'spouse' AND left_on IS NULL AND id IS NOT ?
                """, arguments: [person.householdId, person.id]) {
                errors.append(FieldError(field: "relation", message: Localized(
                    "本户已有配偶：\(other.name)（另一对夫妻请登记为“儿媳/女婿”等）",
                    "The household already has a spouse: \(other.name) (record another couple as child-in-law etc.)")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try person.save(db)
            if person.relation == .head, household.headPersonId == nil {
                var h = household
                h.headPersonId = person.id
                try h.update(db)
            }
            return person
        }
    }

    /// Deletes a person who is not the head of a household.
    public func deletePerson(id: Int64) throws {
        try write { db in
            guard let person = try Person.fetchOne(db, key: id) else { throw StoreError.notFound }
            if try Household.filter(Column("head_person_id") == id).fetchCount(db) > 0 {
                throw StoreError.refused(Localized("\(person.name)是户主，请先更换户主再删除",
                    "\(person.name) heads the household; change the head before deleting"))
            }
            let inElections = try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM election WHERE elected_person_id = ?)
                     + (SELECT COUNT(*) FROM election_candidate WHERE person_id = ?)
                """, arguments: [id, id]) ?? 0
            if inElections > 0 {
                throw StoreError.refused(Localized("\(person.name)有诚信计生小组选举记录，不能删除；如已离开本户，请办理离户",
                    "\(person.name) appears in honesty group elections and cannot be deleted; record that they left instead"))
            }
            if let merge = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM person_merge WHERE kept_person_id = ?", arguments: [id]) {
                throw StoreError.refused(Localized("另一条人员记录已并入\(person.name)（合并记录 \(merge)），不能删除；如已离开本户，请办理离户",
                    "Another person record was merged into \(person.name) (merge record \(merge)); they cannot be deleted. Record that they left instead"))
            }
            try Person.deleteOne(db, key: id)
        }
    }

    /// How many persons match the filter (see `personRows`).
    public func personCount(filter: String) throws -> Int {
        try read { db in try Self.personCount(db, search: SearchText(filter), trace: nil) }
    }

    /// How many persons match the filter when at most `limit` do; otherwise a number above
    /// `limit` ("more than `limit`"), found without counting every match: per keystroke a
    /// common surname (王, w) matches tens of thousands of persons.
    public func personCount(filter: String, atMost limit: Int) throws -> Int {
        try read { db in try Self.personCount(db, search: SearchText(filter), atMost: limit, trace: nil) }
    }

    /// The capped count (as `personCount(filter:atMost:)`) and the first `firstRows` rows (as
    /// `personRows`) in one read.
    public func personSearch(filter: String, atMost limit: Int, firstRows: Int) throws -> (count: Int, rows: [PersonRow]) {
        try read { db in
            let found = try Self.personSearch(db, search: SearchText(filter), atMost: limit, firstRows: firstRows, trace: nil)
            return (found.count, found.rows.map(masked))
        }
    }

    /// The capped count of `personCount(filter:atMost:)`, kept with what was found on the way,
    /// for `personRows(filter:offset:limit:after:)`: what the search screen runs per keystroke.
    public func personMatches(filter: String, atMost limit: Int) throws -> PersonMatches {
        let search = SearchText(filter)
        return try read { db in
            let (count, ids) = try Self.personMatches(db, search: search, atMost: limit, trace: nil)
            return PersonMatches(filter: search.text, count: count, limit: limit, ids: ids.map { $0.sorted() })
        }
    }

    /// A page of `personRows` read with what `personMatches` found for the same filter.
    public func personRows(filter: String, offset: Int, limit: Int, after found: PersonMatches?) throws -> [PersonRow] {
        try read { db in
            try Self.personRows(db, search: SearchText(filter), offset: offset, limit: limit, after: found, trace: nil)
                .map(masked)
        }
    }

    /// Up to `limit` current persons after `last` in the list's order (household number,
    /// household id, person id), from the first when `last` is nil: what an export reads,
    /// slice after slice, without skipping the rows of every earlier slice again (as
    /// OFFSET does). For the list without a filter; numbers shown as the role may see them.
    public func personRows(following last: PersonRow?, limit: Int) throws -> [PersonRow] {
        try read { db in try Self.personRows(db, following: last, limit: limit).map(masked) }
    }

    static func personRows(_ db: Database, following last: PersonRow?, limit: Int) throws -> [PersonRow] {
        if limit <= 0 { return [] }
        let (condition, arguments) = personCondition(SearchText(""))
        let from = "household h CROSS JOIN person p ON p.household_id = h.id"
        guard let last else {
            let sql = "SELECT \(personColumns) FROM \(from) WHERE \(condition) ORDER BY h.number, h.id, p.id LIMIT ?"
            return try Array(Row.fetchCursor(db, sql: sql, arguments: arguments + [limit]).map(personRowByPosition))
        }
        // The household index gives the households from `last`'s number on; those before
        // `last`'s own household, and its persons up to `last`, are passed over.
        let sql = """
            SELECT \(personColumns) FROM \(from)
            WHERE \(condition) AND (h.number, h.id) >= (?, ?) AND NOT (h.id = ? AND p.id <= ?)
            ORDER BY h.number, h.id, p.id LIMIT ?
            """
        let after: StatementArguments = [last.householdNumber, last.householdId, last.householdId, last.id, limit]
        // A cursor's rows are read in place, not copied: the export reads the whole county.
        return try Array(Row.fetchCursor(db, sql: sql, arguments: arguments + after).map(personRowByPosition))
    }

    /// A row of `personColumns`, read by position (a long export reads hundreds of thousands).
    static func personRowByPosition(_ row: Row) -> PersonRow {
        let birth: String? = row[6]
        return PersonRow(id: row[0], householdId: row[1], householdNumber: row[2], name: row[3],
                         sex: Sex(rawValue: row[4]) ?? .male, idNumber: row[5], birthDate: birth.flatMap(LocalDate.init),
                         relation: Relation(rawValue: row[7]) ?? .other)
    }

    private func masked(_ row: PersonRow) -> PersonRow {
        var row = row
        row.idNumber = shownIdNumber(row.idNumber)
        return row
    }

    /// One page of persons whose name matches like the household filter,
    /// ordered by household number, household id, then person id.
    ///
    /// `counted`: what `personCount(filter:atMost: personCountLimit)` gave for this filter,
    /// if the caller has it; it chooses how the page is read (else it is counted again).
    public func personRows(filter: String, offset: Int, limit: Int, counted: Int? = nil) throws -> [PersonRow] {
        try read { db in
            try Self.personRows(db, search: SearchText(filter), offset: offset, limit: limit, plan: nil,
                                counted: counted, trace: nil).map(masked)
        }
    }

    /// How a page of persons is read; both give the same rows in the same order.
    enum PersonRowsPlan {
        /// Households in number order, their persons checked one by one until the page
        /// is full: cheap when many persons match (or no filter), reads the whole county when few do.
        case walk
        /// The candidates found through the indexes, checked and sorted: cheap when few match.
        case candidates
    }

    /// Statements run by the person search, for the bench's sqlite3 baseline.
    package typealias SQLTrace = (String, StatementArguments) -> Void

    static func fetchInt(_ db: Database, _ sql: String, _ arguments: StatementArguments, _ trace: SQLTrace?) throws -> Int {
        trace?(sql, arguments)
        return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    static func personCount(_ db: Database, search: SearchText, trace: SQLTrace?) throws -> Int {
        let (condition, arguments) = personCondition(search)
        if search.isEmpty {
            return try fetchInt(db, "SELECT COUNT(*) FROM person p WHERE \(condition)", arguments, trace)
        }
        let (candidates, candidateArguments) = try personCandidates(db, search, trace: trace)
        return try fetchInt(db, "SELECT COUNT(*) FROM person p WHERE p.id IN (\(candidates)) AND \(condition)",
                            candidateArguments + arguments, trace)
    }

    /// The matches of each index (name characters, initials …) are read up to `limit + 1`:
    /// one index over the limit proves the total is over it; otherwise every match was
    /// read, and the total is the number of different persons among them.
    static func personCount(_ db: Database, search: SearchText, atMost limit: Int, trace: SQLTrace?) throws -> Int {
        try personMatches(db, search: search, atMost: limit, trace: trace).count
    }

    /// The capped count, and when it is not capped the ids of every match (nil for no filter).
    static func personMatches(_ db: Database, search: SearchText, atMost limit: Int,
                              trace: SQLTrace?) throws -> (count: Int, ids: Set<Int64>?) {
        let limit = max(0, limit)
        let (condition, arguments) = personCondition(search)
        if search.isEmpty {
            return (try fetchInt(db, "SELECT COUNT(*) FROM (SELECT 1 FROM person p WHERE \(condition) LIMIT ?)",
                                 arguments + [limit + 1], trace), nil)
        }
        var matches = Set<Int64>()
        for (source, sourceArguments) in try personCandidateSources(db, search, trace: trace) {
            let sql = """
                SELECT p.id FROM (\(source)) c CROSS JOIN person p ON p.id = c.id WHERE \(condition) LIMIT ?
                """
            let sqlArguments = sourceArguments + arguments + [limit + 1]
            trace?(sql, sqlArguments)
            let ids = try Int64.fetchAll(db, sql: sql, arguments: sqlArguments)
            if ids.count > limit { return (limit + 1, nil) }
            matches.formUnion(ids)
            if matches.count > limit { return (limit + 1, nil) }
        }
        return (matches.count, matches)
    }

    /// What the search screen runs per keystroke, in one read: the capped count and the
    /// first `pageLimit` rows.
    package static func personSearch(_ db: Database, search: SearchText, atMost limit: Int, firstRows pageLimit: Int,
                             trace: SQLTrace?) throws -> (count: Int, rows: [PersonRow]) {
        let (count, ids) = try personMatches(db, search: search, atMost: limit, trace: trace)
        let found = PersonMatches(filter: search.text, count: count, limit: limit, ids: ids.map { $0.sorted() })
        return (count, try personRows(db, search: search, offset: 0, limit: pageLimit, after: found, trace: trace))
    }

    /// A page after `personMatches`: when it found every match, the page is read from
    /// those ids; otherwise its count chooses the plan (see `personRows`).
    static func personRows(_ db: Database, search: SearchText, offset: Int, limit: Int, after found: PersonMatches?,
                           trace: SQLTrace?) throws -> [PersonRow] {
        guard let found, found.filter == search.text else {
            return try personRows(db, search: search, offset: offset, limit: limit, plan: nil, trace: trace)
        }
        guard let ids = found.ids else {
            return try personRows(db, search: search, offset: offset, limit: limit, plan: nil,
                                  counted: found.limit == personCountLimit ? found.count : nil, trace: trace)
        }
        if ids.isEmpty || limit <= 0 { return [] }
        let sql = """
            SELECT \(personColumns)
            FROM person p CROSS JOIN household h ON h.id = p.household_id
            WHERE p.id IN (SELECT value FROM json_each(?))
            ORDER BY h.number, h.id, p.id
            LIMIT ? OFFSET ?
            """
        let arguments: StatementArguments = ["[" + ids.map(String.init).joined(separator: ",") + "]", limit, max(0, offset)]
        trace?(sql, arguments)
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(personRow)
    }

    static func personRow(_ row: Row) -> PersonRow { personRow(row, prefix: "") }

    /// The person search counts no further than this (`personCount(filter:atMost:)`).
    public static let personCountLimit = 1000

    /// The rows with their ID numbers as stored (`personRows(filter:…)` masks them).
    /// Without a plan: no filter walks; a filter first walks at most `walkBudget` rows
    /// and takes them when they fill the page (many match), else sorts the candidates.
    static func personRows(_ db: Database, search: SearchText, offset: Int, limit: Int, plan: PersonRowsPlan?,
                           counted: Int? = nil, trace: SQLTrace?) throws -> [PersonRow] {
        let offset = max(0, offset), limit = max(0, limit)
        if limit == 0 { return [] }
        func fetch(_ query: (String, StatementArguments)) throws -> [PersonRow] {
            trace?(query.0, query.1)
            return try Row.fetchAll(db, sql: query.0, arguments: query.1).map(personRow)
        }
        switch plan {
        case .walk?:
            return try fetch(personWalkQuery(search, offset: offset, limit: limit, within: nil))
        case .candidates?:
            return try fetch(personCandidatesQuery(db, search, offset: offset, limit: limit, trace: trace))
        case nil:
            if search.isEmpty { return try fetch(personWalkQuery(search, offset: offset, limit: limit, within: nil)) }
            let count = try counted ?? personCount(db, search: search, atMost: personCountLimit, trace: trace)
            if count == 0 { return [] }
            // Walking reads about (offset + limit) × persons / matches rows; the candidates
            // cost about as many rows as the indexes give. A capped count is a lower bound,
            // so the indexes' own sizes (counted up to 20,000) estimate the matches too.
            let persons = try fetchInt(db, "SELECT COALESCE(MAX(id), 0) FROM person", [], trace)
            var matches = count
            var candidateRows = 0
            if count > personCountLimit {
                for (source, arguments) in try personCandidateSources(db, search, trace: trace) {
                    let size = try fetchInt(db, "SELECT COUNT(*) FROM (\(source) LIMIT 20000)", arguments, trace)
                    matches = max(matches, size)
                    candidateRows += size
                }
            }
            let walkRows = (offset + limit) * persons / max(1, matches)
            if count > personCountLimit ? walkRows < candidateRows : walkRows <= 3_000 {
                // The first rows of the walk are the first rows of the answer: a full page
                // from them is the page; fewer (the estimate was wrong) may lie further on.
                let walked = try fetch(personWalkQuery(search, offset: offset, limit: limit,
                                                       within: max(3_000, 2 * walkRows)))
                if walked.count == limit { return walked }
            }
            return try fetch(personCandidatesQuery(db, search, offset: offset, limit: limit, trace: trace))
        }
    }

    static let personColumns = "p.id, p.household_id, h.number, p.name, p.sex, p.id_number, p.birth_date, p.relation"

    /// Households in number order (household_on_number_only), each one's persons by id,
    /// checked one by one; `within`: only among the walk's first so many persons. That
    /// subquery is a co-routine yielding its rows in order, so the outer query stops at the
    /// page's last row instead of sorting (PersonSearchPlanTests checks the order).
    static func personWalkQuery(_ search: SearchText, offset: Int, limit: Int, within: Int?) -> (String, StatementArguments) {
        let (condition, arguments) = personCondition(search)
        let from = "household h CROSS JOIN person p ON p.household_id = h.id"
        guard let within else {
            return ("""
                SELECT \(personColumns) FROM \(from) WHERE \(condition)
                ORDER BY h.number, h.id, p.id LIMIT ? OFFSET ?
                """, arguments + [limit, offset])
        }
        return ("""
            SELECT * FROM (SELECT \(personColumns), p.left_on, p.name_initials, p.name_pinyin
                           FROM \(from) ORDER BY h.number, h.id, p.id LIMIT ?) p
            WHERE \(condition) LIMIT ? OFFSET ?
            """, [within] + arguments + [limit, offset])
    }

    /// The candidates found through the indexes, checked and sorted.
    static func personCandidatesQuery(_ db: Database, _ search: SearchText, offset: Int, limit: Int,
                                      trace: SQLTrace?) throws -> (String, StatementArguments) {
        if search.isEmpty { return personWalkQuery(search, offset: offset, limit: limit, within: nil) }
        let (condition, arguments) = personCondition(search)
        let (candidates, candidateArguments) = try personCandidates(db, search, trace: trace)
        return ("""
            SELECT \(personColumns)
            FROM person p CROSS JOIN household h ON h.id = p.household_id
            WHERE p.id IN (\(candidates)) AND \(condition)
            ORDER BY h.number, h.id, p.id
            LIMIT ? OFFSET ?
            """, candidateArguments + arguments + [limit, offset])
    }

    /// Which persons match: current persons only (those who left the household are
    /// history) whose name holds the text, or whose initials or pinyin start with it,
    /// or whose ID number starts with it, or in the household of that exact number.
    static func personCondition(_ search: SearchText) -> (String, StatementArguments) {
        if search.isEmpty { return ("p.left_on IS NULL", []) }
        let name = search.nameCondition(alias: "p")
        let sql = "p.left_on IS NULL AND (" + name.sql + " OR p.id_number LIKE ? ESCAPE '\\'"
            + " OR p.household_id IN (SELECT id FROM household WHERE number = ?))"
        return (sql, name.arguments + [SearchText.escape(search.text.uppercased()) + "%", search.text])
    }

    /// Every match is among the persons these queries find, each through an index:
    /// names holding every typed character and pair of characters, initials or pinyin starting with the Latin
    /// letters, ID numbers starting with the text, the household of that number.
    /// Each selects a column `id`.
    static func personCandidateSources(_ db: Database, _ search: SearchText,
                                       trace: SQLTrace?) throws -> [(String, StatementArguments)] {
        var sources: [(String, StatementArguments)] = []
        // The name's characters (code points, as SQLite's substr split the names into the
        // index): the rarest drives, the others must be in the name too.
        // Pairs of neighbouring characters are in the index too (v8): a name holding
        // the text holds each of its pairs, and a pair is far rarer than either
        // character (王秀 against 王). Pairs come first so they win ties.
        let scalars = Array(search.text.unicodeScalars).map(String.init)
        var characters: [String] = []
        for i in scalars.indices.dropLast() where !characters.contains(scalars[i] + scalars[i + 1]) {
            characters.append(scalars[i] + scalars[i + 1])
        }
        for ch in scalars where !characters.contains(ch) { characters.append(ch) }
        characters = Array(characters.prefix(6))
        if characters.count > 1 {
            // How many names hold each, counted no further than this: only the rarest matters.
            var seen: [String: Int] = [:]
            for ch in characters {
                seen[ch] = try fetchInt(db, """
                    SELECT COUNT(*) FROM (SELECT 1 FROM person_name_char WHERE ch = lower(?) LIMIT 2000)
                    """, [ch], trace)
            }
            characters = characters.enumerated().sorted { (seen[$0.1] ?? 0, $0.0) < (seen[$1.1] ?? 0, $1.0) }.map(\.1)
        }
        if let first = characters.first {
            var sql = "SELECT c0.person_id AS id FROM person_name_char c0 WHERE c0.ch = lower(?)"
            var arguments: StatementArguments = [first]
            for (i, ch) in characters.dropFirst().enumerated() {
                sql += " AND EXISTS (SELECT 1 FROM person_name_char c\(i + 1) WHERE c\(i + 1).ch = lower(?)"
                    + " AND c\(i + 1).person_id = c0.person_id)"
                arguments += [ch]
            }
            sources.append((sql, arguments))
        }
        if let latin = search.latin {
            let upper = SearchText.prefixUpperBound(latin)
            sources.append(("SELECT id FROM person WHERE name_initials >= ? AND name_initials < ?", [latin, upper]))
            sources.append(("SELECT id FROM person WHERE name_pinyin >= ? AND name_pinyin < ?", [latin, upper]))
        }
        let idPrefix = search.text.uppercased()
        sources.append(("SELECT id FROM person WHERE id_number >= ? AND id_number < ?",
                        [idPrefix, SearchText.prefixUpperBound(idPrefix)]))
        sources.append(("SELECT p2.id FROM household h2 JOIN person p2 ON p2.household_id = h2.id WHERE h2.number = ?",
                        [search.text]))
        return sources
    }

    /// All candidate sources as one list (a person may be in it more than once).
    static func personCandidates(_ db: Database, _ search: SearchText,
                                 trace: SQLTrace?) throws -> (String, StatementArguments) {
        let sources = try personCandidateSources(db, search, trace: trace)
        return (sources.map(\.0).joined(separator: " UNION ALL "), sources.reduce([]) { $0 + $1.1 })
    }

    // MARK: Rules

    /// Normalises what was typed and fills an empty birth date from a valid ID.
    static func normalized(_ p: Person) -> Person {
        var p = p
        p.name = Validation.normalizeName(p.name)
        p.idNumber = IDNumber.normalize(p.idNumber)
        p.phone = p.phone.trimmed
        p.whereabouts = p.whereabouts.trimmed
        p.migrantContact = p.migrantContact.trimmed
        if p.birthDate == nil, !p.idNumber.isEmpty, IDNumber.problems(p.idNumber).isEmpty {
            p.birthDate = IDNumber.birthDate(of: p.idNumber)
        }
        return p
    }

    /// The ID is free in the village; the message names who holds it.
    static func idNumberError(_ db: Database, _ idNumber: String, villageId: Int64,
                              excluding personId: Int64?) throws -> FieldError? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT p.name, h.number FROM person p JOIN household h ON h.id = p.household_id
            WHERE p.id_number = ? AND h.village_id = ? AND p.id IS NOT ? AND p.left_on IS NULL
            LIMIT 1
            """, arguments: [idNumber, villageId, personId]) else { return nil }
        let name: String = row["name"], number: String = row["number"]
        return FieldError(field: "idNumber", message: Localized("身份证号已登记：\(name)（户 \(number)）",
            "ID number already registered: \(name) (household \(number))"))
    }

    /// One head per household, and the head keeps the role until replaced.
    static func headErrors(_ db: Database, _ p: Person, stored: Person?, household: Household) throws -> [FieldError] {
        if let stored, let id = stored.id,
           let headed = try Household.filter(Column("head_person_id") == id).fetchOne(db) {
            if p.householdId != headed.id {
                return [FieldError(field: "householdId", message: Localized(
                    "\(stored.name)是户主，请先更换户主再迁出", "\(stored.name) heads the household; change the head first"))]
            }
            if p.relation != .head {
                return [FieldError(field: "relation", message: Localized(
                    "\(stored.name)是户主；请用“更换户主”指定新户主", "\(stored.name) is the head; use Change head to name another"))]
            }
        }
        guard p.relation == .head else { return [] }
        let otherHead = try Person
            .filter(Column("household_id") == p.householdId && Column("relation") == Relation.head.rawValue)
            .filter(Column("id") != (p.id ?? -1))
            .fetchOne(db)
        var recordedHead: Person?
        if let headId = household.headPersonId, headId != p.id {
            recordedHead = try Person.fetchOne(db, key: headId)
        }
        if let other = otherHead ?? recordedHead {
            return [FieldError(field: "relation", message: Localized(
                "本户已有户主：\(other.name)", "The household already has a head: \(other.name)"))]
        }
        return []
    }
}
