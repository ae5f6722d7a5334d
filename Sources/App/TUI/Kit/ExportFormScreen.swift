import Domain
import Foundation
import Store
import UICore

/// F2 on a list: the file, the format, the encoding and, for a role that sees whole
/// numbers on a list that has them, whether to write them whole. F2 then writes every
/// row a slice at a time between keys, with a progress line (Esc stops), and goes back to
/// the list saying 「已导出 N 行到 FILE」. Refusals — rare characters GBK lacks, a file
/// that cannot be written — are shown in full under the form, which keeps what was typed.
final class ExportFormScreen: FormScreen {
    let listTitle: String
    let makeRows: (_ fullNumbers: Bool) throws -> ListRows
    /// The export under way.
    private var job: ListExport?
    /// Lines under the form: what will be written, the progress, or why nothing was.
    private var notes: [(text: String, style: Style)] = []

    init(_ context: AppContext, title: String, hasNumbers: Bool, rows: @escaping (_ fullNumbers: Bool) throws -> ListRows) {
        listTitle = title
        makeRows = rows
        let t = context.t
        let choices: [String: [Choice]] = [
            "exportFormat": [Choice(value: "xlsx", label: t(TableFormat.xlsx.label)),
                             Choice(value: "csv", label: t(TableFormat.csv.label))],
            "exportEncoding": [Choice(value: "utf8", label: t(Localized("UTF-8（Excel 2016 及以后）", "UTF-8 (Excel 2016 and later)"))),
                               Choice(value: "gbk", label: t(Localized("GBK（老版 Excel）", "GBK (old Excel)"))),
                               Choice(value: "gb18030", label: "GB18030")],
            "exportNumbers": [Choice(value: "masked", label: t(Localized("隐去中间数字", "Masked"))),
                              Choice(value: "full", label: t(Localized("完整（记入审计日志）", "In full (audited)")))],
        ]
        super.init(context, spec: "export_form", values: [
            "path": Self.defaultPath(title: title, today: context.today), "format": "xlsx", "encoding": "utf8",
            "numbers": "masked",
        ], choices: choices)
        // Whole numbers are a choice only where the list has them and the role may see them.
        if !(hasNumbers && context.db.may(.fullNumbers)) { form.fields.removeAll { $0.key == "numbers" } }
        followFormat()
        do {
            let rows = try makeRows(false)
            let filtered = rows.filter.isEmpty ? "" : context.t(Localized("（筛选“\(rows.filter)”）", " (filter \"\(rows.filter)\")"))
            notes = [(context.t(Localized("将导出“\(title)”的全部 \(rows.total) 行\(filtered)，列与屏幕上相同。",
                                          "Writes all \(rows.total) rows of \(title)\(filtered), with the screen's columns.")),
                      .normal)]
        } catch {
            notes = [(context.describe(error), Style(.error, bold: true))]
        }
    }

    /// 「~/户卡管理-2026-11-25.xlsx」: the list's title as a file name in the home folder.
    static func defaultPath(title: String, today: LocalDate) -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
        let name = title.replacingOccurrences(of: " · ", with: "-").replacingOccurrences(of: "/", with: "-")
        return "\(home)/\(name)-\(today).xlsx"
    }

    override var title: String { spec.title.text(context.language) + " · " + listTitle }
    override var writesRecords: Bool { false }
    override var hasUnsavedChanges: Bool { false }
    override var isWorking: Bool { job != nil }

    override var commands: [Command] {
        if job != nil { return [Command("Esc", Localized("停止", "Stop")) { [unowned self] in stop() }] }
        return [saveCommand(S.export), tabCommand, escCommand]
    }

    var format: TableFormat { form.value("format") == "csv" ? .csv : .xlsx }

    var encoding: FileEncoding { FileEncoding(rawValue: form.value("encoding")) ?? .utf8 }

    /// The file's extension and the encoding field follow the format (an xlsx is always UTF-8).
    private func followFormat() {
        form.setValue("path", ListExport.renaming(form.value("path"), to: format))
        if let i = form.fields.firstIndex(where: { $0.key == "encoding" }) { form.fields[i].readOnly = format == .xlsx }
    }

    override func handle(_ key: Key) -> Action {
        if job != nil { return .none }
        let before = form.value("format")
        let action = super.handle(key)
        if form.value("format") != before { followFormat() }
        return action
    }

    /// F2: checks the name against the format and asks before replacing a file, then starts.
    override func save() throws -> Action {
        let path = NSString(string: text("path")).expandingTildeInPath
        if let named = ListExport.format(ofFile: path), named != format {
            let fixed = ListExport.renaming(path, to: format)
            return .confirm(context.t(Localized(
                "文件名是 .\(URL(fileURLWithPath: path).pathExtension)，所选格式却是 \(context.t(format.label))。改存为 \(fixed) 吗？",
                "The file is named .\(URL(fileURLWithPath: path).pathExtension) but the format is \(context.t(format.label)). "
                    + "Save as \(fixed) instead?")),
                            onYes: { [unowned self] in
                form.setValue("path", fixed)
                return confirmReplacing(fixed)
            })
        }
        return confirmReplacing(ListExport.format(ofFile: path) == nil ? ListExport.renaming(path, to: format) : path)
    }

    private func confirmReplacing(_ path: String) -> Action {
        guard FileManager.default.fileExists(atPath: path) else { return start(path) }
        return .confirm(context.t(Localized("文件 \(path) 已存在，替换它吗？", "\(path) exists. Replace it?")),
                        onYes: { [unowned self] in start(path) })
    }

    private func start(_ path: String) -> Action {
        do {
            let rows = try makeRows(form.value("numbers") == "full")
            job = try ListExport(rows, path: path, format: format, encoding: encoding)
        } catch {
            return failed(error)
        }
        return work()
    }

    /// One slice of rows, then the progress line; at the end the file is finished and the list comes back.
    override func work() -> Action {
        guard let job else { return .none }
        do {
            guard try job.step() else {
                let label = context.t(Localized("导出", "Exporting"))
                notes = [(AppModel.progressText(label, done: job.written, total: job.rows.total, width: AppModel.minimumWidth - 4),
                          Style(.normal, bold: true)),
                         (context.t(Localized("按 Esc 停止（不留下文件）", "Esc stops (and leaves no file)")), Style(.dim))]
                return .none
            }
            self.job = nil
            _ = try job.finish(context.db)
            return .sequence([.popDiscarding, .message(Message(context.t(doneMessage(job))))])
        } catch {
            self.job = nil
            return failed(error)
        }
    }

    /// The message line's 「已导出 N 行到 ~/FILE」: the file's name alone when its path does not fit the line.
    private func doneMessage(_ job: ListExport) -> Localized {
        var path = job.path
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty, path.hasPrefix(home + "/") {
            path = "~" + path.dropFirst(home.count)
        }
        let message = job.doneMessage(file: path)
        guard TextWidth.of(context.t(message)) > AppModel.minimumWidth - 2 else { return message }
        return job.doneMessage(file: URL(fileURLWithPath: job.path).lastPathComponent)
    }

    private func stop() -> Action {
        job = nil
        notes = []
        return .message(Message(context.t(Localized("已停止导出，没有写入文件", "Export stopped; no file was written")), kind: .error))
    }

    /// Why nothing was written: in full under the form, in short on the message line.
    private func failed(_ error: Error) -> Action {
        let text: String
        if let refused = error as? UnencodableRows {
            text = context.t(refused.message(advice: Localized("（在“编码”一栏改选后再按 F2）", " (choose it under Encoding, then press F2)")))
            form.focus(key: "encoding")
        } else {
            text = context.describe(error)
        }
        notes = [(text, Style(.error, bold: true))]
        return .message(Message(context.t(Localized("未导出，原因见上方", "Not exported; see why above")), kind: .error))
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        super.render(into: &grid, in: rect)
        let inner = Rect(x: rect.x + 2, y: rect.y, width: rect.width - 4, height: rect.height)
        var y = inner.y + 2 + form.fields.reduce(0) { $0 + (form.errors[$1.key] == nil ? 1 : 2) }
        for note in notes {
            for line in TextWrap.wrap(note.text, width: inner.width) where y < inner.y + inner.height {
                grid.put(line, x: inner.x, y: y, maxWidth: inner.width, style: note.style)
                y += 1
            }
        }
    }
}
