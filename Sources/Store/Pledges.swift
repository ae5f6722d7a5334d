import Foundation
import GRDB
import Domain

// MARK: - Rows

/// Whose pledges a rate counts.
public enum RateScope: Hashable, Sendable {
    case village
    case villageGroup(Int64)
    case honestyGroup(Int64)
}

/// One line of the household pledge list: every household, with or without a pledge.
public struct PledgeRow: Hashable, Sendable {
    public var householdId: Int64
    public var householdNumber: String
    public var headName: String
    public var villageGroupId: Int64
    public var villageGroupName: String
    /// The honesty group the household is a member of now, if any.
    public var honestyGroupName: String?
    /// The current pledge, if any.
    public var pledgeId: Int64?
    public var pledgedOn: LocalDate?
    public var signedOn: LocalDate?
    public var itemCount: Int
    /// Derived from the pledge and the latest round.
    public var standing: PledgeStanding

    public init(householdId: Int64, householdNumber: String, headName: String, villageGroupId: Int64,
                villageGroupName: String, honestyGroupName: String?, pledgeId: Int64?, pledgedOn: LocalDate?,
                signedOn: LocalDate?, itemCount: Int, standing: PledgeStanding) {
        self.householdId = householdId
        self.householdNumber = householdNumber
        self.headName = headName
        self.villageGroupId = villageGroupId
        self.villageGroupName = villageGroupName
        self.honestyGroupName = honestyGroupName
        self.pledgeId = pledgeId
        self.pledgedOn = pledgedOn
        self.signedOn = signedOn
        self.itemCount = itemCount
        self.standing = standing
    }
}

/// One item's result to record.
public struct CheckEntry: Hashable, Sendable {
    public var itemId: Int64
    public var result: CheckResult
    public var note: String
    public init(itemId: Int64, result: CheckResult, note: String = "") {
        self.itemId = itemId
        self.result = result
        self.note = note
    }
}

/// One pledged item of a pledge with its result in a round (nil when not yet recorded).
public struct PledgeCheckLine: Hashable, Sendable {
    public var item: PledgeItem
    public var check: PledgeCheck?
    public init(item: PledgeItem, check: PledgeCheck?) {
        self.item = item
        self.check = check
    }
}

/// The rates of one scope (the village, a 社, an honesty group) in one round.
public struct RateLine: Hashable, Sendable {
    public var scope: RateScope
    public var name: String
    /// Items kept ÷ items assessed.
    public var items: Rate
    /// Households kept ÷ households assessed, by the standing's rule (`PledgeRules.householdRate`).
    public var households: Rate
    public init(scope: RateScope, name: String, items: Rate, households: Rate) {
        self.scope = scope
        self.name = name
        self.items = items
        self.households = households
    }
}

// MARK: - Records

extension PledgeItem: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "pledge_item" }

    public init(row: Row) {
        self.init(id: row["id"], code: row["code"], text: row["text"], sortOrder: row["sort_order"],
                  isRetired: row["is_retired"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["code"] = code
        container["text"] = text
        container["sort_order"] = sortOrder
        container["is_retired"] = isRetired
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension CheckRound: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "check_round" }

    public init(row: Row) {
        self.init(id: row["id"], name: row["name"], heldOn: row.date("held_on") ?? LocalDate(year: 2000, month: 1, day: 1)!)
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["held_on"] = heldOn.description
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension PledgeCheck: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "pledge_check" }

    public init(row: Row) {
        self.init(id: row["id"], roundId: row["round_id"], pledgeId: row["pledge_id"], itemId: row["item_id"],
                  result: CheckResult(rawValue: row["result"]) ?? .notAssessed, note: row["note"],
                  recordedBy: row["recorded_by"],
                  recordedOn: row.date("recorded_on") ?? LocalDate(year: 2000, month: 1, day: 1)!)
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["round_id"] = roundId
        container["pledge_id"] = pledgeId
        container["item_id"] = itemId
        container["result"] = result.rawValue
        container["note"] = note
        container["recorded_by"] = recordedBy
        container["recorded_on"] = recordedOn.description
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A catalogue entry as written in `Data/pledge_items.json`.
struct PledgeItemSeed: Decodable {
    var code: String
    var text: String
}

// MARK: - Pledge item catalogue

extension AppDatabase {
    /// The catalogue in its order; retired items only when asked for.
    public func pledgeItems(includeRetired: Bool = false) throws -> [PledgeItem] {
        try readReference { db in
            try PledgeItem.fetchAll(db, sql: """
                SELECT * FROM pledge_item \(includeRetired ? "" : "WHERE is_retired = 0")
                ORDER BY is_retired, sort_order, id
                """)
        }
    }

    public func pledgeItem(id: Int64) throws -> PledgeItem? {
        try read { db in try PledgeItem.fetchOne(db, key: id) }
    }

    /// Whether a signed pledge uses the item (then its code and text are frozen).
    public func isPledgeItemUsed(id: Int64) throws -> Bool {
        try read { db in try Self.itemUsedBySignedPledge(db, itemId: id) }
    }

    /// Validates and saves a catalogue item. Codes are unique. The code and text of an
    /// item used by a signed pledge cannot change: retire it and add a new item.
    @discardableResult
    public func savePledgeItem(_ item: PledgeItem) throws -> PledgeItem {
        var item = item
        item.code = item.code.trimmed
        item.text = item.text.trimmed
        let errors = PledgeItem.validate(item)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if try PledgeItem.filter(Column("code") == item.code && Column("id") != item.id).fetchCount(db) > 0 {
                throw StoreError.invalid([FieldError(field: "code", message: Localized(
                    "编码 \(item.code) 已被其他事项使用", "The code \(item.code) is used by another item"))])
            }
            if let id = item.id {
                guard let stored = try PledgeItem.fetchOne(db, key: id) else { throw StoreError.notFound }
                if (stored.text != item.text || stored.code != item.code),
                   try Self.itemUsedBySignedPledge(db, itemId: id) {
                    throw StoreError.refused(PledgeItem.usedItemRefusal(stored))
                }
                // Retiring goes through retirePledgeItem; a retired item stays retired.
                item.isRetired = stored.isRetired
                try item.update(db)
            } else {
                item.isRetired = false
                try item.insert(db)
            }
            return item
        }
    }

    /// Takes an item out of the catalogue for new pledges; pledges that have it keep it.
    public func retirePledgeItem(id: Int64) throws {
        try write { db in
            guard var item = try PledgeItem.fetchOne(db, key: id) else { throw StoreError.notFound }
            if item.isRetired {
                throw StoreError.refused(Localized("「\(item.text)」已停用", "\(item.text) is already retired"))
            }
            item.isRetired = true
            try item.update(db)
        }
    }

    /// Loads the catalogue from `Data/pledge_items.json` when the database has none.
    public func installDefaultPledgeItems(from url: URL) throws {
        if try dbWriter.read({ db in try PledgeItem.fetchCount(db) }) > 0 { return }
        let seeds: [PledgeItemSeed]
        do {
            seeds = try JSONDecoder().decode([PledgeItemSeed].self, from: Data(contentsOf: url))
        } catch {
            throw StoreError.refused(Localized("无法读取承诺事项目录：\(url.path)", "Cannot read the pledge catalogue: \(url.path)"))
        }
        try access.asSystem { try dbWriter.write { db in try Self.insertPledgeItems(db, seeds) } }
    }

    static func insertPledgeItems(_ db: Database, _ seeds: [PledgeItemSeed]) throws {
        for (i, seed) in seeds.enumerated() {
            var item = PledgeItem(code: seed.code, text: seed.text, sortOrder: (i + 1) * 10)
            let errors = PledgeItem.validate(item)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try item.insert(db)
        }
    }

    static func itemUsedBySignedPledge(_ db: Database, itemId: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM household_pledge_item hpi JOIN household_pledge p ON p.id = hpi.pledge_id
                           WHERE hpi.item_id = ? AND p.signed_on IS NOT NULL)
            """, arguments: [itemId]) ?? false
    }
}

// MARK: - Household pledges

extension AppDatabase {
    /// The household's pledge in force (the newest), if any.
    public func currentPledge(householdId: Int64) throws -> HouseholdPledge? {
        try read(household: householdId) { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT * FROM household_pledge WHERE household_id = ? AND replaced_on IS NULL
                """, arguments: [householdId]) else { return nil }
            return try Self.pledge(db, row: row)
        }
    }

    public func pledge(id: Int64) throws -> HouseholdPledge? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM household_pledge WHERE id = ?", arguments: [id]) else {
                return nil
            }
            return try Self.pledge(db, row: row)
        }
    }

    /// Every pledge of the household, newest first (replaced ones stay readable).
    public func pledgeHistory(householdId: Int64) throws -> [HouseholdPledge] {
        try read(household: householdId) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM household_pledge WHERE household_id = ? ORDER BY id DESC",
                             arguments: [householdId]).map { try Self.pledge(db, row: $0) }
        }
    }

    /// Records a household's 承诺书 with the chosen items. It becomes the household's
    /// current pledge; the one it replaces stays readable, marked replaced on `pledgedOn`.
    /// Retired items cannot be chosen; `signedOn` nil means not yet signed.
    @discardableResult
    /// A date that has not happened yet cannot be recorded as done.
    static func notAfterToday(_ dates: [String: LocalDate?], _ today: LocalDate) -> [FieldError] {
        dates.sorted { $0.key < $1.key }.compactMap { field, date in
            guard let date, date > today else { return nil }
            return FieldError(field: field, message: Localized("日期不能晚于今天（\(today)）", "The date cannot be after today (\(today))"))
        }
    }

    public func recordPledge(householdId: Int64, itemIds: [Int64], pledgedOn: LocalDate, signedOn: LocalDate?,
                             signer: String, today: LocalDate = .today()) throws -> HouseholdPledge {
        var pledge = HouseholdPledge(householdId: householdId, itemIds: itemIds, pledgedOn: pledgedOn, signedOn: signedOn,
                                     signer: Validation.normalizeName(signer))
        var errors = HouseholdPledge.validate(pledge)
        errors += Self.notAfterToday(["pledgedOn": pledgedOn, "signedOn": signedOn], today)
        return try write { db in
            guard try Household.fetchOne(db, key: householdId) != nil else { throw StoreError.notFound }
            let items = try PledgeItem.fetchAll(db, keys: Set(itemIds))
            let byId = Dictionary(uniqueKeysWithValues: items.map { ($0.id!, $0) })
            let missing = itemIds.filter { byId[$0] == nil }
            if !missing.isEmpty {
                errors.append(FieldError(field: "items", message: Localized(
                    "没有编号为 \(missing.map(String.init).joined(separator: "、")) 的承诺事项",
                    "No pledge item numbered \(missing.map(String.init).joined(separator: ", "))")))
            }
            let retired = items.filter(\.isRetired)
            if !retired.isEmpty {
                errors.append(FieldError(field: "items", message: Localized(
                    "已停用的事项不能再承诺：" + retired.map(\.text).joined(separator: "、"),
                    "Retired items cannot be pledged: " + retired.map(\.text).joined(separator: ", "))))
            }
            let old = try Row.fetchOne(db, sql: "SELECT * FROM household_pledge WHERE household_id = ? AND replaced_on IS NULL",
                                       arguments: [householdId]).map { try Self.pledge(db, row: $0) }
            if let old, pledgedOn < old.pledgedOn {
                errors.append(FieldError(field: "pledgedOn", message: Localized(
                    "承诺日期不能早于本户现有承诺书的日期（\(old.pledgedOn)）",
                    "The date cannot be before the household's current pledge (\(old.pledgedOn))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            if let oldId = old?.id {
                try db.execute(sql: "UPDATE household_pledge SET replaced_on = ? WHERE id = ?",
                               arguments: [pledgedOn.description, oldId])
            }
            // Items in catalogue order.
            pledge.itemIds = items.sorted { ($0.sortOrder, $0.id!) < ($1.sortOrder, $1.id!) }.map { $0.id! }
            pledge.supersedesId = old?.id
            try db.execute(sql: """
                INSERT INTO household_pledge (household_id, pledged_on, signed_on, signer, supersedes_id)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [householdId, pledgedOn.description, signedOn?.description, pledge.signer, old?.id])
            pledge.id = db.lastInsertedRowID
            for (i, itemId) in pledge.itemIds.enumerated() {
                try db.execute(sql: "INSERT INTO household_pledge_item (pledge_id, item_id, position) VALUES (?, ?, ?)",
                               arguments: [pledge.id, itemId, i + 1])
            }
            return pledge
        }
    }

    /// Records the signature on a pledge that was not yet signed.
    public func signPledge(pledgeId: Int64, signedOn: LocalDate, signer: String, today: LocalDate = .today()) throws {
        let late = Self.notAfterToday(["signedOn": signedOn], today)
        if !late.isEmpty { throw StoreError.invalid(late) }
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM household_pledge WHERE id = ?", arguments: [pledgeId]) else {
                throw StoreError.notFound
            }
            var pledge = try Self.pledge(db, row: row)
            if let date = pledge.signedOn {
                throw StoreError.refused(Localized("承诺书已于\(date)签字", "The pledge was signed on \(date)"))
            }
            if !pledge.isCurrent {
                throw StoreError.refused(Localized("承诺书已被新的承诺书取代，不能再签字", "The pledge was replaced; it cannot be signed"))
            }
            pledge.signedOn = signedOn
            pledge.signer = Validation.normalizeName(signer)
            let errors = HouseholdPledge.validate(pledge)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try db.execute(sql: "UPDATE household_pledge SET signed_on = ?, signer = ? WHERE id = ?",
                           arguments: [signedOn.description, pledge.signer, pledgeId])
        }
    }

    static func pledge(_ db: Database, row: Row) throws -> HouseholdPledge {
        let id: Int64 = row["id"]
        let items = try Int64.fetchAll(db, sql: "SELECT item_id FROM household_pledge_item WHERE pledge_id = ? ORDER BY position",
                                       arguments: [id])
        return HouseholdPledge(id: id, householdId: row["household_id"], itemIds: items,
                               pledgedOn: row.date("pledged_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                               signedOn: row.date("signed_on"), signer: row["signer"], supersedesId: row["supersedes_id"],
                               replacedOn: row.date("replaced_on"))
    }

    /// One line per household, by number: its current pledge and standing against the
    /// latest round. `filter` matches the number, the head's name or its pinyin.
    /// With `honestyGroupId`, only the group's current members (what its leader may read).
    public func pledgeRows(filter: String = "", villageGroupId: Int64? = nil,
                           honestyGroupId: Int64? = nil) throws -> [PledgeRow] {
        let body = { (db: Database) throws -> [PledgeRow] in
            let latest = try Self.latestRound(db)
            var sql = """
                SELECT h.id, h.number, h.village_group_id, vg.name AS vg_name, COALESCE(p.name, '') AS head_name,
                       COALESCE(p.name_pinyin, '') AS head_pinyin, COALESCE(p.name_initials, '') AS head_initials,
                       hp.id AS pledge_id, hp.pledged_on, hp.signed_on,
                       (SELECT COUNT(*) FROM household_pledge_item i WHERE i.pledge_id = hp.id) AS item_count,
                       (SELECT hg.name FROM group_member gm JOIN honesty_group hg ON hg.id = gm.group_id
                        WHERE gm.household_id = h.id AND gm.left_on IS NULL) AS hg_name,
                       (SELECT GROUP_CONCAT(c.result) FROM pledge_check c WHERE c.pledge_id = hp.id AND c.round_id = ?) AS results
                FROM household h
                JOIN village_group vg ON vg.id = h.village_group_id
                LEFT JOIN person p ON p.id = h.head_person_id
                LEFT JOIN household_pledge hp ON hp.household_id = h.id AND hp.replaced_on IS NULL
                """
            var arguments: StatementArguments = [latest?.id]
            var conditions: [String] = []
            if let villageGroupId {
                conditions.append("h.village_group_id = ?")
                arguments += [villageGroupId]
            }
            if let honestyGroupId {
                conditions.append("h.id IN (SELECT household_id FROM group_member WHERE group_id = ? AND left_on IS NULL)")
                arguments += [honestyGroupId]
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY h.number, h.id"
            let query = filter.trimmed.lowercased()
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row -> PledgeRow? in
                let number: String = row["number"]
                let head: String = row["head_name"]
                if !query.isEmpty {
                    let pinyin: String = row["head_pinyin"]
                    let initials: String = row["head_initials"]
                    guard number.contains(query) || head.contains(query) || pinyin.hasPrefix(query)
                            || initials.hasPrefix(query) else { return nil }
                }
                let pledgeId: Int64? = row["pledge_id"]
                let signedOn = row.date("signed_on")
                let results = ((row["results"] as String?) ?? "").split(separator: ",")
                    .compactMap { CheckResult(rawValue: String($0)) }
                let pledgeStub = pledgeId.map { _ in
                    HouseholdPledge(householdId: row["id"], itemIds: [], pledgedOn: row.date("pledged_on")!, signedOn: signedOn)
                }
                return PledgeRow(householdId: row["id"], householdNumber: number, headName: head,
                                 villageGroupId: row["village_group_id"], villageGroupName: row["vg_name"],
                                 honestyGroupName: row["hg_name"], pledgeId: pledgeId, pledgedOn: row.date("pledged_on"),
                                 signedOn: signedOn, itemCount: row["item_count"],
                                 standing: PledgeRules.standing(of: pledgeStub, latestResults: results,
                                                                itemCount: row["item_count"]))
            }
        }
        if let honestyGroupId { return try read(group: honestyGroupId, body) }
        return try read(body)
    }

    /// The standing of the household's current pledge against the latest round.
    public func pledgeStanding(householdId: Int64) throws -> PledgeStanding {
        try read(household: householdId) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM household_pledge WHERE household_id = ? AND replaced_on IS NULL",
                                             arguments: [householdId]) else { return .none }
            let pledge = try Self.pledge(db, row: row)
            var results: [CheckResult] = []
            if let latest = try Self.latestRound(db) {
                results = try PledgeCheck.filter(Column("round_id") == latest.id && Column("pledge_id") == pledge.id)
                    .fetchAll(db).map(\.result)
            }
            return PledgeRules.standing(of: pledge, latestResults: results, itemCount: pledge.itemIds.count)
        }
    }
}

// MARK: - Check rounds

extension AppDatabase {
    /// The rounds, newest first.
    public func checkRounds() throws -> [CheckRound] {
        try readReference { db in
            try CheckRound.order(Column("held_on").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// The round by its exact name.
    public func checkRound(named name: String) throws -> CheckRound? {
        try read { db in try CheckRound.filter(Column("name") == name.trimmed).fetchOne(db) }
    }

    @discardableResult
    public func createCheckRound(name: String, heldOn: LocalDate) throws -> CheckRound {
        var round = CheckRound(name: name.trimmed, heldOn: heldOn)
        let errors = CheckRound.validate(round)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if try CheckRound.filter(Column("name") == round.name).fetchCount(db) > 0 {
                throw StoreError.invalid([FieldError(field: "name", message: Localized(
                    "已有名为「\(round.name)」的检查轮次", "There is already a round named \(round.name)"))])
            }
            try round.insert(db)
            return round
        }
    }

    /// Records (or corrects) one item's result for a pledge in a round. The pledge must
    /// be signed by the round's date and not replaced before it; the item must be one it pledged.
    public func recordCheck(roundId: Int64, pledgeId: Int64, itemId: Int64, result: CheckResult, note: String,
                            recordedBy: String, on date: LocalDate) throws {
        try recordChecks(roundId: roundId, pledgeId: pledgeId, entries: [CheckEntry(itemId: itemId, result: result, note: note)],
                         recordedBy: recordedBy, on: date)
    }

    /// Records several items' results for one pledge in one round, all or none. Errors of
    /// a line are keyed `note` / `item` with the item's text in the message.
    public func recordChecks(roundId: Int64, pledgeId: Int64, entries: [CheckEntry], recordedBy: String,
                             on date: LocalDate) throws {
        try write { db in
            guard let round = try CheckRound.fetchOne(db, key: roundId) else { throw StoreError.notFound }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM household_pledge WHERE id = ?", arguments: [pledgeId]) else {
                throw StoreError.notFound
            }
            let pledge = try Self.pledge(db, row: row)
            guard let signed = pledge.signedOn else {
                throw StoreError.refused(Localized("承诺书尚未签字，不能检查", "The pledge is not signed; it cannot be checked"))
            }
            if signed > round.heldOn {
                throw StoreError.refused(Localized(
                    "承诺书于\(signed)签字，晚于「\(round.name)」的检查日期（\(round.heldOn)）",
                    "The pledge was signed on \(signed), after the round \(round.name) (\(round.heldOn))"))
            }
            if let replaced = pledge.replacedOn, replaced <= round.heldOn {
                throw StoreError.refused(Localized("该承诺书已于\(replaced)被新承诺书取代",
                                                   "The pledge was replaced on \(replaced)"))
            }
            var errors: [FieldError] = []
            var checks: [PledgeCheck] = []
            for entry in entries {
                guard pledge.itemIds.contains(entry.itemId) else {
                    errors.append(FieldError(field: "item", message: Localized(
                        "本户承诺书中没有编号为 \(entry.itemId) 的事项", "The pledge has no item numbered \(entry.itemId)")))
                    continue
                }
                let check = PledgeCheck(roundId: roundId, pledgeId: pledgeId, itemId: entry.itemId, result: entry.result,
                                        note: entry.note.trimmed, recordedBy: recordedBy.trimmed, recordedOn: date)
                let problems = PledgeCheck.validate(check)
                if !problems.isEmpty, entries.count > 1, let item = try PledgeItem.fetchOne(db, key: entry.itemId) {
                    errors += problems.filter { $0.field != "recordedBy" }.map {
                        FieldError(field: $0.field, message: Localized("\(item.code) \(item.text)：\($0.message.zh)",
                                                                      "\(item.code) \(item.text): \($0.message.en)"))
                    }
                    errors += problems.filter { $0.field == "recordedBy" && !errors.contains($0) }
                } else {
                    errors += problems.filter { !errors.contains($0) }
                }
                checks.append(check)
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            for var check in checks {
                if let existing = try PledgeCheck.filter(Column("round_id") == roundId && Column("pledge_id") == pledgeId
                                                         && Column("item_id") == check.itemId).fetchOne(db) {
                    check.id = existing.id
                    try check.update(db)
                } else {
                    try check.insert(db)
                }
                try Self.followBreach(db, check: check, householdId: pledge.householdId, round: round)
            }
        }
    }

    /// The pledges a round checks (signed by its date, not replaced before it), one per
    /// household by number, with the standing their results in this round give.
    public func roundPledgeRows(roundId: Int64) throws -> [PledgeRow] {
        try read { db in
            guard let round = try CheckRound.fetchOne(db, key: roundId) else { throw StoreError.notFound }
            let day = round.heldOn.description
            return try Row.fetchAll(db, sql: """
                SELECT h.id, h.number, h.village_group_id, vg.name AS vg_name, COALESCE(p.name, '') AS head_name,
                       hp.id AS pledge_id, hp.pledged_on, hp.signed_on, hp.signer,
                       (SELECT COUNT(*) FROM household_pledge_item i WHERE i.pledge_id = hp.id) AS item_count,
                       (SELECT hg.name FROM group_member gm JOIN honesty_group hg ON hg.id = gm.group_id
                        WHERE gm.household_id = h.id AND gm.joined_on <= ? AND (gm.left_on IS NULL OR gm.left_on > ?)
                        ORDER BY gm.joined_on DESC LIMIT 1) AS hg_name,
                       (SELECT GROUP_CONCAT(c.result) FROM pledge_check c WHERE c.pledge_id = hp.id AND c.round_id = ?) AS results
                FROM household_pledge hp
                JOIN household h ON h.id = hp.household_id
                JOIN village_group vg ON vg.id = h.village_group_id
                LEFT JOIN person p ON p.id = h.head_person_id
                WHERE hp.signed_on IS NOT NULL AND hp.signed_on <= ? AND (hp.replaced_on IS NULL OR hp.replaced_on > ?)
                ORDER BY h.number, hp.id
                """, arguments: [day, day, roundId, day, day]).map { row in
                let results = ((row["results"] as String?) ?? "").split(separator: ",")
                    .compactMap { CheckResult(rawValue: String($0)) }
                let stub = HouseholdPledge(householdId: row["id"], itemIds: [], pledgedOn: row.date("pledged_on")!,
                                           signedOn: row.date("signed_on"))
                return PledgeRow(householdId: row["id"], householdNumber: row["number"], headName: row["head_name"],
                                 villageGroupId: row["village_group_id"], villageGroupName: row["vg_name"],
                                 honestyGroupName: row["hg_name"], pledgeId: row["pledge_id"],
                                 pledgedOn: row.date("pledged_on"), signedOn: row.date("signed_on"),
                                 itemCount: row["item_count"], standing: PledgeRules.standing(of: stub, latestResults: results,
                                                                                              itemCount: row["item_count"]))
            }
        }
    }

    /// Each item of the pledge with its result in the round.
    public func checkLines(roundId: Int64, pledgeId: Int64) throws -> [PledgeCheckLine] {
        let householdId = try dbWriter.read { db in
            try Int64.fetchOne(db, sql: "SELECT household_id FROM household_pledge WHERE id = ?", arguments: [pledgeId])
        }
        guard let householdId else { try requireReadAll(); throw StoreError.notFound }
        return try read(household: householdId) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM household_pledge WHERE id = ?", arguments: [pledgeId]) else {
                throw StoreError.notFound
            }
            let pledge = try Self.pledge(db, row: row)
            let items = Dictionary(uniqueKeysWithValues: try PledgeItem.fetchAll(db, keys: pledge.itemIds).map { ($0.id!, $0) })
            let checks = Dictionary(uniqueKeysWithValues: try PledgeCheck
                .filter(Column("round_id") == roundId && Column("pledge_id") == pledgeId).fetchAll(db).map { ($0.itemId, $0) })
            return pledge.itemIds.compactMap { id in items[id].map { PledgeCheckLine(item: $0, check: checks[id]) } }
        }
    }

    /// Items kept ÷ items assessed in the round (nil = the latest round) for the scope.
    public func pledgeRate(roundId: Int64?, scope: RateScope) throws -> Rate {
        try rates(roundId: roundId, scope: scope).items
    }

    /// Households kept ÷ households assessed in the round (nil = latest) for the scope, by the
    /// standing's rule: a part-checked household without a broken item is not assessed.
    public func householdPledgeRate(roundId: Int64?, scope: RateScope) throws -> Rate {
        try rates(roundId: roundId, scope: scope).households
    }

    /// Both rates of one scope.
    public func rates(roundId: Int64?, scope: RateScope) throws -> (items: Rate, households: Rate) {
        let results = try roundResults(roundId: roundId)
        let inScope = results.filter { r in
            switch scope {
            case .village: true
            case .villageGroup(let id): r.villageGroupId == id
            case .honestyGroup(let id): r.honestyGroupId == id
            }
        }
        return Self.rates(inScope)
    }

    /// The village, then each 社, then each honesty group (as members stood on the round's
    /// date), with their rates in the round (nil = latest).
    public func rateLines(roundId: Int64?) throws -> [RateLine] {
        let results = try roundResults(roundId: roundId)
        let village = try village()
        var lines: [RateLine] = []
        let all = Self.rates(results)
        lines.append(RateLine(scope: .village, name: village?.name ?? "全村", items: all.items, households: all.households))
        for g in try villageGroups() {
            let r = Self.rates(results.filter { $0.villageGroupId == g.group.id })
            lines.append(RateLine(scope: .villageGroup(g.group.id!), name: g.group.name, items: r.items, households: r.households))
        }
        for g in try honestyGroups() {
            let r = Self.rates(results.filter { $0.honestyGroupId == g.group.id })
            lines.append(RateLine(scope: .honestyGroup(g.group.id!), name: g.group.name, items: r.items, households: r.households))
        }
        return lines
    }

    struct RoundResult {
        var householdId: Int64
        var pledgeId: Int64
        var itemCount: Int
        var villageGroupId: Int64
        var honestyGroupId: Int64?
        var result: CheckResult
    }

    static func rates(_ results: [RoundResult]) -> (items: Rate, households: Rate) {
        // One pledge per household is in force on a round's date; group by pledge so the item count fits.
        let byPledge = Dictionary(grouping: results, by: \.pledgeId).values.map {
            HouseholdResults($0.map(\.result), itemCount: $0[0].itemCount)
        }
        return (PledgeRules.itemRate(results.map(\.result)), PledgeRules.householdRate(Array(byPledge)))
    }

    /// Every result of the round with the household's 社 and honesty group on the round's date.
    func roundResults(roundId: Int64?) throws -> [RoundResult] {
        try read { db in
            let round: CheckRound?
            if let roundId { round = try CheckRound.fetchOne(db, key: roundId) } else { round = try Self.latestRound(db) }
            guard let round else {
                if roundId != nil { throw StoreError.notFound }
                return []
            }
            return try Row.fetchAll(db, sql: """
                SELECT h.id AS household_id, hp.id AS pledge_id, h.village_group_id, c.result,
                       (SELECT COUNT(*) FROM household_pledge_item i WHERE i.pledge_id = hp.id) AS item_count,
                       (SELECT gm.group_id FROM group_member gm WHERE gm.household_id = h.id AND gm.joined_on <= ?
                        AND (gm.left_on IS NULL OR gm.left_on > ?) ORDER BY gm.joined_on DESC LIMIT 1) AS honesty_group_id
                FROM pledge_check c
                JOIN household_pledge hp ON hp.id = c.pledge_id
                JOIN household h ON h.id = hp.household_id
                WHERE c.round_id = ?
                """, arguments: [round.heldOn.description, round.heldOn.description, round.id]).map {
                RoundResult(householdId: $0["household_id"], pledgeId: $0["pledge_id"], itemCount: $0["item_count"],
                            villageGroupId: $0["village_group_id"],
                            honestyGroupId: $0["honesty_group_id"],
                            result: CheckResult(rawValue: $0["result"]) ?? .notAssessed)
            }
        }
    }

    static func latestRound(_ db: Database) throws -> CheckRound? {
        try CheckRound.order(Column("held_on").desc, Column("id").desc).fetchOne(db)
    }
}
