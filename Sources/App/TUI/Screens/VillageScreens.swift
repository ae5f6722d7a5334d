import Domain
import Store
import UICore

/// The village's own details.
final class VillageFormScreen: FormScreen {
    let village: Village?

    init(_ context: AppContext, village: Village?) {
        self.village = village
        super.init(context, spec: "village_form", values: [
            "name": village?.name ?? "", "township": village?.township ?? "", "county": village?.county ?? "",
        ])
    }

    override func save() throws -> Action {
        var v = village ?? Village(name: "")
        v.name = text("name")
        v.township = text("township")
        v.county = text("county")
        try context.db.saveVillage(v)
        return savedAndBack()
    }
}

/// The village groups (社): add, rename, delete when empty (with undo).
final class VillageGroupListScreen: Screen {
    let context: AppContext
    let village: Village
    let spec: ScreenSpec
    var table: Table
    var source: ArrayTableSource
    var groups: [VillageGroupSummary] = []
    /// The last deleted group, which `u` brings back.
    var lastDeleted: VillageGroup?

    init(_ context: AppContext, village: Village) {
        self.context = context
        self.village = village
        spec = context.catalog["village_group_list"]
        source = ArrayTableSource(rows: [])
        table = Table(columns: spec.columns(context.language), source: source)
        load()
    }

    func load() {
        groups = (try? context.db.villageGroups()) ?? []
        source = ArrayTableSource(rows: groups.map {
            TableRow(id: $0.group.id ?? 0, cells: [String($0.group.number), $0.group.name, String($0.householdCount)])
        })
        table.source = source
        table.reload()
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var isTakingText: Bool { table.isFiltering }
    var commands: [Command] {
        var h = [Command("Enter", S.open), Command.write("F3", S.new), Command.write("F8", S.delete)]
        if lastDeleted != nil { h.append(Command.write("u", Localized("撤销删除", "Undo delete"))) }
        h.append(Command("Esc", S.back))
        return h
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch key {
        case .function(3), .insert:
            let next = (groups.map(\.group.number).max() ?? 0) + 1
            return .push(VillageGroupFormScreen(context, group: VillageGroup(villageId: village.id ?? 0, number: next, name: "")))
        case .function(8), .delete:
            guard let id = table.selectedId, let summary = groups.first(where: { $0.group.id == id }) else { return .none }
            let g = summary.group
            if summary.householdCount > 0 {
                return .message(Message(context.t(Localized("“\(g.name)”还有 \(summary.householdCount) 户，不能删除",
                                                            "\(g.name) still has \(summary.householdCount) households; it cannot be deleted")),
                                        kind: .error))
            }
            return .confirm(context.t(Localized("删除“\(g.name)”吗？", "Delete \(g.name)?")), onYes: { [unowned self] in
                do {
                    try context.db.deleteVillageGroup(id: id)
                    lastDeleted = g
                    load()
                    return .message(Message(context.t(Localized("已删除“\(g.name)”，按 u 撤销", "Deleted \(g.name); press u to undo"))))
                } catch {
                    return .message(Message(context.describe(error), kind: .error))
                }
            })
        case .char("u") where lastDeleted != nil && !table.isFiltering:
            var g = lastDeleted!
            g.id = nil
            do {
                try context.db.saveVillageGroup(g)
                lastDeleted = nil
                load()
                return .message(Message(context.t(Localized("已恢复“\(g.name)”", "Restored \(g.name)"))))
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
        default:
            break
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let g = groups.first(where: { $0.group.id == id })?.group else { return .none }
            return .push(VillageGroupFormScreen(context, group: g))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

final class VillageGroupFormScreen: FormScreen {
    let group: VillageGroup

    init(_ context: AppContext, group: VillageGroup) {
        self.group = group
        super.init(context, spec: "village_group_form", values: ["number": String(group.number), "name": group.name])
    }

    override func save() throws -> Action {
        var g = group
        g.number = Int(text("number")) ?? 0
        g.name = text("name")
        try context.db.saveVillageGroup(g)
        return savedAndBack()
    }
}
