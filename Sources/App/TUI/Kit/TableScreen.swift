import Domain
import Store
import UICore

/// How a list screen turns one of its rows into cells: a text for each column key.
/// The screen file's column order is the truth; a column whose key is not here
/// fails the catalogue test (`TableScreens.bindings`).
typealias Cells<Item> = [String: @Sendable (Item, AppContext) -> String]

/// A column's cell and, for a column of personal numbers shown masked, its mask.
typealias BoundCell<Item> = (text: (@Sendable (Item, AppContext) -> String)?, mask: ScreenSpec.NumberMask?)

/// The cell and mask of each column, looked up once for a whole page of rows; the masks
/// (from the screen file) are left off when `fullNumbers`.
func bindCells<Item>(_ cells: Cells<Item>, masks: [String: ScreenSpec.NumberMask], columns: [UICore.Column],
                     fullNumbers: Bool = false) -> [BoundCell<Item>] {
    columns.map { (cells[$0.key], fullNumbers ? nil : masks[$0.key]) }
}

/// One row's texts in the columns' order.
func cellTexts<Item>(_ item: Item, _ bound: [BoundCell<Item>], context: AppContext) -> [String] {
    bound.map { b in
        let text = b.text?(item, context) ?? ""
        return b.mask?.apply(text) ?? text
    }
}

/// A row that is a record and one thing read with it (a user and their group's name,
/// a round and its rates), for lists whose cells need both.
struct Noted<Record, Note> {
    var record: Record
    var note: Note
}

/// A list screen built from a table spec in `Screens/`: it reads its rows from the
/// store when it opens, after an action and when it comes back (never while
/// drawing), binds cells to columns by key, and has the table's filter, sort,
/// paging, Enter and count line. Subclasses say where rows come from, what Enter
/// opens and which commands they add.
class TableScreen<Item>: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table
    let cells: Cells<Item>
    /// The columns of personal numbers and their masks, from the screen file.
    let masks: [String: ScreenSpec.NumberMask]
    /// The rows read by the last `load()` (empty for a paged screen).
    private(set) var items: [Item] = []

    init(_ context: AppContext, spec id: String, cells: Cells<Item>, loadNow: Bool = true) {
        self.context = context
        spec = context.catalog[id]
        self.cells = cells
        masks = spec.masks
        table = Table(columns: spec.columns(context.language), source: ArrayTableSource(rows: []))
        table.language = context.language
        if loadNow { load() }
    }

    // MARK: what subclasses say

    /// Every row of the list, read from the store. Subclasses override (or override `load`).
    func fetch() throws -> [Item] { [] }

    /// The row's id, which Enter and the selection use.
    func rowId(_ item: Item) -> Int64 { 0 }

    /// What Enter does with the selected row.
    func open(_ item: Item) -> Action { .none }

    /// Enter's label in the key bar, or nil when Enter opens nothing.
    var openLabel: Localized? { S.open }

    /// The right Enter needs, when opening a row is only for changing it.
    var openNeeds: Permissions? { nil }

    /// This list's own commands, shown after Enter and before the filter.
    var listCommands: [Command] { [] }

    /// Whether the key bar names F6 (the table sorts by F6 either way).
    var showsSort: Bool { true }

    /// Whether the key bar names / (the table filters by / either way).
    var showsFilter: Bool { true }

    /// Lines under the table, such as a total.
    func footer() -> [String] { [] }

    /// Lines above the table, each with its style; a subclass sets them when it loads.
    var header: [(text: String, style: Style)] = []
    /// Whether a rule separates the header from the table.
    var headerRule = true

    // MARK: the kit

    /// Reads the rows again and keeps the selection where it can.
    func load() { show((try? fetch()) ?? []) }

    /// Shows `rows` without reading the store (a row that changed on the screen only),
    /// keeping the selection where it can.
    func show(_ rows: [Item]) {
        items = rows
        let columns = table.columns
        let bound = bind(columns)
        table.source = ArrayTableSource(rows: items.map { row($0, bound: bound) })
        table.reload()
    }

    /// One row's cells in the spec's column order, personal numbers masked (unless `fullNumbers`).
    func row(_ item: Item, columns: [UICore.Column], fullNumbers: Bool = false) -> TableRow {
        row(item, bound: bind(columns, fullNumbers: fullNumbers))
    }

    /// The cell and mask of each column, looked up once for a whole page of rows.
    func bind(_ columns: [UICore.Column], fullNumbers: Bool = false) -> [BoundCell<Item>] {
        bindCells(cells, masks: masks, columns: columns, fullNumbers: fullNumbers)
    }

    func row(_ item: Item, bound: [BoundCell<Item>]) -> TableRow {
        TableRow(id: rowId(item), cells: cellTexts(item, bound, context: context))
    }

    /// The row under the selection.
    var selected: Item? {
        guard let id = table.selectedId else { return nil }
        return item(id: id)
    }

    /// The row with this id: from the rows read, or from a paged source's last page.
    func item(id: Int64) -> Item? {
        if let paged = table.source as? PagedSource<Item> { return paged.item(id: id) }
        return items.first { rowId($0) == id }
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var isTakingText: Bool { table.isFiltering }
    /// False: a list changes records through its commands. A list that keeps typed answers says otherwise.
    var hasUnsavedChanges: Bool { false }

    /// Enter on the selected row, when the list opens rows.
    var openCommand: Command? {
        openLabel.map { label in
            Command("Enter", label, needs: openNeeds) { [unowned self] in selected.map(open) ?? .none }
        }
    }

    /// The list's keys, in the order the key bar shows them: Enter, the list's own, /, F6, Esc.
    /// A list that orders its keys otherwise overrides this; the kit adds F2 (export) before Esc.
    var tableCommands: [Command] {
        var list: [Command] = []
        if let openCommand { list.append(openCommand) }
        list += listCommands
        if showsFilter { list.append(Command("/", S.filter)) }
        if showsSort { list.append(Command("F6", S.sort)) }
        list.append(Command("Esc", S.back))
        return list
    }

    /// Every list's keys with F2, which writes the list to a file, before Esc. A step of a
    /// wizard whose F2 goes on (the import's 预览 and 导入) keeps its F2 and exports nothing.
    final var commands: [Command] {
        var list = tableCommands
        if list.contains(where: { $0.keys.contains(.function(2)) }) { return list }
        list.insert(exportCommand, at: list.lastIndex { $0.name == "Esc" } ?? list.endIndex)
        return list
    }

    /// F2: the list as it is shown, every row of it, to a CSV or xlsx file.
    var exportCommand: Command {
        Command("F2", S.export) { [unowned self] in
            .push(ExportFormScreen(context, title: title, hasNumbers: !masks.isEmpty) { [unowned self] in
                try exportRows(fullNumbers: $0)
            })
        }
    }

    /// Every row read again, then the list as `exportRows` gives it, for `chengxin export`:
    /// unlike `load`, a list the role may not read is refused with the store's message.
    func readForExport(fullNumbers: Bool) throws -> ListRows {
        if !(table.source is PagedSource<Item>) { show(try fetch()) }
        return try exportRows(fullNumbers: fullNumbers)
    }

    /// The list as shown — its filter and its order — with every row, not only the rows on
    /// screen, as the table draws them; personal numbers whole only when `fullNumbers` and the
    /// role may see them. A paged list is read from the store a slice at a time.
    func exportRows(fullNumbers: Bool) throws -> ListRows {
        let columns = table.columns
        let query = table.query
        let full = fullNumbers && !masks.isEmpty && context.db.may(.fullNumbers)
        // The rows outlive the screen (`chengxin export` lets it go): they hold what they need, not the screen.
        let bound = bind(columns, fullNumbers: full)
        let context = context
        let texts: (Item) -> [String] = { cellTexts($0, bound, context: context) }
        let total: Int
        let read: (Int, Int) throws -> [[String]]
        if let paged = table.source as? PagedSource<Item> {
            total = try paged.exactCount(query)
            let reader = paged.sequentialReader(query)
            read = { offset, limit in try reader(offset, limit).map(texts) }
        } else if let shown = table.source as? ArrayTableSource, shown.rows.count == items.count {
            // The rows read, in the order the filter and sort show them.
            let order = shown.order(query)
            let rows = items
            total = order.count
            read = { offset, limit in order[min(offset, order.count)..<min(order.count, offset + limit)].map { texts(rows[$0]) } }
        } else {
            let source = table.source
            total = source.count(query)
            read = { offset, limit in source.rows(query, offset: offset, limit: limit).map(\.cells) }
        }
        return ListRows(list: spec.id, title: title, header: columns.map { spec.fileTitle($0.key, context.language) ?? $0.title }, filter: query.filter, total: total,
                        fullNumbers: full, read: read)
    }

    func didReappear() { load() }

    func handle(_ key: Key) -> Action {
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id): return item(id: id).map(open) ?? .none
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let lines = footer()
        for (i, line) in header.enumerated() {
            grid.put(line.text, x: rect.x + 2, y: rect.y + i, maxWidth: rect.width - 4, style: line.style)
        }
        let rule = !header.isEmpty && headerRule
        let top = header.count + (rule ? 1 : 0)
        if rule { grid.hline(x: rect.x, y: rect.y + header.count, width: rect.width) }
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y + top, width: rect.width - 2,
                                           height: rect.height - top - lines.count))
        for (i, line) in lines.enumerated() {
            grid.put(line, x: rect.x + 1, y: rect.y + rect.height - lines.count + i, maxWidth: rect.width - 2,
                     style: Style(.dim))
        }
    }

    /// Draws again, in the error colour, the rows on screen that `isAlarm` picks (overdue,
    /// late); the selected row keeps its highlight. Called by `render` after the table is drawn.
    func redrawAlarmRows(into grid: inout Grid, in rect: Rect, _ isAlarm: (TableRow) -> Bool) {
        let top = header.count + (!header.isEmpty && headerRule ? 1 : 0)
        let tableRect = Rect(x: rect.x + 1, y: rect.y + top, width: rect.width - 2, height: rect.height - top)
        let visible = table.source.rows(table.query, offset: table.top, limit: table.visibleRows)
        for (i, row) in visible.enumerated() where isAlarm(row) && table.top + i != table.selected {
            let y = tableRect.y + 1 + i
            guard y < tableRect.y + tableRect.height - 1 else { break }
            let line = zip(table.columns, row.cells).map { TextWidth.pad($1, to: $0.width, align: $0.align) }
                .joined(separator: " ")
            grid.put(line, x: tableRect.x, y: y, maxWidth: tableRect.width, style: Style(.error, bold: true))
        }
    }

    // MARK: helpers for commands

    /// Asks, then runs `change` on the store and reloads; the store's refusal becomes the message.
    func confirmThenChange(_ question: Localized, done: Localized, _ change: @escaping () throws -> Void) -> Action {
        .confirm(context.t(question), onYes: { [unowned self] in
            self.change(done) {
                try change()
                load()
            }
        })
    }
}

/// Rows read from the store a page at a time, for lists too long to hold.
/// The table shows an empty list when the store refuses; an export hears the refusal.
final class PagedSource<Item>: TableSource {
    let countRows: (TableQuery, Int?) throws -> Int
    let page: (TableQuery, Int, Int) throws -> [Item]
    let row: (Item) -> TableRow
    /// The rows of the last page read, by id, for Enter and the commands.
    private var lastPage: [Int64: Item] = [:]

    /// The page after a row (nil: the first page), for a query the store can read that way;
    /// nil when it cannot (the export then reads by offset).
    let following: ((TableQuery, Item?, Int) throws -> [Item]?)?

    init(count: @escaping (TableQuery, Int?) throws -> Int, page: @escaping (TableQuery, Int, Int) throws -> [Item],
         following: ((TableQuery, Item?, Int) throws -> [Item]?)? = nil, row: @escaping (Item) -> TableRow) {
        countRows = count
        self.page = page
        self.following = following
        self.row = row
    }

    func count(_ query: TableQuery) -> Int { (try? countRows(query, nil)) ?? 0 }
    func count(_ query: TableQuery, atMost limit: Int) -> Int { (try? countRows(query, limit)) ?? 0 }
    func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow] {
        let items = (try? page(query, offset, limit)) ?? []
        let rows = items.map(row)
        lastPage = Dictionary(zip(rows.map(\.id), items), uniquingKeysWith: { a, _ in a })
        return rows
    }

    func item(id: Int64) -> Item? { lastPage[id] }

    /// Every row the query finds, counted to the end.
    func exactCount(_ query: TableQuery) throws -> Int { try countRows(query, nil) }

    /// A page of the query's rows as read from the store.
    func items(_ query: TableQuery, offset: Int, limit: Int) throws -> [Item] { try page(query, offset, limit) }

    /// Reads the query's rows for an export, slice after slice: each slice after the last row
    /// of the one before when the store reads that way, else (or out of order) by offset.
    func sequentialReader(_ query: TableQuery) -> (_ offset: Int, _ limit: Int) throws -> [Item] {
        var last: Item?
        var next = 0
        return { [self] offset, limit in
            let rows: [Item]
            if offset == next, offset == 0 || last != nil, let following,
               let read = try following(query, offset == 0 ? nil : last, limit) {
                rows = read
            } else {
                rows = try page(query, offset, limit)
            }
            last = rows.last
            next = offset + rows.count
            return rows
        }
    }
}

/// Every table spec whose cells are bound by key, with the keys bound: the catalogue
/// test fails when a spec names a column no screen fills. A new list screen adds its line.
enum TableScreens {
    static let bindings: [String: Set<String>] = [
        "household_list": Set(HouseholdListScreen.cells.keys),
        "member_table": Set(HouseholdFormScreen.memberCells.keys),
        "person_search": Set(PersonSearchScreen.cells.keys),
        "pledge_item_list": Set(PledgeItemListScreen.cells.keys),
        "pledge_list": Set(PledgeListScreen.cells.keys),
        "check_round_list": Set(CheckRoundListScreen.cells.keys),
        "round_households": Set(RoundHouseholdsScreen.cells.keys),
        "rate_table": Set(RateScreen.cells.keys),
        "policy_list": Set(PolicyListScreen.cells.keys),
        "ledger_list": Set(LedgerTableScreen.cells.keys),
        "overdue_list": Set(LedgerTableScreen.cells.keys),
        "household_ledger": Set(LedgerTableScreen.cells.keys),
        "user_list": Set(UserListScreen.cells.keys),
        "audit_list": Set(AuditListScreen.cells.keys),
        "village_group_list": Set(VillageGroupListScreen.cells.keys),
        "honesty_group_list": Set(HonestyGroupListScreen.cells.keys),
        "group_members": Set(GroupDetailScreen.cells.keys),
        "member_candidates": Set(MemberCandidatesScreen.cells.keys),
        "election_list": Set(ElectionListScreen.cells.keys),
        "feedback_list": Set(FeedbackListScreen.cells.keys),
        "survey_round_list": Set(SurveyRoundListScreen.cells.keys),
        "star_review_list": Set(StarReviewListScreen.cells.keys),
        "rule_document_list": Set(RuleDocumentListScreen.cells.keys),
        "agreement": Set(AgreementScreen.cells.keys),
        "agreement_template_list": Set(AgreementTemplateListScreen.cells.keys),
        "rectification_list": Set(RectificationListScreen.cells.keys),
        "entitlement_proposal": Set(EntitlementProposalScreen.cells.keys),
        "calendar": Set(CalendarScreen.cells.keys),
        "calendar_entry_list": Set(CalendarEntryListScreen.cells.keys),
        "survey_answers": Set(SurveyAnswerScreen.cells.keys),
        "review_measure_list": Set(ReviewMeasureListScreen.cells.keys),
        "survey_results": Set(SurveyResultsScreen.cells.keys),
        "survey_discussions": Set(SurveyDiscussionListScreen.cells.keys),
        "import_mapping": Set(ImportMappingScreen.cells.keys),
        "import_preview": Set(ImportPreviewScreen.cells.keys),
        "import_history": Set(ImportHistoryScreen.cells.keys),
        "duplicate_pairs": Set(DuplicatePairsScreen.cells.keys),
        "meeting_list": Set(MeetingListScreen.cells.keys),
        "meeting_attendees": Set(AttendeePickerScreen.cells.keys),
        "mentor_pairing_list": Set(PairingListScreen.cells.keys),
        "township_table": Set(TownshipTableScreen.cells.keys),
    ]
}
