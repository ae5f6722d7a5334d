import Domain
import Foundation
import GRDB

// Evaluation in depth: questionnaires, samples, results per 社 and per item, 座谈 records,
// 评议 findings with their 整改 measures, and the star criteria read from the records.

// MARK: - Schema (migration "v14 questionnaires, samples, findings")

extension AppDatabase {
    /// The tables of migration v14. Never edit it after release; add a migration instead.
    static func registerEvaluationSchema(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE survey_round ADD COLUMN awareness_threshold INTEGER CHECK (awareness_threshold >= 1);
            ALTER TABLE survey_round ADD COLUMN sample_size INTEGER CHECK (sample_size >= 1);
            ALTER TABLE survey_round ADD COLUMN sample_seed INTEGER;

            -- A round's questionnaire. A round without items keeps one awareness flag and one
            -- satisfaction answer per household, as before.
            CREATE TABLE survey_item (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                round_id INTEGER NOT NULL REFERENCES survey_round(id) ON DELETE RESTRICT,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('awareness', 'satisfaction')),
                text_zh TEXT NOT NULL,
                text_en TEXT NOT NULL DEFAULT '',
                right_answer BOOLEAN,
                CHECK ((kind = 'awareness') = (right_answer IS NOT NULL))
            );
            CREATE UNIQUE INDEX survey_item_on_round ON survey_item(round_id, position);

            CREATE TABLE survey_item_answer (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                answer_id INTEGER NOT NULL REFERENCES survey_answer(id) ON DELETE RESTRICT,
                item_id INTEGER NOT NULL REFERENCES survey_item(id) ON DELETE RESTRICT,
                value TEXT NOT NULL CHECK (value IN ('yes', 'no', 'satisfied', 'basicallySatisfied', 'dissatisfied'))
            );
            CREATE UNIQUE INDEX survey_item_answer_on_answer ON survey_item_answer(answer_id, item_id);
            CREATE INDEX survey_item_answer_on_item ON survey_item_answer(item_id);

            -- The households a round's sample drew (from sample_seed); no rows: every household.
            CREATE TABLE survey_sample (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                round_id INTEGER NOT NULL REFERENCES survey_round(id) ON DELETE RESTRICT,
                household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT
            );
            CREATE UNIQUE INDEX survey_sample_on_round ON survey_sample(round_id, household_id);
            CREATE INDEX survey_sample_on_household ON survey_sample(household_id);

            CREATE TABLE survey_discussion (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                round_id INTEGER NOT NULL REFERENCES survey_round(id) ON DELETE RESTRICT,
                held_on TEXT NOT NULL,
                participant_count INTEGER NOT NULL CHECK (participant_count BETWEEN 1 AND 999),
                participants TEXT NOT NULL DEFAULT '',
                points TEXT NOT NULL
            );
            CREATE INDEX survey_discussion_on_round ON survey_discussion(round_id, held_on);

            CREATE TABLE review_finding (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                round_id INTEGER REFERENCES survey_round(id) ON DELETE RESTRICT,
                found_on TEXT NOT NULL,
                text TEXT NOT NULL
            );

            -- Never deleted: a measure is closed with a date and what was done.
            CREATE TABLE review_measure (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                finding_id INTEGER NOT NULL REFERENCES review_finding(id) ON DELETE RESTRICT,
                measure TEXT NOT NULL,
                owner TEXT NOT NULL,
                deadline TEXT NOT NULL,
                closed_on TEXT,
                closed_note TEXT NOT NULL DEFAULT '',
                CHECK (closed_on IS NULL OR closed_note <> '')
            );
            CREATE INDEX review_measure_on_open ON review_measure(closed_on, deadline);
            CREATE INDEX review_measure_on_finding ON review_measure(finding_id);
            """)
        // The rows of survey_round get their new hash at the open that migrates
        // (Audit+Migration), those in step before only.
    }
}

// MARK: - Questionnaires

extension AppDatabase {
    /// `Data/survey_questionnaire.json` in the repository: the default questionnaire.
    public static var repositoryQuestionnaireURL: URL {
        Resources.data.appendingPathComponent("survey_questionnaire.json")
    }

    /// The round's items in order.
    public func surveyItems(roundId: Int64) throws -> [SurveyItem] {
        try read { db in try Self.surveyItems(db, roundId: roundId) }
    }

    static func surveyItems(_ db: Database, roundId: Int64) throws -> [SurveyItem] {
        try SurveyItem.filter(Column("round_id") == roundId).order(Column("position")).fetchAll(db)
    }

    /// Adds an item at the end of the round's questionnaire; refused once the round has answers.
    @discardableResult
    public func addSurveyItem(roundId: Int64, kind: SurveyItemKind, text: Localized, rightAnswer: Bool?) throws -> SurveyItem {
        var item = SurveyItem(roundId: roundId, position: 0, kind: kind,
                              text: Localized(text.zh.trimmed, text.en.trimmed), rightAnswer: rightAnswer)
        let errors = SurveyItem.validate(item)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            try Self.requireNoAnswers(db, roundId: roundId)
            item.position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM survey_item WHERE round_id = ?",
                                              arguments: [roundId]) ?? 0) + 1
            try item.insert(db)
            return item
        }
    }

    /// Gives a round without items the questionnaire of a file (by default `Data/survey_questionnaire.json`).
    @discardableResult
    public func installQuestionnaire(roundId: Int64, from url: URL? = nil) throws -> [SurveyItem] {
        let template = try Self.questionnaireTemplate(url)
        return try write { db in
            try Self.requireNoAnswers(db, roundId: roundId)
            if try SurveyItem.filter(Column("round_id") == roundId).fetchCount(db) > 0 {
                throw StoreError.refused(Localized("本轮已有问卷题目", "This round already has a questionnaire"))
            }
            return try template.items.enumerated().map { i, t in
                var item = SurveyItem(roundId: roundId, position: i + 1, kind: t.kind, text: t.text, rightAnswer: t.right)
                let errors = SurveyItem.validate(item)
                if !errors.isEmpty { throw StoreError.invalid(errors) }
                try item.insert(db)
                return item
            }
        }
    }

    /// Sets how many awareness items a household must answer right (nil: all); refused once
    /// the round has answers, whose awareness was counted with the old threshold.
    public func setAwarenessThreshold(roundId: Int64, threshold: Int?) throws {
        try write { db in
            try Self.requireNoAnswers(db, roundId: roundId)
            guard var round = try SurveyRound.fetchOne(db, key: roundId) else { throw StoreError.notFound }
            round.awarenessThreshold = threshold
            let errors = SurveyRound.validate(round, on: round.heldOn)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try round.update(db)
        }
    }

    /// A questionnaire file (by default `Data/survey_questionnaire.json`), refused unless it
    /// reads as one with items.
    static func questionnaireTemplate(_ url: URL?) throws -> QuestionnaireTemplate {
        let path = (url ?? repositoryQuestionnaireURL).path
        guard let data = FileManager.default.contents(atPath: path),
              let template = try? JSONDecoder().decode(QuestionnaireTemplate.self, from: data), !template.items.isEmpty else {
            throw StoreError.refused(Localized("无法读取问卷文件：\(path)", "Cannot read the questionnaire file: \(path)"))
        }
        return template
    }

    static let answersFix = StoreError.refused(Localized("本轮已有回答，问卷和抽样不能再改",
                                                         "This round has answers; its questionnaire and sample are fixed"))

    static func requireNoAnswers(_ db: Database, roundId: Int64) throws {
        guard try SurveyRound.exists(db, key: roundId) else { throw StoreError.notFound }
        try requireVillagesOwnRound(db, roundId: roundId)
        if try SurveyAnswer.filter(Column("round_id") == roundId).fetchCount(db) > 0 { throw answersFix }
    }

    /// Checks item answers against the round's questionnaire and sets the household's
    /// awareness and satisfaction from them. A round without items takes the two flags as given.
    static func applyQuestionnaire(_ db: Database, _ answer: inout SurveyAnswer) throws {
        let items = try surveyItems(db, roundId: answer.roundId)
        let round = items.isEmpty ? nil : try SurveyRound.fetchOne(db, key: answer.roundId)
        try applyQuestionnaire(items, threshold: round?.awarenessThreshold, &answer)
    }

    /// The same, with the items and the threshold given; the answer's note is checked too.
    static func applyQuestionnaire(_ items: [SurveyItem], threshold: Int?, _ answer: inout SurveyAnswer) throws {
        answer.note = answer.note.trimmed
        if answer.note.count > 100 {
            throw StoreError.invalid([FieldError(field: "note", message: Localized("备注最多100个字", "At most 100 characters"))])
        }
        if items.isEmpty {
            if !answer.items.isEmpty {
                throw StoreError.invalid([FieldError(field: "items", message: Localized("本轮没有问卷题目", "This round has no questionnaire"))])
            }
            return
        }
        let problems = Questionnaire.problems(items, answers: answer.items)
        if !problems.isEmpty { throw StoreError.invalid(problems) }
        answer.aware = Questionnaire.isAware(items, answers: answer.items, threshold: threshold)
        answer.satisfaction = Questionnaire.satisfaction(items, answers: answer.items)
    }

    /// Writes a stored answer's item answers again (after the answer row is saved).
    static func writeItemAnswers(_ db: Database, _ answer: SurveyAnswer) throws {
        guard let id = answer.id else { return }
        try db.execute(sql: "DELETE FROM survey_item_answer WHERE answer_id = ?", arguments: [id])
        for (itemId, value) in answer.items.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO survey_item_answer (answer_id, item_id, value) VALUES (?, ?, ?)",
                           arguments: [id, itemId, value.stored])
        }
    }

    /// Item answers of a round, by household.
    static func itemAnswers(_ db: Database, roundId: Int64) throws -> [Int64: [Int64: ItemAnswer]] {
        var out: [Int64: [Int64: ItemAnswer]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT a.household_id, i.item_id, i.value FROM survey_item_answer i
            JOIN survey_answer a ON a.id = i.answer_id WHERE a.round_id = ?
            """, arguments: [roundId]) {
            if let v = ItemAnswer(stored: row["value"]) { out[row["household_id"], default: [:]][row["item_id"]] = v }
        }
        return out
    }

    /// Refuses an answer from a household outside the round's sample.
    static func requireSampled(_ db: Database, roundId: Int64, householdId: Int64) throws {
        let drawn = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_sample WHERE round_id = ?", arguments: [roundId]) ?? 0
        guard drawn > 0 else { return }
        let inSample = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_sample WHERE round_id = ? AND household_id = ?",
                                        arguments: [roundId, householdId]) ?? 0
        if inSample == 0 {
            throw StoreError.refused(Localized("这一户不在本轮抽样中", "This household is not in the round's sample"))
        }
    }
}

// MARK: - Sample

extension AppDatabase {
    /// Every household with its 社, the frame a sample is drawn from.
    static func sampleFrame(_ db: Database) throws -> [SampleFrameEntry] {
        try Row.fetchAll(db, sql: "SELECT id, village_group_id FROM household ORDER BY id").map {
            SampleFrameEntry(householdId: $0["id"], villageGroupId: $0["village_group_id"])
        }
    }

    /// Draws the round's sample of `size` households (nil: every household) with `seed`, stores
    /// the size, the seed and the households. Refused once the round has answers.
    @discardableResult
    public func drawSurveySample(roundId: Int64, size: Int?, seed: Int64) throws -> [Int64] {
        try write { db in
            try Self.requireNoAnswers(db, roundId: roundId)
            let frame = try Self.sampleFrame(db)
            let errors = SurveySample.validate(size: size, frameCount: frame.count)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            guard var round = try SurveyRound.fetchOne(db, key: roundId) else { throw StoreError.notFound }
            try db.execute(sql: "DELETE FROM survey_sample WHERE round_id = ?", arguments: [roundId])
            round.sampleSize = size
            round.sampleSeed = size == nil ? nil : seed
            try round.update(db)
            guard size != nil else { return frame.map(\.householdId) }
            let ids = SurveySample.draw(frame, size: size, seed: UInt64(bitPattern: seed))
            for id in ids {
                try db.execute(sql: "INSERT INTO survey_sample (round_id, household_id) VALUES (?, ?)", arguments: [roundId, id])
            }
            return ids
        }
    }

    /// The round's sampled household ids; nil when the round asks every household.
    public func surveySample(roundId: Int64) throws -> Set<Int64>? {
        try read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT household_id FROM survey_sample WHERE round_id = ?", arguments: [roundId])
            return ids.isEmpty ? nil : Set(ids)
        }
    }

    /// Households a round asks: its sample, else every household.
    public func surveyHouseholds(roundId: Int64) throws -> [SurveyHousehold] {
        let all = try surveyHouseholds()
        guard let sample = try surveySample(roundId: roundId) else { return all }
        return all.filter { sample.contains($0.id) }
    }
}

// MARK: - Results per 社 and per item

extension AppDatabase {
    /// The round's results split by 社 (in 社 order) and by questionnaire item.
    public func surveyBreakdown(roundId: Int64) throws -> SurveyBreakdown {
        try read { db in
            guard let round = try SurveyRound.fetchOne(db, key: roundId) else { throw StoreError.notFound }
            let answers = try SurveyAnswer.filter(Column("round_id") == roundId).fetchAll(db)
            var groupOf: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT h.id, vg.name FROM household h JOIN village_group vg ON vg.id = h.village_group_id
                """) {
                groupOf[row["id"]] = row["name"]
            }
            let order = try String.fetchAll(db, sql: "SELECT name FROM village_group ORDER BY number, id")
            let sampled = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_sample WHERE round_id = ?", arguments: [roundId]) ?? 0
            return SurveyBreakdown.of(round, answers: answers, groupOf: groupOf, groupOrder: order,
                                      items: try Self.surveyItems(db, roundId: roundId),
                                      itemAnswers: try Self.itemAnswers(db, roundId: roundId),
                                      sampled: sampled > 0 ? sampled : groupOf.count)
        }
    }
}

// MARK: - 座谈

extension AppDatabase {
    @discardableResult
    public func addSurveyDiscussion(_ d: SurveyDiscussion, on today: LocalDate) throws -> SurveyDiscussion {
        var discussion = d
        discussion.id = nil
        discussion.participants = discussion.participants.trimmed
        discussion.points = discussion.points.trimmed
        let errors = SurveyDiscussion.validate(discussion, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            guard try SurveyRound.exists(db, key: discussion.roundId) else { throw StoreError.notFound }
            try discussion.insert(db)
            return discussion
        }
    }

    /// A round's discussions by date.
    public func surveyDiscussions(roundId: Int64) throws -> [SurveyDiscussion] {
        try read { db in
            try SurveyDiscussion.filter(Column("round_id") == roundId).order(Column("held_on"), Column("id")).fetchAll(db)
        }
    }
}

// MARK: - 评议 findings and 评议整改 measures

/// A measure with its finding and the round the finding came from, for lists.
public struct ReviewMeasureRow: Hashable, Sendable {
    public var measure: ReviewMeasure
    public var finding: ReviewFinding
    public var roundName: String?
}

extension AppDatabase {
    @discardableResult
    public func addReviewFinding(_ f: ReviewFinding, on today: LocalDate) throws -> ReviewFinding {
        var finding = f
        finding.id = nil
        finding.text = finding.text.trimmed
        let errors = ReviewFinding.validate(finding, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if let r = finding.roundId, try !SurveyRound.exists(db, key: r) { throw StoreError.notFound }
            try finding.insert(db)
            return finding
        }
    }

    public func reviewFindings() throws -> [ReviewFinding] {
        try read { db in try ReviewFinding.order(Column("found_on").desc, Column("id").desc).fetchAll(db) }
    }

    /// Opens a measure on a finding, with its owner and deadline.
    @discardableResult
    public func addReviewMeasure(_ m: ReviewMeasure) throws -> ReviewMeasure {
        var measure = m
        measure.id = nil
        measure.measure = measure.measure.trimmed
        measure.owner = measure.owner.trimmed
        measure.closedOn = nil
        measure.closedNote = ""
        return try write { db in
            guard let finding = try ReviewFinding.fetchOne(db, key: measure.findingId) else {
                throw StoreError.refused(Localized("没有这一评议问题", "No such finding"))
            }
            let errors = ReviewMeasure.validate(measure, finding: finding)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try measure.insert(db)
            return measure
        }
    }

    /// Closes a measure on `date` with what was done; a closed measure stays closed.
    @discardableResult
    public func closeReviewMeasure(id: Int64, on date: LocalDate, note: String, today: LocalDate) throws -> ReviewMeasure {
        try write { db in
            guard var m = try ReviewMeasure.fetchOne(db, key: id) else { throw StoreError.notFound }
            guard let finding = try ReviewFinding.fetchOne(db, key: m.findingId) else { throw StoreError.notFound }
            if let problem = ReviewMeasure.closeProblem(m, on: date, note: note, finding: finding, today: today) {
                throw StoreError.invalid([problem])
            }
            m.closedOn = date
            m.closedNote = note.trimmed
            try m.update(db)
            return m
        }
    }

    /// Measures, open ones first by deadline, then closed ones newest first.
    public func reviewMeasures(openOnly: Bool = false) throws -> [ReviewMeasureRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.*, f.round_id, f.found_on, f.text, r.name AS round_name
                FROM review_measure m JOIN review_finding f ON f.id = m.finding_id
                LEFT JOIN survey_round r ON r.id = f.round_id
                \(openOnly ? "WHERE m.closed_on IS NULL" : "")
                ORDER BY m.closed_on IS NOT NULL, CASE WHEN m.closed_on IS NULL THEN m.deadline END,
                         m.closed_on DESC, m.id
                """).map {
                ReviewMeasureRow(measure: ReviewMeasure(row: $0),
                                 finding: ReviewFinding(id: $0["finding_id"], roundId: $0["round_id"],
                                                        foundOn: $0.date("found_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                                                        text: $0["text"]),
                                 roundName: $0["round_name"])
            }
        }
    }

    /// Open measures and those of them past their deadline on `today` (for the dashboard).
    public func reviewMeasureCounts(on today: LocalDate) throws -> (open: Int, overdue: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS open, COALESCE(SUM(deadline < ?), 0) AS overdue FROM review_measure WHERE closed_on IS NULL
                """, arguments: [today.description])
            return (row?["open"] ?? 0, row?["overdue"] ?? 0)
        }
    }
}

// MARK: - Star criteria read from the records

extension AppDatabase {
    /// The computed star criteria on `date`, each with its evidence.
    public func starEvidence(on date: LocalDate) throws -> [StarEvidence] {
        let four = try fourHaves(on: date)
        let fulfil = try fulfilmentSummary(on: date)
        let without = try groupsWithoutAgreementInForce(on: date).map(\.groupName)
        let facts = try read { db -> StarEvidenceFacts in
            let d = date.description
            let policies = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM policy WHERE level = 'village' AND is_retired = 0") ?? 0
            let members = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM person WHERE is_association_member = 1 AND left_on IS NULL
                """) ?? 0
            var survey: SurveyResult?
            for round in try SurveyRound.filter(Column("held_on") <= d).order(Column("held_on").desc, Column("id").desc).fetchAll(db) {
                let answers = try SurveyAnswer.filter(Column("round_id") == round.id!).fetchAll(db)
                if !answers.isEmpty {
                    survey = SurveyResult.of(round, answers: answers)
                    break
                }
            }
            let groups = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT group_id) FROM group_member WHERE left_on IS NULL AND joined_on <= ?
                """, arguments: [d]) ?? 0
            let feedback = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n,
                       COALESCE(SUM(status <> 'closed' AND deadline < ?), 0) AS overdue,
                       COALESCE(SUM(status = 'closed' AND closed_on > deadline), 0) AS late
                FROM feedback WHERE voided_on IS NULL AND received_on <= ?
                """, arguments: [d, d])
            let yearAgo = date.addingDays(-365).description
            let rounds = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM check_round WHERE held_on > ? AND held_on <= ?",
                                          arguments: [yearAgo, d]) ?? 0
            let broken = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM pledge_check c JOIN check_round r ON r.id = c.round_id
                WHERE c.result = 'broken' AND r.held_on > ? AND r.held_on <= ?
                """, arguments: [yearAgo, d]) ?? 0
            return StarEvidenceFacts(
                fourHaves: four, villagePolicies: policies, associationMembers: members, latestSurvey: survey,
                dueCount: fulfil.dueCount, deliveredCount: fulfil.deliveredCount, overdueCount: fulfil.overdueCount,
                groupsWithMembers: groups, groupsWithoutAgreement: [], feedbackCount: feedback?["n"] ?? 0,
                feedbackOverdue: feedback?["overdue"] ?? 0, feedbackClosedLate: feedback?["late"] ?? 0,
                brokenChecks: broken, checkRoundsInYear: rounds)
        }
        var f = facts
        f.groupsWithoutAgreement = without
        return StarEvidence.compute(f)
    }

    /// Records a review made now: the computed criteria are set from the records on the
    /// review's date (a hand tick cannot stand against them), the rest as ticked.
    @discardableResult
    public func makeStarReview(_ r: StarReview, on today: LocalDate) throws -> StarReview {
        var review = r
        let evidence = try starEvidence(on: review.reviewedOn)
        let level = Set(try starCriteria().required(for: max(review.levelApplied, 1)).map(\.id))
        review.criteriaMet = StarEvidence.merge(ticked: review.criteriaMet, evidence: evidence, within: level)
        return try recordStarReview(review, on: today)
    }
}

// MARK: - Records

extension SurveyItem: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "survey_item" }

    public init(row: Row) {
        self.init(id: row["id"], roundId: row["round_id"], position: row["position"],
                  kind: SurveyItemKind(rawValue: row["kind"]) ?? .awareness,
                  text: Localized(row["text_zh"], row["text_en"]), rightAnswer: row["right_answer"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["round_id"] = roundId
        container["position"] = position
        container["kind"] = kind.rawValue
        container["text_zh"] = text.zh
        container["text_en"] = text.en
        container["right_answer"] = rightAnswer
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SurveyDiscussion: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "survey_discussion" }

    public init(row: Row) {
        self.init(id: row["id"], roundId: row["round_id"], heldOn: row.date("held_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  participantCount: row["participant_count"], participants: row["participants"], points: row["points"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["round_id"] = roundId
        container["held_on"] = heldOn.description
        container["participant_count"] = participantCount
        container["participants"] = participants
        container["points"] = points
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ReviewFinding: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "review_finding" }

    public init(row: Row) {
        self.init(id: row["id"], roundId: row["round_id"], foundOn: row.date("found_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  text: row["text"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["round_id"] = roundId
        container["found_on"] = foundOn.description
        container["text"] = text
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ReviewMeasure: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "review_measure" }

    public init(row: Row) {
        self.init(id: row["id"], findingId: row["finding_id"], measure: row["measure"], owner: row["owner"],
                  deadline: row.date("deadline") ?? LocalDate(year: 2000, month: 1, day: 1)!, closedOn: row.date("closed_on"),
                  closedNote: row["closed_note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["finding_id"] = findingId
        container["measure"] = measure
        container["owner"] = owner
        container["deadline"] = deadline.description
        container["closed_on"] = closedOn?.description
        container["closed_note"] = closedNote
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
