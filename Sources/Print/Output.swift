import Domain
import Foundation

/// The character encoding of text output.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8, gb18030

    /// Foundation's GB18030 (`kCFStringEncodingGB_18030_2000`). Linux's Foundation does not
    /// export the CoreFoundation conversion, so there it is the value that conversion gives:
    /// 0x80000000 | 0x0632.
    #if canImport(Darwin)
    public static let gb18030Encoding = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
    #else
    public static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)
    #endif

    public var foundation: String.Encoding { self == .utf8 ? .utf8 : Self.gb18030Encoding }

    /// The page format text in this encoding is laid out for.
    public var pageFormat: PageFormat { self == .utf8 ? .continuous : .continuousGB18030 }
}

/// A failure to produce or print a file, explained in both languages.
public struct PrintError: Error, CustomStringConvertible, Sendable {
    public var message: Localized
    public init(_ zh: String, _ en: String) { message = Localized(zh, en) }
    public var description: String { message.zh }
}

/// Turning laid-out documents into bytes and files.
public enum Output {
    /// The text in an encoding; every character of a GB18030 document is encodable, so a
    /// failure means Foundation lacks the encoding.
    public static func textData(_ text: String, encoding: TextEncoding) throws -> Data {
        guard let data = text.data(using: encoding.foundation, allowLossyConversion: false) else {
            throw PrintError("无法把文本转换为 \(encoding.rawValue.uppercased()) 编码",
                             "The text cannot be encoded as \(encoding.rawValue)")
        }
        return data
    }

    public static func decode(_ data: Data, encoding: TextEncoding) -> String? {
        String(data: data, encoding: encoding.foundation)
    }

    /// Where weasyprint is, or nil.
    public static func weasyprintPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        findProgram("weasyprint", environment: environment)
    }

    public static func findProgram(_ name: String,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Renders HTML to a PDF file with weasyprint. Without weasyprint, says so and
    /// names the HTML or text output as the way out.
    public static func writePDF(html: String, to url: URL) throws {
        guard let weasyprint = weasyprintPath() else {
            throw PrintError("未安装 weasyprint，无法生成 PDF（请运行 make deps 或 apt-get install weasyprint）。"
                                + "可改存为文本（--format text）或 HTML（--format html）文件。",
                             "weasyprint is not installed, so no PDF can be made (run make deps, or apt-get install "
                                + "weasyprint). Save as text (--format text) or HTML (--format html) instead.")
        }
        let result = try ChildProcess.run([weasyprint, "--quiet", "-", url.path], input: Data(html.utf8))
        guard result.status == 0, FileManager.default.fileExists(atPath: url.path) else {
            throw PrintError("weasyprint 生成 PDF 失败（状态 \(result.status)）：\(result.text.prefix(400))",
                             "weasyprint failed (status \(result.status)): \(result.text.prefix(400))")
        }
    }
}

/// The formats a document can be saved or printed in.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, pdf, html

    /// The extension a file of this format is named with.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .pdf: "pdf"
        case .html: "html"
        }
    }

    /// The format a file name's extension names (.txt, .pdf, .html or .htm, any case);
    /// nil for another extension or none.
    public init?(extensionOf path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "txt", "text": self = .text
        case "pdf": self = .pdf
        case "html", "htm": self = .html
        default: return nil
        }
    }

    /// The path with its extension replaced by (or, without a known one, followed by) this format's.
    public func renaming(_ path: String) -> String {
        var base = path
        if OutputFormat(extensionOf: path) != nil, let dot = path.lastIndex(of: ".") { base = String(path[..<dot]) }
        return base + "." + fileExtension
    }

    /// The format to write `path` in: the one asked for, else the one its extension names,
    /// else text. Refused when both are given and disagree, so PDF bytes never land in a
    /// .txt file (or text in a .pdf).
    public static func forFile(_ path: String, requested: OutputFormat?) throws -> OutputFormat {
        let named = OutputFormat(extensionOf: path)
        guard let requested else { return named ?? .text }
        if let named, named != requested {
            let fixed = requested.renaming(path)
            throw PrintError(
                "文件名 \(path) 是 .\(named.fileExtension) 文件，而格式是 \(requested.rawValue)：请改用文件名 \(fixed)，"
                    + "或不写 --format（按扩展名选择格式）",
                "The file \(path) is named .\(named.fileExtension) but the format is \(requested.rawValue): name it \(fixed), "
                    + "or leave out --format (the extension then chooses)")
        }
        return requested
    }
}

/// A document ready to be written: its layout for text and (lazily) for A4.
public struct PrintJob: Sendable {
    public var document: Document
    /// Lays the document out for a page format (volumes recompute their contents per format).
    public var layout: @Sendable (PageFormat) -> LaidOutDocument

    public init(document: Document, layout: (@Sendable (PageFormat) -> LaidOutDocument)? = nil) {
        self.document = document
        self.layout = layout ?? { format in Layout.paginate(document, format: format) }
    }

    /// The bytes of the document in a format; PDF goes through a temporary file.
    public func data(format: OutputFormat, encoding: TextEncoding = .utf8) throws -> Data {
        switch format {
        case .text:
            return try Output.textData(layout(encoding.pageFormat).text, encoding: encoding)
        case .html:
            return Data(layout(.a4).html.utf8)
        case .pdf:
            let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: tmp) }
            try Output.writePDF(html: layout(.a4).html, to: tmp)
            return try Data(contentsOf: tmp)
        }
    }

    /// Writes the document to a file.
    public func write(to url: URL, format: OutputFormat, encoding: TextEncoding = .utf8) throws {
        if format == .pdf {
            try Output.writePDF(html: layout(.a4).html, to: url)
            return
        }
        do {
            try data(format: format, encoding: encoding).write(to: url)
        } catch let e as PrintError {
            throw e
        } catch {
            // Say why in the clerk's words: the folder is missing or not writable.
            let folder = url.deletingLastPathComponent().path
            let why = FileManager.default.fileExists(atPath: folder)
                ? ("目录 \(folder) 不可写", "the folder \(folder) is not writable")
                : ("目录 \(folder) 不存在", "the folder \(folder) does not exist")
            throw PrintError("无法写入文件 \(url.path)：\(why.0)", "Cannot write \(url.path): \(why.1)")
        }
    }
}

/// CUPS, through its command-line clients.
public enum PrintQueue {
    public struct Printer: Hashable, Sendable {
        public var name: String
        public var isDefault: Bool
        /// A raw queue passes bytes straight to the printer (a dot-matrix printer taking GB18030 text).
        public var isRaw: Bool

        public init(name: String, isDefault: Bool = false, isRaw: Bool = false) {
            self.name = name
            self.isDefault = isDefault
            self.isRaw = isRaw
        }

        /// How a document goes to this printer.
        public var sendsAs: Localized {
            isRaw ? Localized("针式打印机，发送 GB18030 文本", "dot-matrix, sent as GB18030 text")
                  : Localized("发送 PDF 文件", "sent as a PDF file")
        }

        /// The question before printing: 「用打印机「PDF」打印（发送 PDF 文件）？」. The queue's
        /// name is quoted so a queue called "PDF" does not read as the format.
        public var confirmation: Localized {
            Localized("用打印机「\(name)」打印（\(sendsAs.zh)）？", "Print on the printer \"\(name)\" (\(sendsAs.en))?")
        }
    }

    /// The queues CUPS knows, default first; empty when CUPS or lpstat is missing.
    public static func printers() -> [Printer] {
        guard Output.findProgram("lpstat") != nil,
              let list = try? ChildProcess.run(["lpstat", "-e"]), list.status == 0 else { return [] }
        let names = list.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let defaultName = defaultPrinter()
        return names.map { Printer(name: $0, isDefault: $0 == defaultName, isRaw: isRaw($0)) }
            .sorted { $0.isDefault && !$1.isDefault }
    }

    /// The system default destination (`lpstat -d`), if any.
    public static func defaultPrinter() -> String? {
        guard let r = try? ChildProcess.run(["lpstat", "-d"]), r.status == 0,
              let colon = r.text.firstIndex(of: ":") else { return nil }
        let name = r.text[r.text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// Whether a queue is raw: CUPS reports its make and model as "Local Raw Printer".
    public static func isRaw(_ name: String) -> Bool {
        guard let r = try? ChildProcess.run(["lpoptions", "-p", name]), r.status == 0 else { return false }
        return r.text.contains("Raw Printer") || r.text.contains("printer-make-and-model=raw")
    }

    /// The printer to use: the one asked for, else the settings value, else CUPS's default.
    public static func choose(_ requested: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Printer {
        let all = printers()
        if all.isEmpty {
            throw PrintError("没有可用的打印机（未安装 CUPS 或没有打印队列）。请先保存为文件再打印。",
                             "No printer is available (CUPS is missing or has no queues). Save to a file instead.")
        }
        let wanted = requested ?? environment["CHENGXIN_PRINTER"].flatMap { $0.isEmpty ? nil : $0 }
        if let wanted {
            guard let p = all.first(where: { $0.name == wanted }) else {
                throw PrintError("没有名为 \(wanted) 的打印机；可用的有：\(all.map(\.name).joined(separator: "、"))",
                                 "No printer named \(wanted); available: \(all.map(\.name).joined(separator: ", "))")
            }
            return p
        }
        if let d = all.first(where: \.isDefault) { return d }
        if all.count == 1 { return all[0] }
        throw PrintError("有多台打印机，请用 --printer 指定：\(all.map(\.name).joined(separator: "、"))",
                         "Several printers exist; choose one with --printer: \(all.map(\.name).joined(separator: ", "))")
    }

    /// Sends a document: GB18030 text with `-o raw` to raw queues, PDF to the others.
    /// Returns the job id lp reports ("PDF-3").
    @discardableResult
    public static func submit(_ job: PrintJob, to printer: Printer, title: String) throws -> String {
        let ext = printer.isRaw ? "txt" : "pdf"
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-print-\(UUID().uuidString).\(ext)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        if printer.isRaw {
            try job.write(to: tmp, format: .text, encoding: .gb18030)
        } else {
            try job.write(to: tmp, format: .pdf)
        }
        var args = ["lp", "-d", printer.name, "-t", title]
        if printer.isRaw { args += ["-o", "raw"] }
        args.append(tmp.path)
        let r = try ChildProcess.run(args)
        guard r.status == 0 else {
            throw PrintError("打印失败（lp 状态 \(r.status)）：\(r.text)", "Printing failed (lp status \(r.status)): \(r.text)")
        }
        // "request id is PDF-3 (1 file(s))"
        let words = r.text.split(separator: " ")
        if let i = words.firstIndex(of: "is"), i + 1 < words.count { return String(words[i + 1]) }
        return r.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
