import Domain

public struct Choice: Hashable, Sendable {
    public var value: String
    public var label: String
    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}

/// What a form field holds. `date` is YYYY-MM-DD (may be typed with '/' or '.', or as 8 digits);
/// `flag` is a 是/否 choice stored as "1"/"0".
public enum FieldKind: Hashable, Sendable {
    case text, number, date, choice([Choice]), flag
}

public struct FormField: Hashable, Sendable {
    public var key: String
    public var label: String
    public var kind: FieldKind
    /// Columns of the field box.
    public var width: Int
    /// Most Characters allowed.
    public var maxLength: Int?
    public var required: Bool
    public var readOnly: Bool
    public var help: String
    /// Shown as one * per character (passwords).
    public var secret: Bool

    public init(key: String, label: String, kind: FieldKind = .text, width: Int = 20, maxLength: Int? = nil,
                required: Bool = false, readOnly: Bool = false, help: String = "", secret: Bool = false) {
        self.secret = secret
        self.key = key
        self.label = label
        self.kind = kind
        self.width = width
        self.maxLength = maxLength
        self.required = required
        self.readOnly = readOnly
        self.help = help
    }

    var isTextLike: Bool {
        switch kind {
        case .text, .number, .date: true
        case .choice, .flag: false
        }
    }
}

public enum FormEvent: Equatable, Sendable {
    case none, submit, cancel
}

/// A column of labelled fields with keyboard editing and inline errors.
public struct Form: Sendable {
    public var title: String
    public var fields: [FormField]
    public var language: Language
    /// Index of the focused field.
    public var focus: Int
    /// Field key → error shown under that field.
    public var errors: [String: String]
    /// True after any edit since init or `markClean()`.
    public private(set) var isDirty = false

    private var editors: [String: TextField] = [:]
    /// Chosen index per choice or flag field (flag: 0 = yes, 1 = no); nil = nothing chosen.
    private var chosen: [String: Int] = [:]

    public init(title: String, fields: [FormField], values: [String: String], language: Language = .zh) {
        self.title = title
        self.fields = fields
        self.language = language
        self.errors = [:]
        self.focus = fields.firstIndex(where: { !$0.readOnly }) ?? 0
        for f in fields { setValue(f.key, values[f.key] ?? "") }
    }

    // MARK: - Values

    /// The field's value: text; the chosen value for a choice; "1"/"0" for a flag.
    /// A date that parses comes back as YYYY-MM-DD; otherwise as typed.
    public func value(_ key: String) -> String {
        guard let f = field(key) else { return "" }
        switch f.kind {
        case .date:
            let raw = editors[key]?.text ?? ""
            return DateInput.normalize(raw) ?? raw
        case .text, .number:
            return editors[key]?.text ?? ""
        case .choice(let choices):
            guard let i = chosen[key], choices.indices.contains(i) else { return "" }
            return choices[i].value
        case .flag:
            return chosen[key] == 0 ? "1" : "0"
        }
    }

    /// All values by key.
    public var values: [String: String] {
        Dictionary(fields.map { ($0.key, value($0.key)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Sets a value from code; does not count as an edit.
    public mutating func setValue(_ key: String, _ value: String) {
        guard let f = field(key) else { return }
        switch f.kind {
        case .text, .number, .date:
            editors[key] = TextField(text: value, maxLength: f.maxLength)
        case .choice(let choices):
            chosen[key] = choices.firstIndex { $0.value == value }
        case .flag:
            let yes = ["1", "true", "yes", "是", "y"].contains(value.lowercased())
            chosen[key] = yes ? 0 : 1
        }
    }

    public mutating func markClean() { isDirty = false }
    /// Marks values set from code (a restored draft) as unsaved edits.
    public mutating func markDirty() { isDirty = true }

    public mutating func focus(key: String) {
        if let i = fields.firstIndex(where: { $0.key == key }) { focus = i }
    }

    public var focusedField: FormField {
        guard !fields.isEmpty else { return FormField(key: "", label: "") }
        return fields[min(max(0, focus), fields.count - 1)]
    }

    /// The text editor behind a text, number or date field.
    public func editor(_ key: String) -> TextField? { editors[key] }

    private func field(_ key: String) -> FormField? { fields.first { $0.key == key } }

    private func choices(of f: FormField) -> [Choice] {
        switch f.kind {
        case .choice(let c): return c
        case .flag:
            return [Choice(value: "1", label: Localized("是", "Yes").text(language)),
                    Choice(value: "0", label: Localized("否", "No").text(language))]
        default: return []
        }
    }

    /// The text shown for a choice or flag field.
    private func choiceLabel(_ f: FormField) -> String {
        let c = choices(of: f)
        guard let i = chosen[f.key], c.indices.contains(i) else { return "" }
        return c[i].label
    }

    // MARK: - Keys

    public mutating func handle(_ key: Key) -> FormEvent {
        guard !fields.isEmpty else { return key == .escape ? .cancel : .none }
        switch key {
        case .tab, .down:
            moveFocus(1)
        case .backTab, .up:
            moveFocus(-1)
        case .enter:
            if focus >= lastEditable { return .submit }
            moveFocus(1)
        case .function(2):
            return .submit
        case .escape:
            return .cancel
        default:
            edit(key)
        }
        return .none
    }

    private var lastEditable: Int {
        fields.lastIndex(where: { !$0.readOnly }) ?? fields.count - 1
    }

    private mutating func moveFocus(_ step: Int) {
        let n = fields.count
        var i = focus
        for _ in 0..<n {
            i = ((i + step) % n + n) % n
            if !fields[i].readOnly {
                focus = i
                return
            }
        }
    }

    private mutating func edit(_ key: Key) {
        let f = focusedField
        guard !f.readOnly else { return }
        // Compare what is typed, so an edit that keeps the same date still counts.
        let before = rawValue(f)
        switch f.kind {
        case .text, .number, .date:
            var key = key
            if f.kind != .text {
                // Numbers take digits only; dates digits and '-', '/', '.'. Fullwidth ones are converted.
                let allowed: (Character) -> Bool = f.kind == .number
                    ? { $0.isASCII && $0.isNumber }
                    : { ($0.isASCII && $0.isNumber) || DateInput.isSeparator($0) }
                switch key {
                case .char(let c):
                    let s = Self.halfwidth(String(c)).filter(allowed)
                    guard let c2 = s.first else { return }
                    key = .char(c2)
                case .text(let t):
                    key = .text(String(Self.halfwidth(t).filter(allowed)))
                default: break
                }
            }
            var ed = editors[f.key] ?? TextField(maxLength: f.maxLength)
            ed.handle(key)
            editors[f.key] = ed
        case .choice, .flag:
            let c = choices(of: f)
            guard !c.isEmpty else { return }
            let cur = chosen[f.key]
            switch key {
            case .right, .char(" "):
                chosen[f.key] = cur.map { ($0 + 1) % c.count } ?? 0
            case .left:
                chosen[f.key] = cur.map { ($0 - 1 + c.count) % c.count } ?? c.count - 1
            case .char(let ch):
                if let i = match(ch, in: c, after: cur ?? -1, isFlag: f.kind == .flag) { chosen[f.key] = i }
            default: return
            }
        }
        if rawValue(f) != before {
            isDirty = true
            errors[f.key] = nil
        }
    }

    /// The text as typed for text-like fields; the value for the others.
    private func rawValue(_ f: FormField) -> String {
        f.isTextLike ? editors[f.key]?.text ?? "" : value(f.key)
    }

    /// The next choice (after `after`, wrapping) whose label starts with the typed
    /// character, or whose pinyin does.
    private func match(_ ch: Character, in c: [Choice], after: Int, isFlag: Bool) -> Int? {
        let typed = ch.lowercased()
        if isFlag {
            if ["y", "1", "是"].contains(typed) { return 0 }
            if ["n", "0", "否"].contains(typed) { return 1 }
        }
        for k in 1...c.count {
            let i = (after + k) % c.count
            let label = c[i].label
            guard let first = label.first else { continue }
            if first.lowercased() == typed { return i }
            if ch.isASCII, Pinyin.initials(String(first)).hasPrefix(typed) { return i }
        }
        return nil
    }

    static func halfwidth(_ s: String) -> String {
        DateInput.halfwidth(s)
    }

    // MARK: - Checks

    /// Problems that come from the field kinds alone, in the form's language.
    public func typeErrors() -> [String: String] {
        var out: [String: String] = [:]
        for f in fields {
            let v = value(f.key).trimmingSpaces
            if v.isEmpty {
                if f.required { out[f.key] = Localized("必填", "Required").text(language) }
                continue
            }
            switch f.kind {
            case .number:
                if !v.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    out[f.key] = Localized("应为整数", "Must be a whole number").text(language)
                }
            case .date:
                if DateInput.normalize(v) != nil {
                    break
                } else if DateInput.parts(v) == nil {
                    out[f.key] = Localized("日期格式应为 YYYY-MM-DD（如 2024-03-15）",
                                           "Date must be YYYY-MM-DD (e.g. 2024-03-15)").text(language)
                } else {
                    out[f.key] = Localized("该日期不存在", "This date does not exist").text(language)
                }
            default:
                break
            }
        }
        return out
    }

    /// Sets `errors` to the type errors and focuses the first bad field. Returns whether all is well.
    @discardableResult
    public mutating func validate() -> Bool {
        errors = typeErrors()
        if let i = fields.firstIndex(where: { errors[$0.key] != nil }) { focus = i }
        return errors.isEmpty
    }

    // MARK: - Drawing

    /// Labels right-aligned before "：" (": " in English), field boxes, inline errors under their fields.
    /// Scrolls to keep the focused field in view and puts the cursor on it.
    public func render(into grid: inout Grid, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        var y0 = rect.y
        if !title.isEmpty {
            grid.put(TextWidth.pad(title, to: rect.width, align: .center), x: rect.x, y: y0,
                     style: Style(.title, bold: true))
            y0 += 1
        }
        let height = rect.y + rect.height - y0
        guard height > 0, !fields.isEmpty else { return }

        // Line offset of each field; a field with an error takes a second line.
        var offsets: [Int] = []
        var line = 0
        for f in fields {
            offsets.append(line)
            line += errors[f.key] == nil ? 1 : 2
        }
        let fi = min(max(0, focus), fields.count - 1)
        let focusEnd = offsets[fi] + (errors[fields[fi].key] == nil ? 1 : 2)
        let scroll = focusEnd > height ? focusEnd - height : 0

        let labels = fields.map { ($0.required ? "*" : "") + $0.label }
        let labelWidth = min(labels.map(TextWidth.of).max() ?? 0, max(0, rect.width / 2))
        let fieldX = rect.x + labelWidth + 2
        let room = rect.x + rect.width - fieldX

        for (i, f) in fields.enumerated() {
            let y = y0 + offsets[i] - scroll
            guard y >= y0 else { continue }
            guard y < y0 + height else { break }
            // Both colons take two columns, so the fields line up either way.
            let colon = language == .zh ? "：" : ": "
            grid.put(TextWidth.pad(labels[i], to: labelWidth, align: .right) + colon, x: rect.x, y: y,
                     style: i == fi ? Style(.normal, bold: true) : .normal)
            let w = min(f.width, room)
            guard w > 0 else { continue }
            let style = f.readOnly ? Style(.dim) : i == fi ? Style(.fieldFocused) : Style(.field)
            if f.isTextLike {
                var ed = editors[f.key] ?? TextField()
                if i != fi { ed.caret = 0 }
                let cx = (f.secret ? ed.masked : ed).render(into: &grid, x: fieldX, y: y, width: w, style: style)
                if i == fi { grid.cursor = (cx, y) }
            } else {
                grid.put(TextWidth.pad(choiceLabel(f), to: w), x: fieldX, y: y, style: style)
                if i == fi { grid.cursor = (fieldX, y) }
            }
            if let e = errors[f.key], y + 1 < y0 + height {
                grid.put("↑ " + e, x: fieldX, y: y + 1, maxWidth: rect.x + rect.width - fieldX,
                         style: Style(.error, bold: true))
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{3000}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" { s.removeLast() }
        return String(s)
    }
}
