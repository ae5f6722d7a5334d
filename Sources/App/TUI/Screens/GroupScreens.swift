import Domain
import Store
import UICore

/// A phone as shown without need for the full number: first 3, four stars, last 4.
func maskedPhone(_ phone: String) -> String { Mask.phone(phone) }

/// The village's honesty groups, by 社.
final class HonestyGroupListScreen: Screen {
    let context: AppContext
    let village: Village
    let spec: ScreenSpec
    var table: Table
    var groups: [HonestyGroupSummary] = []
    /// The dashboard's agreements figure: groups without an agreement in force first, then
    /// those expiring within 30 days, then the rest; the state column says which.
    let agreementView: Bool

    init(_ context: AppContext, village: Village, agreementView: Bool = false) {
        self.context = context
        self.village = village
        self.agreementView = agreementView
        spec = context.catalog["honesty_group_list"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        load()
    }

    func load() {
        groups = (try? context.db.honestyGroups()) ?? []
        let l = context.language
        var without: Set<Int64> = [], expiring: Set<Int64> = []
        if agreementView {
            without = Set(((try? context.db.groupsWithoutAgreementInForce(on: context.today)) ?? []).map(\.groupId))
            expiring = Set(((try? context.db.agreementsExpiring(within: 30, of: context.today)) ?? []).map(\.groupId))
            func rank(_ g: HonestyGroupSummary) -> Int {
                let id = g.group.id ?? 0
                return without.contains(id) ? 0 : expiring.contains(id) ? 1 : 2
            }
            // A stable sort keeps the 社 order inside each rank.
            groups = groups.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        }
        table.source = ArrayTableSource(rows: groups.map { g in
            let id = g.group.id ?? 0
            let state: String
            if without.contains(id) {
                state = context.t(Localized("！", "! ")) + (g.agreementState?.label.text(l) ?? context.t(Localized("无", "none")))
            } else if expiring.contains(id) {
                state = context.t(Localized("！将到期", "! expiring"))
            } else {
                state = g.agreementState?.label.text(l) ?? context.t(Localized("无", "none"))
            }
            return TableRow(id: id, cells: [
                g.villageGroupName, g.group.name, String(g.memberCount), g.leaderName ?? "",
                state,
                g.agreementValidTo?.description ?? "",
            ])
        })
        table.reload()
    }

    var title: String {
        agreementView ? context.t(Localized("协议概况（待处理的小组在前）", "Agreements (groups needing action first)"))
            : spec.title.text(context.language)
    }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("Enter", S.open), context.hint("F3", S.new), context.hint("/", S.filter), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering, key == .function(3) || key == .insert {
            return .push(HonestyGroupFormScreen(context, village: village, group: nil))
        }
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let g = try? context.db.honestyGroup(id: id) else { return .none }
            return .push(GroupDetailScreen(context, group: g))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

final class HonestyGroupFormScreen: FormScreen {
    let village: Village
    let group: HonestyGroup?

    init(_ context: AppContext, village: Village, group: HonestyGroup?) {
        self.village = village
        self.group = group
        let choices = ((try? context.db.villageGroups()) ?? []).map {
            Choice(value: String($0.group.id ?? 0), label: $0.group.name)
        }
        super.init(context, spec: "honesty_group_form", values: [
            "villageGroupId": group.map { String($0.villageGroupId) } ?? choices.first?.value ?? "",
            "name": group?.name ?? "",
            "formedOn": (group?.formedOn ?? context.today).description,
            "note": group?.note ?? "",
        ], choices: ["villageGroup": choices])
    }

    override func save() throws -> Action {
        var g = group ?? HonestyGroup(villageId: village.id ?? 0, villageGroupId: 0, name: "", formedOn: context.today)
        g.villageGroupId = Int64(text("villageGroupId")) ?? 0
        g.name = text("name")
        g.formedOn = LocalDate(text("formedOn")) ?? context.today
        g.note = text("note")
        let saved = try context.db.saveHonestyGroup(g)
        form.markClean()
        if group == nil {
            return .sequence([.replace(GroupDetailScreen(context, group: saved)),
                              .message(Message(context.t(Localized("已建立小组。F3 添加成员户", "Group created. F3 adds member households"))))])
        }
        return savedAndBack()
    }
}

/// The group leader's view: members with household, masked phone, signature state and
/// joined date; the leader and the agreement above them.
final class GroupDetailScreen: Screen {
    let context: AppContext
    var group: HonestyGroup
    let spec: ScreenSpec
    var table: Table
    var rows: [GroupMemberRow] = []
    var showLeft = false

    init(_ context: AppContext, group: HonestyGroup) {
        self.context = context
        self.group = group
        spec = context.catalog["group_members"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        load()
    }

    func load() {
        if let id = group.id, let g = try? context.db.honestyGroup(id: id) { group = g }
        rows = (try? context.db.groupMembers(groupId: group.id ?? 0, includeLeft: showLeft)) ?? []
        let l = context.language
        table.source = ArrayTableSource(rows: rows.map { r in
            TableRow(id: r.membershipId, cells: [
                r.householdNumber, r.coupleNames, maskedPhone(r.phone),
                r.signatureKind?.label.text(l) ?? "—", r.joinedOn.description, r.leftOn?.description ?? "",
            ])
        })
        table.reload()
    }

    var title: String { group.name }

    /// The members' pledges as the leader reviews them: standing and signing date per household.
    func pledgeText() -> String {
        do {
            let rows = try context.db.pledgeRows(honestyGroupId: group.id ?? 0)
            if rows.isEmpty { return context.t(Localized("本组暂无成员户", "The group has no member households")) }
            let header = TextWidth.pad(context.t(Localized("户编号", "No.")), to: 8) + TextWidth.pad(context.t(Localized("户主", "Head")), to: 14)
                + TextWidth.pad(context.t(Localized("承诺状态", "Standing")), to: 12) + context.t(Localized("签字日期", "Signed on"))
            return ([header] + rows.map { r in
                TextWidth.pad(r.householdNumber, to: 8) + TextWidth.pad(r.headName, to: 14)
                    + TextWidth.pad(r.standing.label.text(context.language), to: 12) + (r.signedOn?.description ?? "—")
            }).joined(separator: "\n")
        } catch {
            return context.describe(error)
        }
    }
    var helpLines: [String] { spec.helpLines(context.language) }
    var writeKeys: Set<String> { ["F3", "F8", "F5"] }
    var isTakingText: Bool { table.isFiltering }
    var hints: [KeyHint] {
        [context.hint("F3", Localized("加成员", "Add")), context.hint("F8", Localized("退出", "Leave")),
         context.hint("F4", Localized("承诺", "Pledges")),
         context.hint("F5", Localized("选举", "Elect")), context.hint("F7", Localized("协议", "Agreement")),
         context.hint("F9", showLeft ? Localized("现有成员", "Current") : Localized("含已退出", "With former")),
         context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        if !table.isFiltering {
            switch key {
            case .function(3), .insert:
                return .push(MemberCandidatesScreen(context, group: group))
            case .function(8), .delete:
                guard let id = table.selectedId, let r = rows.first(where: { $0.membershipId == id }) else { return .none }
                guard r.leftOn == nil else {
                    return .message(Message(context.t(Localized("该户已退出", "This household has already left")), kind: .error))
                }
                return .push(MemberLeaveFormScreen(context, member: r))
            case .function(4):
                return .push(TextViewScreen(context, title: context.t(Localized("承诺情况 · ", "Pledges · ")) + group.name,
                                            text: pledgeText()))
            case .function(5):
                return .push(ElectionListScreen(context, group: group))
            case .function(7):
                return .push(AgreementScreen(context, group: group))
            case .function(9):
                showLeft.toggle()
                load()
                return .none
            default:
                break
            }
        }
        switch table.handle(key) {
        case .none, .activate: return .none
        case .cancel: return .pop
        }
    }

    /// The three header lines: group, leader, agreement.
    func headerLines() -> [String] {
        let l = context.language
        // The group's own summary: its leader may read it, not the village's list.
        let summary = try? context.db.honestyGroupSummary(id: group.id ?? 0, on: context.today)
        let she = summary?.villageGroupName ?? ""
        let elections = (try? context.db.elections(groupId: group.id ?? 0)) ?? []
        var leader = context.t(Localized("组长：未选举", "Leader: not elected"))
        if let e = elections.first {
            let flag = e.electedIsAssociationMember ? context.t(Localized("（协会会员·中心户）", " (association member)")) : ""
            leader = context.t(Localized("组长：", "Leader: ")) + e.electedName + flag
                + context.t(Localized("，\(e.heldOn) 当选", ", elected \(e.heldOn)"))
            if elections.count > 1 {
                leader += context.t(Localized("；历任 \(elections.count) 任", "; \(Localized.count(elections.count, "", "leader").en) so far"))
            }
        }
        var agreementLine = context.t(Localized("协议：无", "Agreement: none"))
        if let a = (try? context.db.agreements(groupId: group.id ?? 0))?.first {
            agreementLine = context.t(Localized("协议：第\(a.version)版 ", "Agreement: version \(a.version) "))
                + a.effectiveState(on: context.today).label.text(l)
                + "（\(a.validFrom) — \(a.validTo)）"
        }
        return [
            context.t(Localized("社：\(she)　成立：\(group.formedOn)　成员：\(rows.filter { $0.leftOn == nil }.count) 户",
                                "社: \(she)  formed \(group.formedOn)  members: \(rows.filter { $0.leftOn == nil }.count)")),
            leader,
            agreementLine,
        ]
    }

    func render(into grid: inout Grid, in rect: Rect) {
        for (i, line) in headerLines().enumerated() {
            grid.put(line, x: rect.x + 2, y: rect.y + i, maxWidth: rect.width - 4)
        }
        grid.hline(x: rect.x, y: rect.y + 3, width: rect.width)
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y + 4, width: rect.width - 2, height: rect.height - 4))
    }
}

/// Households of the group's 社 to choose from, marked eligible or not.
final class MemberCandidatesScreen: Screen {
    let context: AppContext
    let group: HonestyGroup
    let spec: ScreenSpec
    var table: Table
    var candidates: [MemberCandidate] = []

    init(_ context: AppContext, group: HonestyGroup) {
        self.context = context
        self.group = group
        spec = context.catalog["member_candidates"]
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        load()
    }

    func load() {
        candidates = (try? context.db.memberCandidates(groupId: group.id ?? 0, on: context.today)) ?? []
        table.source = ArrayTableSource(rows: candidates.map { c in
            TableRow(id: c.householdId, cells: [
                c.householdNumber, c.headName,
                c.eligibility.isEligible ? context.t(Localized("符合", "yes")) : context.t(Localized("不符合", "no")),
                c.eligibility.reason.text(context.language), c.currentGroupName ?? "",
            ])
        })
        table.reload()
    }

    var title: String { spec.title.text(context.language) + " · " + group.name }
    var helpLines: [String] { spec.helpLines(context.language) }
    var hints: [KeyHint] {
        [context.hint("Enter", S.choose), context.hint("/", S.filter), context.hint("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let c = candidates.first(where: { $0.householdId == id }) else { return .none }
            if let other = c.currentGroupName {
                return .message(Message(context.t(Localized("该户已在“\(other)”，一户只能加入一个小组",
                                                            "This household is already in \(other); one group per household")),
                                        kind: .error))
            }
            return .push(MemberJoinFormScreen(context, group: group, candidate: c))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

final class MemberJoinFormScreen: FormScreen {
    let group: HonestyGroup
    let candidate: MemberCandidate

    init(_ context: AppContext, group: HonestyGroup, candidate: MemberCandidate) {
        self.group = group
        self.candidate = candidate
        super.init(context, spec: "group_member_join", values: ["joinedOn": context.today.description, "ineligibleReason": ""])
        fieldAliases = ["reason": "ineligibleReason"]
    }

    override var title: String { "\(spec.title.text(context.language)) · \(candidate.householdNumber) \(candidate.headName)" }

    override func save() throws -> Action {
        let joined = LocalDate(text("joinedOn")) ?? context.today
        try context.db.addMember(groupId: group.id ?? 0, householdId: candidate.householdId, joinedOn: joined,
                                 ineligibleReason: text("ineligibleReason"))
        form.markClean()
        return .sequence([.popDiscarding, .popDiscarding,
                          .message(Message(context.t(Localized("\(candidate.headName) 户已加入小组", "Household \(candidate.householdNumber) joined"))))])
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        super.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 2))
        let style = Style(candidate.eligibility.isEligible ? .message : .error)
        grid.put(candidate.eligibility.reason.text(context.language), x: rect.x + 2, y: rect.y + rect.height - 1,
                 maxWidth: rect.width - 4, style: style)
    }
}

final class MemberLeaveFormScreen: FormScreen {
    let member: GroupMemberRow

    init(_ context: AppContext, member: GroupMemberRow) {
        self.member = member
        super.init(context, spec: "group_member_leave", values: ["leftOn": context.today.description, "leftReason": ""])
        fieldAliases = ["reason": "leftReason"]
    }

    override var title: String { "\(spec.title.text(context.language)) · \(member.householdNumber) \(member.headName)" }

    override func save() throws -> Action {
        try context.db.removeMember(membershipId: member.membershipId, leftOn: LocalDate(text("leftOn")) ?? context.today,
                                    reason: text("leftReason"))
        return savedAndBack()
    }
}
