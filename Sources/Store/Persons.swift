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
            try Person.deleteOne(db, key: id)
        }
    }

    /// How many persons match the filter (see `personRows`).
    public func personCount(filter: String) throws -> Int {
        let (whereSQL, arguments) = Self.personWhere(filter: filter)
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person p \(whereSQL)", arguments: arguments) ?? 0
        }
    }

    /// One page of persons whose name matches like the household filter,
    /// ordered by household number, then id.
    public func personRows(filter: String, offset: Int, limit: Int) throws -> [PersonRow] {
        let (sql, arguments) = Self.personRowsQuery(filter: filter, offset: offset, limit: limit)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return rows.map { row in
                let birth: String? = row["birth_date"]
                return PersonRow(id: row["id"], householdId: row["household_id"], householdNumber: row["number"],
                                 name: row["name"], sex: Sex(rawValue: row["sex"]) ?? .male,
                                 idNumber: shownIdNumber(row["id_number"]), birthDate: birth.flatMap(LocalDate.init),
                                 relation: Relation(rawValue: row["relation"]) ?? .other)
            }
        }
    }

    /// The query of `personRows`.
    static func personRowsQuery(filter: String, offset: Int, limit: Int) -> (String, StatementArguments) {
        let (whereSQL, arguments) = Self.personWhere(filter: filter)
        // Unfiltered, households are walked in number order and a page reads only
        // its rows; filtered, the few candidate persons come first (see personWhere)
        // and are sorted.
        let from = SearchText(filter).isEmpty ? "household h CROSS JOIN person p ON p.household_id = h.id"
            : "person p CROSS JOIN household h ON h.id = p.household_id"
        return ("""
            SELECT p.id, p.household_id, h.number, p.name, p.sex, p.id_number, p.birth_date, p.relation
            FROM \(from)
            \(whereSQL)
            ORDER BY h.number, h.id, p.id
            LIMIT ? OFFSET ?
            """, arguments + [max(0, limit), max(0, offset)])
    }

    /// Current persons only: those who left the household are history.
    static func personWhere(filter: String) -> (String, StatementArguments) {
        let search = SearchText(filter)
        if search.isEmpty { return ("WHERE p.left_on IS NULL", []) }
        let name = search.nameCondition(alias: "p")
        // Also by the start of an ID number, and by the exact household number.
        let sql = name.sql + " OR p.id_number LIKE ? ESCAPE '\\'"
            + " OR p.household_id IN (SELECT id FROM household WHERE number = ?)"
        var arguments = name.arguments
        arguments += [SearchText.escape(search.text.uppercased()) + "%", search.text]
        // Every match is among these candidates, each found through an index:
        // names holding the first typed character, initials or pinyin starting
        // with the Latin letters, ID numbers starting with the text, the household number.
        var candidates = "SELECT person_id FROM person_name_char WHERE ch = lower(substr(?, 1, 1))"
        var candidateArguments: StatementArguments = [search.text]
        if let latin = search.latin {
            let upper = SearchText.prefixUpperBound(latin)
            candidates += " UNION ALL SELECT id FROM person WHERE name_initials >= ? AND name_initials < ?"
            candidates += " UNION ALL SELECT id FROM person WHERE name_pinyin >= ? AND name_pinyin < ?"
            candidateArguments += [latin, upper, latin, upper]
        }
        let idPrefix = search.text.uppercased()
        candidates += " UNION ALL SELECT id FROM person WHERE id_number >= ? AND id_number < ?"
        candidates += " UNION ALL SELECT p2.id FROM household h2 JOIN person p2 ON p2.household_id = h2.id WHERE h2.number = ?"
        candidateArguments += [idPrefix, SearchText.prefixUpperBound(idPrefix), search.text]
        return ("WHERE p.id IN (" + candidates + ") AND p.left_on IS NULL AND (" + sql + ")",
                candidateArguments + arguments)
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
