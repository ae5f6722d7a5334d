/// A multi-line editor for a whole text (an agreement, a template, a rule document).
/// Paragraphs are wrapped by display width: a CJK character takes two columns and is
/// never cut between rows. The caret sits on a character, text an input method commits
/// is inserted whole (line breaks in a paste start new paragraphs), and Ctrl-Z / Ctrl-Y
/// undo and redo. Pure: `handle` changes the state, `render` only draws it.
public struct TextEditor: Sendable {
    /// The paragraphs, without their line breaks.
    public private(set) var paragraphs: [[Character]]
    /// The caret: a paragraph and a character index in it (0…count).
    public private(set) var caret: (paragraph: Int, index: Int) = (0, 0)
    /// The first visual row shown.
    public private(set) var top = 0
    /// Columns and rows of the area the text is shown in (set by `resize`).
    public private(set) var width: Int
    public private(set) var height: Int
    /// Most characters the text may hold; longer insertions are cut.
    public var maxLength: Int?

    private struct State: Sendable {
        var paragraphs: [[Character]]
        var paragraph: Int
        var index: Int
    }
    private var undoStack: [State] = []
    private var redoStack: [State] = []
    /// The last edit was typing one character: the next one joins its undo step.
    private var typing = false
    /// The display column kept while moving up and down.
    private var goalColumn: Int?
    private let original: String
    /// Undo steps kept.
    static let undoDepth = 500

    public init(text: String, width: Int = 78, height: Int = 18, maxLength: Int? = nil) {
        paragraphs = Self.split(text).map(Array.init)
        original = paragraphs.map { String($0) }.joined(separator: "\n")
        self.width = max(2, width)
        self.height = max(1, height)
        self.maxLength = maxLength
    }

    /// The text, paragraphs joined by line breaks.
    public var text: String { paragraphs.map { String($0) }.joined(separator: "\n") }

    /// Whether the text differs from the one the editor opened with.
    public var isModified: Bool { text != original }

    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }

    public var characterCount: Int { paragraphs.reduce(0) { $0 + $1.count } + max(0, paragraphs.count - 1) }

    /// Sets the area the text is shown in and keeps the caret in view.
    public mutating func resize(width: Int, height: Int) {
        self.width = max(2, width)
        self.height = max(1, height)
        scrollToCaret()
    }

    // MARK: Layout

    /// The rows of one paragraph: ranges of character indices, each at most `wrap`
    /// columns wide. A row does not start with closing punctuation (，。」 …) when one
    /// character can move down with it. An empty paragraph is one empty row.
    static func rows(_ chars: [Character], wrap: Int) -> [Range<Int>] {
        var rows: [Range<Int>] = []
        var start = 0
        var used = 0
        var i = 0
        while i < chars.count {
            let w = TextWidth.of(chars[i])
            if used + w > wrap && i > start {
                var end = i
                // Back over a run of closing punctuation ("”，"), leaving the row at least one character.
                while noLineStart.contains(chars[end]) && end - 1 > start { end -= 1 }
                rows.append(start..<end)
                start = end
                used = TextWidth.of(characters: chars[end..<i])
            }
            used += w
            i += 1
        }
        rows.append(start..<chars.count)
        return rows
    }

    /// Rows are one column narrower than the area, so the caret after a full row's last
    /// character still has a cell to sit on.
    var wrap: Int { max(1, width - 1) }

    /// Every visual row: its paragraph and character range.
    func visualRows() -> [(paragraph: Int, range: Range<Int>)] {
        var out: [(Int, Range<Int>)] = []
        for (p, chars) in paragraphs.enumerated() {
            for r in Self.rows(chars, wrap: wrap) { out.append((p, r)) }
        }
        return out
    }

    /// The visual row and display column of the caret.
    public func caretPosition() -> (row: Int, column: Int) {
        var row = 0
        for p in 0..<caret.paragraph { row += Self.rows(paragraphs[p], wrap: wrap).count }
        let chars = paragraphs[caret.paragraph]
        let rows = Self.rows(chars, wrap: wrap)
        for (k, r) in rows.enumerated() where caret.index < r.upperBound || k == rows.count - 1 {
            return (row + k, TextWidth.of(characters: chars[r.lowerBound..<caret.index]))
        }
        return (row, 0)
    }

    private mutating func scrollToCaret() {
        let row = caretPosition().row
        if row < top { top = row }
        if row >= top + height { top = row - height + 1 }
        top = max(0, top)
    }

    // MARK: Keys

    /// Applies an editing key. Returns whether the key was for the editor.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        var keepsGoal = false
        switch key {
        case .char(let c):
            guard Self.isPrintable(c) else { return false }
            insert(String(c), typing: c != " ")
        case .text(let s):
            insert(s, typing: false)
        case .enter:
            insert("\n", typing: false)
        case .backspace:
            deleteBackward()
        case .delete:
            deleteForward()
        case .left:
            if caret.index > 0 { caret.index -= 1 } else if caret.paragraph > 0 {
                caret.paragraph -= 1
                caret.index = paragraphs[caret.paragraph].count
            }
        case .right:
            if caret.index < paragraphs[caret.paragraph].count { caret.index += 1 } else if caret.paragraph < paragraphs.count - 1 {
                caret.paragraph += 1
                caret.index = 0
            }
        case .up: moveRows(-1); keepsGoal = true
        case .down: moveRows(1); keepsGoal = true
        case .pageUp: moveRows(-max(1, height - 1)); keepsGoal = true
        case .pageDown: moveRows(max(1, height - 1)); keepsGoal = true
        case .home, .ctrl("a"):
            let row = currentRow()
            caret.index = row.range.lowerBound
        case .end, .ctrl("e"):
            let rows = Self.rows(paragraphs[caret.paragraph], wrap: wrap)
            let k = rowIndex(in: rows)
            // The end of a wrapped row is before its last character: after it is the next row.
            caret.index = k == rows.count - 1 ? rows[k].upperBound : max(rows[k].lowerBound, rows[k].upperBound - 1)
        case .ctrl("z"): undo()
        case .ctrl("y"): redo()
        default: return false
        }
        if !keepsGoal { goalColumn = nil }
        if case .char = key {} else { typing = false }
        scrollToCaret()
        return true
    }

    private func rowIndex(in rows: [Range<Int>]) -> Int {
        for (k, r) in rows.enumerated() where caret.index < r.upperBound || k == rows.count - 1 { return k }
        return 0
    }

    private func currentRow() -> (paragraph: Int, range: Range<Int>) {
        let rows = Self.rows(paragraphs[caret.paragraph], wrap: wrap)
        return (caret.paragraph, rows[rowIndex(in: rows)])
    }

    /// Up or down by `delta` visual rows, keeping the display column where it can.
    private mutating func moveRows(_ delta: Int) {
        let all = visualRows()
        let here = caretPosition()
        let goal = goalColumn ?? here.column
        goalColumn = goal
        let target = min(max(0, here.row + delta), all.count - 1)
        let (p, range) = all[target]
        let chars = paragraphs[p]
        var index = range.lowerBound
        var used = 0
        let last = target == all.count - 1 || all[target + 1].paragraph != p
        let end = last ? range.upperBound : max(range.lowerBound, range.upperBound - 1)
        while index < end {
            let w = TextWidth.of(chars[index])
            if used + w > goal { break }
            used += w
            index += 1
        }
        caret = (p, index)
    }

    // MARK: Editing

    private mutating func remember(typing: Bool) {
        if typing && self.typing { return }
        undoStack.append(State(paragraphs: paragraphs, paragraph: caret.paragraph, index: caret.index))
        if undoStack.count > Self.undoDepth { undoStack.removeFirst() }
        redoStack.removeAll()
        self.typing = typing
    }

    /// Inserts `s` at the caret; its line breaks (LF, CRLF, CR) start new paragraphs and
    /// other control characters are dropped. Cut to `maxLength`.
    public mutating func insert(_ s: String, typing: Bool = false) {
        var pieces = Self.split(s).map { Array($0.filter(Self.isPrintable)) }
        if let maxLength {
            var room = max(0, maxLength - characterCount)
            for i in pieces.indices {
                if i > 0 { room -= 1 }
                if room <= 0 {
                    pieces = Array(pieces[0..<i]) + (i == 0 ? [[]] : [])
                    break
                }
                if pieces[i].count > room {
                    pieces[i] = Array(pieces[i].prefix(room))
                    pieces = Array(pieces[0...i])
                    break
                }
                room -= pieces[i].count
            }
        }
        guard pieces.count > 1 || !(pieces.first ?? []).isEmpty else { return }
        remember(typing: typing)
        let chars = paragraphs[caret.paragraph]
        let head = Array(chars[0..<caret.index]), tail = Array(chars[caret.index...])
        if pieces.count == 1 {
            paragraphs[caret.paragraph] = head + pieces[0] + tail
            caret.index += pieces[0].count
        } else {
            var new = [head + pieces[0]] + pieces[1..<pieces.count - 1]
            new.append(pieces[pieces.count - 1] + tail)
            paragraphs.replaceSubrange(caret.paragraph...caret.paragraph, with: new)
            caret = (caret.paragraph + pieces.count - 1, pieces[pieces.count - 1].count)
        }
    }

    private mutating func deleteBackward() {
        if caret.index > 0 {
            remember(typing: false)
            paragraphs[caret.paragraph].remove(at: caret.index - 1)
            caret.index -= 1
        } else if caret.paragraph > 0 {
            remember(typing: false)
            let p = caret.paragraph
            let joinAt = paragraphs[p - 1].count
            paragraphs[p - 1] += paragraphs[p]
            paragraphs.remove(at: p)
            caret = (p - 1, joinAt)
        }
    }

    private mutating func deleteForward() {
        let p = caret.paragraph
        if caret.index < paragraphs[p].count {
            remember(typing: false)
            paragraphs[p].remove(at: caret.index)
        } else if p < paragraphs.count - 1 {
            remember(typing: false)
            paragraphs[p] += paragraphs[p + 1]
            paragraphs.remove(at: p + 1)
        }
    }

    public mutating func undo() {
        guard let state = undoStack.popLast() else { return }
        redoStack.append(State(paragraphs: paragraphs, paragraph: caret.paragraph, index: caret.index))
        restore(state)
    }

    public mutating func redo() {
        guard let state = redoStack.popLast() else { return }
        undoStack.append(State(paragraphs: paragraphs, paragraph: caret.paragraph, index: caret.index))
        restore(state)
    }

    private mutating func restore(_ state: State) {
        paragraphs = state.paragraphs
        caret = (state.paragraph, state.index)
        typing = false
    }

    // MARK: Drawing

    /// Draws the rows in view into `rect` and puts the terminal cursor on the caret.
    public func render(into grid: inout Grid, in rect: Rect, style: Style = .normal) {
        grid.fill(rect, style: style)
        let all = visualRows()
        for y in 0..<rect.height {
            let i = top + y
            guard i < all.count else { break }
            let (p, range) = all[i]
            grid.put(String(paragraphs[p][range]), x: rect.x, y: rect.y + y, maxWidth: rect.width, style: style)
        }
        let at = caretPosition()
        if at.row >= top, at.row < top + rect.height {
            grid.cursor = (rect.x + min(at.column, rect.width - 1), rect.y + at.row - top)
        }
    }

    /// "行 3/12 列 5" for a status line: the caret's paragraph (of all) and its character.
    public var position: (paragraph: Int, paragraphs: Int, character: Int) {
        (caret.paragraph + 1, paragraphs.count, caret.index + 1)
    }

    static let noLineStart = TextWrap.noLineStart.union(["”", "’", "』", "〕", "】"])

    static func isPrintable(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        if s == "\t" { return false }
        return s.properties.generalCategory != .control
    }

    /// Paragraphs of `s`, split at LF, CRLF and CR; a tab becomes four spaces.
    static func split(_ s: String) -> [String] {
        var out: [String] = [""]
        var afterCR = false
        for u in s.unicodeScalars {
            if u == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = u == "\r"
            if u == "\n" || u == "\r" {
                out.append("")
            } else if u == "\t" {
                out[out.count - 1] += "    "
            } else {
                out[out.count - 1].unicodeScalars.append(u)
            }
        }
        return out
    }
}
