import Domain
import GRDB

// Who a policy is for, checked from the records, and the batch step that proposes a
// policy's entitlements to every eligible household for the clerk to confirm (DECISIONS 47).

extension AppDatabase {
    static func registerEligibilitySchema(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE household ADD COLUMN is_hardship BOOLEAN NOT NULL DEFAULT 0;
            ALTER TABLE policy ADD COLUMN eligible_family TEXT NOT NULL DEFAULT 'any'
                CHECK (eligible_family IN ('any', 'onlyChild', 'onlySon', 'onlyDaughter', 'daughtersOnly'));
            ALTER TABLE policy ADD COLUMN needs_association_member BOOLEAN NOT NULL DEFAULT 0;
            ALTER TABLE policy ADD COLUMN min_age INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 120);
            ALTER TABLE policy ADD COLUMN max_age INTEGER CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 120);
            ALTER TABLE policy ADD COLUMN needs_hardship BOOLEAN NOT NULL DEFAULT 0;
            -- A share of a base by star level, "5,10,15" for one, two and three stars.
            ALTER TABLE policy ADD COLUMN star_shares TEXT;
            ALTER TABLE policy ADD COLUMN min_base_fen INTEGER CHECK (min_base_fen IS NULL OR min_base_fen > 0);
            ALTER TABLE entitlement ADD COLUMN base_fen INTEGER CHECK (base_fen IS NULL OR base_fen > 0);
            """)
    }

    /// The facts eligibility looks at, for the households `ids` (every household when nil),
    /// in household number order.
    static func householdFacts(_ db: Database, ids: [Int64]?) throws -> [HouseholdFacts] {
        let narrow = ids.map { "WHERE h.id IN (" + $0.map(String.init).joined(separator: ",") + ")" } ?? ""
        let households = try Row.fetchAll(db, sql: """
            SELECT h.id, h.number, h.is_hardship, COALESCE(p.name, '') AS head_name, vg.name AS group_name
            FROM household h JOIN village_group vg ON vg.id = h.village_group_id
            LEFT JOIN person p ON p.id = h.head_person_id
            \(narrow)
            ORDER BY h.number
            """)
        var members: [Int64: [MemberFacts]] = [:]
        let personFilter = ids.map { "WHERE household_id IN (" + $0.map(String.init).joined(separator: ",") + ")" } ?? ""
        for row in try Row.fetchAll(db, sql: """
            SELECT household_id, name, sex, relation, birth_date, is_association_member, left_on IS NOT NULL AS has_left
            FROM person \(personFilter) ORDER BY household_id, id
            """) {
            let facts = MemberFacts(name: row["name"], sex: Sex(rawValue: row["sex"]) ?? .male,
                                    relation: Relation(rawValue: row["relation"]) ?? .other, birthDate: row.date("birth_date"),
                                    isAssociationMember: row["is_association_member"], hasLeft: row["has_left"])
            members[row["household_id"], default: []].append(facts)
        }
        return households.map { row in
            let id: Int64 = row["id"]
            return HouseholdFacts(householdId: id, number: row["number"], headName: row["head_name"],
                                  groupName: row["group_name"], isHardship: row["is_hardship"], members: members[id] ?? [])
        }
    }

    /// What a policy would give on `dueOn`: every household that meets its conditions and is
    /// not already due it (that year, or ever for a one-off policy), with the grounds; and the
    /// eligible households left out, with the reason (a withheld conditional benefit).
    /// Refused, with the reason, for a policy the batch cannot propose.
    public func proposeEntitlements(policyId: Int64, dueOn: LocalDate, year: Int? = nil,
                                    amountFen: Int? = nil) throws -> EntitlementProposal {
        try read { db in
            guard let policy = try Policy.fetchOne(db, key: policyId) else { throw StoreError.notFound }
            if let refusal = Self.batchRefusal(policy) { throw StoreError.refused(refusal) }
            if policy.kind == .money && policy.amountFen == nil && amountFen == nil {
                throw StoreError.invalid([FieldError(field: "amount", message: Localized(
                    "「\(policy.name)」金额按实际，请填写每户的金额", "\(policy.name)'s amount varies; give the amount for each household"))])
            }
            if policy.kind == .service && amountFen != nil {
                throw StoreError.invalid([FieldError(field: "amount", message: Localized("服务类承诺不填金额", "A service has no amount"))])
            }
            let year = year ?? dueOn.year
            let level = try Self.villageStarLevel(db, on: dueOn)
            if let problem = RectificationRules.starProblem(policy: policy, villageLevel: level, on: dueOn) {
                throw StoreError.refused(problem)
            }
            let already = Set(try Int64.fetchAll(db, sql: """
                SELECT household_id FROM entitlement WHERE policy_id = ? AND (? = 'once' OR year = ?)
                """, arguments: [policyId, policy.recurrence.rawValue, year]))
            let withheld = Dictionary(grouping: try RectificationCase.fetchAll(db), by: \.householdId)
            var proposal = EntitlementProposal(policy: policy, dueOn: dueOn, year: year, amountFen: amountFen ?? policy.amountFen)
            for facts in try Self.householdFacts(db, ids: nil) where policy.criteria.unmet(by: facts, on: dueOn).isEmpty {
                if already.contains(facts.householdId) {
                    proposal.alreadyDue += 1
                    continue
                }
                let grounds = policy.criteria.grounds(for: facts, on: dueOn)
                if policy.isConditional, let refusal = RectificationRules.withholding(withheld[facts.householdId] ?? [], on: dueOn) {
                    proposal.leftOut.append(EntitlementProposal.Line(facts: facts, grounds: grounds, reason: refusal))
                } else {
                    proposal.lines.append(EntitlementProposal.Line(facts: facts, grounds: grounds, reason: nil))
                }
            }
            return proposal
        }
    }

    /// Why the batch cannot propose `policy`'s entitlements, or nil.
    public static func batchRefusal(_ policy: Policy) -> Localized? {
        if policy.isRetired { return Localized("政策「\(policy.name)」已停用", "The policy \(policy.name) is retired") }
        if !policy.criteria.isChecked {
            return Localized("「\(policy.name)」没有可由记录核对的享受条件，请先在政策中设定（家庭类型、协会会员、年龄、生活困难），或逐户登记",
                             "\(policy.name) has no condition the records can check; set them on the policy (family, association, age, hardship) or record households one by one")
        }
        if policy.starShares != nil {
            return Localized("「\(policy.name)」按基数和星级比例计算，须逐户登记基数",
                             "\(policy.name) is a share of each household's own base; record households one by one")
        }
        return nil
    }

    /// Records the proposal's entitlements for the households `householdIds` (those the clerk
    /// kept), in one transaction: each is checked as one entered by hand, and one refusal
    /// stores none. Returns how many were recorded.
    @discardableResult
    public func recordProposedEntitlements(_ proposal: EntitlementProposal, householdIds: [Int64]) throws -> Int {
        let offered = Set(proposal.lines.map(\.facts.householdId))
        guard let policyId = proposal.policy.id, householdIds.allSatisfy(offered.contains) else {
            throw StoreError.refused(Localized("只能登记建议名单中的户", "Only households on the proposal can be recorded"))
        }
        return try write { db in
            guard let policy = try Policy.fetchOne(db, key: policyId) else { throw StoreError.notFound }
            for id in householdIds {
                var e = Entitlement(policyId: policyId, householdId: id, year: proposal.year, dueOn: proposal.dueOn,
                                    amountFen: policy.kind == .money ? proposal.amountFen : nil,
                                    note: "")
                try Self.insertEntitlement(db, &e, policy: policy)
            }
            return householdIds.count
        }
    }
}

/// The entitlements a policy would give: the households proposed, and those left out.
public struct EntitlementProposal: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var facts: HouseholdFacts
        /// What makes the household eligible, in words.
        public var grounds: Localized
        /// Why an eligible household is left out, for `leftOut`.
        public var reason: Localized?
    }

    public var policy: Policy
    public var dueOn: LocalDate
    public var year: Int
    /// The amount each household is due (money), nil for a service.
    public var amountFen: Int?
    public var lines: [Line] = []
    /// Eligible, but its conditional benefits are withheld.
    public var leftOut: [Line] = []
    /// Eligible, and already due the policy for the year (or once).
    public var alreadyDue = 0
}
