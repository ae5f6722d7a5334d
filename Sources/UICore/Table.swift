import Domain

public struct Column: Hashable, Sendable {
    public var key: String
    public var title: String
    /// Display columns.
    public var width: Int
    public var align: Alignment
    /// F6 sorting skips columns that are not sortable.
    public var sortable: Bool

    public init(key: String, title: String, width: Int, align: Alignment = .left, sortable: Bool = true) {
        self.key = key
        self.title = title
        self.width = width
        self.align = align
        self.sortable = sortable
    }
}

public struct TableRow: Hashable, Sendable {
    public var id: Int64
    public var cells: [String]
    public init(id: Int64, cells: [String]) {
        self.id = id
        self.cells = cells
    }
}

/// Filter text and sort order for a table.
public struct TableQuery: Hashable, Sendable {
    public var filter: String
    public var sortColumn: Int?
    public var ascending: Bool
    public init(filter: String = "", sortColumn: Int? = nil, ascending: Bool = true) {
        self.filter = filter
        self.sortColumn = sortColumn
        self.ascending = ascending
    }
}

/// Where a table gets its rows, one window at a time.
public protocol TableSource: AnyObject {
    func count(_ query: TableQuery) -> Int
    func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow]
    /// The count when at most `limit` rows match; otherwise any number above `limit`
    /// ("more than `limit`"). A source where counting every match is slow stops early.
    func count(_ query: TableQuery, atMost limit: Int) -> Int
}

extension TableSource {
    public func count(_ query: TableQuery, atMost limit: Int) -> Int { count(query) }
}

/// Rows held in memory. The filter finds a row when any cell matches by characters or pinyin.
/// Counts its fetches so tests can check paging.
public final class ArrayTableSource: TableSource {
    public var rows: [TableRow] {
        didSet { cacheQuery = nil }
    }
    /// Calls to `rows(_:offset:limit:)`.
    public var fetchCount = 0
    /// The biggest `limit` asked for.
    public var largestFetch = 0

    private var cacheQuery: TableQuery?
    private var cache: [TableRow] = []

    public init(rows: [TableRow]) {
        self.rows = rows
    }

    public func count(_ query: TableQuery) -> Int {
        matching(query).count
    }

    public func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow] {
        fetchCount += 1
        largestFetch = max(largestFetch, limit)
        let all = matching(query)
        let lo = min(max(0, offset), all.count)
        let hi = min(all.count, lo + max(0, limit))
        return Array(all[lo..<hi])
    }

    private func matching(_ query: TableQuery) -> [TableRow] {
        if query.filter.isEmpty && query.sortColumn == nil { return rows }
        if query == cacheQuery { return cache }
        let out = order(query).map { rows[$0] }
        cacheQuery = query
        cache = out
        return out
    }

    /// The places in `rows` of the rows the query finds, in the order it shows them.
    public func order(_ query: TableQuery) -> [Int] {
        var out = query.filter.isEmpty ? Array(rows.indices) : rows.indices.filter { i in
            rows[i].cells.contains { Pinyin.matches(name: $0, query: query.filter) }
        }
        if let col = query.sortColumn {
            let asc = query.ascending
            out.sort { i, j in
                let a = rows[i], b = rows[j]
                let x = col < a.cells.count ? a.cells[col] : ""
                let y = col < b.cells.count ? b.cells[col] : ""
                if x == y { return a.id < b.id }
                let less: Bool
                if let nx = Int(x), let ny = Int(y) { less = nx < ny } else { less = x < y }
                return asc ? less : !less
            }
        }
        return out
    }
}

public enum TableEvent: Equatable, Sendable {
    case none, activate(Int64), cancel
}

/// A scrolling list of rows from a `TableSource`. Only a window of about two screens
/// of rows is held; it is refetched when the visible rows leave it.
public struct Table {
    public var columns: [Column]
    public var source: any TableSource
    public private(set) var query: TableQuery
    /// Absolute index of the selected row.
    public private(set) var selected = 0
    /// First visible row.
    public private(set) var top = 0
    /// '/' was pressed and typed keys edit the filter.
    public private(set) var isFiltering = false
    /// Rows that fit on screen; set by `render` or by the owner.
    public var visibleRows: Int = 10
    /// Language of the few words the table shows itself.
    public var language: Language = .zh
    /// When set, a query counts no further than this many rows: the footer says
    /// "1/1000+" until the selection goes past them, then the table counts them all.
    public var countLimit: Int?
    /// The words after "more than N" in a capped footer; nil: "条 / rows".
    public var rowNoun: Localized?
    /// The count stopped at `countLimit`: `total` is `countLimit + 1`, a lower bound.
    public private(set) var isCountCapped = false

    private var total = 0
    private var window: [TableRow] = []
    private var windowStart = 0
    private var windowValid = false
    private var filterField = TextField()
    /// After '/', the kept filter is shown but the first edit replaces it.
    private var replaceFilterOnEdit = false

    public init(columns: [Column], source: any TableSource) {
        self.columns = columns
        self.source = source
        self.query = TableQuery()
        total = source.count(query)
    }

    /// A table whose count stops at `countLimit` rows (see `countLimit`).
    public init(columns: [Column], source: any TableSource, countLimit: Int) {
        self.columns = columns
        self.source = source
        self.query = TableQuery()
        self.countLimit = countLimit
        recount(exact: false)
    }

    public var count: Int { total }

    public var selectedId: Int64? { selectedRow?.id }

    public var selectedRow: TableRow? {
        guard total > 0, selected < total else { return nil }
        if windowValid, selected >= windowStart, selected < windowStart + window.count {
            return window[selected - windowStart]
        }
        return source.rows(query, offset: selected, limit: 1).first
    }

    /// Counts again and refetches the window, keeping the selection where it can.
    public mutating func reload() {
        recount(exact: isCountExactlyNeeded(selected))
        windowValid = false
        place(selected)
    }

    /// Sets the filter text (as if typed) and goes back to the first row.
    public mutating func setFilter(_ text: String) {
        filterField = TextField(text: text)
        requery { $0.filter = text }
    }

    /// Sorts by a column, or restores the source order with nil.
    public mutating func setSort(column: Int?, ascending: Bool = true) {
        requery {
            $0.sortColumn = column
            $0.ascending = ascending
        }
    }

    /// Selects a row by index.
    public mutating func select(_ index: Int) { place(index) }

    public mutating func handle(_ key: Key) -> TableEvent {
        // Keys typed quickly can arrive as one batch: outside the filter they are commands,
        // one character at a time; once `/` starts the filter the rest is its text.
        if !isFiltering, case .text(let batch) = key {
            var rest = Substring(batch)
            while let c = rest.first, !isFiltering {
                rest = rest.dropFirst()
                let event = handle(.char(c))
                if event != .none { return event }
            }
            return rest.isEmpty ? .none : handle(.text(String(rest)))
        }
        if isFiltering {
            switch key {
            case .enter, .down:
                isFiltering = false
                replaceFilterOnEdit = false
            case .escape:
                isFiltering = false
                replaceFilterOnEdit = false
                setFilter("")
            case .up, .pageUp, .pageDown:
                return navigate(key)
            default:
                // The first edit starts from empty; moving the caret first keeps the old text to edit.
                var field = filterField
                if replaceFilterOnEdit, Self.isFilterEdit(key) { field = TextField() }
                guard field.handle(key) else { break }
                filterField = field
                replaceFilterOnEdit = false
                if filterField.text != query.filter {
                    let text = filterField.text
                    requery { $0.filter = text }
                }
            }
            return .none
        }
        switch key {
        case .char("/"):
            isFiltering = true
            filterField = TextField(text: query.filter)
            replaceFilterOnEdit = !query.filter.isEmpty
            return .none
        case .function(6):
            cycleSort()
            return .none
        case .enter:
            return selectedId.map { .activate($0) } ?? .none
        case .escape:
            // The first Esc clears a filter that is still set; the next one leaves the table.
            if !query.filter.isEmpty {
                setFilter("")
                return .none
            }
            return .cancel
        default:
            return navigate(key)
        }
    }

    /// Keys that change the filter text rather than move the caret.
    private static func isFilterEdit(_ key: Key) -> Bool {
        switch key {
        case .char, .text, .backspace, .delete, .ctrl("u"), .ctrl("k"): true
        default: false
        }
    }

    private mutating func navigate(_ key: Key) -> TableEvent {
        let page = max(1, visibleRows)
        switch key {
        case .up: place(selected - 1)
        case .down: place(selected + 1)
        case .pageUp:
            top = max(0, top - page)
            place(selected - page)
        case .pageDown:
            top = min(top + page, max(0, total - page))
            place(selected + page)
        case .home: place(0)
        case .end:
            if isCountCapped { recount(exact: true) }
            place(total - 1)
        default: break
        }
        return .none
    }

    /// No sort → first sortable column ascending → descending → next sortable column … → no sort.
    /// Columns with `sortable == false` are skipped.
    private mutating func cycleSort() {
        let sortable = columns.indices.filter { columns[$0].sortable }
        guard let first = sortable.first else { return }
        switch (query.sortColumn, query.ascending) {
        case (nil, _):
            setSort(column: first, ascending: true)
        case (let c?, true) where columns.indices.contains(c) && columns[c].sortable:
            setSort(column: c, ascending: false)
        case (let c?, _):
            // Also reached when code sorted by a column F6 would skip.
            setSort(column: sortable.first { $0 > c }, ascending: true)
        }
    }

    private mutating func requery(_ change: (inout TableQuery) -> Void) {
        change(&query)
        recount(exact: false)
        windowValid = false
        top = 0
        place(0)
    }

    /// Counts the rows of the query: up to `countLimit` unless `exact`.
    private mutating func recount(exact: Bool) {
        guard let limit = countLimit, !exact else {
            total = source.count(query)
            isCountCapped = false
            return
        }
        let n = source.count(query, atMost: max(1, limit))
        isCountCapped = n > limit
        total = isCountCapped ? limit + 1 : n
    }

    /// The selection at `index` needs every row counted: it is at or past the last row known to exist.
    private func isCountExactlyNeeded(_ index: Int) -> Bool {
        guard let limit = countLimit else { return true }
        return index >= limit
    }

    /// Selects `index` (clamped), scrolls it into view and makes sure its rows are fetched.
    private mutating func place(_ index: Int) {
        let page = max(1, visibleRows)
        // Going onto the last row known to exist of a capped count: count them all,
        // so the list goes on to its real end and the footer gives the real total.
        if isCountCapped, index >= total - 1 { recount(exact: true) }
        selected = max(0, min(index, total - 1))
        if selected < top { top = selected }
        if selected >= top + page { top = selected - page + 1 }
        top = max(0, min(top, total - page))
        ensureWindow()
    }

    /// Fetches at most two pages when the visible rows are not all held.
    private mutating func ensureWindow() {
        guard total > 0 else {
            window = []
            windowStart = 0
            windowValid = true
            return
        }
        let page = max(1, visibleRows)
        let end = min(total, top + page)
        if windowValid, top >= windowStart, end <= windowStart + window.count { return }
        let size = 2 * page
        // Going down: hold the next page too; going up: the previous one.
        var start = windowValid && top < windowStart ? top + page - size : top
        start = max(0, min(start, total - size))
        window = source.rows(query, offset: start, limit: size)
        windowStart = start
        windowValid = true
    }

    // MARK: - Drawing

    public mutating func render(into grid: inout Grid, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        let rowsHeight = max(1, rect.height - 2)
        if rowsHeight != visibleRows {
            visibleRows = rowsHeight
            place(selected)
        } else {
            ensureWindow()
        }
        grid.fill(rect)

        // Header with the sort arrow on the sorted column.
        let header = columns.enumerated().map { i, c -> String in
            guard i == query.sortColumn else { return TextWidth.pad(c.title, to: c.width, align: c.align) }
            let arrow = query.ascending ? "↑" : "↓"
            var title = c.title
            if TextWidth.of(title) + 1 > c.width {
                // No room for "…": as much title as fits, then the arrow.
                title = c.width >= 3 ? TextWidth.prefix(title, width: c.width - 1)
                                     : TextWidth.truncate(title, to: c.width - 1)
            }
            return TextWidth.pad(title + arrow, to: c.width, align: c.align)
        }.joined(separator: " ")
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: Style(.header, bold: true))
        grid.put(header, x: rect.x, y: rect.y, maxWidth: rect.width, style: Style(.header, bold: true))

        if total == 0, rect.height > 1 {
            grid.put(language == .en ? "(no records)" : "（无记录）", x: rect.x, y: rect.y + 1,
                     maxWidth: rect.width, style: Style(.dim))
        }
        for i in 0..<visibleRows {
            let r = top + i
            let y = rect.y + 1 + i
            guard r < total, y < rect.y + rect.height, r >= windowStart, r - windowStart < window.count else { break }
            let row = window[r - windowStart]
            let line = columns.enumerated().map { j, c in
                TextWidth.pad(j < row.cells.count ? row.cells[j] : "", to: c.width, align: c.align)
            }.joined(separator: " ")
            grid.put(line, x: rect.x, y: y, maxWidth: rect.width, style: .normal)
            if r == selected {
                // Only the leading key column(s) are shown reversed (DECISIONS 31): a cursor
                // move then rewrites a few cells of two rows, not two whole lines.
                let width = min(rect.width, selectionWidth)
                grid.restyle(Rect(x: rect.x, y: y, width: width, height: 1), style: .selected)
            }
        }

        // Footer: the filter on the left, the position on the right.
        guard rect.height >= 3 else { return }
        let fy = rect.y + rect.height - 1
        let position = isCountCapped ? "\(selected + 1)/\(total - 1)+" : "\(total == 0 ? 0 : selected + 1)/\(total)"
        let pw = TextWidth.of(position)
        grid.put(position, x: rect.x + max(0, rect.width - pw), y: fy, style: Style(.dim))
        // A capped count says so, and how to narrow it, between the filter and the position.
        let note = isCountCapped ? cappedNote : ""
        guard isFiltering || !query.filter.isEmpty || !note.isEmpty else { return }
        var lw = 0
        if isFiltering || !query.filter.isEmpty {
            lw = grid.put(language == .en ? "Filter: " : "筛选：", x: rect.x, y: fy, maxWidth: rect.width - pw - 1)
        }
        var room = rect.width - lw - pw - 2
        guard room > 0 else { return }
        // The note keeps at least 12 columns for the filter; a narrower table drops it (the "+" stays).
        let nw = TextWidth.of(note)
        if !note.isEmpty, room - nw - 1 >= 12 || (lw == 0 && nw <= room) {
            room -= nw + 1
            grid.put(note, x: rect.x + rect.width - pw - 1 - nw, y: fy, style: Style(.dim))
        }
        guard lw > 0, room > 0 else { return }
        if isFiltering {
            let cx = filterField.render(into: &grid, x: rect.x + lw, y: fy, width: room, style: Style(.fieldFocused))
            grid.cursor = (cx, fy)
        } else {
            grid.put(query.filter, x: rect.x + lw, y: fy, maxWidth: room)
        }
    }

    /// "More than 1000 rows: type more to narrow", in the table's language.
    var cappedNote: String {
        let n = total - 1
        let noun = rowNoun ?? Localized("条", "rows")
        if query.filter.isEmpty && !isFiltering {
            return language == .en ? "more than \(n) \(noun.en): / and type to narrow"
                                   : "超过\(n)\(noun.zh)，按 / 输入可缩小范围"
        }
        return language == .en ? "more than \(n) \(noun.en): type more to narrow"
                               : "超过\(n)\(noun.zh)，多输入几个字可缩小范围"
    }

    /// Display columns of the selection mark: the first column, and the next ones
    /// while the mark is narrower than 10 columns.
    var selectionWidth: Int {
        var width = 0
        for (i, c) in columns.enumerated() {
            width += (i > 0 ? 1 : 0) + c.width
            if width >= 10 { break }
        }
        return max(1, width)
    }
}
