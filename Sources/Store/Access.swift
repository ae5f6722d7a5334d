import Domain
import Foundation
import GRDB

/// The signed-in user and the rules the store applies for them.
///
/// A database with no users yet is in setup: everything is allowed, so the
/// first administrator can be created. Once a user exists, every read and
/// write needs a session whose role allows it. Writes are also checked inside
/// SQLite by the audit triggers (`cx_may_write()`), so no code path, old or
/// new, can write without the right.
package final class AccessState: @unchecked Sendable {
    private let lock = NSLock()
    private var _session: Session?
    private var _usersExist = false
    private var _systemWrites = 0

    var session: Session? {
        get { lock.withLock { _session } }
        set { lock.withLock { _session = newValue } }
    }

    var usersExist: Bool {
        get { lock.withLock { _usersExist } }
        set { lock.withLock { _usersExist = newValue } }
    }

    /// The permissions in force: all of them in setup, none before log-in.
    var permissions: Permissions {
        lock.withLock {
            if !_usersExist { return Role.administrator.permissions }
            return _session?.role.permissions ?? []
        }
    }

    var mayWrite: Bool {
        lock.withLock {
            _systemWrites > 0 || !_usersExist || (_session?.role.permissions.contains(.writeRecords) ?? false)
        }
    }

    /// Who the audit log names for a change.
    package var actor: String {
        lock.withLock {
            if let s = _session { return s.username }
            return _usersExist ? "(system)" : "(setup)"
        }
    }

    /// Runs `body` with writes allowed whoever is signed in: for the store's
    /// own bookkeeping (failed log-in counts), never for records.
    func asSystem<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { _systemWrites += 1 }
        defer { lock.withLock { _systemWrites -= 1 } }
        return try body()
    }
}

extension AppDatabase {
    /// The signed-in user, if any.
    public var session: Session? { access.session }

    /// Whether the database has users (and so needs a log-in).
    public var requiresSignIn: Bool { access.usersExist }

    /// Whether ID and phone numbers are shown in full to the current user.
    public var showsFullNumbers: Bool { access.permissions.contains(.fullNumbers) }

    /// Whether the current user may change records.
    public var mayWrite: Bool { access.mayWrite }

    public func may(_ p: Permissions) -> Bool { access.permissions.contains(p) }

    /// Ends the session (log-out).
    public func signOut() { access.session = nil }

    /// What a user is told when their role may not do something.
    public static var notAllowedMessage: Localized { notAllowed }

    static let notSignedIn = Localized("请先登录", "Please sign in first")
    static let notAllowed = Localized("您的账户无权进行此操作", "Your account may not do this")

    /// Refuses unless the current user may read every record of the village.
    func requireReadAll() throws {
        let p = access.permissions
        if p.contains(.readAll) { return }
        throw StoreError.refused(p.isEmpty ? Self.notSignedIn : Self.notAllowed)
    }

    /// Refuses unless the current user may read honesty group `groupId`.
    func requireRead(group groupId: Int64) throws {
        if access.permissions.contains(.readAll) { return }
        guard let s = access.session else { throw StoreError.refused(Self.notSignedIn) }
        if s.mayRead(group: groupId) { return }
        throw StoreError.refused(Self.notAllowed)
    }

    package func require(_ p: Permissions) throws {
        let have = access.permissions
        if have.contains(p) { return }
        throw StoreError.refused(have.isEmpty ? Self.notSignedIn : Self.notAllowed)
    }

    package func requireWrite() throws {
        if access.mayWrite { return }
        throw StoreError.refused(access.permissions.isEmpty ? Self.notSignedIn : Self.notAllowed)
    }

    /// An ID number as the current user may see it.
    func shownIdNumber(_ id: String) -> String {
        showsFullNumbers || id.isEmpty ? id : Mask.idNumber(id)
    }

    /// A person as the current user may see them.
    func shown(_ p: Person) -> Person {
        if showsFullNumbers { return p }
        var p = p
        p.idNumber = shownIdNumber(p.idNumber)
        p.phone = shownPhone(p.phone)
        p.migrantContact = shownPhone(p.migrantContact)
        return p
    }

    /// A phone number as the current user may see it.
    func shownPhone(_ phone: String) -> String {
        showsFullNumbers ? phone : Mask.phone(phone)
    }
}

/// SQLite's answer when a trigger refuses a write; turned into a clerk's message.
let accessDeniedMessage = "chengxin: permission denied"

extension StoreError {
    /// Maps a refused write from inside SQLite to the user's message.
    static func from(_ error: Error) -> Error {
        if let e = error as? DatabaseError, e.message?.contains(accessDeniedMessage) == true {
            return StoreError.refused(AppDatabase.notAllowed)
        }
        return error
    }
}

extension AppDatabase {
    /// A read of village-wide records.
    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        try requireReadAll()
        return try dbWriter.read(body)
    }

    /// A read of one honesty group's records.
    func read<T>(group groupId: Int64, _ body: (Database) throws -> T) throws -> T {
        try requireRead(group: groupId)
        return try dbWriter.read(body)
    }

    /// A read of the records of the group an agreement belongs to.
    func read<T>(groupOfAgreement agreementId: Int64, _ body: (Database) throws -> T) throws -> T {
        if access.permissions.contains(.readAll) { return try dbWriter.read(body) }
        let groupId = try dbWriter.read { db in
            try Int64.fetchOne(db, sql: "SELECT group_id FROM agreement WHERE id = ?", arguments: [agreementId])
        }
        guard let groupId else { throw StoreError.notFound }
        return try read(group: groupId, body)
    }

    /// A read of one household's records: village-wide readers, or the leader
    /// of the honesty group the household currently belongs to.
    func read<T>(household householdId: Int64, _ body: (Database) throws -> T) throws -> T {
        if access.permissions.contains(.readAll) { return try dbWriter.read(body) }
        guard let s = access.session, s.may(.readOwnGroup), let own = s.groupId else { try requireReadAll(); return try dbWriter.read(body) }
        let isMember = try dbWriter.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM group_member WHERE group_id = ? AND household_id = ? AND left_on IS NULL)
                """, arguments: [own, householdId]) ?? false
        }
        guard isMember else { throw StoreError.refused(Self.notAllowed) }
        return try dbWriter.read(body)
    }

    /// A read of reference lists that hold no personal data (pledge items,
    /// check rounds): everyone who reads records, a group leader included.
    func readReference<T>(_ body: (Database) throws -> T) throws -> T {
        if access.permissions.isDisjoint(with: [.readAll, .readOwnGroup]) { try requireReadAll() }
        return try dbWriter.read(body)
    }

    /// One write transaction, refused unless the current user may change records.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try requireWrite()
        do {
            return try dbWriter.write(updates)
        } catch {
            throw StoreError.from(error)
        }
    }
}
