import Domain
import Store
import UICore

/// Every household card of the village, read from the store a page at a time.
final class HouseholdListScreen: TableScreen<HouseholdRow> {
    let village: Village

    static let cells: Cells<HouseholdRow> = [
        "number": { r, _ in r.number },
        "villageGroupName": { r, _ in r.villageGroupName },
        "headName": { r, _ in r.headName },
        "headIdNumber": { r, _ in r.headIdNumber },
        "address": { r, _ in r.address },
        "memberCount": { r, _ in String(r.memberCount) },
    ]

    /// The store's sort for a column key.
    static let sorts: [String: HouseholdSort] = [
        "number": .number, "villageGroupName": .villageGroup, "headName": .headName, "address": .address,
        "memberCount": .memberCount,
    ]

    init(_ context: AppContext, village: Village) {
        self.village = village
        super.init(context, spec: "household_list", cells: Self.cells)
    }

    override func load() {
        let db = context.db
        let columns = table.columns
        let sorts = columns.map { Self.sorts[$0.key] }
        table.source = PagedSource<HouseholdRow>(
            count: { query, _ in try db.householdCount(filter: query.filter, villageGroupId: nil) },
            page: { query, offset, limit in
                let sort = query.sortColumn.flatMap { $0 < sorts.count ? sorts[$0] : nil } ?? .number
                return try db.householdRows(filter: query.filter, villageGroupId: nil, sort: sort,
                                            ascending: query.ascending, offset: offset, limit: limit)
            },
            row: { [unowned self, bound = bind(columns)] in row($0, bound: bound) })
        table.reload()
    }

    override func rowId(_ item: HouseholdRow) -> Int64 { item.id }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(HouseholdFormScreen(context, village: village, household: nil)) }]
    }

    override func open(_ item: HouseholdRow) -> Action {
        guard let h = try? context.db.household(id: item.id) else { return .none }
        return .push(HouseholdFormScreen(context, village: village, household: h))
    }
}

/// One household card: its details and head on top, its members below.
final class HouseholdFormScreen: FormScreen {
    let village: Village
    var household: Household?
    var head: Person?
    var members: Table
    var memberList: [Person] = []
    /// Whether the members table (not the form) has the keys.
    var inMembers = false
    /// The member deleted last, which `u` brings back.
    var lastDeleted: Person?

    init(_ context: AppContext, village: Village, household: Household?) {
        self.village = village
        self.household = household
        let groups = (try? context.db.villageGroups()) ?? []
        let groupChoices = groups.map { Choice(value: String($0.group.id ?? 0), label: $0.group.name) }
        var head: Person?
        if let id = household?.headPersonId { head = try? context.db.person(id: id) }
        self.head = head
        let memberSpec = context.catalog["member_table"]
        members = Table(columns: memberSpec.columns(context.language), source: ArrayTableSource(rows: []))
        super.init(context, spec: "household_form", values: [
            "number": household?.number ?? "",
            "villageGroupId": household.map { String($0.villageGroupId) } ?? groupChoices.first?.value ?? "",
            "address": household?.address ?? "",
            "phone": household?.phone ?? "",
            "headName": head?.name ?? "",
            "headSex": head?.sex.rawValue ?? Sex.male.rawValue,
            "headIdNumber": head?.idNumber ?? "",
            "hardship": household?.isHardship == true ? "1" : "0",
        ], choices: ["villageGroup": groupChoices])
        fieldAliases = ["name": "headName", "sex": "headSex", "idNumber": "headIdNumber", "birthDate": "headIdNumber",
                        "villageGroupId": "villageGroupId"]
        loadMembers()
    }

    static let memberCells: Cells<Person> = [
        "name": { p, _ in p.name },
        "relation": { p, c in c.t(p.relation.label) },
        "sex": { p, c in c.t(p.sex.label) },
        "birthDate": { p, _ in p.birthDate?.description ?? "" },
        "idNumber": { p, _ in p.idNumber },
        "maritalStatus": { p, c in c.t(p.maritalStatus.label) },
    ]

    func loadMembers() {
        guard let id = household?.id else { return }
        memberList = (try? context.db.members(householdId: id)) ?? []
        let columns = members.columns
        let bound = bindCells(Self.memberCells, masks: context.catalog["member_table"].masks, columns: columns)
        members.source = ArrayTableSource(rows: memberList.map { p in
            TableRow(id: p.id ?? 0, cells: cellTexts(p, bound, context: context))
        })
        members.reload()
    }

    override var draftTarget: String? { household?.id.map { "household:\($0)" } ?? "household:new" }

    override var title: String {
        household.map { "\(spec.title.text(context.language)) \($0.number)" } ?? spec.title.text(context.language)
    }

    override var commands: [Command] {
        let card = Command("F4", inMembers ? S.card : S.members) { [unowned self] in
            guard household != nil else { return refuse(S.saveFirst) }
            inMembers.toggle()
            return .none
        }
        let addMember = Command.write("F3", inMembers ? S.new : Localized("新增成员", "Add member")) { [unowned self] in
            guard let h = household, let hid = h.id else { return refuse(S.saveFirst) }
            let p = Person(householdId: hid, name: "", sex: .female, relation: .child, maritalStatus: .unmarried)
            return .push(PersonFormScreen(context, person: p))
        }
        guard inMembers, !members.isFiltering else {
            return [saveCommand(), tabCommand, addMember, card, escCommand]
        }
        var list = [Command("Enter", S.open) { [unowned self] in openMember() }, addMember,
                    .write("F6", Localized("设为户主", "Make head")) { [unowned self] in makeHead() },
                    .write("F7", Localized("离户", "Leaves")) { [unowned self] in
                        selectedMember.map { .push(PersonLeaveFormScreen(context, person: $0)) } ?? .none
                    },
                    .write("F8", S.delete) { [unowned self] in deleteMember() }]
        if lastDeleted != nil {
            list.append(.write("u", Localized("撤销删除", "Undo delete")) { [unowned self] in undoDelete() })
        }
        return list + [card, escCommand]
    }

    var selectedMember: Person? {
        members.selectedId.flatMap { id in memberList.first { $0.id == id } }
    }

    func openMember() -> Action {
        guard let id = members.selectedId, let p = try? context.db.person(id: id) else { return .none }
        return .push(PersonFormScreen(context, person: p))
    }

    func makeHead() -> Action {
        guard let p = selectedMember, let h = household else { return .none }
        if p.relation == .head { return refuse(Localized("\(p.name)已是户主", "\(p.name) is already the head")) }
        return .push(ChangeHeadFormScreen(context, household: h, newHead: p))
    }

    func deleteMember() -> Action {
        guard let p = selectedMember, let id = p.id else { return .none }
        if p.relation == .head {
            return refuse(Localized("户主不能删除；请先在户卡中更换户主", "The head cannot be deleted; change the head first"))
        }
        return .confirm(context.t(Localized("删除成员“\(p.name)”吗？（误录时使用；迁出、死亡请在人员信息中登记）",
                                            "Delete member \(p.name)? (for records entered by mistake)")), onYes: { [unowned self] in
            change(Localized("已删除“\(p.name)”，按 u 撤销", "Deleted \(p.name); press u to undo")) {
                try context.db.deletePerson(id: id)
                lastDeleted = p
                loadMembers()
            }
        })
    }

    func undoDelete() -> Action {
        putBack(lastDeleted, save: { try context.db.savePerson($0) }, then: {
            lastDeleted = nil
            loadMembers()
        })
    }

    override var isTakingText: Bool { inMembers && members.isFiltering }

    override func didReappear() {
        if let id = household?.id, let h = try? context.db.household(id: id) { household = h }
        loadMembers()
        if let id = household?.headPersonId, let p = try? context.db.person(id: id) {
            head = p
            // Reflect edits made on the head's own person form.
            let dirty = form.isDirty
            form.setValue("headName", p.name)
            form.setValue("headSex", p.sex.rawValue)
            form.setValue("headIdNumber", p.idNumber)
            if !dirty { form.markClean() }
        }
    }

    override func handle(_ key: Key) -> Action {
        guard inMembers else { return super.handle(key) }
        switch members.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate: return openMember()
        }
    }

    override func save() throws -> Action {
        let groupId = Int64(text("villageGroupId")) ?? 0
        let idNumber = IDNumber.normalize(text("headIdNumber"))
        let name = Validation.normalizeName(text("headName"))
        let sex = Sex(rawValue: text("headSex")) ?? .male
        if var h = household {
            h.number = text("number")
            h.villageGroupId = groupId
            h.address = text("address")
            h.phone = text("phone")
            h.isHardship = text("hardship") == "1"
            if var p = head {
                let idChanged = p.idNumber != idNumber
                p.name = name
                p.sex = sex
                p.idNumber = idNumber
                if idChanged { p.birthDate = nil }
                try context.db.updateHousehold(h, head: p)
                head = try context.db.person(id: p.id ?? 0)
            } else {
                try context.db.updateHousehold(h)
            }
            household = h
        } else {
            let h = Household(villageId: village.id ?? 0, villageGroupId: groupId, number: text("number"),
                              address: text("address"), phone: text("phone"), isHardship: text("hardship") == "1")
            let p = Person(householdId: 0, name: name, sex: sex, idNumber: idNumber, relation: .head)
            let (saved, savedHead) = try context.db.createHousehold(h, head: p)
            household = saved
            head = savedHead
        }
        form.setValue("headName", head?.name ?? name)
        form.setValue("headIdNumber", head?.idNumber ?? idNumber)
        form.markClean()
        loadMembers()
        return .message(Message(context.t(Localized("已保存。F3 新增成员，F4 查看成员", "Saved. F3 adds a member, F4 shows the members"))))
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        let membersHeight = 8
        let formRect = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - membersHeight)
        form.render(into: &grid, in: Rect(x: formRect.x + 2, y: formRect.y, width: formRect.width - 4, height: formRect.height))
        let boxRect = Rect(x: rect.x, y: rect.y + formRect.height, width: rect.width, height: membersHeight)
        let memberTitle = inMembers ? context.t(Localized("【家庭成员】", "[Members]")) : context.t(Localized("家庭成员", "Members"))
        grid.box(boxRect, style: Style(inMembers ? .title : .border), title: memberTitle)
        let inner = Rect(x: boxRect.x + 1, y: boxRect.y + 1, width: boxRect.width - 2, height: boxRect.height - 2)
        if household == nil {
            grid.put(context.t(Localized("（保存户卡后可添加成员）", "(save the card to add members)")),
                     x: inner.x + 1, y: inner.y, style: Style(.dim))
        } else {
            let cursor = grid.cursor
            members.render(into: &grid, in: inner)
            if !inMembers { grid.cursor = cursor } else { grid.cursor = nil }
        }
        if inMembers { grid.cursor = nil }
    }
}
