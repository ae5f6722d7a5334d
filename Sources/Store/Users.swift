import _CryptoExtras
import Crypto
import Domain
import Foundation
import GRDB

/// scrypt parameters, stored with each hash so they can be raised later.
public struct ScryptCost: Hashable, Sendable {
    public var log2N: Int
    public var r: Int
    public var p: Int
    public init(log2N: Int, r: Int, p: Int) {
        self.log2N = log2N
        self.r = r
        self.p = p
    }
    /// N = 2^17, r = 8, p = 1: about 128 MiB and a fraction of a second per log-in.
    public static let standard = ScryptCost(log2N: 17, r: 8, p: 1)
}

/// Salted scrypt password hashes: `scrypt$log2N$r$p$salt$hash`, base64.
public enum PasswordHash {
    public static func make(_ password: String, cost: ScryptCost = .standard) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = rng.next() }
        let key = try derive(password, salt: salt, cost: cost)
        return ["scrypt", String(cost.log2N), String(cost.r), String(cost.p),
                Data(salt).base64EncodedString(), key.base64EncodedString()].joined(separator: "$")
    }

    /// Whether `password` matches `stored`, compared in constant time.
    public static func matches(_ password: String, _ stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let log2N = Int(parts[1]), let r = Int(parts[2]),
              let p = Int(parts[3]), let salt = Data(base64Encoded: parts[4]),
              let expected = Data(base64Encoded: parts[5]),
              let key = try? derive(password, salt: [UInt8](salt), cost: ScryptCost(log2N: log2N, r: r, p: p)),
              key.count == expected.count
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(key, expected) { difference |= a ^ b }
        return difference == 0
    }

    public static func cost(of stored: String) -> ScryptCost? {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]) else { return nil }
        return ScryptCost(log2N: n, r: r, p: p)
    }

    private static func derive(_ password: String, salt: [UInt8], cost: ScryptCost) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                           rounds: 1 << cost.log2N, blockSize: cost.r, parallelism: cost.p)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// A user account as the administrator sees it (never the hash).
public struct UserAccount: Hashable, Sendable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var groupId: Int64?
    public var disabled: Bool
    public var failedCount: Int
    public var lockedUntil: Date?
}

extension AppDatabase {
    static let badCredentials = Localized("用户名或密码错误", "Wrong user name or password")

    /// Creates the first administrator of a database that has no users; signs them in.
    @discardableResult
    public func createFirstAdministrator(username: String, displayName: String, password: String) throws -> Session {
        guard !access.usersExist else {
            throw StoreError.refused(Localized("已有管理员，请登录", "An administrator exists; please sign in"))
        }
        let id = try insertUser(username: username, displayName: displayName, role: .administrator, groupId: nil,
                                password: password)
        access.usersExist = true
        let s = Session(userId: id, username: username.trimmed, displayName: displayName.trimmed, role: .administrator)
        access.session = s
        return s
    }

    /// Adds a user (administrators only; anyone while the database has no users).
    @discardableResult
    public func addUser(username: String, displayName: String, role: Role, groupId: Int64? = nil,
                        password: String) throws -> Int64 {
        try require(.manageUsers)
        let id = try insertUser(username: username, displayName: displayName, role: role, groupId: groupId,
                                password: password)
        access.usersExist = true
        return id
    }

    private func insertUser(username: String, displayName: String, role: Role, groupId: Int64?,
                            password: String) throws -> Int64 {
        let username = username.trimmed
        var errors: [FieldError] = []
        if username.isEmpty || username.count > 32 || username.contains(where: { $0.isWhitespace }) {
            errors.append(FieldError(field: "username", message: Localized("用户名须为 1–32 个字符，不含空格",
                                                                            "A user name is 1–32 characters without spaces")))
        }
        if let problem = PasswordRules.problem(password) { errors.append(FieldError(field: "password", message: problem)) }
        if role == .groupLeader && groupId == nil {
            errors.append(FieldError(field: "groupId", message: Localized("小组长账户须指定所属小组", "A group leader account needs its group")))
        }
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        let hash = try PasswordHash.make(password, cost: passwordCost)
        return try access.asSystem {
            try write { db in
                if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM app_user WHERE username = ? COLLATE NOCASE)",
                                     arguments: [username]) == true {
                    throw StoreError.invalid([FieldError(field: "username", message: Localized("用户名“\(username)”已被使用",
                                                                                               "The user name \(username) is taken"))])
                }
                try db.execute(sql: """
                    INSERT INTO app_user(username, display_name, role, group_id, password_hash)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [username, displayName.trimmed, role.rawValue, groupId, hash])
                return db.lastInsertedRowID
            }
        }
    }

    /// Checks a user name and password and starts a session.
    ///
    /// Unknown users and wrong passwords get the same message. Five failures
    /// in a row lock the account for 15 minutes; a success resets the count.
    @discardableResult
    public func signIn(username: String, password: String, now: Date = Date()) throws -> Session {
        let username = username.trimmed
        guard let row = try dbWriter.read({ db in
            try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE username = ? COLLATE NOCASE", arguments: [username])
        }) else {
            // Spend the same time as a real check, so timing does not tell which names exist.
            _ = PasswordHash.matches(password, Self.decoyHash)
            throw StoreError.refused(Self.badCredentials)
        }
        let id: Int64 = row["id"]
        if (row["disabled"] as Bool?) == true {
            throw StoreError.refused(Localized("该账户已停用，请联系管理员", "This account is disabled; ask the administrator"))
        }
        if let until = (row["locked_until"] as String?).flatMap(Self.parseInstant), until > now {
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            throw StoreError.refused(Localized("密码连续输错，账户已锁定，请 \(minutes) 分钟后再试",
                                               "Too many wrong passwords: the account is locked for \(minutes) more minutes"))
        }
        guard PasswordHash.matches(password, row["password_hash"]) else {
            let failures = (row["failed_count"] as Int) + 1
            let lock = failures >= PasswordRules.lockAfterFailures
                ? Self.formatInstant(now.addingTimeInterval(TimeInterval(PasswordRules.lockSeconds))) : nil
            try access.asSystem {
                try dbWriter.write { db in
                    try db.execute(sql: "UPDATE app_user SET failed_count = ?, locked_until = ? WHERE id = ?",
                                   arguments: [lock == nil ? failures : 0, lock, id])
                    try appendAuditEvent(db, action: "sign-in failed", note: username)
                }
            }
            if lock != nil {
                throw StoreError.refused(Localized("密码连续输错 \(PasswordRules.lockAfterFailures) 次，账户已锁定 15 分钟",
                                                   "\(PasswordRules.lockAfterFailures) wrong passwords in a row: the account is locked for 15 minutes"))
            }
            throw StoreError.refused(Self.badCredentials)
        }
        let session = Session(userId: id, username: row["username"], displayName: row["display_name"],
                              role: Role(rawValue: row["role"]) ?? .townshipViewer, groupId: row["group_id"])
        access.session = session
        try access.asSystem {
            try dbWriter.write { db in
                if (row["failed_count"] as Int) != 0 || (row["locked_until"] as String?) != nil {
                    try db.execute(sql: "UPDATE app_user SET failed_count = 0, locked_until = NULL WHERE id = ?",
                                   arguments: [id])
                }
                try appendAuditEvent(db, action: "sign-in", note: session.username)
            }
        }
        return session
    }

    /// Every account (administrators only).
    public func users() throws -> [UserAccount] {
        try require(.manageUsers)
        return try dbWriter.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY username").map { row in
                UserAccount(id: row["id"], username: row["username"], displayName: row["display_name"],
                            role: Role(rawValue: row["role"]) ?? .townshipViewer, groupId: row["group_id"],
                            disabled: row["disabled"], failedCount: row["failed_count"],
                            lockedUntil: (row["locked_until"] as String?).flatMap(Self.parseInstant))
            }
        }
    }

    /// Sets a new password: administrators for anyone, every user for themselves.
    /// Also lifts a lock.
    public func setPassword(username: String, password: String) throws {
        let own = access.session?.username.lowercased() == username.trimmed.lowercased()
        if !own { try require(.manageUsers) }
        if let problem = PasswordRules.problem(password) { throw StoreError.invalid([FieldError(field: "password", message: problem)]) }
        let hash = try PasswordHash.make(password, cost: passwordCost)
        try access.asSystem {
            try write { db in
                try db.execute(sql: """
                    UPDATE app_user SET password_hash = ?, failed_count = 0, locked_until = NULL
                    WHERE username = ? COLLATE NOCASE
                    """, arguments: [hash, username.trimmed])
                if db.changesCount == 0 { throw StoreError.notFound }
            }
        }
    }

    /// Disables (or re-enables) an account; its history stays. The last
    /// enabled administrator cannot be disabled.
    public func setUserDisabled(username: String, _ disabled: Bool) throws {
        try require(.manageUsers)
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, role FROM app_user WHERE username = ? COLLATE NOCASE",
                                             arguments: [username.trimmed]) else { throw StoreError.notFound }
            if disabled, (row["role"] as String) == Role.administrator.rawValue,
               try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM app_user WHERE role = 'administrator' AND disabled = 0") ?? 0 <= 1 {
                throw StoreError.refused(Localized("不能停用最后一个管理员", "The last administrator cannot be disabled"))
            }
            try db.execute(sql: "UPDATE app_user SET disabled = ? WHERE id = ?", arguments: [disabled, row["id"] as Int64])
        }
    }

    static let decoyHash = "scrypt$17$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

    static func formatInstant(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }

    static func parseInstant(_ s: String) -> Date? {
        ISO8601DateFormatter().date(from: s)
    }
}
