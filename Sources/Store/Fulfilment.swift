import Foundation
import GRDB
import Domain

// MARK: - Rows

/// One entitlement with what was delivered against it.
public struct LedgerRow: Hashable, Sendable {
    public var entitlement: Entitlement
    public var policyCode: String
    public var policyName: String
    public var policyKind: PolicyKind
    public var householdNumber: String
    public var headName: String
    /// The amount due in fen (money only).
    public var dueFen: Int?
    public var deliveredFen: Int
    public var deliveries: Int
    public var lastDeliveredOn: LocalDate?
    public var isDelivered: Bool
    public var isOverdue: Bool

    public init(entitlement: Entitlement, policyCode: String, policyName: String, policyKind: PolicyKind,
                householdNumber: String, headName: String, dueFen: Int?, deliveredFen: Int, deliveries: Int,
                lastDeliveredOn: LocalDate?, isDelivered: Bool, isOverdue: Bool) {
        self.entitlement = entitlement
        self.policyCode = policyCode
        self.policyName = policyName
        self.policyKind = policyKind
        self.householdNumber = householdNumber
        self.headName = headName
        self.dueFen = dueFen
        self.deliveredFen = deliveredFen
        self.deliveries = deliveries
        self.lastDeliveredOn = lastDeliveredOn
        self.isDelivered = isDelivered
        self.isOverdue = isOverdue
    }
}

/// Promised against delivered for the whole village, in count and in money.
public struct FulfilmentSummary: Hashable, Sendable {
    /// Entitlements recorded (promised to a household).
    public var dueCount: Int
    /// Entitlements fully delivered.
    public var deliveredCount: Int
    /// Not delivered and past the due date.
    public var overdueCount: Int
    /// Money promised, in fen.
    public var dueFen: Int
    /// Money paid, in fen.
    public var deliveredFen: Int
    /// The same counts per policy, in catalogue order.
    public var byPolicy: [PolicySummary]

    public init(dueCount: Int, deliveredCount: Int, overdueCount: Int, dueFen: Int, deliveredFen: Int,
                byPolicy: [PolicySummary] = []) {
        self.dueCount = dueCount
        self.deliveredCount = deliveredCount
        self.overdueCount = overdueCount
        self.dueFen = dueFen
        self.deliveredFen = deliveredFen
        self.byPolicy = byPolicy
    }
}

/// One policy's line of the summary.
public struct PolicySummary: Hashable, Sendable {
    public var policy: Policy
    public var dueCount: Int
    public var deliveredCount: Int
    public var overdueCount: Int
    public var dueFen: Int
    public var deliveredFen: Int
    public init(policy: Policy, dueCount: Int, deliveredCount: Int, overdueCount: Int, dueFen: Int, deliveredFen: Int) {
        self.policy = policy
        self.dueCount = dueCount
        self.deliveredCount = deliveredCount
        self.overdueCount = overdueCount
        self.dueFen = dueFen
        self.deliveredFen = deliveredFen
    }
}

// MARK: - Records

extension Policy: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "policy" }

    public init(row: Row) {
        self.init(id: row["id"], code: row["code"], name: row["name"],
                  level: PolicyLevel(rawValue: row["level"]) ?? .village,
                  kind: PolicyKind(rawValue: row["kind"]) ?? .money, amountFen: row["amount_fen"],
                  recurrence: Recurrence(rawValue: row["recurrence"]) ?? .once, requiredStars: row["required_stars"],
                  eligibility: row["eligibility"], isRetired: row["is_retired"], isConditional: row["is_conditional"],
                  criteria: EligibilityCriteria(family: FamilyCondition(rawValue: row["eligible_family"] ?? "") ?? .any,
                                                associationMember: (row["needs_association_member"] as Bool?) ?? false,
                                                minAge: row["min_age"], maxAge: row["max_age"],
                                                hardship: (row["needs_hardship"] as Bool?) ?? false),
                  starShares: (row["star_shares"] as String?).flatMap(StarPercentages.parse)
                      .map { StarPercentages(percents: $0, minBaseFen: row["min_base_fen"]) })
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["code"] = code
        container["name"] = name
        container["level"] = level.rawValue
        container["kind"] = kind.rawValue
        container["amount_fen"] = amountFen
        container["recurrence"] = recurrence.rawValue
        container["required_stars"] = requiredStars
        container["eligibility"] = eligibility
        container["is_retired"] = isRetired
        container["is_conditional"] = isConditional
        container["eligible_family"] = criteria.family.rawValue
        container["needs_association_member"] = criteria.associationMember
        container["min_age"] = criteria.minAge
        container["max_age"] = criteria.maxAge
        container["needs_hardship"] = criteria.hardship
        container["star_shares"] = starShares.map { $0.percents.map(String.init).joined(separator: ",") }
        container["min_base_fen"] = starShares?.minBaseFen
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Entitlement: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "entitlement" }

    public init(row: Row) {
        self.init(id: row["id"], policyId: row["policy_id"], householdId: row["household_id"], year: row["year"],
                  dueOn: row.date("due_on") ?? LocalDate(year: 2000, month: 1, day: 1)!, amountFen: row["amount_fen"],
                  baseFen: row["base_fen"], note: row["note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["policy_id"] = policyId
        container["household_id"] = householdId
        container["year"] = year
        container["due_on"] = dueOn.description
        container["amount_fen"] = amountFen
        container["base_fen"] = baseFen
        container["note"] = note
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Fulfilment: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "fulfilment" }

    public init(row: Row) {
        self.init(id: row["id"], entitlementId: row["entitlement_id"],
                  deliveredOn: row.date("delivered_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  amountFen: row["amount_fen"], detail: row["detail"], reference: row["reference"],
                  recordedBy: row["recorded_by"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["entitlement_id"] = entitlementId
        container["delivered_on"] = deliveredOn.description
        container["amount_fen"] = amountFen
        container["detail"] = detail
        container["reference"] = reference
        container["recorded_by"] = recordedBy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A policy as written in `Data/policies.json`.
struct PolicySeed: Decodable {
    var code: String
    var name: String
    var level: PolicyLevel
    var kind: PolicyKind
    var amountFen: Int?
    var recurrence: Recurrence
    var requiredStars: Int?
    var eligibility: String?
    /// Withheld during a rectification; by default the village rules' preferences are.
    var conditional: Bool?
    var family: FamilyCondition?
    var associationMember: Bool?
    var minAge: Int?
    var maxAge: Int?
    var hardship: Bool?
    /// A share of a base by star level: the percentages at one, two and three stars.
    var percentByStars: [Int]?
    var minBaseFen: Int?

    var policy: Policy {
        Policy(code: code, name: name, level: level, kind: kind, amountFen: amountFen, recurrence: recurrence,
               requiredStars: requiredStars ?? 0, eligibility: eligibility ?? "", isConditional: conditional ?? (level == .village),
               criteria: EligibilityCriteria(family: family ?? .any, associationMember: associationMember ?? false,
                                             minAge: minAge, maxAge: maxAge, hardship: hardship ?? false),
               starShares: percentByStars.map { StarPercentages(percents: $0, minBaseFen: minBaseFen) })
    }
}

// MARK: - Policy catalogue

extension AppDatabase {
    /// The policies by level (county first) then code; retired ones only when asked for.
    public func policies(includeRetired: Bool = false) throws -> [Policy] {
        try read { db in
            try Policy.fetchAll(db, sql: """
                SELECT * FROM policy \(includeRetired ? "" : "WHERE is_retired = 0")
                ORDER BY is_retired, CASE level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, code, id
                """)
        }
    }

    public func policy(id: Int64) throws -> Policy? {
        try read { db in try Policy.fetchOne(db, key: id) }
    }

    public func policy(code: String) throws -> Policy? {
        try read { db in try Policy.filter(Column("code") == code.trimmed).fetchOne(db) }
    }

    /// Whether households are due the policy (then it is frozen).
    public func isPolicyUsed(id: Int64) throws -> Bool {
        try read { db in try Entitlement.filter(Column("policy_id") == id).fetchCount(db) > 0 }
    }

    /// Validates and saves a policy. Codes are unique. A policy households are already due
    /// is never changed: retire it and add a new one.
    @discardableResult
    public func savePolicy(_ p: Policy) throws -> Policy {
        var policy = p
        policy.code = policy.code.trimmed
        policy.name = policy.name.trimmed
        policy.eligibility = policy.eligibility.trimmed
        let errors = Policy.validate(policy)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if try Policy.filter(Column("code") == policy.code && Column("id") != policy.id).fetchCount(db) > 0 {
                throw StoreError.invalid([FieldError(field: "code", message: Localized(
                    "编码 \(policy.code) 已被其他政策使用", "The code \(policy.code) is used by another policy"))])
            }
            if let id = policy.id {
                guard let stored = try Policy.fetchOne(db, key: id) else { throw StoreError.notFound }
                policy.isRetired = stored.isRetired
                if policy != stored, try Entitlement.filter(Column("policy_id") == id).fetchCount(db) > 0 {
                    throw StoreError.refused(Policy.usedPolicyRefusal(stored))
                }
                try policy.update(db)
            } else {
                policy.isRetired = false
                try policy.insert(db)
            }
            return policy
        }
    }

    /// Takes a policy out of the catalogue: no new entitlements; existing ones stay due.
    public func retirePolicy(id: Int64) throws {
        try write { db in
            guard var policy = try Policy.fetchOne(db, key: id) else { throw StoreError.notFound }
            if policy.isRetired {
                throw StoreError.refused(Localized("「\(policy.name)」已停用", "\(policy.name) is already retired"))
            }
            policy.isRetired = true
            try policy.update(db)
        }
    }

    /// Loads the policies from `Data/policies.json` when the database has none.
    public func installDefaultPolicies(from url: URL) throws {
        if try dbWriter.read({ db in try Policy.fetchCount(db) }) > 0 { return }
        let seeds: [PolicySeed]
        do {
            seeds = try JSONDecoder().decode([PolicySeed].self, from: Data(contentsOf: url))
        } catch {
            throw StoreError.refused(Localized("无法读取政策目录：\(url.path)", "Cannot read the policy catalogue: \(url.path)"))
        }
        try access.asSystem { try dbWriter.write { db in try Self.insertPolicies(db, seeds) } }
    }

    static func insertPolicies(_ db: Database, _ seeds: [PolicySeed]) throws {
        for seed in seeds {
            var policy = seed.policy
            let errors = Policy.validate(policy)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try policy.insert(db)
        }
    }

    /// The pledge catalogue, the policy catalogue and the calendar from a `Data/` folder, each when the database has none.
    public func installDefaultCatalogues(dataDirectory: URL) throws {
        try installDefaultPledgeItems(from: dataDirectory.appendingPathComponent("pledge_items.json"))
        try installDefaultPolicies(from: dataDirectory.appendingPathComponent("policies.json"))
        try installCalendar(from: dataDirectory.appendingPathComponent("calendar.json"))
    }
}

// MARK: - Entitlements and fulfilment

extension AppDatabase {
    /// Records what a household is due under a policy. A one-off policy is due once per
    /// household, a yearly one once per household and year; the amount defaults to the policy's.
    @discardableResult
    public func addEntitlement(_ e: Entitlement) throws -> Entitlement {
        var entitlement = e
        entitlement.note = entitlement.note.trimmed
        return try write { db in
            guard let policy = try Policy.fetchOne(db, key: e.policyId) else {
                throw StoreError.invalid([FieldError(field: "policy", message: Localized("请选择政策", "Choose a policy"))])
            }
            try Self.insertEntitlement(db, &entitlement, policy: policy)
            return entitlement
        }
    }

    /// Checks and inserts one entitlement: the policy's rules, the household's conditions the
    /// records can check, a withheld conditional benefit, the village's star level on the due
    /// date, and for a share by star level the amount from the base.
    static func insertEntitlement(_ db: Database, _ entitlement: inout Entitlement, policy: Policy) throws {
        guard try Household.fetchOne(db, key: entitlement.householdId) != nil else { throw StoreError.notFound }
        let years = try Int.fetchAll(db, sql: "SELECT year FROM entitlement WHERE policy_id = ? AND household_id = ?",
                                     arguments: [entitlement.policyId, entitlement.householdId])
        let errors = FulfilmentRules.entitlementProblems(entitlement, policy: policy, existingYears: years)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        if let withheld = try conditionalBenefitProblem(db, policy: policy, householdId: entitlement.householdId,
                                                        on: entitlement.dueOn) {
            throw StoreError.refused(withheld)
        }
        let level = try villageStarLevel(db, on: entitlement.dueOn)
        if let problem = RectificationRules.starProblem(policy: policy, villageLevel: level, on: entitlement.dueOn) {
            throw StoreError.refused(problem)
        }
        if policy.criteria.isChecked, let facts = try householdFacts(db, ids: [entitlement.householdId]).first {
            let unmet = policy.criteria.unmet(by: facts, on: entitlement.dueOn)
            if !unmet.isEmpty {
                throw StoreError.refused(Localized(
                    "户 \(facts.number) 不符合「\(policy.name)」的享受条件：" + unmet.map(\.zh).joined(separator: "；"),
                    "Household \(facts.number) does not meet the conditions of \(policy.name): " + unmet.map(\.en).joined(separator: "; ")))
            }
        }
        if let shares = policy.starShares, let base = entitlement.baseFen {
            switch shares.amount(baseFen: base, stars: level) {
            case .success(let fen): entitlement.amountFen = fen
            case .failure(let refusal): throw StoreError.refused(refusal.message)
            }
        }
        if policy.kind == .money && entitlement.amountFen == nil { entitlement.amountFen = policy.amountFen }
        try entitlement.insert(db)
    }

    /// The village's star level on `date`, from the reviews on record.
    static func villageStarLevel(_ db: Database, on date: LocalDate) throws -> Int {
        let reviews = try StarReview.order(Column("reviewed_on").desc, Column("id").desc).fetchAll(db)
        return StarRating.status(reviews, on: date).level
    }

    public func entitlement(id: Int64) throws -> Entitlement? {
        try read { db in try Entitlement.fetchOne(db, key: id) }
    }

    /// Records a delivery against an entitlement; money may come in parts but never more than is due.
    @discardableResult
    public func recordFulfilment(_ f: Fulfilment, today: LocalDate = .today()) throws -> Fulfilment {
        let late = Self.notAfterToday(["deliveredOn": f.deliveredOn], today)
        if !late.isEmpty { throw StoreError.invalid(late) }
        var fulfilment = f
        fulfilment.detail = fulfilment.detail.trimmed
        fulfilment.reference = fulfilment.reference.trimmed
        fulfilment.recordedBy = fulfilment.recordedBy.trimmed
        return try write { db in
            guard let e = try Entitlement.fetchOne(db, key: f.entitlementId),
                  let policy = try Policy.fetchOne(db, key: e.policyId) else { throw StoreError.notFound }
            let delivered = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(amount_fen), 0) FROM fulfilment WHERE entitlement_id = ?",
                                             arguments: [e.id]) ?? 0
            let count = try Fulfilment.filter(Column("entitlement_id") == e.id).fetchCount(db)
            let due = FulfilmentRules.dueFen(e, policy: policy)
            if FulfilmentRules.isDelivered(dueFen: due, kind: policy.kind, deliveredFen: delivered, deliveries: count) {
                throw StoreError.refused(Localized("「\(policy.name)」（\(e.year)年度）已兑现完毕",
                                                   "\(policy.name) (\(e.year)) is already delivered in full"))
            }
            let errors = FulfilmentRules.fulfilmentProblems(fulfilment, policy: policy, dueFen: due, deliveredFen: delivered)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            if let withheld = try Self.conditionalBenefitProblem(db, policy: policy, householdId: e.householdId,
                                                                 on: fulfilment.deliveredOn) {
                throw StoreError.refused(withheld)
            }
            try fulfilment.insert(db)
            return fulfilment
        }
    }

    /// The deliveries against an entitlement, oldest first.
    public func fulfilments(entitlementId: Int64) throws -> [Fulfilment] {
        try read { db in
            try Fulfilment.filter(Column("entitlement_id") == entitlementId)
                .order(Column("delivered_on"), Column("id")).fetchAll(db)
        }
    }

    /// What the household is due and what it got, by due date.
    public func householdLedger(householdId: Int64, on today: LocalDate) throws -> [LedgerRow] {
        try ledgerRows(where: "e.household_id = ?", arguments: [householdId], on: today)
    }

    /// Every entitlement, by due date.
    public func allLedgerRows(on today: LocalDate) throws -> [LedgerRow] {
        try ledgerRows(where: "1", arguments: [], on: today)
    }

    /// Entitlements not delivered whose due date has passed, oldest first.
    public func overdueEntitlements(on today: LocalDate) throws -> [LedgerRow] {
        try ledgerRows(where: "e.due_on < ?", arguments: [today.description], on: today).filter(\.isOverdue)
    }

    /// Promised against delivered for the village, in all and per policy.
    public func fulfilmentSummary(on today: LocalDate) throws -> FulfilmentSummary {
        let rows = try allLedgerRows(on: today)
        let policies = try policies(includeRetired: true)
        func sum(_ rows: [LedgerRow]) -> (Int, Int, Int, Int, Int) {
            (rows.count, rows.filter(\.isDelivered).count, rows.filter(\.isOverdue).count,
             rows.reduce(0) { $0 + ($1.dueFen ?? 0) }, rows.reduce(0) { $0 + $1.deliveredFen })
        }
        let all = sum(rows)
        let byPolicy = policies.compactMap { p -> PolicySummary? in
            let mine = rows.filter { $0.entitlement.policyId == p.id }
            guard !mine.isEmpty else { return nil }
            let s = sum(mine)
            return PolicySummary(policy: p, dueCount: s.0, deliveredCount: s.1, overdueCount: s.2, dueFen: s.3, deliveredFen: s.4)
        }
        return FulfilmentSummary(dueCount: all.0, deliveredCount: all.1, overdueCount: all.2, dueFen: all.3,
                                 deliveredFen: all.4, byPolicy: byPolicy)
    }

    func ledgerRows(where condition: String, arguments: StatementArguments, on today: LocalDate) throws -> [LedgerRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.*, p.code AS policy_code, p.name AS policy_name, p.kind AS policy_kind,
                       p.amount_fen AS policy_amount_fen, h.number AS household_number,
                       COALESCE(hd.name, '') AS head_name,
                       COALESCE(f.delivered_fen, 0) AS delivered_fen, COALESCE(f.deliveries, 0) AS deliveries,
                       f.last_delivered_on
                FROM entitlement e
                JOIN policy p ON p.id = e.policy_id
                JOIN household h ON h.id = e.household_id
                LEFT JOIN person hd ON hd.id = h.head_person_id
                LEFT JOIN (SELECT entitlement_id, SUM(amount_fen) AS delivered_fen, COUNT(*) AS deliveries,
                                  MAX(delivered_on) AS last_delivered_on
                           FROM fulfilment GROUP BY entitlement_id) f ON f.entitlement_id = e.id
                WHERE \(condition)
                ORDER BY e.due_on, h.number, e.id
                """, arguments: arguments).map { row in
                let e = Entitlement(row: row)
                let kind = PolicyKind(rawValue: row["policy_kind"]) ?? .money
                let due: Int? = kind == .money ? (e.amountFen ?? row["policy_amount_fen"]) : nil
                let deliveredFen: Int = row["delivered_fen"]
                let deliveries: Int = row["deliveries"]
                let delivered = FulfilmentRules.isDelivered(dueFen: due, kind: kind, deliveredFen: deliveredFen,
                                                            deliveries: deliveries)
                return LedgerRow(entitlement: e, policyCode: row["policy_code"], policyName: row["policy_name"],
                                 policyKind: kind, householdNumber: row["household_number"], headName: row["head_name"],
                                 dueFen: due, deliveredFen: deliveredFen, deliveries: deliveries,
                                 lastDeliveredOn: row.date("last_delivered_on"), isDelivered: delivered,
                                 isOverdue: FulfilmentRules.isOverdue(dueOn: e.dueOn, delivered: delivered, on: today))
            }
        }
    }
}
