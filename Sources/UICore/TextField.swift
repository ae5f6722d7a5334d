/// A one-line text editor with a caret, measured in display columns.
public struct TextField: Sendable {
    public var text: String {
        didSet { caret = min(max(0, caret), text.count) }
    }
    /// Caret position in Characters, 0...text.count.
    public var caret: Int
    /// Most Characters allowed; longer insertions are cut.
    public var maxLength: Int?

    public init(text: String = "", maxLength: Int? = nil) {
        var t = text
        if let maxLength, t.count > maxLength { t = String(t.prefix(maxLength)) }
        self.text = t
        self.caret = t.count
        self.maxLength = maxLength
    }

    /// The same field with every character shown as *, for passwords.
    public var masked: TextField {
        var m = TextField(text: String(repeating: "*", count: text.count))
        m.caret = clampedCaret
        return m
    }

    /// Display columns before the caret.
    public var caretColumn: Int {
        TextWidth.of(characters: text.prefix(clampedCaret))
    }

    private var clampedCaret: Int { min(max(0, caret), text.count) }

    /// Applies an editing key. Returns whether the key was for the field.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        let chars = Array(text)
        let at = clampedCaret
        switch key {
        case .char(let c):
            guard Self.isPrintable(c) else { return false }
            insert(String(c))
        case .text(let s):
            insert(Self.clean(s))
        case .backspace:
            guard at > 0 else { return true }
            replace(chars, at - 1..<at, with: "")
        case .delete:
            guard at < chars.count else { return true }
            replace(chars, at..<at + 1, with: "")
        case .left: caret = max(0, at - 1)
        case .right: caret = min(chars.count, at + 1)
        case .home, .ctrl("a"): caret = 0
        case .end, .ctrl("e"): caret = chars.count
        case .ctrl("u"): replace(chars, 0..<at, with: "")
        case .ctrl("k"): replace(chars, at..<chars.count, with: "")
        default: return false
        }
        return true
    }

    /// Inserts text at the caret, cut to fit `maxLength`.
    public mutating func insert(_ s: String) {
        var piece = s
        if let maxLength {
            let room = max(0, maxLength - text.count)
            if piece.count > room { piece = String(piece.prefix(room)) }
        }
        guard !piece.isEmpty else { return }
        replace(Array(text), clampedCaret..<clampedCaret, with: piece)
    }

    private mutating func replace(_ chars: [Character], _ range: Range<Int>, with piece: String) {
        let before = String(chars[0..<range.lowerBound]) + piece
        text = before + String(chars[range.upperBound...])
        // Counting the joined prefix keeps the caret right if combining marks merged.
        caret = min(before.count, text.count)
    }

    /// Draws the part of the text around the caret in `width` columns, filling the rest
    /// with the field style. Returns the screen column of the caret.
    public func render(into grid: inout Grid, x: Int, y: Int, width: Int, style: Style) -> Int {
        guard width > 0 else { return x }
        let chars = Array(text)
        let at = clampedCaret
        // Scroll so the caret (and the cell it sits on) is inside the field.
        var start = 0
        var before = TextWidth.of(characters: chars[0..<at])
        while before > width - 1 && start < at {
            before -= TextWidth.of(chars[start])
            start += 1
        }
        var shown = ""
        var used = 0
        for c in chars[start...] {
            let w = TextWidth.of(c)
            if used + w > width { break }
            shown.append(c)
            used += w
        }
        grid.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        grid.put(shown, x: x, y: y, maxWidth: width, style: style)
        return x + before
    }

    static func isPrintable(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return s.properties.generalCategory != .control
    }

    /// Drops control characters and line breaks.
    static func clean(_ s: String) -> String {
        String(s.filter(isPrintable))
    }
}
