import Foundation
import GRDB
import Domain

extension DemoVillage {
    /// `Data/` in the repository, for the catalogues when the database has none yet.
    static var repositoryDataURL: URL {
        repositorySpecURL.deletingLastPathComponent()
    }

    /// Household pledges, one check round with a few broken items, and some entitlements
    /// with their fulfilment (one overdue) for the demo village, inside the build's transaction.
    ///
    /// Pledges go to most member households of the honesty groups, or, without groups,
    /// to most households of 社 1–2. Dates are counted back from `today` (the spec's
    /// reference date); the same database always gets the same records.
    static func addDemoPledges(_ db: Database, today: LocalDate, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0x504C_4544)
        if try PledgeItem.fetchCount(db) == 0 {
            let seeds = try JSONDecoder().decode([PledgeItemSeed].self,
                                                 from: Data(contentsOf: repositoryDataURL.appendingPathComponent("pledge_items.json")))
            try AppDatabase.insertPledgeItems(db, seeds)
        }
        if try Policy.fetchCount(db) == 0 {
            let seeds = try JSONDecoder().decode([PolicySeed].self,
                                                 from: Data(contentsOf: repositoryDataURL.appendingPathComponent("policies.json")))
            try AppDatabase.insertPolicies(db, seeds)
        }
        let items = try PledgeItem.filter(Column("is_retired") == false).order(Column("sort_order"), Column("id")).fetchAll(db)
        guard items.count >= 4 else { return }

        // The households of 社 1 and 2 (the demo's groups are in 一社).
        let households = try Int64.fetchAll(db, sql: """
            SELECT h.id FROM household h JOIN village_group vg ON vg.id = h.village_group_id
            WHERE vg.number IN (1, 2) ORDER BY h.number
            """)
        let pledgedOn = LocalDate(year: today.year - 1, month: 3, day: 16) ?? today
        let roundDay = today.addingDays(-12)
        var round = CheckRound(name: CheckRound.quarterName(for: roundDay), heldOn: roundDay)
        try round.insert(db)
        let brokenNotes = ["未按时参加孕环情检查", "外出未报告去向", "未参加小组活动", "婚育证明未及时办理"]

        for householdId in households where !rng.chance(0.12) {
            // The core items, plus some of the others.
            var chosen = items.prefix(3).map { $0.id! }
            for item in items.dropFirst(3) where rng.chance(0.7) { chosen.append(item.id!) }
            let signer = try String.fetchOne(db, sql: """
                SELECT COALESCE((SELECT name FROM person WHERE household_id = ? AND relation = 'spouse' AND sex = 'female'
                                 AND left_on IS NULL LIMIT 1), (SELECT p.name FROM person p JOIN household h ON h.head_person_id = p.id
                                 WHERE h.id = ?))
                """, arguments: [householdId, householdId]) ?? ""
            let signed = !rng.chance(0.08)
            let signedOn = signed ? pledgedOn.addingDays(rng.inRange(0...10)) : nil
            try db.execute(sql: """
                INSERT INTO household_pledge (household_id, pledged_on, signed_on, signer) VALUES (?, ?, ?, ?)
                """, arguments: [householdId, pledgedOn.description, signedOn?.description, signer])
            let pledgeId = db.lastInsertedRowID
            for (i, itemId) in chosen.enumerated() {
                try db.execute(sql: "INSERT INTO household_pledge_item (pledge_id, item_id, position) VALUES (?, ?, ?)",
                               arguments: [pledgeId, itemId, i + 1])
            }
            // Most signed households are checked; a few items broken, a few not assessed.
            guard signed, !rng.chance(0.1) else { continue }
            for itemId in chosen {
                let roll = rng.below(100)
                let result: CheckResult = roll < 2 ? .broken : (roll < 6 ? .notAssessed : .kept)
                var check = PledgeCheck(roundId: round.id!, pledgeId: pledgeId, itemId: itemId, result: result,
                                        note: result == .broken ? rng.pick(brokenNotes) : "",
                                        recordedBy: "村计生专干", recordedOn: roundDay)
                try check.insert(db)
                try AppDatabase.followBreach(db, check: check, householdId: householdId, round: round)
            }
        }
        // The first broken item has been through the group's review and the committee's check,
        // so its household's conditional benefits are withheld.
        if var first = try RectificationCase.order(Column("id")).fetchOne(db) {
            first.groupReviewOn = roundDay.addingDays(5)
            first.groupReviewNote = "小组评议：属实"
            first.committeeCheckOn = roundDay.addingDays(8)
            first.committeeCheckBy = "村委会 李主任"
            try first.update(db)
        }

        // A few households with an association member are in hardship (for 困难会员救助).
        try db.execute(sql: """
            UPDATE household SET is_hardship = 1 WHERE id IN (
                SELECT DISTINCT p.household_id FROM person p JOIN household h ON h.id = p.household_id
                JOIN village_group vg ON vg.id = h.village_group_id
                WHERE p.is_association_member AND p.left_on IS NULL AND vg.number IN (1, 2)
                ORDER BY h.number LIMIT 3)
            """)
        // Entitlements: most delivered, one overdue. A policy whose conditions the records can
        // check goes to a household that meets them.
        let policies = Dictionary(uniqueKeysWithValues: try Policy.fetchAll(db).map { ($0.code, $0) })
        let year = today.year - 1
        let facts = Dictionary(uniqueKeysWithValues: try AppDatabase.householdFacts(db, ids: households).map { ($0.householdId, $0) })
        var used: Set<Int64> = []
        func due(_ code: String, _ householdIndex: Int, month: Int, amountFen: Int? = nil, deliver: Bool,
                 detail: String = "") throws {
            guard let policy = policies[code], households.indices.contains(householdIndex) else { return }
            let dueOn = LocalDate(year: year, month: month, day: 30) ?? LocalDate(year: year, month: month, day: 28)!
            let fits = { (id: Int64) in
                !used.contains(id) && (facts[id].map { policy.criteria.unmet(by: $0, on: dueOn).isEmpty } ?? false)
            }
            guard let householdId = policy.criteria.isChecked
                    ? (households[householdIndex...] + households[..<householdIndex]).first(where: fits)
                    : households[householdIndex] else { return }
            used.insert(householdId)
            var e = Entitlement(policyId: policy.id!, householdId: householdId, year: year, dueOn: dueOn,
                                amountFen: policy.kind == .money ? (amountFen ?? policy.amountFen) : nil)
            try e.insert(db)
            guard deliver else { return }
            var f = Fulfilment(entitlementId: e.id!, deliveredOn: dueOn.addingDays(-rng.inRange(3...20)),
                               amountFen: e.amountFen, detail: detail,
                               reference: "兑-\(year)-\(String(format: "%03d", e.id!))", recordedBy: "村计生专干")
            try f.insert(db)
        }
        try due("X1-SX", 2, month: 9, deliver: true, detail: "银行转账")
        try due("X1-JZ-F", 5, month: 6, deliver: true, detail: "现金发放")
        try due("X1-JZ-M", 9, month: 10, deliver: false)
        try due("X2-BX5", 11, month: 7, deliver: true, detail: "住院费用按提高5个百分点报销")
        try due("XH-KN", 14, month: 11, amountFen: 80000, deliver: true, detail: "银行转账")
        for i in [0, 3, 6, 8, 12] {
            try due("C-JTFH", i, month: 12, deliver: true, detail: "集体收益分红")
        }
    }
}
