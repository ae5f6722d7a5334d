import Domain
import Store
import UICore

/// One household in one round: each pledged item set to 守信/失信/未评 with a note.
/// Up/Down move, 1/2/3 set, Space cycles, Enter edits the note; the last line is the recorder.
final class CheckEntryScreen: Screen {
    struct Line {
        var item: PledgeItem
        var result: CheckResult?
        var note: TextField
    }

    let context: AppContext
    let spec: ScreenSpec
    let round: CheckRound
    let row: PledgeRow
    var lines: [Line] = []
    var recorder: TextField
    /// 0..<lines.count: an item; lines.count: the recorder line.
    var cursor = 0
    var editing = false
    var dirty = false

    init(_ context: AppContext, round: CheckRound, row: PledgeRow) {
        self.context = context
        self.round = round
        self.row = row
        spec = context.catalog["check_entry"]
        let existing = (try? context.db.checkLines(roundId: round.id ?? 0, pledgeId: row.pledgeId ?? 0)) ?? []
        lines = existing.map { Line(item: $0.item, result: $0.check?.result, note: TextField(text: $0.check?.note ?? "", maxLength: 100)) }
        // Who recorded the round before, else the signed-in user.
        let me = context.db.session.map { $0.displayName.isEmpty ? $0.username : $0.displayName } ?? ""
        recorder = TextField(text: existing.compactMap(\.check?.recordedBy).first ?? me, maxLength: 30)
    }

    var title: String { spec.title.text(context.language) + " · " + round.name + " · " + row.householdNumber + " " + row.headName }
    var helpLines: [String] { spec.helpLines(context.language) }
    var commands: [Command] {
        let save = Command.write("F2", S.save) { [unowned self] in self.save() }
        // While a note is typed, digits and Space are its text: only F2 and Enter (or Tab) are commands.
        if editing {
            return [Command("Enter", Localized("完成", "Done"), keys: [.enter, .tab]) { [unowned self] in finishNote() }, save]
        }
        // On the recorder line digits and Space are typed into the name: listed, but the field takes them.
        let onItem = cursor < lines.count
        return [save,
                .eachKey("1/2/3", Localized("守信/失信/未评", "Kept/Broken/N.A."), keys: onItem ? nil : []) { [unowned self] key in
                    set(key == .char("1") ? .kept : key == .char("2") ? .broken : .notAssessed)
                },
                Command("Space", Localized("切换", "Cycle"), keys: onItem ? nil : []) { [unowned self] in cycle() },
                Command("Enter", Localized("备注", "Note")) { [unowned self] in
                    editing = true
                    return .none
                },
                context.backCommand]
    }
    var hasUnsavedChanges: Bool { dirty }

    /// 1/2/3 on an item: its result; a broken item without a note starts the note, any other moves on.
    private func set(_ result: CheckResult) -> Action {
        guard cursor < lines.count else { return .none }
        lines[cursor].result = result
        dirty = true
        if result == .broken && lines[cursor].note.text.isEmpty {
            editing = true
        } else {
            cursor = min(lines.count, cursor + 1)
        }
        return .none
    }

    /// Space on an item: the next result (守信 first).
    private func cycle() -> Action {
        guard cursor < lines.count else { return .none }
        lines[cursor].result = lines[cursor].result?.next ?? .kept
        dirty = true
        return .none
    }

    /// Enter or Tab in a note: done, and on to the next item, so the next digit cannot change this one.
    private func finishNote() -> Action {
        editing = false
        if cursor < lines.count { cursor += 1 }
        return .none
    }

    /// The cursor's moves and the text typed into a note or the recorder's name.
    func handle(_ key: Key) -> Action {
        if editing {
            switch key {
            case .escape:
                editing = false
            case .up, .down:
                editing = false
                return handle(key)
            default:
                if cursor < lines.count {
                    if lines[cursor].note.handle(key) { dirty = true }
                } else if recorder.handle(key) {
                    dirty = true
                }
            }
            return .none
        }
        // Quickly typed digits arrive as one batch: one at a time, moving down after each result.
        if case .text(let batch) = key { return dispatchEach(batch) }
        switch key {
        case .up: cursor = max(0, cursor - 1)
        case .down, .tab: cursor = min(lines.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = lines.count
        default:
            if cursor == lines.count, recorder.handle(key) {
                dirty = true
                editing = true
            }
        }
        return .none
    }

    func save(confirmed: Bool = false) -> Action {
        editing = false
        let entries = lines.compactMap { line in
            line.result.map { CheckEntry(itemId: line.item.id ?? 0, result: $0, note: line.note.text) }
        }
        if entries.isEmpty {
            return .message(Message(context.t(Localized("尚未登记任何结果（按 1 守信、2 失信、3 未评）",
                                                        "No result set yet (1 kept, 2 broken, 3 not assessed)")), kind: .error))
        }
        let missing = lines.count - entries.count
        // A broken item without a note is refused by the store first; ask about the rest after.
        let unexplained = lines.contains { $0.result == .broken && $0.note.text.isEmpty }
        if missing > 0 && !confirmed && !unexplained {
            if let i = lines.firstIndex(where: { $0.result == nil }) { cursor = i }
            return .confirm(context.t(Localized("还有 \(missing) 项未登记结果，本户在登记完之前算“已签未查”。先保存已登记的吗？",
                                                "\(Localized.count(missing, "", "item").en) \(Localized.englishForm(missing, "has", "have")) no result; the household counts as signed-not-checked until all are set. Save what is set?")),
                            onYes: { [unowned self] in save(confirmed: true) })
        }
        do {
            try context.db.recordChecks(roundId: round.id ?? 0, pledgeId: row.pledgeId ?? 0, entries: entries,
                                        recordedBy: recorder.text, on: context.today)
        } catch StoreError.invalid(let errors) {
            if errors.contains(where: { $0.field == "recordedBy" }) { cursor = lines.count }
            return .message(Message(errors.map { context.t($0.message) }.joined(separator: "；"), kind: .error))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
        dirty = false
        return .sequence([.popDiscarding, .message(Message(context.t(S.saved)))])
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let x = rect.x + 1
        let width = rect.width - 2
        let columns = spec.columns(context.language)
        let widths = columns.map(\.width)
        let header = columns.map { TextWidth.pad($0.title, to: $0.width) }.joined(separator: " ")
        grid.fill(Rect(x: x, y: rect.y, width: width, height: 1), style: Style(.header, bold: true))
        grid.put(header, x: x, y: rect.y, maxWidth: width, style: Style(.header, bold: true))
        let noteX = x + widths[0] + widths[1] + widths[2] + 3
        for (i, line) in lines.enumerated() {
            let y = rect.y + 1 + i
            guard y < rect.y + rect.height - 3 else { break }
            let selected = i == cursor
            let result = line.result.map { ($0 == .broken ? context.t(S.alarm) : "") + context.t($0.label) } ?? "—"
            let style: Style = selected && !editing ? .selected : .normal
            if selected && !editing { grid.fill(Rect(x: x, y: y, width: width, height: 1), style: style) }
            let left = TextWidth.pad(line.item.code, to: widths[0]) + " " + TextWidth.pad(line.item.text, to: widths[1]) + " "
                + TextWidth.pad(result, to: widths[2]) + " "
            grid.put(left, x: x, y: y, maxWidth: width, style: style)
            if selected && editing {
                let cx = line.note.render(into: &grid, x: noteX, y: y, width: widths[3], style: Style(.fieldFocused))
                grid.cursor = (cx, y)
            } else {
                grid.put(line.note.text, x: noteX, y: y, maxWidth: widths[3], style: style)
            }
        }
        // The recorder line under the items.
        let ry = rect.y + 1 + min(lines.count, rect.height - 4) + 1
        let label = context.t(Localized("记录人：", "Recorded by: "))
        let lw = grid.put(label, x: x, y: ry, style: cursor == lines.count ? Style(.normal, bold: true) : .normal)
        let fieldStyle = cursor == lines.count ? Style(.fieldFocused) : Style(.field)
        let cx = recorder.render(into: &grid, x: x + lw, y: ry, width: 16, style: fieldStyle)
        if cursor == lines.count { grid.cursor = (cx, ry) }
        let counts = CheckResult.allCases.map { r in "\(context.t(r.label)) \(lines.filter { $0.result == r }.count)" }
        grid.put(counts.joined(separator: "  ") + context.t(Localized("  未登记 \(lines.filter { $0.result == nil }.count)",
                                                                      "  unset \(lines.filter { $0.result == nil }.count)")),
                 x: x, y: ry + 1, maxWidth: width, style: Style(.dim))
        if cursor < lines.count && !editing { grid.cursor = nil }
    }
}

