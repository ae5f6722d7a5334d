import Foundation
import GRDB
import Domain

// Record conformances for the Domain values. Columns are snake_case,
// dates TEXT "YYYY-MM-DD", enums their raw strings.

extension Village: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "village" }

    public init(row: Row) {
        self.init(id: row["id"], name: row["name"], township: row["township"], county: row["county"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["township"] = township
        container["county"] = county
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension VillageGroup: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "village_group" }

    public init(row: Row) {
        self.init(id: row["id"], villageId: row["village_id"], number: row["number"], name: row["name"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["village_id"] = villageId
        container["number"] = number
        container["name"] = name
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Household: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "household" }

    public init(row: Row) {
        self.init(id: row["id"], villageId: row["village_id"], villageGroupId: row["village_group_id"],
                  number: row["number"], address: row["address"], headPersonId: row["head_person_id"],
                  phone: row["phone"])
    }

    // member_count is kept by triggers and never written from here.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["village_id"] = villageId
        container["village_group_id"] = villageGroupId
        container["number"] = number
        container["address"] = address
        container["head_person_id"] = headPersonId
        container["phone"] = phone
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Person: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "person" }

    public init(row: Row) {
        let birth: String? = row["birth_date"]
        self.init(id: row["id"], householdId: row["household_id"], name: row["name"],
                  sex: Sex(rawValue: row["sex"]) ?? .male,
                  idNumber: row["id_number"],
                  birthDate: birth.flatMap(LocalDate.init),
                  relation: Relation(rawValue: row["relation"]) ?? .other,
                  maritalStatus: MaritalStatus(rawValue: row["marital_status"]) ?? .unmarried,
                  phone: row["phone"],
                  isAssociationMember: row["is_association_member"],
                  migrantStatus: MigrantStatus(rawValue: row["migrant_status"]) ?? .resident,
                  whereabouts: row["whereabouts"], migrantContact: row["migrant_contact"])
    }

    /// The pinyin columns are derived from the name on every write.
    public func encode(to container: inout PersistenceContainer) {
        let spelled = PinyinCache.shared.spell(name)
        container["id"] = id
        container["household_id"] = householdId
        container["name"] = name
        container["name_pinyin"] = spelled.full
        container["name_initials"] = spelled.initials
        container["sex"] = sex.rawValue
        container["id_number"] = idNumber
        container["birth_date"] = birthDate?.description
        container["relation"] = relation.rawValue
        container["marital_status"] = maritalStatus.rawValue
        container["phone"] = phone
        container["is_association_member"] = isAssociationMember
        container["migrant_status"] = migrantStatus.rawValue
        container["whereabouts"] = whereabouts
        container["migrant_contact"] = migrantContact
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Remembers recent pinyin spellings: the transliteration is slow and names repeat.
final class PinyinCache: @unchecked Sendable {
    static let shared = PinyinCache()
    private let lock = NSLock()
    private var spelled: [String: (full: String, initials: String)] = [:]

    func spell(_ name: String) -> (full: String, initials: String) {
        lock.lock()
        if let known = spelled[name] { lock.unlock(); return known }
        lock.unlock()
        // Same results as Pinyin.full and Pinyin.initials, with one transliteration.
        let syllables = Pinyin.syllables(name)
        let value = (full: syllables.joined(), initials: String(syllables.compactMap(\.first)))
        lock.lock()
        if spelled.count > 20_000 { spelled.removeAll(keepingCapacity: true) }
        spelled[name] = value
        lock.unlock()
        return value
    }
}
