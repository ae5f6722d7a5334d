import Domain
import Foundation
import GRDB

/// A township's evaluation of one of its villages (乡镇评估): the round, its questionnaire and
/// the households' answers, as the township records them against the households of its copy of
/// the village, and as they go down to the village. Answers carry the village's household id
/// and number, items their position.
struct TownshipSurveyBody: Codable, Equatable {
    struct Answer: Codable, Equatable {
        var household: Int64
        var number: String
        var aware: Bool
        var satisfaction: Satisfaction
        var note: String
        /// Item answers by the item's position in the questionnaire.
        var items: [Int: ItemAnswer]
    }

    /// The evaluation's id at the township: the village keeps it with the round it made of it.
    var id: Int64?
    var round: SurveyRound
    /// The questionnaire, each item's id its position.
    var items: [SurveyItem]
    /// By household id.
    var answers: [Answer]

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> TownshipSurveyBody {
        guard let body = try? JSONDecoder().decode(TownshipSurveyBody.self, from: Data(text.utf8)) else {
            throw StoreError.refused(Envelope.damaged)
        }
        return body
    }

    /// An answer as the survey screens and rules see it, in round `roundId`.
    func surveyAnswer(_ a: Answer, roundId: Int64) -> SurveyAnswer {
        SurveyAnswer(roundId: roundId, householdId: a.household, aware: a.aware, satisfaction: a.satisfaction, note: a.note,
                     items: Dictionary(uniqueKeysWithValues: a.items.map { (Int64($0.key), $0.value) }))
    }
}

/// The evaluations a township records in one village, as a `SurveyBook`: round ids are the
/// township's, households those of its copy of the village.
public struct TownshipSurveyBook: SurveyBook {
    public let township: AppDatabase
    public let villageCode: String
    public let evaluatedVillage: String?

    public init(township: AppDatabase, villageCode: String, villageName: String) {
        self.township = township
        self.villageCode = villageCode
        evaluatedVillage = villageName
    }

    public func surveyRounds() throws -> [SurveyRound] {
        try township.townshipSurveys(villageCode).map(\.round)
    }

    @discardableResult
    public func createSurveyRound(_ r: SurveyRound, on today: LocalDate) throws -> SurveyRound {
        try township.createTownshipSurvey(villageCode, r, on: today)
    }

    public func surveyResult(roundId: Int64) throws -> SurveyResult {
        let (round, body) = try township.townshipSurvey(villageCode, id: roundId)
        return SurveyResult.of(round, answers: body.answers.map { body.surveyAnswer($0, roundId: roundId) })
    }

    public func surveyBreakdown(roundId: Int64) throws -> SurveyBreakdown {
        let (round, body) = try township.townshipSurvey(villageCode, id: roundId)
        let copy = try township.openVillageCopy(villageCode)
        let households = try copy.surveyHouseholds()
        let answers = body.answers.map { body.surveyAnswer($0, roundId: roundId) }
        return SurveyBreakdown.of(round, answers: answers,
                                  groupOf: Dictionary(households.map { ($0.id, $0.villageGroupName) }, uniquingKeysWith: { a, _ in a }),
                                  groupOrder: try copy.villageGroups().map(\.group.name),
                                  items: body.items,
                                  itemAnswers: Dictionary(answers.map { ($0.householdId, $0.items) }, uniquingKeysWith: { a, _ in a }),
                                  sampled: households.count)
    }

    public func surveyHouseholds(roundId: Int64) throws -> [SurveyHousehold] {
        try township.openVillageCopy(villageCode).surveyHouseholds()
    }

    public func surveyItems(roundId: Int64) throws -> [SurveyItem] {
        try township.townshipSurvey(villageCode, id: roundId).1.items
    }

    public func surveyAnswers(roundId: Int64) throws -> [Int64: SurveyAnswer] {
        let body = try township.townshipSurvey(villageCode, id: roundId).1
        return Dictionary(body.answers.map { ($0.household, body.surveyAnswer($0, roundId: roundId)) }, uniquingKeysWith: { a, _ in a })
    }

    public func recordSurveyAnswer(_ a: SurveyAnswer) throws {
        try township.recordTownshipSurveyAnswer(villageCode, a)
    }

    @discardableResult
    public func deleteSurveyAnswer(roundId: Int64, householdId: Int64) throws -> SurveyAnswer {
        try township.deleteTownshipSurveyAnswer(villageCode, roundId: roundId, householdId: householdId)
    }

    @discardableResult
    public func installQuestionnaire(roundId: Int64, from url: URL?) throws -> [SurveyItem] {
        try township.installTownshipQuestionnaire(villageCode, roundId: roundId, from: url)
    }
}

extension AppDatabase {
    /// Makes the evaluations' tables where they are not yet, and audits them.
    static func ensureOfficeSurveyTables(_ db: Database) throws {
        if try db.tableExists("office_survey_answer") { return }
        try createOfficeSurveyTable(db)
        try Audit.installTriggersIfChanged(db)
    }

    static func createOfficeSurveyTable(_ db: Database) throws {
        try db.execute(sql: """
            -- The township's evaluations of its villages (乡镇评估): the round and its questionnaire
            -- as JSON, and each household's answer in a row of its own (so the log holds each answer
            -- once, not the whole round again); sent down with every acknowledgement.
            CREATE TABLE IF NOT EXISTS office_survey (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                village_code TEXT NOT NULL,
                name TEXT NOT NULL,
                held_on TEXT NOT NULL,
                body TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                UNIQUE (village_code, name, held_on)
            );
            CREATE TABLE IF NOT EXISTS office_survey_answer (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                survey_id INTEGER NOT NULL REFERENCES office_survey(id) ON DELETE RESTRICT,
                household_id INTEGER NOT NULL,
                answer TEXT NOT NULL,
                UNIQUE (survey_id, household_id)
            );
            """)
    }

    /// The township's evaluations in a village, newest first; each round's id is the township's.
    public func townshipSurveys(_ code: String) throws -> [(round: SurveyRound, result: SurveyResult)] {
        try dbWriter.read { db in
            guard try db.tableExists("office_survey") else { return [] }
            return try Int64.fetchAll(db, sql: "SELECT id FROM office_survey WHERE village_code = ? ORDER BY held_on DESC, id DESC",
                                      arguments: [code]).map { id in
                let (round, body) = try Self.townshipSurvey(db, code, id: id)
                return (round, SurveyResult.of(round, answers: body.answers.map { body.surveyAnswer($0, roundId: id) }))
            }
        }
    }

    func townshipSurvey(_ code: String, id: Int64) throws -> (SurveyRound, TownshipSurveyBody) {
        try dbWriter.read { db in try Self.townshipSurvey(db, code, id: id) }
    }

    static func townshipSurvey(_ db: Database, _ code: String, id: Int64) throws -> (SurveyRound, TownshipSurveyBody) {
        guard try db.tableExists("office_survey"),
              let text = try String.fetchOne(db, sql: "SELECT body FROM office_survey WHERE id = ? AND village_code = ?",
                                             arguments: [id, code]) else {
            throw StoreError.refused(Localized("没有这一次乡镇评估（编号 \(id)）", "No such township evaluation (id \(id))"))
        }
        var body = try TownshipSurveyBody.decode(text)
        body.id = id
        guard try db.tableExists("office_survey_answer") else { return (round(body, id), body) }
        body.answers = try String.fetchAll(db, sql: "SELECT answer FROM office_survey_answer WHERE survey_id = ? ORDER BY household_id",
                                           arguments: [id]).map { text in
            guard let answer = try? JSONDecoder().decode(TownshipSurveyBody.Answer.self, from: Data(text.utf8)) else {
                throw StoreError.refused(Envelope.damaged)
            }
            return answer
        }
        return (round(body, id), body)
    }

    private static func round(_ body: TownshipSurveyBody, _ id: Int64) -> SurveyRound {
        var round = body.round
        round.id = id
        return round
    }

    /// The village a township evaluates: one of its own, whose copy it holds.
    private func evaluatedVillage(_ code: String) throws -> AppDatabase {
        try requireWrite()
        let (own, _) = try requireOffice()
        guard own.kind == .township else {
            throw StoreError.refused(Localized("乡镇评估在乡镇的数据库里记录", "Township evaluations are recorded in a township's database"))
        }
        guard try memberOffices().contains(where: { $0.code == code }) else {
            throw StoreError.refused(Localized("本乡镇没有登记区划代码为 \(code) 的村", "No village with code \(code) is registered here"))
        }
        return try openVillageCopy(code)
    }

    /// Records a township evaluation of a village (conductor 乡镇评估, every household asked).
    @discardableResult
    public func createTownshipSurvey(_ code: String, _ r: SurveyRound, on today: LocalDate) throws -> SurveyRound {
        _ = try evaluatedVillage(code)
        var round = r
        round.id = nil
        round.name = round.name.trimmed
        round.note = round.note.trimmed
        round.conductor = .township
        round.sampleSize = nil
        round.sampleSeed = nil
        let errors = SurveyRound.validate(round, on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        let body = TownshipSurveyBody(round: round, items: [], answers: [])
        return try write { db in
            try Self.ensureOfficeSurveyTables(db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM office_survey WHERE village_code = ? AND name = ? AND held_on = ?",
                                 arguments: [code, round.name, round.heldOn.description]) == true {
                throw StoreError.invalid([FieldError(field: "name", message: Localized(
                    "这个村已有同名同日的乡镇评估", "This village already has a township evaluation of that name on that day"))])
            }
            try db.execute(sql: """
                INSERT INTO office_survey (village_code, name, held_on, body, decided_at) VALUES (?, ?, ?, ?, \(Audit.now))
                """, arguments: [code, round.name, round.heldOn.description, body.json])
            round.id = db.lastInsertedRowID
            return round
        }
    }

    /// Changes an evaluation's round or questionnaire in one transaction (its answers are rows
    /// of their own).
    private func changeTownshipSurvey(_ code: String, id: Int64, _ change: (inout TownshipSurveyBody) throws -> Void) throws {
        try write { db in
            var body = try Self.townshipSurvey(db, code, id: id).1
            try change(&body)
            body.answers = []
            try db.execute(sql: "UPDATE office_survey SET body = ? WHERE id = ?", arguments: [body.json, id])
        }
    }

    /// What the village already holds of the evaluation, as of its last package: its answers
    /// by household id (a village keeps what it holds, so those can no longer change here).
    private func heldAtVillage(_ copy: AppDatabase, surveyId: Int64) throws -> [Int64: SurveyAnswer] {
        guard let id = try copy.read({ db in try Self.receivedSurveys(db)[surveyId] }) else { return [:] }
        return try copy.surveyAnswers(roundId: id)
    }

    /// At the village: the rounds made of the township's evaluations, by the township's id.
    static func receivedSurveys(_ db: Database) throws -> [Int64: Int64] {
        guard let text = try getSetting(db, receivedSurveysSetting),
              let map = try? JSONDecoder().decode([String: Int64].self, from: Data(text.utf8)) else { return [:] }
        return Dictionary(uniqueKeysWithValues: map.compactMap { k, v in Int64(k).map { ($0, v) } })
    }

    static let receivedSurveysSetting = "exchange.township_surveys"

    /// Whether a round of this village is a township's evaluation it received: it reads as sent.
    public func isTownshipEvaluation(roundId: Int64) throws -> Bool {
        try read { db in try Self.receivedSurveys(db).values.contains(roundId) }
    }

    /// Refuses a change of a round the township sent: the township records it, the village reads it.
    static func requireVillagesOwnRound(_ db: Database, roundId: Int64) throws {
        if try receivedSurveys(db).values.contains(roundId) {
            throw StoreError.refused(Localized("这是乡镇评估，由乡镇录入、随回执下发，村里只能查看，不能修改",
                                               "This is the township's evaluation, recorded at the township and sent down: the village reads it and cannot change it"))
        }
    }

    public func installTownshipQuestionnaire(_ code: String, roundId: Int64, from url: URL?) throws -> [SurveyItem] {
        _ = try evaluatedVillage(code)
        let template = try Self.questionnaireTemplate(url)
        let items = template.items.enumerated().map { i, t in
            SurveyItem(id: Int64(i + 1), roundId: roundId, position: i + 1, kind: t.kind, text: t.text, rightAnswer: t.right)
        }
        let errors = items.flatMap(SurveyItem.validate)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        try changeTownshipSurvey(code, id: roundId) { body in
            if !body.answers.isEmpty { throw Self.answersFix }
            if !body.items.isEmpty {
                throw StoreError.refused(Localized("本轮已有问卷题目", "This round already has a questionnaire"))
            }
            body.items = items
        }
        return items
    }

    /// How many awareness items make a household aware (nil: all); fixed once there are answers.
    public func setTownshipAwarenessThreshold(_ code: String, roundId: Int64, threshold: Int?) throws {
        _ = try evaluatedVillage(code)
        try changeTownshipSurvey(code, id: roundId) { body in
            if !body.answers.isEmpty { throw Self.answersFix }
            body.round.awarenessThreshold = threshold
            let errors = SurveyRound.validate(body.round, on: body.round.heldOn)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
        }
    }

    /// Records a household's answer in a township evaluation, checked like a village's own
    /// (the household from the copy, the questionnaire's items); a second answer replaces the
    /// first until the village holds it.
    public func recordTownshipSurveyAnswer(_ code: String, _ a: SurveyAnswer) throws {
        let copy = try evaluatedVillage(code)
        var answer = a
        guard let household = try copy.surveyHouseholds().first(where: { $0.id == answer.householdId }) else {
            throw StoreError.refused(Localized("没有这一户", "No such household"))
        }
        let (round, body) = try townshipSurvey(code, id: answer.roundId)
        if try heldAtVillage(copy, surveyId: answer.roundId)[answer.householdId] != nil {
            throw Self.heldRefusal
        }
        try Self.applyQuestionnaire(body.items, threshold: round.awarenessThreshold, &answer)
        let line = TownshipSurveyBody.Answer(household: household.id, number: household.number, aware: answer.aware,
                                             satisfaction: answer.satisfaction, note: answer.note,
                                             items: Dictionary(uniqueKeysWithValues: answer.items.map { (Int($0.key), $0.value) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(line), as: UTF8.self)
        try write { db in
            try Self.ensureOfficeSurveyTables(db)
            try db.execute(sql: """
                INSERT INTO office_survey_answer (survey_id, household_id, answer) VALUES (?, ?, ?)
                ON CONFLICT (survey_id, household_id) DO UPDATE SET answer = excluded.answer
                """, arguments: [answer.roundId, line.household, text])
        }
    }

    static let heldRefusal = StoreError.refused(Localized(
        "村里已收到这一户本轮的回答，不能再在乡镇修改或删除", "The village already holds this household's answer in this round; it can no longer be changed or deleted here"))

    /// Removes an answer the village does not hold yet, and returns it for undo.
    @discardableResult
    public func deleteTownshipSurveyAnswer(_ code: String, roundId: Int64, householdId: Int64) throws -> SurveyAnswer {
        let copy = try evaluatedVillage(code)
        let body = try townshipSurvey(code, id: roundId).1
        guard let line = body.answers.first(where: { $0.household == householdId }) else {
            throw StoreError.refused(Localized("这一户在本轮还没有回答", "This household has no answer in this round"))
        }
        if try heldAtVillage(copy, surveyId: roundId)[householdId] != nil { throw Self.heldRefusal }
        try write { db in
            try db.execute(sql: "DELETE FROM office_survey_answer WHERE survey_id = ? AND household_id = ?", arguments: [roundId, householdId])
        }
        return body.surveyAnswer(line, roundId: roundId)
    }

    /// The evaluations as decisions sent down to the village.
    static func surveyDecisions(_ db: Database, for code: String) throws -> [OfficeDecision] {
        guard try db.tableExists("office_survey") else { return [] }
        return try Int64.fetchAll(db, sql: "SELECT id FROM office_survey WHERE village_code = ? ORDER BY id", arguments: [code])
            .map { OfficeDecision(kind: "survey", body: try townshipSurvey(db, code, id: $0).1.json) }
    }

    /// At the village: the round made of a township evaluation the first time it came (kept
    /// under the township's id), then each answer the village does not hold yet (the household
    /// found by id and number, else by number; a household the village no longer has is passed
    /// over). The village's own rounds are never touched, whatever their names, and it cannot
    /// change what it received, so the round stays as the township recorded it. Returns how
    /// many rounds and answers were recorded.
    static func applySurvey(_ db: Database, _ body: TownshipSurveyBody) throws -> Int {
        guard let key = body.id else { throw StoreError.refused(Envelope.damaged) }
        var changed = 0
        var received = try receivedSurveys(db)
        var itemIds: [Int: Int64] = [:]
        let roundId: Int64
        if let id = received[key], try SurveyRound.exists(db, key: id) {
            roundId = id
            for item in try surveyItems(db, roundId: id) { itemIds[item.position] = item.id }
        } else {
            var round = body.round
            round.id = nil
            round.conductor = .township
            round.sampleSize = nil
            round.sampleSeed = nil
            try round.insert(db)
            roundId = round.id ?? 0
            changed += 1
            for var item in body.items {
                let position = item.position
                item.id = nil
                item.roundId = roundId
                try item.insert(db)
                itemIds[position] = item.id
            }
            received[key] = roundId
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let map = Dictionary(uniqueKeysWithValues: received.map { (String($0.key), $0.value) })
            try putSetting(db, receivedSurveysSetting, String(decoding: try encoder.encode(map), as: UTF8.self))
        }
        for line in body.answers {
            guard let household = try Int64.fetchOne(db, sql: """
                SELECT id FROM household WHERE number = ? ORDER BY id = ? DESC, id LIMIT 1
                """, arguments: [line.number, line.household]) else { continue }
            if try SurveyAnswer.filter(Column("round_id") == roundId && Column("household_id") == household).fetchCount(db) > 0 {
                continue
            }
            var answer = SurveyAnswer(roundId: roundId, householdId: household, aware: line.aware, satisfaction: line.satisfaction,
                                      note: line.note)
            for (position, value) in line.items {
                guard let id = itemIds[position] else { continue }
                answer.items[id] = value
            }
            try answer.insert(db)
            try writeItemAnswers(db, answer)
            changed += 1
        }
        return changed
    }
}
