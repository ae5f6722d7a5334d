import Domain
import Store
import UICore

/// The group's leader elections, newest first: every leader with the dates they served.
final class ElectionListScreen: TableScreen<ElectionRecord> {
    let group: HonestyGroup

    static let cells: Cells<ElectionRecord> = [
        "heldOn": { e, _ in e.heldOn.description },
        "electedName": { e, c in e.electedName + (e.electedIsAssociationMember ? c.t(Localized("★", "*")) : "") },
        "until": { e, c in e.until?.description ?? c.t(Localized("现任", "now")) },
        "votes": { e, c in
            e.candidates.map { c.t(Localized("\($0.name)\($0.votes)票", "\($0.name) \($0.votes)")) }.joined(separator: " ")
        },
        "place": { e, _ in e.place },
    ]

    init(_ context: AppContext, group: HonestyGroup) {
        self.group = group
        super.init(context, spec: "election_list", cells: Self.cells)
    }

    override func fetch() throws -> [ElectionRecord] { try context.db.elections(groupId: group.id ?? 0) }
    override func rowId(_ e: ElectionRecord) -> Int64 { e.id }
    override var title: String { spec.title.text(context.language) + " · " + group.name }
    override var helpLines: [String] {
        context.catalog["election_form"].helpLines(context.language)
            + [context.t(Localized("★ 表示组长是计生协会会员（中心户）。", "* marks a leader who is an association member."))]
    }
    override var openLabel: Localized? { nil }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [.write("F3", Localized("新选举", "New election")) { [unowned self] in
            let people = (try? context.db.leaderCandidates(groupId: group.id ?? 0)) ?? []
            guard !people.isEmpty else { return refuse(Localized("小组还没有成员户，请先添加成员", "The group has no members yet")) }
            return .push(ElectionFormScreen(context, group: group, people: people))
        }]
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
            "electedPersonId": choices.first?.value ?? "", "meetingId": "",
        ], choices: ["leaderCandidate": choices, "meeting": meetingChoices(context)], extraFields: voteFields)
        // The meeting of the register comes last, after the votes.
        if let i = form.fields.firstIndex(where: { $0.key == "meetingId" }) { form.fields.append(form.fields.remove(at: i)) }
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
                                      candidates: candidates, electedPersonId: Int64(text("electedPersonId")) ?? 0,
                                      meetingId: Int64(text("meetingId")))
        return savedAndBack()
    }
}
