import Domain
import Foundation
import GRDB

// A broken pledge item and its rectification (整改), the agreement's §四.2: the case is
// opened by the check, the steps are recorded in order, and a conditional benefit is
// refused while the case withholds it (DECISIONS 43).

extension RectificationCase: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "rectification_case" }

    public init(row: Row) {
        self.init(id: row["id"], householdId: row["household_id"], checkId: row["check_id"], item: row["item"],
                  openedOn: row.date("opened_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  deadline: row.date("deadline") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  groupReviewOn: row.date("group_review_on"), groupReviewNote: row["group_review_note"],
                  committeeCheckOn: row.date("committee_check_on"), committeeCheckBy: row["committee_check_by"],
                  mendedOn: row.date("mended_on"), mendedNote: row["mended_note"],
                  restoredOn: row.date("restored_on"), restoredNote: row["restored_note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["household_id"] = householdId
        container["check_id"] = checkId
        container["item"] = item
        container["opened_on"] = openedOn.description
        container["deadline"] = deadline.description
        container["group_review_on"] = groupReviewOn?.description
        container["group_review_note"] = groupReviewNote
        container["committee_check_on"] = committeeCheckOn?.description
        container["committee_check_by"] = committeeCheckBy
        container["mended_on"] = mendedOn?.description
        container["mended_note"] = mendedNote
        container["restored_on"] = restoredOn?.description
        container["restored_note"] = restoredNote
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A case with its household, for lists.
public struct RectificationRow: Sendable, Hashable {
    public var rectification: RectificationCase
    public var householdNumber: String
    public var headName: String
}

extension AppDatabase {
    /// After a check is stored: a broken item opens a case (once per check); a check
    /// corrected from broken to kept removes its case while no step is recorded on it.
    static func followBreach(_ db: Database, check: PledgeCheck, householdId: Int64, round: CheckRound) throws {
        guard let checkId = check.id else { return }
        let existing = try RectificationCase.filter(Column("check_id") == checkId).fetchOne(db)
        if check.result == .broken {
            guard existing == nil else { return }
            let item = try PledgeItem.fetchOne(db, key: check.itemId)
            let text = item.map { $0.text } ?? ""
            var c = RectificationCase(householdId: householdId, checkId: checkId,
                                      item: check.note.isEmpty ? text : "\(text)（\(check.note)）", openedOn: round.heldOn,
                                      deadline: round.heldOn.addingDays(RectificationRules.daysToMend))
            try c.insert(db)
        } else if let c = existing, c.groupReviewOn == nil, c.mendedOn == nil {
            _ = try c.delete(db)
        }
    }

    /// Every case, newest first; `householdId` narrows to one household.
    public func rectificationCases(householdId: Int64? = nil) throws -> [RectificationRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, h.number AS household_number, COALESCE(p.name, '') AS head_name
                FROM rectification_case r JOIN household h ON h.id = r.household_id
                LEFT JOIN person p ON p.id = h.head_person_id
                \(householdId == nil ? "" : "WHERE r.household_id = ?")
                ORDER BY r.opened_on DESC, r.id DESC
                """, arguments: householdId.map { [$0] } ?? []).map {
                RectificationRow(rectification: RectificationCase(row: $0), householdNumber: $0["household_number"],
                                 headName: $0["head_name"])
            }
        }
    }

    public func rectificationCase(id: Int64) throws -> RectificationCase? {
        try read { db in try RectificationCase.fetchOne(db, key: id) }
    }

    /// Records one step of a case on `date` with its note (for the committee's check, who
    /// checked). The steps go in order; the rules say what is refused.
    @discardableResult
    public func recordRectificationStep(_ step: RectificationStep, caseId: Int64, on date: LocalDate, note: String,
                                        today: LocalDate) throws -> RectificationCase {
        let text = note.trimmed
        if text.count > 200 {
            throw StoreError.invalid([FieldError(field: "note", message: Localized("说明最多200个字", "At most 200 characters"))])
        }
        return try write { db in
            guard var c = try RectificationCase.fetchOne(db, key: caseId) else { throw StoreError.notFound }
            if let problem = RectificationRules.problem(recording: step, on: date, in: c, today: today) {
                throw StoreError.refused(problem)
            }
            switch step {
            case .groupReview:
                c.groupReviewOn = date
                c.groupReviewNote = text
            case .committeeCheck:
                if text.isEmpty {
                    throw StoreError.invalid([FieldError(field: "note", message: Localized("请填写核实人", "Who checked is required"))])
                }
                c.committeeCheckOn = date
                c.committeeCheckBy = text
            case .mended:
                c.mendedOn = date
                c.mendedNote = text
            case .restored:
                c.restoredOn = date
                c.restoredNote = text
            }
            try c.update(db)
            return c
        }
    }

    /// Why a household may not have `policy` on `date`: a conditional benefit while a case
    /// withholds it. Nil when it may.
    static func conditionalBenefitProblem(_ db: Database, policy: Policy, householdId: Int64, on date: LocalDate) throws
        -> Localized? {
        guard policy.isConditional else { return nil }
        let cases = try RectificationCase.filter(Column("household_id") == householdId).fetchAll(db)
        return RectificationRules.withholding(cases, on: date)
    }

    /// The case that withholds a household's conditional benefits on `date`, if one does.
    public func withholdingCase(householdId: Int64, on date: LocalDate) throws -> RectificationCase? {
        try read { db in
            try RectificationCase.filter(Column("household_id") == householdId).fetchAll(db).first { $0.withholds(on: date) }
        }
    }
}
