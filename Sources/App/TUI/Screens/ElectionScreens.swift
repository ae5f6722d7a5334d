import Domain
import Store
import UICore

/// The group's leader elections, newest first: every leader with the dates they served.
final class ElectionListScreen: Screen {
    let context: AppContext
    let group: HonestyGroup
    var table: Table
    var elections: [ElectionRecord] = []

    init(_ context: AppContext, group: HonestyGroup) {
        self.context = context
        self.group = group
        let l = context.language
        table = Table(columns: [
            Column(key: "heldOn", title: Localized("选举日期", "Held on").text(l), width: 10),
            Column(key: "electedName", title: Localized("当选组长", "Elected").text(l), width: 14),
            Column(key: "until", title: Localized("任至", "Until").text(l), width: 10),
            Column(key: "votes", title: Localized("得票", "Votes").text(l), width: 18),
            Column(key: "place", title: Localized("地点/会议", "Place").text(l), width: 20),
        ], source: ArrayTableSource(rows: []))
        load()
    }

    func load() {
        elections = (try? context.db.elections(groupId: group.id ?? 0)) ?? []
        let l = context.language
        table.source = ArrayTableSource(rows: elections.map { e in
            let votes = e.candidates.map { Localized("\($0.name)\($0.votes)票", "\($0.name) \($0.votes)").text(l) }
                .joined(separator: " ")
            let flag = e.electedIsAssociationMember ? Localized("★", "*").text(l) : ""
            return TableRow(id: e.id, cells: [e.heldOn.description, e.electedName + flag,
                                              e.until?.description ?? Localized("现任", "now").text(l), votes, e.place])
        })
        table.reload()
    }

    var title: String { context.t(Localized("组长选举", "Leader elections")) + " · " + group.name }
    var helpLines: [String] {
        context.catalog["election_form"].helpLines(context.language)
            + [context.t(Localized("★ 表示组长是计生协会会员（中心户）。", "* marks a leader who is an association member."))]
    }
    var isTakingText: Bool { table.isFiltering }
    var commands: [Command] {
        [Command.write("F3", Localized("新选举", "New election")), Command("Esc", S.back)]
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        if key == .function(3) || key == .insert {
            let people = (try? context.db.leaderCandidates(groupId: group.id ?? 0)) ?? []
            guard !people.isEmpty else {
                return .message(Message(context.t(Localized("小组还没有成员户，请先添加成员", "The group has no members yet")), kind: .error))
            }
            return .push(ElectionFormScreen(context, group: group, people: people))
        }
        switch table.handle(key) {
        case .none, .activate: return .none
        case .cancel: return .pop
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}

/// One election: date, place, who presided, votes per candidate and the elected leader.
final class ElectionFormScreen: FormScreen {
    let group: HonestyGroup
    let people: [Person]

    init(_ context: AppContext, group: HonestyGroup, people: [Person]) {
        self.group = group
        self.people = people
        let choices = people.map { Choice(value: String($0.id ?? 0), label: $0.name) }
        let voteFields = people.map {
            FormField(key: "votes:\($0.id ?? 0)", label: Localized("得票·", "Votes · ").text(context.language) + $0.name,
                      kind: .number, width: 5, maxLength: 4)
        }
        super.init(context, spec: "election_form", values: [
            "heldOn": context.today.description, "place": "", "presidedBy": "",
            "electedPersonId": choices.first?.value ?? "",
        ], choices: ["leaderCandidate": choices], extraFields: voteFields)
    }

    override var title: String { context.t(Localized("组长选举", "Leader election")) + " · " + group.name }

    override func save() throws -> Action {
        var candidates: [(personId: Int64, votes: Int)] = []
        for p in people {
            let v = text("votes:\(p.id ?? 0)")
            if !v.isEmpty, let n = Int(v) { candidates.append((personId: p.id ?? 0, votes: n)) }
        }
        try context.db.recordElection(groupId: group.id ?? 0, heldOn: LocalDate(text("heldOn")) ?? context.today,
                                      place: text("place"), presidedBy: text("presidedBy"),
                                      candidates: candidates, electedPersonId: Int64(text("electedPersonId")) ?? 0)
        return savedAndBack()
    }
}
