import Domain
import Foundation

/// Where a village's survey rounds are kept and answered: the village's own database, or the
/// township's record of the evaluations it conducts in one of its villages (乡镇评估), which
/// goes down to the village with its acknowledgements. The survey screens work on either.
public protocol SurveyBook {
    /// Every round, newest first.
    func surveyRounds() throws -> [SurveyRound]
    @discardableResult
    func createSurveyRound(_ r: SurveyRound, on today: LocalDate) throws -> SurveyRound
    func surveyResult(roundId: Int64) throws -> SurveyResult
    func surveyBreakdown(roundId: Int64) throws -> SurveyBreakdown
    /// The households to ask in a round.
    func surveyHouseholds(roundId: Int64) throws -> [SurveyHousehold]
    func surveyItems(roundId: Int64) throws -> [SurveyItem]
    func surveyAnswers(roundId: Int64) throws -> [Int64: SurveyAnswer]
    func recordSurveyAnswer(_ a: SurveyAnswer) throws
    @discardableResult
    func deleteSurveyAnswer(roundId: Int64, householdId: Int64) throws -> SurveyAnswer
    @discardableResult
    func installQuestionnaire(roundId: Int64, from url: URL?) throws -> [SurveyItem]
    /// The village a township evaluates, by name, for the screens' titles; nil for a
    /// village's own surveys.
    var evaluatedVillage: String? { get }
}

extension SurveyBook {
    /// Whether rounds can be edited, sampled and given discussion records here (a village's
    /// own surveys); a township's evaluation is fixed once recorded, and asks every household.
    public var keepsFullRounds: Bool { evaluatedVillage == nil }
}

extension AppDatabase: SurveyBook {
    public var evaluatedVillage: String? { nil }
}
