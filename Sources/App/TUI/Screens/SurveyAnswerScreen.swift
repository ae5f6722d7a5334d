import Domain
import Store
import UICore

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

    /// The column keys `refreshRows` fills.
    static let cellKeys: Set<String> = ["householdNumber", "villageGroupName", "headName", "aware", "satisfaction", "note"]

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
            // Bound by the spec's column keys, as on every list.
            let cells = ["householdNumber": h.number, "villageGroupName": h.villageGroupName, "headName": h.headName,
                         "aware": aware, "satisfaction": satisfaction, "note": state]
            return TableRow(id: h.id, cells: table.columns.map { cells[$0.key] ?? "" })
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
