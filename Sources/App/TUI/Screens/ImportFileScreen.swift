import Domain
import Foundation
import Store
import UICore

/// The roster import wizard's first step: the file, its sheet and a saved
/// column mapping. Tab in the path completes folders and file names.
final class ImportFileScreen: FormScreen {
    init(_ context: AppContext, path: String = "") {
        let saved = (try? context.db.importMappings()) ?? []
        let mappings = [Choice(value: "", label: context.t(Localized("按表头自动对应", "Guess from the header")))]
            + saved.map { Choice(value: $0.name, label: $0.name) }
        let start = path.isEmpty ? FileManager.default.currentDirectoryPath + "/" : path
        super.init(context, spec: "import_file_form", values: ["path": start, "sheet": "", "mapping": ""],
                   choices: ["importMapping": mappings])
        form.markClean()
    }

    override var commands: [Command] {
        [saveCommand(Localized("下一步", "Next")), completeCommand,
         Command("F5", Localized("导入记录", "Imports")) { [unowned self] in .push(ImportHistoryScreen(context)) },
         escCommand]
    }

    /// Tab completes the path while the path is focused, else moves to the next field.
    var completeCommand: Command {
        Command("Tab", Localized("补全/下一项", "Complete/next")) { [unowned self] in
            guard form.focusedField.key == "path" else {
                _ = form.handle(.tab)
                return .none
            }
            let done = PathCompletion.complete(form.value("path"))
            form.setValue("path", done.text)
            form.markDirty()
            if done.candidates.count > 1 {
                let shown = done.candidates.prefix(8).joined(separator: "  ")
                return .message(Message(context.t(Localized("可选：", "Choices: ")) + shown
                                        + (done.candidates.count > 8 ? " …" : "")))
            }
            if done.candidates.isEmpty {
                return .message(Message(context.t(Localized("没有可补全的文件或文件夹", "Nothing to complete")), kind: .error))
            }
            return .none
        }
    }

    override var writesRecords: Bool { true }

    override func save() throws -> Action {
        let path = PathCompletion.expand(text("path"))
        let sheet = text("sheet")
        var file: TableFile
        do {
            file = try TableFile.open(path, sheet: sheet.isEmpty ? nil : sheet)
        } catch StoreError.refused(let why) {
            let field = why.zh.contains("工作表") ? "sheet" : "path"
            throw StoreError.invalid([FieldError(field: field, message: why)])
        }
        let name = form.value("mapping")
        let saved = name.isEmpty ? nil : try context.db.importMapping(named: name)
        // No sheet named: the first sheet whose header maps (a workbook often starts with notes).
        if file.format == .xlsx && sheet.isEmpty {
            for candidate in file.sheetNames {
                var f = file
                f.sheet = candidate
                let header = try f.firstRows(1).first?.fields ?? []
                if (saved ?? ImportMapping.guessed(header: header)).problems(in: header).isEmpty {
                    file = f
                    break
                }
            }
            form.setValue("sheet", file.sheet ?? file.sheetNames.first ?? "")
        }
        let header = try file.firstRows(1).first?.fields ?? []
        if header.isEmpty {
            throw StoreError.invalid([FieldError(field: file.format == .xlsx ? "sheet" : "path",
                                                 message: Localized("文件是空的", "The file is empty"))])
        }
        let mapping = saved ?? ImportMapping.guessed(header: header)
        return .push(ImportMappingScreen(context, file: file, header: header, mapping: mapping))
    }
}

/// Completion of a path typed in a field, as shells and mc complete: the
/// longest common start of the names in its folder that begin with what was
/// typed; a single folder gets its "/". Only folders and roster files are offered.
enum PathCompletion {
    static let fileKinds = ["xlsx", "csv", "tsv", "txt", "tab"]

    /// "~" and "~/…" as the home folder.
    static func expand(_ path: String) -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    static func complete(_ typed: String) -> (text: String, candidates: [String]) {
        let path = expand(typed)
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? "./"
        let start = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return (typed, []) }
        var matches: [String] = []
        for name in names.sorted() where name.hasPrefix(start) {
            if name.hasPrefix(".") && !start.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: folder + name, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                matches.append(name + "/")
            } else if fileKinds.contains((name as NSString).pathExtension.lowercased()) {
                matches.append(name)
            }
        }
        guard let first = matches.first else { return (typed, []) }
        var common = first
        for m in matches.dropFirst() {
            while !m.hasPrefix(common) { common.removeLast() }
        }
        // What was typed keeps its "~"; only the completed part is added.
        let added = String(common.dropFirst(start.count))
        return (typed + added, matches)
    }
}

/// Asks a name and saves the mapping under it.
final class ImportMappingNameScreen: FormScreen {
    let mapping: ImportMapping

    init(_ context: AppContext, mapping: ImportMapping) {
        self.mapping = mapping
        super.init(context, spec: "import_mapping_name_form", values: ["mappingName": ""])
    }

    override func save() throws -> Action {
        try context.db.saveImportMapping(mapping, name: text("mappingName"))
        form.markClean()
        return .sequence([.popDiscarding, .message(Message(context.t(Localized(
            "已保存列对应方案“\(text("mappingName"))”", "Saved the column mapping \(text("mappingName"))"))))])
    }
}
