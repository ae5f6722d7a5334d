import Domain
import Foundation
import GRDB

// The figures of the reports (村级月报告单, quarterly, yearly), computed from the records as
// of the report's date and never stored. Households and persons have no date of their own:
// they count from the day of their first audit entry (DECISIONS 49).

extension AppDatabase {
    /// The village's figures for `month` (a `ReportPeriod` of kind month), as of its last day
    /// or `today` while it runs.
    public func monthlyFigures(month: ReportPeriod, today: LocalDate = .today()) throws -> MonthlyFigures {
        try figures(for: month, today: today)
    }

    /// The figures of any report period: the monthly report, the quarter's figures for the
    /// star review, the yearly summary.
    public func figures(for period: ReportPeriod, today: LocalDate = .today()) throws -> MonthlyFigures {
        try requireReadAll()
        let day = period.asOf(today: today)
        let from = period.from
        let village = try self.village()
        var f = MonthlyFigures(villageCode: village?.code ?? "", villageName: village?.name ?? "",
                               township: village?.township ?? "", county: village?.county ?? "",
                               period: period, asOf: day)
        let d = day.description, start = from.description
        try read { db in
            // Households and persons as of the day; persons who left by then are not counted.
            f.households = try Self.registeredCount(db, table: "household", on: day)
            f.persons = try Self.registeredCount(db, table: "person", on: day, where: "(t.left_on IS NULL OR t.left_on > ?)",
                                                 arguments: [d])
            f.births = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE birth_date BETWEEN ? AND ?",
                                        arguments: [start, d]) ?? 0
            f.personsLeft = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE left_on BETWEEN ? AND ?",
                                             arguments: [start, d]) ?? 0

            f.groups = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM honesty_group WHERE formed_on <= ?", arguments: [d]) ?? 0
            f.householdsInGroups = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT household_id) FROM group_member WHERE joined_on <= ? AND (left_on IS NULL OR left_on > ?)
                """, arguments: [d, d]) ?? 0

            // An agreement is in force from the committee's signature, within its term, until it ends.
            let inForce = """
                state IN ('inForce', 'terminated') AND committee_signed_on IS NOT NULL AND committee_signed_on <= :d
                AND valid_from <= :d AND valid_to >= :d AND (terminated_on IS NULL OR terminated_on > :d)
                """
            let soon = day.addingDays(30).description
            f.agreementsInForce = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agreement WHERE \(inForce)",
                                                   arguments: ["d": d]) ?? 0
            f.agreementsExpiring = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agreement WHERE \(inForce) AND valid_to <= :soon",
                                                    arguments: ["d": d, "soon": soon]) ?? 0
            f.groupsWithoutAgreement = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM honesty_group hg WHERE hg.formed_on <= :d
                AND NOT EXISTS (SELECT 1 FROM agreement WHERE group_id = hg.id AND \(inForce))
                """, arguments: ["d": d]) ?? 0

            f.householdsPledged = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT household_id) FROM household_pledge
                WHERE signed_on IS NOT NULL AND signed_on <= ? AND (replaced_on IS NULL OR replaced_on > ?)
                """, arguments: [d, d]) ?? 0
            if let round = try Row.fetchOne(db, sql: """
                SELECT id, name FROM check_round WHERE held_on <= ? ORDER BY held_on DESC, id DESC LIMIT 1
                """, arguments: [d]) {
                f.checkRound = round["name"]
                let r = try Row.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(result = 'kept'), 0) AS kept, COALESCE(SUM(result IN ('kept', 'broken')), 0) AS assessed
                    FROM pledge_check WHERE round_id = ? AND recorded_on <= ?
                    """, arguments: [round["id"] as Int64, d])
                f.pledgeKept = r?["kept"] ?? 0
                f.pledgeAssessed = r?["assessed"] ?? 0
            }

            f.feedbackReceived = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM feedback WHERE received_on BETWEEN ? AND ? AND (voided_on IS NULL OR voided_on > ?)
                """, arguments: [start, d, d]) ?? 0
            f.feedbackClosed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM feedback WHERE closed_on BETWEEN ? AND ? AND (voided_on IS NULL OR voided_on > ?)
                """, arguments: [start, d, d]) ?? 0
            let open = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS open, COALESCE(SUM(deadline < :d), 0) AS overdue FROM feedback
                WHERE received_on <= :d AND (closed_on IS NULL OR closed_on > :d) AND (voided_on IS NULL OR voided_on > :d)
                """, arguments: ["d": d])
            f.feedbackOpen = open?["open"] ?? 0
            f.feedbackOverdue = open?["overdue"] ?? 0

            f.rectificationOpened = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rectification_case WHERE opened_on BETWEEN ? AND ?",
                                                     arguments: [start, d]) ?? 0
            f.meetingsHeld = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM meeting WHERE held_on BETWEEN ? AND ? AND (deleted_on IS NULL OR deleted_on > ?)
                """, arguments: [start, d, d]) ?? 0
            try Self.countBenefits(db, into: &f, from: from, to: day)
        }
        let population = try populationChanges(from: from, to: day)
        f.householdsRegistered = population.householdsRegistered
        f.personsRegistered = population.personsRegistered
        let rectification = try rectificationCounts(on: day)
        f.rectificationOpen = rectification.open
        f.rectificationOverdue = rectification.overdue
        f.starLevel = try starStatus(on: day).level
        let docs = try ruleDocuments().filter { $0.isInForce(on: day) }
        let groupsWithMembers = try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT group_id) FROM group_member WHERE joined_on <= ? AND (left_on IS NULL OR left_on > ?)
                """, arguments: [d, d]) ?? 0
        }
        let four = FourHaves.compute(groupsWithMembers: groupsWithMembers,
                                     villageRulesInForce: docs.filter { $0.kind == .villageRules }.count,
                                     agreementsInForce: f.agreementsInForce, kindsInForce: Set(docs.map(\.kind)))
        f.hasHonestyGroups = four.hasHonestyGroups
        f.hasVillageRules = four.hasVillageRules
        f.hasAgreements = four.hasAgreements
        f.hasRuleDocuments = four.hasRuleDocuments
        if period.kind == .quarter {
            // The evidence the quarter's star review weighs, for the criteria the records decide.
            let catalog = try starCriteria()
            f.starCriteria = try starEvidence(on: day).compactMap { e in
                catalog.criteria.first { $0.id == e.criterionId }.map {
                    StarCriterionFigure(id: $0.id, level: $0.level, label: $0.label, met: e.met, evidence: e.evidence)
                }
            }
        }
        return f
    }

    /// The year's entitlements due by `to` against what was delivered by then, and the
    /// deliveries of the period.
    static func countBenefits(_ db: Database, into f: inout MonthlyFigures, from: LocalDate, to: LocalDate) throws {
        let d = to.description
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.due_on, p.kind, COALESCE(e.amount_fen, p.amount_fen) AS due_fen,
                   COALESCE((SELECT SUM(amount_fen) FROM fulfilment WHERE entitlement_id = e.id AND delivered_on <= :d), 0) AS delivered_fen,
                   (SELECT COUNT(*) FROM fulfilment WHERE entitlement_id = e.id AND delivered_on <= :d) AS deliveries
            FROM entitlement e JOIN policy p ON p.id = e.policy_id
            WHERE e.year = :year AND e.due_on <= :d
            """, arguments: ["d": d, "year": to.year])
        for row in rows {
            let kind = PolicyKind(rawValue: row["kind"]) ?? .money
            let dueFen: Int? = kind == .money ? row["due_fen"] : nil
            let deliveredFen: Int = row["delivered_fen"]
            let delivered = FulfilmentRules.isDelivered(dueFen: dueFen, kind: kind, deliveredFen: deliveredFen,
                                                        deliveries: row["deliveries"])
            f.entitlementsDue += 1
            f.entitlementsDelivered += delivered ? 1 : 0
            if let dueOn = row.date("due_on"), FulfilmentRules.isOverdue(dueOn: dueOn, delivered: delivered, on: to) {
                f.entitlementsOverdue += 1
            }
            f.dueFen += dueFen ?? 0
            f.deliveredFen += deliveredFen
        }
        let period = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS fen FROM fulfilment WHERE delivered_on BETWEEN ? AND ?
            """, arguments: [from.description, d])
        f.deliveriesInPeriod = period?["n"] ?? 0
        f.deliveredFenInPeriod = period?["fen"] ?? 0
    }

    /// The rows of `table` (household or person) that exist now and were registered on or
    /// before `day`: the day of a row's first audit entry, its own or the bulk import's
    /// manifest that lists it. A row with no entry at all counts as registered from the start.
    /// Audit times are UTC instants, compared as text with the next day's midnight.
    static func registeredCount(_ db: Database, table: String, on day: LocalDate, where condition: String = "1",
                                arguments: StatementArguments = []) throws -> Int {
        let cutoff = day.addingDays(1).description
        // The bulk imports' ranges are few: before the day they register their rows; after it,
        // their rows are not yet there (any later entry of theirs is an edit).
        var early: [(Int64, Int64)] = [], late: [(Int64, Int64)] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT b.first_row_id, b.row_count, l.at FROM audit_bulk b JOIN audit_log l ON l.id = b.entry_id
            WHERE b.table_name = ? ORDER BY b.first_row_id
            """, arguments: [table]) {
            let first: Int64 = row["first_row_id"], count: Int64 = row["row_count"]
            let range = (first, first + count - 1)
            if (row["at"] as String) < cutoff { early.append(range) } else { late.append(range) }
        }
        func within(_ ranges: [(Int64, Int64)]) -> String {
            ranges.isEmpty ? "0" : "(" + ranges.map { "t.id BETWEEN \($0.0) AND \($0.1)" }.joined(separator: " OR ") + ")"
        }
        // The first entry of a row by the (table_name, row_id) index, in id order: one search a row.
        let sql = """
            SELECT COUNT(*) FROM "\(table)" t WHERE \(condition) AND (\(within(early)) OR (NOT \(within(late)) AND
                COALESCE((SELECT a.at FROM audit_log a WHERE a.table_name = '\(table)' AND a.row_id = t.id
                          ORDER BY a.id LIMIT 1), '') < ?))
            """
        var args = arguments
        args += [cutoff]
        return try Int.fetchOne(db, sql: sql, arguments: args) ?? 0
    }

    /// The statement `registeredCount` runs, for the query plan test.
    package static func registeredCountPlan(_ db: Database, table: String) throws -> [String] {
        try Row.fetchAll(db, sql: """
            EXPLAIN QUERY PLAN SELECT COUNT(*) FROM "\(table)" t WHERE COALESCE((SELECT a.at FROM audit_log a
            WHERE a.table_name = '\(table)' AND a.row_id = t.id ORDER BY a.id LIMIT 1), '') < ?
            """, arguments: ["2026-01-01"]).map { $0["detail"] }
    }

    /// The DHIS2 data element mapping from `Data/dhis2/mapping.json` (or `url`).
    public static func dhis2Mapping(from url: URL = Resources.data.appendingPathComponent("dhis2/mapping.json")) throws -> DHIS2Mapping {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StoreError.refused(Localized("无法读取 DHIS2 映射文件 \(url.path)", "Cannot read the DHIS2 mapping file \(url.path)"))
        }
        do { return try JSONDecoder().decode(DHIS2Mapping.self, from: data) } catch {
            throw StoreError.refused(Localized("DHIS2 映射文件 \(url.path) 格式不对", "The DHIS2 mapping file \(url.path) is not valid"))
        }
    }
}
