import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// The roster import wizard in process: file, columns, preview, import, history and undo.
@Suite struct ImportWizardTests {
    /// A fixture of the Store tests (files made by openpyxl, LibreOffice, iconv), copied to a folder of its own.
    func fixture(_ name: String, as copy: String? = nil) throws -> String {
        let source = repoRoot.appendingPathComponent("Tests/StoreTests/Fixtures/rosters/\(name)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent(copy ?? name)
        try FileManager.default.copyItem(at: source, to: target)
        return target.path
    }

    /// The system menu's 导入花名册 with `path` in the file field, then F2.
    func openWizard(_ app: AppModel, path: String) throws -> ImportMappingScreen? {
        app.press(.char("9"), .char("7"))
        let screen = try #require(app.top as? ImportFileScreen)
        screen.form.setValue("path", path)
        app.press(.function(2))
        return app.top as? ImportMappingScreen
    }

    @Test func fromFileToPreviewToImportToUndo() throws {
        let app = try makeModel()
        let before = try app.context.db.counts().persons
        let mapping = try #require(try openWizard(app, path: try fixture("persons_openpyxl.xlsx")))
        // The workbook's first sheet holds notes: the sheet whose header maps is taken.
        #expect(mapping.file.sheet == "人员")
        var text = app.screenText
        #expect(text.contains("列已对应好：F2 预览") && text.contains("A 户编号") && text.contains("990101********0035"))
        // ← on 户编号 leaves it unmapped, and the header says what is missing; → maps it again.
        app.press(.left)
        #expect(app.screenText.contains("没有对应“户编号”的列"))
        app.press(.function(2))
        #expect(app.top is ImportMappingScreen && app.screenText.contains("没有对应“户编号”的列"))
        app.press(.right)
        #expect(app.screenText.contains("列已对应好"))
        app.press(.function(2))
        let preview = try #require(app.top as? ImportPreviewScreen)
        text = app.screenText
        #expect(text.contains("共 8 行：新增 8 人，已有 0 人，更新 0 人，有误 0 行；新户 3 户"))
        #expect(text.contains("欧阳建国") && text.contains("990101********0035") && !text.contains("990101197803140035"))
        #expect(preview.commands.contains { $0.name == "F2" && $0.needs == .writeRecords })
        app.press(.function(2))
        #expect(app.top is ImportHistoryScreen)
        text = app.screenText
        #expect(text.contains("已导入第 1 批：新增 8 人、新户 3 户") && text.contains("有效"))
        #expect(try app.context.db.counts().persons == before + 8)
        app.press(.function(8))
        #expect(app.screenText.contains("撤销第 1 批导入（persons_openpyxl.xlsx）吗？"))
        app.press(.char("y"))
        #expect(app.screenText.contains("已撤销第 1 批导入") && app.screenText.contains("已撤销"))
        #expect(try app.context.db.counts().persons == before)
        #expect(try app.context.db.verify().isClean)
    }

    @Test func refusedRowsBlockTheImportAndGoToAnErrorFileBesideIt() throws {
        let app = try makeModel()
        let path = try fixture("persons_gbk.csv", as: "花名册.csv")
        // 王芳's relation made unreadable, in GBK as the file is.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // CoreFoundation's kCFStringEncodingGB_18030_2000, as Foundation's String.Encoding.
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)
        let from = Array("0291,二社,,王芳,配偶".data(using: gb18030)!)
        let to = Array("0291,二社,,王芳,表亲".data(using: gb18030)!)
        if let range = bytes.firstRange(of: from) { bytes.replaceSubrange(range, with: to) }
        try bytes.write(to: URL(fileURLWithPath: path))
        _ = try #require(try openWizard(app, path: path))
        app.press(.function(2))
        #expect(app.top is ImportPreviewScreen)
        let errorPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("花名册-错误.csv").path
        let text = app.screenText
        #expect(text.contains("有误 1 行") && text.contains("请改正错误文件") && text.contains("表亲") && text.contains("与户主关"))
        #expect(text.contains(String(errorPath.suffix(40))))
        // Enter shows the whole problem of the row.
        app.press(.down, .down, .down, .down, .down, .enter)
        #expect(app.screenText.contains("第 7 行：与户主关系无法识别：表亲"))
        app.press(.function(2))
        #expect(app.screenText.contains("有 1 行有误，不能导入"))
        #expect(try app.context.db.importBatches().isEmpty)
        // The error file is GBK like the file, every row, with the reason in its own column.
        let written = try TableFile.open(errorPath)
        #expect(written.encoding == .gb18030)
        var rows: [[String]] = []
        try written.forEachRow { rows.append($0.fields) }
        #expect(rows.count == 9 && rows[0].last == "错误原因" && rows[6].last?.contains("与户主关系无法识别：表亲") == true)
    }

    @Test func tabCompletesFoldersAndRosterFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/备份", withIntermediateDirectories: true)
        for name in ["花名册一月.xlsx", "花名册二月.csv", "说明.pdf", ".隐藏.csv"] {
            fm.createFile(atPath: dir + "/" + name, contents: Data())
        }
        let two = PathCompletion.complete(dir + "/花")
        #expect(two.text == dir + "/花名册" && two.candidates == ["花名册一月.xlsx", "花名册二月.csv"])
        #expect(PathCompletion.complete(dir + "/备").text == dir + "/备份/")
        #expect(PathCompletion.complete(dir + "/说").candidates.isEmpty)
        #expect(PathCompletion.complete(dir + "/").candidates == ["备份/", "花名册一月.xlsx", "花名册二月.csv"].sorted())
        // The screen: Tab in the path completes and names the choices; elsewhere it moves on.
        let app = try makeModel()
        app.press(.char("9"), .char("7"))
        let screen = try #require(app.top as? ImportFileScreen)
        screen.form.setValue("path", dir + "/花")
        app.press(.tab)
        #expect(screen.form.value("path") == dir + "/花名册" && app.screenText.contains("可选：花名册一月.xlsx"))
        screen.form.focus(key: "sheet")
        app.press(.tab)
        #expect(screen.form.focusedField.key == "mapping")
    }

    @Test func longWorkReportsProgressAndAViewerCannotImportOrUndo() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        var reported: [(String, Int, Int)] = []
        app.context.progressSink = { reported.append(($0, $1, $2)) }
        _ = try #require(try openWizard(app, path: try fixture("persons_utf8.csv")))
        app.press(.function(2))
        #expect(reported.last.map { $0.0 == "核对" && $0.1 == 8 && $0.2 == 8 } == true)
        #expect(AppModel.progressText("导入", done: 12_000, total: 25_000, width: 78)
            .hasPrefix("导入 [###################---------------------] 12000/25000（48%）"))
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let viewer = try makeModel(db)
        viewer.press(.char("9"), .char("7"))
        #expect(viewer.screenText.contains("只有管理员和计生专干可以导入花名册"))
        viewer.context.db.signOut()
    }
}
