import Domain
import Foundation

extension TableFile {
    /// Where the error file of this file goes by default: beside it, named after it.
    public var defaultErrorPath: String {
        let url = URL(fileURLWithPath: path)
        let ext = format == .xlsx ? "xlsx" : (format == .tsv ? "tsv" : "csv")
        return url.deletingLastPathComponent()
            .appendingPathComponent(url.deletingPathExtension().lastPathComponent + "-错误.\(ext)").path
    }

    /// Writes every row of this file with one more column that gives its problems,
    /// in the file's own format and encoding, so it can be corrected in Excel and
    /// imported again. Rows without a problem have the column empty.
    public func writeErrorFile(problems: [ImportProblem], to output: String, language: Language) throws {
        var byLine: [Int: [String]] = [:]
        for p in problems { byLine[p.line, default: []].append(p.message.text(language)) }
        let writer = try TableWriter(path: output, format: format, encoding: encoding,
                                     sheetName: language == .en ? "Problems" : "错误")
        var width: Int?
        try forEachRow { row in
            var fields = row.fields
            guard let w = width else {
                // The header, with the problem column after the file's own (and its own problems, if any).
                width = fields.count
                fields.append(language == .en ? "Problem" : "错误原因")
                if let messages = byLine[row.line] { fields.append(messages.joined(separator: "；")) }
                try writer.write(fields)
                return
            }
            // Short rows are padded so the problem lands in its column.
            if fields.count < w { fields += Array(repeating: "", count: w - fields.count) }
            if let messages = byLine[row.line] {
                fields.append(messages.joined(separator: "；"))
            }
            try writer.write(fields)
        }
        try writer.close()
    }
}
