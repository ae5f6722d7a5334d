// Evaluation in depth: survey questionnaires (awareness items with a right answer,
// satisfaction items), a reproducible sample of households stratified by 社, results per
// 社 and per item, the discussion meetings (座谈) of a survey, the findings of a review
// (评议) and the measures (评议整改) they open, and the star criteria read from the records.

/// What a questionnaire item asks.
public enum SurveyItemKind: String, Sendable, Codable, CaseIterable {
    /// 知晓: a statement the household answers 是 or 否; one answer is right.
    case awareness
    /// 满意: 满意, 基本满意 or 不满意.
    case satisfaction

    public var label: Localized {
        switch self {
        case .awareness: Localized("知晓", "Awareness")
        case .satisfaction: Localized("满意", "Satisfaction")
        }
    }
}

/// One question of a round's questionnaire.
public struct SurveyItem: Hashable, Sendable, Codable {
    public var id: Int64?
    public var roundId: Int64
    /// 1, 2, 3 … in the round.
    public var position: Int
    public var kind: SurveyItemKind
    public var text: Localized
    /// For an awareness item: whether 是 is the right answer (否 when false). Nil for satisfaction.
    public var rightAnswer: Bool?

    public init(id: Int64? = nil, roundId: Int64, position: Int, kind: SurveyItemKind, text: Localized,
                rightAnswer: Bool? = nil) {
        self.id = id
        self.roundId = roundId
        self.position = position
        self.kind = kind
        self.text = text
        self.rightAnswer = kind == .awareness ? (rightAnswer ?? true) : nil
    }

    public static func validate(_ item: SurveyItem) -> [FieldError] {
        var errors: [FieldError] = []
        let zh = item.text.zh.trimmingSpaces()
        if zh.isEmpty {
            errors.append(FieldError(field: "text", message: Localized("请填写问题", "The question is required")))
        } else if zh.count > 60 {
            errors.append(FieldError(field: "text", message: Localized("问题最多60个字", "At most 60 characters")))
        }
        if item.text.en.count > 120 {
            errors.append(FieldError(field: "text", message: Localized("英文最多120个字符", "At most 120 characters in English")))
        }
        return errors
    }
}

/// A household's answer to one item: 是/否 for awareness, a satisfaction for satisfaction.
public enum ItemAnswer: Hashable, Sendable, Codable {
    case yesNo(Bool)
    case satisfaction(Satisfaction)

    /// As stored: "yes", "no", or the satisfaction's raw value.
    public var stored: String {
        switch self {
        case .yesNo(let b): b ? "yes" : "no"
        case .satisfaction(let s): s.rawValue
        }
    }

    public init?(stored: String) {
        switch stored {
        case "yes": self = .yesNo(true)
        case "no": self = .yesNo(false)
        default:
            guard let s = Satisfaction(rawValue: stored) else { return nil }
            self = .satisfaction(s)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ItemAnswer(stored: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown answer \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(stored)
    }

    public func fits(_ kind: SurveyItemKind) -> Bool {
        switch (self, kind) {
        case (.yesNo, .awareness), (.satisfaction, .satisfaction): true
        default: false
        }
    }

    public var label: Localized {
        switch self {
        case .yesNo(let b): b ? Localized("是", "Yes") : Localized("否", "No")
        case .satisfaction(let s): s.label
        }
    }
}

/// How a questionnaire's answers make a household aware and satisfied.
public enum Questionnaire {
    /// Right answers a household needs to count as aware: the round's threshold, else every
    /// awareness item.
    public static func needed(threshold: Int?, awarenessItems: Int) -> Int {
        guard let threshold else { return awarenessItems }
        return min(max(threshold, 1), awarenessItems)
    }

    /// Right answers among a household's answers.
    public static func rightCount(_ items: [SurveyItem], answers: [Int64: ItemAnswer]) -> Int {
        items.filter { item in
            guard item.kind == .awareness, let id = item.id, case .yesNo(let said)? = answers[id] else { return false }
            return said == item.rightAnswer
        }.count
    }

    /// Aware: at least `needed` awareness items answered right.
    public static func isAware(_ items: [SurveyItem], answers: [Int64: ItemAnswer], threshold: Int?) -> Bool {
        let awareness = items.filter { $0.kind == .awareness }.count
        return rightCount(items, answers: answers) >= needed(threshold: threshold, awarenessItems: awareness)
    }

    /// The household's satisfaction from its items: 不满意 when any item is, else 基本满意 when
    /// any item is, else 满意 (基本满意 still counts as satisfied, DECISIONS 14).
    public static func satisfaction(_ items: [SurveyItem], answers: [Int64: ItemAnswer]) -> Satisfaction {
        let given: [Satisfaction] = items.compactMap { item in
            guard item.kind == .satisfaction, let id = item.id, case .satisfaction(let s)? = answers[id] else { return nil }
            return s
        }
        if given.contains(.dissatisfied) { return .dissatisfied }
        if given.contains(.basicallySatisfied) { return .basicallySatisfied }
        return .satisfied
    }

    /// What is missing or wrong in a household's answers: every item needs an answer of its kind.
    public static func problems(_ items: [SurveyItem], answers: [Int64: ItemAnswer]) -> [FieldError] {
        var errors: [FieldError] = []
        for item in items {
            guard let id = item.id else { continue }
            guard let a = answers[id] else {
                errors.append(FieldError(field: "items", message: Localized("第\(item.position)题未回答",
                                                                            "Item \(item.position) has no answer")))
                continue
            }
            if !a.fits(item.kind) {
                errors.append(FieldError(field: "items", message: item.kind == .awareness
                    ? Localized("第\(item.position)题应答 是 或 否", "Item \(item.position) takes yes or no")
                    : Localized("第\(item.position)题应答 满意、基本满意 或 不满意",
                                "Item \(item.position) takes satisfied, basically satisfied or dissatisfied")))
            }
        }
        let known = Set(items.compactMap(\.id))
        if answers.keys.contains(where: { !known.contains($0) }) {
            errors.append(FieldError(field: "items", message: Localized("有不属于本问卷的题目", "An answer is for an item not in this questionnaire")))
        }
        return errors
    }
}

/// One item of the default questionnaire file (`Data/survey_questionnaire.json`).
public struct QuestionnaireTemplateItem: Hashable, Sendable, Codable {
    public var kind: SurveyItemKind
    public var text: Localized
    /// For awareness items: whether 是 is right.
    public var right: Bool?
}

public struct QuestionnaireTemplate: Hashable, Sendable, Codable {
    public var items: [QuestionnaireTemplateItem]
}

// MARK: - Sample

/// A small seeded generator (SplitMix64): the same seed gives the same numbers on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n, without modulo bias.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }
}

/// A household as a sample draws it: its id and its 社.
public struct SampleFrameEntry: Hashable, Sendable {
    public var householdId: Int64
    public var villageGroupId: Int64

    public init(householdId: Int64, villageGroupId: Int64) {
        self.householdId = householdId
        self.villageGroupId = villageGroupId
    }
}

/// A random sample of households, stratified by 社 with sizes in proportion to each 社
/// (largest remainders, ties to the lower 社 id), drawn within each 社 by a seeded shuffle.
/// The same frame, size and seed always give the same households.
public enum SurveySample {
    /// Households per 社 for a sample of `size` from a frame.
    public static func allocation(_ frame: [SampleFrameEntry], size: Int) -> [Int64: Int] {
        let total = frame.count
        var counts: [Int64: Int] = [:]
        for e in frame { counts[e.villageGroupId, default: 0] += 1 }
        let n = min(max(size, 0), total)
        guard total > 0 else { return [:] }
        var out: [Int64: Int] = [:]
        var remainders: [(group: Int64, rest: Int)] = []
        for (group, count) in counts {
            out[group] = count * n / total
            remainders.append((group, count * n % total))
        }
        var left = n - out.values.reduce(0, +)
        for r in remainders.sorted(by: { ($0.rest, -$0.group) > ($1.rest, -$1.group) }) where left > 0 {
            out[r.group, default: 0] += 1
            left -= 1
        }
        return out
    }

    /// The sampled household ids, sorted. A size of nil, or one not below the frame, takes every household.
    public static func draw(_ frame: [SampleFrameEntry], size: Int?, seed: UInt64) -> [Int64] {
        guard let size, size < frame.count else { return frame.map(\.householdId).sorted() }
        let allocation = allocation(frame, size: size)
        var generator = SeededGenerator(seed: seed)
        var picked: [Int64] = []
        let byGroup = Dictionary(grouping: frame, by: \.villageGroupId)
        for group in byGroup.keys.sorted() {
            var ids = byGroup[group]!.map(\.householdId).sorted()
            let take = allocation[group] ?? 0
            // Partial Fisher–Yates: the first `take` places.
            for i in 0..<take {
                let j = i + generator.below(ids.count - i)
                ids.swapAt(i, j)
            }
            picked += ids.prefix(take)
        }
        return picked.sorted()
    }

    public static func validate(size: Int?, frameCount: Int) -> [FieldError] {
        guard let size else { return [] }
        if size < 1 {
            return [FieldError(field: "sampleSize", message: Localized("抽样户数至少为1", "The sample needs at least 1 household"))]
        }
        if size > frameCount {
            return [FieldError(field: "sampleSize", message: Localized("抽样户数不能超过全村户数（\(frameCount)户）",
                                                                       "The sample cannot exceed the village's \(frameCount) households"))]
        }
        return []
    }
}

// MARK: - Results per 社 and per item

/// Counts for one 社 (or the whole round) against the round's targets.
public struct SurveyTally: Hashable, Sendable {
    public var label: String
    public var asked: Int
    public var aware: Int
    public var satisfied: Int

    public init(label: String, asked: Int = 0, aware: Int = 0, satisfied: Int = 0) {
        self.label = label
        self.asked = asked
        self.aware = aware
        self.satisfied = satisfied
    }

    mutating func add(_ a: SurveyAnswer) {
        asked += 1
        if a.aware { aware += 1 }
        if a.satisfaction.countsAsSatisfied { satisfied += 1 }
    }

    public var awarenessRate: Double? { asked == 0 ? nil : Double(aware) * 100 / Double(asked) }
    public var satisfactionRate: Double? { asked == 0 ? nil : Double(satisfied) * 100 / Double(asked) }
    public func meetsAwareness(_ target: Int) -> Bool { asked > 0 && aware * 100 >= target * asked }
    public func meetsSatisfaction(_ target: Int) -> Bool { asked > 0 && satisfied * 100 >= target * asked }
}

/// One questionnaire item's counts: right answers for awareness, the three satisfactions.
public struct SurveyItemTally: Hashable, Sendable {
    public var item: SurveyItem
    public var answered: Int
    /// Awareness: answered right. Satisfaction: 满意 + 基本满意.
    public var good: Int
    public var dissatisfied: Int

    public init(item: SurveyItem, answered: Int, good: Int, dissatisfied: Int) {
        self.item = item
        self.answered = answered
        self.good = good
        self.dissatisfied = dissatisfied
    }

    public var rate: Double? { answered == 0 ? nil : Double(good) * 100 / Double(answered) }

    /// The item's own target: the round's awareness or satisfaction target.
    public func meets(_ round: SurveyRound) -> Bool {
        let target = item.kind == .awareness ? round.awarenessTarget : round.satisfactionTarget
        return answered > 0 && good * 100 >= target * answered
    }
}

/// A round's results split by 社 and by item.
public struct SurveyBreakdown: Hashable, Sendable {
    public var round: SurveyRound
    public var total: SurveyTally
    public var groups: [SurveyTally]
    public var items: [SurveyItemTally]
    /// Households in the sample (or the village when there is none).
    public var sampled: Int

    /// From the answers with each household's 社 name (in 社 order) and the item answers
    /// by household.
    public static func of(_ round: SurveyRound, answers: [SurveyAnswer], groupOf: [Int64: String], groupOrder: [String],
                          items: [SurveyItem], itemAnswers: [Int64: [Int64: ItemAnswer]], sampled: Int) -> SurveyBreakdown {
        var total = SurveyTally(label: "")
        var byGroup: [String: SurveyTally] = [:]
        for a in answers {
            let g = groupOf[a.householdId] ?? ""
            var t = byGroup[g] ?? SurveyTally(label: g)
            t.add(a)
            total.add(a)
            byGroup[g] = t
        }
        let groups = groupOrder.map { byGroup[$0] ?? SurveyTally(label: $0) }
        let tallies = items.map { item -> SurveyItemTally in
            var answered = 0, good = 0, bad = 0
            for a in answers {
                guard let id = item.id, let given = itemAnswers[a.householdId]?[id] else { continue }
                answered += 1
                switch given {
                case .yesNo(let said): if said == item.rightAnswer { good += 1 }
                case .satisfaction(let s): if s.countsAsSatisfied { good += 1 } else { bad += 1 }
                }
            }
            return SurveyItemTally(item: item, answered: answered, good: good, dissatisfied: bad)
        }
        return SurveyBreakdown(round: round, total: total, groups: groups, items: tallies, sampled: sampled)
    }
}

// MARK: - 座谈

/// A discussion meeting (座谈) held for a survey: who came and what was raised.
public struct SurveyDiscussion: Hashable, Sendable, Codable {
    public var id: Int64?
    public var roundId: Int64
    public var heldOn: LocalDate
    public var participantCount: Int
    /// Names, as written on the sign-in sheet.
    public var participants: String
    /// The points raised.
    public var points: String

    public init(id: Int64? = nil, roundId: Int64, heldOn: LocalDate, participantCount: Int, participants: String,
                points: String) {
        self.id = id
        self.roundId = roundId
        self.heldOn = heldOn
        self.participantCount = participantCount
        self.participants = participants
        self.points = points
    }

    public static func validate(_ d: SurveyDiscussion, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        if d.heldOn > today {
            errors.append(FieldError(field: "heldOn", message: Localized("座谈日期不能晚于今天（\(today)）",
                                                                         "The date cannot be after today (\(today))")))
        }
        if !(1...999).contains(d.participantCount) {
            errors.append(FieldError(field: "participantCount", message: Localized("参加人数应为1至999", "Participants must be 1 to 999")))
        }
        if d.participants.count > 200 {
            errors.append(FieldError(field: "participants", message: Localized("参加人员最多200个字", "At most 200 characters")))
        }
        let points = d.points.trimmingSpaces()
        if points.isEmpty {
            errors.append(FieldError(field: "points", message: Localized("请填写座谈中提出的意见", "The points raised are required")))
        } else if points.count > 500 {
            errors.append(FieldError(field: "points", message: Localized("意见最多500个字", "At most 500 characters")))
        }
        return errors
    }
}

// MARK: - 评议 findings and 评议整改 measures

/// A finding of a review (评议), e.g. of a survey round or a 座谈: what must be put right.
public struct ReviewFinding: Hashable, Sendable, Codable {
    public var id: Int64?
    /// The survey round it came from, if any.
    public var roundId: Int64?
    public var foundOn: LocalDate
    public var text: String

    public init(id: Int64? = nil, roundId: Int64? = nil, foundOn: LocalDate, text: String) {
        self.id = id
        self.roundId = roundId
        self.foundOn = foundOn
        self.text = text
    }

    public static func validate(_ f: ReviewFinding, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        if f.foundOn > today {
            errors.append(FieldError(field: "foundOn", message: Localized("评议日期不能晚于今天（\(today)）",
                                                                          "The date cannot be after today (\(today))")))
        }
        let text = f.text.trimmingSpaces()
        if text.isEmpty {
            errors.append(FieldError(field: "finding", message: Localized("请填写评议发现的问题", "The finding is required")))
        } else if text.count > 100 {
            errors.append(FieldError(field: "finding", message: Localized("问题最多100个字", "At most 100 characters")))
        }
        return errors
    }
}

/// A measure (评议整改) a finding opens: who carries it out and by when; closed with a date and a note.
public struct ReviewMeasure: Hashable, Sendable, Codable {
    public var id: Int64?
    public var findingId: Int64
    public var measure: String
    public var owner: String
    public var deadline: LocalDate
    public var closedOn: LocalDate?
    public var closedNote: String

    public init(id: Int64? = nil, findingId: Int64, measure: String, owner: String, deadline: LocalDate,
                closedOn: LocalDate? = nil, closedNote: String = "") {
        self.id = id
        self.findingId = findingId
        self.measure = measure
        self.owner = owner
        self.deadline = deadline
        self.closedOn = closedOn
        self.closedNote = closedNote
    }

    public var isOpen: Bool { closedOn == nil }
    /// Open after its deadline.
    public func isOverdue(on today: LocalDate) -> Bool { closedOn == nil && today > deadline }

    public func stateLabel(on today: LocalDate) -> Localized {
        if let closed = closedOn { return Localized("完成 \(closed)", "Done \(closed)") }
        return isOverdue(on: today) ? Localized("逾期", "Overdue") : Localized("整改中", "Open")
    }

    public static func validate(_ m: ReviewMeasure, finding: ReviewFinding) -> [FieldError] {
        var errors: [FieldError] = []
        let text = m.measure.trimmingSpaces()
        if text.isEmpty {
            errors.append(FieldError(field: "measure", message: Localized("请填写整改措施", "The measure is required")))
        } else if text.count > 100 {
            errors.append(FieldError(field: "measure", message: Localized("措施最多100个字", "At most 100 characters")))
        }
        let owner = m.owner.trimmingSpaces()
        if owner.isEmpty {
            errors.append(FieldError(field: "owner", message: Localized("请填写责任人", "The owner is required")))
        } else if owner.count > 20 {
            errors.append(FieldError(field: "owner", message: Localized("责任人最多20个字", "At most 20 characters")))
        }
        if m.deadline < finding.foundOn {
            errors.append(FieldError(field: "deadline", message: Localized("整改期限不能早于评议日期（\(finding.foundOn)）",
                                                                           "The deadline cannot be before the review (\(finding.foundOn))")))
        }
        return errors
    }

    /// Why closing on `date` is refused, or nil.
    public static func closeProblem(_ m: ReviewMeasure, on date: LocalDate, note: String, finding: ReviewFinding,
                                    today: LocalDate) -> FieldError? {
        if m.closedOn != nil {
            return FieldError(field: "closedOn", message: Localized("该整改措施已完成", "This measure is already closed"))
        }
        if date > today {
            return FieldError(field: "closedOn", message: Localized("完成日期不能晚于今天（\(today)）", "The date cannot be after today (\(today))"))
        }
        if date < finding.foundOn {
            return FieldError(field: "closedOn", message: Localized("完成日期不能早于评议日期（\(finding.foundOn)）",
                                                                   "The date cannot be before the review (\(finding.foundOn))"))
        }
        let n = note.trimmingSpaces()
        if n.isEmpty {
            return FieldError(field: "closedNote", message: Localized("请填写整改结果", "Say what was done"))
        }
        if n.count > 200 {
            return FieldError(field: "closedNote", message: Localized("结果最多200个字", "At most 200 characters"))
        }
        return nil
    }
}

// MARK: - Star criteria read from the records

/// The facts the computed star criteria are read from, gathered by the store on the review's date.
public struct StarEvidenceFacts: Hashable, Sendable {
    public var fourHaves: FourHaves
    /// The village's own preferential policies in force (村级优先优惠政策).
    public var villagePolicies: Int
    /// Persons marked association members (计生协会会员).
    public var associationMembers: Int
    /// The newest survey round held on or before the date that has answers.
    public var latestSurvey: SurveyResult?
    /// Benefits due by the date and delivered, and those overdue.
    public var dueCount: Int
    public var deliveredCount: Int
    public var overdueCount: Int
    /// Honesty groups with members, and those among them with no agreement in force.
    public var groupsWithMembers: Int
    public var groupsWithoutAgreement: [String]
    /// Feedback received: open past its deadline, and closed after it (voided entries left out).
    public var feedbackCount: Int
    public var feedbackOverdue: Int
    public var feedbackClosedLate: Int
    /// Broken pledge items in check rounds of the twelve months up to the date, and those rounds.
    public var brokenChecks: Int
    public var checkRoundsInYear: Int

    public init(fourHaves: FourHaves, villagePolicies: Int, associationMembers: Int, latestSurvey: SurveyResult?,
                dueCount: Int, deliveredCount: Int, overdueCount: Int, groupsWithMembers: Int,
                groupsWithoutAgreement: [String], feedbackCount: Int, feedbackOverdue: Int, feedbackClosedLate: Int,
                brokenChecks: Int, checkRoundsInYear: Int) {
        self.fourHaves = fourHaves
        self.villagePolicies = villagePolicies
        self.associationMembers = associationMembers
        self.latestSurvey = latestSurvey
        self.dueCount = dueCount
        self.deliveredCount = deliveredCount
        self.overdueCount = overdueCount
        self.groupsWithMembers = groupsWithMembers
        self.groupsWithoutAgreement = groupsWithoutAgreement
        self.feedbackCount = feedbackCount
        self.feedbackOverdue = feedbackOverdue
        self.feedbackClosedLate = feedbackClosedLate
        self.brokenChecks = brokenChecks
        self.checkRoundsInYear = checkRoundsInYear
    }
}

/// One computed criterion: met or not, and the evidence that says so.
public struct StarEvidence: Hashable, Sendable {
    public var criterionId: String
    public var met: Bool
    public var evidence: Localized

    public init(criterionId: String, met: Bool, evidence: Localized) {
        self.criterionId = criterionId
        self.met = met
        self.evidence = evidence
    }

    /// The criteria read from the records; every other criterion is ticked by hand.
    public static let computedIds: [String] = [
        "1-fourHaves", "1-policies", "1-association", "1-awareness", "1-satisfaction",
        "2-delivered", "2-archive", "2-feedback", "3-noBreach",
    ]

    /// The awareness and satisfaction the level-1 criteria ask for (seed 001).
    public static let awarenessFloor = 80
    public static let satisfactionFloor = 90
    /// The village's own preferential policies: 2 to 4 (seed 002); more still meets it.
    public static let minimumPolicies = 2

    /// Each computed criterion from the facts.
    public static func compute(_ f: StarEvidenceFacts) -> [StarEvidence] {
        var out: [StarEvidence] = []
        let four = f.fourHaves
        out.append(StarEvidence(criterionId: "1-fourHaves", met: four.all, evidence: four.all
            ? Localized("四有齐全", "All four in place")
            : Localized(four.missing.map(\.zh).joined(separator: "；"), four.missing.map(\.en).joined(separator: "; "))))
        out.append(StarEvidence(criterionId: "1-policies", met: f.villagePolicies >= minimumPolicies,
                                evidence: Localized("村级优惠政策\(f.villagePolicies)条",
                                                    Localized.count(f.villagePolicies, "", "village policy", enPlural: "village policies").en)))
        out.append(StarEvidence(criterionId: "1-association", met: f.associationMembers > 0,
                                evidence: Localized("协会会员\(f.associationMembers)人",
                                                    Localized.count(f.associationMembers, "", "association member").en)))
        if let s = f.latestSurvey, s.asked > 0 {
            let name = "\(s.round.name)，\(s.asked)户"
            let nameEn = "\(s.round.name), \(s.asked) hh."
            let aware = s.aware * 100 >= awarenessFloor * s.asked
            let satisfied = s.satisfiedInAll * 100 >= satisfactionFloor * s.asked
            out.append(StarEvidence(criterionId: "1-awareness", met: aware, evidence: Localized(
                "知晓率 \(SurveyResult.percent(s.awarenessRate))（\(name)）", "Awareness \(SurveyResult.percent(s.awarenessRate)) (\(nameEn))")))
            out.append(StarEvidence(criterionId: "1-satisfaction", met: satisfied, evidence: Localized(
                "满意率 \(SurveyResult.percent(s.satisfactionRate))（\(name)）",
                "Satisfaction \(SurveyResult.percent(s.satisfactionRate)) (\(nameEn))")))
        } else {
            let none = Localized("尚无调查结果", "No survey answered yet")
            out.append(StarEvidence(criterionId: "1-awareness", met: false, evidence: none))
            out.append(StarEvidence(criterionId: "1-satisfaction", met: false, evidence: none))
        }
        out.append(StarEvidence(criterionId: "2-delivered", met: f.dueCount > 0 && f.overdueCount == 0, evidence: f.dueCount == 0
            ? Localized("尚无应兑现项目", "No benefit due yet")
            : Localized("已兑现\(f.deliveredCount)/\(f.dueCount)项，逾期\(f.overdueCount)项",
                        "\(f.deliveredCount)/\(f.dueCount) delivered, \(f.overdueCount) overdue")))
        let archived = f.groupsWithMembers > 0 && f.groupsWithoutAgreement.isEmpty
        out.append(StarEvidence(criterionId: "2-archive", met: archived, evidence: f.groupsWithMembers == 0
            ? Localized("尚无有成员的小组", "No honesty group with members")
            : f.groupsWithoutAgreement.isEmpty
                ? Localized("\(f.groupsWithMembers)个小组均有生效协议", "All \(f.groupsWithMembers) groups have an agreement in force")
                : Localized("无生效协议：" + f.groupsWithoutAgreement.joined(separator: "、"),
                            "No agreement in force: " + f.groupsWithoutAgreement.joined(separator: ", "))))
        out.append(StarEvidence(criterionId: "2-feedback", met: f.feedbackOverdue == 0 && f.feedbackClosedLate == 0,
                                evidence: Localized("反馈\(f.feedbackCount)条，超期未办结\(f.feedbackOverdue)条，超期办结\(f.feedbackClosedLate)条",
                                                    "\(f.feedbackCount) feedback, \(f.feedbackOverdue) overdue, \(f.feedbackClosedLate) closed late")))
        out.append(StarEvidence(criterionId: "3-noBreach", met: f.checkRoundsInYear > 0 && f.brokenChecks == 0,
                                evidence: f.checkRoundsInYear == 0
                                    ? Localized("近一年无检查记录", "No check in the past year")
                                    : Localized("近一年检查\(f.checkRoundsInYear)轮，失信\(f.brokenChecks)项",
                                                "\(f.checkRoundsInYear) check round(s) in the year, \(f.brokenChecks) broken")))
        return out
    }

    /// The criteria a review records: the computed ones as the records say, the rest as
    /// ticked. Only the criteria in `within` (the level's, when given) are recorded as met.
    public static func merge(ticked: [String], evidence: [StarEvidence], within: Set<String>? = nil) -> [String] {
        let computed = Set(evidence.map(\.criterionId))
        let met = ticked.filter { !computed.contains($0) } + evidence.filter(\.met).map(\.criterionId)
        guard let within else { return met }
        return met.filter { within.contains($0) || !computed.contains($0) }
    }
}
