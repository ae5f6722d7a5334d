/// A boxed page of text that scrolls.
public struct HelpView: Sendable {
    public var title: String
    public var lines: [String]
    /// First line shown.
    public var scroll: Int
    /// Lines moved by PgUp/PgDn.
    public var pageSize = 10

    public init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
        self.scroll = 0
    }

    /// Returns false when the view should close (Esc, F1, Enter, q).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .escape, .function(1), .enter, .char("q"), .char("Q"): return false
        case .up: scroll -= 1
        case .down, .char(" "): scroll += 1
        case .pageUp: scroll -= pageSize
        case .pageDown: scroll += pageSize
        case .home: scroll = 0
        case .end: scroll = lines.count
        default: break
        }
        scroll = max(0, min(scroll, max(0, lines.count - 1)))
        return true
    }

    public func render(into grid: inout Grid, in rect: Rect) {
        guard rect.width >= 5, rect.height >= 3 else { return }
        grid.fill(rect)
        grid.box(rect, title: title)
        let inner = rect.width - 4, rows = rect.height - 2
        let wrapped = lines.flatMap { l -> [String] in
            let w = TextWrap.wrap(l, width: inner)
            return w.isEmpty ? [""] : w
        }
        // Keep the last page full when scrolled past the end.
        let first = max(0, min(scroll, wrapped.count - rows))
        for i in 0..<rows {
            guard first + i < wrapped.count else { break }
            grid.put(wrapped[first + i], x: rect.x + 2, y: rect.y + 1 + i, maxWidth: inner)
        }
        if wrapped.count > rows {
            let pos = " \(min(first + rows, wrapped.count))/\(wrapped.count) "
            let pw = TextWidth.of(pos)
            if pw + 4 <= rect.width {
                grid.put(pos, x: rect.x + rect.width - pw - 2, y: rect.y + rect.height - 1, style: Style(.border))
            }
        }
    }
}
