/// One terminal cell. A wide character fills its cell and the next one,
/// which is marked as a continuation.
public struct Cell: Hashable, Sendable {
    public var char: Character
    public var style: Style
    public var isContinuation: Bool

    public init(char: Character = " ", style: Style = .normal, isContinuation: Bool = false) {
        self.char = char
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    /// The rect shrunk by `n` on every side.
    public func inset(by n: Int) -> Rect {
        Rect(x: x + n, y: y + n, width: max(0, width - 2 * n), height: max(0, height - 2 * n))
    }
}

/// A screen's worth of cells. Widgets draw here; the backend copies it to the terminal.
public struct Grid: Sendable {
    public let width: Int
    public let height: Int
    /// Where the terminal cursor should sit; nil hides it.
    public var cursor: (x: Int, y: Int)?
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// The same cell, with labels: `grid[x: 3, y: 1]`.
    public subscript(x x: Int, y y: Int) -> Cell { self[x, y] }

    /// One row of cells.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        guard y >= 0, y < height else { return [] }
        return cells[(y * width)..<((y + 1) * width)]
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns (or to the right edge),
    /// ending with "…" when it does not fit. Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .normal) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        var limit = width - x
        if let maxWidth { limit = min(limit, maxWidth) }
        guard limit > 0 else { return 0 }
        let shown = TextWidth.truncate(Grid.printable(text), to: limit)
        var col = x
        for ch in shown {
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            set(ch, x: col, y: y, wide: w == 2, style: style)
            col += w
        }
        return col - x
    }

    /// Fills a rect (clipped to the grid) with one narrow character.
    public mutating func fill(_ rect: Rect, char: Character = " ", style: Style = .normal) {
        let c: Character = TextWidth.of(char) == 1 ? char : " "
        let x0 = max(0, rect.x), x1 = min(width, rect.x + rect.width)
        let y0 = max(0, rect.y), y1 = min(height, rect.y + rect.height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { set(c, x: x, y: y, wide: false, style: style) }
        }
    }

    /// Gives the cells of a rect (clipped to the grid) `style`, keeping their characters.
    /// A wide character half inside the rect is restyled whole.
    public mutating func restyle(_ rect: Rect, style: Style) {
        let x0 = max(0, rect.x), x1 = min(width, rect.x + rect.width)
        let y0 = max(0, rect.y), y1 = min(height, rect.y + rect.height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            let from = x0 > 0 && cells[y * width + x0].isContinuation ? x0 - 1 : x0
            let to = x1 < width && cells[y * width + x1].isContinuation ? x1 + 1 : x1
            for x in from..<to { cells[y * width + x].style = style }
        }
    }

    /// Draws a frame around `rect` with an optional title centred in the top border.
    public mutating func box(_ rect: Rect, style: Style = Style(.border), title: String? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.x + rect.width - 1, bottom = rect.y + rect.height - 1
        hline(x: rect.x + 1, y: rect.y, width: rect.width - 2, style: style)
        hline(x: rect.x + 1, y: bottom, width: rect.width - 2, style: style)
        for y in (rect.y + 1)..<bottom {
            put("│", x: rect.x, y: y, style: style)
            put("│", x: right, y: y, style: style)
        }
        put("┌", x: rect.x, y: rect.y, style: style)
        put("┐", x: right, y: rect.y, style: style)
        put("└", x: rect.x, y: bottom, style: style)
        put("┘", x: right, y: bottom, style: style)
        if let title, !title.isEmpty {
            // Room between "┌─" and "─┐", with a space either side of the title.
            let room = rect.width - 6
            guard room >= 1 else { return }
            let t = " " + TextWidth.truncate(title, to: room) + " "
            let tx = rect.x + (rect.width - TextWidth.of(t)) / 2
            put(t, x: tx, y: rect.y, style: Style(style.role, bold: true, reverse: style.reverse))
        }
    }

    /// A horizontal line of "─".
    public mutating func hline(x: Int, y: Int, width: Int, style: Style = Style(.border)) {
        guard width > 0 else { return }
        fill(Rect(x: x, y: y, width: width, height: 1), char: "─", style: style)
    }

    /// Each row as text: a wide character once, trailing spaces trimmed.
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for c in row(y) where !c.isContinuation { s.append(c.char) }
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    public func text() -> String { lines().joined(separator: "\n") }

    // MARK: - Cell writing

    /// Writes one character, first blanking any wide character it would cut in half.
    private mutating func set(_ ch: Character, x: Int, y: Int, wide: Bool, style: Style) {
        if wide && x + 1 >= width { return }
        breakWide(at: x, y: y)
        if wide { breakWide(at: x + 1, y: y) }
        cells[y * width + x] = Cell(char: ch, style: style)
        if wide { cells[y * width + x + 1] = Cell(char: " ", style: style, isContinuation: true) }
    }

    /// If (x, y) is half of a wide character, blanks the other half.
    private mutating func breakWide(at x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1].char = " "
            cells[i].isContinuation = false
        } else if x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1].isContinuation = false
            cells[i + 1].char = " "
        }
    }

    /// Control characters (newlines, tabs…) and line or paragraph separators
    /// become spaces; unassigned code points and noncharacters (U+FFFE, U+FFFF …),
    /// which terminals give no width, become U+FFFD. Each character is judged by
    /// every scalar it holds, so nothing unprintable hides behind a base letter.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { unprintable($0) }) else { return text }
        return text.map { ch -> String in
            guard ch.unicodeScalars.contains(where: { unprintable($0) }) else { return String(ch) }
            let kept = ch.unicodeScalars.filter { !unprintable($0) }
            let first = ch.unicodeScalars.first!
            switch first.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return " "
            case .unassigned, .surrogate: return "\u{FFFD}"
            default: return String(String.UnicodeScalarView(kept))
            }
        }.joined()
    }

    static func unprintable(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate: return true
        default: return false
        }
    }
}
