import Domain
import Foundation
import GRDB

/// A form left unsaved when the terminal hung up or the app was stopped.
public struct Draft: Hashable, Sendable {
    public var id: Int64
    public var username: String
    /// The screen file of the form (e.g. household_form).
    public var screen: String
    /// Which record it was for (e.g. "household:12"), empty for a new one.
    public var target: String
    public var title: String
    public var fields: [String: String]
    public var savedAt: String
}

extension AppDatabase {
    /// A setting's value (printer, demo flag …), nil when unset. Anyone may read settings.
    public func setting(_ key: String) throws -> String? {
        try dbWriter.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Sets a setting (administrators; anyone while the database has no users).
    public func setSetting(_ key: String, _ value: String) throws {
        try require(.settings)
        try write { db in
            try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Keeps an unsaved form for the signed-in user. Runs while the app is
    /// being stopped, so it needs no write right beyond being signed in.
    public func saveDraft(screen: String, target: String, title: String, fields: [String: String]) throws {
        guard let user = access.session?.username ?? (access.usersExist ? nil : "") else { return }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        try dbWriter.write { db in
            try db.execute(sql: """
                INSERT INTO draft(username, screen, target, title, fields, saved_at)
                VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%d %H:%M', 'now', 'localtime'))
                """, arguments: [user, screen, target, title, json])
        }
    }

    /// The signed-in user's drafts, newest first.
    public func drafts() throws -> [Draft] {
        let user = access.session?.username ?? ""
        return try dbWriter.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM draft WHERE username = ? ORDER BY id DESC", arguments: [user]).map { row in
                let json: String = row["fields"]
                let fields = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]) ?? [:]
                return Draft(id: row["id"], username: row["username"], screen: row["screen"], target: row["target"],
                             title: row["title"], fields: fields, savedAt: row["saved_at"])
            }
        }
    }

    /// Forgets a draft once it is restored or declined.
    /// Only the signed-in user's own drafts (any while the database has no users).
    public func deleteDraft(id: Int64) throws {
        let user = access.session?.username ?? ""
        try dbWriter.write { db in
            try db.execute(sql: "DELETE FROM draft WHERE id = ? AND username = ?", arguments: [id, user])
        }
    }
}
