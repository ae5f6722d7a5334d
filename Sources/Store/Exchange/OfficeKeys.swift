import Crypto
import Domain
import Foundation
import GRDB

/// An office's public keys, as a file carried to the office above or below it: the Ed25519 key
/// its packages are signed with and the X25519 key packages to it are encrypted to.
///
/// The file is plain text, one `name: value` line each:
///
///     chengxin-key 1
///     kind: village
///     code: 990101100201
///     name: 星光村
///     sign: <base64 of 32 bytes>
///     box: <base64 of 32 bytes>
public struct OfficeKey: Hashable, Sendable {
    public var kind: OfficeKind
    public var code: String
    public var name: String
    public var signing: Data
    public var agreement: Data

    public init(kind: OfficeKind, code: String, name: String, signing: Data, agreement: Data) {
        self.kind = kind
        self.code = code
        self.name = name
        self.signing = signing
        self.agreement = agreement
    }

    /// Eight groups of five digits over both keys, read aloud to compare them.
    public var fingerprint: String {
        Fingerprint.format(Array(SHA256.hash(data: signing + agreement)))
    }

    public var fileText: String {
        """
        chengxin-key 1
        kind: \(kind.rawValue)
        code: \(code)
        name: \(name)
        sign: \(signing.base64EncodedString())
        box: \(agreement.base64EncodedString())

        """
    }

    static let damaged = Localized("不是诚信计生的公钥文件（或已损坏）", "This is not a Chengxin public key file (or it is damaged)")

    /// Reads a key file; anything else is refused, naming what is wrong.
    public static func parse(_ data: Data) throws -> OfficeKey {
        guard let text = String(data: data, encoding: .utf8) else { throw StoreError.refused(damaged) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == "chengxin-key 1" else { throw StoreError.refused(damaged) }
        lines.removeFirst()
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw StoreError.refused(damaged) }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let kind = fields["kind"].flatMap(OfficeKind.init(rawValue:)), let code = fields["code"],
              RegionCode.officeProblem(code, kind: kind) == nil, let name = fields["name"],
              let sign = fields["sign"].flatMap({ Data(base64Encoded: $0) }), sign.count == 32,
              let box = fields["box"].flatMap({ Data(base64Encoded: $0) }), box.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: sign)) != nil,
              (try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: box)) != nil
        else { throw StoreError.refused(damaged) }
        return OfficeKey(kind: kind, code: code, name: name, signing: sign, agreement: box)
    }

    var signingKey: Curve25519.Signing.PublicKey {
        // Checked when parsed or made.
        try! Curve25519.Signing.PublicKey(rawRepresentation: signing)
    }

    var agreementKey: Curve25519.KeyAgreement.PublicKey {
        try! Curve25519.KeyAgreement.PublicKey(rawRepresentation: agreement)
    }

    /// The key as stored in a setting or a table: its file text.
    static func stored(_ text: String?) -> OfficeKey? {
        text.flatMap { try? parse(Data($0.utf8)) }
    }
}

/// The private halves of an office's keys. They live in the `exchange_secret` table, which is
/// not audited (so no log text or package ever holds them) and is made only when keys are.
struct OfficeSecret {
    var signing: Curve25519.Signing.PrivateKey
    var agreement: Curve25519.KeyAgreement.PrivateKey
}

extension AppDatabase {
    /// Setting keys of the exchange.
    enum ExchangeSetting {
        /// This office's kind, code, name and public keys (an `OfficeKey` file text).
        static let own = "exchange.own_key"
        /// The office packages go up to, once trusted.
        static let upstream = "exchange.upstream_key"
        /// The last package written: `{"seq":N,"entry":ID,"hash":H,"at":T}`.
        static let sent = "exchange.sent"
        /// The last package the office above acknowledged, in the same form.
        static let acknowledged = "exchange.acknowledged"
        /// The last package from above applied: its sequence number.
        static let received = "exchange.received"
    }

    /// This office's public keys, nil before they are made.
    public func ownKey() throws -> OfficeKey? {
        OfficeKey.stored(try setting(ExchangeSetting.own))
    }

    /// What this database is: a village unless it was made as a township or county.
    public func officeKind() throws -> OfficeKind {
        try ownKey()?.kind ?? .village
    }

    /// The key packages go up to, nil until trusted.
    public func upstreamKey() throws -> OfficeKey? {
        OfficeKey.stored(try setting(ExchangeSetting.upstream))
    }

    /// Makes this office's key pair (once: later calls return the keys made before). A village
    /// needs its 12-digit code first. Administrators only.
    @discardableResult
    public func makeOfficeKeys(kind: OfficeKind, code: String, name: String) throws -> OfficeKey {
        try require(.settings)
        if let existing = try ownKey() {
            guard existing.kind == kind else {
                throw StoreError.refused(Localized("此数据库已是\(existing.kind.label.zh)（\(existing.code) \(existing.name)）的数据库",
                                                   "This database already belongs to the \(existing.kind.label.en.lowercased()) \(existing.code) \(existing.name)"))
            }
            return existing
        }
        if let problem = RegionCode.officeProblem(code, kind: kind) {
            throw StoreError.refused(kind == .village
                ? Localized("请先设置 12 位统计用区划代码（chengxin village set --code）",
                            "Set the 12-digit statistical code first (chengxin village set --code)")
                : problem)
        }
        let signing = Curve25519.Signing.PrivateKey()
        let agreement = Curve25519.KeyAgreement.PrivateKey()
        let key = OfficeKey(kind: kind, code: code, name: name, signing: signing.publicKey.rawRepresentation,
                            agreement: agreement.publicKey.rawRepresentation)
        try write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS exchange_secret (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    signing BLOB NOT NULL,
                    agreement BLOB NOT NULL,
                    made_at TEXT NOT NULL
                )
                """)
            try db.execute(sql: "INSERT OR REPLACE INTO exchange_secret(id, signing, agreement, made_at) VALUES (1, ?, ?, \(Audit.now))",
                           arguments: [signing.rawRepresentation, agreement.rawRepresentation])
            try Self.putSetting(db, ExchangeSetting.own, key.fileText)
        }
        return key
    }

    /// The private keys, nil before they are made.
    func officeSecret() throws -> OfficeSecret? {
        try dbWriter.read { db in
            guard try db.tableExists("exchange_secret"),
                  let row = try Row.fetchOne(db, sql: "SELECT signing, agreement FROM exchange_secret WHERE id = 1")
            else { return nil }
            return OfficeSecret(signing: try Curve25519.Signing.PrivateKey(rawRepresentation: row["signing"] as Data),
                                agreement: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: row["agreement"] as Data))
        }
    }

    /// Takes the key of the office above (a village its township's, a township its county's).
    /// Administrators only; the fingerprint is compared before this is called.
    public func trustUpstream(_ key: OfficeKey) throws {
        try require(.settings)
        let own = try officeKind()
        guard key.kind == own.upstream else {
            throw StoreError.refused(Localized("这是\(key.kind.label.zh)的公钥；\(own.label.zh)只信任其上级\(own.upstream?.label.zh ?? "")的公钥",
                                               "This is a \(key.kind.label.en.lowercased())'s key; a \(own.label.en.lowercased()) trusts only its \(own.upstream?.label.en.lowercased() ?? "") above"))
        }
        try write { db in try Self.putSetting(db, ExchangeSetting.upstream, key.fileText) }
    }

    static func putSetting(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    static func getSetting(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }
}
