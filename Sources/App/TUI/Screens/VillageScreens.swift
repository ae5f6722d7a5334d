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
            "code": village?.code ?? "",
        ])
    }

    override func save() throws -> Action {
        var v = village ?? Village(name: "")
        v.name = text("name")
        v.township = text("township")
        v.county = text("county")
        v.code = text("code")
        try context.db.saveVillage(v)
        return savedAndBack()
    }
}

/// The village groups (社): add, rename, delete when empty (with undo).
final class VillageGroupListScreen: TableScreen<VillageGroupSummary> {
    let village: Village
    /// The last deleted group, which `u` brings back.
    var lastDeleted: VillageGroup?

    static let cells: Cells<VillageGroupSummary> = [
        "number": { g, _ in String(g.group.number) },
        "name": { g, _ in g.group.name },
        "householdCount": { g, _ in String(g.householdCount) },
    ]

    init(_ context: AppContext, village: Village) {
        self.village = village
        super.init(context, spec: "village_group_list", cells: Self.cells)
    }

    override func fetch() throws -> [VillageGroupSummary] { try context.db.villageGroups() }
    override func rowId(_ g: VillageGroupSummary) -> Int64 { g.group.id ?? 0 }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }
    override func open(_ g: VillageGroupSummary) -> Action { .push(VillageGroupFormScreen(context, group: g.group)) }

    override var listCommands: [Command] {
        var list: [Command] = [
            .write("F3", S.new) { [unowned self] in
                let next = (items.map(\.group.number).max() ?? 0) + 1
                return .push(VillageGroupFormScreen(context, group: VillageGroup(villageId: village.id ?? 0, number: next, name: "")))
            },
            .write("F8", S.delete) { [unowned self] in selected.map(delete) ?? .none },
        ]
        if lastDeleted != nil { list.append(.write("u", Localized("撤销删除", "Undo delete")) { [unowned self] in undo() }) }
        return list
    }

    func delete(_ summary: VillageGroupSummary) -> Action {
        let g = summary.group
        if summary.householdCount > 0 {
            return refuse(Localized("“\(g.name)”还有 \(summary.householdCount) 户，不能删除",
                                    "\(g.name) still has \(summary.householdCount) households; it cannot be deleted"))
        }
        return confirmThenChange(Localized("删除“\(g.name)”吗？", "Delete \(g.name)?"),
                                 done: Localized("已删除“\(g.name)”，按 u 撤销", "Deleted \(g.name); press u to undo")) {
            [unowned self] in
            try context.db.deleteVillageGroup(id: g.id ?? 0)
            lastDeleted = g
        }
    }

    func undo() -> Action {
        putBack(lastDeleted, save: { try context.db.saveVillageGroup($0) }, then: {
            lastDeleted = nil
            load()
        })
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
