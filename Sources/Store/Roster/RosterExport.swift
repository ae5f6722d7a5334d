import Domain
import Foundation
import GRDB

extension AppDatabase {
    /// The village's current persons, one row per person with the import's columns
    /// (`RosterField`), household by household, the head first: what `importPersons`
    /// reads back into an empty village. Numbers masked unless `fullNumbers` and the
    /// role sees them (the caller records such an export in the audit log).
    public func rosterCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE left_on IS NULL") ?? 0
        }
    }

    public static func rosterHeader(_ language: Language) -> [String] {
        RosterField.allCases.map { $0.label.text(language) }
    }

    public func rosterRows(offset: Int, limit: Int, fullNumbers: Bool, language: Language) throws -> [[String]] {
        let full = fullNumbers && may(.fullNumbers)
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.number, g.name AS she, h.address, h.head_person_id, p.*
                FROM person p JOIN household h ON h.id = p.household_id JOIN village_group g ON g.id = h.village_group_id
                WHERE p.left_on IS NULL
                ORDER BY h.number, p.id <> h.head_person_id, p.id
                LIMIT ? OFFSET ?
                """, arguments: [limit, offset]).map { r in
                let p = Person(row: r)
                let isHead = p.id == r["head_person_id"]
                let id = full ? p.idNumber : Mask.idNumber(p.idNumber)
                func phone(_ s: String) -> String { full || s.isEmpty ? s : Mask.phone(s) }
                return RosterField.allCases.map { field -> String in
                    switch field {
                    case .householdNumber: r["number"]
                    case .villageGroup: r["she"]
                    case .address: isHead ? r["address"] : ""
                    case .name: p.name
                    case .relation: p.relation.label.text(language)
                    case .sex: p.sex.label.text(language)
                    case .birthDate: p.birthDate?.description ?? ""
                    case .idNumber: id
                    case .maritalStatus: p.maritalStatus.label.text(language)
                    case .phone: phone(p.phone)
                    case .associationMember: p.isAssociationMember ? (language == .en ? "Yes" : "是") : (language == .en ? "No" : "否")
                    case .migrantStatus: p.migrantStatus.label.text(language)
                    case .whereabouts: p.whereabouts
                    case .migrantContact: phone(p.migrantContact)
                    }
                }
            }
        }
    }
}
