import Domain
import Foundation
import GRDB

/// A decision a township takes about one of its villages, carried down to it.
struct OfficeDecision: Codable, Equatable {
    var kind: String
    var body: String
}

extension AppDatabase {
    /// The township's quarterly star review of a village (one per village per quarter, DECISIONS
    /// 15), checked against the village's history as the township's copy holds it, and sent down
    /// with the village's next acknowledgement.
    public func recordVillageStarReview(_ code: String, _ r: StarReview, on today: LocalDate) throws {
        try requireWrite()
        _ = try requireOffice()
        let copy = try openVillageCopy(code)
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
        try write { db in try Self.createOfficeTables(db) }
        let pending = try decisions(for: code).compactMap { d -> StarReview? in
            d.kind == "star_review" ? try? JSONDecoder().decode(StarReview.self, from: Data(d.body.utf8)) : nil
        }
        let history = try copy.starReviews() + pending
        if review.reviewedOn <= today, let end = StarRating.status(history, on: review.reviewedOn).barredUntil {
            throw StoreError.refused(StarRating.barMessage(until: end))
        }
        let errors = StarRating.problems(recording: review, into: history, catalog: try copy.starCriteria(), on: today)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = String(decoding: try encoder.encode(review), as: UTF8.self)
        try write { db in
            try db.execute(sql: "INSERT INTO office_decision(village_code, kind, body, decided_at) VALUES (?, 'star_review', ?, \(Audit.now))",
                           arguments: [code, body])
        }
    }

    /// The township's decisions about a village, oldest first.
    func decisions(for code: String) throws -> [OfficeDecision] {
        try dbWriter.read { db in
            let reviews = try db.tableExists("office_decision")
                ? try Row.fetchAll(db, sql: "SELECT kind, body FROM office_decision WHERE village_code = ? ORDER BY id",
                                   arguments: [code]).map { OfficeDecision(kind: $0["kind"], body: $0["body"]) }
                : []
            return try reviews + Self.surveyDecisions(db, for: code)
        }
    }

    /// At the village: a star review of a quarter it does not hold yet is recorded as the
    /// township decided it; a quarter it holds is left as it is. A township evaluation is
    /// applied by `applySurvey`. Returns how many records were added.
    static func applyDecisions(_ db: Database, _ decisions: [OfficeDecision]) throws -> Int {
        var recorded = 0
        for d in decisions where d.kind == "survey" {
            recorded += try applySurvey(db, try TownshipSurveyBody.decode(d.body))
        }
        for d in decisions where d.kind == "star_review" {
            guard var review = try? JSONDecoder().decode(StarReview.self, from: Data(d.body.utf8)) else {
                throw StoreError.refused(Envelope.damaged)
            }
            review.id = nil
            let held = try StarReview.fetchAll(db).contains { StarRating.quarter(of: $0.reviewedOn) == StarRating.quarter(of: review.reviewedOn) }
            if held { continue }
            try review.insert(db)
            recorded += 1
        }
        return recorded
    }
}
