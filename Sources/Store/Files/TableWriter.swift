import Domain
import Foundation
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

/// A table written out a row at a time: CSV (UTF-8 with a byte order mark, so
/// Excel reads it as UTF-8, or GBK/GB18030 for old Excel), tab-separated text,
/// or an xlsx workbook of one sheet. Nothing is left at `path` unless `close()`
/// finished: rows go to a hidden file beside it that is renamed at the end.
public final class TableWriter {
    public let path: String
    public let format: TableFormat
    public let encoding: FileEncoding
    private let partPath: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var transcoder: UTF8Encoder?
    private let sheetName: String
    private var rowNumber = 0
    private var closed = false
    /// One CSV line's bytes, kept between rows.
    private var lineBuffer: [UInt8] = []
    /// The xlsx column letters (A, B …) used so far.
    private var columnNames: [String] = []

    /// Rows left out because the encoding lacks one of their characters (GBK lacks rare name characters).
    public private(set) var unencodable: [UnencodableCharacter] = []

    /// `encoding` is for text formats (an xlsx is always UTF-8 inside).
    public init(path: String, format: TableFormat, encoding: FileEncoding = .utf8, sheetName: String = "Sheet1") throws {
        self.path = path
        self.format = format
        self.encoding = format == .xlsx ? .utf8 : encoding
        self.sheetName = sheetName
        let url = URL(fileURLWithPath: path)
        partPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).part-\(getpid())").path
        fd = Glibc.open(partPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw StoreError.refused(Localized("无法写入 \(path)", "Cannot write \(path)"))
        }
        if self.encoding != .utf8 { transcoder = try UTF8Encoder(to: self.encoding.iconvName) }
        switch format {
        case .csv, .tsv:
            if self.encoding == .utf8 { buffer = [0xEF, 0xBB, 0xBF] }
        case .xlsx:
            append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>")
        }
    }

    deinit {
        if !closed {
            Glibc.close(fd)
            unlink(partPath)
        }
    }

    private func append(_ s: String) { buffer.append(contentsOf: s.utf8) }

    /// Appends one row. Cells are copied as UTF-8 bytes: a county's roster is hundreds
    /// of thousands of rows, and walking characters cost more than writing them.
    public func write(_ fields: [String]) throws {
        rowNumber += 1
        switch format {
        case .csv, .tsv:
            let delimiter: UInt8 = format == .tsv ? 0x09 : 0x2C
            var line = lineBuffer
            line.removeAll(keepingCapacity: true)
            for (i, f) in fields.enumerated() {
                if i > 0 { line.append(delimiter) }
                let bytes = f.utf8
                // A quote, comma, tab or line break makes the cell quoted, its quotes doubled.
                if bytes.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    line.append(0x22)
                    for b in bytes {
                        if b == 0x22 { line.append(0x22) }
                        line.append(b)
                    }
                    line.append(0x22)
                } else {
                    line.append(contentsOf: bytes)
                }
            }
            line.append(contentsOf: [0x0D, 0x0A])
            if let transcoder {
                do {
                    buffer.append(contentsOf: try transcoder.encode(bytes: line, row: rowNumber))
                } catch let bad as UnencodableCharacter {
                    unencodable.append(bad)
                }
            } else {
                buffer.append(contentsOf: line)
            }
            lineBuffer = line
        case .xlsx:
            let r = String(rowNumber)
            append("<row r=\"\(r)\">")
            for (i, f) in fields.enumerated() where !f.isEmpty {
                while columnNames.count <= i { columnNames.append(Self.columnName(columnNames.count)) }
                append("<c r=\"\(columnNames[i])\(r)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                // Most cells hold nothing XML must escape: their bytes go in as they are.
                if f.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0xEF }) {
                    append(Self.escaped(f))
                } else {
                    append(f)
                }
                append("</t></is></c>")
            }
            append("</row>")
        }
        if buffer.count >= 256 * 1024 { try flush() }
    }

    private func flush() throws {
        var sent = 0
        try buffer.withUnsafeBytes { raw in
            while sent < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + sent, raw.count - sent)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.refused(Localized("写入 \(path) 时出错（磁盘已满？）", "Error writing \(path) (disk full?)"))
                }
                sent += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the file and puts it at `path`; refuses (and leaves nothing) when rows were
    /// left out for characters the encoding lacks.
    public func close() throws {
        if !unencodable.isEmpty {
            throw UnencodableRows(rows: unencodable, encoding: encoding)
        }
        if format == .xlsx { append("</sheetData></worksheet>") }
        try flush()
        guard fsync(fd) == 0, Glibc.close(fd) == 0 else {
            throw StoreError.refused(Localized("写入 \(path) 时出错", "Error writing \(path)"))
        }
        closed = true
        defer { unlink(partPath) }
        if format == .xlsx {
            let zipPath = partPath + ".zip"
            defer { unlink(zipPath) }
            try Self.package(sheet: partPath, name: sheetName, into: zipPath)
            // Private to its owner, as a CSV is: the zip library creates files readable by all.
            guard chmod(zipPath, 0o600) == 0, rename(zipPath, path) == 0 else {
                throw StoreError.refused(Localized("无法写入 \(path)", "Cannot write \(path)"))
            }
        } else {
            guard rename(partPath, path) == 0 else {
                throw StoreError.refused(Localized("无法写入 \(path)", "Cannot write \(path)"))
            }
        }
    }

    /// "A" for 0, "Z" for 25, "AA" for 26.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var s: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            s.insert(Character(UnicodeScalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(s)
    }

    /// Text for an XML element: the five entities, and control characters XML 1.0
    /// cannot hold written as OOXML's _xHHHH_ escapes.
    static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += String(format: "_x%04X_", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// The zip of a one-sheet workbook around the sheet XML at `sheet`.
    private static func package(sheet: String, name: String, into zipPath: String) throws {
        unlink(zipPath)
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        } catch {
            throw StoreError.refused(Localized("无法写入 \(zipPath)", "Cannot write \(zipPath)"))
        }
        let parts: [(String, String)] = [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                </Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets><sheet name="\(escaped(String(name.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                </Relationships>
                """),
        ]
        do {
            for (entry, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(with: entry, type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position) ..< Int(position) + size)
                }
            }
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: URL(fileURLWithPath: sheet),
                                 compressionMethod: .deflate)
        } catch {
            throw StoreError.refused(Localized("无法写入 \(zipPath)", "Cannot write \(zipPath)"))
        }
    }
}

/// UTF-8 text turned into another encoding by iconv; a character the encoding
/// lacks is refused with its row.
final class UTF8Encoder {
    private let cd: iconv_t
    private let name: String
    private var output = [UInt8](repeating: 0, count: 64 * 1024)

    init(to name: String) throws {
        self.name = name
        cd = iconv_open(name, "UTF-8")
        if cd == iconv_t(bitPattern: -1) {
            throw StoreError.refused(Localized("系统缺少 \(name) 编码转换", "The system cannot convert to \(name)"))
        }
    }

    deinit { iconv_close(cd) }

    func encode(_ text: String, row: Int) throws -> [UInt8] { try encode(bytes: Array(text.utf8), row: row) }

    func encode(bytes: [UInt8], row: Int) throws -> [UInt8] {
        var input = bytes
        var result: [UInt8] = []
        var done = 0
        while done < input.count {
            let (consumed, produced, status) = iconvStep(cd, &input, from: done, into: &output)
            result.append(contentsOf: output[0..<produced])
            done += consumed
            if status == E2BIG { continue }
            if status != 0 {
                let rest = String(decoding: input[done...], as: UTF8.self)
                throw UnencodableCharacter(row: row, character: rest.first.map(String.init) ?? "")
            }
        }
        return result
    }
}

/// A character the chosen encoding cannot hold, on a row of the table written.
public struct UnencodableCharacter: Error, Sendable {
    /// The row of the file (the header is row 1).
    public var row: Int
    public var character: String
}

/// A table not written because some rows have characters its encoding lacks.
public struct UnencodableRows: Error, Sendable {
    public var rows: [UnencodableCharacter]
    public var encoding: FileEncoding
    /// What names each row for the reader (「0101 张三」), by row, when the writer's caller knows it.
    public var names: [Int: String] = [:]

    public init(rows: [UnencodableCharacter], encoding: FileEncoding) {
        self.rows = rows
        self.encoding = encoding
    }

    /// The refusal as the command line gives it: the options to use instead.
    public var message: Localized {
        message(advice: Localized("（--encoding utf8 或 --encoding gb18030）", " (--encoding utf8 or --encoding gb18030)"))
    }

    /// The refusal with `advice` on how to choose UTF-8 or GB18030 where the user is.
    public func message(advice: Localized) -> Localized {
        func name(_ r: UnencodableCharacter) -> String { names[r.row].map { "（\($0)）" } ?? "" }
        func nameEn(_ r: UnencodableCharacter) -> String { names[r.row].map { " \($0)" } ?? "" }
        let shown = rows.prefix(10).map { "第 \($0.row) 行\(name($0))“\($0.character)”" }.joined(separator: "、")
        let shownEn = rows.prefix(10).map { "row \($0.row)\(nameEn($0)) (\($0.character))" }.joined(separator: ", ")
        let more = rows.count > 10 ? "等 \(rows.count) 行" : ""
        let moreEn = rows.count > 10 ? " and \(rows.count - 10) more" : ""
        return Localized(
            "\(encoding.label.zh) 编码写不下这些字：\(shown)\(more)。未写入文件。请改用 UTF-8 或 GB18030 编码\(advice.zh)。",
            "\(encoding.label.en) cannot hold these characters: \(shownEn)\(moreEn). Nothing was written. Use UTF-8 or GB18030 instead\(advice.en).")
    }
}
