import Crypto
import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One row of a table file: the line (CSV) or row number (xlsx) it starts on,
/// and its cells as text.
public struct FileRow: Sendable, Hashable {
    public var line: Int
    public var fields: [String]
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Rows of a table file, one at a time, so memory does not grow with the file.
protocol TableReader {
    mutating func next() throws -> FileRow?
    /// The SHA-256 of the file's bytes read so far (all of them once `next()` has returned nil).
    func digest() -> String
}

/// The bytes of a file a chunk at a time, hashed as read and, for a GB18030
/// file, turned into UTF-8.
final class ByteSource {
    static let chunkSize = 64 * 1024
    private let read: (inout [UInt8]) throws -> Bool
    private var hasher = SHA256()
    private var transcoder: Transcoder?

    init(encoding: FileEncoding, read: @escaping (inout [UInt8]) throws -> Bool) throws {
        self.read = read
        transcoder = encoding == .utf8 ? nil : try Transcoder(from: encoding)
    }

    /// Replaces `buffer` with the next chunk of UTF-8; false at the end.
    func fill(_ buffer: inout [UInt8]) throws -> Bool {
        while true {
            var raw: [UInt8] = []
            guard try read(&raw) else {
                try transcoder?.finish()
                return false
            }
            hasher.update(data: raw)
            if transcoder == nil {
                buffer = raw
                return true
            }
            buffer = try transcoder!.convert(raw)
            if !buffer.isEmpty { return true }
        }
    }

    func digest() -> String { Audit.hex(hasher.finalize()) }

    /// A reader of the file at `path`, or a refusal naming it.
    static func file(_ path: String) throws -> (inout [UInt8]) throws -> Bool {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else {
            throw StoreError.refused(Localized("无法读取文件 \(path)", "Cannot read \(path)"))
        }
        let handle = FileDescriptor(fd)
        return { buffer in
            buffer = [UInt8](repeating: 0, count: chunkSize)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(handle.fd, $0.baseAddress, $0.count) }
            guard n >= 0 else {
                throw StoreError.refused(Localized("读取文件 \(path) 时出错", "Error reading \(path)"))
            }
            buffer.removeSubrange(n...)
            return n > 0
        }
    }

    /// A reader of `data`.
    static func data(_ data: Data) -> (inout [UInt8]) throws -> Bool {
        var offset = 0
        return { buffer in
            guard offset < data.count else { return false }
            let end = min(data.count, offset + chunkSize)
            buffer = [UInt8](data[data.startIndex + offset ..< data.startIndex + end])
            offset = end
            return true
        }
    }
}

/// An open file descriptor, closed when the last reference goes.
final class FileDescriptor {
    let fd: Int32
    init(_ fd: Int32) { self.fd = fd }
    deinit { Glibc.close(fd) }
}

/// A small CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF),
/// one record at a time, keeping the line each record starts on. Commas or
/// tabs separate the fields. A UTF-8 byte order mark is skipped. A field that
/// is not valid UTF-8 is refused with its line, never repaired.
struct CSVReader: TableReader {
    typealias Record = FileRow
    static let chunkSize = ByteSource.chunkSize

    private let source: ByteSource
    private let delimiter: UInt8
    private var buffer: [UInt8] = []
    private var i = 0
    private var ended = false
    private var started = false
    private var line = 1
    private var field: [UInt8] = []

    init(source: ByteSource, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.source = source
        self.delimiter = delimiter
    }

    /// A UTF-8 reader over `fill`, which replaces the buffer with the next chunk and says false at the end.
    init(fill: @escaping (inout [UInt8]) throws -> Bool) {
        // A UTF-8 source has no transcoder, so making it cannot fail.
        self.init(source: try! ByteSource(encoding: .utf8, read: fill))
    }

    func digest() -> String { source.digest() }

    /// The next byte, reading another chunk when the buffer is used up.
    private mutating func byte() throws -> UInt8? {
        while i == buffer.count {
            if ended { return nil }
            if try !source.fill(&buffer) {
                ended = true
                buffer = []
                i = 0
                return nil
            }
            i = 0
        }
        defer { i += 1 }
        return buffer[i]
    }

    private mutating func peek() throws -> UInt8? {
        guard let b = try byte() else { return nil }
        i -= 1
        return b
    }

    private func text(_ bytes: [UInt8], line: Int) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            let bad = Self.firstBadByte(bytes)
            throw StoreError.refused(Localized(
                "第 \(line) 行有不是 UTF-8 编码的字节 0x\(String(format: "%02X", bad))",
                "Line \(line) has the byte 0x\(String(format: "%02X", bad)), which is not UTF-8"))
        }
        return s
    }

    /// The first byte of `bytes` that starts no valid UTF-8 sequence.
    static func firstBadByte(_ bytes: [UInt8]) -> UInt8 {
        var start = 0
        var it = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let s): start += s.count
            case .error: return bytes[start]
            case .emptyInput: return bytes.last ?? 0
            }
        }
    }

    mutating func next() throws -> FileRow? {
        if !started {
            started = true
            if try peek() == 0xEF {
                // Skip a byte order mark (EF BB BF); anything else starting with EF is kept.
                var head: [UInt8] = []
                for _ in 0..<3 { if let b = try byte() { head.append(b) } }
                if head != [0xEF, 0xBB, 0xBF] { field = head }
            }
        }
        guard try peek() != nil else {
            if field.isEmpty { return nil }
            let text = try text(field, line: line)
            field.removeAll()
            return FileRow(line: line, fields: [text])
        }
        var fields: [String] = []
        var inQuotes = false
        let recordLine = line
        func endField() throws {
            fields.append(try text(field, line: recordLine))
            field.removeAll(keepingCapacity: true)
        }
        while let b = try byte() {
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        field.append(b)
                        _ = try byte()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if b == delimiter {
                try endField()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r"), try peek() == UInt8(ascii: "\n") { _ = try byte() }
                try endField()
                line += 1
                return FileRow(line: recordLine, fields: fields)
            } else {
                field.append(b)
            }
        }
        try endField()
        return FileRow(line: recordLine, fields: fields)
    }
}

/// A CSV reader run on a thread of its own: the bytes are split, checked as
/// UTF-8 and made into rows while the import works on the rows before them.
final class BackgroundCSVReader: TableReader, @unchecked Sendable {
    private let source: ByteSource
    private let rows: BackgroundRows

    init(source: ByteSource, delimiter: UInt8) {
        self.source = source
        rows = BackgroundRows { queue in
            var reader = CSVReader(source: source, delimiter: delimiter)
            var batch: [FileRow] = []
            batch.reserveCapacity(BackgroundRows.batchSize)
            while let row = try reader.next() {
                batch.append(row)
                if batch.count == BackgroundRows.batchSize {
                    guard queue.put(batch) else { throw CancellationError() }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty, !queue.put(batch) { throw CancellationError() }
        }
    }

    /// The file's SHA-256 once `next()` has returned nil (the producer has read every byte by then).
    func digest() -> String { source.digest() }

    func next() throws -> FileRow? { try rows.next() }
}

