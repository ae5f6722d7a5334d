import Domain
import Foundation
import GRDB

// What the 阳光计生 board needs beyond the lists other screens read: the deliveries, the
// feedback and the population changes of a period, each counted from the records.

/// Deliveries of one policy in a period.
public struct DeliveredPolicy: Hashable, Sendable {
    public var policyName: String
    public var kind: PolicyKind
    public var deliveries: Int
    public var households: Int
    public var amountFen: Int
}

/// How the village's population changed in a period.
public struct PopulationChanges: Hashable, Sendable {
    /// Households and persons entered in the period: by the day of their first audit entry
    /// (an insert, or a bulk import's manifest).
    public var householdsRegistered: Int
    public var personsRegistered: Int
    /// Persons born in the period (by their birth dates).
    public var births: Int
    /// Persons who left their household in the period, by reason.
    public var left: [Departures]

    /// The persons who left for one reason (迁出, 死亡 …).
    public struct Departures: Hashable, Sendable {
        public var reason: String
        public var count: Int
    }

    public var isEmpty: Bool { householdsRegistered == 0 && personsRegistered == 0 && births == 0 && left.isEmpty }
}

/// Feedback received and closed in a period, with the closed entries (no names).
public struct FeedbackHandled: Hashable, Sendable {
    public var received: Int
    public var closed: [FeedbackEntry]
}

extension AppDatabase {
    /// The deliveries recorded from `from` to `to`, by policy, money before services.
    public func deliveries(from: LocalDate, to: LocalDate) throws -> [DeliveredPolicy] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.name, p.kind, COUNT(*) AS deliveries, COUNT(DISTINCT e.household_id) AS households,
                       COALESCE(SUM(f.amount_fen), 0) AS amount
                FROM fulfilment f JOIN entitlement e ON e.id = f.entitlement_id JOIN policy p ON p.id = e.policy_id
                WHERE f.delivered_on BETWEEN ? AND ?
                GROUP BY p.id ORDER BY p.kind, p.code
                """, arguments: [from.description, to.description]).map {
                DeliveredPolicy(policyName: $0["name"], kind: PolicyKind(rawValue: $0["kind"]) ?? .money,
                                deliveries: $0["deliveries"], households: $0["households"], amountFen: $0["amount"])
            }
        }
    }

    /// Feedback received in the period, and the entries closed in it (voided ones left out).
    public func feedbackHandled(from: LocalDate, to: LocalDate) throws -> FeedbackHandled {
        try read { db in
            let received = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM feedback WHERE voided_on IS NULL AND received_on BETWEEN ? AND ?
                """, arguments: [from.description, to.description]) ?? 0
            let closed = try FeedbackEntry.fetchAll(db, sql: """
                SELECT * FROM feedback WHERE voided_on IS NULL AND status = 'closed' AND closed_on BETWEEN ? AND ?
                ORDER BY closed_on, id
                """, arguments: [from.description, to.description])
            return FeedbackHandled(received: received, closed: closed)
        }
    }

    /// The households and persons entered, born and gone in the period.
    public func populationChanges(from: LocalDate, to: LocalDate) throws -> PopulationChanges {
        // Audit times are UTC instants; a day's entries are those before the next midnight.
        let start = from.description, end = to.addingDays(1).description
        return try read { db in
            func entered(_ table: String) throws -> Int {
                let single = try Int.fetchOne(db, sql: """
                    SELECT COUNT(DISTINCT row_id) FROM audit_log
                    WHERE table_name = ? AND action = 'insert' AND at >= ? AND at < ?
                    """, arguments: [table, start, end]) ?? 0
                let bulk = try Int.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(b.row_count), 0) FROM audit_bulk b JOIN audit_log l ON l.id = b.entry_id
                    WHERE b.table_name = ? AND l.at >= ? AND l.at < ?
                    """, arguments: [table, start, end]) ?? 0
                return single + bulk
            }
            let births = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE birth_date BETWEEN ? AND ?",
                                          arguments: [from.description, to.description]) ?? 0
            let left = try Row.fetchAll(db, sql: """
                SELECT CASE WHEN TRIM(left_reason) = '' THEN '其他' ELSE TRIM(left_reason) END AS reason, COUNT(*) AS n
                FROM person WHERE left_on BETWEEN ? AND ? GROUP BY reason ORDER BY n DESC, reason
                """, arguments: [from.description, to.description]).map {
                PopulationChanges.Departures(reason: $0["reason"], count: $0["n"])
            }
            return PopulationChanges(householdsRegistered: try entered("household"), personsRegistered: try entered("person"),
                                     births: births, left: left)
        }
    }
}
