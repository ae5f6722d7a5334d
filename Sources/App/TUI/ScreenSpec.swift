import Domain
import Foundation
import UICore

/// A screen definition from `Screens/`: the fields of a form, the columns of a
/// table or the items of a menu, with their labels, widths and help.
public struct ScreenSpec: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case form, table, menu }

    public struct Field: Codable, Sendable {
        public var key: String
        public var type: String
        public var options: String?
        public var width: Int
        public var maxLength: Int?
        public var required: Bool?
        public var readOnly: Bool?
        public var secret: Bool?
        public var label: Localized
        public var help: Localized?
    }

    public struct Column: Codable, Sendable {
        public var key: String
        public var width: Int
        public var align: String?
        /// False for a column F6 must not offer to sort by (default true).
        public var sortable: Bool?
        public var title: Localized
        /// The title in an exported file, where the screen's is cut short for its width ("Ppl").
        public var fileTitle: Localized?
        /// A column of personal numbers: how its cells are masked for those who may not see them whole.
        public var mask: NumberMask?
    }

    /// The personal numbers a column may hold, each with its mask (`Mask` in Domain).
    public enum NumberMask: String, Codable, Sendable {
        /// 990101********1234.
        case idNumber
        /// 139****5678.
        case phone

        public func apply(_ text: String) -> String {
            switch self {
            case .idNumber: Mask.idNumber(text)
            case .phone: Mask.phone(text)
            }
        }
    }

    public struct Item: Codable, Sendable {
        public var id: String
        public var hotkey: String?
        public var label: Localized
    }

    public var id: String
    public var kind: Kind
    public var record: RecordKind?
    public var title: Localized
    public var help: Localized
    public var fields: [Field]?
    public var columns: [Column]?
    public var items: [Item]?

    /// The field and column types a screen file may use.
    public static let fieldTypes: Set<String> = ["text", "number", "date", "choice", "flag"]

    /// Every problem with this definition: unknown record fields, unknown types or
    /// options, widths that do not fit 80 columns, missing parts.
    public func problems(knownOptions: Set<String>) -> [String] {
        var found: [String] = []
        switch kind {
        case .form:
            guard let record else { return ["\(id): a form needs a record"] }
            guard let fields, !fields.isEmpty else { return ["\(id): a form needs fields"] }
            for f in fields {
                if !record.fields.contains(f.key) { found.append("\(id): field \(f.key) is not a field of \(record.rawValue)") }
                if !Self.fieldTypes.contains(f.type) { found.append("\(id): field \(f.key) has unknown type \(f.type)") }
                if f.type == "choice" {
                    if let o = f.options, knownOptions.contains(o) {} else {
                        found.append("\(id): choice field \(f.key) names no known options")
                    }
                }
                if f.width < 1 || f.width > 60 { found.append("\(id): field \(f.key) width \(f.width) out of 1…60") }
            }
            if Set(fields.map(\.key)).count != fields.count { found.append("\(id): a field appears twice") }
        case .table:
            guard let record else { return ["\(id): a table needs a record"] }
            guard let columns, !columns.isEmpty else { return ["\(id): a table needs columns"] }
            for c in columns where !record.fields.contains(c.key) {
                found.append("\(id): column \(c.key) is not a field of \(record.rawValue)")
            }
            let total = columns.reduce(0) { $0 + $1.width } + columns.count - 1
            if total > 78 { found.append("\(id): columns take \(total) columns, more than 78") }
        case .menu:
            guard let items, !items.isEmpty else { return ["\(id): a menu needs items"] }
            if Set(items.compactMap(\.hotkey)).count != items.compactMap(\.hotkey).count {
                found.append("\(id): two items share a hotkey")
            }
        }
        return found
    }

    /// The title an exported file gives the column `key`.
    public func fileTitle(_ key: String, _ language: Language) -> String? {
        (columns ?? []).first { $0.key == key }.map { ($0.fileTitle ?? $0.title).text(language) }
    }

    /// The masked columns, by key.
    public var masks: [String: NumberMask] {
        Dictionary((columns ?? []).compactMap { c in c.mask.map { (c.key, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public func columns(_ language: Language) -> [UICore.Column] {
        (columns ?? []).map {
            let align: Alignment = $0.align == "right" ? .right : ($0.align == "center" ? .center : .left)
            return UICore.Column(key: $0.key, title: $0.title.text(language), width: $0.width, align: align,
                                 sortable: $0.sortable ?? true)
        }
    }

    /// Builds form fields; `choices` gives the choice lists named by `options`.
    public func formFields(_ language: Language, choices: [String: [Choice]]) -> [FormField] {
        (fields ?? []).map { f in
            let kind: FieldKind
            switch f.type {
            case "number": kind = .number
            case "date": kind = .date
            case "flag": kind = .flag
            case "choice": kind = .choice(choices[f.options ?? ""] ?? [])
            default: kind = .text
            }
            return FormField(key: f.key, label: f.label.text(language), kind: kind, width: f.width,
                             maxLength: f.maxLength, required: f.required ?? false,
                             readOnly: f.readOnly ?? false, help: f.help?.text(language) ?? "",
                             secret: f.secret ?? false)
        }
    }

    /// Help text for F1: the screen's help, then each field's.
    public func helpLines(_ language: Language) -> [String] {
        var lines = help.text(language).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for f in fields ?? [] {
            let h = f.help?.text(language) ?? ""
            if !h.isEmpty { lines.append("\(f.label.text(language))：\(h)") }
        }
        return lines
    }
}

/// All screen definitions, loaded from a `Screens/` folder.
public struct ScreenCatalog: Sendable {
    public var specs: [String: ScreenSpec]

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case invalid([String])
        public var description: String {
            switch self {
            case .unreadable(let file, let why): "cannot read screen file \(file): \(why)"
            case .invalid(let problems): problems.joined(separator: "\n")
            }
        }
    }

    /// Option lists a choice field may name.
    public static let knownOptions: Set<String> = ["importMapping", "sex", "relation", "maritalStatus", "migrantStatus", "villageGroup",
                                                  "leaderCandidate", "template", "signatureKind", "formerHeadRelation",
                                                  "role", "honestyGroup",

                                                  "policyLevel", "policyKind", "recurrence", "policy", "familyCondition",
                                                  "surveyConductor", "starLevel", "starFailureAction", "starDowngrade",
                                                  "ruleDocumentKind", "feedbackSource", "feedbackStatus", "meetingKind", "meeting",
                                                  "exportFormat", "exportEncoding", "exportNumbers",
                                                  "calendarSchedule", "calendarEvidence"]

    public static func load(from directory: URL) throws -> ScreenCatalog {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        var specs: [String: ScreenSpec] = [:]
        var problems: [String] = []
        for file in files.filter({ $0.pathExtension == "json" }).sorted(by: { $0.path < $1.path }) {
            do {
                let spec = try JSONDecoder().decode(ScreenSpec.self, from: Data(contentsOf: file))
                if spec.id + ".json" != file.lastPathComponent {
                    problems.append("\(file.lastPathComponent): id \(spec.id) does not match the file name")
                }
                problems += spec.problems(knownOptions: knownOptions)
                specs[spec.id] = spec
            } catch {
                throw LoadError.unreadable(file.lastPathComponent, "\(error)")
            }
        }
        if specs.isEmpty { problems.append("no screen files in \(directory.path)") }
        if !problems.isEmpty { throw LoadError.invalid(problems) }
        return ScreenCatalog(specs: specs)
    }

    public subscript(id: String) -> ScreenSpec {
        guard let spec = specs[id] else { fatalError("screen definition \(id) missing from Screens/") }
        return spec
    }
}
