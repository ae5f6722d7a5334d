import Foundation
import Domain

extension DemoVillage {
    /// The day the demo's assessment records are entered "as of": every date is on or before it.
    static let assessmentAsOf = LocalDate(year: 2026, month: 11, day: 20)!

    /// Adds the demo village's assessment records through the store's own rules: a township
    /// survey of 60 households, quarterly star reviews over 2025–2026 (one star, then two),
    /// the five rule documents and a 村规民约 (one superseded), and 8 feedback entries of which
    /// one is overdue from 2026-11-16 on, and a questionnaire round (see `addDemoQuestionnaire`).
    /// The same database always gets the same records.
    public static func addDemoAssessments(to db: AppDatabase, criteriaURL: URL? = nil) throws {
        let asOf = assessmentAsOf
        func day(_ s: String) -> LocalDate { LocalDate(s)! }
        if try db.starCriteria().criteria.isEmpty {
            try? db.installStarCriteria(from: criteriaURL ?? AppDatabase.repositoryStarCriteriaURL)
        }

        // A township evaluation: every fifth household, answers from a fixed pattern.
        let round = try db.createSurveyRound(SurveyRound(
            name: "2026年度诚信计生评估", heldOn: day("2026-10-20"), conductor: .township,
            note: "镇计生协入户问卷调查"), on: asOf)
        let households = try db.surveyHouseholds()
        for (i, h) in households.enumerated().filter({ $0.offset % 5 == 0 }).prefix(60) {
            let k = i / 5
            let aware = k % 8 != 3
            let satisfaction: Satisfaction = k % 15 == 7 ? .dissatisfied : (k % 4 == 1 ? .basicallySatisfied : .satisfied)
            try db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: h.id, aware: aware,
                                                   satisfaction: satisfaction))
        }
        let selfRound = try db.createSurveyRound(SurveyRound(
            name: "2026年上半年自评", heldOn: day("2026-06-15"), conductor: .selfAssessment, awarenessTarget: 90), on: asOf)
        for (i, h) in households.prefix(20).enumerated() {
            try db.recordSurveyAnswer(SurveyAnswer(roundId: selfRound.id!, householdId: h.id, aware: i % 6 != 0,
                                                   satisfaction: i % 10 == 4 ? .basicallySatisfied : .satisfied))
        }

        // Star reviews, one per quarter: one star from 2025-Q2, two stars from 2026-Q2.
        let catalog = try db.starCriteria()
        func met(_ level: Int) -> [String] { catalog.required(for: level).map(\.id) }
        let reviews: [(String, Int)] = [
            ("2025-06-26", 1), ("2025-09-25", 1), ("2025-12-25", 1), ("2026-03-26", 1),
            ("2026-06-25", 2), ("2026-09-24", 2),
        ]
        for (date, level) in reviews {
            try db.recordStarReview(StarReview(reviewedOn: day(date), levelApplied: level, criteriaMet: met(level),
                                               passed: true, reviewer: "县人口计生局、县计生协"), on: asOf)
        }

        // The five systems and the village rules, adopted by the villagers' representatives.
        let meeting = "村民代表大会"
        let documents: [(RuleDocumentKind, String, String)] = [
            (.organisation, "诚信计生组织保障制度", "2025-02-18"),
            (.publicAffairs, "诚信计生政务公开制度", "2025-02-18"),
            (.rewardsPenalties, "诚信计生奖励惩罚制度", "2025-02-18"),
            (.democraticSupervision, "诚信计生民主监督制度", "2025-02-18"),
            (.effectEvaluation, "诚信计生效果评估制度", "2025-02-18"),
            (.villageRules, "星光村村规民约", "2024-12-20"),
            (.villageRules, "星光村村规民约（2026年修订）", "2026-01-15"),
            (.charter, "计划生育基层群众自治章程", "2025-02-18"),
        ]
        for (kind, title, date) in documents {
            try db.saveRuleDocument(RuleDocument(kind: kind, title: title, adoptedOn: day(date),
                                                 adoptedBy: kind == .charter ? "村民会议" : meeting), on: asOf)
        }

        // The feedback register: closed, in hand, one overdue, one anonymous report, one voided.
        let entries: [FeedbackEntry] = [
            FeedbackEntry(receivedOn: day("2026-03-02"), source: .visit, raisedBy: "王秀兰", contact: "一社",
                          content: "独生子女父母奖励费何时发放", handler: "村计生专干", deadline: day("2026-03-09"),
                          status: .closed, outcome: "已告知发放时间，3月8日到账", closedOn: day("2026-03-08")),
            FeedbackEntry(receivedOn: day("2026-04-11"), source: .hotline, raisedBy: "李建国", contact: "13903100001",
                          content: "咨询新农合保费减免办理手续", handler: "村计生专干", deadline: day("2026-04-18"),
                          status: .closed, outcome: "已代办，保费由县财政负担", closedOn: day("2026-04-16")),
            FeedbackEntry(receivedOn: day("2026-05-20"), source: .reportBox, anonymous: true,
                          content: "反映有人违规享受优惠政策", handler: "村民主监督小组", deadline: day("2026-06-19"),
                          status: .closed, outcome: "经核查情况属实，已取消其优惠并公示", closedOn: day("2026-06-15")),
            FeedbackEntry(receivedOn: day("2026-07-08"), source: .meeting, raisedBy: "张桂芳",
                          content: "建议公开栏增加救助政策内容", handler: "村委会", deadline: day("2026-07-31"),
                          status: .closed, outcome: "已在公开栏增加大病救助政策", closedOn: day("2026-07-25")),
            FeedbackEntry(receivedOn: day("2026-09-14"), source: .letter, raisedBy: "陈志强", contact: "三社12号",
                          content: "独女户大病救助申请未答复", handler: "村委会主任", deadline: day("2026-09-30"),
                          status: .closed, outcome: "已报乡镇审批，救助3000元已发放", closedOn: day("2026-09-28")),
            FeedbackEntry(receivedOn: day("2026-11-02"), source: .visit, raisedBy: "赵淑英", contact: "四社",
                          content: "流出人员证明办理慢", handler: "村计生专干", deadline: day("2026-11-15"),
                          status: .inProgress),
            FeedbackEntry(receivedOn: day("2026-11-18"), source: .hotline, raisedBy: "周建华", contact: "13903100002",
                          content: "咨询独生子女升学奖励申请条件", handler: "村计生专干", deadline: day("2026-12-02")),
            FeedbackEntry(receivedOn: day("2026-11-19"), source: .visit, raisedBy: "周建华",
                          content: "咨询独生子女升学奖励申请条件", handler: "村计生专干", deadline: day("2026-11-26")),
        ]
        var last: FeedbackEntry?
        for e in entries { last = try db.saveFeedback(e, on: asOf) }
        if let id = last?.id { try db.voidFeedback(id: id, reason: "与11月18日热线来电重复登记", on: asOf) }
        try addDemoQuestionnaire(to: db, on: asOf)
    }

    /// A questionnaire round: the default questionnaire, 30 households sampled by 社 with a
    /// stored seed, answers from a fixed pattern, a 座谈, and a finding with two measures
    /// (one closed, one open).
    static func addDemoQuestionnaire(to db: AppDatabase, on asOf: LocalDate) throws {
        func day(_ s: String) -> LocalDate { LocalDate(s)! }
        let round = try db.createSurveyRound(SurveyRound(
            name: "2026年第四季度入户问卷", heldOn: day("2026-11-10"), conductor: .selfAssessment,
            note: "村计生协按社分层抽样入户"), on: asOf)
        let items = try db.installQuestionnaire(roundId: round.id!)
        try db.setAwarenessThreshold(roundId: round.id!, threshold: 5)
        let sampled = try db.drawSurveySample(roundId: round.id!, size: 30, seed: 2026)
        for (k, id) in sampled.enumerated() {
            var answers: [Int64: ItemAnswer] = [:]
            for item in items {
                switch item.kind {
                case .awareness:
                    // Every seventh household misses one item, every eleventh two.
                    let wrong = (k % 7 == 3 && item.position == 2) || (k % 11 == 5 && item.position <= 2)
                    answers[item.id!] = .yesNo(wrong ? !item.rightAnswer! : item.rightAnswer!)
                case .satisfaction:
                    let s: Satisfaction = k % 13 == 6 && item.position == 8 ? .dissatisfied
                        : (k + item.position) % 5 == 0 ? .basicallySatisfied : .satisfied
                    answers[item.id!] = .satisfaction(s)
                }
            }
            try db.recordSurveyAnswer(SurveyAnswer(roundId: round.id!, householdId: id, aware: false, satisfaction: .dissatisfied,
                                                   items: answers))
        }
        try db.addSurveyDiscussion(SurveyDiscussion(
            roundId: round.id!, heldOn: day("2026-11-12"), participantCount: 14,
            participants: "村两委、各社小组长、育龄妇女代表",
            points: "三社部分群众不清楚12356热线；希望公开栏按月更新；建议集体收益分配优先办法再公示一次"), on: asOf)
        let finding = try db.addReviewFinding(ReviewFinding(roundId: round.id!, foundOn: day("2026-11-12"),
                                                            text: "部分群众不清楚12356阳光计生热线"), on: asOf)
        let posted = try db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "各社公开栏张贴12356热线号码",
                                                           owner: "村计生专干", deadline: day("2026-11-20")))
        try db.closeReviewMeasure(id: posted.id!, on: day("2026-11-18"), note: "八个社公开栏均已张贴", today: asOf)
        try db.addReviewMeasure(ReviewMeasure(findingId: finding.id!, measure: "小组长入户宣讲热线和优惠政策",
                                              owner: "各社小组长", deadline: day("2026-12-15")))
    }
}
