/// Which office a database belongs to: a village keeps its records; a township holds copies
/// of its villages' records, sent up in packages; a county holds its townships'.
public enum OfficeKind: String, Codable, Sendable, CaseIterable {
    case village
    case township
    case county

    public var label: Localized {
        switch self {
        case .village: Localized("村", "Village")
        case .township: Localized("乡镇", "Township")
        case .county: Localized("县", "County")
        }
    }

    /// The office a package from this one goes to.
    public var upstream: OfficeKind? {
        switch self {
        case .village: .township
        case .township: .county
        case .county: nil
        }
    }
}

/// A key's fingerprint as two offices read it to each other over the telephone: the first
/// 16 bytes of its SHA-256, as eight groups of five digits (each group two bytes, 00000–65535).
public enum Fingerprint {
    public static func format(_ digest: [UInt8]) -> String {
        precondition(digest.count >= 16)
        return stride(from: 0, to: 16, by: 2).map { i in
            let n = Int(digest[i]) << 8 | Int(digest[i + 1])
            let s = String(n)
            return String(repeating: "0", count: 5 - s.count) + s
        }.joined(separator: " ")
    }
}

/// The file name of a package: who sent it, its sequence number and the day it was written,
/// e.g. `990101100201-0003-20261207.cxp`; a package back down names the office it is for.
public enum PackageName {
    public static let fileExtension = "cxp"

    public static func make(from code: String, sequence: Int, on day: LocalDate, to recipient: String? = nil) -> String {
        let seq = String(sequence)
        let padded = String(repeating: "0", count: max(0, 4 - seq.count)) + seq
        let date = day.description.replacingOccurrences(of: "-", with: "")
        return [code, recipient.map { "to\($0)" }, padded, date].compactMap { $0 }.joined(separator: "-")
            + "." + fileExtension
    }
}

extension RegionCode {
    /// Why `text` is not the code of an office of `kind`, or nil: a village's code as
    /// `problem`; a township's is a village's with the last three digits 000; a county's has
    /// the last six 000000.
    public static func officeProblem(_ text: String, kind: OfficeKind) -> Localized? {
        switch kind {
        case .village:
            return problem(text)
        case .township:
            guard text.count == 12, text.hasSuffix("000"), !text.hasSuffix("000000"),
                  problem(String(text.prefix(9)) + "001") == nil else {
                return Localized("乡镇的区划代码应为12位数字、末三位为000，如 990101100000",
                                 "A township's code is 12 digits ending in 000, e.g. 990101100000")
            }
            return nil
        case .county:
            guard text.count == 12, text.hasSuffix("000000"), problem(String(text.prefix(6)) + "100001") == nil else {
                return Localized("县的区划代码应为12位数字、末六位为000000，如 990101000000",
                                 "A county's code is 12 digits ending in 000000, e.g. 990101000000")
            }
            return nil
        }
    }

    /// The code of the office a village's or township's packages go to.
    public static func parentCode(of code: String, kind: OfficeKind) -> String? {
        switch kind {
        case .village: String(code.prefix(9)) + "000"
        case .township: String(code.prefix(6)) + "000000"
        case .county: nil
        }
    }
}
