import ArgumentParser
import Domain
import Foundation
import Print
import Store

/// Where and how a printed document goes.
struct PrintOutputOptions: ParsableArguments {
    @Option(help: .zh("text、pdf 或 html（默认：按 -o 文件的扩展名 .txt/.pdf/.html，否则 text；打印机收 PDF，原始队列收 GB18030 文本）。", en: "text, pdf or html (default: the -o file's extension .txt/.pdf/.html, else text; a printer takes PDF, a raw queue GB18030 text)."))
    var format: String?

    @Option(help: .zh("文本编码：utf8 或 gb18030（老式针式打印机用）。", en: "Text encoding: utf8 or gb18030 (for old dot-matrix printers)."))
    var encoding: String = "utf8"

    @Option(name: [.short, .customLong("output")], help: .zh("写入这个文件（与 --all 一起用时为文件夹）。", en: "Write to this file (a folder with --all)."))
    var output: String?

    @Option(help: .zh("通过 CUPS 打印到这个队列（默认：$CHENGXIN_PRINTER，否则 CUPS 默认打印机）。", en: "Print through CUPS to this queue (default: $CHENGXIN_PRINTER, else the CUPS default)."))
    var printer: String?

    @Flag(name: .customLong("print"), help: .zh("打印到默认打印机。", en: "Print to the default printer."))
    var toPrinter = false

    /// The format given with --format, nil when none was.
    func requestedFormat(_ en: Bool) throws -> OutputFormat? {
        guard let format else { return nil }
        guard let f = OutputFormat(rawValue: format.lowercased()) else {
            throw UserError(en ? "Unknown format \(format): use text, pdf or html." : "未知的格式 \(format)：可用 text、pdf 或 html")
        }
        return f
    }

    /// The format asked for, else text (for standard output and --all's file names).
    func outputFormat(_ en: Bool) throws -> OutputFormat {
        try requestedFormat(en) ?? .text
    }

    func textEncoding(_ en: Bool) throws -> TextEncoding {
        switch encoding.lowercased().replacingOccurrences(of: "-", with: "") {
        case "utf8": return .utf8
        case "gb18030", "gbk", "gb": return .gb18030
        default: throw UserError(en ? "Unknown encoding \(encoding): use utf8 or gb18030." : "未知的编码 \(encoding)：可用 utf8 或 gb18030")
        }
    }

    var wantsPrinter: Bool { printer != nil || toPrinter }

    /// Prints, writes or shows one document.
    func deliver(_ job: PrintJob, name: String, language: Language, file: String? = nil) throws {
        let en = language == .en
        let requested = try requestedFormat(en)
        let format = requested ?? .text
        let encoding = try textEncoding(en)
        do {
            if wantsPrinter {
                let p = try PrintQueue.choose(printer)
                let id = try PrintQueue.submit(job, to: p, title: name)
                FileHandle.standardError.write(Data((en ? "Sent to the printer \"\(p.name)\" (job \(id), \(p.sendsAs.en))\n"
                                                        : "已发送到打印机「\(p.name)」（作业 \(id)，\(p.sendsAs.zh)）\n").utf8))
                return
            }
            if let path = file ?? output {
                // The extension chooses the format when --format is absent; the two must agree when both are given.
                let format = try OutputFormat.forFile(path, requested: requested)
                try job.write(to: URL(fileURLWithPath: path), format: format, encoding: encoding)
                FileHandle.standardError.write(Data(((en ? "Saved " : "已保存 ") + path + "\n").utf8))
                return
            }
            guard format != .pdf else {
                throw UserError(en ? "A PDF needs a file: add -o FILE.pdf." : "PDF 需要写入文件：请加 -o 文件名.pdf")
            }
            FileHandle.standardOutput.write(try job.data(format: format, encoding: encoding))
        } catch let e as PrintError {
            throw UserError(e.message.text(language))
        }
    }
}

struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print",
        abstract: helpText("打印文件：小组档案卷（一组一卷）、供签字的协议书、家庭承诺书、成员花名册、户卡、村务公开栏。",
            "Print documents: a group's archive volume (一组一卷), the agreement for signing, pledge sheets, "
            + "member lists, household cards, the disclosure board."),
        subcommands: [Archive.self, AgreementDoc.self, Pledge.self, Roster.self, Card.self, Board.self])

    static func assembler(_ options: GlobalOptions) throws -> (AppDatabase, DocumentAssembler) {
        let db = try options.openDatabase()
        _ = try requireVillage(db, options.language)
        return (db, DocumentAssembler(db: db, today: .today(), language: options.language))
    }

    static func run(_ options: GlobalOptions, _ body: () throws -> Void) throws {
        do { try body() } catch let e as PrintError { throw UserError(e.message.text(options.language)) }
    }

    /// Prints one document: `job` builds it and names its file.
    static func deliver(_ options: GlobalOptions, _ out: PrintOutputOptions,
                        _ job: (DocumentAssembler) throws -> (PrintJob, String)) throws {
        let (_, a) = try assembler(options)
        try run(options) {
            let (j, name) = try job(a)
            try out.deliver(j, name: name, language: options.language)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("一个小组的档案卷（一组一卷），或用 --all 打印每个小组的。", "A group's archive volume (一组一卷), or every group's with --all."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("小组的编号或完整名称。", en: "The group's id or exact name.")) var group: String?
        @Flag(help: .zh("每个小组各一卷，显示进度条。", en: "Every group, one volume each, with a progress bar.")) var all = false

        func run() throws {
            let en = options.language == .en
            let (db, assembler) = try PrintCommand.assembler(options)
            try PrintCommand.run(options) {
                if !all {
                    guard let group else { throw UserError(en ? "Name a group with --group, or use --all." : "请用 --group 指定小组，或用 --all 打印全部小组") }
                    let g = try assembler.group(group)
                    let input = try assembler.archiveVolume(g)
                    try out.deliver(try assembler.archiveJob(g), name: input.volumeTitle, language: options.language)
                    return
                }
                let groups = try db.honestyGroups(on: assembler.today)
                if groups.isEmpty { throw UserError(en ? "There are no honesty groups." : "本村还没有诚信计生小组") }
                let format = try out.outputFormat(en)
                if let dir = out.output {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                }
                let progress = ProgressBar(total: groups.count, enabled: isatty(2) == 1)
                for (i, summary) in groups.enumerated() {
                    let g = summary.group
                    progress.show(i, label: g.name)
                    let title = try assembler.archiveVolume(g).volumeTitle
                    let file = out.output.map { "\($0)/\(title).\(format == .text ? "txt" : format.rawValue)" }
                    try out.deliver(try assembler.archiveJob(g), name: title, language: options.language, file: file)
                }
                progress.finish(label: en ? "\(groups.count) volumes" : "共 \(groups.count) 卷")
            }
        }
    }

    struct AgreementDoc: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "agreement",
            abstract: helpText("小组的协议书，每户成员留有签字栏。", "The group's agreement with blank signature lines per member household."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("小组的编号或完整名称。", en: "The group's id or exact name.")) var group: String
        func run() throws {
            try PrintCommand.deliver(options, out) { a in
                let g = try a.group(group)
                return (try a.agreementJob(g), g.name + "协议书")
            }
        }
    }

    struct Pledge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("一户的家庭承诺书（供签字）。", "A household's pledge sheet (承诺书) to sign."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("户编号。", en: "Household number.")) var household: String
        func run() throws {
            try PrintCommand.deliver(options, out) { a in (try a.pledgeJob(household), household + "户承诺书") }
        }
    }

    struct Roster: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("小组成员花名册（一页）。", "The group's one-page member list (花名册)."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("小组的编号或完整名称。", en: "The group's id or exact name.")) var group: String
        func run() throws {
            try PrintCommand.deliver(options, out) { a in
                let g = try a.group(group)
                return (try a.rosterJob(g), g.name + "花名册")
            }
        }
    }

    struct Card: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("一户一卡，含完整身份证号。", "A household card (一户一卡), with full ID numbers."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("户编号。", en: "Household number.")) var household: String
        func run() throws {
            try PrintCommand.deliver(options, out) { a in (try a.cardJob(household), household + "户卡") }
        }
    }

    struct Board: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "村务公开栏（阳光计生公开栏）：机构、政策、程序、服务、维权、动态六类，取自本期的记录。",
            "The village's public disclosure board (阳光计生公开栏): the six categories, from the records of the period."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var out: PrintOutputOptions
        @Option(help: .zh("公开期间 FROM..TO（YYYY-MM-DD..YYYY-MM-DD；默认今年1月1日至今天）。",
                          en: "The period FROM..TO (YYYY-MM-DD..YYYY-MM-DD; default from 1 January to today).")) var period: String?
        func run() throws {
            let range = try period.map { try Board.parsePeriod($0, options.language) }
            try PrintCommand.deliver(options, out) { a in (try a.boardJob(period: range), "阳光计生公开栏") }
        }

        /// "2026-01-01..2026-06-30" as a range of days; the start not after the end.
        static func parsePeriod(_ text: String, _ language: Language) throws -> ClosedRange<LocalDate> {
            let parts = text.components(separatedBy: "..")
            guard parts.count == 2 else {
                throw UserError(language == .en ? "--period: write it as FROM..TO, e.g. 2026-01-01..2026-06-30."
                                                : "--period：应写成 开始..结束，如 2026-01-01..2026-06-30。")
            }
            let from = try parseDate(parts[0], option: "--period", language)
            let to = try parseDate(parts[1], option: "--period", language)
            guard from <= to else {
                throw UserError(language == .en ? "--period: \(from) is after \(to)." : "--period：开始日期 \(from) 晚于结束日期 \(to)。")
            }
            return from...to
        }
    }
}

/// "[#####.....] 3/8 name" on standard error, redrawn in place; silent when stderr is not a terminal.
final class ProgressBar {
    let total: Int
    let enabled: Bool
    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func show(_ done: Int, label: String) {
        guard enabled else { return }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(done)/\(total) \(label)".utf8))
    }

    func finish(label: String) {
        guard enabled else { return }
        show(total, label: label)
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
