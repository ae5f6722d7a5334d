import Domain
import Store
import UICore

/// Everyone in the village, found by name or pinyin. Finding is this screen's job,
/// so typing starts the filter at once (/ does too).
final class PersonSearchScreen: TableScreen<PersonRow> {
    static let cells: Cells<PersonRow> = [
        "name": { p, _ in p.name },
        "sex": { p, c in c.t(p.sex.label) },
        "birthDate": { p, _ in p.birthDate?.description ?? "" },
        "idNumber": { p, _ in p.idNumber },
        "relation": { p, c in c.t(p.relation.label) },
        "householdNumber": { p, _ in p.householdNumber },
    ]

    /// A search matching more persons than this says "1000+" until the list is scrolled past them:
    /// counting every 王 in a county took longer than a keystroke may (DECISIONS 31).
    static let countLimit = AppDatabase.personCountLimit

    init(_ context: AppContext) {
        super.init(context, spec: "person_search", cells: Self.cells, loadNow: false)
        table.countLimit = Self.countLimit
        table.rowNoun = Localized("人", "persons")
        load()
    }

    override func load() {
        let db = context.db
        let columns = table.columns
        // The table asks for the capped count, then for its first window, after each keystroke:
        // the window reads on from what the count found.
        var found: PersonMatches?
        table.source = PagedSource<PersonRow>(
            count: { query, limit in
                guard let limit else { return try db.personCount(filter: query.filter) }
                found = nil
                found = try db.personMatches(filter: query.filter, atMost: limit)
                return found?.count ?? 0
            },
            page: { query, offset, limit in
                try db.personRows(filter: query.filter, offset: offset, limit: limit, after: found)
            },
            following: { query, last, limit in
                query.filter.isEmpty ? try db.personRows(following: last, limit: limit) : nil
            },
            row: { [unowned self, bound = bind(columns)] in row($0, bound: bound) })
        table.reload()
    }

    override func rowId(_ p: PersonRow) -> Int64 { p.id }
    override var showsSort: Bool { false }

    override func didReappear() { table.reload() }

    override func open(_ row: PersonRow) -> Action {
        guard let p = try? context.db.person(id: row.id) else { return .none }
        return .push(PersonFormScreen(context, person: p))
    }

    override func handle(_ key: Key) -> Action {
        if !table.isFiltering, Self.startsSearch(key) { _ = table.handle(.char("/")) }
        // Enter after a name ends the search and opens the person found first.
        if table.isFiltering, key == .enter {
            _ = table.handle(key)
            return selected.map(open) ?? .none
        }
        return super.handle(key)
    }

    /// Whether a key typed outside the filter is the start of a name: a character other
    /// than / and space, or characters that came in one read (an input method's commit).
    static func startsSearch(_ key: Key) -> Bool {
        switch key {
        case .char(let c): c != "/" && c != " " && !c.isNewline
        case .text(let t): t.first.map { $0 != "/" } ?? false
        default: false
        }
    }
}
