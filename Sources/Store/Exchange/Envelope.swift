import Crypto
import Domain
import Foundation

/// What the outside of a package says, readable without its key: who sent it, to whom, its
/// number and the one it follows, the sender's audit head, and the SHA-256 of what it holds.
struct EnvelopeHeader: Codable, Equatable {
    var format = 1
    /// "up" (village → township → county), "down" (acknowledgements and the office's
    /// catalogues back to a village), or "restore" (a village's copy back to a new machine).
    var direction: String
    var from: String
    var fromName: String
    var to: String
    /// The fingerprint of the key the package is encrypted to.
    var toKey: String
    var seq: Int
    var follows: Int
    var created: String
    /// The hash of the sender's last audit entry the package covers.
    var head: String
    /// SHA-256 (hex) of the payload before encryption.
    var sha256: String
    /// HPKE's encapsulated key (base64).
    var encapsulatedKey: String
    /// The sender's public keys, as the text of its key file (packages going up carry it), so an
    /// office can register a new sender from its first package once the fingerprint is compared.
    /// Absent in packages written before it was added.
    var fromKey: String?
}

/// The package file: `CXPKG1\n`, the header as one line of JSON, the HPKE ciphertext of the
/// payload (X25519, HKDF-SHA256, ChaCha20-Poly1305; the header is its associated data), and an
/// Ed25519 signature over everything before it.
enum Envelope {
    static let magic = Data("CXPKG1\n".utf8)
    static let info = Data("chengxin package 1".utf8)
    static var suite: HPKE.Ciphersuite { .Curve25519_SHA256_ChachaPoly }

    static let damaged = Localized("包已损坏（不是完整的诚信计生数据包），未做任何改动",
                                   "The package is damaged (not a whole Chengxin package); nothing was changed")

    static func seal(payload: Data, header: EnvelopeHeader, signer: Curve25519.Signing.PrivateKey,
                     recipient: OfficeKey) throws -> Data {
        var header = header
        var sender = try HPKE.Sender(recipientKey: recipient.agreementKey, ciphersuite: suite, info: info)
        header.encapsulatedKey = sender.encapsulatedKey.base64EncodedString()
        header.toKey = recipient.fingerprint
        header.sha256 = Audit.hex(SHA256.hash(data: payload))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = try encoder.encode(header)
        let sealed = try sender.seal(payload, authenticating: line)
        var out = magic
        out.append(line)
        out.append(0x0A)
        out.append(sealed)
        out.append(try signer.signature(for: out))
        return out
    }

    /// The header alone, to find the sender's key; refuses what is not a package.
    static func header(of data: Data) throws -> EnvelopeHeader {
        try split(data).header
    }

    private static func split(_ data: Data) throws -> (header: EnvelopeHeader, line: Data, sealed: Data, signed: Data, signature: Data) {
        let bytes = Data(data)
        guard bytes.count > magic.count + 64, bytes.prefix(magic.count) == magic,
              let newline = bytes[magic.count...].firstIndex(of: 0x0A) else { throw StoreError.refused(damaged) }
        let line = bytes[magic.count ..< newline]
        guard let header = try? JSONDecoder().decode(EnvelopeHeader.self, from: Data(line)), header.format == 1,
              bytes.count - 64 > newline + 1 else { throw StoreError.refused(damaged) }
        let sealed = bytes[(newline + 1) ..< (bytes.count - 64)]
        return (header, Data(line), Data(sealed), Data(bytes.prefix(bytes.count - 64)), Data(bytes.suffix(64)))
    }

    /// Refuses a package whose signature is not the sender's.
    static func checkSignature(_ data: Data, sender: OfficeKey) throws {
        let parts = try split(data)
        try checkSignature(parts.signature, over: parts.signed, sender: sender)
    }

    private static func checkSignature(_ signature: Data, over signed: Data, sender: OfficeKey) throws {
        guard sender.signingKey.isValidSignature(signature, for: signed) else {
            throw StoreError.refused(Localized("包的签名与\(sender.name)（\(sender.code)）的公钥不符：包已损坏或不是该单位所发，未做任何改动",
                                               "The package's signature does not match the key of \(sender.name) (\(sender.code)): it is damaged or was not sent by them; nothing was changed"))
        }
    }

    /// Checks the signature with the sender's key, decrypts with ours and checks the checksum.
    static func open(_ data: Data, sender: OfficeKey, recipient: Curve25519.KeyAgreement.PrivateKey) throws -> (EnvelopeHeader, Data) {
        let parts = try split(data)
        try checkSignature(parts.signature, over: parts.signed, sender: sender)
        guard let encapsulated = Data(base64Encoded: parts.header.encapsulatedKey) else { throw StoreError.refused(damaged) }
        let payload: Data
        do {
            var receiver = try HPKE.Recipient(privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: encapsulated)
            payload = try receiver.open(parts.sealed, authenticating: parts.line)
        } catch {
            throw StoreError.refused(Localized("无法解密：此包不是加密给本单位的公钥的，未做任何改动",
                                               "Cannot decrypt: the package was not encrypted to this office's key; nothing was changed"))
        }
        guard Audit.hex(SHA256.hash(data: payload)) == parts.header.sha256 else {
            throw StoreError.refused(Localized("包的校验和不符，包已损坏，未做任何改动",
                                               "The package's checksum does not match: it is damaged; nothing was changed"))
        }
        return (parts.header, payload)
    }
}
