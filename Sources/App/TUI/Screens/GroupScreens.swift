import Domain
import Store
import UICore

/// A phone as shown without need for the full number: first 3, four stars, last 4.
func maskedPhone(_ phone: String) -> String { Mask.phone(phone) }

/// The village's honesty groups, by 社.
final class HonestyGroupListScreen: TableScreen<HonestyGroupListScreen.Line> {
    struct Line {
        enum Mark { case none, noAgreement, expiring }
        var group: HonestyGroupSummary
        var mark: Mark
    }

    let village: Village
    /// The dashboard's agreements figure: groups without an agreement in force first, then
    /// those expiring within 30 days, then the rest; the state column says which.
    let agreementView: Bool

    static let cells: Cells<Line> = [
        "villageGroupName": { l, _ in l.group.villageGroupName },
        "name": { l, _ in l.group.group.name },
        "memberCount": { l, _ in String(l.group.memberCount) },
        "leaderName": { l, _ in l.group.leaderName ?? "" },
        "agreementState": { l, c in
            let state = l.group.agreementState.map { c.t($0.label) } ?? c.t(Localized("无", "none"))
            switch l.mark {
            case .noAgreement: return c.t(S.alarm) + state
            case .expiring: return c.t(Localized("！将到期", "! expiring"))
            case .none: return state
            }
        },
        "agreementValidTo": { l, _ in l.group.agreementValidTo?.description ?? "" },
    ]

    init(_ context: AppContext, village: Village, agreementView: Bool = false) {
        self.village = village
        self.agreementView = agreementView
        super.init(context, spec: "honesty_group_list", cells: Self.cells)
    }

    override func fetch() throws -> [Line] {
        let groups = try context.db.honestyGroups()
        guard agreementView else { return groups.map { Line(group: $0, mark: .none) } }
        let without = Set(try context.db.groupsWithoutAgreementInForce(on: context.today).map(\.groupId))
        let expiring = Set(try context.db.agreementsExpiring(within: 30, of: context.today).map(\.groupId))
        let lines = groups.map { g -> Line in
            let id = g.group.id ?? 0
            return Line(group: g, mark: without.contains(id) ? .noAgreement : expiring.contains(id) ? .expiring : .none)
        }
        func rank(_ l: Line) -> Int { l.mark == .noAgreement ? 0 : l.mark == .expiring ? 1 : 2 }
        // A stable sort keeps the 社 order inside each rank.
        return lines.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    override func rowId(_ l: Line) -> Int64 { l.group.group.id ?? 0 }
    override var showsSort: Bool { false }

    override var title: String {
        agreementView ? context.t(Localized("协议概况（待处理的小组在前）", "Agreements (groups needing action first)"))
            : spec.title.text(context.language)
    }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(HonestyGroupFormScreen(context, village: village, group: nil)) },
         Command("F4", Localized("协议范本", "Templates")) { [unowned self] in .push(AgreementTemplateListScreen(context)) }]
    }

    override func open(_ l: Line) -> Action {
        guard let g = try? context.db.honestyGroup(id: rowId(l)) else { return .none }
        return .push(GroupDetailScreen(context, group: g))
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
final class GroupDetailScreen: TableScreen<GroupMemberRow> {
    var group: HonestyGroup
    var showLeft = false

    static let cells: Cells<GroupMemberRow> = [
        "householdNumber": { r, _ in r.householdNumber },
        "coupleNames": { r, _ in r.coupleNames },
        "phone": { r, _ in r.phone },
        "signatureKind": { r, c in r.signatureKind.map { c.t($0.label) } ?? "—" },
        "joinedOn": { r, _ in r.joinedOn.description },
        "leftOn": { r, _ in r.leftOn?.description ?? "" },
    ]

    init(_ context: AppContext, group: HonestyGroup) {
        self.group = group
        super.init(context, spec: "group_members", cells: Self.cells)
    }

    override func fetch() throws -> [GroupMemberRow] {
        if let id = group.id, let g = try? context.db.honestyGroup(id: id) { group = g }
        return try context.db.groupMembers(groupId: group.id ?? 0, includeLeft: showLeft)
    }

    override func load() {
        super.load()
        header = headerLines().map { ($0, Style.normal) }
    }

    override func rowId(_ r: GroupMemberRow) -> Int64 { r.membershipId }
    override var title: String { group.name }
    override var openLabel: Localized? { nil }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [.write("F3", Localized("加成员", "Add")) { [unowned self] in .push(MemberCandidatesScreen(context, group: group)) },
         .write("F8", Localized("退出", "Leave")) { [unowned self] in
             guard let r = selected else { return .none }
             guard r.leftOn == nil else { return refuse(Localized("该户已退出", "This household has already left")) }
             return .push(MemberLeaveFormScreen(context, member: r))
         },
         Command("F4", Localized("承诺", "Pledges")) { [unowned self] in
             .push(TextViewScreen(context, title: context.t(Localized("承诺情况 · ", "Pledges · ")) + group.name, text: pledgeText()))
         },
         .write("F5", Localized("选举", "Elect")) { [unowned self] in .push(ElectionListScreen(context, group: group)) },
         Command("F7", Localized("协议", "Agreement")) { [unowned self] in .push(AgreementScreen(context, group: group)) },
         Command("F9", showLeft ? Localized("现有成员", "Current") : Localized("含已退出", "All")) { [unowned self] in
             showLeft.toggle()
             load()
             return .none
         }]
    }

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
                + context.t(Localized("（\(a.validFrom) — \(a.validTo)）", " (\(a.validFrom) — \(a.validTo))"))
        }
        return [
            context.t(Localized("社：\(she)　成立：\(group.formedOn)　成员：\(items.filter { $0.leftOn == nil }.count) 户",
                                "社: \(she)  formed \(group.formedOn)  members: \(items.filter { $0.leftOn == nil }.count)")),
            leader,
            agreementLine,
        ]
    }

}

/// Households of the group's 社 to choose from, marked eligible or not.
final class MemberCandidatesScreen: TableScreen<MemberCandidate> {
    let group: HonestyGroup

    static let cells: Cells<MemberCandidate> = [
        "householdNumber": { m, _ in m.householdNumber },
        "headName": { m, _ in m.headName },
        "eligibility": { m, c in m.eligibility.isEligible ? c.t(Localized("符合", "yes")) : c.t(Localized("不符合", "no")) },
        "eligibilityReason": { m, c in c.t(m.eligibility.reason) },
        "currentGroupName": { m, _ in m.currentGroupName ?? "" },
    ]

    init(_ context: AppContext, group: HonestyGroup) {
        self.group = group
        super.init(context, spec: "member_candidates", cells: Self.cells)
    }

    override func fetch() throws -> [MemberCandidate] { try context.db.memberCandidates(groupId: group.id ?? 0, on: context.today) }
    override func rowId(_ m: MemberCandidate) -> Int64 { m.householdId }
    override var title: String { spec.title.text(context.language) + " · " + group.name }
    override var openLabel: Localized? { S.choose }
    override var showsSort: Bool { false }

    override func open(_ c: MemberCandidate) -> Action {
        if let other = c.currentGroupName {
            return refuse(Localized("该户已在“\(other)”，一户只能加入一个小组", "This household is already in \(other); one group per household"))
        }
        return .push(MemberJoinFormScreen(context, group: group, candidate: c))
    }
}
