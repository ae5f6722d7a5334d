import Domain
import Store
import UICore

// MARK: - 评议整改

/// 评议整改: the measures review findings opened, open ones first (overdue marked), with F3
/// a new finding and its measure, F4 another measure on the selected finding, F9 closing.
final class ReviewMeasureListScreen: TableScreen<ReviewMeasureRow> {
    static let cells: Cells<ReviewMeasureRow> = [
        "finding": { r, _ in r.finding.text },
        "measure": { r, _ in r.measure.measure },
        "owner": { r, _ in r.measure.owner },
        "deadline": { r, _ in r.measure.deadline.description },
        "state": { r, c in (r.measure.isOverdue(on: c.today) ? c.t(S.alarm) : "") + c.t(r.measure.stateLabel(on: c.today)) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "review_measure_list", cells: Self.cells)
    }

    override func fetch() throws -> [ReviewMeasureRow] { try context.db.reviewMeasures() }
    override func rowId(_ r: ReviewMeasureRow) -> Int64 { r.measure.id ?? 0 }
    override var showsSort: Bool { false }
    override var openLabel: Localized? { Localized("详情", "Details") }

    override func load() {
        super.load()
        let open = items.filter(\.measure.isOpen).count
        let overdue = items.filter { $0.measure.isOverdue(on: context.today) }.count
        header = [(context.t(Localized("共 \(items.count) 项，未完成 \(open) 项，其中逾期 \(overdue) 项。",
                                       Localized.count(items.count, "项", "measure").en + ", \(open) open, \(overdue) overdue.")),
                   overdue > 0 ? Style(.error) : .normal)]
    }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(ReviewMeasureFormScreen(context, finding: nil)) },
         .write("F4", Localized("再定措施", "Add measure")) { [unowned self] in
             guard let r = selected else { return .none }
             return .push(ReviewMeasureFormScreen(context, finding: r.finding))
         },
         .write("F9", Localized("销号", "Close")) { [unowned self] in
             guard let r = selected else { return .none }
             if let closed = r.measure.closedOn {
                 return refuse(Localized("该整改措施已于 \(closed) 完成", "This measure was closed on \(closed)"))
             }
             return .push(ReviewMeasureCloseFormScreen(context, row: r))
         }]
    }

    override func footer() -> [String] {
        items.isEmpty ? [context.t(Localized("还没有评议整改措施。按 F3 登记评议发现的问题和整改措施。",
                                             "No review measures yet. F3 records a finding and its measure."))] : []
    }

    override func open(_ r: ReviewMeasureRow) -> Action {
        let t = context.t
        var lines = [t(Localized("发现的问题：", "Finding: ")) + r.finding.text,
                     t(Localized("评议日期：", "Reviewed on: ")) + r.finding.foundOn.description]
        if let round = r.roundName { lines.append(t(Localized("来自调查：", "From the survey: ")) + round) }
        lines += ["", t(Localized("整改措施：", "Measure: ")) + r.measure.measure,
                  t(Localized("责任人：", "Owner: ")) + r.measure.owner,
                  t(Localized("整改期限：", "Deadline: ")) + r.measure.deadline.description,
                  t(Localized("状态：", "State: ")) + t(r.measure.stateLabel(on: context.today))]
        if !r.measure.closedNote.isEmpty { lines.append(t(Localized("整改结果：", "What was done: ")) + r.measure.closedNote) }
        return .push(TextViewScreen(context, title: t(Localized("评议整改", "Review measure")), text: lines.joined(separator: "\n")))
    }
}

/// A finding and its measure, or (for a finding already recorded) one more measure.
final class ReviewMeasureFormScreen: FormScreen {
    let finding: ReviewFinding?

    init(_ context: AppContext, finding: ReviewFinding?) {
        self.finding = finding
        super.init(context, spec: "review_measure_form", values: [
            "finding": finding?.text ?? "", "foundOn": (finding?.foundOn ?? context.today).description,
            "measure": "", "owner": "", "deadline": context.today.addingDays(30).description,
        ])
        if finding != nil {
            for i in form.fields.indices where ["finding", "foundOn"].contains(form.fields[i].key) {
                form.fields[i].readOnly = true
            }
            // The cursor starts on the measure, the first field left to type.
            form.focus = form.fields.firstIndex { !$0.readOnly } ?? 0
        }
        fieldAliases = ["text": "finding"]
    }

    override func save() throws -> Action {
        guard let deadline = LocalDate(text("deadline")) else {
            throw StoreError.invalid([FieldError(field: "deadline", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        var f = finding
        if f == nil {
            guard let on = LocalDate(text("foundOn")) else {
                throw StoreError.invalid([FieldError(field: "foundOn", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
            }
            // The measure is checked before the finding is stored, so a refused form stores nothing.
            let draft = ReviewMeasure(findingId: 0, measure: text("measure"), owner: text("owner"), deadline: deadline)
            let errors = ReviewFinding.validate(ReviewFinding(foundOn: on, text: text("finding")), on: context.today)
                + ReviewMeasure.validate(draft, finding: ReviewFinding(foundOn: on, text: text("finding")))
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            f = try context.db.addReviewFinding(ReviewFinding(foundOn: on, text: text("finding")), on: context.today)
        }
        try context.db.addReviewMeasure(ReviewMeasure(findingId: f?.id ?? 0, measure: text("measure"), owner: text("owner"),
                                                      deadline: deadline))
        return savedAndBack()
    }
}

/// Closing a measure: the date and what was done.
final class ReviewMeasureCloseFormScreen: FormScreen {
    let row: ReviewMeasureRow

    init(_ context: AppContext, row: ReviewMeasureRow) {
        self.row = row
        super.init(context, spec: "review_measure_close_form", values: ["closedOn": context.today.description, "closedNote": ""])
    }

    override var title: String { super.title + " · " + TextWidth.truncate(row.measure.measure, to: 40) }

    override func save() throws -> Action {
        guard let date = LocalDate(text("closedOn")) else {
            throw StoreError.invalid([FieldError(field: "closedOn", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        try context.db.closeReviewMeasure(id: row.measure.id ?? 0, on: date, note: text("closedNote"), today: context.today)
        return savedAndBack()
    }
}

// MARK: - Results per 社 and per item

/// A round's results: one line per 社, the village, then one line per questionnaire item.
final class SurveyResultsScreen: TableScreen<SurveyResultsScreen.Line> {
    /// A line of the table, with the round whose targets it is measured against.
    struct Line {
        enum Kind {
            case group(SurveyTally, village: Bool)
            case item(SurveyItemTally)
            case heading(String)
        }

        var kind: Kind
        var round: SurveyRound
    }

    let round: SurveyRound
    var breakdown: SurveyBreakdown?

    static func tallyCells(_ t: SurveyTally, _ r: SurveyRound, key: String, _ c: AppContext) -> String {
        switch key {
        case "asked": String(t.asked)
        case "awarenessRate": TextWidth.marked(SurveyResult.percent(t.awarenessRate), t.meetsAwareness(r.awarenessTarget) ? nil : "✗")
        case "satisfactionRate":
            TextWidth.marked(SurveyResult.percent(t.satisfactionRate), t.meetsSatisfaction(r.satisfactionTarget) ? nil : "✗")
        default:
            c.t(t.meetsAwareness(r.awarenessTarget) && t.meetsSatisfaction(r.satisfactionTarget)
                ? Localized("达标", "Met") : Localized("未达标", "Not met"))
        }
    }

    static let cells: Cells<Line> = [
        "group": { l, c in
            switch l.kind {
            case .group(let t, let village): village ? c.t(Localized("全村", "Village")) : t.label
            case .item(let t): "\(t.item.position). " + t.item.text.text(c.language)
            case .heading(let h): h
            }
        },
        "asked": { l, c in cell(l, "asked", c) },
        "awarenessRate": { l, c in cell(l, "awarenessRate", c) },
        "satisfactionRate": { l, c in cell(l, "satisfactionRate", c) },
        "result": { l, c in cell(l, "result", c) },
    ]

    static func cell(_ l: Line, _ key: String, _ c: AppContext) -> String {
        let r = l.round
        switch l.kind {
        case .heading: return ""
        case .group(let t, _): return tallyCells(t, r, key: key, c)
        case .item(let t):
            let rate = TextWidth.marked(SurveyResult.percent(t.rate), t.meets(r) ? nil : "✗")
            switch key {
            case "asked": return String(t.answered)
            case "awarenessRate": return t.item.kind == .awareness ? rate : ""
            case "satisfactionRate": return t.item.kind == .satisfaction ? rate : ""
            default: return c.t(t.meets(r) ? Localized("达标", "Met") : Localized("未达标", "Not met"))
            }
        }
    }

    /// The village's own surveys, or a township's evaluations of one of its villages.
    let book: SurveyBook

    init(_ context: AppContext, round: SurveyRound, book: SurveyBook? = nil) {
        self.round = round
        self.book = book ?? context.db
        super.init(context, spec: "survey_results", cells: Self.cells)
    }

    override var title: String {
        spec.title.text(context.language) + " · " + (book.evaluatedVillage.map { $0 + " " } ?? "") + round.name
    }

    override func fetch() throws -> [Line] {
        let b = try book.surveyBreakdown(roundId: round.id ?? 0)
        breakdown = b
        var kinds: [Line.Kind] = b.groups.map { .group($0, village: false) } + [.group(b.total, village: true)]
        if !b.items.isEmpty {
            kinds.append(.heading(context.t(Localized("—— 各题 ——", "— By item —"))))
            kinds += b.items.map { .item($0) }
        }
        return kinds.map { Line(kind: $0, round: b.round) }
    }

    override func rowId(_ l: Line) -> Int64 {
        switch l.kind {
        case .group(let t, let village): village ? -1 : -10 - Int64(breakdown?.groups.firstIndex { $0.label == t.label } ?? 0)
        case .heading: -2
        case .item(let t): t.item.id ?? 0
        }
    }

    override var openLabel: Localized? { nil }
    override var showsSort: Bool { false }
    override var showsFilter: Bool { false }

    override func load() {
        super.load()
        guard let b = breakdown else { return }
        let r = b.round
        header = [(context.t(Localized(
            "已答 \(b.total.asked) 户（\(r.sampleSize == nil ? "全村" : "抽样") \(b.sampled) 户）　目标：知晓率 \(r.awarenessTarget)%　满意率 \(r.satisfactionTarget)%",
            "\(b.total.asked) answered of \(b.sampled) \(r.sampleSize == nil ? "households" : "sampled")  Targets: aware \(r.awarenessTarget)%, satisfied \(r.satisfactionTarget)%")),
                   .normal)]
        let awareness = b.items.filter { $0.item.kind == .awareness }.count
        if awareness > 0 {
            let needed = Questionnaire.needed(threshold: r.awarenessThreshold, awarenessItems: awareness)
            let seed = r.sampleSeed.map { context.t(Localized("　抽样种子 \($0)", "  sample seed \($0)")) } ?? ""
            header.append((context.t(Localized("问卷\(b.items.count)题：\(awareness)道知晓题答对\(needed)道算知晓",
                                               "\(b.items.count) items: aware with \(needed) of \(awareness) awareness items right"))
                           + seed, .normal))
        }
    }

    static let fixedNote = Localized("本轮已有回答，问卷和抽样不能再改", "This round has answers; its questionnaire and sample are fixed")

    /// F9 gives the round the default questionnaire; a village's own round also has its
    /// discussions (F5) and its sample (F7), which a township's evaluation does not keep.
    override var listCommands: [Command] {
        let full: [Command] = book.keepsFullRounds ? [
            Command("F5", Localized("座谈记录", "Discussions")) { [unowned self] in .push(SurveyDiscussionListScreen(context, round: round)) },
            .write("F7", Localized("抽样", "Sample")) { [unowned self] in
                if (breakdown?.total.asked ?? 0) > 0 { return refuse(Self.fixedNote) }
                // The stored round: a sample drawn since this screen opened shows in the form.
                let current = (try? context.db.surveyRound(id: round.id ?? 0)) ?? round
                return .push(SurveySampleFormScreen(context, round: current))
            },
        ] : []
        return full + [
         .write("F9", Localized("问卷", "Items")) { [unowned self] in
             guard let id = round.id else { return .none }
             if (breakdown?.total.asked ?? 0) > 0 { return refuse(Self.fixedNote) }
             if !(breakdown?.items.isEmpty ?? true) {
                 return refuse(Localized("本轮已有问卷，见下方各题", "This round has a questionnaire: its items are listed below"))
             }
             return confirmThenChange(Localized("给“\(round.name)”配上默认问卷（Data/survey_questionnaire.json）吗？",
                                                "Give \(round.name) the default questionnaire (Data/survey_questionnaire.json)?"),
                                      done: Localized("已配问卷，逐户录入时每题一键", "The questionnaire is in place: one key per item")) {
                 try self.book.installQuestionnaire(roundId: id, from: nil)
             }
         }]
    }
}

// MARK: - 座谈

/// The round's discussion meetings (座谈), F3 records one.
final class SurveyDiscussionListScreen: TableScreen<SurveyDiscussion> {
    let round: SurveyRound

    static let cells: Cells<SurveyDiscussion> = [
        "heldOn": { d, _ in d.heldOn.description },
        "participantCount": { d, _ in String(d.participantCount) },
        "participants": { d, _ in d.participants },
        "points": { d, _ in d.points },
    ]

    init(_ context: AppContext, round: SurveyRound) {
        self.round = round
        super.init(context, spec: "survey_discussions", cells: Self.cells)
    }

    override var title: String { spec.title.text(context.language) + " · " + round.name }
    override func fetch() throws -> [SurveyDiscussion] { try context.db.surveyDiscussions(roundId: round.id ?? 0) }
    override func rowId(_ d: SurveyDiscussion) -> Int64 { d.id ?? 0 }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(SurveyDiscussionFormScreen(context, round: round)) }]
    }

    override func footer() -> [String] {
        items.isEmpty ? [context.t(Localized("本轮还没有座谈记录。按 F3 登记。", "No discussion meetings yet. F3 records one."))] : []
    }

    override func open(_ d: SurveyDiscussion) -> Action {
        let t = context.t
        let text = [t(Localized("日期：", "Date: ")) + d.heldOn.description,
                    t(Localized("参加人数：", "Participants: ")) + String(d.participantCount),
                    t(Localized("参加人员：", "Who: ")) + d.participants, "",
                    t(Localized("提出的意见：", "Points raised:")), d.points].joined(separator: "\n")
        return .push(TextViewScreen(context, title: t(Localized("座谈", "Discussion")) + " " + d.heldOn.description, text: text))
    }
}

final class SurveyDiscussionFormScreen: FormScreen {
    let round: SurveyRound

    init(_ context: AppContext, round: SurveyRound) {
        self.round = round
        super.init(context, spec: "survey_discussion_form", values: [
            "heldOn": context.today.description, "participantCount": "", "participants": "", "points": "",
        ])
    }

    override func save() throws -> Action {
        guard let on = LocalDate(text("heldOn")) else {
            throw StoreError.invalid([FieldError(field: "heldOn", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        try context.db.addSurveyDiscussion(SurveyDiscussion(roundId: round.id ?? 0, heldOn: on,
                                                            participantCount: Int(text("participantCount")) ?? 0,
                                                            participants: text("participants"), points: text("points")),
                                           on: context.today)
        return savedAndBack()
    }
}
