import GRDB
import Domain

// MARK: - Village and 社

extension AppDatabase {
    /// The office's village (the first one), nil before setup.
    public func village() throws -> Village? {
        // Which village this is is no secret: the sign-in screen shows it.
        try dbWriter.read { db in try Village.order(Column("id")).fetchOne(db) }
    }

    /// Validates, then inserts or updates the village.
    @discardableResult
    public func saveVillage(_ v: Village) throws -> Village {
        var village = v
        village.name = village.name.trimmed
        village.township = village.township.trimmed
        village.county = village.county.trimmed
        village.code = village.code.trimmed
        let errors = Validation.validate(village)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        if let office = try ownKey(), office.kind != .village {
            throw StoreError.refused(Localized("这是\(office.kind.label.zh)的数据库（\(office.name)）：村的记录只在各村的副本里，且只读",
                                               "This is a \(office.kind.label.en.lowercased())'s database (\(office.name)): village records live only in the villages' copies, read only"))
        }
        return try write { db in
            if let id = village.id, try !Village.exists(db, key: id) { throw StoreError.notFound }
            try village.save(db)
            return village
        }
    }

    /// Every 社 with its household count, ordered by number.
    public func villageGroups() throws -> [VillageGroupSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT g.*, (SELECT COUNT(*) FROM household h WHERE h.village_group_id = g.id) AS household_count
                FROM village_group g ORDER BY g.village_id, g.number
                """)
            return rows.map { VillageGroupSummary(group: VillageGroup(row: $0), householdCount: $0["household_count"]) }
        }
    }

    /// Validates, checks number and name are free in the village, then inserts or updates.
    @discardableResult
    public func saveVillageGroup(_ g: VillageGroup) throws -> VillageGroup {
        var group = g
        group.name = group.name.trimmed
        var errors = Validation.validate(group)
        return try write { db in
            if let id = group.id, try !VillageGroup.exists(db, key: id) { throw StoreError.notFound }
            guard try Village.exists(db, key: group.villageId) else {
                throw StoreError.invalid([FieldError(field: "villageId",
                    message: Localized("所属村不存在", "The village does not exist"))])
            }
            let others = try VillageGroup
                .filter(Column("village_id") == group.villageId)
                .filter(Column("id") != (group.id ?? -1))
                .fetchAll(db)
            if let same = others.first(where: { $0.number == group.number }) {
                errors.append(FieldError(field: "number", message: Localized(
                    "序号 \(group.number) 已被「\(same.name)」使用",
                    "Number \(group.number) is already used by \(same.name)")))
            }
            if others.contains(where: { $0.name == group.name }) {
                errors.append(FieldError(field: "name", message: Localized(
                    "已有名为「\(group.name)」的社", "There is already a group named \(group.name)")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try group.save(db)
            return group
        }
    }

    /// Deletes a 社 that has no households; refuses otherwise.
    public func deleteVillageGroup(id: Int64) throws {
        try write { db in
            guard let group = try VillageGroup.fetchOne(db, key: id) else { throw StoreError.notFound }
            let count = try Household.filter(Column("village_group_id") == id).fetchCount(db)
            if count > 0 {
                throw StoreError.refused(Localized("\(group.name)还有 \(count) 户，不能删除",
                    "\(group.name) still has \(count) households; it cannot be deleted"))
            }
            try VillageGroup.deleteOne(db, key: id)
        }
    }
}

extension String {
    /// Without leading or trailing spaces (ASCII, ideographic, tabs).
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
