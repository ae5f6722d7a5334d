import Domain
import Foundation
import Print
import Store
import Testing
@testable import App

/// A database file with the fixture village and a signed group, for the binary.
func fixtureDatabaseFile() throws -> String {
    let path = temporaryDatabase()
    let db = try AppDatabase.open(path: path, passwordCost: testPasswordCost)
    let v = try db.saveVillage(Village(name: "星光村", township: "示范镇", county: "示范县"))
    let g1 = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
    for (i, name) in ["张三", "王建国", "刘海涛"].enumerated() {
        let (h, _) = try db.createHousehold(
            Household(villageId: v.id!, villageGroupId: g1.id!, number: "010\(i + 1)", address: "星光村一社\(i + 1)号",
                      phone: "1391234567\(i)"),
            head: Person(householdId: 0, name: name, sex: .male,
                         idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11 + 2 * i),
                         relation: .head, maritalStatus: .married))
        try db.savePerson(Person(householdId: h.id!, name: ["李秀英", "赵桂兰", "陈玉梅"][i], sex: .female,
                                 idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1987-09-30")!, sequence: 22 + 2 * i),
                                 relation: .spouse, maritalStatus: .married))
    }
    try db.installDefaultTemplate(from: repoRoot.appendingPathComponent("Data/agreement_template.txt"))
    try makeSignedGroup(db)
    try db.createFirstAdministrator(username: testAdmin.username, displayName: "", password: testAdmin.password)
    return path
}

func runPrintCLI(_ args: [String], db: String, input: Data? = nil) throws -> (status: Int32, data: Data) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = "zh"
    env["CHENGXIN_TODAY"] = "2026-11-25"
    env["CHENGXIN_USER"] = testAdmin.username
    env["CHENGXIN_PASSWORD"] = testAdmin.password
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env, input: input)
    return (r.status, r.output)
}

let cupsPDFInstalled = FileManager.default.fileExists(atPath: "/usr/lib/cups/backend/cups-pdf")
    && Output.findProgram("lp") != nil && Output.findProgram("pdftotext") != nil && Output.findProgram("weasyprint") != nil

@Suite(.serialized) struct PrintCommandTests {
    @Test func printArchiveAsGB18030TextAndAsPDF() throws {
        let db = try fixtureDatabaseFile()
        let dir = URL(fileURLWithPath: db).deletingLastPathComponent()
        let txt = dir.appendingPathComponent("v.txt").path
        var r = try runPrintCLI(["print", "archive", "--group", "一社第一小组", "--encoding", "gb18030", "-o", txt], db: db)
        #expect(r.status == 0, "\(String(decoding: r.data, as: UTF8.self))")
        let text = try #require(Output.decode(try Data(contentsOf: URL(fileURLWithPath: txt)), encoding: .gb18030))
        #expect(text.contains("卷内文件目录") && text.contains("张三、李秀英"))
        // To standard output in UTF-8 by default.
        r = try runPrintCLI(["print", "roster", "--group", "一社第一小组"], db: db)
        let roster = String(decoding: r.data, as: UTF8.self)
        #expect(roster.contains("诚信计生小组成员花名册") && roster.contains("139****5670"))
        // Errors in the user's language.
        r = try runPrintCLI(["print", "card", "--household", "9999"], db: db)
        #expect(r.status == 1)
        #expect(String(decoding: r.data, as: UTF8.self).contains("没有户编号为 9999 的户"))
        r = try runPrintCLI(["print", "archive", "--group", "一社第一小组", "--format", "pdf"], db: db)
        #expect(r.status == 1)
        #expect(String(decoding: r.data, as: UTF8.self).contains("PDF 需要写入文件"))
        // The file name's extension chooses the format when --format is absent…
        let html = dir.appendingPathComponent("v.html").path
        r = try runPrintCLI(["print", "roster", "--group", "一社第一小组", "-o", html], db: db)
        #expect(r.status == 0, "\(String(decoding: r.data, as: UTF8.self))")
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<html"))
        // …and a --format that disagrees with it is refused before anything is written.
        let wrongTxt = dir.appendingPathComponent("w.txt").path
        r = try runPrintCLI(["print", "roster", "--group", "一社第一小组", "--format", "pdf", "-o", wrongTxt], db: db)
        #expect(r.status == 1)
        #expect(String(decoding: r.data, as: UTF8.self).contains("请改用文件名 \(dir.appendingPathComponent("w.pdf").path)"))
        #expect(!FileManager.default.fileExists(atPath: wrongTxt))
        let wrongPDF = dir.appendingPathComponent("w.pdf").path
        r = try runPrintCLI(["print", "roster", "--group", "一社第一小组", "--format", "text", "-o", wrongPDF], db: db)
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: wrongPDF))
        // Every group into a folder; no progress bar when stderr is not a terminal.
        r = try runPrintCLI(["print", "archive", "--all", "-o", dir.appendingPathComponent("all").path], db: db)
        #expect(r.status == 0)
        #expect(!String(decoding: r.data, as: UTF8.self).contains("[#"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("all/星光村一社第一小组诚信计生档案.txt").path))
    }

    @Test(.enabled(if: pdfToolsReady, "weasyprint and pdftotext are installed by make deps"))
    func printArchiveAsPDFHasTheNamesAndSections() throws {
        let db = try fixtureDatabaseFile()
        let pdf = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("v.pdf").path
        // No --format: the .pdf extension chooses PDF.
        let r = try runPrintCLI(["print", "archive", "--group", "一社第一小组", "-o", pdf], db: db)
        #expect(r.status == 0, "\(String(decoding: r.data, as: UTF8.self))")
        let text = try ChildProcess.run(["pdftotext", pdf, "-"]).text.filter { !$0.isWhitespace }
        for s in ["张三、李秀英", "赵桂兰", "案卷封面", "卷内文件目录", "诚信计生小组成员花名册", "诚信计生小组长选举记录",
                  "诚信计生协议书", "协议书签字表", "诚信计生家庭承诺书", "奖励优惠兑现记录", "评估结果", "卷内备考表"] {
            #expect(text.contains(s), "missing \(s)")
        }
    }

    /// Prints a volume through CUPS to the cups-pdf queue "PDF" (set up by .ci/cups-pdf-queue)
    /// and reads the PDF the queue wrote.
    @Test(.enabled(if: cupsPDFInstalled, "cups, printer-driver-cups-pdf and weasyprint are installed by make deps"))
    func printAVolumeThroughLpToTheCupsPDFQueue() throws {
        let setup = try ChildProcess.run([repoRoot.appendingPathComponent(".ci/cups-pdf-queue").path])
        try #require(setup.status == 0, "cannot set up the PDF queue: \(setup.text)")
        let db = try fixtureDatabaseFile()
        let r = try runPrintCLI(["print", "archive", "--group", "一社第一小组", "--printer", "PDF"], db: db)
        let said = String(decoding: r.data, as: UTF8.self)
        try #require(r.status == 0, "\(said)")
        #expect(said.contains("已发送到打印机「PDF」（作业 PDF-"))
        // "（作业 PDF-12）": cups-pdf names its file …job_12.pdf, under the user's ~/PDF or ANONYMOUS.
        let job = try #require(said.split(separator: "-").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(said)")
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let dirs = ["\(home)/PDF", "/var/spool/cups-pdf/ANONYMOUS", "/var/spool/cups-pdf/\(NSUserName())"]
        var found: String?
        let deadline = Date().addingTimeInterval(120)
        while found == nil && Date() < deadline {
            for dir in dirs {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                if let f = files.first(where: { $0.hasSuffix("job_\(job).pdf") }) { found = "\(dir)/\(f)" }
            }
            if found == nil { Thread.sleep(forTimeInterval: 0.3) }
        }
        let file = try #require(found, "no job_\(job).pdf in \(dirs)")
        defer { try? FileManager.default.removeItem(atPath: file) }
        // cups-pdf may still be writing: wait for pdftotext to succeed.
        var text = ""
        for _ in 0..<300 {
            let t = try ChildProcess.run(["pdftotext", file, "-"])
            if t.status == 0 && t.text.filter({ !$0.isWhitespace }).contains("卷内备考表") { text = t.text; break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let flat = text.filter { !$0.isWhitespace }
        #expect(flat.contains("星光村一社第一小组诚信计生档案"), "\(file) \(said) \(text.prefix(500))")
        #expect(flat.contains("张三、李秀英"))
        #expect(flat.contains("卷内备考表"))
    }
}

let pdfToolsReady = Output.findProgram("weasyprint") != nil && Output.findProgram("pdftotext") != nil

extension EndToEndTests {
    @Test func openThePreviewOfAVolumeAndPageThroughIt() throws {
        let db = try fixtureDatabaseFile()
        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn()
        try t.waitFor("打印与归档")
        try t.keys("8")
        try t.waitFor("小组档案（一组一卷）")
        try t.keys("1")
        try t.waitFor("一社第一小组")
        try t.keys("Enter")
        let cover = try t.waitFor("第 1/")
        #expect(cover.contains("案卷封面"))
        let total = try #require(cover.split(separator: "/").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) })
        try t.keys("NPage")
        try t.waitFor("第 2/\(total) 页")
        try t.waitFor("卷内文件目录")
        try t.keys("NPage")
        try t.waitFor("第 3/\(total) 页")
        try t.waitFor("诚信计生小组成员花名册")
        try t.keys("End")
        try t.waitFor("第 \(total)/\(total) 页")
        try t.waitFor("卷内备考表")
        try t.keys("PPage")
        try t.waitFor("第 \(total - 1)/\(total) 页")
        try t.keys("Home")
        try t.waitFor("第 1/\(total) 页")
        try t.keys("Escape")
        try t.waitFor("小组档案（一组一卷）")
    }
}
