import Domain
import Store
import UICore

// Evaluation and supervision: the home menu, survey rounds and the fast answer entry,
// the star rating, the rule documents with the 四有 panel.

/// Main menu 7: surveys, star rating, rule documents and 四有, feedback; with the village's standing below.
final class AssessmentHomeScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "assessment_menu")
    }

    override var commands: [Command] {
        [Command("↑↓", S.choose), Command("Enter", S.open), Command("1-4", S.open), Command("Esc", S.back)]
    }

    override func open(_ id: String) -> Action {
        switch id {
        case "surveys": return .push(SurveyRoundListScreen(context))
        case "stars": return .push(StarReviewListScreen(context))
        case "rules": return .push(RuleDocumentListScreen(context))
        case "feedback": return .push(FeedbackListScreen(context))
        default: return .none
        }
    }

    /// The village's standing, one line each, with whether the line is a warning.
    func summaryLines() -> [(String, Bool)] {
        let today = context.today
        var lines: [(String, Bool)] = []
        if let s = try? context.db.starStatus(on: today) {
            let warn = s.isBarred || s.rectifyBy != nil || s.lostForNotRectifying
            lines += StarReviewListScreen.statusLines(s, context).map { ($0, warn) }
        }
        if let r = try? context.db.latestSurveyResult() {
            lines.append((context.t(Localized("最近调查：", "Latest: ")) + SurveyRoundListScreen.resultLine(r, context),
                          !r.meetsTargets))
        } else {
            lines.append((context.t(Localized("最近调查：无", "Latest survey: none")), false))
        }
        if let f = try? context.db.fourHaves(on: today) {
            let short = [Localized("诚信计生小组", "groups"), Localized("村规民约", "rules"),
                         Localized("协议", "agreements"), Localized("规章制度", "systems")]
            let marks = zip(short, f.items).map { ($1.has ? "✓" : "✗") + context.t($0) }.joined(separator: context.language == .en ? " " : "　")
            var text = context.t(Localized("四有：", "Four haves: ")) + marks
            if !f.missingSystems.isEmpty {
                text += context.t(Localized("（缺\(f.missingSystems.count)项制度）", " (\(f.missingSystems.count) missing)"))
            }
            lines.append((text, !f.all))
        }
        if let c = try? context.db.feedbackCounts(on: today) {
            lines.append((context.t(Localized("信息反馈：未办结 \(c.open) 条，其中超期 \(c.overdue) 条",
                                              "Feedback: \(c.open) open, \(c.overdue) overdue")), c.overdue > 0))
        }
        return lines
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        let lines = summaryLines()
        let menuHeight = rect.height - lines.count - 1
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: menuHeight))
        for (i, (line, warn)) in lines.enumerated() {
            grid.put(line, x: rect.x + 2, y: rect.y + menuHeight + i, maxWidth: rect.width - 4,
                     style: warn ? Style(.error) : .normal)
        }
    }
}

// MARK: - Surveys

final class SurveyRoundListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var rounds: [SurveyRound] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["survey_round_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    /// "2026年度评估 60户 知晓率86.7%✓ 满意率93.3%✓（目标80%/90%）".
    static func resultLine(_ r: SurveyResult, _ context: AppContext) -> String {
        let a = SurveyResult.percent(r.awarenessRate) + (r.meetsAwareness ? "✓" : "✗")
        let sat = SurveyResult.percent(r.satisfactionRate) + (r.meetsSatisfaction ? "✓" : "✗")
        return context.t(Localized(
            "\(r.round.name) \(r.asked)户 知晓率\(a) 满意率\(sat)（目标\(r.round.awarenessTarget)%/\(r.round.satisfactionTarget)%）",
            "\(r.round.name) \(r.asked) hh. aware \(a) satisfied \(sat) (\(r.round.awarenessTarget)%/\(r.round.satisfactionTarget)%)"))
    }

    func load() {
        rounds = (try? context.db.surveyRounds()) ?? []
        let l = context.language
        table.source = ArrayTableSource(rows: rounds.map { r in
            let res = try? context.db.surveyResult(roundId: r.id ?? 0)
            return TableRow(id: r.id ?? 0, cells: [
                r.heldOn.description, r.name, r.conductor.label.text(l), String(res?.asked ?? 0),
                // A missed target is marked ✗ in a slot kept blank otherwise, so the percents line up.
                TextWidth.marked(SurveyResult.percent(res?.awarenessRate), res?.meetsAwareness == true ? nil : "✗"),
                TextWidth.marked(SurveyResult.percent(res?.satisfactionRate), res?.meetsSatisfaction == true ? nil : "✗"),
                res?.meetsTargets == true ? context.t(Localized("达标", "Met")) : context.t(Localized("未达标", "Not met")),
            ])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var isTakingText: Bool { table.isFiltering }
    var commands: [Command] {
        [Command.write("Enter", Localized("录入回答", "Answers")), Command.write("F3", S.new),
         Command.write("F4", Localized("修改", "Edit")), Command("/", S.filter), Command("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch key {
        case .function(3), .insert:
            return .push(SurveyRoundFormScreen(context, round: nil))
        case .function(4):
            guard let id = table.selectedId, let r = rounds.first(where: { $0.id == id }) else { return .none }
            return .push(SurveyRoundFormScreen(context, round: r))
        default:
            break
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let r = rounds.first(where: { $0.id == id }) else { return .none }
            return .push(SurveyAnswerScreen(context, round: r))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        if rounds.isEmpty {
            grid.put(context.t(Localized("还没有调查。按 F3 新建一次自评或乡镇评估。", "No survey rounds yet. F3 adds one.")),
                     x: rect.x + 2, y: rect.y + rect.height - 1, maxWidth: rect.width - 4, style: Style(.dim))
        }
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2,
                                           height: rect.height - (rounds.isEmpty ? 1 : 0)))
    }
}

final class SurveyRoundFormScreen: FormScreen {
    let round: SurveyRound?

    init(_ context: AppContext, round: SurveyRound?) {
        self.round = round
        let l = context.language
        super.init(context, spec: "survey_round_form", values: [
            "name": round?.name ?? "", "heldOn": (round?.heldOn ?? context.today).description,
            "conductor": (round?.conductor ?? .township).rawValue,
            "awarenessTarget": String(round?.awarenessTarget ?? SurveyRound.defaultAwarenessTarget),
            "satisfactionTarget": String(round?.satisfactionTarget ?? SurveyRound.defaultSatisfactionTarget),
            "note": round?.note ?? "",
        ], choices: ["surveyConductor": SurveyConductor.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) }])
    }

    override func save() throws -> Action {
        var r = round ?? SurveyRound(name: "", heldOn: context.today, conductor: .township)
        r.name = text("name")
        r.heldOn = LocalDate(text("heldOn")) ?? context.today
        r.conductor = SurveyConductor(rawValue: text("conductor")) ?? .township
        r.awarenessTarget = Int(text("awarenessTarget")) ?? 0
        r.satisfactionTarget = Int(text("satisfactionTarget")) ?? 0
        r.note = text("note")
        if round == nil {
            try context.db.createSurveyRound(r, on: context.today)
        } else {
            try context.db.updateSurveyRound(r, on: context.today)
        }
        return savedAndBack()
    }
}

/// Answers for one round, household by household: 1/2 for aware, a/b/c for satisfaction,
/// Enter saves and moves to the next household. The top line keeps the running rates.
final class SurveyAnswerScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    let round: SurveyRound
    var table: Table
    var households: [SurveyHousehold] = []
    var answers: [Int64: SurveyAnswer] = [:]
    var result: SurveyResult?
    /// The answer being typed for the selected household.
    var draftAware: Bool?
    var draftSatisfaction: Satisfaction?
    var draftHousehold: Int64?
    /// The answer F8 last deleted, which `u` puts back.
    var lastDeleted: SurveyAnswer?

    init(_ context: AppContext, round: SurveyRound) {
        self.context = context
        self.round = round
        spec = context.catalog["survey_answers"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        households = (try? context.db.surveyHouseholds()) ?? []
        load()
    }

    func load() {
        answers = (try? context.db.surveyAnswers(roundId: round.id ?? 0)) ?? [:]
        result = try? context.db.surveyResult(roundId: round.id ?? 0)
        refreshRows()
    }

    func refreshRows() {
        let l = context.language
        let yes = context.t(Localized("知晓", "Aware")), no = context.t(Localized("不知晓", "Not aware"))
        table.source = ArrayTableSource(rows: households.map { h in
            var aware = answers[h.id].map { $0.aware ? yes : no } ?? ""
            var satisfaction = answers[h.id]?.satisfaction.label.text(l) ?? ""
            var state = answers[h.id] == nil ? "" : context.t(Localized("已录入", "Recorded"))
            if h.id == draftHousehold {
                aware = draftAware.map { $0 ? yes : no } ?? "?"
                satisfaction = draftSatisfaction?.label.text(l) ?? "?"
                state = context.t(Localized("回车保存", "Enter saves"))
            }
            return TableRow(id: h.id, cells: [h.number, h.villageGroupName, h.headName, aware, satisfaction, state])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) + " · " + round.name }
    var helpLines: [String] { spec.helpLines(context.language) }
    var isTakingText: Bool { table.isFiltering }
    var commands: [Command] {
        // Short labels: with F8 and u the bar must still fit 80 columns (F1 explains 1/2 and a/b/c).
        var h = [Command("1/2", Localized("是否知晓", "Aware")),
                 Command("a/b/c", Localized("满意度", "Sat.")),
                 Command("Enter", Localized("保存", "Save")), Command.write("F8", S.delete)]
        if lastDeleted != nil { h.append(Command.write("u", Localized("撤销", "Undo"))) }
        return h + [Command("/", S.filter), Command("Esc", S.back)]
    }

    var hasUnsavedChanges: Bool {
        guard let id = draftHousehold else { return false }
        let stored = answers[id]
        return draftAware != stored?.aware || draftSatisfaction != stored?.satisfaction
    }

    /// Starts a draft for the selected household from its stored answer.
    private func draftForSelection() {
        guard let id = table.selectedId else { return }
        if draftHousehold != id {
            draftHousehold = id
            draftAware = answers[id]?.aware
            draftSatisfaction = answers[id]?.satisfaction
        }
    }

    private func clearDraft() {
        draftHousehold = nil
        draftAware = nil
        draftSatisfaction = nil
    }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering {
            // A quick batch of keys ("1a" then Enter) is handled one key at a time.
            if case .text(let batch) = key {
                var last = Action.none
                for c in batch { last = handle(.char(c)) }
                return last
            }
            var typed: (Bool?, Satisfaction?)?
            switch key {
            case .char("1"): typed = (true, nil)
            case .char("2"): typed = (false, nil)
            case .char("a"), .char("A"): typed = (nil, .satisfied)
            case .char("b"), .char("B"): typed = (nil, .basicallySatisfied)
            case .char("c"), .char("C"): typed = (nil, .dissatisfied)
            default: break
            }
            if let typed {
                draftForSelection()
                if let a = typed.0 { draftAware = a }
                if let s = typed.1 { draftSatisfaction = s }
                refreshRows()
                return .none
            }
            if key == .enter { return saveAndNext() }
            if key == .function(8) || key == .delete { return deleteSelected() }
            if key == .char("u"), let answer = lastDeleted { return undoDelete(answer) }
            if [.up, .down, .pageUp, .pageDown, .home, .end].contains(key), draftHousehold != nil {
                // Moving off a household keeps a complete answer and asks before dropping a partial one.
                if hasUnsavedChanges {
                    if draftAware != nil && draftSatisfaction != nil {
                        if let failed = saveDraft() { return failed }
                    } else {
                        return .confirm(context.t(Localized("本户的回答还没填完（知晓和满意度各选一项），放弃吗？",
                                                            "This household's answer is incomplete. Drop it?")),
                                        onYes: { [unowned self] in
                            clearDraft()
                            refreshRows()
                            _ = table.handle(key)
                            return .none
                        })
                    }
                } else {
                    clearDraft()
                    refreshRows()
                }
            }
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate: return .none
        }
    }

    /// F8: asks, then removes the selected household's stored answer; `u` puts it back.
    private func deleteSelected() -> Action {
        guard let id = table.selectedId, let h = households.first(where: { $0.id == id }) else { return .none }
        guard answers[id] != nil else {
            if draftHousehold == id {
                clearDraft()
                refreshRows()
                return .message(Message(context.t(Localized("已清除未保存的输入", "The unsaved input was cleared"))))
            }
            return .message(Message(context.t(Localized("\(h.number) \(h.headName) 在本轮还没有回答，无可删除",
                                                        "\(h.number) \(h.headName) has no answer in this round to delete")),
                                    kind: .error))
        }
        return .confirm(context.t(Localized("删除 \(h.number) \(h.headName) 在“\(round.name)”中的回答吗？（删除后可按 u 撤销）",
                                            "Delete the answer of \(h.number) \(h.headName) in \(round.name)? (u undoes it)")),
                        onYes: { [unowned self] in
            do {
                lastDeleted = try context.db.deleteSurveyAnswer(roundId: round.id ?? 0, householdId: id)
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
            if draftHousehold == id { clearDraft() }
            load()
            return .message(Message(context.t(Localized("已删除 \(h.number) 的回答，按 u 撤销", "Deleted the answer of \(h.number); u undoes it"))))
        })
    }

    /// `u`: records the deleted answer again.
    private func undoDelete(_ answer: SurveyAnswer) -> Action {
        // Answered again since (here or by someone else): keep that answer.
        if (try? context.db.surveyAnswers(roundId: answer.roundId))?[answer.householdId] != nil {
            lastDeleted = nil
            return .message(Message(context.t(Localized("这一户已重新录入回答，不再撤销删除",
                                                        "This household has been answered again; the delete is not undone")),
                                    kind: .error))
        }
        do {
            try context.db.recordSurveyAnswer(answer)
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
        lastDeleted = nil
        load()
        return .message(Message(context.t(Localized("已撤销删除", "The delete was undone"))))
    }

    private func saveAndNext() -> Action {
        guard let id = table.selectedId else { return .none }
        guard draftHousehold == id else {
            // Nothing typed: move on.
            _ = table.handle(.down)
            return .none
        }
        if let failed = saveDraft() { return failed }
        _ = table.handle(.down)
        return .none
    }

    /// Records the selected household's typed answer; nil when saved, else the message to show.
    private func saveDraft() -> Action? {
        guard let id = draftHousehold else { return nil }
        guard let aware = draftAware, let satisfaction = draftSatisfaction else {
            return .message(Message(context.t(Localized("请按 1/2 选择是否知晓，按 a/b/c 选择满意度，再按回车",
                                                        "Press 1/2 for awareness and a/b/c for satisfaction, then Enter")),
                                    kind: .error))
        }
        do {
            try context.db.recordSurveyAnswer(SurveyAnswer(roundId: round.id ?? 0, householdId: id, aware: aware,
                                                           satisfaction: satisfaction))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
        // A new answer for the household whose answer was deleted ends the undo:
        // `u` must never overwrite what was entered since.
        if lastDeleted?.householdId == id { lastDeleted = nil }
        clearDraft()
        load()
        return nil
    }

    func headerLine() -> String {
        guard let r = result else { return "" }
        return context.t(Localized(
            "已录入\(r.asked)户　知晓率 \(SurveyResult.percent(r.awarenessRate))/目标\(round.awarenessTarget)% \(r.meetsAwareness ? "✓" : "✗")"
                + "　满意率 \(SurveyResult.percent(r.satisfactionRate))/目标\(round.satisfactionTarget)% \(r.meetsSatisfaction ? "✓" : "✗")",
            "\(r.asked) recorded  Aware \(SurveyResult.percent(r.awarenessRate))/\(round.awarenessTarget)% \(r.meetsAwareness ? "✓" : "✗")"
                + "  Satisfied \(SurveyResult.percent(r.satisfactionRate))/\(round.satisfactionTarget)% \(r.meetsSatisfaction ? "✓" : "✗")"))
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let met = result?.meetsTargets ?? false
        grid.put(headerLine(), x: rect.x + 2, y: rect.y, maxWidth: rect.width - 4, style: met ? Style(.normal, bold: true) : Style(.error))
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 1))
    }
}

// MARK: - Star rating

final class StarReviewListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var reviews: [StarReview] = []
    var status: StarStatus?

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["star_review_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    /// "星级：★★☆（2星）", then the bar or the rectification deadline on a second line when there is one.
    static func statusLines(_ s: StarStatus, _ context: AppContext) -> [String] {
        var first = context.t(Localized("星级：\(s.stars)（\(s.level)星）", "Stars: \(s.stars) (\(s.level))"))
        if s.lostForNotRectifying {
            first += context.t(Localized("　未在一年内整改，资格已取消", "  lost: not rectified within a year"))
        }
        if let end = s.barredUntil {
            return [first, context.t(Localized("禁止申报至 \(end)（含），\(end.addingDays(1)) 起可再申请",
                                               "Barred through \(end); may apply again from \(end.addingDays(1))"))]
        }
        if let by = s.rectifyBy {
            return [first, context.t(Localized("上次评定未通过，须于 \(by) 前整改通过，否则三年内不得申报",
                                               "The last review failed: pass by \(by), or no application for three years"))]
        }
        return [first]
    }

    static func outcome(_ r: StarReview, _ l: Language) -> String {
        if r.passed { return Localized("通过", "Passed").text(l) }
        switch r.failureAction {
        case .downgrade: return Localized("未通过·降为\(r.downgradeTo ?? 0)星", "Failed, down to \(r.downgradeTo ?? 0)").text(l)
        case .revoke, nil: return Localized("未通过·取消资格", "Failed, revoked").text(l)
        }
    }

    func load() {
        reviews = (try? context.db.starReviews()) ?? []
        status = try? context.db.starStatus(on: context.today)
        let l = context.language
        table.source = ArrayTableSource(rows: reviews.map { r in
            TableRow(id: r.id ?? 0, cells: [r.reviewedOn.description, r.quarter, StarRating.stars(r.levelApplied),
                                            Self.outcome(r, l), StarRating.stars(r.resultingLevel), r.reviewer])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var isTakingText: Bool { table.isFiltering }
    var commands: [Command] {
        [Command.write("F3", Localized("登记评定", "New review")), Command("Enter", Localized("详情", "Details")),
         Command("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch key {
        case .function(3), .insert:
            if let end = status?.barredUntil {
                return .message(Message(context.t(StarRating.barMessage(until: end)), kind: .error))
            }
            return .push(StarReviewFormScreen(context, currentLevel: status?.level ?? 0))
        default:
            break
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let r = reviews.first(where: { $0.id == id }) else { return .none }
            return .push(TextViewScreen(context, title: context.t(Localized("星级评定 ", "Star review ")) + r.reviewedOn.description,
                                        text: detail(r)))
        }
    }

    /// A review written out: outcome, reviewer, note and each criterion of the level, met or not.
    func detail(_ r: StarReview) -> String {
        let l = context.language
        let catalog = (try? context.db.starCriteria()) ?? StarCriteriaCatalog(criteria: [])
        var lines = [
            context.t(Localized("评定日期：\(r.reviewedOn)（\(StarRating.quarterText(of: r.reviewedOn).zh)）",
                                "Date: \(r.reviewedOn) (\(StarRating.quarterText(of: r.reviewedOn).en))")),
            context.t(Localized("申报星级：", "Applied for: ")) + StarRating.stars(r.levelApplied),
            context.t(Localized("结果：", "Outcome: ")) + Self.outcome(r, l) + "　→ " + StarRating.stars(r.resultingLevel),
            context.t(Localized("评定人：", "Reviewer: ")) + r.reviewer,
        ]
        if !r.note.isEmpty { lines.append(context.t(Localized("备注：", "Note: ")) + r.note) }
        lines.append("")
        lines.append(context.t(Localized("标准：", "Criteria:")))
        for c in catalog.required(for: max(r.levelApplied, 1)) {
            lines.append((r.criteriaMet.contains(c.id) ? "  [✓] " : "  [ ] ") + "\(c.level)★ " + c.label.text(l))
        }
        return lines.joined(separator: "\n")
    }

    func render(into grid: inout Grid, in rect: Rect) {
        var top = 0
        if let s = status {
            let warn = s.isBarred || s.rectifyBy != nil || s.lostForNotRectifying
            for line in Self.statusLines(s, context) {
                grid.put(line, x: rect.x + 2, y: rect.y + top, maxWidth: rect.width - 4,
                         style: warn ? Style(.error, bold: true) : Style(.normal, bold: true))
                top += 1
            }
        }
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y + top, width: rect.width - 2, height: rect.height - top))
    }
}

/// A quarterly review: the form's fields, then one 是/否 line per criterion of the catalogue
/// (Space ticks it).
final class StarReviewFormScreen: FormScreen {
    let catalog: StarCriteriaCatalog
    static let criterionPrefix = "criterion:"

    init(_ context: AppContext, currentLevel: Int) {
        let l = context.language
        catalog = (try? context.db.starCriteria()) ?? StarCriteriaCatalog(criteria: [])
        let criteria = catalog.criteria.map {
            FormField(key: Self.criterionPrefix + $0.id,
                      label: TextWidth.truncate("\($0.level)★ " + $0.label.text(l), to: 36), kind: .flag, width: 4)
        }
        let levels = (1...3).map { Choice(value: String($0), label: StarRating.stars($0)) }
        let actions = StarFailureAction.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) }
        let downs = [Choice(value: "", label: Localized("—", "—").text(l))]
            + (1...2).map { Choice(value: String($0), label: StarRating.stars($0)) }
        var values = [
            "reviewedOn": context.today.description, "levelApplied": String(min(3, max(1, currentLevel))),
            "passed": "1", "failureAction": "", "downgradeTo": "", "reviewer": "", "note": "",
        ]
        for c in catalog.criteria { values[Self.criterionPrefix + c.id] = "0" }
        super.init(context, spec: "star_review_form", values: values,
                   choices: ["starLevel": levels, "starFailureAction": actions, "starDowngrade": downs],
                   extraFields: criteria)
    }

    override var commands: [Command] {
        [Command("F2", S.save), Command("空格", Localized("勾选/切换", "Tick/change")),
         Command("Tab", S.next), Command("Esc", S.back)]
    }

    override func save() throws -> Action {
        let met = catalog.criteria.map(\.id).filter { form.value(Self.criterionPrefix + $0) == "1" }
        let passed = form.value("passed") == "1"
        let review = StarReview(reviewedOn: LocalDate(text("reviewedOn")) ?? context.today,
                                levelApplied: Int(text("levelApplied")) ?? 0, criteriaMet: met, passed: passed,
                                failureAction: StarFailureAction(rawValue: text("failureAction")),
                                downgradeTo: Int(text("downgradeTo")), reviewer: text("reviewer"), note: text("note"))
        try context.db.recordStarReview(review, on: context.today)
        return savedAndBack()
    }
}

// MARK: - Rule documents and 四有

final class RuleDocumentListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var documents: [RuleDocument] = []
    var showSuperseded = false
    var fourHaves: FourHaves?

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["rule_document_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    func load() {
        documents = (try? context.db.ruleDocuments(includeSuperseded: showSuperseded)) ?? []
        fourHaves = try? context.db.fourHaves(on: context.today)
        let l = context.language
        table.source = ArrayTableSource(rows: documents.map { d in
            TableRow(id: d.id ?? 0, cells: [d.kind.label.text(l), d.title, d.adoptedOn.description, d.adoptedBy,
                                            d.supersededById == nil ? context.t(Localized("现行", "In force"))
                                                                    : context.t(Localized("已取代", "Superseded"))])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var isTakingText: Bool { table.isFiltering }
    var commands: [Command] {
        [Command.write("F3", S.new), Command("Enter", context.editOrView),
         Command("F5", showSuperseded ? Localized("只看现行", "Current only") : Localized("含已取代", "Show superseded")),
         Command("/", S.filter), Command("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch key {
        case .function(3), .insert:
            return .push(RuleDocumentFormScreen(context, document: nil))
        case .function(5):
            showSuperseded.toggle()
            load()
            return .none
        default:
            break
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let d = documents.first(where: { $0.id == id }) else { return .none }
            return .push(RuleDocumentFormScreen(context, document: d))
        }
    }

    /// The 四有 panel: four items with ✓/✗, then what is missing.
    func panelLines() -> [(String, Bool)] {
        guard let f = fourHaves else { return [] }
        let items = f.items.map { ($0.has ? "✓ " : "✗ ") + context.t($0.label) }
        var lines: [(String, Bool)] = [
            (context.t(Localized("四有：", "Four haves: ")) + items[0] + "　" + items[1], !(f.hasHonestyGroups && f.hasVillageRules)),
            ("　　　" + items[2] + "　" + items[3], !(f.hasAgreements && f.hasRuleDocuments)),
        ]
        if f.missing.isEmpty {
            lines.append((context.t(Localized("　　　四有齐全", "      All four present")), false))
        } else {
            lines += f.missing.map { ("　　　" + context.t($0), true) }
        }
        return lines
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let panel = panelLines()
        for (i, (line, warn)) in panel.enumerated() {
            grid.put(line, x: rect.x + 2, y: rect.y + i, maxWidth: rect.width - 4, style: warn ? Style(.error) : .normal)
        }
        grid.hline(x: rect.x, y: rect.y + panel.count, width: rect.width)
        let top = panel.count + 1
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y + top, width: rect.width - 2, height: rect.height - top))
    }
}

final class RuleDocumentFormScreen: FormScreen {
    let document: RuleDocument?

    init(_ context: AppContext, document: RuleDocument?) {
        self.document = document
        let l = context.language
        super.init(context, spec: "rule_document_form", values: [
            "kind": (document?.kind ?? .organisation).rawValue, "title": document?.title ?? "",
            "adoptedOn": (document?.adoptedOn ?? context.today).description,
            "adoptedBy": document?.adoptedBy ?? "村民代表大会", "note": document?.note ?? "",
        ], choices: ["ruleDocumentKind": RuleDocumentKind.allCases.map { Choice(value: $0.rawValue, label: $0.label.text(l)) }])
        if document != nil, let i = form.fields.firstIndex(where: { $0.key == "kind" }) {
            // A saved document keeps its kind; a new kind is a new document.
            form.fields[i].readOnly = true
            form.focus(key: "title")
        }
    }

    override func save() throws -> Action {
        var d = document ?? RuleDocument(kind: .organisation, title: "", adoptedOn: context.today, adoptedBy: "")
        d.kind = RuleDocumentKind(rawValue: text("kind")) ?? d.kind
        d.title = text("title")
        d.adoptedOn = LocalDate(text("adoptedOn")) ?? context.today
        d.adoptedBy = text("adoptedBy")
        d.note = text("note")
        try context.db.saveRuleDocument(d, on: context.today)
        return savedAndBack()
    }
}
