import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The encodings a roster file may come in: UTF-8 (with or without a byte
/// order mark), or GB18030, which contains GBK, the encoding Excel on Chinese
/// Windows writes by default.
///
/// GBK is a choice for writing only, for old Excel: a file is read as GB18030,
/// which decodes every GBK file.
public enum FileEncoding: String, Sendable, Codable, CaseIterable {
    case utf8
    case gb18030
    case gbk

    /// The name iconv knows it by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        case .gbk: "GBK"
        }
    }

    public var label: Localized {
        switch self {
        case .utf8: Localized("UTF-8", "UTF-8")
        case .gb18030: Localized("GBK/GB18030", "GBK/GB18030")
        case .gbk: Localized("GBK", "GBK")
        }
    }

    /// Which encoding `bytes` are in, found by decoding them: UTF-8 when they
    /// decode as UTF-8 from end to end, else GB18030 when they decode as that.
    /// A file that is neither is refused with the line of its first bad byte
    /// (in the encoding that read further, the one the file most likely meant).
    public static func detect(_ read: (inout [UInt8]) throws -> Bool) throws -> FileEncoding {
        // One pass of reading, checked as UTF-8 and as GB18030 at once.
        var utf8 = try Transcoder(from: .utf8)
        var gb = try Transcoder(from: .gb18030)
        var chunk: [UInt8] = []
        while try read(&chunk) {
            utf8.check(chunk)
            gb.check(chunk)
            if utf8.failure != nil && gb.failure != nil { break }
            chunk = []
        }
        utf8.finishCheck()
        gb.finishCheck()
        if utf8.failure == nil { return .utf8 }
        // Text that decoded as UTF-8, Chinese characters and all, up to one bad byte is UTF-8
        // with damage, not GBK: GBK's Chinese fails as UTF-8 at its first character. (Read as
        // GB18030, the UTF-8 bytes would mostly decode too, into the wrong characters.)
        if let u = utf8.failure, utf8.nonASCIIDecoded > 0 {
            throw StoreError.refused(Localized(
                "文件是 UTF-8 编码，但第 \(u.line) 行有无效字节 0x\(String(format: "%02X", u.byte))：请改正该行后再导入。",
                "The file is UTF-8 but line \(u.line) has the invalid byte 0x\(String(format: "%02X", u.byte)): correct that line and import again."))
        }
        if gb.failure == nil { return .gb18030 }
        let u = utf8.failure!, g = gb.failure!
        let bad = u.offset >= g.offset ? u : g
        throw StoreError.refused(Localized(
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码：第 \(bad.line) 行有无效字节 0x\(String(format: "%02X", bad.byte))。请在 Excel 中另存为“CSV UTF-8”或 xlsx 后再导入。",
            "The file is neither UTF-8 nor GBK/GB18030: line \(bad.line) has the invalid byte 0x\(String(format: "%02X", bad.byte)). Save it from Excel as \"CSV UTF-8\" or xlsx and import it again."))
    }
}

/// Where a byte sequence stopped decoding.
struct DecodingFailure: Sendable {
    /// Bytes before the bad one.
    var offset: Int
    /// The line it is on (lines counted by LF, which no GB18030 sequence contains).
    var line: Int
    var byte: UInt8
}

/// A stream of bytes turned into UTF-8 by iconv, a chunk at a time; a sequence
/// cut by a chunk's end is kept for the next chunk. Used both to check a file
/// (`check`) and to convert it (`convert`).
struct Transcoder {
    private let cd: iconv_t
    private let encoding: FileEncoding
    private var carry: [UInt8] = []
    private var offset = 0
    private var line = 1
    private(set) var failure: DecodingFailure?
    /// Bytes above 0x7F decoded so far (parts of multi-byte characters).
    private(set) var nonASCIIDecoded = 0
    private var output = [UInt8](repeating: 0, count: 256 * 1024)

    init(from encoding: FileEncoding) throws {
        self.encoding = encoding
        cd = iconv_open("UTF-8", encoding.iconvName)
        if cd == iconv_t(bitPattern: -1) {
            throw StoreError.refused(Localized("系统缺少 \(encoding.iconvName) 编码转换", "The system cannot convert \(encoding.iconvName)"))
        }
    }

    /// Checks the next chunk, remembering the first bad byte.
    mutating func check(_ chunk: [UInt8]) {
        guard failure == nil else { return }
        _ = run(chunk, keep: false)
    }

    /// A sequence left unfinished at the end is a bad byte too.
    mutating func finishCheck() {
        if failure == nil, let b = carry.first { failure = DecodingFailure(offset: offset, line: line, byte: b) }
        iconv_close(cd)
    }

    /// The next chunk in UTF-8; throws at the first bad byte.
    mutating func convert(_ chunk: [UInt8]) throws -> [UInt8] {
        let out = run(chunk, keep: true)
        if let f = failure { throw Self.refusal(f, encoding) }
        return out
    }

    /// The end of the input: an unfinished sequence is refused.
    mutating func finish() throws {
        defer { iconv_close(cd) }
        if let b = carry.first {
            throw Self.refusal(DecodingFailure(offset: offset, line: line, byte: b), encoding)
        }
    }

    static func refusal(_ f: DecodingFailure, _ encoding: FileEncoding) -> StoreError {
        StoreError.refused(Localized(
            "第 \(f.line) 行有不是 \(encoding.label.zh) 编码的字节 0x\(String(format: "%02X", f.byte))",
            "Line \(f.line) has the byte 0x\(String(format: "%02X", f.byte)), which is not \(encoding.label.en)"))
    }

    private mutating func run(_ chunk: [UInt8], keep: Bool) -> [UInt8] {
        var input = carry + chunk
        carry = []
        var result: [UInt8] = []
        var done = 0
        while done < input.count {
            let (consumed, produced, status) = iconvStep(cd, &input, from: done, into: &output)
            if keep { result.append(contentsOf: output[0..<produced]) }
            advance(over: input[done..<(done + consumed)])
            done += consumed
            switch status {
            case 0, E2BIG: continue
            case EINVAL:
                // A sequence cut by the chunk's end: finish it with the next chunk.
                carry = Array(input[done...])
                done = input.count
            default:
                failure = DecodingFailure(offset: offset, line: line, byte: input[done])
                return result
            }
        }
        input = []
        return result
    }

    private mutating func advance(over bytes: ArraySlice<UInt8>) {
        offset += bytes.count
        for b in bytes {
            if b == 0x0A { line += 1 } else if b >= 0x80 { nonASCIIDecoded += 1 }
        }
    }
}

/// One call of iconv on `input` from `start`, into `output`: the bytes it consumed,
/// the bytes it produced, and its errno (0 when it converted everything it was given).
func iconvStep(_ cd: iconv_t, _ input: inout [UInt8], from start: Int, into output: inout [UInt8]) -> (Int, Int, Int32) {
    input.withUnsafeMutableBufferPointer { ib in
        output.withUnsafeMutableBufferPointer { ob in
            var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib.baseAddress! + start)
                .assumingMemoryBound(to: CChar.self)
            var il = ib.count - start
            var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!).assumingMemoryBound(to: CChar.self)
            var ol = ob.count
            let r = iconv(cd, &ip, &il, &op, &ol)
            return (ib.count - start - il, ob.count - ol, r == -1 ? errno : 0)
        }
    }
}
