import Domain
import Foundation
import GRDB

/// A package written: where, its number, and what it holds.
public struct WrittenPackage: Hashable, Sendable {
    public var path: String
    public var seq: Int
    public var full: Bool
    /// Audit entries it carries.
    public var entries: Int
    public var bytes: Int
    /// The last entry the office above has acknowledged (0: none, so the package holds everything).
    public var since: Int64
    /// Written again with `--resend`: the numbers it takes the place of (the lost one to the last
    /// written before it).
    public var replaces: ClosedRange<Int>? = nil
}

/// What importing one package did.
public enum ImportedPackage: Hashable, Sendable {
    /// Taken in: the sender, its number, the entries added.
    case imported(from: String, name: String, seq: Int, entries: Int)
    /// The same package was taken in before; nothing changed.
    case alreadyImported(from: String, name: String, seq: Int)
    /// A package its sender wrote again (`export --resend`) took this one's place, and the copy
    /// holds everything this one holds; nothing changed.
    case contained(from: String, name: String, seq: Int)
}

extension AppDatabase {
    /// The village's package for the township: the changes since the last package the township
    /// acknowledged (everything, until one is), signed with the village's key and encrypted to
    /// the township's. Written to `directory` under a name that says village, number and date.
    ///
    /// `resend`: package N was lost on the way. The package written (under the next number, as
    /// always) says it follows N − 1, so the township takes it in place of N and of every one
    /// written after N; those, if they turn up, are then found to hold nothing the copy lacks.
    public func writeVillagePackage(into directory: String, today: LocalDate, resend: Int? = nil) throws -> WrittenPackage {
        try requireWrite()
        guard let own = try ownKey(), own.kind == .village, let secret = try officeSecret() else {
            throw StoreError.refused(Localized("本村还没有密钥：请先运行 chengxin village key（管理员）",
                                               "The village has no keys yet: run chengxin village key first (administrator)"))
        }
        guard let township = try upstreamKey() else {
            throw StoreError.refused(Localized("本村还没有信任乡镇的公钥：请先运行 chengxin exchange trust 乡镇公钥文件",
                                               "The village does not trust a township's key yet: run chengxin exchange trust TOWNSHIP-KEY-FILE first"))
        }
        let village = try self.village()
        let code = village?.code ?? own.code
        guard code == own.code else {
            throw StoreError.refused(Localized("本村区划代码已改为 \(code)，与密钥上的 \(own.code) 不同：请与乡镇核对",
                                               "The village code is now \(code), not \(own.code) as on its keys: check with the township"))
        }
        let (sent, acknowledged) = try dbWriter.read { db in
            (SequenceMark.decode(try Self.getSetting(db, ExchangeSetting.sent)),
             SequenceMark.decode(try Self.getSetting(db, ExchangeSetting.acknowledged)))
        }
        let seq = (sent?.seq ?? 0) + 1
        let base = acknowledged?.entry ?? 0
        if let resend {
            try Self.checkResend(resend, acknowledged: acknowledged?.seq ?? 0, sent: sent?.seq ?? 0)
        }
        let follows = resend.map { $0 - 1 } ?? seq - 1
        let scratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let name = village?.name ?? own.name
        let part = try PackageParts.build(from: dbWriter, village: code, name: name, base: base,
                                          file: "\(code).sqlite", scratch: scratch)
        let created = Self.timestamp()
        let manifest = PackageManifest(from: code, seq: seq, created: created, parts: [part])
        let payload = try Payload.pack(manifest, files: [part.file: scratch + "/" + part.file], scratch: scratch)
        let header = EnvelopeHeader(direction: "up", from: code, fromName: name, to: township.code, toKey: "",
                                    seq: seq, follows: follows, created: created, head: part.headHash, sha256: "",
                                    encapsulatedKey: "", fromKey: own.fileText)
        let sealed = try Envelope.seal(payload: payload, header: header, signer: secret.signing, recipient: township)
        let path = try Self.writeAtomically(sealed, directory: directory,
                                            name: PackageName.make(from: code, sequence: seq, on: today)) {
            try self.write { db in
                try Self.putSetting(db, ExchangeSetting.sent,
                                    SequenceMark(seq: seq, entry: part.headEntry, hash: part.headHash, at: created).json)
            }
        }
        return WrittenPackage(path: path, seq: seq, full: part.full, entries: part.entries, bytes: sealed.count, since: base,
                              replaces: resend.map { $0 ... seq - 1 })
    }

    /// Writes under a temporary name, runs `commit` (the sender's bookkeeping), then renames:
    /// a package file is either whole or absent.
    static func writeAtomically(_ data: Data, directory: String, name: String, commit: () throws -> Void) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw StoreError.refused(Localized("文件夹不存在：\(directory)（U 盘插好了吗？）",
                                               "The folder does not exist: \(directory) (is the USB stick in?)"))
        }
        let path = (directory as NSString).appendingPathComponent(name)
        let temp = path + ".part"
        do {
            try data.write(to: URL(fileURLWithPath: temp), options: [.atomic])
        } catch {
            throw StoreError.refused(Localized("无法写入 \(directory)（只读或已满？）", "Cannot write to \(directory) (read-only or full?)"))
        }
        do {
            try commit()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temp, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
        return path
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    /// Applies a package from the office above: acknowledgements of this village's packages.
    /// Checked like any package: signed by the trusted township, encrypted to this village,
    /// numbered in order (the same one twice changes nothing).
    public func importDownPackage(_ data: Data) throws -> ImportedPackage {
        try requireWrite()
        guard let own = try ownKey(), let secret = try officeSecret() else {
            throw StoreError.refused(Localized("本单位还没有密钥：请先运行 chengxin village key",
                                               "This office has no keys yet: run chengxin village key first"))
        }
        let header = try Envelope.header(of: data)
        guard let upstream = try upstreamKey(), upstream.code == header.from else {
            throw StoreError.refused(Localized("此包来自 \(header.fromName)（\(header.from)），不是本单位信任的上级，未做任何改动",
                                               "This package comes from \(header.fromName) (\(header.from)), not the office above this one; nothing was changed"))
        }
        guard header.direction == "down", header.to == own.code else {
            throw StoreError.refused(Localized("此包是发给 \(header.to) 的，不是本单位（\(own.code)），未做任何改动",
                                               "This package is for \(header.to), not this office (\(own.code)); nothing was changed"))
        }
        let (_, payload) = try Envelope.open(data, sender: upstream, recipient: secret.agreement)
        let scratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (manifest, files) = try Payload.unpack(payload, scratch: scratch)
        guard manifest.seq == header.seq, manifest.from == header.from else { throw StoreError.refused(Envelope.damaged) }
        let catalogue = try manifest.catalogue.flatMap { files[$0] }.map { try Self.readCatalogue($0) }
        return try write { db in
            let received = Int(try Self.getSetting(db, ExchangeSetting.received) ?? "0") ?? 0
            if header.seq <= received {
                return .alreadyImported(from: header.from, name: header.fromName, seq: header.seq)
            }
            guard header.seq == received + 1 else {
                throw StoreError.refused(Localized("缺少\(header.fromName)发来的第 \(received + 1) 号包，请先导入它，未做任何改动",
                                                   "Package \(received + 1) from \(header.fromName) is missing: import it first; nothing was changed"))
            }
            if own.kind == .township {
                try self.applyCountyAcknowledgements(db, manifest.acknowledgements)
            }
            for ack in manifest.acknowledgements where ack.village == own.code {
                guard try Self.entryHash(db, id: ack.entry) == ack.hash else {
                    throw StoreError.refused(Localized("回执与本村的审计日志不符（第 \(ack.entry) 条），未做任何改动",
                                                       "The acknowledgement does not match the village's audit log (entry \(ack.entry)); nothing was changed"))
                }
                let current = SequenceMark.decode(try Self.getSetting(db, ExchangeSetting.acknowledged))
                if (current?.seq ?? 0) < ack.seq {
                    try Self.putSetting(db, ExchangeSetting.acknowledged,
                                        SequenceMark(seq: ack.seq, entry: ack.entry, hash: ack.hash, at: header.created).json)
                }
            }
            try Self.putSetting(db, ExchangeSetting.received, String(header.seq))
            let changed = try (catalogue.map { try Self.applyCatalogue(db, $0) } ?? 0)
                + Self.applyDecisions(db, manifest.decisions ?? [])
            if changed > 0 {
                let note = try String.fetchOne(db, sql: "SELECT json_object('from', ?, 'package', ?, 'changed', ?)",
                                               arguments: [header.from, header.seq, changed]) ?? ""
                try self.appendAuditEvent(db, action: "catalogue", note: note)
            }
            return .imported(from: header.from, name: header.fromName, seq: header.seq,
                             entries: manifest.acknowledgements.count + changed)
        }
    }

    /// The packages sent and acknowledged, for `exchange status`.
    public func exchangeStatus() throws -> (sent: Int, sentAt: String?, acknowledged: Int, upstream: OfficeKey?) {
        let sent = SequenceMark.decode(try setting(ExchangeSetting.sent))
        let ack = SequenceMark.decode(try setting(ExchangeSetting.acknowledged))
        return (sent?.seq ?? 0, sent?.at, ack?.seq ?? 0, try upstreamKey())
    }
}
