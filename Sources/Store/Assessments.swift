import Foundation
import GRDB
import Domain

// MARK: - Schema (migration "v4 assessments, rule documents, feedback")

extension AppDatabase {
    /// The tables of migration v4. Registered once; never edit it after release, add a migration instead.
    static func registerAssessmentSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE survey_round (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                held_on TEXT NOT NULL,
                conductor TEXT NOT NULL CHECK (conductor IN ('selfAssessment', 'township')),
                awareness_target INTEGER NOT NULL DEFAULT 80 CHECK (awareness_target BETWEEN 1 AND 100),
                satisfaction_target INTEGER NOT NULL DEFAULT 90 CHECK (satisfaction_target BETWEEN 1 AND 100),
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX survey_round_on_held_on ON survey_round(held_on, id);

            -- One answer per household per round; recording again replaces it.
            CREATE TABLE survey_answer (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                round_id INTEGER NOT NULL REFERENCES survey_round(id) ON DELETE RESTRICT,
                household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                aware BOOLEAN NOT NULL,
                satisfaction TEXT NOT NULL CHECK (satisfaction IN ('satisfied', 'basicallySatisfied', 'dissatisfied')),
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE UNIQUE INDEX survey_answer_on_round ON survey_answer(round_id, household_id);
            CREATE INDEX survey_answer_on_household ON survey_answer(household_id);

            -- The criteria catalogue, installed from Data/star_criteria.json.
            CREATE TABLE star_criterion (
                id TEXT PRIMARY KEY,
                level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
                label_zh TEXT NOT NULL,
                label_en TEXT NOT NULL,
                position INTEGER NOT NULL
            );

            -- The level and any bar are derived from these rows, never stored.
            CREATE TABLE star_review (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                reviewed_on TEXT NOT NULL,
                quarter TEXT NOT NULL,
                level_applied INTEGER NOT NULL CHECK (level_applied BETWEEN 1 AND 3),
                criteria_met TEXT NOT NULL DEFAULT '',
                passed BOOLEAN NOT NULL,
                failure_action TEXT CHECK (failure_action IN ('downgrade', 'revoke')),
                downgrade_to INTEGER CHECK (downgrade_to BETWEEN 1 AND 2),
                reviewer TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                CHECK (passed = 1 OR failure_action IS NOT NULL)
            );
            CREATE UNIQUE INDEX star_review_on_quarter ON star_review(quarter);
            CREATE INDEX star_review_on_date ON star_review(reviewed_on);

            CREATE TABLE rule_document (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('organisation', 'publicAffairs', 'rewardsPenalties',
                    'democraticSupervision', 'effectEvaluation', 'villageRules', 'charter')),
                title TEXT NOT NULL,
                adopted_on TEXT NOT NULL,
                adopted_by TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                superseded_by INTEGER REFERENCES rule_document(id) ON DELETE RESTRICT
            );
            CREATE INDEX rule_document_on_kind ON rule_document(kind, superseded_by);

            -- Never deleted: a wrong entry is voided with a reason.
            CREATE TABLE feedback (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                received_on TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('visit', 'hotline', 'letter', 'reportBox', 'meeting', 'other')),
                anonymous BOOLEAN NOT NULL DEFAULT 0,
                raised_by TEXT NOT NULL DEFAULT '',
                contact TEXT NOT NULL DEFAULT '',
                content TEXT NOT NULL,
                handler TEXT NOT NULL,
                deadline TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'inProgress', 'closed')),
                outcome TEXT NOT NULL DEFAULT '',
                closed_on TEXT,
                voided_on TEXT,
                void_reason TEXT NOT NULL DEFAULT '',
                CHECK (anonymous = 0 OR (raised_by = '' AND contact = '')),
                CHECK (status <> 'closed' OR (outcome <> '' AND closed_on IS NOT NULL))
            );
            CREATE INDEX feedback_on_status ON feedback(status, deadline);
            CREATE INDEX feedback_on_received ON feedback(received_on, id);
            """)
    }
}

// MARK: - Surveys

extension AppDatabase {
    /// Every round, newest first.
    public func surveyRounds() throws -> [SurveyRound] {
        try read { db in
            try SurveyRound.order(Column("held_on").desc, Column("id").desc).fetchAll(db)
        }
    }

    public func surveyRound(id: Int64) throws -> SurveyRound? {
        try read { db in try SurveyRound.fetchOne(db, key: id) }
    }

    /// Validates (name, date not after today, targets 1–100) and adds a round.
    @discardableResult
    public func createSurveyRound(_ r: SurveyRound) throws -> SurveyRound {
        try createSurveyRound(r, on: LocalDate.today())
    }

    @discardableResult
    public func createSurveyRound(_ r: SurveyRound, on today: LocalDate) throws -> SurveyRound {
        var round = r
        round.id = nil
        round.name = round.name.trimmed
        round.note = round.note.trimmed
        let errors = SurveyRound.validate(round, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            try round.insert(db)
            return round
        }
    }

    /// Changes a round's name, date, conductor, targets or note (its answers stay).
    public func updateSurveyRound(_ r: SurveyRound, on today: LocalDate) throws {
        var round = r
        round.name = round.name.trimmed
        round.note = round.note.trimmed
        let errors = SurveyRound.validate(round, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        try write { db in
            guard let id = round.id, let stored = try SurveyRound.fetchOne(db, key: id) else { throw StoreError.notFound }
            try Self.requireVillagesOwnRound(db, roundId: id)
            // The sample and the threshold change only through drawSurveySample and setAwarenessThreshold.
            round.sampleSize = stored.sampleSize
            round.sampleSeed = stored.sampleSeed
            round.awarenessThreshold = stored.awarenessThreshold
            try round.update(db)
        }
    }

    /// Records a household's answer; a second answer in the same round replaces the first.
    public func recordSurveyAnswer(_ a: SurveyAnswer) throws {
        var answer = a
        try write { db in
            guard try SurveyRound.exists(db, key: answer.roundId) else { throw StoreError.notFound }
            try Self.requireVillagesOwnRound(db, roundId: answer.roundId)
            guard try Household.exists(db, key: answer.householdId) else {
                throw StoreError.refused(Localized("没有这一户", "No such household"))
            }
            try Self.requireSampled(db, roundId: answer.roundId, householdId: answer.householdId)
            try Self.applyQuestionnaire(db, &answer)
            if let existing = try SurveyAnswer.filter(Column("round_id") == answer.roundId
                && Column("household_id") == answer.householdId).fetchOne(db) {
                answer.id = existing.id
                try answer.update(db)
            } else {
                answer.id = nil
                try answer.insert(db)
            }
            try Self.writeItemAnswers(db, answer)
        }
    }

    /// Removes a wrongly entered answer and returns it, so the caller can offer
    /// to put it back with `recordSurveyAnswer` (undo). The audit triggers log the delete.
    @discardableResult
    public func deleteSurveyAnswer(roundId: Int64, householdId: Int64) throws -> SurveyAnswer {
        try write { db in
            try Self.requireVillagesOwnRound(db, roundId: roundId)
            guard var existing = try SurveyAnswer.filter(Column("round_id") == roundId
                && Column("household_id") == householdId).fetchOne(db) else {
                throw StoreError.refused(Localized("这一户在本轮还没有回答", "This household has no answer in this round"))
            }
            // The item answers go first and come back with the answer, so undo restores them.
            existing.items = try Self.itemAnswers(db, roundId: roundId)[householdId] ?? [:]
            try db.execute(sql: "DELETE FROM survey_item_answer WHERE answer_id = ?", arguments: [existing.id])
            _ = try existing.delete(db)
            return existing
        }
    }

    /// The round's answers by household id.
    public func surveyAnswers(roundId: Int64) throws -> [Int64: SurveyAnswer] {
        try read { db in
            let items = try Self.itemAnswers(db, roundId: roundId)
            let all = try SurveyAnswer.filter(Column("round_id") == roundId).fetchAll(db).map { a in
                var answer = a
                answer.items = items[a.householdId] ?? [:]
                return answer
            }
            return Dictionary(all.map { ($0.householdId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Households to ask, by number: id, number, 社 and head's name.
    public func surveyHouseholds() throws -> [SurveyHousehold] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.id, h.number, vg.name AS group_name, p.name AS head_name
                FROM household h JOIN village_group vg ON vg.id = h.village_group_id
                LEFT JOIN person p ON p.id = h.head_person_id
                ORDER BY h.number, h.id
                """).map {
                SurveyHousehold(id: $0["id"], number: $0["number"], villageGroupName: $0["group_name"],
                                headName: $0["head_name"] ?? "")
            }
        }
    }

    /// The round's counts and rates against its targets (基本满意 counts as satisfied).
    public func surveyResult(roundId: Int64) throws -> SurveyResult {
        try read { db in
            guard let round = try SurveyRound.fetchOne(db, key: roundId) else { throw StoreError.notFound }
            let answers = try SurveyAnswer.filter(Column("round_id") == roundId).fetchAll(db)
            return SurveyResult.of(round, answers: answers)
        }
    }

    /// The result of the newest round, if any.
    public func latestSurveyResult() throws -> SurveyResult? {
        guard let latest = try surveyRounds().first, let id = latest.id else { return nil }
        return try surveyResult(roundId: id)
    }
}

// MARK: - Star rating

extension AppDatabase {
    /// `Data/star_criteria.json` in the repository, found by `Resources`.
    public static var repositoryStarCriteriaURL: URL {
        Resources.data.appendingPathComponent("star_criteria.json")
    }

    /// Loads the star criteria catalogue from a file when the database has none.
    public func installStarCriteria(from url: URL) throws {
        if try dbWriter.read({ db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM star_criterion") ?? 0 }) > 0 { return }
        guard let data = FileManager.default.contents(atPath: url.path),
              let catalog = try? JSONDecoder().decode(StarCriteriaCatalog.self, from: data) else {
            throw StoreError.refused(Localized("无法读取星级评定标准文件：\(url.path)",
                                               "Cannot read the star criteria file: \(url.path)"))
        }
        let problems = catalog.problems
        if !problems.isEmpty {
            throw StoreError.refused(Localized("星级评定标准文件有误：" + problems.joined(separator: "; "),
                                               "The star criteria file is wrong: " + problems.joined(separator: "; ")))
        }
        try access.asSystem { try dbWriter.write { db in
            for (i, c) in catalog.criteria.enumerated() {
                try db.execute(sql: "INSERT INTO star_criterion (id, level, label_zh, label_en, position) VALUES (?, ?, ?, ?, ?)",
                               arguments: [c.id, c.level, c.label.zh, c.label.en, i])
            }
        } }
    }

    /// The installed criteria catalogue (empty when none was installed).
    public func starCriteria() throws -> StarCriteriaCatalog {
        try read { db in try Self.starCriteria(db) }
    }

    static func starCriteria(_ db: Database) throws -> StarCriteriaCatalog {
        StarCriteriaCatalog(criteria: try Row.fetchAll(db, sql: "SELECT * FROM star_criterion ORDER BY position").map {
            StarCriterion(id: $0["id"], level: $0["level"], label: Localized($0["label_zh"], $0["label_en"]))
        })
    }

    /// Every review, newest first.
    public func starReviews() throws -> [StarReview] {
        try read { db in
            try StarReview.order(Column("reviewed_on").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// Records a quarterly review after the rules in `StarRating.problems`: refused while
    /// barred (naming the day the bar ends), in a quarter already reviewed, dated after
    /// today or before the last review, or inconsistent (a pass with criteria missing, a
    /// downgrade that is not lower).
    @discardableResult
    public func recordStarReview(_ r: StarReview, on today: LocalDate) throws -> StarReview {
        var review = r
        review.id = nil
        review.reviewer = review.reviewer.trimmed
        review.note = review.note.trimmed
        if review.passed {
            review.failureAction = nil
            review.downgradeTo = nil
        } else if review.failureAction != .downgrade {
            review.downgradeTo = nil
        }
        return try write { db in
            let history = try StarReview.fetchAll(db)
            let catalog = try Self.starCriteria(db)
            // Keep the catalogue's order for the criteria met.
            let order = Dictionary(catalog.criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            review.criteriaMet = Array(Set(review.criteriaMet)).sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
            // A bar is a refusal of the whole review, not a field to fix.
            if review.reviewedOn <= today, let end = StarRating.status(history, on: review.reviewedOn).barredUntil {
                throw StoreError.refused(StarRating.barMessage(until: end))
            }
            let errors = StarRating.problems(recording: review, into: history, catalog: catalog, on: today)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try review.insert(db)
            return review
        }
    }

    /// The level, bar and last review on `today`, derived from the history.
    public func starStatus(on today: LocalDate) throws -> StarStatus {
        StarRating.status(try starReviews(), on: today)
    }
}

// MARK: - Rule documents and 四有

extension AppDatabase {
    /// Rule documents by kind (五项制度 first), newest first within a kind.
    public func ruleDocuments(includeSuperseded: Bool = false) throws -> [RuleDocument] {
        let all = try read { db in
            try RuleDocument.fetchAll(db, sql: """
                SELECT * FROM rule_document \(includeSuperseded ? "" : "WHERE superseded_by IS NULL")
                ORDER BY adopted_on DESC, id DESC
                """)
        }
        let rank = Dictionary(RuleDocumentKind.allCases.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return all.enumerated().sorted { a, b in
            (rank[a.element.kind] ?? 0, a.offset) < (rank[b.element.kind] ?? 0, b.offset)
        }.map(\.element)
    }

    /// Adds a document, or edits one (its kind cannot change). A new document supersedes
    /// the current one of its kind, which must not be newer. A change to a document's text,
    /// once it has one, is a new document adopted later that supersedes it (DECISIONS 16, 44).
    @discardableResult
    public func saveRuleDocument(_ d: RuleDocument) throws -> RuleDocument {
        try saveRuleDocument(d, on: LocalDate.today())
    }

    @discardableResult
    public func saveRuleDocument(_ d: RuleDocument, on today: LocalDate) throws -> RuleDocument {
        var doc = d
        doc.title = doc.title.trimmed
        doc.adoptedBy = doc.adoptedBy.trimmed
        doc.note = doc.note.trimmed
        // Adopted at a meeting of the register: the meeting's kind is the text.
        if let meetingId = doc.meetingId,
           let m = try read({ db in try Meeting.fetchOne(db, key: meetingId) }) {
            doc.adoptedBy = m.kind.label.zh
        }
        let errors = RuleDocument.validate(doc, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if let meetingId = doc.meetingId { _ = try Self.decidingMeeting(db, id: meetingId, on: doc.adoptedOn) }
            if let id = doc.id {
                guard let stored = try RuleDocument.fetchOne(db, key: id) else { throw StoreError.notFound }
                if stored.kind != doc.kind {
                    throw StoreError.invalid([FieldError(field: "kind", message: Localized(
                        "文件类别不能修改；请新增一份\(doc.kind.label.zh)", "The kind cannot change; add a new \(doc.kind.label.en) instead"))])
                }
                if RuleDocument.isRevision(doc, of: stored) {
                    let problems = RuleDocument.revisionProblems(doc, of: stored)
                    if !problems.isEmpty { throw StoreError.invalid(problems) }
                    doc.id = nil
                } else {
                    doc.supersededById = stored.supersededById
                    try doc.update(db)
                    return doc
                }
            }
            let current = try RuleDocument.filter(Column("kind") == doc.kind.rawValue && Column("superseded_by") == nil)
                .fetchAll(db)
            if let newer = current.first(where: { $0.adoptedOn > doc.adoptedOn }) {
                throw StoreError.invalid([FieldError(field: "adoptedOn", message: Localized(
                    "现行的\(doc.kind.label.zh)「\(newer.title)」于\(newer.adoptedOn)通过，新文件的通过日期不能更早",
                    "The current \(doc.kind.label.en) \(newer.title) was adopted on \(newer.adoptedOn); a new one cannot be older"))])
            }
            doc.supersededById = nil
            try doc.insert(db)
            for var old in current {
                old.supersededById = doc.id
                try old.update(db)
            }
            return doc
        }
    }

    /// The 四有 on `today`: groups with members, a 村规民约 in force, an agreement in force,
    /// and every kind of the 五项制度 in force.
    public func fourHaves(on today: LocalDate) throws -> FourHaves {
        try fourHaves(on: today, agreementsInForce: nil)
    }

    /// The same, given the agreements in force when they are counted already (the main screen).
    func fourHaves(on today: LocalDate, agreementsInForce counted: Int?) throws -> FourHaves {
        let groupsWithMembers = try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT group_id) FROM group_member WHERE left_on IS NULL AND joined_on <= ?
                """, arguments: [today.description]) ?? 0
        }
        let docs = try ruleDocuments().filter { $0.isInForce(on: today) }
        let agreements = try counted ?? agreementStateCounts(on: today)[.inForce] ?? 0
        return FourHaves.compute(groupsWithMembers: groupsWithMembers,
                                 villageRulesInForce: docs.filter { $0.kind == .villageRules }.count,
                                 agreementsInForce: agreements, kindsInForce: Set(docs.map(\.kind)))
    }
}

/// A household as the survey screen lists it.
public struct SurveyHousehold: Hashable, Sendable {
    public var id: Int64
    public var number: String
    public var villageGroupName: String
    public var headName: String
    public init(id: Int64, number: String, villageGroupName: String, headName: String) {
        self.id = id
        self.number = number
        self.villageGroupName = villageGroupName
        self.headName = headName
    }
}

// MARK: - Records

extension SurveyRound: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "survey_round" }

    public init(row: Row) {
        self.init(id: row["id"], name: row["name"], heldOn: row.date("held_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  conductor: SurveyConductor(rawValue: row["conductor"]) ?? .selfAssessment,
                  awarenessTarget: row["awareness_target"], satisfactionTarget: row["satisfaction_target"], note: row["note"],
                  awarenessThreshold: row["awareness_threshold"], sampleSize: row["sample_size"], sampleSeed: row["sample_seed"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["held_on"] = heldOn.description
        container["conductor"] = conductor.rawValue
        container["awareness_target"] = awarenessTarget
        container["satisfaction_target"] = satisfactionTarget
        container["note"] = note
        container["awareness_threshold"] = awarenessThreshold
        container["sample_size"] = sampleSize
        container["sample_seed"] = sampleSeed
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SurveyAnswer: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "survey_answer" }

    public init(row: Row) {
        self.init(id: row["id"], roundId: row["round_id"], householdId: row["household_id"], aware: row["aware"],
                  satisfaction: Satisfaction(rawValue: row["satisfaction"]) ?? .dissatisfied, note: row["note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["round_id"] = roundId
        container["household_id"] = householdId
        container["aware"] = aware
        container["satisfaction"] = satisfaction.rawValue
        container["note"] = note
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StarReview: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "star_review" }

    public init(row: Row) {
        let met: String = row["criteria_met"]
        let action: String? = row["failure_action"]
        self.init(id: row["id"], reviewedOn: row.date("reviewed_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  levelApplied: row["level_applied"],
                  criteriaMet: met.split(separator: ",").map(String.init), passed: row["passed"],
                  failureAction: action.flatMap(StarFailureAction.init(rawValue:)), downgradeTo: row["downgrade_to"],
                  reviewer: row["reviewer"], note: row["note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["reviewed_on"] = reviewedOn.description
        container["quarter"] = quarter
        container["level_applied"] = levelApplied
        container["criteria_met"] = criteriaMet.joined(separator: ",")
        container["passed"] = passed
        container["failure_action"] = failureAction?.rawValue
        container["downgrade_to"] = downgradeTo
        container["reviewer"] = reviewer
        container["note"] = note
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension RuleDocument: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "rule_document" }

    public init(row: Row) {
        self.init(id: row["id"], kind: RuleDocumentKind(rawValue: row["kind"]) ?? .villageRules, title: row["title"],
                  adoptedOn: row.date("adopted_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  adoptedBy: row["adopted_by"], note: row["note"], supersededById: row["superseded_by"],
                  meetingId: row["meeting_id"], body: row["body"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind.rawValue
        container["title"] = title
        container["adopted_on"] = adoptedOn.description
        container["adopted_by"] = adoptedBy
        container["note"] = note
        container["superseded_by"] = supersededById
        container["meeting_id"] = meetingId
        container["body"] = body
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
