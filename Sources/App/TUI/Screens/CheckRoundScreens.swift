import Domain
import Store
import UICore

/// The check rounds (守信检查) with their village rates; Enter records a round household by household.
final class CheckRoundListScreen: TableScreen<Noted<CheckRound, (items: Rate, households: Rate)?>> {
    static let cells: Cells<Noted<CheckRound, (items: Rate, households: Rate)?>> = [
        "name": { l, _ in l.record.name },
        "heldOn": { l, _ in l.record.heldOn.description },
        "checkedCount": { l, _ in String(l.note?.households.assessed ?? 0) },
        "itemRate": { l, c in l.note?.items.text(c.language) ?? "—" },
        "householdRate": { l, c in l.note?.households.text(c.language) ?? "—" },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "check_round_list", cells: Self.cells)
    }

    override func fetch() throws -> [Noted<CheckRound, (items: Rate, households: Rate)?>] {
        try context.db.checkRounds().map { Noted(record: $0, note: try? context.db.rates(roundId: $0.id, scope: .village)) }
    }

    override func rowId(_ l: Noted<CheckRound, (items: Rate, households: Rate)?>) -> Int64 { l.record.id ?? 0 }
    override var openLabel: Localized? { Localized("逐户登记", "Record") }
    override var openNeeds: Permissions? { .writeRecords }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }
    override func open(_ l: Noted<CheckRound, (items: Rate, households: Rate)?>) -> Action { .push(RoundHouseholdsScreen(context, round: l.record)) }

    override var listCommands: [Command] {
        [.write("F3", S.new) { [unowned self] in .push(CheckRoundFormScreen(context)) },
         Command("F5", Localized("守信率", "Rates")) { [unowned self] in
             selected.map { .push(RateScreen(context, round: $0.record)) } ?? .none
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

    /// The pledge list's cells, with the result in this round as the standing.
    static let cells: Cells<PledgeRow> = PledgeListScreen.cells.merging([
        "itemCount": { r, _ in String(r.itemCount) },
        "standing": { r, c in
            switch r.standing {
            case .signedUnchecked: c.t(Localized("未查", "Not checked"))
            case .broken: c.t(S.alarm) + c.t(r.standing.label)
            default: c.t(r.standing.label)
            }
        },
    ]) { $1 }

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
    override var tableCommands: [Command] { [Command("↑↓", S.choose), Command("Esc", S.back)] }

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
