import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kinds of table file a roster comes in.
public enum TableFormat: String, Sendable, Codable, CaseIterable {
    case csv, tsv, xlsx

    public var label: Localized {
        switch self {
        case .csv: Localized("CSV（逗号分隔）", "CSV (comma-separated)")
        case .tsv: Localized("制表符分隔文本", "Tab-separated text")
        case .xlsx: Localized("Excel 工作簿（xlsx）", "Excel workbook (xlsx)")
        }
    }
}

/// A table file opened for import: its format found from its first bytes, a
/// text file's encoding found by decoding it, a workbook's sheets.
public struct TableFile: Sendable {
    public let path: String
    public let format: TableFormat
    /// The encoding of a CSV or tab-separated file (UTF-8 for a workbook).
    public let encoding: FileEncoding
    /// The sheets of a workbook, in order; empty for a text file.
    public let sheetNames: [String]
    /// The sheet read: nil for a text file or the first sheet.
    public var sheet: String?

    /// Opens `path`. A workbook's `sheet` must exist; nil reads the first.
    public static func open(_ path: String, sheet: String? = nil) throws -> TableFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError.refused(Localized("无法读取文件 \(path)", "Cannot read \(path)"))
        }
        let read = try ByteSource.file(path)
        var head: [UInt8] = []
        _ = try read(&head)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let workbook = try XLSXWorkbook(path: path)
            let names = workbook.sheets.map(\.name)
            if let sheet { _ = try workbook.sheet(named: sheet) }
            return TableFile(path: path, format: .xlsx, encoding: .utf8, sheetNames: names, sheet: sheet)
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw StoreError.refused(Localized("这是旧版 Excel 的 .xls 文件：请在 Excel 中“另存为” .xlsx 工作簿或 CSV 后再导入",
                                               "This is an old Excel .xls file: save it from Excel as an .xlsx workbook or CSV and import that"))
        }
        if sheet != nil {
            throw StoreError.refused(Localized("只有 xlsx 工作簿才有工作表；\(path) 是文本文件",
                                               "Only an xlsx workbook has sheets; \(path) is a text file"))
        }
        var first = true
        let encoding = try FileEncoding.detect { buffer in
            if first {
                first = false
                buffer = head
                return !head.isEmpty
            }
            return try read(&buffer)
        }
        // Tab-separated when the name says so, or when the first line has tabs and no commas.
        let firstLine = head.prefix { $0 != 0x0A }
        let lower = path.lowercased()
        let tabs = lower.hasSuffix(".tsv") || lower.hasSuffix(".tab")
            || (firstLine.contains(0x09) && !firstLine.contains(UInt8(ascii: ",")))
        return TableFile(path: path, format: tabs ? .tsv : .csv, encoding: encoding, sheetNames: [], sheet: nil)
    }

    /// The file's rows from the start.
    func reader() throws -> any TableReader {
        switch format {
        case .xlsx:
            let workbook = try XLSXWorkbook(path: path)
            return try workbook.rows(of: workbook.sheet(named: sheet))
        case .csv, .tsv:
            let source = try ByteSource(encoding: encoding, read: ByteSource.file(path))
            return BackgroundCSVReader(source: source, delimiter: format == .tsv ? 0x09 : UInt8(ascii: ","))
        }
    }

    /// About how many rows follow the header, for a progress line: a text file's
    /// line breaks, a sheet's declared size (its `<dimension>`), or 0 when unknown.
    public func estimatedRows() throws -> Int {
        switch format {
        case .xlsx:
            let workbook = try XLSXWorkbook(path: path)
            return max(0, try workbook.declaredRows(of: workbook.sheet(named: sheet)) - 1)
        case .csv, .tsv:
            let read = try ByteSource.file(path)
            var chunk: [UInt8] = []
            var lines = 0
            while try read(&chunk) {
                for b in chunk where b == 0x0A { lines += 1 }
            }
            return max(0, lines - 1)
        }
    }

    /// The first `count` rows that are not blank (the header first), for a preview.
    public func firstRows(_ count: Int) throws -> [FileRow] {
        var reader = try reader()
        var rows: [FileRow] = []
        while rows.count < count, let r = try reader.next() {
            if r.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            rows.append(r)
        }
        return rows
    }

    /// Every row that is not blank, read one at a time; gives the SHA-256 of the file's bytes.
    @discardableResult
    public func forEachRow(_ body: (FileRow) throws -> Void) throws -> String {
        var reader = try reader()
        while let r = try reader.next() {
            if r.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            try body(r)
        }
        return reader.digest()
    }
}
