import Domain
import Store
import UICore

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
    var commands: [Command] {
        var list = [Command.write("F2", S.save) { [unowned self] in save() }]
        if inChecklist { list.append(.write("Space", Localized("勾选", "Tick")) { [unowned self] in tick() }) }
        list.append(Command("F4", inChecklist ? Localized("日期签字", "Dates") : Localized("事项", "Items")) { [unowned self] in
            inChecklist.toggle()
            return .none
        })
        return list + [Command("Esc", S.back)]
    }

    /// Space: ticks or unticks the item under the cursor; a retired item cannot be ticked again.
    func tick() -> Action {
        guard items.indices.contains(cursor), let id = items[cursor].id else { return .none }
        if ticked.contains(id) {
            ticked.remove(id)
        } else if items[cursor].isRetired {
            return refuse(Localized("已停用的事项不能再选", "A retired item cannot be chosen"))
        } else {
            ticked.insert(id)
        }
        return .none
    }
    var hasUnsavedChanges: Bool { form.isDirty || ticked != initialTicks }

    func handle(_ key: Key) -> Action {
        if inChecklist {
            switch key {
            case .up: cursor = max(0, cursor - 1)
            case .down: cursor = min(items.count - 1, cursor + 1)
            case .home: cursor = 0
            case .end: cursor = max(0, items.count - 1)
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

