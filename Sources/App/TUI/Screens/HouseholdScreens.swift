import Domain
import Store
import UICore

/// Household rows straight from the store, one window at a time.
final class HouseholdTableSource: TableSource {
    let db: AppDatabase
    let sortKeys: [HouseholdSort?]

    init(db: AppDatabase, columns: [UICore.Column]) {
        self.db = db
        sortKeys = columns.map { c -> HouseholdSort? in
            switch c.key {
            case "number": .number
            case "villageGroupName": .villageGroup
            case "headName": .headName
            case "address": .address
            case "memberCount": .memberCount
            default: nil
            }
        }
    }

    func count(_ query: TableQuery) -> Int {
        (try? db.householdCount(filter: query.filter, villageGroupId: nil)) ?? 0
    }

    func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow] {
        let sort = query.sortColumn.flatMap { $0 < sortKeys.count ? sortKeys[$0] : nil } ?? .number
        let rows = (try? db.householdRows(filter: query.filter, villageGroupId: nil, sort: sort,
                                          ascending: query.ascending, offset: offset, limit: limit)) ?? []
        return rows.map {
            TableRow(id: $0.id, cells: [$0.number, $0.villageGroupName, $0.headName,
                                        IDNumber.masked($0.headIdNumber), $0.address, String($0.memberCount)])
        }
    }
}

/// Every household card of the village.
final class HouseholdListScreen: Screen {
    let context: AppContext
    let village: Village
    let spec: ScreenSpec
    var table: Table

    init(_ context: AppContext, village: Village) {
        self.context = context
        self.village = village
        spec = context.catalog["household_list"]
        let columns = spec.columns(context.language)
        table = Table(columns: columns, source: HouseholdTableSource(db: context.db, columns: columns))
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", S.open), context.hint("F3", S.new), context.hint("/", S.filter),
         context.hint("F6", S.sort), context.hint("Esc", S.back)]
    }

    func didReappear() { table.reload() }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering, key == .function(3) || key == .insert {
            return .push(HouseholdFormScreen(context, village: village, household: nil))
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let h = try? context.db.household(id: id) else { return .none }
            return .push(HouseholdFormScreen(context, village: village, household: h))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
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
        ], choices: ["villageGroup": groupChoices])
        fieldAliases = ["name": "headName", "sex": "headSex", "idNumber": "headIdNumber", "birthDate": "headIdNumber",
                        "villageGroupId": "villageGroupId"]
        loadMembers()
    }

    func loadMembers() {
        guard let id = household?.id else { return }
        memberList = (try? context.db.members(householdId: id)) ?? []
        let l = context.language
        members.source = ArrayTableSource(rows: memberList.map { p in
            TableRow(id: p.id ?? 0, cells: [p.name, p.relation.label.text(l), p.sex.label.text(l),
                                            p.birthDate?.description ?? "", IDNumber.masked(p.idNumber),
                                            p.maritalStatus.label.text(l)])
        })
        members.reload()
    }

    override var draftTarget: String? { household?.id.map { "household:\($0)" } ?? "household:new" }

    override var title: String {
        household.map { "\(spec.title.text(context.language)) \($0.number)" } ?? spec.title.text(context.language)
    }

    override var writeKeys: Set<String> { super.writeKeys.union(["F3", "F6", "F7", "F8", "u"]) }
    override var hints: [KeyHint] {
        if inMembers {
            var h = [context.hint("Enter", S.open), context.hint("F3", S.new), context.hint("F6", Localized("设为户主", "Make head")),
                     context.hint("F7", Localized("离户", "Leaves")), context.hint("F8", S.delete)]
            if lastDeleted != nil { h.append(context.hint("u", Localized("撤销删除", "Undo delete"))) }
            return h + [context.hint("F4", S.card), context.hint("Esc", S.back)]
        }
        return [context.hint("F2", S.save), context.hint("Tab", S.next), context.hint("F3", Localized("新增成员", "Add member")),
                context.hint("F4", S.members), context.hint("Esc", S.back)]
    }

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
        switch key {
        case .function(4):
            guard household != nil else { return .message(Message(context.t(S.saveFirst), kind: .error)) }
            inMembers.toggle()
            return .none
        case .function(3):
            guard let h = household, let hid = h.id else { return .message(Message(context.t(S.saveFirst), kind: .error)) }
            let p = Person(householdId: hid, name: "", sex: .female, relation: .child, maritalStatus: .unmarried)
            return .push(PersonFormScreen(context, person: p))
        default:
            break
        }
        if inMembers, !members.isFiltering {
            switch key {
            case .function(8), .delete:
                guard let id = members.selectedId, let p = memberList.first(where: { $0.id == id }) else { return .none }
                if p.relation == .head {
                    return .message(Message(context.t(Localized("户主不能删除；请先在户卡中更换户主", "The head cannot be deleted; change the head first")), kind: .error))
                }
                return .confirm(context.t(Localized("删除成员“\(p.name)”吗？（误录时使用；迁出、死亡请在人员信息中登记）",
                                                    "Delete member \(p.name)? (for records entered by mistake)")), onYes: { [unowned self] in
                    do {
                        try context.db.deletePerson(id: id)
                        lastDeleted = p
                        loadMembers()
                        return .message(Message(context.t(Localized("已删除“\(p.name)”，按 u 撤销", "Deleted \(p.name); press u to undo"))))
                    } catch {
                        return .message(Message(context.describe(error), kind: .error))
                    }
                })
            case .function(6):
                guard let id = members.selectedId, let p = memberList.first(where: { $0.id == id }),
                      let h = household else { return .none }
                if p.relation == .head { return .message(Message(context.t(Localized("\(p.name)已是户主", "\(p.name) is already the head")), kind: .error)) }
                return .push(ChangeHeadFormScreen(context, household: h, newHead: p))
            case .function(7):
                guard let id = members.selectedId, let p = memberList.first(where: { $0.id == id }) else { return .none }
                return .push(PersonLeaveFormScreen(context, person: p))
            case .char("u") where lastDeleted != nil:
                var p = lastDeleted!
                p.id = nil
                do {
                    try context.db.savePerson(p)
                    lastDeleted = nil
                    loadMembers()
                    return .message(Message(context.t(Localized("已恢复“\(p.name)”", "Restored \(p.name)"))))
                } catch {
                    return .message(Message(context.describe(error), kind: .error))
                }
            default:
                break
            }
        }
        if inMembers {
            switch members.handle(key) {
            case .none: return .none
            case .cancel: return .pop
            case .activate(let id):
                guard let p = try? context.db.person(id: id) else { return .none }
                return .push(PersonFormScreen(context, person: p))
            }
        }
        return super.handle(key)
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
                              address: text("address"), phone: text("phone"))
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

/// Makes another adult member the head; the former head takes the relation chosen here.
final class ChangeHeadFormScreen: FormScreen {
    let household: Household
    let newHead: Person

    init(_ context: AppContext, household: Household, newHead: Person) {
        self.household = household
        self.newHead = newHead
        let relations = Relation.allCases.filter { $0 != .head }
            .map { Choice(value: $0.rawValue, label: $0.label.text(context.language)) }
        super.init(context, spec: "change_head_form", values: ["formerHeadRelation": Relation.spouse.rawValue],
                   choices: ["formerHeadRelation": relations])
    }

    override var title: String { spec.title.text(context.language) + " · " + newHead.name }

    override func save() throws -> Action {
        try context.db.changeHead(householdId: household.id ?? 0, newHeadId: newHead.id ?? 0,
                                  formerHeadRelation: Relation(rawValue: text("formerHeadRelation")) ?? .other,
                                  on: context.today)
        return savedAndBack()
    }
}

/// A member leaves the household: date and reason; the record stays as history.
final class PersonLeaveFormScreen: FormScreen {
    let person: Person

    init(_ context: AppContext, person: Person) {
        self.person = person
        super.init(context, spec: "person_leave_form", values: ["leftOn": context.today.description, "leftReason": ""])
    }

    override var title: String { spec.title.text(context.language) + " · " + person.name }

    override func save() throws -> Action {
        try context.db.personLeaves(personId: person.id ?? 0, on: LocalDate(text("leftOn")) ?? context.today,
                                    reason: text("leftReason"))
        return savedAndBack()
    }
}
