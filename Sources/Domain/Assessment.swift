// Assessment (评估验收): household survey rounds with awareness and satisfaction rates,
// the village's rule documents (五项制度, 村规民约, 自治章程) and the 四有 check.

/// Who ran a survey round.
public enum SurveyConductor: String, Sendable, Codable, CaseIterable {
    /// 自评: the village assesses itself.
    case selfAssessment
    /// 乡镇评估: the township's evaluation by household questionnaires.
    case township

    public var label: Localized {
        switch self {
        case .selfAssessment: Localized("自评", "Self-assessment")
        case .township: Localized("乡镇评估", "Township evaluation")
        }
    }
}

/// A household's answer on satisfaction.
public enum Satisfaction: String, Sendable, Codable, CaseIterable {
    case satisfied, basicallySatisfied, dissatisfied

    public var label: Localized {
        switch self {
        case .satisfied: Localized("满意", "Satisfied")
        case .basicallySatisfied: Localized("基本满意", "Basically satisfied")
        case .dissatisfied: Localized("不满意", "Dissatisfied")
        }
    }

    /// 基本满意 counts as satisfied for the satisfaction rate (DECISIONS.md).
    public var countsAsSatisfied: Bool { self != .dissatisfied }
}

/// One survey round: a self-assessment or a township evaluation, with its targets.
public struct SurveyRound: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var heldOn: LocalDate
    public var conductor: SurveyConductor
    /// Percent of households asked who must know the programme (知晓率), default 80.
    public var awarenessTarget: Int
    /// Percent who must be satisfied (满意率, 基本满意 included), default 90.
    public var satisfactionTarget: Int
    public var note: String
    /// Right answers to the questionnaire's awareness items a household needs to count as
    /// aware; nil: every awareness item.
    public var awarenessThreshold: Int?
    /// Households in the sample; nil: every household.
    public var sampleSize: Int?
    /// The seed the sample was drawn with; the same seed and households give the same sample.
    public var sampleSeed: Int64?

    public static let defaultAwarenessTarget = 80
    public static let defaultSatisfactionTarget = 90

    public init(id: Int64? = nil, name: String, heldOn: LocalDate, conductor: SurveyConductor,
                awarenessTarget: Int = SurveyRound.defaultAwarenessTarget,
                satisfactionTarget: Int = SurveyRound.defaultSatisfactionTarget, note: String = "",
                awarenessThreshold: Int? = nil, sampleSize: Int? = nil, sampleSeed: Int64? = nil) {
        self.id = id
        self.awarenessThreshold = awarenessThreshold
        self.sampleSize = sampleSize
        self.sampleSeed = sampleSeed
        self.name = name
        self.heldOn = heldOn
        self.conductor = conductor
        self.awarenessTarget = awarenessTarget
        self.satisfactionTarget = satisfactionTarget
        self.note = note
    }

    public static func validate(_ r: SurveyRound, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        let name = r.name.trimmingSpaces()
        if name.isEmpty {
            errors.append(FieldError(field: "name", message: Localized("请填写调查名称", "The name is required")))
        } else if name.count > 40 {
            errors.append(FieldError(field: "name", message: Localized("名称最多40个字", "At most 40 characters")))
        }
        if r.heldOn > today {
            errors.append(FieldError(field: "heldOn", message: Localized(
                "调查日期不能晚于今天（\(today)）", "The date cannot be after today (\(today))")))
        }
        for (field, value) in [("awarenessTarget", r.awarenessTarget), ("satisfactionTarget", r.satisfactionTarget)]
        where !(1...100).contains(value) {
            errors.append(FieldError(field: field, message: Localized("目标应为1至100（%）", "The target must be 1 to 100 (%)")))
        }
        if r.note.count > 200 {
            errors.append(FieldError(field: "note", message: Localized("备注最多200个字", "At most 200 characters")))
        }
        if let t = r.awarenessThreshold, t < 1 {
            errors.append(FieldError(field: "awarenessThreshold", message: Localized("知晓题答对数至少为1", "At least 1 right answer")))
        }
        return errors
    }
}

/// One household's answers in a round (one per household; recording again replaces it).
public struct SurveyAnswer: Hashable, Sendable, Codable {
    public var id: Int64?
    public var roundId: Int64
    public var householdId: Int64
    /// Knows the programme (知晓).
    public var aware: Bool
    public var satisfaction: Satisfaction
    public var note: String
    /// The questionnaire's answers by item id, when the round has items; `aware` and
    /// `satisfaction` then follow from them.
    public var items: [Int64: ItemAnswer]

    public init(id: Int64? = nil, roundId: Int64, householdId: Int64, aware: Bool, satisfaction: Satisfaction,
                note: String = "", items: [Int64: ItemAnswer] = [:]) {
        self.id = id
        self.items = items
        self.roundId = roundId
        self.householdId = householdId
        self.aware = aware
        self.satisfaction = satisfaction
        self.note = note
    }
}

/// A round's counts and rates against its targets.
public struct SurveyResult: Hashable, Sendable {
    public var round: SurveyRound
    /// Households that answered.
    public var asked: Int
    public var aware: Int
    public var satisfied: Int
    public var basicallySatisfied: Int
    public var dissatisfied: Int

    public init(round: SurveyRound, asked: Int, aware: Int, satisfied: Int, basicallySatisfied: Int, dissatisfied: Int) {
        self.round = round
        self.asked = asked
        self.aware = aware
        self.satisfied = satisfied
        self.basicallySatisfied = basicallySatisfied
        self.dissatisfied = dissatisfied
    }

    /// Counts the answers of a round.
    public static func of(_ round: SurveyRound, answers: [SurveyAnswer]) -> SurveyResult {
        SurveyResult(round: round, asked: answers.count, aware: answers.filter(\.aware).count,
                     satisfied: answers.filter { $0.satisfaction == .satisfied }.count,
                     basicallySatisfied: answers.filter { $0.satisfaction == .basicallySatisfied }.count,
                     dissatisfied: answers.filter { $0.satisfaction == .dissatisfied }.count)
    }

    /// 满意 plus 基本满意.
    public var satisfiedInAll: Int { satisfied + basicallySatisfied }

    /// Percent, nil when nobody was asked.
    public var awarenessRate: Double? { asked == 0 ? nil : Double(aware) * 100 / Double(asked) }
    public var satisfactionRate: Double? { asked == 0 ? nil : Double(satisfiedInAll) * 100 / Double(asked) }

    /// Reached exactly in whole numbers: aware / asked ≥ target %.
    public var meetsAwareness: Bool { asked > 0 && aware * 100 >= round.awarenessTarget * asked }
    public var meetsSatisfaction: Bool { asked > 0 && satisfiedInAll * 100 >= round.satisfactionTarget * asked }
    public var meetsTargets: Bool { meetsAwareness && meetsSatisfaction }

    /// "83.3%", or "—" when nobody was asked.
    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        let tenths = Int((rate * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

// MARK: - Rule documents and 四有

/// The kinds of village rule documents: the five systems (五项制度), the village rules and the charter.
public enum RuleDocumentKind: String, Sendable, Codable, CaseIterable {
    case organisation, publicAffairs, rewardsPenalties, democraticSupervision, effectEvaluation
    case villageRules, charter

    public var label: Localized {
        switch self {
        case .organisation: Localized("组织保障制度", "Organisation")
        case .publicAffairs: Localized("政务公开制度", "Public affairs")
        case .rewardsPenalties: Localized("奖励惩罚制度", "Rewards and penalties")
        case .democraticSupervision: Localized("民主监督制度", "Democratic supervision")
        case .effectEvaluation: Localized("效果评估制度", "Effect evaluation")
        case .villageRules: Localized("村规民约", "Village rules")
        case .charter: Localized("自治章程", "Self-governance charter")
        }
    }

    /// The 五项制度.
    public static let fiveSystems: [RuleDocumentKind] = [
        .organisation, .publicAffairs, .rewardsPenalties, .democraticSupervision, .effectEvaluation,
    ]

    public var isFiveSystems: Bool { Self.fiveSystems.contains(self) }
}

/// A rule document and the meeting that adopted it. A newer document of the same kind
/// supersedes it; the old one is kept.
public struct RuleDocument: Hashable, Sendable, Codable {
    public var id: Int64?
    public var kind: RuleDocumentKind
    public var title: String
    public var adoptedOn: LocalDate
    /// The meeting that adopted it (村民会议, 村民代表大会 …).
    public var adoptedBy: String
    public var note: String
    /// The newer document that replaced this one.
    public var supersededById: Int64?
    /// The meeting (register of meetings) that adopted it; `adoptedBy` keeps the text of
    /// documents recorded before the register.
    public var meetingId: Int64?
    /// The document's text (empty until it is typed in).
    public var body: String

    public init(id: Int64? = nil, kind: RuleDocumentKind, title: String, adoptedOn: LocalDate, adoptedBy: String,
                note: String = "", supersededById: Int64? = nil, meetingId: Int64? = nil, body: String = "") {
        self.id = id
        self.kind = kind
        self.title = title
        self.adoptedOn = adoptedOn
        self.adoptedBy = adoptedBy
        self.note = note
        self.supersededById = supersededById
        self.meetingId = meetingId
        self.body = body
    }

    /// The longest text a document may have.
    public static let bodyLimit = 20_000

    /// Whether saving `revised` over `stored` changes an adopted text: a document's text,
    /// once typed in, is what the meeting adopted, so changing it is a new document that
    /// supersedes this one (typing in the text of a document that has none is not).
    public static func isRevision(_ revised: RuleDocument, of stored: RuleDocument) -> Bool {
        !stored.body.isEmpty && revised.body != stored.body
    }

    /// Why a text change cannot be saved as a new document superseding `stored`, or nil:
    /// only the document in force is revised, and by a meeting after the one that adopted it.
    public static func revisionProblems(_ revised: RuleDocument, of stored: RuleDocument) -> [FieldError] {
        if stored.supersededById != nil {
            return [FieldError(field: "body", message: Localized(
                "「\(stored.title)」已被取代，不能修改正文；请修改现行文件", "\(stored.title) is superseded; change the document in force instead"))]
        }
        if revised.adoptedOn <= stored.adoptedOn {
            return [FieldError(field: "adoptedOn", message: Localized(
                "正文已改：修订后的文件须经会议重新通过，请填写修订通过的日期（晚于 \(stored.adoptedOn)）和会议",
                "The text changed: the revision is a new document adopted by a meeting; give its date (after \(stored.adoptedOn)) and meeting"))]
        }
        return []
    }

    /// In force on `date`: adopted by then and not superseded.
    public func isInForce(on date: LocalDate) -> Bool { supersededById == nil && adoptedOn <= date }

    public static func validate(_ d: RuleDocument, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        let title = d.title.trimmingSpaces()
        if title.isEmpty {
            errors.append(FieldError(field: "title", message: Localized("请填写文件标题", "The title is required")))
        } else if title.count > 40 {
            errors.append(FieldError(field: "title", message: Localized("标题最多40个字", "At most 40 characters")))
        }
        if d.adoptedOn > today {
            errors.append(FieldError(field: "adoptedOn", message: Localized(
                "通过日期不能晚于今天（\(today)）", "The date cannot be after today (\(today))")))
        }
        let by = d.adoptedBy.trimmingSpaces()
        if by.isEmpty {
            errors.append(FieldError(field: "adoptedBy", message: Localized(
                "请填写通过该文件的会议（如 村民代表大会）", "Name the meeting that adopted it (e.g. villagers' representatives)")))
        } else if by.count > 30 {
            errors.append(FieldError(field: "adoptedBy", message: Localized("最多30个字", "At most 30 characters")))
        }
        if d.note.count > 200 {
            errors.append(FieldError(field: "note", message: Localized("备注最多200个字", "At most 200 characters")))
        }
        if d.body.count > bodyLimit {
            errors.append(FieldError(field: "body", message: Localized("正文最多\(bodyLimit)个字", "The text has at most \(bodyLimit) characters")))
        }
        return errors
    }
}

/// What the village "has" (四有): honesty groups, village rules, agreements, rule documents.
public struct FourHaves: Hashable, Sendable {
    public var hasHonestyGroups: Bool
    public var hasVillageRules: Bool
    public var hasAgreements: Bool
    public var hasRuleDocuments: Bool
    /// The five-systems kinds with no document in force.
    public var missingSystems: [RuleDocumentKind]

    public init(hasHonestyGroups: Bool, hasVillageRules: Bool, hasAgreements: Bool, hasRuleDocuments: Bool,
                missingSystems: [RuleDocumentKind]) {
        self.hasHonestyGroups = hasHonestyGroups
        self.hasVillageRules = hasVillageRules
        self.hasAgreements = hasAgreements
        self.hasRuleDocuments = hasRuleDocuments
        self.missingSystems = missingSystems
    }

    /// From counts: groups that have members now, 村规民约 in force, agreements in force,
    /// and the kinds of rule documents in force.
    public static func compute(groupsWithMembers: Int, villageRulesInForce: Int, agreementsInForce: Int,
                               kindsInForce: Set<RuleDocumentKind>) -> FourHaves {
        let missing = RuleDocumentKind.fiveSystems.filter { !kindsInForce.contains($0) }
        return FourHaves(hasHonestyGroups: groupsWithMembers > 0, hasVillageRules: villageRulesInForce > 0,
                         hasAgreements: agreementsInForce > 0, hasRuleDocuments: missing.isEmpty, missingSystems: missing)
    }

    public var all: Bool { hasHonestyGroups && hasVillageRules && hasAgreements && hasRuleDocuments }

    /// The four items with whether each is there, in the seeds' order.
    public var items: [(label: Localized, has: Bool)] {
        [(Localized("有诚信计生小组", "Honesty groups"), hasHonestyGroups),
         (Localized("有村规民约", "Village rules"), hasVillageRules),
         (Localized("有诚信计生协议", "Agreements"), hasAgreements),
         (Localized("有诚信计生规章制度（五项制度）", "Rule documents (five systems)"), hasRuleDocuments)]
    }

    /// What is missing, one line each; empty when all four are there.
    public var missing: [Localized] {
        var out: [Localized] = []
        if !hasHonestyGroups {
            out.append(Localized("缺诚信计生小组：还没有有成员的小组", "No honesty group with members"))
        }
        if !hasVillageRules {
            out.append(Localized("缺村规民约：没有现行的村规民约", "No village rules (村规民约) in force"))
        }
        if !hasAgreements {
            out.append(Localized("缺诚信计生协议：没有生效的协议", "No agreement in force"))
        }
        if !hasRuleDocuments {
            out.append(Localized("缺规章制度：" + missingSystems.map(\.label.zh).joined(separator: "、"),
                                 "Rule documents missing: " + missingSystems.map(\.label.en).joined(separator: ", ")))
        }
        return out
    }
}
