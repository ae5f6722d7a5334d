import UICore

/// The paper a document is laid out for, in character cells.
public struct PageFormat: Hashable, Sendable {
    /// Display columns per line (CJK = 2).
    public var columns: Int
    /// Lines per page, the footer (blank line and page number) included.
    public var lines: Int
    /// Count every non-ASCII character as two columns, as Chinese dot-matrix printers do
    /// with GB18030 text (they print "·" and "—" full width too). Otherwise the terminal's
    /// East Asian widths (`TextWidth`) apply.
    public var doubleByteWidths: Bool

    public init(columns: Int = 80, lines: Int = 66, doubleByteWidths: Bool = false) {
        precondition(columns >= 40 && lines >= 10)
        self.columns = columns
        self.lines = lines
        self.doubleByteWidths = doubleByteWidths
    }

    /// 80-column continuous paper, 66 lines a page (11 inches at 6 lines per inch).
    public static let continuous = PageFormat(columns: 80, lines: 66)
    /// The same paper for a GB18030 dot-matrix printer.
    public static let continuousGB18030 = PageFormat(columns: 80, lines: 66, doubleByteWidths: true)
    /// A4 portrait for the PDF: 80 columns of a 10.5pt monospaced CJK font, 50 lines.
    public static let a4 = PageFormat(columns: 80, lines: 50)

    /// Lines for content: the page less the blank line and the footer.
    public var bodyLines: Int { lines - 2 }

    public func width(_ c: Character) -> Int {
        if doubleByteWidths {
            if c.isASCII { return c.asciiValue! < 0x20 ? 0 : 1 }
            return TextWidth.of(c) == 0 ? 0 : 2
        }
        return TextWidth.of(c)
    }

    public func width(_ s: String) -> Int {
        var total = 0
        for c in s { total += width(c) }
        return total
    }

    /// `s` cut to `width` columns (never half a wide character) and padded with spaces.
    public func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        var out = ""
        var used = 0
        for c in s {
            let w = self.width(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        let fill = String(repeating: " ", count: max(0, width - used))
        return right ? fill + out : out + fill
    }

    public func center(_ s: String, _ width: Int) -> String {
        let w = self.width(s)
        guard w < width else { return pad(s, width) }
        let left = (width - w) / 2
        return String(repeating: " ", count: left) + s
    }

    /// Characters that may not start a line (Chinese line-breaking rules, 禁则): closing
    /// punctuation and marks that belong to what precedes them.
    static let noLineStart: Set<Character> = Set("，。、；：！？）」』》〉】〕］｝〗”’…·％‰,.;:!?)]}%")
    /// Characters that may not end a line: opening brackets and quotes.
    static let noLineEnd: Set<Character> = Set("（「『《〈【〔［｛〖“‘([{")
    /// ASCII characters that open something, so an ASCII run starting with one may start a line.
    static let asciiOpeners: Set<Character> = Set("([{<\"'#")

    /// The pieces of a paragraph that never break inside: a run of ASCII characters other
    /// than spaces (85.5%, 2025-002, an ID number, a masked phone 139****5670), one space,
    /// or one other character.
    static func atoms(_ paragraph: Substring) -> [String] {
        var atoms: [String] = []
        var run = ""
        for c in paragraph {
            if c.isASCII && c != " " && !(c.asciiValue! < 0x20) {
                run.append(c)
            } else {
                if !run.isEmpty { atoms.append(run); run = "" }
                atoms.append(String(c))
            }
        }
        if !run.isEmpty { atoms.append(run) }
        return atoms
    }

    /// Whether a line may break between two atoms: never before closing punctuation, never
    /// after an opening bracket, and never between a character and an ASCII run that
    /// continues it with punctuation (兑-2025-002, 元/月). Spaces are always a break.
    static func mayBreak(after a: String, before b: String) -> Bool {
        if b == " " { return true }
        if a == " " { return true }
        if let first = b.first, noLineStart.contains(first) { return false }
        if let last = a.last, noLineEnd.contains(last) { return false }
        if let first = b.first, first.isASCII, first.isPunctuation || first.isSymbol, !asciiOpeners.contains(first) {
            return false
        }
        return true
    }

    /// Wraps text to `width` columns. Newlines start new lines. Lines break between
    /// Chinese characters, at spaces, and between a Chinese character and an ASCII run,
    /// never inside an ASCII run that fits on a line; no line starts with closing
    /// punctuation or ends with an opening bracket (the characters they stick to move
    /// down with them). Only a run longer than a whole line is cut.
    public func wrap(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // Words: atoms with no break allowed between them.
            var words: [[String]] = []
            var previous: String?
            for atom in Self.atoms(paragraph) {
                if let p = previous, !Self.mayBreak(after: p, before: atom) {
                    words[words.count - 1].append(atom)
                } else {
                    words.append([atom])
                }
                previous = atom
            }
            var lines: [String] = []
            var line = ""
            var used = 0
            func flush() {
                lines.append(line)
                line = ""
                used = 0
            }
            for word in words {
                let w = word.reduce(0) { $0 + self.width($1) }
                if used + w <= width {
                    // Spaces do not start a continued line.
                    if line.isEmpty && !lines.isEmpty && word.allSatisfy({ $0 == " " }) { continue }
                    line += word.joined()
                    used += w
                    continue
                }
                if word.allSatisfy({ $0 == " " }) {
                    // A space at the edge is the break itself.
                    if !line.isEmpty { flush() }
                    continue
                }
                if !line.isEmpty { flush() }
                if w <= width {
                    line = word.joined()
                    used = w
                    continue
                }
                // A word longer than a line breaks between its atoms, and inside an atom
                // only when that atom alone is longer than a line.
                for atom in word {
                    let aw = self.width(atom)
                    if used + aw <= width {
                        line += atom
                        used += aw
                    } else if aw <= width {
                        flush()
                        line = atom
                        used = aw
                    } else {
                        for c in atom {
                            let cw = self.width(c)
                            if used + cw > width && !line.isEmpty { flush() }
                            line.append(c)
                            used += cw
                        }
                    }
                }
            }
            lines.append(line)
            result += lines.map { l in
                var s = Substring(l)
                while s.last == " " { s = s.dropLast() }
                return String(s)
            }
        }
        return result
    }
}

/// What a page holds, in order, kept structured so the HTML output can draw real
/// headings and tables on exactly the lines the text output uses.
public enum PageItem: Hashable, Sendable {
    case heading(String, level: Int)
    /// Printed lines (paragraphs, key-value lines, signature lines).
    case text([String])
    case blank(Int)
    /// A table on this page: its columns, header cells and rows, each cell already wrapped into lines.
    case table(columns: [DocumentColumn], header: [[String]], rows: [[[String]]])
}

public struct Page: Hashable, Sendable {
    /// The printed page number, nil on unnumbered pages (cover, contents, remarks).
    public var number: Int?
    /// Which part of the document this page belongs to.
    public var partIndex: Int
    public var items: [PageItem]
}

/// A document cut into pages for a format.
public struct LaidOutDocument: Sendable {
    public var document: Document
    public var format: PageFormat
    public var pages: [Page]

    /// The printed numbers of the first and last page of a part (nil for unnumbered parts).
    public func pageRange(ofPart index: Int) -> ClosedRange<Int>? {
        let numbers = pages.filter { $0.partIndex == index }.compactMap(\.number)
        guard let first = numbers.first, let last = numbers.last else { return nil }
        return first...last
    }

    /// How many pages carry a number (the volume's 页数).
    public var numberedPageCount: Int { pages.filter { $0.number != nil }.count }
}

/// Cuts documents into pages.
public enum Layout {
    /// Heights: level 1 and 2 headings take their line and a blank line, level 3 one line.
    static func headingLines(_ text: String, level: Int, format: PageFormat) -> [String] {
        let wrapped = format.wrap(text, width: format.columns)
        switch level {
        case 1, 2: return wrapped.map { format.center($0, format.columns) } + [""]
        default: return wrapped
        }
    }

    /// Column widths that fit the page: the widest columns give way first.
    static func fitted(_ columns: [DocumentColumn], format: PageFormat) -> [DocumentColumn] {
        var cols = columns
        func total() -> Int { 1 + cols.reduce(0) { $0 + $1.width + 2 } }
        while total() > format.columns, let i = cols.indices.max(by: { cols[$0].width < cols[$1].width }),
              cols[i].width > 2 {
            cols[i].width -= 1
        }
        return cols
    }

    static func wrapCells(_ cells: [String], _ columns: [DocumentColumn], format: PageFormat) -> [[String]] {
        columns.indices.map { i in
            let text = i < cells.count ? cells[i] : ""
            return format.wrap(text, width: columns[i].width)
        }
    }

    /// Units the paginator places: each is unbreakable.
    enum Unit {
        case heading(String, level: Int, height: Int)
        case lines([String])
        case blank(Int)
        case row(table: Int, columns: [DocumentColumn], header: [[String]], cells: [[String]])
        case pageBreak

        var height: Int {
            switch self {
            case .heading(_, _, let h): h
            case .lines(let l): l.count
            case .blank(let n): n
            case .row(_, _, _, let cells): cells.map(\.count).max() ?? 1
            case .pageBreak: 0
            }
        }
    }

    static func units(_ blocks: [Block], format: PageFormat) -> [Unit] {
        var units: [Unit] = []
        var tableId = 0
        for block in blocks {
            switch block {
            case .heading(let text, let level):
                units.append(.heading(text, level: level, height: headingLines(text, level: level, format: format).count))
            case .paragraph(let text, let indent):
                for para in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    let body = (indent && !para.isEmpty ? "\u{3000}\u{3000}" : "") + para
                    for line in format.wrap(body, width: format.columns) { units.append(.lines([line])) }
                }
            case .keyValues(let pairs):
                let keyWidth = pairs.map { format.width($0.key) }.max() ?? 0
                for kv in pairs {
                    let lead = format.pad(kv.key, keyWidth) + "："
                    let valueWidth = format.columns - format.width(lead)
                    let wrapped = format.wrap(kv.value, width: valueWidth)
                    let lines = wrapped.enumerated().map { i, v in
                        (i == 0 ? lead : String(repeating: " ", count: format.width(lead))) + v
                    }
                    units.append(.lines(lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }))
                }
            case .table(let columns, let rows):
                tableId += 1
                let cols = fitted(columns, format: format)
                let header = wrapCells(cols.map(\.title), cols, format: format)
                for row in rows {
                    units.append(.row(table: tableId, columns: cols, header: header,
                                      cells: wrapCells(row, cols, format: format)))
                }
                if rows.isEmpty {
                    units.append(.row(table: tableId, columns: cols, header: header,
                                      cells: wrapCells(["无"], cols, format: format)))
                }
            case .signatures(let labels):
                for label in labels {
                    let line = label + "：" + String(repeating: "_", count: 20) + "\u{3000}日期："
                        + "______年____月____日"
                    units.append(.lines(format.wrap(line, width: format.columns) + [""]))
                }
            case .space(let n):
                units.append(.blank(n))
            case .pageBreak:
                units.append(.pageBreak)
            }
        }
        return units
    }

    /// Lays out a document: each part starts a page; numbered parts' pages are numbered
    /// from 1 across the document.
    public static func paginate(_ document: Document, format: PageFormat) -> LaidOutDocument {
        var pages: [Page] = []
        var nextNumber = 1
        let body = format.bodyLines
        for (partIndex, part) in document.parts.enumerated() {
            var items: [PageItem] = []
            var used = 0
            var openTable: Int?

            func newPage() {
                pages.append(Page(number: part.numbered ? nextNumber : nil, partIndex: partIndex, items: items))
                if part.numbered { nextNumber += 1 }
                items = []
                used = 0
                openTable = nil
            }
            func appendText(_ lines: [String]) {
                if case .text(let old)? = items.last {
                    items[items.count - 1] = .text(old + lines)
                } else {
                    items.append(.text(lines))
                }
                used += lines.count
            }

            let units = self.units(part.blocks, format: format)
            for (i, unit) in units.enumerated() {
                // A table row needs its header (top rule, header, rule) when the table is not
                // open on this page, and always room for the closing rule.
                func need(_ u: Unit) -> Int {
                    switch u {
                    case .row(let t, _, let header, _):
                        let headerHeight = openTable == t ? 0 : 2 + (header.map(\.count).max() ?? 1)
                        return headerHeight + u.height + (openTable == t ? 0 : 1)
                    default: return u.height
                    }
                }
                switch unit {
                case .pageBreak:
                    if used > 0 { newPage() }
                    continue
                case .blank(let n):
                    if used == 0 { continue }
                    if used + n > body { newPage(); continue }
                    if case .blank(let m)? = items.last { items[items.count - 1] = .blank(m + n) } else { items.append(.blank(n)) }
                    used += n
                    openTable = nil
                    continue
                case .heading(let text, let level, let h):
                    // Keep a heading with what follows it.
                    var next = 0
                    if i + 1 < units.count {
                        let saved = openTable
                        openTable = nil
                        next = need(units[i + 1])
                        openTable = saved
                    }
                    if used > 0 && used + h + min(next, body - h) > body { newPage() }
                    items.append(.heading(text, level: level))
                    used += h
                    openTable = nil
                case .lines(let lines):
                    if used > 0 && used + lines.count > body { newPage() }
                    appendText(lines)
                    openTable = nil
                case .row(let t, let columns, let header, let cells):
                    if used > 0 && used + need(unit) > body { newPage() }
                    if openTable == t, case .table(let c, let h, let rows)? = items.last {
                        items[items.count - 1] = .table(columns: c, header: h, rows: rows + [cells])
                        used += unit.height
                    } else {
                        used += need(unit)
                        items.append(.table(columns: columns, header: header, rows: [cells]))
                        openTable = t
                    }
                }
            }
            newPage()
        }
        return LaidOutDocument(document: document, format: format, pages: pages)
    }
}
