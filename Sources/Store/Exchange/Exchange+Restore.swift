import Domain
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// A village rebuilt from its township's copy.
public struct RestoredVillage: Hashable, Sendable {
    /// The last package the copy holds, and when the village wrote it.
    public var seq: Int
    public var packageWritten: String
    public var entries: Int
}

extension AppDatabase {
    /// The township's copy of a village, back to the village's new machine: encrypted to the new
    /// machine's key (the township never holds a village's private key), which then replaces the
    /// old one in the township's trust. Administrators, after comparing the new key's fingerprint.
    public func writeRestorePackage(village code: String, newKey: OfficeKey, into directory: String,
                                    today: LocalDate) throws -> WrittenPackage {
        try require(.settings)
        let (own, secret) = try requireOffice()
        guard let member = try memberOffices().first(where: { $0.code == code }) else {
            throw StoreError.refused(Localized("\(code) 未在本单位登记", "\(code) is not registered here"))
        }
        guard newKey.kind == .village, newKey.code == code else {
            throw StoreError.refused(Localized("新公钥属于 \(newKey.name)（\(newKey.code)），不是 \(member.name)（\(code)）",
                                               "The new key belongs to \(newKey.name) (\(newKey.code)), not \(member.name) (\(code))"))
        }
        let replica = try replicaPath(code)
        guard FileManager.default.fileExists(atPath: replica) else {
            throw StoreError.refused(Localized("还没有收到\(member.name)的包，没有可恢复的副本",
                                               "No package from \(member.name) has arrived: there is no copy to restore"))
        }
        let (downSeq, lastHash) = try read { db in
            (try Int.fetchOne(db, sql: "SELECT down_seq FROM member_office WHERE code = ?", arguments: [code]) ?? 0,
             try String.fetchOne(db, sql: "SELECT last_hash FROM member_office WHERE code = ?", arguments: [code]) ?? "")
        }
        let scratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let source = try Self.openReplicaForWriting(replica)
        let part = try PackageParts.build(from: source, village: code, name: member.name, base: 0,
                                          file: "\(code).sqlite", scratch: scratch)
        try source.close()
        let created = Self.timestamp()
        var manifest = PackageManifest(from: own.code, seq: member.lastSeq, created: created, parts: [part],
                                       acknowledgements: [Acknowledgement(village: code, seq: member.lastSeq,
                                                                          entry: member.lastEntry, hash: lastHash)])
        manifest.restore = true
        manifest.downSeq = downSeq
        let payload = try Payload.pack(manifest, files: [part.file: scratch + "/" + part.file], scratch: scratch)
        let header = EnvelopeHeader(direction: "restore", from: own.code, fromName: own.name, to: code, toKey: "",
                                    seq: member.lastSeq, follows: member.lastSeq, created: member.lastPackageAt ?? created,
                                    head: part.headHash, sha256: "", encapsulatedKey: "")
        let sealed = try Envelope.seal(payload: payload, header: header, signer: secret.signing, recipient: newKey)
        let name = "\(code)-restore-\(today.description.replacingOccurrences(of: "-", with: "")).\(PackageName.fileExtension)"
        let path = try Self.writeAtomically(sealed, directory: directory, name: name) {
            try self.write { db in
                try db.execute(sql: "UPDATE member_office SET public_key = ? WHERE code = ?", arguments: [newKey.fileText, code])
            }
        }
        return WrittenPackage(path: path, seq: member.lastSeq, full: true, entries: part.entries, bytes: sealed.count, since: 0)
    }

    /// Rebuilds a village on a new machine from its township's restore package. The database at
    /// `path` must be new: the village's code set, its keys made, the township trusted, and no
    /// records yet. Its file is replaced by the copy (records, users with their password hashes,
    /// the audit chain up to the last package), keeping the new machine's keys; the package
    /// numbers carry on from the last one the township holds.
    public static func restoreVillage(from data: Data, path: String) throws -> RestoredVillage {
        let db = try AppDatabase.open(path: path)
        let (own, secret, upstream) = try db.restoreTarget()
        let header = try Envelope.header(of: data)
        guard header.direction == "restore", header.to == own.code, header.from == upstream.code else {
            throw StoreError.refused(Localized("这不是\(upstream.name)发给 \(own.code) 的恢复包，未做任何改动",
                                               "This is not a restore package from \(upstream.name) for \(own.code); nothing was changed"))
        }
        let (_, payload) = try Envelope.open(data, sender: upstream, recipient: secret.agreement)
        let scratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (manifest, files) = try Payload.unpack(payload, scratch: scratch)
        guard manifest.restore, manifest.parts.count == 1, let part = manifest.parts.first, part.full,
              part.village == own.code, let file = files[part.file],
              let ack = manifest.acknowledgements.first(where: { $0.village == own.code }) else {
            throw StoreError.refused(Envelope.damaged)
        }
        try PackageParts.checkFull(file, part: part, replicaHead: nil)
        let copy = try AppDatabase.open(path: file)
        try copy.access.asSystem {
            try copy.dbWriter.write { db in
                try db.execute(sql: """
                    CREATE TABLE exchange_secret (
                        id INTEGER PRIMARY KEY CHECK (id = 1), signing BLOB NOT NULL, agreement BLOB NOT NULL, made_at TEXT NOT NULL)
                    """)
                try db.execute(sql: "INSERT INTO exchange_secret VALUES (1, ?, ?, \(Audit.now))",
                               arguments: [secret.signing.rawRepresentation, secret.agreement.rawRepresentation])
                let mark = SequenceMark(seq: ack.seq, entry: ack.entry, hash: ack.hash, at: header.created).json
                try putSetting(db, ExchangeSetting.own, own.fileText)
                try putSetting(db, ExchangeSetting.upstream, upstream.fileText)
                try putSetting(db, ExchangeSetting.sent, mark)
                try putSetting(db, ExchangeSetting.acknowledged, mark)
                try putSetting(db, ExchangeSetting.received, String(manifest.downSeq))
                let note = try String.fetchOne(db, sql: "SELECT json_object('from', ?, 'package', ?, 'written', ?)",
                                               arguments: [header.from, ack.seq, header.created]) ?? ""
                try copy.appendAuditEvent(db, action: "restore", note: note)
            }
        }
        try copy.closeConnections()
        try db.closeConnections()
        for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        guard rename(file, path) == 0 else {
            throw StoreError.refused(Localized("无法写入 \(path)", "Cannot write \(path)"))
        }
        chmod(path, 0o600)
        return RestoredVillage(seq: ack.seq, packageWritten: header.created, entries: part.entries)
    }

    /// The new machine's database, fit to be restored into: keys, trust, and no records yet.
    private func restoreTarget() throws -> (OfficeKey, OfficeSecret, OfficeKey) {
        guard let own = try ownKey(), own.kind == .village, let secret = try officeSecret() else {
            throw StoreError.refused(Localized("请先在新电脑上设置区划代码并生成密钥（chengxin village set --code，chengxin village key）",
                                               "On the new machine, set the village code and make its keys first (chengxin village set --code, chengxin village key)"))
        }
        guard let upstream = try upstreamKey() else {
            throw StoreError.refused(Localized("请先信任乡镇的公钥（chengxin exchange trust）", "Trust the township's key first (chengxin exchange trust)"))
        }
        let records = try dbWriter.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household") ?? 0 }
        guard records == 0 else {
            throw StoreError.refused(Localized("此数据库已有 \(records) 户记录：恢复只能写入新建的数据库，未做任何改动",
                                               "This database already holds \(records) households: a restore goes only into a new database; nothing was changed"))
        }
        return (own, secret, upstream)
    }
}
