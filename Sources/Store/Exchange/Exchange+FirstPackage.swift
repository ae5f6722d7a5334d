import Domain
import Foundation
import GRDB

/// Two ways out of a stuck exchange: a township registers a new village from the key its first
/// package carries (once the fingerprint is compared by telephone), and a village writes a lost
/// package again (`export --resend N`). See DECISIONS 52.
extension AppDatabase {
    /// The key carried in the header of a package from an office not registered here, once the
    /// package's signature is found to be made with it and the office is found to be one this
    /// office may register. Refused, saying why, otherwise.
    public func senderKey(ofPackage data: Data) throws -> OfficeKey {
        let (own, _) = try requireOffice()
        let header = try Self.upHeader(of: data, own: own)
        guard let text = header.fromKey else {
            throw StoreError.refused(Localized("此包没有带\(header.fromName)（\(header.from)）的公钥（由较早的版本写出）：请用该村的公钥文件登记：chengxin township add-village 公钥文件",
                                               "This package does not carry the key of \(header.fromName) (\(header.from)) (an earlier version wrote it): register the village from its key file: chengxin township add-village KEY-FILE"))
        }
        guard let key = OfficeKey.stored(text), key.code == header.from else { throw StoreError.refused(Envelope.damaged) }
        try Envelope.checkSignature(data, sender: key)
        try Self.checkBelow(key, own: own)
        if try memberOffices().contains(where: { $0.code == key.code }) {
            throw StoreError.refused(Localized("\(key.name)（\(key.code)）已登记：用 chengxin exchange import 导入其数据包即可",
                                               "\(key.name) (\(key.code)) is registered already: import its packages with chengxin exchange import"))
        }
        return key
    }

    /// Registers the sender of a package from the key its header carries (the caller has shown
    /// the fingerprint and had it confirmed), then imports the package.
    public func addMember(fromPackage data: Data, fileName: String, today: LocalDate) throws -> ImportedPackage {
        try require(.settings)
        try addMember(try senderKey(ofPackage: data))
        return try importUpPackage(data, fileName: fileName, today: today)
    }

    /// The refusal of a package from an office not registered here: how to register it.
    static func unregistered(_ header: EnvelopeHeader, fileName: String) -> StoreError {
        guard let key = OfficeKey.stored(header.fromKey) else {
            return .refused(Localized("\(header.fromName)（\(header.from)）未在本单位登记：请先用 chengxin township add-village 登记其公钥，未做任何改动",
                                      "\(header.fromName) (\(header.from)) is not registered here: register its key with chengxin township add-village first; nothing was changed"))
        }
        return .refused(Localized("\(header.fromName)（\(header.from)）未在本单位登记，未做任何改动。包中带有其公钥，指纹 \(key.fingerprint)：与该村电话核对指纹后，用 chengxin township add-village --from-package \(fileName) 登记并导入",
                                  "\(header.fromName) (\(header.from)) is not registered here; nothing was changed. The package carries its key, fingerprint \(key.fingerprint): compare the fingerprint with the village by telephone, then register it and import with chengxin township add-village --from-package \(fileName)"))
    }

    /// The refusal of a package when those before it have not arrived: which, and (for a
    /// village's) how the village writes a lost one again.
    static func missing(_ member: MemberOffice, from: Int, to: Int) -> StoreError {
        let zh = from == to ? "第 \(from) 号" : "第 \(from)–\(to) 号"
        let en = from == to ? "package \(from) is" : "packages \(from)–\(to) are"
        guard member.kind == .village else {
            return .refused(Localized("缺少\(member.name)的\(zh)包，请先导入，未做任何改动",
                                      "\(member.name)'s \(en) missing: import it first; nothing was changed"))
        }
        return .refused(Localized("缺少\(member.name)的\(zh)包，请先导入；包若已丢失，村里可用 chengxin exchange export --resend \(from) 重写，未做任何改动",
                                  "\(member.name)'s \(en) missing: import it first, or if it is lost the village can write it again with chengxin exchange export --resend \(from); nothing was changed"))
    }

    /// Whether a copy holds the entry `entry` with hash `hash`: then it holds everything a package
    /// ending there holds.
    static func copyHolds(_ replica: String, entry: Int64, hash: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: replica) else { return false }
        let q = try openReplicaForWriting(replica)
        defer { try? q.close() }
        return try q.read { db in try entryHash(db, id: entry) } == hash
    }

    /// Refuses a number `export --resend` cannot write again: only those written and not yet
    /// acknowledged can be lost.
    static func checkResend(_ n: Int, acknowledged: Int, sent: Int) throws {
        guard acknowledged < sent else {
            throw StoreError.refused(Localized("乡镇已确认收到本村写出的全部 \(sent) 个包，没有要重写的包",
                                               "The township has acknowledged all \(sent) packages the village wrote; there is none to write again"))
        }
        guard n > acknowledged, n <= sent else {
            let range = acknowledged + 1 == sent ? "\(sent)" : "\(acknowledged + 1)–\(sent)"
            throw StoreError.refused(Localized("只能重写乡镇尚未确认收到的包：第 \(range) 号，未写出任何包",
                                               "Only a package the township has not acknowledged can be written again: \(acknowledged + 1 == sent ? "package" : "packages") \(range); nothing was written"))
        }
    }
}
