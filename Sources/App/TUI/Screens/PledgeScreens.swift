import Domain
import Store
import UICore

/// The home of pledges and fulfilment (承诺与兑现): a menu of its lists.
final class PledgeHomeScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "pledge_menu")
    }

    override var hints: [KeyHint] {
        [context.hint("↑↓", S.choose), context.hint("Enter", S.open), context.hint("Esc", S.back)]
    }

    override func open(_ id: String) -> Action {
        switch id {
        case "pledgeItems": return .push(PledgeItemListScreen(context))
        case "pledges": return .push(PledgeListScreen(context))
        case "rounds": return .push(CheckRoundListScreen(context))
        case "policies": return .push(PolicyListScreen(context))
        case "ledger": return .push(LedgerListScreen(context))
        case "summary": return .push(FulfilmentSummaryScreen(context))
        case "overdue": return .push(OverdueListScreen(context))
        default: return .none
        }
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 4))
        // One line of where things stand: the latest round's rates and what is overdue.
        let today = context.today
        var lines: [(String, Style)] = []
        if let round = (try? context.db.checkRounds())?.first,
           let rates = try? context.db.rates(roundId: round.id, scope: .village) {
            lines.append((context.t(Localized("\(round.name)：事项守信率 \(rates.items.text(.zh))，户守信率 \(rates.households.text(.zh))",
                                              "\(round.name): items kept \(rates.items.text(.en)), households kept \(rates.households.text(.en))")),
                          Style(.dim)))
        }
        if let overdue = try? context.db.overdueEntitlements(on: today), !overdue.isEmpty {
            lines.append((context.t(Localized("！\(overdue.count) 项政策逾期未兑现，见“逾期未兑现”",
                                              "! Overdue entitlements: \(overdue.count); see Overdue")), Style(.error)))
        }
        for (i, line) in lines.enumerated() {
            grid.put(line.0, x: rect.x + 2, y: rect.y + rect.height - 3 + i, maxWidth: rect.width - 4, style: line.1)
        }
    }
}

// MARK: - Pledge item catalogue

final class PledgeItemListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var items: [PledgeItem] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["pledge_item_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    func load() {
        items = (try? context.db.pledgeItems(includeRetired: true)) ?? []
        table.source = ArrayTableSource(rows: items.map { item in
            let used = (try? context.db.isPledgeItemUsed(id: item.id ?? 0)) ?? false
            return TableRow(id: item.id ?? 0, cells: [
                item.code, item.text, String(item.sortOrder),
                used ? context.t(Localized("已签用", "Signed")) : "",
                item.isRetired ? context.t(Localized("已停用", "Retired")) : context.t(Localized("在用", "In use")),
            ])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3", "F8"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", context.editOrView), context.hint("F3", S.new),
         context.hint("F8", Localized("停用", "Retire")), context.hint("/", S.filter), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering {
            switch key {
            case .function(3), .insert:
                let next = ((items.map(\.sortOrder).max() ?? 0) / 10 + 1) * 10
                let n = items.count + 1
                let code = "P" + (n < 10 ? "0\(n)" : "\(n)")
                return .push(PledgeItemFormScreen(context, item: PledgeItem(code: code, text: "", sortOrder: min(next, 999))))
            case .function(8), .delete:
                guard let id = table.selectedId, let item = items.first(where: { $0.id == id }) else { return .none }
                if item.isRetired {
                    return .message(Message(context.t(Localized("「\(item.text)」已停用", "\(item.text) is already retired")), kind: .error))
                }
                return .confirm(context.t(Localized("停用「\(item.text)」吗？已有的承诺书仍保留该事项。",
                                                    "Retire \(item.text)? Pledges that have it keep it.")), onYes: { [unowned self] in
                    do {
                        try context.db.retirePledgeItem(id: id)
                        load()
                        return .message(Message(context.t(Localized("已停用", "Retired"))))
                    } catch {
                        return .message(Message(context.describe(error), kind: .error))
                    }
                })
            default: break
            }
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let item = items.first(where: { $0.id == id }) else { return .none }
            return .push(PledgeItemFormScreen(context, item: item))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

final class PledgeItemFormScreen: FormScreen {
    let item: PledgeItem

    init(_ context: AppContext, item: PledgeItem) {
        self.item = item
        super.init(context, spec: "pledge_item_form", values: [
            "code": item.code, "text": item.text, "sortOrder": String(item.sortOrder),
        ])
    }

    override func save() throws -> Action {
        var i = item
        i.code = text("code")
        i.text = text("text")
        i.sortOrder = Int(text("sortOrder")) ?? 0
        try context.db.savePledgeItem(i)
        return savedAndBack()
    }
}

// MARK: - Household pledges

final class PledgeListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var rows: [PledgeRow] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["pledge_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    func load() {
        rows = (try? context.db.pledgeRows()) ?? []
        table.source = ArrayTableSource(rows: rows.map { r in
            TableRow(id: r.householdId, cells: [
                r.householdNumber, r.headName, r.villageGroupName, r.honestyGroupName ?? "",
                r.pledgeId == nil ? "" : String(r.itemCount), r.signedOn?.description ?? "",
                standingText(r.standing),
            ])
        })
        table.reload()
    }

    func standingText(_ s: PledgeStanding) -> String {
        (s == .broken ? context.t(S.alarm) : "") + context.t(s.label)
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var hints: [KeyHint] {
        [context.hint("Enter", S.open), context.hint("/", S.filter), context.hint("F6", S.sort), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let row = rows.first(where: { $0.householdId == id }) else { return .none }
            let items = (try? context.db.pledgeItems(includeRetired: true)) ?? []
            if !items.contains(where: { !$0.isRetired }) {
                return .message(Message(context.t(Localized("承诺事项目录为空，请先在“承诺事项目录”中添加事项",
                                                            "The pledge catalogue is empty; add items first")), kind: .error))
            }
            return .push(PledgeFormScreen(context, row: row))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

/// A household's 承诺书: a checklist of catalogue items (Space ticks) above the dates and signer.
final class PledgeFormScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    let row: PledgeRow
    let current: HouseholdPledge?
    /// Items offered: the catalogue in use plus retired items the current pledge still has.
    let items: [PledgeItem]
    var ticked: Set<Int64>
    var cursor = 0
    var top = 0
    /// Whether keys go to the checklist (true) or to the form below it.
    var inChecklist = true
    var form: Form

    init(_ context: AppContext, row: PledgeRow) {
        self.context = context
        self.row = row
        spec = context.catalog["pledge_form"]
        current = try? context.db.currentPledge(householdId: row.householdId)
        let mine = Set(current?.itemIds ?? [])
        items = ((try? context.db.pledgeItems(includeRetired: true)) ?? []).filter { !$0.isRetired || mine.contains($0.id ?? 0) }
        ticked = current.map { Set($0.itemIds) } ?? Set(items.filter { !$0.isRetired }.compactMap(\.id))
        form = Form(title: "", fields: spec.formFields(context.language, choices: [:]), values: [
            "pledgedOn": (current?.pledgedOn ?? context.today).description,
            "signedOn": current?.signedOn?.description ?? "",
            "signer": current?.signer ?? "",
        ], language: context.language)
        // Someone who may not change records reads the pledge: no field takes typing.
        if !context.db.may(.writeRecords) {
            for i in form.fields.indices { form.fields[i].readOnly = true }
        }
    }

    var initialTicks: Set<Int64> { current.map { Set($0.itemIds) } ?? Set(items.filter { !$0.isRetired }.compactMap(\.id)) }

    var title: String {
        spec.title.text(context.language) + " · " + row.householdNumber + " " + row.headName
            + (context.db.may(.writeRecords) ? "" : context.t(Localized("（只读）", " (read only)")))
    }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F2", "Space"] }
    var hints: [KeyHint] {
        var h = [context.hint("F2", S.save)]
        if inChecklist {
            h.append(context.hint("Space", Localized("勾选", "Tick")))
        }
        h.append(context.hint("F4", inChecklist ? Localized("日期签字", "Dates") : Localized("事项", "Items")))
        h.append(context.hint("Esc", S.back))
        return h
    }
    var hasUnsavedChanges: Bool { form.isDirty || ticked != initialTicks }

    func handle(_ key: Key) -> Action {
        if key == .function(2) { return save() }
        if key == .function(4) {
            inChecklist.toggle()
            return .none
        }
        if inChecklist {
            switch key {
            case .up: cursor = max(0, cursor - 1)
            case .down: cursor = min(items.count - 1, cursor + 1)
            case .home: cursor = 0
            case .end: cursor = max(0, items.count - 1)
            case .char(" "):
                guard items.indices.contains(cursor), let id = items[cursor].id else { return .none }
                if ticked.contains(id) {
                    ticked.remove(id)
                } else if items[cursor].isRetired {
                    return .message(Message(context.t(Localized("已停用的事项不能再选", "A retired item cannot be chosen")), kind: .error))
                } else {
                    ticked.insert(id)
                }
            case .tab, .enter: inChecklist = false
            case .escape: return .pop
            default: break
            }
            return .none
        }
        switch form.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .submit: return save()
        }
    }

    func save() -> Action {
        let typeErrors = form.typeErrors()
        if !typeErrors.isEmpty {
            form.errors = typeErrors
            inChecklist = false
            return .message(Message(context.t(S.fixErrors), kind: .error))
        }
        let pledgedOn = LocalDate(form.value("pledgedOn").trimmedSpaces) ?? context.today
        let signedText = form.value("signedOn").trimmedSpaces
        let signedOn = signedText.isEmpty ? nil : LocalDate(signedText)
        let signer = form.value("signer").trimmedSpaces
        let chosen = items.compactMap(\.id).filter { ticked.contains($0) }
        do {
            if let current, let id = current.id, !current.isSigned, let signedOn,
               Set(chosen) == Set(current.itemIds), pledgedOn == current.pledgedOn {
                // Only the signature was added: sign the pledge itself.
                try context.db.signPledge(pledgeId: id, signedOn: signedOn, signer: signer, today: context.today)
            } else {
                try context.db.recordPledge(householdId: row.householdId, itemIds: chosen, pledgedOn: pledgedOn,
                                            signedOn: signedOn, signer: signer, today: context.today)
            }
        } catch StoreError.invalid(let errors) {
            var byField: [String: String] = [:]
            var other: [String] = []
            for e in errors {
                if ["pledgedOn", "signedOn", "signer"].contains(e.field) {
                    byField[e.field] = byField[e.field].map { $0 + "；" + context.t(e.message) } ?? context.t(e.message)
                } else {
                    other.append(context.t(e.message))
                }
            }
            form.errors = byField
            if !byField.isEmpty { inChecklist = false }
            return .message(Message(other.isEmpty ? context.t(S.fixErrors) : other.joined(separator: "；"), kind: .error))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
        form.markClean()
        return .sequence([.popDiscarding, .message(Message(context.t(S.saved)))])
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let x = rect.x + 2
        var y = rect.y
        let status: String
        if let current {
            status = context.t(Localized("当前承诺书：\(current.pledgedOn) 承诺，", "Current pledge: made \(current.pledgedOn), "))
                + (current.signedOn.map { context.t(Localized("\($0) 由\(current.signer)签字", "signed \($0) by \(current.signer)")) }
                   ?? context.t(Localized("未签字", "not signed")))
                + context.t(Localized("；改动事项将生成新承诺书", "; changing items makes a new pledge"))
        } else {
            status = context.t(Localized("本户尚无承诺书", "The household has no pledge yet"))
        }
        grid.put(status, x: x, y: y, maxWidth: rect.width - 4, style: Style(.dim))
        y += 1
        let header = context.t(Localized("承诺事项（已选 \(ticked.count) 项）", "Items (\(ticked.count) chosen)"))
        grid.put(header, x: x, y: y, maxWidth: rect.width - 4, style: Style(.header, bold: true))
        y += 1
        let listHeight = max(1, rect.height - 8)
        if cursor < top { top = cursor }
        if cursor >= top + listHeight { top = cursor - listHeight + 1 }
        for i in 0..<listHeight {
            let index = top + i
            guard items.indices.contains(index) else { break }
            let item = items[index]
            let mark = ticked.contains(item.id ?? 0) ? "[×]" : "[ ]"
            var line = "\(mark) \(item.code) \(item.text)"
            if item.isRetired { line += context.t(Localized("（已停用）", " (retired)")) }
            let selected = inChecklist && index == cursor
            if selected { grid.fill(Rect(x: x, y: y + i, width: rect.width - 4, height: 1), style: .selected) }
            grid.put(line, x: x, y: y + i, maxWidth: rect.width - 4, style: selected ? .selected : .normal)
            if selected { grid.cursor = (x + 1, y + i) }
        }
        let formY = rect.y + rect.height - 5
        grid.hline(x: x, y: formY - 1 + 0, width: rect.width - 4)
        var f = form
        if inChecklist { f.focus = -1 }
        f.render(into: &grid, in: Rect(x: x, y: formY, width: rect.width - 4, height: 5))
        if inChecklist, items.indices.contains(cursor) {
            grid.cursor = (x + 1, y + cursor - top)
        }
    }
}

// MARK: - Check rounds

final class CheckRoundListScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    var rounds: [CheckRound] = []

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["check_round_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    func load() {
        rounds = (try? context.db.checkRounds()) ?? []
        table.source = ArrayTableSource(rows: rounds.map { r in
            let rates = try? context.db.rates(roundId: r.id, scope: .village)
            return TableRow(id: r.id ?? 0, cells: [r.name, r.heldOn.description, String(rates?.households.assessed ?? 0),
                                                   rates?.items.text(context.language) ?? "—", rates?.households.text(context.language) ?? "—"])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["Enter", "F3"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", Localized("逐户登记", "Record")), context.hint("F3", S.new),
         context.hint("F5", Localized("守信率", "Rates")), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering {
            switch key {
            case .function(3), .insert:
                return .push(CheckRoundFormScreen(context))
            case .function(5):
                guard let id = table.selectedId, let round = rounds.first(where: { $0.id == id }) else { return .none }
                return .push(RateScreen(context, round: round))
            default: break
            }
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let round = rounds.first(where: { $0.id == id }) else { return .none }
            return .push(RoundHouseholdsScreen(context, round: round))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

final class CheckRoundFormScreen: FormScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "check_round_form", values: [
            "name": CheckRound.quarterName(for: context.today), "heldOn": context.today.description,
        ])
    }

    override func save() throws -> Action {
        try context.db.createCheckRound(name: text("name"), heldOn: LocalDate(text("heldOn")) ?? context.today)
        return savedAndBack()
    }
}

/// The households a round checks, with their result in it.
final class RoundHouseholdsScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    let round: CheckRound
    var table: Table
    var rows: [PledgeRow] = []

    init(_ context: AppContext, round: CheckRound) {
        self.context = context
        self.round = round
        spec = context.catalog["round_households"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        load()
    }

    func load() {
        rows = (try? context.db.roundPledgeRows(roundId: round.id ?? 0)) ?? []
        table.source = ArrayTableSource(rows: rows.map { r in
            let result: String
            switch r.standing {
            case .signedUnchecked: result = context.t(Localized("未查", "Not checked"))
            case .broken: result = context.t(S.alarm) + context.t(r.standing.label)
            default: result = context.t(r.standing.label)
            }
            return TableRow(id: r.pledgeId ?? 0, cells: [r.householdNumber, r.headName, r.villageGroupName,
                                                         r.honestyGroupName ?? "", String(r.itemCount), result])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) + " · " + round.name }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["Enter"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", Localized("登记", "Record")), context.hint("/", S.filter), context.hint("F6", S.sort),
         context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let pledgeId):
            guard let row = rows.first(where: { $0.pledgeId == pledgeId }) else { return .none }
            return .push(CheckEntryScreen(context, round: round, row: row))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

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
    var writeKeys: Set<String> { ["F2"] }
    var hints: [KeyHint] {
        if editing { return [context.hint("Enter", Localized("完成", "Done")), context.hint("F2", S.save)] }
        return [context.hint("F2", S.save), context.hint("1/2/3", Localized("守信/失信/未评", "Kept/Broken/N.A.")),
                context.hint("Space", Localized("切换", "Cycle")), context.hint("Enter", Localized("备注", "Note")),
                context.hint("Esc", S.back)]
    }
    var hasUnsavedChanges: Bool { dirty }

    func handle(_ key: Key) -> Action {
        if key == .function(2) { return save() }
        if editing {
            switch key {
            case .enter, .tab:
                editing = false
                // The note is done: on to the next item, so the next digit cannot change this one.
                if cursor < lines.count { cursor += 1 }
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
        if case .text(let batch) = key {
            for c in batch { _ = handle(.char(c)) }
            return .none
        }
        switch key {
        case .up: cursor = max(0, cursor - 1)
        case .down, .tab: cursor = min(lines.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = lines.count
        case .char(let c) where cursor < lines.count && ["1", "2", "3"].contains(c):
            lines[cursor].result = c == "1" ? .kept : (c == "2" ? .broken : .notAssessed)
            dirty = true
            // A broken item needs a note: stay on it and start the note.
            if lines[cursor].result == .broken && lines[cursor].note.text.isEmpty {
                editing = true
            } else {
                cursor = min(lines.count, cursor + 1)
            }
        case .char(" ") where cursor < lines.count:
            lines[cursor].result = lines[cursor].result?.next ?? .kept
            dirty = true
        case .enter:
            editing = true
        case .escape:
            return .pop
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

/// A round's rates for the village, each 社 and each honesty group.
final class RateScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    let round: CheckRound
    var table: Table

    init(_ context: AppContext, round: CheckRound) {
        self.context = context
        self.round = round
        spec = context.catalog["rate_table"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        let lines = (try? context.db.rateLines(roundId: round.id)) ?? []
        table.source = ArrayTableSource(rows: lines.enumerated().map { i, line in
            let prefix: String
            switch line.scope {
            case .village: prefix = ""
            case .villageGroup: prefix = "  "
            case .honestyGroup: prefix = "    "
            }
            return TableRow(id: Int64(i + 1), cells: [prefix + line.name, line.items.text(context.language), line.households.text(context.language)])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) + " · " + round.name }
    var helpLines: [String] { spec.helpLines(context.language) }
    var hints: [KeyHint] { [context.hint("↑↓", S.choose), context.hint("Esc", S.back)] }

    func handle(_ key: Key) -> Action {
        // Navigation only: the order of the lines is the point of this table.
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end: _ = table.handle(key)
        case .escape: return .pop
        default: break
        }
        return .none
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}
