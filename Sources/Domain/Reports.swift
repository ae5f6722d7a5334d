import Foundation

// The reports a village sends up (村级月报告单, the quarterly figures of the star review,
// the yearly summary), the township's summary over its villages and the DHIS2 document.
// Every figure is computed from the records as of the report's date; none is stored.

/// Why a report period or a report was refused, in both languages.
public struct ReportError: Error, Hashable, Sendable {
    public var message: Localized
    public init(_ zh: String, _ en: String) { message = Localized(zh, en) }
}

/// The period a report covers: a month, a quarter or a year.
public struct ReportPeriod: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case month, quarter, year }

    public var kind: Kind
    public var year: Int
    /// The month (1–12) or the quarter (1–4); 0 for a year.
    public var number: Int

    public init(kind: Kind, year: Int, number: Int) {
        self.kind = kind
        self.year = year
        self.number = number
    }

    public static func month(_ year: Int, _ month: Int) -> ReportPeriod { ReportPeriod(kind: .month, year: year, number: month) }
    public static func quarter(_ year: Int, _ quarter: Int) -> ReportPeriod { ReportPeriod(kind: .quarter, year: year, number: quarter) }
    public static func year(_ year: Int) -> ReportPeriod { ReportPeriod(kind: .year, year: year, number: 0) }

    /// The first day of the period.
    public var from: LocalDate {
        switch kind {
        case .month: LocalDate(year: year, month: number, day: 1)!
        case .quarter: LocalDate(year: year, month: number * 3 - 2, day: 1)!
        case .year: LocalDate(year: year, month: 1, day: 1)!
        }
    }

    /// The last day of the period.
    public var to: LocalDate {
        let lastMonth = kind == .month ? number : kind == .quarter ? number * 3 : 12
        return LocalDate(year: year, month: lastMonth, day: LocalDate.daysIn(month: lastMonth, year: year))!
    }

    /// The day the figures are counted on: the period's last day, or `today` while it runs.
    public func asOf(today: LocalDate) -> LocalDate { min(to, today) }

    /// "2026-11", "2026Q3", "2026".
    public var label: String {
        switch kind {
        case .month: "\(year)-\(number < 10 ? "0" : "")\(number)"
        case .quarter: "\(year)Q\(number)"
        case .year: "\(year)"
        }
    }

    /// The period as DHIS2 writes it: "202611", "2026Q3", "2026".
    public var dhis2: String { kind == .month ? label.replacingOccurrences(of: "-", with: "") : label }

    /// "2026年11月", "2026年第三季度", "2026年" / "November 2026", "Q3 2026", "2026".
    public func title(_ language: Language) -> String {
        switch (kind, language) {
        case (.month, .zh): "\(year)年\(number)月"
        case (.quarter, .zh): "\(year)年第\(["一", "二", "三", "四"][number - 1])季度"
        case (.year, .zh): "\(year)年"
        case (.month, .en): "\(Self.monthNames[number - 1]) \(year)"
        case (.quarter, .en): "Q\(number) \(year)"
        case (.year, .en): "\(year)"
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// The yearly summary goes up before the end of April of the next year.
    public var yearlyDue: LocalDate { LocalDate(year: year + 1, month: 4, day: 30)! }

    // MARK: Parsing

    /// "2026-11" (also "2026-1"); a month not begun on `today` is refused.
    public static func parseMonth(_ text: String, today: LocalDate) throws -> ReportPeriod {
        let t = text.trimmingSpaces()
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
              let y = Int(parts[0]), let m = Int(parts[1]), parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else {
            throw ReportError("月份“\(t)”应写成 年-月，如 2026-11", "The month \"\(t)\" should read YEAR-MONTH, e.g. 2026-11")
        }
        guard (1...12).contains(m) else {
            throw ReportError("月份“\(t)”不存在：月应在 1 到 12 之间", "There is no month \"\(t)\": the month is 1 to 12")
        }
        return try checked(.month(y, m), today: today)
    }

    /// "2026Q3"; a quarter not begun on `today` is refused.
    public static func parseQuarter(_ text: String, today: LocalDate) throws -> ReportPeriod {
        let t = text.trimmingSpaces().uppercased()
        let parts = t.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 1, let y = Int(parts[0]), let q = Int(parts[1]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else {
            throw ReportError("季度“\(text)”应写成 年Q季，如 2026Q3", "The quarter \"\(text)\" should read YEARQn, e.g. 2026Q3")
        }
        guard (1...4).contains(q) else {
            throw ReportError("季度“\(text)”不存在：季度应在 1 到 4 之间", "There is no quarter \"\(text)\": the quarter is 1 to 4")
        }
        return try checked(.quarter(y, q), today: today)
    }

    /// "2026"; a year not begun on `today` is refused.
    public static func parseYear(_ text: String, today: LocalDate) throws -> ReportPeriod {
        let t = text.trimmingSpaces()
        guard t.count == 4, t.allSatisfy(\.isASCII), let y = Int(t) else {
            throw ReportError("年份“\(t)”应写成四位数字，如 2026", "The year \"\(t)\" should be four digits, e.g. 2026")
        }
        return try checked(.year(y), today: today)
    }

    /// DHIS2's monthly period "202611"; a month not begun on `today` is refused.
    public static func parseDHIS2Month(_ text: String, today: LocalDate) throws -> ReportPeriod {
        let t = text.trimmingSpaces()
        guard t.count == 6, t.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(t.prefix(4)), let m = Int(t.suffix(2)) else {
            throw ReportError("期间“\(t)”应写成 YYYYMM，如 202611", "The period \"\(t)\" should read YYYYMM, e.g. 202611")
        }
        guard (1...12).contains(m) else {
            throw ReportError("期间“\(t)”不存在：月应在 01 到 12 之间", "There is no period \"\(t)\": the month is 01 to 12")
        }
        return try checked(.month(y, m), today: today)
    }

    static func checked(_ p: ReportPeriod, today: LocalDate) throws -> ReportPeriod {
        guard p.year >= 1900 else {
            throw ReportError("\(p.title(.zh))太早了", "\(p.title(.en)) is too early")
        }
        guard p.from <= today else {
            throw ReportError("\(p.title(.zh))还没有开始（今天是\(today)），不能报告",
                              "\(p.title(.en)) has not begun (today is \(today)): there is nothing to report")
        }
        return p
    }
}

/// A village's figures for one period, counted as of `asOf`. The monthly report (村级月报告单)
/// prints them; the quarterly figures of the star review and the yearly summary are the same
/// figures over a quarter or a year.
public struct MonthlyFigures: Hashable, Sendable, Codable {
    public var villageCode: String
    public var villageName: String
    public var township: String
    public var county: String
    public var period: ReportPeriod
    /// The day the figures stand on: the period's last day, or the day the report was made.
    public var asOf: LocalDate
    /// What the report rests on besides the village's own database (the packages a township
    /// copy was built from), one line each.
    public var restsOn: [String] = []

    // Households and persons (registered by the day of their first audit entry).
    public var households = 0
    public var persons = 0
    public var householdsRegistered = 0
    public var personsRegistered = 0
    public var births = 0
    public var personsLeft = 0

    // Honesty groups and the households they cover.
    public var groups = 0
    public var householdsInGroups = 0

    // Agreements.
    public var agreementsInForce = 0
    /// In force, ending within 30 days of `asOf`.
    public var agreementsExpiring = 0
    public var groupsWithoutAgreement = 0

    // Pledges and checks.
    public var householdsPledged = 0
    /// The latest check round held by `asOf`, and its items kept and assessed.
    public var checkRound: String?
    public var pledgeKept = 0
    public var pledgeAssessed = 0

    // Benefits (兑现): the year's entitlements due by `asOf`, and deliveries in the period.
    public var entitlementsDue = 0
    public var entitlementsDelivered = 0
    public var entitlementsOverdue = 0
    public var dueFen = 0
    public var deliveredFen = 0
    public var deliveriesInPeriod = 0
    public var deliveredFenInPeriod = 0

    // Feedback (信息反馈).
    public var feedbackReceived = 0
    public var feedbackClosed = 0
    public var feedbackOpen = 0
    public var feedbackOverdue = 0

    // Rectification of broken pledges (失信整改).
    public var rectificationOpened = 0
    public var rectificationOpen = 0
    public var rectificationOverdue = 0

    // Meetings and publicity held in the period.
    public var meetingsHeld = 0

    /// The star level (0–3) as of `asOf`.
    public var starLevel = 0
    /// 四有: honesty groups, village rules, agreements, rule documents.
    public var hasHonestyGroups = false
    public var hasVillageRules = false
    public var hasAgreements = false
    public var hasRuleDocuments = false
    /// The quarter's report only: the star criteria the records decide, on `asOf`, for the review.
    public var starCriteria: [StarCriterionFigure] = []

    public init(villageCode: String, villageName: String, township: String = "", county: String = "",
                period: ReportPeriod, asOf: LocalDate) {
        self.villageCode = villageCode
        self.villageName = villageName
        self.township = township
        self.county = county
        self.period = period
        self.asOf = asOf
    }

    public var pledgeRate: Rate { Rate(kept: pledgeKept, assessed: pledgeAssessed) }
    /// Households in groups ÷ households.
    public var coverage: Rate { Rate(kept: householdsInGroups, assessed: households) }
    /// How many of the four 四有 the village has.
    public var fourHavesCount: Int { [hasHonestyGroups, hasVillageRules, hasAgreements, hasRuleDocuments].filter { $0 }.count }

    /// The report's lines in order: section, label, the value as printed, and the plain value
    /// a machine reads (a number, a percentage without its sign, 1/0 for yes/no).
    public var lines: [ReportLine] {
        func n(_ key: String, _ section: ReportSection, _ zh: String, _ en: String, _ v: Int) -> ReportLine {
            ReportLine(key: key, section: section, label: Localized(zh, en), shown: Localized("\(v)", "\(v)"), value: "\(v)")
        }
        func money(_ key: String, _ section: ReportSection, _ zh: String, _ en: String, _ fen: Int) -> ReportLine {
            ReportLine(key: key, section: section, label: Localized(zh, en),
                       shown: Localized("\(Money.yuan(fen))元", "¥\(Money.yuan(fen))"), value: Money.yuan(fen))
        }
        func rate(_ key: String, _ section: ReportSection, _ zh: String, _ en: String, _ r: Rate) -> ReportLine {
            ReportLine(key: key, section: section, label: Localized(zh, en), shown: Localized(r.text(.zh), r.text(.en)),
                       value: r.percent.map(Rate.format) ?? "")
        }
        func flag(_ key: String, _ zh: String, _ en: String, _ v: Bool) -> ReportLine {
            ReportLine(key: key, section: .standing, label: Localized(zh, en),
                       shown: v ? Localized("有", "yes") : Localized("无", "no"), value: v ? "1" : "0")
        }
        let round = checkRound.map { Localized("最近一轮：\($0)", "latest round: \($0)") } ?? Localized("尚无检查", "no check yet")
        return [
            n("households", .population, "户数", "Households", households),
            n("persons", .population, "人数", "Persons", persons),
            n("householdsRegistered", .population, "本期登记户数", "Households registered in the period", householdsRegistered),
            n("personsRegistered", .population, "本期登记人数", "Persons registered in the period", personsRegistered),
            n("births", .population, "本期出生", "Births in the period", births),
            n("personsLeft", .population, "本期迁出、死亡等减少", "Persons who left in the period", personsLeft),
            n("groups", .groups, "诚信计生小组", "Honesty groups", groups),
            n("householdsInGroups", .groups, "入组户数", "Households in groups", householdsInGroups),
            rate("coverage", .groups, "入组率", "Coverage", coverage),
            n("agreementsInForce", .groups, "有效协议", "Agreements in force", agreementsInForce),
            n("agreementsExpiring", .groups, "30天内到期协议", "Agreements ending within 30 days", agreementsExpiring),
            n("groupsWithoutAgreement", .groups, "无有效协议的小组", "Groups without an agreement in force", groupsWithoutAgreement),
            n("householdsPledged", .pledges, "签订承诺书户数", "Households with a signed pledge", householdsPledged),
            ReportLine(key: "checkRound", section: .pledges, label: Localized("履诺检查", "Pledge checks"),
                       shown: round, value: checkRound ?? ""),
            n("pledgeKept", .pledges, "守诺项数", "Pledge items kept", pledgeKept),
            n("pledgeAssessed", .pledges, "检查项数", "Pledge items assessed", pledgeAssessed),
            rate("pledgeRate", .pledges, "守诺率", "Kept rate", pledgeRate),
            n("rectificationOpened", .pledges, "本期失信整改立案", "Rectification cases opened in the period", rectificationOpened),
            n("rectificationOpen", .pledges, "整改中", "Rectification cases open", rectificationOpen),
            n("rectificationOverdue", .pledges, "整改逾期", "Rectification cases overdue", rectificationOverdue),
            n("entitlementsDue", .benefits, "本年应兑现（项）", "Benefits due this year", entitlementsDue),
            n("entitlementsDelivered", .benefits, "已兑现（项）", "Benefits delivered", entitlementsDelivered),
            n("entitlementsOverdue", .benefits, "逾期未兑现（项）", "Benefits overdue", entitlementsOverdue),
            money("dueFen", .benefits, "应兑现金额", "Amount due", dueFen),
            money("deliveredFen", .benefits, "已兑现金额", "Amount delivered", deliveredFen),
            n("deliveriesInPeriod", .benefits, "本期兑现次数", "Deliveries in the period", deliveriesInPeriod),
            money("deliveredFenInPeriod", .benefits, "本期兑现金额", "Amount delivered in the period", deliveredFenInPeriod),
            n("feedbackReceived", .feedback, "本期收到反馈", "Feedback received in the period", feedbackReceived),
            n("feedbackClosed", .feedback, "本期办结", "Feedback closed in the period", feedbackClosed),
            n("feedbackOpen", .feedback, "未办结", "Feedback open", feedbackOpen),
            n("feedbackOverdue", .feedback, "超期未办结", "Feedback overdue", feedbackOverdue),
            n("meetingsHeld", .feedback, "本期会议和宣传活动", "Meetings and publicity in the period", meetingsHeld),
            ReportLine(key: "starLevel", section: .standing, label: Localized("星级", "Star level"),
                       shown: starLevel == 0 ? Localized("无", "none") : Localized("\(starLevel)星", "\(starLevel) star\(starLevel == 1 ? "" : "s")"),
                       value: "\(starLevel)"),
            flag("hasHonestyGroups", "有诚信计生小组", "Has honesty groups", hasHonestyGroups),
            flag("hasVillageRules", "有村规民约", "Has village rules", hasVillageRules),
            flag("hasAgreements", "有诚信计生协议", "Has agreements", hasAgreements),
            flag("hasRuleDocuments", "有规章制度", "Has the rule documents", hasRuleDocuments),
            n("fourHaves", .standing, "四有（项）", "Four haves (of 4)", fourHavesCount),
        ]
    }

    /// The plain value of the line `key`, nil for an unknown key.
    public func value(_ key: String) -> String? { lines.first { $0.key == key }?.value }
}

/// One star criterion as the records decide it on the report's day (the star review's evidence).
public struct StarCriterionFigure: Hashable, Sendable, Codable {
    public var id: String
    public var level: Int
    public var label: Localized
    public var met: Bool
    public var evidence: Localized

    public init(id: String, level: Int, label: Localized, met: Bool, evidence: Localized) {
        self.id = id
        self.level = level
        self.label = label
        self.met = met
        self.evidence = evidence
    }
}

/// The sections of a report, in print order.
public enum ReportSection: String, Hashable, Sendable, CaseIterable {
    case population, groups, pledges, benefits, feedback, standing

    public var title: Localized {
        switch self {
        case .population: Localized("一、户籍人口", "1. Households and persons")
        case .groups: Localized("二、诚信计生小组和协议", "2. Honesty groups and agreements")
        case .pledges: Localized("三、承诺、履诺检查和整改", "3. Pledges, checks and rectification")
        case .benefits: Localized("四、优惠政策兑现", "4. Benefits delivered")
        case .feedback: Localized("五、信息反馈和公开", "5. Feedback and publicity")
        case .standing: Localized("六、星级和四有", "6. Star level and the four haves")
        }
    }
}

/// One line of a report.
public struct ReportLine: Hashable, Sendable {
    public var key: String
    public var section: ReportSection
    public var label: Localized
    public var shown: Localized
    public var value: String
}

// MARK: - The township's summary

/// A township's summary of its villages' figures for one period: a row per village and the totals.
public struct TownshipSummary: Hashable, Sendable, Codable {
    public var township: String
    public var code: String
    public var period: ReportPeriod
    /// The villages, by code then name.
    public var villages: [MonthlyFigures]
    /// The counts summed; rates from the summed counts; the star level and 四有 are counted in
    /// `starVillages` and `villagesWithFourHaves` instead.
    public var totals: MonthlyFigures
    /// Villages at each star level: index 0 is none, 1–3 the levels.
    public var starVillages: [Int]
    public var villagesWithFourHaves: Int

    /// Combines the villages' figures of one period (the first village's period and day stand
    /// for all; the lead passes figures of one period).
    public static func make(township: String, code: String, villages: [MonthlyFigures]) -> TownshipSummary {
        let sorted = villages.sorted { ($0.villageCode, $0.villageName) < ($1.villageCode, $1.villageName) }
        let period = sorted.first?.period ?? .month(2000, 1)
        var t = MonthlyFigures(villageCode: code, villageName: township, township: township,
                               county: sorted.first?.county ?? "", period: period, asOf: sorted.map(\.asOf).max() ?? period.to)
        let summed: [WritableKeyPath<MonthlyFigures, Int>] = [
            \.households, \.persons, \.householdsRegistered, \.personsRegistered, \.births, \.personsLeft, \.groups,
            \.householdsInGroups, \.agreementsInForce, \.agreementsExpiring, \.groupsWithoutAgreement, \.householdsPledged,
            \.pledgeKept, \.pledgeAssessed, \.entitlementsDue, \.entitlementsDelivered, \.entitlementsOverdue, \.dueFen,
            \.deliveredFen, \.deliveriesInPeriod, \.deliveredFenInPeriod, \.feedbackReceived, \.feedbackClosed,
            \.feedbackOpen, \.feedbackOverdue, \.rectificationOpened, \.rectificationOpen, \.rectificationOverdue,
            \.meetingsHeld,
        ]
        for v in sorted {
            for k in summed { t[keyPath: k] += v[keyPath: k] }
        }
        t.restsOn = sorted.flatMap { v in v.restsOn.map { "\(v.villageName)：\($0)" } }
        var stars = [0, 0, 0, 0]
        for v in sorted { stars[max(0, min(3, v.starLevel))] += 1 }
        return TownshipSummary(township: township, code: code, period: period, villages: sorted, totals: t,
                               starVillages: stars, villagesWithFourHaves: sorted.filter { $0.fourHavesCount == 4 }.count)
    }
}

// MARK: - DHIS2

/// Which DHIS2 data element each figure goes to (`Data/dhis2/mapping.json`).
public struct DHIS2Mapping: Hashable, Sendable, Codable {
    /// The data set's code.
    public var dataSet: String
    public var dataElements: [Element]

    public struct Element: Hashable, Sendable, Codable {
        /// The figure's key (`ReportLine.key`).
        public var figure: String
        /// The DHIS2 data element's code.
        public var code: String
        public var name: String
        public init(figure: String, code: String, name: String) {
            self.figure = figure
            self.code = code
            self.name = name
        }
    }

    public init(dataSet: String, dataElements: [Element]) {
        self.dataSet = dataSet
        self.dataElements = dataElements
    }

    /// Why the mapping cannot be used, or nil: each figure named must exist, and codes are unique.
    public func problem() -> Localized? {
        let known = Set(MonthlyFigures(villageCode: "", villageName: "", period: .month(2000, 1),
                                       asOf: LocalDate(year: 2000, month: 1, day: 31)!).lines.map(\.key))
        if dataSet.trimmingSpaces().isEmpty { return Localized("映射文件缺少数据集代码", "The mapping names no data set") }
        for e in dataElements where !known.contains(e.figure) {
            return Localized("映射文件中的指标“\(e.figure)”不存在", "The mapping names an unknown figure \"\(e.figure)\"")
        }
        var seen = Set<String>()
        for e in dataElements {
            if e.code.trimmingSpaces().isEmpty { return Localized("指标“\(e.figure)”没有数据元代码", "The figure \"\(e.figure)\" has no data element code") }
            if !seen.insert(e.code).inserted { return Localized("数据元代码“\(e.code)”重复", "The data element code \"\(e.code)\" appears twice") }
        }
        return nil
    }
}

/// A DHIS2 `dataValueSets` document: one data set and period, the villages as org units by code.
public struct DHIS2DataValueSet: Hashable, Sendable, Codable {
    public var dataSet: String
    public var period: String
    public var completeDate: String
    /// Tells DHIS2 that org units and data elements are given by their codes, not their UIDs.
    public var idScheme = "CODE"
    public var orgUnitIdScheme = "CODE"
    public var dataElementIdScheme = "CODE"
    public var dataValues: [DataValue]

    public struct DataValue: Hashable, Sendable, Codable {
        public var dataElement: String
        public var period: String
        public var orgUnit: String
        public var value: String
        public init(dataElement: String, period: String, orgUnit: String, value: String) {
            self.dataElement = dataElement
            self.period = period
            self.orgUnit = orgUnit
            self.value = value
        }
    }

    /// The document for the villages' figures of one month. A village without its 12-digit code
    /// is refused; a figure with no value (a rate with nothing assessed) is left out.
    public static func make(_ villages: [MonthlyFigures], mapping: DHIS2Mapping, completeDate: LocalDate) throws -> DHIS2DataValueSet {
        if let p = mapping.problem() { throw ReportError(p.zh, p.en) }
        guard let first = villages.first else { throw ReportError("没有可导出的村", "There is no village to export") }
        var values: [DataValue] = []
        for v in villages.sorted(by: { $0.villageCode < $1.villageCode }) {
            guard RegionCode(v.villageCode) != nil else {
                throw ReportError("\(v.villageName)还没有12位区划代码：请先用 chengxin village set --code 设置",
                                  "\(v.villageName) has no 12-digit village code: set it with chengxin village set --code first")
            }
            guard v.period == first.period else {
                throw ReportError("\(v.villageName)的期间与其他村不同", "\(v.villageName)'s period differs from the others'")
            }
            let lines = Dictionary(v.lines.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for e in mapping.dataElements {
                guard let value = lines[e.figure], !value.isEmpty else { continue }
                values.append(DataValue(dataElement: e.code, period: v.period.dhis2, orgUnit: v.villageCode, value: value))
            }
        }
        return DHIS2DataValueSet(dataSet: mapping.dataSet, period: first.period.dhis2, completeDate: completeDate.description,
                                 dataValues: values)
    }

    /// The document as JSON, keys sorted, indented.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
