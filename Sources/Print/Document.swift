import Domain

/// A table column: its title, its width in display columns (CJK = 2) and alignment.
public struct DocumentColumn: Hashable, Sendable {
    public var title: String
    public var width: Int
    public var alignRight: Bool

    public init(_ title: String, width: Int, alignRight: Bool = false) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
    }
}

/// One piece of a printed document. Blocks know nothing of pages; the layout engine
/// (`Layout`) cuts them into pages.
public enum Block: Hashable, Sendable {
    /// Level 1: the document title, centred. Level 2: a section title, centred.
    /// Level 3: a subsection title at the left margin.
    case heading(String, level: Int)
    /// Text wrapped to the page width; `indent` starts it with two ideographic spaces.
    /// Newlines in the text start new paragraphs.
    case paragraph(String, indent: Bool)
    /// "label：value" lines with the labels padded to one width.
    case keyValues([KeyValue])
    /// A ruled table; cells wrap inside their column; a row never splits across pages,
    /// and the header repeats on each page the table continues on.
    case table(columns: [DocumentColumn], rows: [[String]])
    /// Lines to sign on: each is "label：__________" with room for a date.
    case signatures([String])
    /// Empty lines.
    case space(Int)
    /// The rest of the page stays empty.
    case pageBreak
}

public struct KeyValue: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A part of a document that starts on a new page: a cover, a table of contents, one
/// filed item (件). `numbered` parts carry page numbers; the others (cover, contents,
/// remarks sheet) do not, as GB/T 9705 asks.
public struct DocumentPart: Hashable, Sendable {
    public var title: String
    public var blocks: [Block]
    public var numbered: Bool

    public init(title: String, blocks: [Block], numbered: Bool = true) {
        self.title = title
        self.blocks = blocks
        self.numbered = numbered
    }
}

/// A printable document: parts in order.
public struct Document: Hashable, Sendable {
    public var title: String
    public var parts: [DocumentPart]

    public init(title: String, parts: [DocumentPart]) {
        self.title = title
        self.parts = parts
    }
}

/// Whose personal numbers a document may print in full. Names are always printed;
/// ID and phone numbers only where the document's purpose needs them (the household
/// card the family checks and signs); elsewhere they are masked.
public enum PersonalDataPolicy: String, Hashable, Sendable {
    case masked, full

    /// An ID number as this policy prints it: first 6, eight stars, last 4 when masked.
    public func idNumber(_ id: String) -> String {
        guard self == .masked, !id.isEmpty else { return id }
        return IDNumber.masked(id)
    }

    /// A phone number as this policy prints it: first 3, four stars, last 4 when masked.
    public func phone(_ phone: String) -> String {
        guard self == .masked else { return phone }
        let c = Array(phone)
        guard c.count >= 7 else { return phone.isEmpty ? "" : String(repeating: "*", count: c.count) }
        return String(c[0..<3]) + "****" + String(c[(c.count - 4)...])
    }
}
