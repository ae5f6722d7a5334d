import Domain
import Store
import UICore

/// The check rounds (守信检查) with their village rates; Enter records a round household by household.
final class CheckRoundListScreen: TableScreen<CheckRoundListScreen.Line> {
    struct Line {
        var round: CheckRound
        var rates: (items: Rate, households: Rate)?
    }

    static let cells: Cells<Line> = [
        "name": { l, _ in l.round.name },
        "heldOn": { l, _ in l.round.heldOn.description },
        "checkedCount": { l, _ in String(l.rates?.households.assessed ?? 0) },
        "itemRate": { l, c in l.rates?.items.text(c.language) ?? "—" },
        "householdRate": { l, c in l.rates?.households.text(c.language) ?? "—" },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "check_round_list", cells: Self.cells)
    }

    override func fetch() throws -> [Line] {
        try context.db.checkRounds().map { Line(round: $0, rates: try? context.db.rates(roundId: $0.id, scope: .village)) }
    }

    override func rowId(_ l: Line) -> Int64 { l.round.id ?? 0 }
    override var openLabel: Localized? { Localized("逐户登记", "Record") }
    override var openNeeds: Permissions? { .writeRecords }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }
    override func open(_ l: Line) -> Action { .push(RoundHouseholdsScreen(context, round: l.round)) }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(CheckRoundFormScreen(context)) },
         Command("F5", Localized("守信率", "Rates")) { [unowned self] in
             selected.map { .push(RateScreen(context, round: $0.round)) } ?? .none
         }]
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
final class RoundHouseholdsScreen: TableScreen<PledgeRow> {
    let round: CheckRound

    static let cells: Cells<PledgeRow> = [
        "householdNumber": { r, _ in r.householdNumber },
        "headName": { r, _ in r.headName },
        "villageGroupName": { r, _ in r.villageGroupName },
        "honestyGroupName": { r, _ in r.honestyGroupName ?? "" },
        "itemCount": { r, _ in String(r.itemCount) },
        "standing": { r, c in
            switch r.standing {
            case .signedUnchecked: c.t(Localized("未查", "Not checked"))
            case .broken: c.t(S.alarm) + c.t(r.standing.label)
            default: c.t(r.standing.label)
            }
        },
    ]

    init(_ context: AppContext, round: CheckRound) {
        self.round = round
        super.init(context, spec: "round_households", cells: Self.cells)
    }

    override func fetch() throws -> [PledgeRow] { try context.db.roundPledgeRows(roundId: round.id ?? 0) }
    override func rowId(_ r: PledgeRow) -> Int64 { r.pledgeId ?? 0 }
    override var title: String { spec.title.text(context.language) + " · " + round.name }
    override var openLabel: Localized? { Localized("登记", "Record") }
    override var openNeeds: Permissions? { .writeRecords }
    override func open(_ row: PledgeRow) -> Action { .push(CheckEntryScreen(context, round: round, row: row)) }
}

/// A round's rates for the village, each 社 and each honesty group, in that order.
final class RateScreen: TableScreen<RateLine> {
    let round: CheckRound

    static let cells: Cells<RateLine> = [
        "name": { l, _ in
            switch l.scope {
            case .village: l.name
            case .villageGroup: "  " + l.name
            case .honestyGroup: "    " + l.name
            }
        },
        "itemRate": { l, c in l.items.text(c.language) },
        "householdRate": { l, c in l.households.text(c.language) },
    ]

    init(_ context: AppContext, round: CheckRound) {
        self.round = round
        super.init(context, spec: "rate_table", cells: Self.cells)
    }

    override func fetch() throws -> [RateLine] { try context.db.rateLines(roundId: round.id) }

    /// Lines have no id of their own: their place is the id.
    override func load() {
        super.load()
        let columns = table.columns
        table.source = ArrayTableSource(rows: items.enumerated().map { i, line in
            var r = row(line, columns: columns)
            r.id = Int64(i + 1)
            return r
        })
        table.reload()
    }

    override var title: String { spec.title.text(context.language) + " · " + round.name }
    override var openLabel: Localized? { nil }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }
    override var commands: [Command] { [Command("↑↓", S.choose), Command("Esc", S.back)] }

    override func handle(_ key: Key) -> Action {
        // Navigation only: the order of the lines is the point of this table.
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end: _ = table.handle(key)
        case .escape: return .pop
        default: break
        }
        return .none
    }
}
