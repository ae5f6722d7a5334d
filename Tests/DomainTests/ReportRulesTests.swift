import Foundation
import Testing
@testable import Domain

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The report periods (a month, a quarter, a year, DHIS2's YYYYMM), the township's summary
/// and the DHIS2 document, as pure rules.
@Suite struct ReportRulesTests {
    let today = d("2026-11-25")

    func refusal(_ body: () throws -> ReportPeriod) -> Localized? {
        do {
            _ = try body()
            return nil
        } catch let e as ReportError {
            return e.message
        } catch {
            return Localized("?", "?")
        }
    }

    @Test func aMonthRunsFromItsFirstToItsLastDayAndCountsAsOfTodayWhileItRuns() throws {
        let nov = try ReportPeriod.parseMonth("2026-11", today: today)
        #expect(nov == .month(2026, 11) && nov.from == d("2026-11-01") && nov.to == d("2026-11-30"))
        #expect(nov.asOf(today: today) == today)
        let oct = try ReportPeriod.parseMonth("2026-10", today: today)
        #expect(oct.asOf(today: today) == d("2026-10-31") && oct.label == "2026-10" && oct.dhis2 == "202610")
        #expect(try ReportPeriod.parseMonth("2024-2", today: today).to == d("2024-02-29"))
        #expect(oct.title(.zh) == "2026年10月" && oct.title(.en) == "October 2026")
    }

    @Test func aMalformedOrFutureMonthIsRefusedInBothLanguages() {
        let thirteen = refusal { try ReportPeriod.parseMonth("2026-13", today: today) }
        #expect(thirteen == Localized("月份“2026-13”不存在：月应在 1 到 12 之间", "There is no month \"2026-13\": the month is 1 to 12"))
        let future = refusal { try ReportPeriod.parseMonth("2026-12", today: today) }
        #expect(future == Localized("2026年12月还没有开始（今天是2026-11-25），不能报告",
                                    "December 2026 has not begun (today is 2026-11-25): there is nothing to report"))
        for bad in ["202611", "2026/11", "26-11", "2026-", "２０２６-11", ""] {
            #expect(refusal { try ReportPeriod.parseMonth(bad, today: today) } != nil, "\(bad)")
        }
    }

    @Test func quartersAndYears() throws {
        let q3 = try ReportPeriod.parseQuarter("2026Q3", today: today)
        #expect(q3.from == d("2026-07-01") && q3.to == d("2026-09-30") && q3.title(.zh) == "2026年第三季度" && q3.dhis2 == "2026Q3")
        #expect(try ReportPeriod.parseQuarter("2026q4", today: today).asOf(today: today) == today)
        #expect(refusal { try ReportPeriod.parseQuarter("2026Q5", today: today) }?.en == "There is no quarter \"2026Q5\": the quarter is 1 to 4")
        #expect(refusal { try ReportPeriod.parseQuarter("2027Q1", today: today) } != nil)
        let year = try ReportPeriod.parseYear("2025", today: today)
        #expect(year.from == d("2025-01-01") && year.to == d("2025-12-31") && year.yearlyDue == d("2026-04-30"))
        #expect(refusal { try ReportPeriod.parseYear("2027", today: today) } != nil)
        #expect(refusal { try ReportPeriod.parseYear("twenty", today: today) }?.zh == "年份“twenty”应写成四位数字，如 2026")
    }

    @Test func dhis2PeriodsAreSixDigits() throws {
        #expect(try ReportPeriod.parseDHIS2Month("202611", today: today) == .month(2026, 11))
        #expect(refusal { try ReportPeriod.parseDHIS2Month("2026-11", today: today) }?.en
            == "The period \"2026-11\" should read YYYYMM, e.g. 202611")
        #expect(refusal { try ReportPeriod.parseDHIS2Month("202613", today: today) }?.zh == "期间“202613”不存在：月应在 01 到 12 之间")
        #expect(refusal { try ReportPeriod.parseDHIS2Month("202612", today: today) } != nil)
    }

    static func village(_ code: String, _ name: String, households: Int, kept: Int, assessed: Int, star: Int,
                        four: Bool) -> MonthlyFigures {
        var f = MonthlyFigures(villageCode: code, villageName: name, township: "示范镇", county: "示范县",
                               period: .month(2026, 10), asOf: d("2026-10-31"))
        f.households = households
        f.householdsInGroups = households / 2
        f.pledgeKept = kept
        f.pledgeAssessed = assessed
        f.starLevel = star
        f.hasHonestyGroups = four
        f.hasVillageRules = four
        f.hasAgreements = four
        f.hasRuleDocuments = four
        f.deliveredFenInPeriod = 123_450
        return f
    }

    @Test func aTownshipSumsItsVillagesAndRecomputesRatesFromTheSums() {
        let a = Self.village("990101100202", "东村", households: 100, kept: 9, assessed: 10, star: 2, four: true)
        var b = Self.village("990101100201", "西村", households: 300, kept: 1, assessed: 10, star: 0, four: false)
        b.restsOn = ["第3号数据包"]
        let s = TownshipSummary.make(township: "示范镇", code: "990101100000", villages: [a, b])
        #expect(s.villages.map(\.villageName) == ["西村", "东村"])
        #expect(s.totals.households == 400 && s.totals.householdsInGroups == 200 && s.totals.deliveredFenInPeriod == 246_900)
        #expect(s.totals.pledgeRate == Rate(kept: 10, assessed: 20) && s.totals.coverage.percent == 50)
        #expect(s.starVillages == [1, 0, 1, 0] && s.villagesWithFourHaves == 1)
        #expect(s.totals.restsOn == ["西村：第3号数据包"] && s.period == .month(2026, 10))
    }

    @Test func everyLineHasAKeyAValueAndBothLanguages() {
        let f = Self.village("990101100201", "西村", households: 3, kept: 0, assessed: 0, star: 1, four: true)
        let keys = f.lines.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(f.value("pledgeRate") == "" && f.value("households") == "3" && f.value("fourHaves") == "4")
        #expect(f.value("deliveredFenInPeriod") == "1234.50" && f.value("starLevel") == "1")
        for line in f.lines { #expect(!line.label.zh.isEmpty && !line.label.en.isEmpty && line.label.zh != line.label.en) }
    }

    @Test func theDHIS2DocumentHasOneValuePerVillageAndMappedFigure() throws {
        let mapping = DHIS2Mapping(dataSet: "CX_MONTHLY", dataElements: [
            .init(figure: "households", code: "CX_HH", name: "户数"),
            .init(figure: "pledgeRate", code: "CX_RATE", name: "守诺率"),
        ])
        let a = Self.village("990101100202", "东村", households: 100, kept: 9, assessed: 10, star: 2, four: true)
        let b = Self.village("990101100201", "西村", households: 300, kept: 0, assessed: 0, star: 0, four: false)
        let doc = try DHIS2DataValueSet.make([a, b], mapping: mapping, completeDate: d("2026-11-25"))
        #expect(doc.dataSet == "CX_MONTHLY" && doc.period == "202610" && doc.completeDate == "2026-11-25")
        // 西村 assessed nothing: its rate has no value and is left out.
        #expect(doc.dataValues == [
            .init(dataElement: "CX_HH", period: "202610", orgUnit: "990101100201", value: "300"),
            .init(dataElement: "CX_HH", period: "202610", orgUnit: "990101100202", value: "100"),
            .init(dataElement: "CX_RATE", period: "202610", orgUnit: "990101100202", value: "90"),
        ])
        let parsed = try JSONSerialization.jsonObject(with: try doc.json()) as? [String: Any]
        #expect(parsed?["orgUnitIdScheme"] as? String == "CODE")

        var uncoded = b
        uncoded.villageCode = ""
        #expect(throws: ReportError.self) { try DHIS2DataValueSet.make([uncoded], mapping: mapping, completeDate: d("2026-11-25")) }
        let unknown = DHIS2Mapping(dataSet: "X", dataElements: [.init(figure: "nonsense", code: "Y", name: "")])
        #expect(unknown.problem()?.en == "The mapping names an unknown figure \"nonsense\"")
        let twice = DHIS2Mapping(dataSet: "X", dataElements: [.init(figure: "births", code: "Y", name: ""),
                                                              .init(figure: "persons", code: "Y", name: "")])
        #expect(twice.problem()?.zh == "数据元代码“Y”重复")
    }
}
