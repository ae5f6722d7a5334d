import Foundation

extension LaidOutDocument {
    /// The body lines of a table on a page: rules of `+---+`, cells between `|`.
    /// ASCII rules on purpose: box-drawing characters are ambiguous in width and a
    /// GB18030 printer prints them two columns wide.
    static func tableLines(columns: [DocumentColumn], header: [[String]], rows: [[[String]]],
                           format: PageFormat) -> [String] {
        let rule = "+" + columns.map { String(repeating: "-", count: $0.width + 1) + "+" }.joined()
        func rowLines(_ cells: [[String]], centred: Bool) -> [String] {
            let height = cells.map(\.count).max() ?? 1
            return (0..<height).map { line in
                "|" + columns.indices.map { i in
                    let text = line < cells[i].count ? cells[i][line] : ""
                    // One space of margin: left of left-aligned cells, right of right-aligned ones.
                    if centred { return " " + format.pad(format.center(text, columns[i].width), columns[i].width) + "|" }
                    if columns[i].alignRight { return format.pad(text, columns[i].width, right: true) + " |" }
                    return " " + format.pad(text, columns[i].width) + "|"
                }.joined()
            }
        }
        var lines = [rule] + rowLines(header, centred: true) + [rule]
        for r in rows { lines += rowLines(r, centred: false) }
        lines.append(rule)
        return lines
    }

    /// A page's lines: the body padded to its height, a blank line and the footer
    /// (the page number centred, or nothing on unnumbered pages). Trailing spaces are cut.
    public func lines(of page: Page) -> [String] {
        var lines: [String] = []
        for item in page.items {
            switch item {
            case .heading(let text, let level):
                lines += Layout.headingLines(text, level: level, format: format)
            case .text(let l):
                lines += l
            case .blank(let n):
                lines += Array(repeating: "", count: n)
            case .table(let columns, let header, let rows):
                lines += Self.tableLines(columns: columns, header: header, rows: rows, format: format)
            }
        }
        while lines.count < format.bodyLines { lines.append("") }
        lines.append("")
        lines.append(page.number.map { format.center("- \($0) -", format.columns) } ?? "")
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    /// Each page as text, `format.lines` lines long.
    public var pageTexts: [String] {
        pages.map { lines(of: $0).joined(separator: "\n") }
    }

    /// The whole document for continuous paper: pages separated (and ended) by a form feed.
    /// Each page is exactly `format.lines` lines, so the printer's top of form stays in step.
    public var text: String {
        pageTexts.map { $0 + "\n" }.joined(separator: "\u{0C}") + "\u{0C}"
    }

    /// Splits text made by `text` back into its pages' lines (for tests and previews).
    public static func splitPages(_ text: String) -> [[String]] {
        text.split(separator: "\u{0C}", omittingEmptySubsequences: false).dropLast().map { page in
            var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    // MARK: HTML

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A line of text with its spaces kept.
    static func htmlLine(_ s: String) -> String {
        s.isEmpty ? "&#160;" : escape(s).replacingOccurrences(of: " ", with: "&#160;")
    }

    /// HTML for A4 portrait (`@page { size: A4 portrait }`), one `section` per page with the
    /// same content and page numbers as the text pages: every line is one line box of a
    /// monospaced CJK font (Latin half the width of a Hanzi), so a page of this layout
    /// fits one sheet and the contents' page numbers hold in the PDF too.
    public var html: String {
        let cols = format.columns
        // 166mm of the 174mm text width (room for the rules) for `cols` columns; one column is half an em.
        let fontMM = 166.0 / Double(cols) * 2.0
        let lineMM = 265.0 / Double(format.lines)
        var out = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(Self.escape(document.title))</title>
        <style>
        @page { size: A4 portrait; margin: 14mm 18mm 14mm 18mm; }
        html { font-family: "WenQuanYi Micro Hei Mono", "Noto Sans Mono CJK SC", "Noto Sans CJK SC", monospace;
               font-size: \(String(format: "%.2f", fontMM))mm; line-height: \(String(format: "%.2f", lineMM))mm; }
        body { margin: 0; }
        section.page { height: \(String(format: "%.2f", lineMM * Double(format.lines)))mm; position: relative;
                       page-break-after: always; break-after: page; overflow: hidden; }
        section.page:last-child { page-break-after: auto; break-after: auto; }
        div.l { height: \(String(format: "%.2f", lineMM))mm; white-space: pre; overflow: hidden; }
        h1, h2, h3 { font-size: 1em; margin: 0; height: \(String(format: "%.2f", lineMM))mm; white-space: pre; }
        h1 { text-align: center; font-weight: bold; letter-spacing: 0.1em; }
        h2 { text-align: center; font-weight: bold; }
        h3 { font-weight: bold; }
        table { border-collapse: collapse; table-layout: fixed; margin: \(String(format: "%.2f", lineMM / 2))mm 0; }
        td, th { border: 0.2mm solid #000; padding: 0 0.5em 0 0.5em; vertical-align: top; white-space: pre;
                  overflow: hidden; font-weight: normal; }
        th { text-align: center; }
        td.r { text-align: right; }
        div.footer { position: absolute; bottom: 0; left: 0; right: 0; text-align: center; height: \(String(format: "%.2f", lineMM))mm; }
        </style></head><body>

        """
        for page in pages {
            out += "<section class=\"page\">\n"
            for item in page.items {
                switch item {
                case .heading(let text, let level):
                    let tag = "h\(min(max(level, 1), 3))"
                    for line in format.wrap(text, width: cols) { out += "<\(tag)>\(Self.escape(line))</\(tag)>\n" }
                    if level <= 2 { out += "<div class=\"l\">&#160;</div>\n" }
                case .text(let lines):
                    for l in lines { out += "<div class=\"l\">\(Self.htmlLine(l))</div>\n" }
                case .blank(let n):
                    for _ in 0..<n { out += "<div class=\"l\">&#160;</div>\n" }
                case .table(let columns, let header, let rows):
                    // Three rules take the place of the text's three rule lines; half a line of
                    // margin above and below takes the place of the last.
                    out += "<table><colgroup>"
                    for c in columns { out += "<col style=\"width: \(Double(c.width + 2) / 2.0)em\">" }
                    out += "</colgroup>\n<tr>"
                    for cell in header { out += "<th>\(cell.map(Self.escape).joined(separator: "<br>"))</th>" }
                    out += "</tr>\n"
                    for row in rows {
                        out += "<tr>"
                        for (i, cell) in row.enumerated() {
                            let cls = columns[i].alignRight ? " class=\"r\"" : ""
                            out += "<td\(cls)>\(cell.map(Self.escape).joined(separator: "<br>"))</td>"
                        }
                        out += "</tr>\n"
                    }
                    out += "</table>\n"
                }
            }
            if let n = page.number { out += "<div class=\"footer\">- \(n) -</div>\n" }
            out += "</section>\n"
        }
        out += "</body></html>\n"
        return out
    }
}
