import Domain
import GRDB
import Foundation

/// The village at a glance: the figures on the main screen (keys a–k open the lists
/// behind them). The same lists print from `chengxin groups list`, `pledges rate`,
/// `fulfil summary` / `fulfil overdue`, `feedback list`, `stars status`, `four-haves` and `measures list`.
/// Every figure is computed from the records; none is stored.
public struct DashboardFigures: Hashable, Sendable {
    public var groups: Int
    public var householdsInGroups: Int
    public var households: Int
    public var agreementsInForce: Int
    public var agreementsExpiring: Int
    public var groupsWithoutAgreement: Int
    /// Pledge items kept ÷ assessed in the latest check round.
    public var pledgeRate: Rate
    public var pledgeRound: String?
    public var fulfilment: FulfilmentSummary
    public var feedbackOpen: Int
    public var feedbackOverdue: Int
    public var star: StarStatus
    public var fourHaves: FourHaves
    /// 评议整改 measures not closed, and those of them past their deadline.
    public var measuresOpen: Int
    public var measuresOverdue: Int
    /// This year's meetings and field work against the publicity target, and the 帮带 pairs.
    public var meetings: MeetingYear
    /// 失信整改: open cases, the overdue ones, households whose conditional benefits are withheld.
    public var rectificationOpen: Int
    public var rectificationOverdue: Int
    public var withheldHouseholds: Int
    /// 待办: the next three deadlines not done, overdue ones first.
    public var deadlines: [Deadline]
}

extension AppDatabase {
    /// The groups and the households they cover.
    package static let coverageSQL = """
        SELECT (SELECT COUNT(*) FROM honesty_group hg JOIN village_group vg ON vg.id = hg.village_group_id) AS groups,
               (SELECT COUNT(*) FROM group_member m JOIN honesty_group hg ON hg.id = m.group_id
                WHERE m.left_on IS NULL) AS households
        """

    /// The figures of the main screen on `today`.
    public func dashboard(on today: LocalDate) throws -> DashboardFigures {
        // Counted in SQL: a county's thousands of group summaries took seconds.
        let coverage = try read { db in try Row.fetchOne(db, sql: Self.coverageSQL) }
        let states = try agreementStateCounts(on: today)
        let round = try checkRounds().first
        let feedback = try feedbackCounts(on: today)
        let measures = try reviewMeasureCounts(on: today)
        let rectification = try rectificationCounts(on: today)
        return DashboardFigures(
            groups: coverage?["groups"] ?? 0,
            householdsInGroups: coverage?["households"] ?? 0,
            households: try counts().households,
            agreementsInForce: states[.inForce] ?? 0,
            agreementsExpiring: try agreementsExpiring(within: 30, of: today).count,
            groupsWithoutAgreement: try groupsWithoutAgreementInForce(on: today).count,
            pledgeRate: try pledgeRate(roundId: round?.id, scope: .village),
            pledgeRound: round?.name,
            fulfilment: try fulfilmentSummary(on: today),
            feedbackOpen: feedback.open,
            feedbackOverdue: feedback.overdue,
            star: try starStatus(on: today),
            fourHaves: try fourHaves(on: today, agreementsInForce: states[.inForce] ?? 0),
            measuresOpen: measures.open,
            measuresOverdue: measures.overdue,
            meetings: try meetingYear(on: today),
            rectificationOpen: rectification.open,
            rectificationOverdue: rectification.overdue,
            withheldHouseholds: rectification.withheld,
            deadlines: try nextDeadlines(on: today))
    }
}
