import Domain
import Foundation
import GRDB

/// Which column of a roster file holds each field, kept by the header text
/// the column had, so next month's file may order its columns differently.
public struct ImportMapping: Codable, Sendable, Hashable {
    /// Field (its raw value) → header text.
    public var headers: [String: String]

    public init(headers: [RosterField: String] = [:]) {
        self.headers = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.rawValue, $0.value) })
    }

    /// The mapping guessed from a header row.
    public static func guessed(header: [String]) -> ImportMapping {
        ImportMapping(headers: RosterField.guess(header: header).mapValues { header[$0].trimmed })
    }

    public subscript(field: RosterField) -> String? {
        get { headers[field.rawValue] }
        set { headers[field.rawValue] = newValue }
    }

    /// Maps `field` to column `column` of `header` (nil: the field is not imported).
    public mutating func set(_ field: RosterField, column: Int?, in header: [String]) {
        self[field] = column.flatMap { $0 < header.count ? header[$0].trimmed : nil } ?? ""
    }

    /// The column of each mapped field in `header`.
    public func columns(in header: [String]) -> [RosterField: Int] {
        var out: [RosterField: Int] = [:]
        let trimmed = header.map(\.trimmed)
        for field in RosterField.allCases {
            guard let name = self[field], !name.isEmpty, let i = trimmed.firstIndex(of: name) else { continue }
            out[field] = i
        }
        return out
    }

    /// What keeps `header` from being imported with this mapping: a required field
    /// not mapped, or a mapped header the file does not have.
    public func problems(in header: [String]) -> [Localized] {
        let columns = columns(in: header)
        var out: [Localized] = []
        for field in RosterField.allCases {
            if let name = self[field], !name.isEmpty, columns[field] == nil {
                out.append(Localized("表头中没有“\(name)”列（对应\(field.label.zh)）",
                                     "The header has no column \(name) (for \(field.label.en))"))
            } else if field.isRequired && columns[field] == nil {
                out.append(Localized("没有对应“\(field.label.zh)”的列：请在列对应中指定",
                                     "No column is mapped to \(field.label.en): map one"))
            }
        }
        return out
    }
}

/// A mapping saved under a name for the next import.
public struct SavedImportMapping: Sendable, Hashable {
    public var name: String
    public var mapping: ImportMapping
    public var savedAt: String
}

extension AppDatabase {
    /// Saves `mapping` under `name` (replacing one of that name). Clerks and administrators.
    public func saveImportMapping(_ mapping: ImportMapping, name: String) throws {
        let name = name.trimmed
        guard !name.isEmpty, name.count <= 30 else {
            throw StoreError.invalid([FieldError(field: "mappingName", message: Localized("方案名称须为1–30个字",
                                                                                          "The name has 1 to 30 characters"))])
        }
        try requireImportRole()
        let json = String(decoding: try JSONEncoder.sorted.encode(mapping.headers), as: UTF8.self)
        try write { db in
            try db.execute(sql: """
                INSERT INTO import_mapping(name, kind, columns, saved_at) VALUES (?, 'persons', ?, \(Audit.now))
                ON CONFLICT(name) DO UPDATE SET columns = excluded.columns, saved_at = excluded.saved_at
                """, arguments: [name, json])
        }
    }

    /// The saved mappings, newest first.
    public func importMappings() throws -> [SavedImportMapping] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, columns, saved_at FROM import_mapping ORDER BY saved_at DESC, name")
                .map { row in
                    let text: String = row["columns"]
                    let headers = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
                    var m = ImportMapping()
                    m.headers = headers.filter { RosterField(rawValue: $0.key) != nil }
                    return SavedImportMapping(name: row["name"], mapping: m, savedAt: row["saved_at"])
                }
        }
    }

    /// The mapping saved as `name`, or a refusal that lists the saved ones.
    public func importMapping(named name: String) throws -> ImportMapping {
        let all = try importMappings()
        guard let m = all.first(where: { $0.name == name }) else {
            let names = all.map(\.name).joined(separator: "、")
            throw StoreError.refused(Localized("没有名为“\(name)”的列对应方案" + (names.isEmpty ? "" : "（已保存：\(names)）"),
                                               "No column mapping is named \(name)" + (names.isEmpty ? "" : " (saved: \(names))")))
        }
        return m.mapping
    }

    /// Imports need a clerk or administrator once the database has users.
    func requireImportRole() throws {
        if access.usersExist {
            guard let role = access.session?.role else { throw StoreError.refused(Self.notSignedIn) }
            guard role == .administrator || role == .clerk else { throw StoreError.refused(Self.notAllowed) }
        }
        try requireWrite()
    }
}

extension JSONEncoder {
    /// Keys in order, so the same mapping is always the same text.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
