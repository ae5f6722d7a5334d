import Domain
import Store
import UICore

/// One household on the answer screen: its stored answer, and the answer being typed
/// for it, if any.
struct SurveyAnswerLine {
    var household: SurveyHousehold
    var stored: SurveyAnswer?
    var draft: SurveyDraft?
}

/// An answer being typed: each half nil until its key is pressed; for a round with a
/// questionnaire, the items answered so far, in order.
struct SurveyDraft {
    var householdId: Int64
    var aware: Bool?
    var satisfaction: Satisfaction?
    var items: [ItemAnswer] = []
    /// The questionnaire's length; 0 for a round without one.
    var itemCount = 0

    /// Both halves chosen, or every item of the questionnaire typed.
    var complete: Bool { itemCount == 0 ? aware != nil && satisfaction != nil : items.count == itemCount }
}

/// Answers for one round, household by household: 1/2 for aware, a/b/c for satisfaction,
/// Enter saves and moves to the next household. The top line keeps the running rates.
/// A round with a questionnaire takes one key per item in order (1/2 for an awareness
/// item, a/b/c for a satisfaction item) and shows the next item above the table; a round
/// with a sample lists only the sampled households.
final class SurveyAnswerScreen: TableScreen<SurveyAnswerLine> {
    let round: SurveyRound
    /// The village's own surveys, or a township's evaluations of one of its villages.
    let book: SurveyBook
    let households: [SurveyHousehold]
    /// The round's questionnaire; empty for a round with one awareness and one satisfaction answer.
    let questions: [SurveyItem]
    var answers: [Int64: SurveyAnswer] = [:]
    var result: SurveyResult?
    /// The answer being typed for the selected household.
    var draft: SurveyDraft?
    /// The answer F8 last deleted, which `u` puts back.
    var lastDeleted: SurveyAnswer?

    static let cells: Cells<SurveyAnswerLine> = [
        "householdNumber": { l, _ in l.household.number },
        "villageGroupName": { l, _ in l.household.villageGroupName },
        "headName": { l, _ in l.household.headName },
        // While an answer is typed, "?" stands for the half not chosen yet; with a
        // questionnaire, the keys typed so far (是/否 as 1/2, satisfactions as a/b/c).
        "aware": { l, c in
            guard let d = l.draft else { return l.stored.map { awareText($0.aware, c) } ?? "" }
            if !d.items.isEmpty { return d.items.map(keyText).joined() }
            return d.aware.map { awareText($0, c) } ?? "?"
        },
        "satisfaction": { l, c in
            guard let d = l.draft else { return l.stored.map { c.t($0.satisfaction.label) } ?? "" }
            if !d.items.isEmpty { return "?" }
            return d.satisfaction.map { c.t($0.label) } ?? "?"
        },
        "note": { l, c in
            if let d = l.draft {
                return d.items.isEmpty || d.complete ? c.t(Localized("回车保存", "Enter saves"))
                    : c.t(Localized("已答\(d.items.count)题", "\(d.items.count) typed"))
            }
            return l.stored == nil ? "" : c.t(Localized("已录入", "Recorded"))
        },
    ]

    /// The key that typed an item answer.
    static func keyText(_ a: ItemAnswer) -> String {
        switch a {
        case .yesNo(let yes): yes ? "1" : "2"
        case .satisfaction(let s): s == .satisfied ? "a" : s == .basicallySatisfied ? "b" : "c"
        }
    }

    static func awareText(_ aware: Bool, _ c: AppContext) -> String {
        c.t(aware ? Localized("知晓", "Aware") : Localized("不知晓", "Not aware"))
    }

    /// a/b/c, and A/B/C: the satisfaction each key stands for.
    static let satisfactionKeys: [Key: Satisfaction] = [
        .char("a"): .satisfied, .char("b"): .basicallySatisfied, .char("c"): .dissatisfied,
        .char("A"): .satisfied, .char("B"): .basicallySatisfied, .char("C"): .dissatisfied,
    ]

    init(_ context: AppContext, round: SurveyRound, book: SurveyBook? = nil) {
        self.round = round
        let book = book ?? context.db
        self.book = book
        households = (try? book.surveyHouseholds(roundId: round.id ?? 0)) ?? []
        questions = (try? book.surveyItems(roundId: round.id ?? 0)) ?? []
        super.init(context, spec: "survey_answers", cells: Self.cells)
        headerRule = false
    }

    override func fetch() throws -> [SurveyAnswerLine] {
        answers = (try? book.surveyAnswers(roundId: round.id ?? 0)) ?? [:]
        result = try? book.surveyResult(roundId: round.id ?? 0)
        return lines()
    }

    override func load() {
        super.load()
        showHeader()
    }

    /// The running rates and, with a questionnaire, the next item to answer.
    func showHeader() {
        header = [(headerLine(), (result?.meetsTargets ?? false) ? Style(.normal, bold: true) : Style(.error))]
        guard !questions.isEmpty else { return }
        let typed = draft?.householdId == table.selectedId ? draft?.items.count ?? 0 : 0
        guard typed < questions.count else {
            header.append((context.t(Localized("全部\(questions.count)题已答，回车保存", "All \(questions.count) items typed; Enter saves")), .normal))
            return
        }
        let item = questions[typed]
        let keys = item.kind == .awareness ? Localized("1是 2否", "1 yes 2 no") : Localized("a满意 b基本 c不满意", "a sat. b basic. c dissat.")
        header.append((context.t(Localized("第\(item.position)/\(questions.count)题：", "Item \(item.position)/\(questions.count): "))
                       + item.text.text(context.language) + "  " + context.t(keys), .normal))
    }

    /// Every household with its stored answer and the draft, without reading the store.
    func lines() -> [SurveyAnswerLine] {
        households.map { h in
            SurveyAnswerLine(household: h, stored: answers[h.id], draft: draft?.householdId == h.id ? draft : nil)
        }
    }

    override func rowId(_ l: SurveyAnswerLine) -> Int64 { l.household.id }
    override var title: String {
        spec.title.text(context.language) + " · " + (book.evaluatedVillage.map { $0 + " " } ?? "") + round.name
    }

    override var tableCommands: [Command] {
        // Short labels: with F8 and u the bar must still fit 80 columns (F1 explains 1/2 and a/b/c).
        var list = [Command.eachKey("1/2", Localized("是否知晓", "Aware")) { [unowned self] key in
                        type(aware: key == .char("1"))
                    },
                    Command.eachKey("a/b/c", Localized("满意度", "Sat."), keys: Array(Self.satisfactionKeys.keys)) { [unowned self] key in
                        type(satisfaction: Self.satisfactionKeys[key])
                    },
                    Command("Enter", Localized("保存", "Save")) { [unowned self] in saveAndNext() },
                    Command.write("F8", S.delete) { [unowned self] in deleteSelected() }]
        if let answer = lastDeleted {
            list.append(.write("u", Localized("撤销", "Undo")) { [unowned self] in undoDelete(answer) })
        }
        if !questions.isEmpty {
            // Takes back the last item typed; F1 lists it, the key bar has no room.
            var back = Command("Backspace", Localized("退回上一题", "Back one item"), keys: [.backspace]) { [unowned self] in
                takeBackItem()
            }
            back.inKeyBar = false
            list.append(back)
        }
        return list + [Command("/", S.filter), Command("Esc", S.back)]
    }

    override var hasUnsavedChanges: Bool {
        guard let d = draft else { return false }
        if !questions.isEmpty { return !d.items.isEmpty }
        let stored = answers[d.householdId]
        return d.aware != stored?.aware || d.satisfaction != stored?.satisfaction
    }

    /// 1/2 or a/b/c: one half of the selected household's answer, kept until Enter; the
    /// draft starts from the stored answer.
    private func type(aware: Bool? = nil, satisfaction: Satisfaction? = nil) -> Action {
        guard let id = table.selectedId else { return .none }
        if !questions.isEmpty { return typeItem(aware: aware, satisfaction: satisfaction, id: id) }
        if draft?.householdId != id {
            draft = SurveyDraft(householdId: id, aware: answers[id]?.aware, satisfaction: answers[id]?.satisfaction)
        }
        if let aware { draft?.aware = aware }
        if let satisfaction { draft?.satisfaction = satisfaction }
        show(lines())
        return .none
    }

    /// With a questionnaire: the key answers the next item, if it is of that item's kind.
    private func typeItem(aware: Bool?, satisfaction: Satisfaction?, id: Int64) -> Action {
        if draft?.householdId != id { draft = SurveyDraft(householdId: id, itemCount: questions.count) }
        let typed = draft?.items.count ?? 0
        guard typed < questions.count else {
            return .message(Message(context.t(Localized("各题已答完，按回车保存（F8 清除重答）", "Every item is typed; Enter saves (F8 clears)")),
                                    kind: .error))
        }
        let item = questions[typed]
        switch (item.kind, aware, satisfaction) {
        case (.awareness, let yes?, _): draft?.items.append(.yesNo(yes))
        case (.satisfaction, _, let s?): draft?.items.append(.satisfaction(s))
        case (.awareness, _, _):
            return .message(Message(context.t(Localized("第\(item.position)题是知晓题：按 1（是）或 2（否）",
                                                        "Item \(item.position) asks yes or no: press 1 or 2")), kind: .error))
        case (.satisfaction, _, _):
            return .message(Message(context.t(Localized("第\(item.position)题是满意度题：按 a、b 或 c",
                                                        "Item \(item.position) asks satisfaction: press a, b or c")), kind: .error))
        }
        show(lines())
        showHeader()
        return .none
    }

    /// Backspace: the last item typed for the selected household is taken back.
    private func takeBackItem() -> Action {
        guard let id = table.selectedId, draft?.householdId == id, !(draft?.items.isEmpty ?? true) else { return .none }
        draft?.items.removeLast()
        if draft?.items.isEmpty ?? false { draft = nil }
        show(lines())
        showHeader()
        return .none
    }

    /// Drops the typed answer and shows the stored one again.
    private func dropDraft() {
        draft = nil
        show(lines())
        showHeader()
    }

    /// The table's keys; moving off a household keeps a complete answer and asks before
    /// dropping a partial one.
    override func handle(_ key: Key) -> Action {
        guard !isTakingText else { return super.handle(key) }
        // A quick batch of keys ("1a" then Enter) is taken one key at a time.
        if case .text(let batch) = key { return dispatchEach(batch) }
        if [.up, .down, .pageUp, .pageDown, .home, .end].contains(key), draft != nil {
            if hasUnsavedChanges {
                if draft?.complete ?? false {
                    if let failed = saveDraft() { return failed }
                } else {
                    let question = questions.isEmpty
                        ? Localized("本户的回答还没填完（知晓和满意度各选一项），放弃吗？", "This household's answer is incomplete. Drop it?")
                        : Localized("本户问卷还没答完（已答\(draft?.items.count ?? 0)题，共\(questions.count)题），放弃吗？",
                                    "This household's questionnaire is incomplete (\(draft?.items.count ?? 0) of \(questions.count) items). Drop it?")
                    return .confirm(context.t(question),
                                    onYes: { [unowned self] in
                        dropDraft()
                        _ = table.handle(key)
                        return .none
                    })
                }
            } else {
                dropDraft()
            }
        }
        return super.handle(key)
    }

    /// F8: asks, then removes the selected household's stored answer; `u` puts it back.
    private func deleteSelected() -> Action {
        guard let id = table.selectedId, let h = selected?.household else { return .none }
        guard answers[id] != nil else {
            if draft?.householdId == id {
                dropDraft()
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
                lastDeleted = try book.deleteSurveyAnswer(roundId: round.id ?? 0, householdId: id)
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
            if draft?.householdId == id { draft = nil }
            load()
            return .message(Message(context.t(Localized("已删除 \(h.number) 的回答，按 u 撤销", "Deleted the answer of \(h.number); u undoes it"))))
        })
    }

    /// `u`: records the deleted answer again.
    private func undoDelete(_ answer: SurveyAnswer) -> Action {
        // Answered again since (here or by someone else): keep that answer.
        if (try? book.surveyAnswers(roundId: answer.roundId))?[answer.householdId] != nil {
            lastDeleted = nil
            return .message(Message(context.t(Localized("这一户已重新录入回答，不再撤销删除",
                                                        "This household has been answered again; the delete is not undone")),
                                    kind: .error))
        }
        do {
            try book.recordSurveyAnswer(answer)
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
        lastDeleted = nil
        load()
        return .message(Message(context.t(Localized("已撤销删除", "The delete was undone"))))
    }

    private func saveAndNext() -> Action {
        guard let id = table.selectedId else { return .none }
        guard draft?.householdId == id else {
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
        guard let id = draft?.householdId else { return nil }
        if !questions.isEmpty { return saveItems(id) }
        guard let aware = draft?.aware, let satisfaction = draft?.satisfaction else {
            return .message(Message(context.t(Localized("请按 1/2 选择是否知晓，按 a/b/c 选择满意度，再按回车",
                                                        "Press 1/2 for awareness and a/b/c for satisfaction, then Enter")),
                                    kind: .error))
        }
        do {
            try book.recordSurveyAnswer(SurveyAnswer(roundId: round.id ?? 0, householdId: id, aware: aware,
                                                           satisfaction: satisfaction))
        } catch {
            return refusedSave(error)
        }
        // A new answer for the household whose answer was deleted ends the undo:
        // `u` must never overwrite what was entered since.
        if lastDeleted?.householdId == id { lastDeleted = nil }
        draft = nil
        load()
        return nil
    }

    /// Records the questionnaire typed for a household; nil when saved.
    private func saveItems(_ id: Int64) -> Action? {
        let typed = draft?.items ?? []
        guard typed.count == questions.count else {
            return .message(Message(context.t(Localized("还有\(questions.count - typed.count)题未答（共\(questions.count)题）",
                                                        "\(questions.count - typed.count) of \(questions.count) items still to answer")),
                                    kind: .error))
        }
        var byItem: [Int64: ItemAnswer] = [:]
        for (item, answer) in zip(questions, typed) { byItem[item.id ?? 0] = answer }
        do {
            try book.recordSurveyAnswer(SurveyAnswer(roundId: round.id ?? 0, householdId: id, aware: false,
                                                           satisfaction: .dissatisfied, items: byItem))
        } catch {
            return refusedSave(error)
        }
        if lastDeleted?.householdId == id { lastDeleted = nil }
        draft = nil
        load()
        return nil
    }

    /// A save the store refused outright (not a field to correct) drops the typed answer, so
    /// the clerk is not held on the household; the message says why.
    private func refusedSave(_ error: Error) -> Action {
        if case .refused? = error as? StoreError { dropDraft() }
        return .message(Message(context.describe(error), kind: .error))
    }

    func headerLine() -> String {
        guard let r = result else { return "" }
        return context.t(Localized(
            "已录入\(r.asked)户　知晓率 \(SurveyResult.percent(r.awarenessRate))/目标\(round.awarenessTarget)% \(r.meetsAwareness ? "✓" : "✗")"
                + "　满意率 \(SurveyResult.percent(r.satisfactionRate))/目标\(round.satisfactionTarget)% \(r.meetsSatisfaction ? "✓" : "✗")",
            "\(r.asked) recorded  Aware \(SurveyResult.percent(r.awarenessRate))/\(round.awarenessTarget)% \(r.meetsAwareness ? "✓" : "✗")"
                + "  Satisfied \(SurveyResult.percent(r.satisfactionRate))/\(round.satisfactionTarget)% \(r.meetsSatisfaction ? "✓" : "✗")"))
    }
}
