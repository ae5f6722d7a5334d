public enum DialogEvent: Equatable, Sendable {
    case none, yes, no
}

/// A yes/no question. "No" is selected first, as the safe answer.
public struct ConfirmDialog: Sendable {
    public var title: String
    public var message: String
    public var yesLabel: String
    public var noLabel: String
    public var yesSelected = false

    public init(title: String, message: String, yesLabel: String, noLabel: String) {
        self.title = title
        self.message = message
        self.yesLabel = yesLabel
        self.noLabel = noLabel
    }

    public mutating func handle(_ key: Key) -> DialogEvent {
        switch key {
        case .left, .right, .tab, .backTab: yesSelected.toggle()
        case .enter: return yesSelected ? .yes : .no
        case .char("y"), .char("Y"): return .yes
        case .char("n"), .char("N"), .escape: return .no
        default: break
        }
        return .none
    }

    public func render(into grid: inout Grid, in rect: Rect) {
        let yes = "[ \(yesLabel) ]", no = "[ \(noLabel) ]"
        let buttonsW = TextWidth.of(yes) + 2 + TextWidth.of(no)
        let widest = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextWidth.of(String($0)) }.max() ?? 0
        let maxInner = rect.width - 4
        guard maxInner > 0 else { return }
        let inner = min(maxInner, max(min(widest, 48), buttonsW, TextWidth.of(title) + 4))
        var lines = TextWrap.wrap(message, width: inner)
        // Borders, a blank line and the buttons take four lines.
        let maxLines = max(0, rect.height - 4)
        if lines.count > maxLines { lines = Array(lines.prefix(maxLines)) }
        let boxW = inner + 4, boxH = min(rect.height, lines.count + 4)
        guard boxH >= 3 else { return }
        let box = Rect(x: rect.x + (rect.width - boxW) / 2, y: rect.y + (rect.height - boxH) / 2,
                       width: boxW, height: boxH)
        grid.fill(box)
        grid.box(box, title: title)
        for (i, l) in lines.enumerated() {
            grid.put(l, x: box.x + 2, y: box.y + 1 + i, maxWidth: inner)
        }
        let by = box.y + boxH - 2
        var bx = box.x + 2 + max(0, (inner - buttonsW) / 2)
        bx += grid.put(yes, x: bx, y: by, maxWidth: inner, style: yesSelected ? .selected : .normal)
        grid.put(no, x: bx + 2, y: by, style: yesSelected ? .normal : .selected)
    }
}

/// Line breaking by display width.
public enum TextWrap {
    /// Splits `s` into lines of at most `width` columns. Never splits a wide character;
    /// breaks Latin text at spaces when it can; keeps "\n" breaks; does not start a line
    /// with closing punctuation such as "，" or "。" when it can move one character down.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for para in s.split(separator: "\n", omittingEmptySubsequences: false) {
            out += wrapLine(Grid.printable(String(para)), width: width)
        }
        return out
    }

    static let noLineStart: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》", "〉", "…",
                                              ",", ".", ";", ":", "?", "!", ")"]

    private static func wrapLine(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line: [Character] = []
        var used = 0
        for ch in text {
            let w = TextWidth.of(ch)
            if used + w <= width {
                if !(line.isEmpty && ch == " " && !lines.isEmpty) {
                    line.append(ch)
                    used += w
                }
                continue
            }
            if ch == " " {
                lines.append(trimEnd(line))
                line = []
                used = 0
                continue
            }
            var carry: [Character] = []
            if TextWidth.of(ch) == 1, let sp = line.lastIndex(of: " "),
               line[(sp + 1)...].allSatisfy({ TextWidth.of($0) == 1 }), line[..<sp].contains(where: { $0 != " " }) {
                // Move the unfinished Latin word down to the next line.
                carry = Array(line[(sp + 1)...])
                line = Array(line[..<sp])
            } else if noLineStart.contains(ch), line.count > 1, !noLineStart.contains(line.last!) {
                carry = [line.removeLast()]
            }
            lines.append(trimEnd(line))
            line = carry + [ch]
            used = TextWidth.of(characters: line)
            while used > width, !line.isEmpty {
                // A single character wider than the line: drop it rather than overflow.
                used -= TextWidth.of(line.removeFirst())
            }
        }
        lines.append(trimEnd(line))
        return lines
    }

    private static func trimEnd(_ chars: [Character]) -> String {
        var s = String(chars)
        while s.last == " " { s.removeLast() }
        return s
    }
}
