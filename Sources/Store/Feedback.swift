import Foundation
import GRDB
import Domain

// MARK: - The feedback register (信息反馈及处理意见登记本)

extension AppDatabase {
    /// Entries the filter takes, newest received first.
    public func feedbackEntries(filter: FeedbackFilter) throws -> [FeedbackEntry] {
        let sql: String
        var arguments: StatementArguments = []
        switch filter {
        case .all:
            sql = "SELECT * FROM feedback"
        case .open:
            sql = "SELECT * FROM feedback WHERE status <> 'closed' AND voided_on IS NULL"
        case .overdue(let today):
            sql = "SELECT * FROM feedback WHERE status <> 'closed' AND voided_on IS NULL AND deadline < ?"
            arguments = [today.description]
        case .closed:
            sql = "SELECT * FROM feedback WHERE status = 'closed' AND voided_on IS NULL"
        }
        return try read { db in
            try FeedbackEntry.fetchAll(db, sql: sql + " ORDER BY received_on DESC, id DESC", arguments: arguments)
        }
    }

    public func feedbackEntry(id: Int64) throws -> FeedbackEntry? {
        try read { db in try FeedbackEntry.fetchOne(db, key: id) }
    }

    /// Adds or edits an entry. Anonymous entries keep no name or contact; a closed entry
    /// needs an outcome and a closing date. Closed and voided entries are not edited.
    @discardableResult
    public func saveFeedback(_ e: FeedbackEntry) throws -> FeedbackEntry {
        try saveFeedback(e, on: LocalDate.today())
    }

    @discardableResult
    public func saveFeedback(_ e: FeedbackEntry, on today: LocalDate) throws -> FeedbackEntry {
        var entry = e.normalized()
        if entry.status == .closed, entry.closedOn == nil { entry.closedOn = today }
        let errors = FeedbackEntry.validate(entry, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if let id = entry.id {
                guard let stored = try FeedbackEntry.fetchOne(db, key: id) else { throw StoreError.notFound }
                try Self.refuseChange(of: stored)
                entry.voidedOn = nil
                entry.voidReason = ""
                try entry.update(db)
            } else {
                entry.voidedOn = nil
                entry.voidReason = ""
                try entry.insert(db)
            }
            return entry
        }
    }

    /// Closes an open entry with its outcome (required) on a date.
    public func closeFeedback(id: Int64, outcome: String, on date: LocalDate) throws {
        try closeFeedback(id: id, outcome: outcome, on: date, today: LocalDate.today())
    }

    /// As `closeFeedback(id:outcome:on:)`, refusing a closing date after `today`.
    public func closeFeedback(id: Int64, outcome: String, on date: LocalDate, today: LocalDate) throws {
        try write { db in
            guard var entry = try FeedbackEntry.fetchOne(db, key: id) else { throw StoreError.notFound }
            try Self.refuseChange(of: entry)
            entry.status = .closed
            entry.outcome = outcome.trimmed
            entry.closedOn = date
            let errors = FeedbackEntry.validate(entry, on: today).filter { ["outcome", "closedOn"].contains($0.field) }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try entry.update(db)
        }
    }

    /// Voids an entry made by mistake, with a reason (required); it stays in the register.
    public func voidFeedback(id: Int64, reason: String) throws {
        try voidFeedback(id: id, reason: reason, on: LocalDate.today())
    }

    public func voidFeedback(id: Int64, reason: String, on today: LocalDate) throws {
        let reason = reason.trimmed
        try write { db in
            guard var entry = try FeedbackEntry.fetchOne(db, key: id) else { throw StoreError.notFound }
            if let voided = entry.voidedOn {
                throw StoreError.refused(Localized("该记录已于\(voided)作废", "The entry was voided on \(voided)"))
            }
            if reason.isEmpty {
                throw StoreError.invalid([FieldError(field: "voidReason", message: Localized(
                    "作废须注明原因", "Voiding needs a reason"))])
            }
            if reason.count > 100 {
                throw StoreError.invalid([FieldError(field: "voidReason", message: Localized("原因最多100个字", "At most 100 characters"))])
            }
            entry.voidedOn = today
            entry.voidReason = reason
            try entry.update(db)
        }
    }

    /// Open entries and, of them, those past their deadline on `today`.
    public func feedbackCounts(on today: LocalDate) throws -> (open: Int, overdue: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS open, COALESCE(SUM(deadline < ?), 0) AS overdue
                FROM feedback WHERE status <> 'closed' AND voided_on IS NULL
                """, arguments: [today.description])
            return (row?["open"] ?? 0, row?["overdue"] ?? 0)
        }
    }

    static func refuseChange(of stored: FeedbackEntry) throws {
        if let voided = stored.voidedOn {
            throw StoreError.refused(Localized("该记录已于\(voided)作废，不能修改", "The entry was voided on \(voided); it cannot change"))
        }
        if stored.status == .closed {
            throw StoreError.refused(Localized(
                "该记录已于\(stored.closedOn?.description ?? "")办结，不能修改；如登记有误请作废后重新登记",
                "The entry was closed on \(stored.closedOn?.description ?? ""); it cannot change. Void it and enter it again if it is wrong"))
        }
    }
}

extension FeedbackEntry: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "feedback" }

    public init(row: Row) {
        let someDay = LocalDate(year: 2000, month: 1, day: 1)!
        self.init(id: row["id"], receivedOn: row.date("received_on") ?? someDay,
                  source: FeedbackSource(rawValue: row["source"]) ?? .other, anonymous: row["anonymous"],
                  raisedBy: row["raised_by"], contact: row["contact"], content: row["content"], handler: row["handler"],
                  deadline: row.date("deadline") ?? someDay, status: FeedbackStatus(rawValue: row["status"]) ?? .pending,
                  outcome: row["outcome"], closedOn: row.date("closed_on"), voidedOn: row.date("voided_on"),
                  voidReason: row["void_reason"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["received_on"] = receivedOn.description
        container["source"] = source.rawValue
        container["anonymous"] = anonymous
        container["raised_by"] = anonymous ? "" : raisedBy
        container["contact"] = anonymous ? "" : contact
        container["content"] = content
        container["handler"] = handler
        container["deadline"] = deadline.description
        container["status"] = status.rawValue
        container["outcome"] = outcome
        container["closed_on"] = closedOn?.description
        container["voided_on"] = voidedOn?.description
        container["void_reason"] = voidReason
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
