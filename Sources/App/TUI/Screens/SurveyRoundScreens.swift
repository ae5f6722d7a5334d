import Domain
import Store
import UICore

// MARK: - Surveys

/// The survey rounds (满意度调查), with their rates against the targets.
final class SurveyRoundListScreen: TableScreen<SurveyRoundListScreen.Line> {
    struct Line {
        var round: SurveyRound
        var result: SurveyResult?
    }

    static let cells: Cells<Line> = [
        "heldOn": { l, _ in l.round.heldOn.description },
        "name": { l, _ in l.round.name },
        "conductor": { l, c in c.t(l.round.conductor.label) },
        "asked": { l, _ in String(l.result?.asked ?? 0) },
        // A missed target is marked ✗ in a slot kept blank otherwise, so the percents line up.
        "awarenessRate": { l, _ in
            TextWidth.marked(SurveyResult.percent(l.result?.awarenessRate), l.result?.meetsAwareness == true ? nil : "✗")
        },
        "satisfactionRate": { l, _ in
            TextWidth.marked(SurveyResult.percent(l.result?.satisfactionRate), l.result?.meetsSatisfaction == true ? nil : "✗")
        },
        "result": { l, c in l.result?.meetsTargets == true ? c.t(Localized("达标", "Met")) : c.t(Localized("未达标", "Not met")) },
    ]

    /// The village's own surveys, or a township's evaluations of one of its villages.
    let book: SurveyBook

    init(_ context: AppContext, book: SurveyBook? = nil) {
        self.book = book ?? context.db
        super.init(context, spec: "survey_round_list", cells: Self.cells)
    }

    override var title: String {
        guard let village = book.evaluatedVillage else { return super.title }
        return context.t(Localized("乡镇评估", "Township evaluations")) + " · " + village
    }

    /// "2026年度评估 60户 知晓率86.7%✓ 满意率93.3%✓（目标80%/90%）".
    static func resultLine(_ r: SurveyResult, _ context: AppContext) -> String {
        let a = SurveyResult.percent(r.awarenessRate) + (r.meetsAwareness ? "✓" : "✗")
        let sat = SurveyResult.percent(r.satisfactionRate) + (r.meetsSatisfaction ? "✓" : "✗")
        return context.t(Localized(
            "\(r.round.name) \(r.asked)户 知晓率\(a) 满意率\(sat)（目标\(r.round.awarenessTarget)%/\(r.round.satisfactionTarget)%）",
            "\(r.round.name) \(r.asked) hh. aware \(a) satisfied \(sat) (\(r.round.awarenessTarget)%/\(r.round.satisfactionTarget)%)"))
    }

    override func fetch() throws -> [Line] {
        let rounds = try book.surveyRounds()
        receivedIds = book.keepsFullRounds
            ? Set(try rounds.compactMap(\.id).filter { try context.db.isTownshipEvaluation(roundId: $0) }) : []
        return rounds.map { Line(round: $0, result: try? book.surveyResult(roundId: $0.id ?? 0)) }
    }

    override func rowId(_ l: Line) -> Int64 { l.round.id ?? 0 }
    override var openLabel: Localized? { Localized("录入回答", "Answers") }
    override var openNeeds: Permissions? { .writeRecords }
    override var showsSort: Bool { false }
    /// Enter takes the round's answers; a township's evaluation the village received opens on
    /// its results, as it reads only.
    override func open(_ l: Line) -> Action {
        if received(l) { return .push(SurveyResultsScreen(context, round: l.round, book: book)) }
        return .push(SurveyAnswerScreen(context, round: l.round, book: book))
    }

    /// A township's evaluation that came down to this village with an acknowledgement (read in
    /// `fetch`, so drawing reads nothing).
    func received(_ l: Line) -> Bool { receivedIds.contains(l.round.id ?? 0) }
    private var receivedIds: Set<Int64> = []

    static let receivedNote = Localized("这是乡镇下发的乡镇评估，村里只能查看", "This is the township's evaluation, sent down: the village reads it only")

    /// F3 adds a round, F5 shows its results; F4 edits one of the village's own rounds (a
    /// township's evaluation is fixed once recorded: the village keeps it as sent).
    override var listCommands: [Command] {
        let edit: [Command] = book.keepsFullRounds ? [.write("F4", Localized("修改", "Edit")) { [unowned self] in
            guard let l = selected else { return .none }
            if received(l) { return refuse(Self.receivedNote) }
            return .push(SurveyRoundFormScreen(context, round: l.round))
        }] : []
        return [.write("F3", S.new) { [unowned self] in .push(SurveyRoundFormScreen(context, round: nil, book: book)) }] + edit
            + [Command("F5", Localized("结果", "Results")) { [unowned self] in
                selected.map { .push(SurveyResultsScreen(context, round: $0.round, book: book)) } ?? .none
            }]
    }

    override func footer() -> [String] {
        if let l = selected, received(l) { return [context.t(Self.receivedNote)] }
        guard items.isEmpty else { return [] }
        return [context.t(book.keepsFullRounds ? Localized("还没有调查。按 F3 新建一次自评或乡镇评估。", "No survey rounds yet. F3 adds one.")
            : context.db.mayWrite ? Localized("还没有乡镇评估。按 F3 新建；记入后随回执发给该村。",
                                              "No township evaluations yet. F3 adds one; it goes down to the village with its acknowledgement.")
            : Localized("还没有乡镇评估。", "No township evaluations yet."))]
    }
}

/// The round's sample (size and seed) and how many awareness items make a household aware.
final class SurveySampleFormScreen: FormScreen {
    let round: SurveyRound

    init(_ context: AppContext, round: SurveyRound) {
        self.round = round
        super.init(context, spec: "survey_sample_form", values: [
            "sampleSize": round.sampleSize.map(String.init) ?? "",
            "sampleSeed": String(round.sampleSeed ?? Int64.random(in: 1...999_999)),
            "awarenessThreshold": round.awarenessThreshold.map(String.init) ?? "",
        ])
    }

    override var title: String { super.title + " · " + round.name }

    override func save() throws -> Action {
        // Every field is checked before anything is stored.
        var errors: [FieldError] = []
        func number(_ key: String, _ message: Localized) -> Int? {
            guard !text(key).isEmpty else { return nil }
            guard let n = Int(text(key)), n >= 1 else {
                errors.append(FieldError(field: key, message: message))
                return nil
            }
            return n
        }
        let size = number("sampleSize", Localized("抽样户数应为正整数，或留空", "A whole number of households, or empty"))
        let threshold = number("awarenessThreshold", Localized("知晓题答对数至少为1，或留空", "At least 1 right answer, or empty"))
        let seed = Int64(text("sampleSeed"))
        if seed == nil {
            errors.append(FieldError(field: "sampleSeed", message: Localized("种子应为数字", "The seed must be a number")))
        }
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        try context.db.drawSurveySample(roundId: round.id ?? 0, size: size, seed: seed ?? 0)
        try context.db.setAwarenessThreshold(roundId: round.id ?? 0, threshold: threshold)
        return savedAndBack()
    }
}

final class SurveyRoundFormScreen: FormScreen {
    let round: SurveyRound?
    let book: SurveyBook

    init(_ context: AppContext, round: SurveyRound?, book: SurveyBook? = nil) {
        self.round = round
        self.book = book ?? context.db
        super.init(context, spec: "survey_round_form", values: [
            "name": round?.name ?? "", "heldOn": (round?.heldOn ?? context.today).description,
            "conductor": (round?.conductor ?? .township).rawValue,
            "awarenessTarget": String(round?.awarenessTarget ?? SurveyRound.defaultAwarenessTarget),
            "satisfactionTarget": String(round?.satisfactionTarget ?? SurveyRound.defaultSatisfactionTarget),
            "note": round?.note ?? "",
        ], choices: ["surveyConductor": FormScreen.choices(SurveyConductor.self, context.language)])
    }

    override func save() throws -> Action {
        var r = round ?? SurveyRound(name: "", heldOn: context.today, conductor: .township)
        r.name = text("name")
        r.heldOn = LocalDate(text("heldOn")) ?? context.today
        r.conductor = SurveyConductor(rawValue: text("conductor")) ?? .township
        r.awarenessTarget = Int(text("awarenessTarget")) ?? 0
        r.satisfactionTarget = Int(text("satisfactionTarget")) ?? 0
        r.note = text("note")
        if !book.keepsFullRounds && r.conductor != .township {
            throw StoreError.invalid([FieldError(field: "conductor", message: Localized("乡镇只记录乡镇评估",
                                                                                      "A township records only its own evaluations"))])
        }
        if round == nil {
            try book.createSurveyRound(r, on: context.today)
        } else {
            try context.db.updateSurveyRound(r, on: context.today)
        }
        return savedAndBack()
    }
}
