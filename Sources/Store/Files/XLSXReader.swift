import Crypto
import Domain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XMLCoder
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

/// An .xlsx workbook opened for reading (Office Open XML, ECMA-376 part 1).
///
/// ZIPFoundation opens the zip container. The small parts (the workbook's sheet
/// list, its relationships and the styles that say which cells are dates) are
/// decoded with XMLCoder. The sheet and its shared strings can be tens of
/// megabytes, so they are read as a stream: each part is inflated on its own
/// thread into a pipe that Foundation's XMLParser reads, and rows reach the
/// caller through a short queue, one at a time.
final class XLSXWorkbook: @unchecked Sendable {
    struct Sheet: Sendable {
        var name: String
        var path: String
    }

    let path: String
    let sheets: [Sheet]
    private let archive: Archive
    /// For each cell style (the `s` attribute), whether it formats numbers as dates.
    private let dateStyles: [Bool]
    private let date1904: Bool

    init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Self.damaged(path)
        }
        guard let workbookEntry = archive["xl/workbook.xml"] else { throw Self.damaged(path) }
        let workbook: WorkbookPart = try Self.decode(archive, workbookEntry, path: path)
        var targets: [String: String] = [:]
        if let relsEntry = archive["xl/_rels/workbook.xml.rels"] {
            let rels: RelationshipsPart = try Self.decode(archive, relsEntry, path: path)
            for r in rels.relationships { targets[r.id] = Self.partPath(r.target) }
        }
        sheets = (workbook.sheets?.sheets ?? []).compactMap { s in
            guard let target = targets[s.relationshipId] else { return nil }
            return Sheet(name: s.name, path: target)
        }
        if sheets.isEmpty { throw Self.damaged(path) }
        date1904 = workbook.properties?.date1904.map { $0 == "1" || $0 == "true" } ?? false
        if let stylesEntry = archive["xl/styles.xml"] {
            let styles: StylesPart = try Self.decode(archive, stylesEntry, path: path)
            var custom: [Int: String] = [:]
            for f in styles.numberFormats?.formats ?? [] { custom[f.id] = f.code }
            dateStyles = (styles.cellFormats?.formats ?? []).map { xf in
                let id = xf.numberFormatId ?? 0
                return Self.isDateFormat(id: id, code: custom[id])
            }
        } else {
            dateStyles = []
        }
    }

    /// A part named in a relationship, as a path in the zip (targets are relative to xl/, or absolute).
    static func partPath(_ target: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    static func damaged(_ path: String) -> StoreError {
        StoreError.refused(Localized("\(path) 不是可读的 xlsx 工作簿（文件损坏或不完整）",
                                     "\(path) is not a readable xlsx workbook (damaged or incomplete)"))
    }

    private static func decode<T: Decodable>(_ archive: Archive, _ entry: Entry, path: String) throws -> T {
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            let decoder = XMLDecoder()
            decoder.shouldProcessNamespaces = false
            return try decoder.decode(T.self, from: data)
        } catch {
            throw damaged(path)
        }
    }

    /// Whether a number format shows a date: the built-in date formats (14–22, 27–36
    /// and 50–58 for CJK locales, 45–47), or a custom code with a day, month or year
    /// outside quoted text and brackets.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) {
            return true
        }
        guard let code else { return false }
        var quoted = false, bracket = false, escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "y", "Y", "d", "D", "m", "M", "年", "月", "日":
                if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    func sheet(named name: String?) throws -> Sheet {
        guard let name else { return sheets[0] }
        guard let s = sheets.first(where: { $0.name == name }) else {
            let names = sheets.map(\.name).joined(separator: "、")
            throw StoreError.refused(Localized("工作簿中没有名为“\(name)”的工作表（有：\(names)）",
                                               "The workbook has no sheet named \(name) (it has: \(names))"))
        }
        return s
    }

    /// The last row of `sheet`'s `<dimension ref="A1:M100001"/>` (which Excel, LibreOffice
    /// and openpyxl write near the start), or 0 when it has none.
    func declaredRows(of sheet: Sheet) throws -> Int {
        guard let entry = archive[sheet.path] else { return 0 }
        struct Enough: Error {}
        var head: [UInt8] = []
        _ = try? archive.extract(entry, bufferSize: 4096, skipCRC32: true) { data in
            head.append(contentsOf: data)
            if head.count >= 4096 { throw Enough() }
        }
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        guard let range = text.range(of: "<dimension ref=\"") else { return 0 }
        let ref = text[range.upperBound...].prefix { $0 != "\"" }
        let last = ref.split(separator: ":").last ?? ref
        return Int(last.drop { $0.isLetter }) ?? 0
    }

    /// The text of each shared string, in order.
    func sharedStrings() throws -> [String] {
        guard let entry = archive["xl/sharedStrings.xml"] else { return [] }
        let collector = SharedStringsCollector()
        try stream(entry, to: collector)
        return collector.strings
    }

    /// The rows of `sheet` read on their own thread.
    func rows(of sheet: Sheet) throws -> XLSXSheetReader {
        guard let entry = archive[sheet.path] else { throw Self.damaged(path) }
        let strings = try sharedStrings()
        let hasher = try fileDigest()
        return XLSXSheetReader(workbook: self, entry: entry, strings: strings, digest: hasher)
    }

    /// The SHA-256 of the workbook file.
    private func fileDigest() throws -> String {
        let read = try ByteSource.file(path)
        var hasher = SHA256()
        var chunk: [UInt8] = []
        while try read(&chunk) { hasher.update(data: chunk) }
        return Audit.hex(hasher.finalize())
    }

    /// Parses `entry` with `delegate`, the part inflated into a pipe on another thread.
    func stream(_ entry: Entry, to delegate: XMLParserDelegate & ParseFailing) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Self.damaged(path) }
        let readEnd = fds[0], writeEnd = fds[1]
        // The archive is read by the inflating thread alone until it signals `done`.
        let part = UncheckedSendable((archive, entry))
        let done = DispatchSemaphore(value: 0)
        let failed = Flag()
        let inflate = Thread {
            // A parser that stopped early closes the reading end: writing then fails with
            // EPIPE instead of raising a signal, which is blocked for this thread alone.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            do {
                let (archive, entry) = part.value
                _ = try archive.extract(entry, skipCRC32: true) { data in
                    try data.withUnsafeBytes { raw in
                        var sent = 0
                        while sent < raw.count {
                            let n = Glibc.write(writeEnd, raw.baseAddress! + sent, raw.count - sent)
                            if n < 0 {
                                if errno == EINTR { continue }
                                throw CancellationError()
                            }
                            sent += n
                        }
                    }
                }
            } catch {
                failed.set()
            }
            Glibc.close(writeEnd)
            done.signal()
        }
        inflate.start()
        // The parser opens (and at its end closes) a descriptor of its own on the pipe.
        let ok: Bool
        if let input = InputStream(fileAtPath: "/dev/fd/\(readEnd)") {
            let parser = XMLParser(stream: input)
            parser.shouldProcessNamespaces = false
            parser.delegate = delegate
            ok = parser.parse()
            input.close()
        } else {
            ok = false
        }
        Glibc.close(readEnd)
        done.wait()
        if let error = delegate.failure { throw error }
        if !ok || failed.isSet { throw Self.damaged(path) }
    }

    /// A cell's number shown as a clerk would type it: a date for a date style, else
    /// the number without a trailing ".0".
    func numberText(_ raw: String, style: Int) -> String {
        guard let value = Double(raw) else { return raw }
        if style < dateStyles.count, dateStyles[style], value >= 1, value < 2_958_466 {
            let serial = Int(value.rounded(.down))
            // Excel's 1900 system counts a 29 February 1900 that never was (serial 60).
            let day = date1904 ? LocalDate(year: 1904, month: 1, day: 1)!.dayNumber + serial
                : LocalDate(year: 1899, month: 12, day: serial >= 61 ? 30 : 31)!.dayNumber + serial
            if let date = LocalDate(dayNumber: day) { return date.description }
        }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return raw
    }
}

/// Parse delegates that can stop with an error of their own.
protocol ParseFailing: AnyObject {
    var failure: Error? { get }
}

/// A value handed to another thread that the caller does not touch meanwhile.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// `<si>` items of sharedStrings.xml: plain `<t>` or rich-text runs `<r><t>`;
/// the phonetic guide `<rPh>` that Chinese and Japanese Excel adds is not part of the text.
final class SharedStringsCollector: NSObject, XMLParserDelegate, ParseFailing {
    var strings: [String] = []
    var failure: Error?
    private var text = ""
    private var inText = false
    private var phonetic = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "si": text = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(text)
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}

/// The rows of one sheet: parsed on a thread of their own and handed over in
/// batches, so memory stays flat however long the sheet.
final class XLSXSheetReader: TableReader, @unchecked Sendable {
    private let fileDigest: String
    private let rows: BackgroundRows

    init(workbook: XLSXWorkbook, entry: Entry, strings: [String], digest: String) {
        self.fileDigest = digest
        rows = BackgroundRows { queue in
            let collector = SheetRowCollector(workbook: workbook, strings: strings, queue: queue)
            try workbook.stream(entry, to: collector)
            collector.flush()
        }
    }

    func digest() -> String { fileDigest }

    func next() throws -> FileRow? { try rows.next() }
}

/// Rows made on a thread of their own by `produce`, which puts them in the
/// queue in batches; the queue is short, so the producer waits for the reader
/// and memory stays flat. Reading stops the producer when it goes.
final class BackgroundRows: @unchecked Sendable {
    /// Rows a batch; with the queue's 4 batches, at most about 700 rows wait at once.
    static let batchSize = 128
    private let queue = BatchQueue<FileRow>(length: 4)
    private let produce: (BatchQueue<FileRow>) throws -> Void
    private var started = false
    private var pending: [FileRow] = []
    private var taken = 0

    init(produce: @escaping (BatchQueue<FileRow>) throws -> Void) {
        self.produce = produce
    }

    deinit { queue.stop() }

    func next() throws -> FileRow? {
        if !started {
            started = true
            // The thread holds the queue and the producer, not this reader, so that the
            // reader can go (and stop the producer) before the rows end.
            let work = UncheckedSendable(produce)
            let t = Thread { [queue] in
                do {
                    try work.value(queue)
                    queue.finish(nil)
                } catch {
                    queue.finish(error)
                }
            }
            t.stackSize = 1 << 20
            t.start()
        }
        while taken == pending.count {
            guard let batch = try queue.take() else { return nil }
            pending = batch
            taken = 0
        }
        defer { taken += 1 }
        return pending[taken]
    }
}

/// `<row r=…><c r=… t=… s=…><v>…</v> | <is><t>…</t></is></c></row>` of a worksheet.
/// Columns left out (empty cells) come back as empty strings.
final class SheetRowCollector: NSObject, XMLParserDelegate, ParseFailing {
    private let workbook: XLSXWorkbook
    private let strings: [String]
    private let queue: BatchQueue<FileRow>
    var failure: Error?
    private var batch: [FileRow] = []
    private var row = 0
    private var fields: [String] = []
    private var column = 0
    private var type = ""
    private var style = 0
    private var text = ""
    private var collecting = false
    private var phonetic = 0

    init(workbook: XLSXWorkbook, strings: [String], queue: BatchQueue<FileRow>) {
        self.workbook = workbook
        self.strings = strings
        self.queue = queue
    }

    /// The column of a cell reference: "C7" is 2.
    static func column(of reference: String) -> Int? {
        var n = 0
        var letters = 0
        for u in reference.utf8 {
            guard u >= 65 && u <= 90 else { break }
            n = n * 26 + Int(u - 64)
            letters += 1
        }
        return letters == 0 ? nil : n - 1
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            row = attributes["r"].flatMap { Int($0) } ?? row + 1
            fields = []
        case "c":
            column = attributes["r"].flatMap(Self.column(of:)) ?? fields.count
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? 0
            text = ""
        case "v": collecting = true
        case "t": collecting = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "rPh": phonetic -= 1
        case "c":
            let value: String
            switch type {
            case "s":
                guard let i = Int(text), i >= 0, i < strings.count else {
                    failure = XLSXWorkbook.damaged(workbook.path)
                    parser.abortParsing()
                    return
                }
                value = strings[i]
            case "n": value = workbook.numberText(text, style: style)
            case "b": value = text == "1" ? "TRUE" : "FALSE"
            case "d": value = String(text.prefix(10))
            default: value = text
            }
            if column >= fields.count { fields.append(contentsOf: repeatElement("", count: column - fields.count + 1)) }
            fields[column] = value
        case "row":
            batch.append(FileRow(line: row, fields: fields))
            if batch.count == BackgroundRows.batchSize { flush() }
        default: break
        }
    }

    func flush() {
        if batch.isEmpty { return }
        if !queue.put(batch) { failure = CancellationError() }
        batch = []
    }
}

/// Batches handed from one thread to another through a queue of at most
/// `length`; the producer waits while it is full. `stop()` ends it from the consumer's side.
final class BatchQueue<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private let length: Int
    private var batches: [[T]] = []
    private var finished = false
    private var stopped = false
    private var failure: Error?

    init(length: Int) { self.length = length }

    /// False once the consumer has stopped.
    func put(_ batch: [T]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= length && !stopped { condition.wait() }
        if stopped { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    func finish(_ error: Error?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end; rethrows the producer's error.
    func take() throws -> [T]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let b = batches.removeFirst()
            condition.broadcast()
            return b
        }
        if let failure { throw failure }
        return nil
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

// The small parts, decoded with XMLCoder.

struct WorkbookPart: Decodable {
    struct Properties: Decodable {
        var date1904: String?
    }
    struct Sheets: Decodable {
        var sheets: [SheetEntry]
        enum CodingKeys: String, CodingKey { case sheets = "sheet" }
    }
    struct SheetEntry: Decodable {
        var name: String
        var relationshipId: String
        enum CodingKeys: String, CodingKey {
            case name
            case relationshipId = "r:id"
        }
    }
    var properties: Properties?
    var sheets: Sheets?
    enum CodingKeys: String, CodingKey {
        case properties = "workbookPr"
        case sheets
    }
}

struct RelationshipsPart: Decodable {
    struct Relationship: Decodable {
        var id: String
        var target: String
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case target = "Target"
        }
    }
    var relationships: [Relationship]
    enum CodingKeys: String, CodingKey { case relationships = "Relationship" }
}

struct StylesPart: Decodable {
    struct NumberFormats: Decodable {
        var formats: [NumberFormat]
        enum CodingKeys: String, CodingKey { case formats = "numFmt" }
    }
    struct NumberFormat: Decodable {
        var id: Int
        var code: String
        enum CodingKeys: String, CodingKey {
            case id = "numFmtId"
            case code = "formatCode"
        }
    }
    struct CellFormats: Decodable {
        var formats: [CellFormat]
        enum CodingKeys: String, CodingKey { case formats = "xf" }
    }
    struct CellFormat: Decodable {
        var numberFormatId: Int?
        enum CodingKeys: String, CodingKey { case numberFormatId = "numFmtId" }
    }
    var numberFormats: NumberFormats?
    var cellFormats: CellFormats?
    enum CodingKeys: String, CodingKey {
        case numberFormats = "numFmts"
        case cellFormats = "cellXfs"
    }
}
