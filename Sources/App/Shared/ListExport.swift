import Domain
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// A list as a table file holds it: the column titles, then every row's cells, read a
/// slice at a time. `TableScreen.exportRows` makes one from what a list shows, so the
/// app's F2 and `chengxin export` write the same columns and the same texts.
struct ListRows {
    /// The list's screen file (`household_list` …), which names it in the audit log.
    var list: String
    /// The list's title, which names the workbook's sheet.
    var title: String
    /// The column titles, in the user's language.
    var header: [String]
    /// The list's filter, empty for every row.
    var filter = ""
    /// The rows the list has now.
    var total: Int
    /// Whether ID and phone numbers are whole (the role sees them and asked for them).
    var fullNumbers = false
    /// Up to `limit` rows from row `offset` (0 is the first after the header); fewer at the end.
    var read: (_ offset: Int, _ limit: Int) throws -> [[String]]
}

/// Writes a list to a CSV or xlsx file a slice at a time, so the app can show progress
/// between slices; the file appears at its path only when it is finished. Characters the
/// encoding lacks (GBK lacks rare name characters) make `finish` refuse, naming the rows.
final class ListExport {
    let rows: ListRows
    let path: String
    let format: TableFormat
    let encoding: FileEncoding
    /// Rows written after the header.
    private(set) var written = 0
    /// Every row has been read.
    private(set) var isRead = false
    private let writer: TableWriter
    /// What names each row the encoding cannot hold: its first cells (「0101 张三」).
    private var names: [Int: String] = [:]

    /// Rows read from the list at a time: a paged list reads a page of the store per slice.
    let slice: Int

    init(_ rows: ListRows, path: String, format: TableFormat, encoding: FileEncoding, slice: Int = 500) throws {
        self.rows = rows
        self.slice = max(1, slice)
        self.path = path
        self.format = format
        self.encoding = format == .xlsx ? .utf8 : encoding
        writer = try TableWriter(path: path, format: format, encoding: self.encoding, sheetName: Self.sheetName(rows.title))
        try write(rows.header)
    }

    /// The next slice, being read on another thread while this one is written.
    private var ahead: SliceAhead?

    deinit { _ = try? ahead?.take() }

    /// Writes rows for about `seconds` (to the end when nil); true once every row is written.
    /// While a slice is written the next is read (the store and the cells on one core, the
    /// file on the other).
    @discardableResult
    func step(seconds: Double? = 0.05) throws -> Bool {
        let start = DispatchTime.now().uptimeNanoseconds
        while !isRead {
            let batch: [[String]]
            if let ahead {
                self.ahead = nil
                batch = try ahead.take()
            } else {
                batch = try rows.read(written, slice)
            }
            if batch.count == slice { ahead = SliceAhead(rows.read, offset: written + batch.count, limit: slice) }
            for cells in batch {
                try write(cells)
                written += 1
            }
            if batch.count < slice { isRead = true }
            if let seconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 >= seconds { break }
        }
        return isRead
    }

    private func write(_ cells: [String]) throws {
        let before = writer.unencodable.count
        // Cells padded for the screen's columns (a ✗ slot) keep no trailing spaces in the file.
        try writer.write(cells.map(Self.trimmingTrailingSpaces))
        if writer.unencodable.count > before, let row = writer.unencodable.last?.row {
            names[row] = cells.prefix(2).filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    /// Finishes the file and, for whole numbers, records the export in the audit log (the file
    /// is removed again if that fails); the rows written. Refuses with `UnencodableRows` when
    /// rows have characters the encoding lacks, and leaves no file.
    func finish(_ db: AppDatabase) throws -> Int {
        if !isRead { try step(seconds: nil) }
        do {
            try writer.close()
        } catch var refused as UnencodableRows {
            refused.names = names
            throw refused
        }
        if rows.fullNumbers {
            do {
                try db.recordFullNumberExport(list: rows.list, file: URL(fileURLWithPath: path).standardizedFileURL.path,
                                              rows: written)
            } catch {
                unlink(path)
                throw error
            }
        }
        return written
    }

    /// 「已导出 N 行到 FILE」, saying so when the numbers are whole; `file` names the file (the path by default).
    func doneMessage(file: String? = nil) -> Localized {
        let n = written
        let file = file ?? path
        let full = rows.fullNumbers
        return Localized("已导出 \(n) 行到 \(file)" + (full ? "（含完整号码，已记入审计日志）" : ""),
                         "Exported \(n) \(Localized.englishForm(n, "row", "rows")) to \(file)"
                            + (full ? " (with full numbers; written to the audit log)" : ""))
    }

    /// The format a file name's extension names: .csv or .xlsx.
    static func format(ofFile path: String) -> TableFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": .csv
        case "xlsx": .xlsx
        default: nil
        }
    }

    /// `path` with the extension of `format`, in place of a .csv or .xlsx one.
    static func renaming(_ path: String, to format: TableFormat) -> String {
        let ext = format == .xlsx ? "xlsx" : "csv"
        let url = URL(fileURLWithPath: path)
        let base = Self.format(ofFile: path) == nil ? path : String(path.dropLast(url.pathExtension.count + 1))
        return base + "." + ext
    }

    /// A sheet name Excel takes: none of : \ / ? * [ ], at most 31 characters.
    static func sheetName(_ title: String) -> String {
        let bad: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
        let name = String(title.map { bad.contains($0) ? "_" : $0 }.prefix(31))
        return name.isEmpty ? "Sheet1" : name
    }

    static func trimmingTrailingSpaces(_ s: String) -> String {
        // Looked at by bytes first: U+3000 ends in 0x80, a space is 0x20.
        guard let byte = s.utf8.last, byte == 0x20 || byte == 0x80, let last = s.last, last == " " || last == "\u{3000}" else {
            return s
        }
        var t = Substring(s)
        while let l = t.last, l == " " || l == "\u{3000}" { t = t.dropLast() }
        return String(t)
    }
}

/// One slice of a list read on a thread of its own; `take` waits for it. Only one is read
/// at a time and the reader is not used meanwhile, so the list's read closure, which
/// reads slices in order, needs no lock.
private final class SliceAhead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[[String]], Error> = .success([])
    private let read: (Int, Int) throws -> [[String]]

    init(_ read: @escaping (Int, Int) throws -> [[String]], offset: Int, limit: Int) {
        self.read = read
        let thread = Thread { [self] in
            result = Result { try self.read(offset, limit) }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func take() throws -> [[String]] {
        done.wait()
        done.signal()
        return try result.get()
    }
}

