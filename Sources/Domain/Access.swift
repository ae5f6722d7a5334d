/// Who may do what. The store checks these on every read and write; screens
/// and commands only use them to decide what to offer.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Users and settings, and everything a clerk does.
    case administrator
    /// All records, full numbers.
    case clerk
    /// Reads one honesty group: members, signatures, pledges. Nothing else.
    case groupLeader
    /// Township staff: reads everything with personal numbers masked, changes nothing.
    case townshipViewer

    public var label: Localized {
        switch self {
        case .administrator: Localized("管理员", "Administrator")
        case .clerk: Localized("计生专干", "Clerk")
        case .groupLeader: Localized("小组长", "Group leader")
        case .townshipViewer: Localized("乡镇查看", "Township viewer")
        }
    }

    public var permissions: Permissions {
        switch self {
        case .administrator: [.readAll, .writeRecords, .fullNumbers, .manageUsers, .settings, .readAudit]
        case .clerk: [.readAll, .writeRecords, .fullNumbers]
        case .groupLeader: [.readOwnGroup]
        case .townshipViewer: [.readAll, .revealNumbers]
        }
    }
}

public struct Permissions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Every record of the village.
    public static let readAll = Permissions(rawValue: 1 << 0)
    /// One honesty group's members, signatures and pledges.
    public static let readOwnGroup = Permissions(rawValue: 1 << 1)
    public static let writeRecords = Permissions(rawValue: 1 << 2)
    /// ID and phone numbers unmasked.
    public static let fullNumbers = Permissions(rawValue: 1 << 3)
    /// A full number on a masked screen, with a stated reason that is audited.
    public static let revealNumbers = Permissions(rawValue: 1 << 4)
    public static let manageUsers = Permissions(rawValue: 1 << 5)
    public static let settings = Permissions(rawValue: 1 << 6)
    public static let readAudit = Permissions(rawValue: 1 << 7)
}

/// The signed-in user, as the store sees it.
public struct Session: Hashable, Sendable {
    public var userId: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    /// The group a group leader reads.
    public var groupId: Int64?

    public init(userId: Int64, username: String, displayName: String, role: Role, groupId: Int64? = nil) {
        self.userId = userId
        self.username = username
        self.displayName = displayName
        self.role = role
        self.groupId = groupId
    }

    public func may(_ p: Permissions) -> Bool { role.permissions.contains(p) }

    /// Whether this user may read the records of honesty group `groupId`.
    public func mayRead(group groupId: Int64) -> Bool {
        may(.readAll) || (may(.readOwnGroup) && self.groupId == groupId)
    }
}

/// Masks for personal numbers on screens, paper and logs.
public enum Mask {
    /// 110101********1234: the first 6 and last 4 of an ID number.
    public static func idNumber(_ id: String) -> String {
        IDNumber.masked(id)
    }

    /// 138****5678: the first 3 and last 4 of a phone number; a short number is all stars.
    public static func phone(_ phone: String) -> String {
        let c = Array(phone)
        guard c.count >= 7 else { return String(repeating: "*", count: c.count) }
        return String(c[0..<3]) + "****" + String(c[(c.count - 4)...])
    }
}

/// Password rules: what a new password must be.
public enum PasswordRules {
    public static let minimumLength = 8

    public static func problem(_ password: String) -> Localized? {
        if password.count < minimumLength {
            return Localized("密码至少 \(minimumLength) 位", "A password needs at least \(minimumLength) characters")
        }
        if password.allSatisfy({ $0.isNumber }) || password.allSatisfy({ $0.isLetter }) {
            return Localized("密码须同时含有字母和数字", "A password needs both letters and digits")
        }
        return nil
    }

    /// Failed log-ins in a row that lock the account, and for how long.
    public static let lockAfterFailures = 5
    public static let lockSeconds = 15 * 60
}
