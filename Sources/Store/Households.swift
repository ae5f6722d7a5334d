import GRDB
import Domain

// MARK: - Households

extension AppDatabase {
    /// How many households match the filter (see `householdRows`).
    public func householdCount(filter: String, villageGroupId: Int64?) throws -> Int {
        let (whereSQL, arguments) = Self.householdWhere(filter: filter, villageGroupId: villageGroupId)
        return try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM household h
                LEFT JOIN person head ON head.id = h.head_person_id
                \(whereSQL)
                """, arguments: arguments) ?? 0
        }
    }

    /// One page of the household list.
    ///
    /// The filter matches the household number or address (contains), the head's
    /// name (contains), or the head's pinyin initials or full pinyin (prefix);
    /// case-insensitive; empty matches all.
    package static func householdRowsQuery(filter: String, villageGroupId: Int64?, sort: HouseholdSort, ascending: Bool,
                                   offset: Int, limit: Int) -> (String, StatementArguments) {
        var (whereSQL, arguments) = Self.householdWhere(filter: filter, villageGroupId: villageGroupId)
        let dir = ascending ? "ASC" : "DESC"
        // Each order starts its join from the table whose index gives that
        // order (CROSS JOIN fixes the loop order in SQLite), so a page reads
        // only its rows. Every household has a head (relation .head, kept so
        // by createHousehold, changeHead and savePerson), so the inner join
        // on the head loses none.
        var from = """
            household h
            JOIN village_group g ON g.id = h.village_group_id
            LEFT JOIN person head ON head.id = h.head_person_id
            """
        let order: String
        switch sort {
        case .number: order = "h.number \(dir), h.id \(dir)"
        case .villageGroup:
            from = """
                village_group g
                CROSS JOIN household h ON h.village_group_id = g.id
                LEFT JOIN person head ON head.id = h.head_person_id
                """
            order = "g.number \(dir), g.id \(dir), h.number \(dir), h.id \(dir)"
        case .headName:
            from = """
                person head
                CROSS JOIN household h ON h.head_person_id = head.id
                JOIN village_group g ON g.id = h.village_group_id
                """
            order = "head.name_pinyin \(dir), head.name \(dir), h.number \(dir), h.id \(dir)"
            // Lets SQLite use the partial index of heads.
            whereSQL += (whereSQL.isEmpty ? "WHERE" : " AND") + " head.relation = 'head'"
        case .address: order = "h.address \(dir), h.number \(dir), h.id \(dir)"
        case .memberCount: order = "h.member_count \(dir), h.number \(dir), h.id \(dir)"
        }
        return ("""
                SELECT h.id, h.number, g.name AS group_name, head.name AS head_name,
                       head.id_number AS head_id_number, h.address, h.phone, h.member_count
                FROM \(from)
                \(whereSQL)
                ORDER BY \(order)
                LIMIT ? OFFSET ?
                """, arguments + [max(0, limit), max(0, offset)])
    }

    public func householdRows(filter: String, villageGroupId: Int64?, sort: HouseholdSort, ascending: Bool,
                              offset: Int, limit: Int) throws -> [HouseholdRow] {
        let (sql, arguments) = Self.householdRowsQuery(filter: filter, villageGroupId: villageGroupId, sort: sort,
                                                       ascending: ascending, offset: offset, limit: limit)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return rows.map { row in
                HouseholdRow(id: row["id"], number: row["number"], villageGroupName: row["group_name"],
                             headName: row["head_name"] ?? "", headIdNumber: shownIdNumber(row["head_id_number"] ?? ""),
                             address: row["address"], phone: shownPhone(row["phone"]), memberCount: row["member_count"])
            }
        }
    }

    package static func householdWhere(filter: String, villageGroupId: Int64?) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let villageGroupId {
            conditions.append("h.village_group_id = ?")
            arguments += [villageGroupId]
        }
        let search = SearchText(filter)
        if !search.isEmpty {
            let name = search.nameCondition(alias: "head")
            conditions.append("(h.number LIKE ? ESCAPE '\\' OR h.address LIKE ? ESCAPE '\\' OR \(name.sql))")
            arguments += [search.containsPattern, search.containsPattern]
            arguments += name.arguments
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    public func household(id: Int64) throws -> Household? {
        // The leader of the household's honesty group reads it too (masked phone).
        try read(household: id) { db in
            try Household.fetchOne(db, key: id).map { h in
                var h = h
                h.phone = shownPhone(h.phone)
                return h
            }
        }
    }

    /// Registers a household with its head, in one transaction: both are
    /// validated, the number and the head's ID must be free in the village.
    ///
    /// Errors on the head use the household form's keys: headName, headSex,
    /// headIdNumber (birth-date problems too), headPhone, …
    @discardableResult
    public func createHousehold(_ h: Household, head: Person) throws -> (Household, Person) {
        var household = Self.normalized(h)
        household.id = nil
        household.headPersonId = nil
        var person = Self.normalized(head)
        person.id = nil
        person.relation = .head
        var errors = Validation.validate(household)
        errors += Validation.validate(person).map(Self.headField)
        return try write { db in
            errors += try Self.householdPlacementErrors(db, household)
            errors += try Self.householdNumberErrors(db, household)
            if !person.idNumber.isEmpty,
               let taken = try Self.idNumberError(db, person.idNumber, villageId: household.villageId, excluding: nil) {
                errors.append(FieldError(field: "headIdNumber", message: taken.message))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try household.insert(db)
            person.householdId = household.id!
            try person.insert(db)
            household.headPersonId = person.id
            try household.update(db)
            return (household, person)
        }
    }

    /// Validates and updates a household card. The head is changed with `changeHead`.
    public func updateHousehold(_ h: Household) throws {
        try updateHousehold(h, head: nil)
    }

    /// Updates a household card and its head's details in one transaction.
    /// `head` must be the household's current head; its errors use the form's
    /// keys (headName, headSex, headIdNumber …).
    public func updateHousehold(_ h: Household, head: Person?) throws {
        var household = Self.normalized(h)
        guard let id = household.id else { throw StoreError.notFound }
        var errors = Validation.validate(household)
        var person = head.map(Self.normalized)
        if var p = person {
            p.relation = .head
            p.householdId = id
            person = p
            errors += Validation.validate(p).map(Self.headField)
        }
        try write { db in
            guard let stored = try Household.fetchOne(db, key: id) else { throw StoreError.notFound }
            household.headPersonId = stored.headPersonId
            errors += try Self.householdPlacementErrors(db, household)
            errors += try Self.householdNumberErrors(db, household)
            if let p = person {
                guard let pid = p.id, pid == stored.headPersonId else {
                    throw StoreError.refused(Localized("只能在户卡上修改本户户主", "Only this household's head can be edited here"))
                }
                if !p.idNumber.isEmpty,
                   let taken = try Self.idNumberError(db, p.idNumber, villageId: household.villageId, excluding: pid) {
                    errors.append(FieldError(field: "headIdNumber", message: taken.message))
                }
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try household.update(db)
            try person?.update(db)
        }
    }

    /// Makes another member the head; the former head takes `formerHeadRelation`.
    public func changeHead(householdId: Int64, newHeadId: Int64, formerHeadRelation: Relation,
                           on today: LocalDate = .today()) throws {
        guard formerHeadRelation != .head else {
            throw StoreError.refused(Localized("原户主须改为其他关系", "The former head needs another relation"))
        }
        try write { db in
            guard var household = try Household.fetchOne(db, key: householdId),
                  var newHead = try Person.fetchOne(db, key: newHeadId) else { throw StoreError.notFound }
            guard newHead.householdId == householdId, newHead.leftOn == nil else {
                throw StoreError.refused(Localized("新户主须是本户成员", "The new head must be a member of the household"))
            }
            if let born = newHead.birthDate, born.age(on: today) < 18 {
                throw StoreError.refused(Localized("新户主须是成年人（\(newHead.name)未满18岁）",
                                                   "The new head must be an adult (\(newHead.name) is under 18)"))
            }
            if let oldId = household.headPersonId, oldId != newHeadId, var old = try Person.fetchOne(db, key: oldId) {
                old.relation = formerHeadRelation
                try old.update(db)
            }
            newHead.relation = .head
            try newHead.update(db)
            household.headPersonId = newHeadId
            try household.update(db)
        }
    }

    /// Deletes a household and all its members.
    public func deleteHousehold(id: Int64) throws {
        try write { db in
            guard var household = try Household.fetchOne(db, key: id) else { throw StoreError.notFound }
            // Group memberships and signatures are history of the household.
            if try GroupMembership.filter(Column("household_id") == id).fetchCount(db) > 0
                || Signature.filter(Column("household_id") == id).fetchCount(db) > 0 {
                throw StoreError.refused(Localized("户 \(household.number) 有诚信计生小组或协议记录，不能删除",
                    "Household \(household.number) has honesty group or agreement records; it cannot be deleted"))
            }
            household.headPersonId = nil
            try household.update(db)
            try Person.filter(Column("household_id") == id).deleteAll(db)
            try Household.deleteOne(db, key: id)
        }
    }

    public func counts() throws -> (households: Int, persons: Int) {
        try read { db in
            (try Household.fetchCount(db), try Person.fetchCount(db))
        }
    }

    // MARK: Rules

    static func normalized(_ h: Household) -> Household {
        var h = h
        h.number = h.number.trimmed
        h.address = h.address.trimmed
        h.phone = h.phone.trimmed
        return h
    }

    /// Head errors renamed to the household form's keys.
    static func headField(_ e: FieldError) -> FieldError {
        let field: String
        switch e.field {
        case "birthDate": field = "headIdNumber"
        default: field = "head" + e.field.prefix(1).uppercased() + e.field.dropFirst()
        }
        return FieldError(field: field, message: e.message)
    }

    /// The village and 社 exist and agree.
    static func householdPlacementErrors(_ db: Database, _ h: Household) throws -> [FieldError] {
        guard try Village.exists(db, key: h.villageId) else {
            return [FieldError(field: "villageId", message: Localized("所属村不存在", "The village does not exist"))]
        }
        guard let group = try VillageGroup.fetchOne(db, key: h.villageGroupId), group.villageId == h.villageId else {
            return [FieldError(field: "villageGroupId", message: Localized("请选择本村的社", "Choose a group of this village"))]
        }
        return []
    }

    /// The number is free in the village; the message names the household using it.
    static func householdNumberErrors(_ db: Database, _ h: Household) throws -> [FieldError] {
        guard !h.number.isEmpty, let row = try Row.fetchOne(db, sql: """
            SELECT h.number, head.name FROM household h
            LEFT JOIN person head ON head.id = h.head_person_id
            WHERE h.village_id = ? AND h.number = ? AND h.id IS NOT ?
            """, arguments: [h.villageId, h.number, h.id]) else { return [] }
        let headName: String? = row["name"]
        let message: Localized
        if let headName {
            message = Localized("户编号 \(h.number) 已被 \(headName) 户使用",
                                "Household number \(h.number) is already used by the household of \(headName)")
        } else {
            message = Localized("户编号 \(h.number) 已被使用", "Household number \(h.number) is already used")
        }
        return [FieldError(field: "number", message: message)]
    }
}
