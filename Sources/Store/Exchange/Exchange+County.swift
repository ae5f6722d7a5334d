import Domain
import Foundation
import GRDB

extension AppDatabase {
    /// The township's package for the county: for each village whose copy has moved on since
    /// the county's last acknowledgement, a part from that copy (the whole copy the first time),
    /// signed by the township and encrypted to the county's key.
    public func writeCountyPackage(into directory: String, today: LocalDate) throws -> WrittenPackage {
        try requireWrite()
        let (own, secret) = try requireOffice()
        guard own.kind == .township, let county = try upstreamKey() else {
            throw StoreError.refused(Localized("本乡镇还没有信任县的公钥：请先运行 chengxin exchange trust 县公钥文件",
                                               "The township does not trust a county's key yet: run chengxin exchange trust COUNTY-KEY-FILE first"))
        }
        let sent = try dbWriter.read { db in SequenceMark.decode(try Self.getSetting(db, ExchangeSetting.sent)) }
        let seq = (sent?.seq ?? 0) + 1
        let scratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var parts: [PackagePart] = []
        var files: [String: String] = [:]
        for member in try memberOffices() where member.kind == .village && member.lastSeq > 0 {
            let forwarded = try read { db in
                try Int64.fetchOne(db, sql: "SELECT forwarded_entry FROM member_office WHERE code = ?", arguments: [member.code]) ?? 0
            }
            if forwarded > 0 && forwarded == member.lastEntry { continue }
            let source = try Self.openReplicaForWriting(try replicaPath(member.code))
            defer { try? source.close() }
            let part = try PackageParts.build(from: source, village: member.code, name: member.name, base: forwarded,
                                              file: "\(member.code).sqlite", scratch: scratch)
            parts.append(part)
            files[part.file] = scratch + "/" + part.file
        }
        let created = Self.timestamp()
        let manifest = PackageManifest(from: own.code, seq: seq, created: created, parts: parts)
        let payload = try Payload.pack(manifest, files: files, scratch: scratch)
        let head = try dbWriter.read { db in try Self.auditHead(db) }
        let header = EnvelopeHeader(direction: "up", from: own.code, fromName: own.name, to: county.code, toKey: "",
                                    seq: seq, follows: seq - 1, created: created, head: head.hash, sha256: "",
                                    encapsulatedKey: "")
        let sealed = try Envelope.seal(payload: payload, header: header, signer: secret.signing, recipient: county)
        let path = try Self.writeAtomically(sealed, directory: directory,
                                            name: PackageName.make(from: own.code, sequence: seq, on: today)) {
            try self.write { db in
                try Self.putSetting(db, ExchangeSetting.sent, SequenceMark(seq: seq, entry: head.entry, hash: head.hash, at: created).json)
            }
        }
        return WrittenPackage(path: path, seq: seq, full: parts.contains(where: \.full),
                              entries: parts.reduce(0) { $0 + $1.entries }, bytes: sealed.count, since: 0)
    }

    /// The county's acknowledgements at the township: each village's entry the county holds,
    /// checked against the township's copy, becomes the base of that village's next part.
    func applyCountyAcknowledgements(_ db: Database, _ acks: [Acknowledgement]) throws {
        for ack in acks {
            let replica = try replicaPath(ack.village)
            guard FileManager.default.fileExists(atPath: replica) else { throw StoreError.refused(Envelope.damaged) }
            let q = try Self.openReplicaForWriting(replica)
            let hash = try q.read { db in try Self.entryHash(db, id: ack.entry) }
            try q.close()
            guard hash == ack.hash else {
                throw StoreError.refused(Localized("县的回执与本乡镇的 \(ack.village) 副本不符（第 \(ack.entry) 条），未做任何改动",
                                                   "The county's acknowledgement does not match this township's copy of \(ack.village) (entry \(ack.entry)); nothing was changed"))
            }
            try db.execute(sql: "UPDATE member_office SET forwarded_entry = ? WHERE code = ? AND forwarded_entry < ?",
                           arguments: [ack.entry, ack.village, ack.entry])
        }
    }
}

extension AppDatabase {
    /// Imports any package: one sent up from an office below, or one sent down from above.
    public func importPackage(_ data: Data, fileName: String, today: LocalDate) throws -> ImportedPackage {
        switch try Envelope.header(of: data).direction {
        case "up": return try importUpPackage(data, fileName: fileName, today: today)
        case "down": return try importDownPackage(data)
        default:
            throw StoreError.refused(Localized("这是恢复包：请在新电脑上用 chengxin exchange restore 恢复包文件",
                                               "This is a restore package: on the new machine use chengxin exchange restore PACKAGE"))
        }
    }
}
