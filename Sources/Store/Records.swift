import Foundation
import GRDB
import Domain

// Record conformances for the Domain values. Columns are snake_case,
// dates TEXT "YYYY-MM-DD", enums their raw strings.

extension Village: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "village" }

    public init(row: Row) {
        self.init(id: row["id"], name: row["name"], township: row["township"], county: row["county"],
                  code: (row["code"] as String?) ?? "")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["township"] = township
        container["county"] = county
        container["code"] = code
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
                  phone: row["phone"], isHardship: (row["is_hardship"] as Bool?) ?? false)
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
        container["is_hardship"] = isHardship
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
                  whereabouts: row["whereabouts"], migrantContact: row["migrant_contact"],
                  leftOn: row.date("left_on"), leftReason: row["left_reason"] ?? "")
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
        container["left_on"] = leftOn?.description
        container["left_reason"] = leftReason
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Row {
    /// A date column (TEXT YYYY-MM-DD), nil when NULL, absent or unreadable.
    func date(_ column: String) -> LocalDate? {
        let text: String? = self[column]
        return text.flatMap(LocalDate.init)
    }
}

extension HonestyGroup: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "honesty_group" }

    public init(row: Row) {
        self.init(id: row["id"], villageId: row["village_id"], villageGroupId: row["village_group_id"],
                  name: row["name"], formedOn: row.date("formed_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  note: row["note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["village_id"] = villageId
        container["village_group_id"] = villageGroupId
        container["name"] = name
        container["formed_on"] = formedOn.description
        container["note"] = note
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension GroupMembership: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "group_member" }

    public init(row: Row) {
        self.init(id: row["id"], groupId: row["group_id"], householdId: row["household_id"],
                  joinedOn: row.date("joined_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  leftOn: row.date("left_on"), leftReason: row["left_reason"], ineligibleReason: row["ineligible_reason"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["group_id"] = groupId
        container["household_id"] = householdId
        container["joined_on"] = joinedOn.description
        container["left_on"] = leftOn?.description
        container["left_reason"] = leftReason
        container["ineligible_reason"] = ineligibleReason
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Election: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "election" }

    public init(row: Row) {
        self.init(id: row["id"], groupId: row["group_id"],
                  heldOn: row.date("held_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  place: row["place"], presidedBy: row["presided_by"], electedPersonId: row["elected_person_id"],
                  meetingId: row["meeting_id"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["group_id"] = groupId
        container["held_on"] = heldOn.description
        container["place"] = place
        container["presided_by"] = presidedBy
        container["elected_person_id"] = electedPersonId
        container["meeting_id"] = meetingId
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension AgreementTemplate: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "agreement_template" }

    public init(row: Row) {
        self.init(id: row["id"], name: row["name"], version: row["version"], body: row["body"],
                  adoptedOn: row.date("adopted_on"), adoptedBy: row["adopted_by"], isDefault: row["is_default"],
                  meetingId: row["meeting_id"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["version"] = version
        container["body"] = body
        container["adopted_on"] = adoptedOn?.description
        container["adopted_by"] = adoptedBy
        container["is_default"] = isDefault
        container["meeting_id"] = meetingId
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Agreement: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "agreement" }

    public init(row: Row) {
        let someDay = LocalDate(year: 2000, month: 1, day: 1)!
        self.init(id: row["id"], groupId: row["group_id"], templateId: row["template_id"], version: row["version"],
                  title: row["title"], body: row["body"],
                  state: AgreementState(rawValue: row["state"]) ?? .draft,
                  validFrom: row.date("valid_from") ?? someDay, validTo: row.date("valid_to") ?? someDay,
                  committeeSigner: row["committee_signer"], committeeSignedOn: row.date("committee_signed_on"),
                  terminatedOn: row.date("terminated_on"), terminationReason: row["termination_reason"],
                  supersedesId: row["supersedes_id"], sourceBody: row["source_body"],
                  createdOn: row.date("created_on"), signingStartedOn: row.date("signing_started_on"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["group_id"] = groupId
        container["template_id"] = templateId
        container["version"] = version
        container["title"] = title
        container["body"] = body
        container["source_body"] = sourceBody
        // expired is derived; it is stored as inForce.
        container["state"] = (state == .expired ? AgreementState.inForce : state).rawValue
        container["valid_from"] = validFrom.description
        container["valid_to"] = validTo.description
        container["created_on"] = createdOn?.description
        container["signing_started_on"] = signingStartedOn?.description
        container["committee_signer"] = committeeSigner
        container["committee_signed_on"] = committeeSignedOn?.description
        container["terminated_on"] = terminatedOn?.description
        container["termination_reason"] = terminationReason
        container["supersedes_id"] = supersedesId
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Signature: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "signature" }

    public init(row: Row) {
        self.init(id: row["id"], agreementId: row["agreement_id"], householdId: row["household_id"],
                  signerName: row["signer_name"], kind: SignatureKind(rawValue: row["kind"]) ?? .pending,
                  proxyName: row["proxy_name"], proxyRelation: row["proxy_relation"],
                  declineReason: row["decline_reason"], signedOn: row.date("signed_on"), witness: row["witness"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["agreement_id"] = agreementId
        container["household_id"] = householdId
        container["signer_name"] = signerName
        container["kind"] = kind.rawValue
        container["proxy_name"] = proxyName
        container["proxy_relation"] = proxyRelation
        container["decline_reason"] = declineReason
        container["signed_on"] = signedOn?.description
        container["witness"] = witness
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
