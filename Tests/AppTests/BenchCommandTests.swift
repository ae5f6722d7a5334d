import Foundation
import Testing
import Domain
import Print
@testable import App

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct BenchCommandTests {
    @Test func aTinyBenchPrintsEveryFigureOfTheTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-bench-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = dir
        env["CHENGXIN_LANG"] = "zh"
        let r = try ChildProcess.run([chengxinBinary, "bench", "--households", "300", "--runs", "2", "--import-rows", "300",
                                      "--db", dir + "/county.sqlite"], environment: env)
        let out = r.text
        #expect(r.status == 0, "\(out)")
        for label in ["首屏（进程内", "首屏（真实程序", "逐键搜索：汉字", "逐键搜索：拼音首字母", "打开", "花名册逐行滚动",
                      "组卷：", "导入 300 行", "终端字节：表格中每次光标移动", "终端字节：表单中每次按键",
                      "峰值内存（真实程序", "峰值内存（本测试进程"] {
            #expect(out.contains(label), "missing \(label)")
        }
        #expect(out.contains("导入后 verify() 通过"))
        #expect(out.contains("生成行校验和"))
        // Every budgeted figure is judged.
        let judged = out.split(separator: "\n").filter { $0.hasSuffix("PASS") || $0.hasSuffix("MISS") }
        #expect(judged.count >= 10, "\(out)")
        // The same seed again gives the same rows.
        let again = try ChildProcess.run([chengxinBinary, "bench", "--households", "300", "--runs", "1", "--import-rows", "50",
                                          "--db", dir + "/county2.sqlite", "--lang", "en"], environment: env)
        func checksum(_ text: String) -> String? {
            guard let line = text.split(separator: "\n").first(where: { $0.contains("checksum") || $0.contains("校验和") })
            else { return nil }
            return String(line.suffix(64))
        }
        #expect(again.status == 0, "\(again.text)")
        #expect(checksum(out) != nil)
        #expect(checksum(out) == checksum(again.text))
        #expect(again.text.contains("Search per keystroke"))
    }

    @Test func importCommandTakesAGoodFileAndRefusesABadOneListingTheLines() throws {
        let db = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: (db as NSString).deletingLastPathComponent) }
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let dir = (db as NSString).deletingLastPathComponent
        func id(_ n: Int) -> String { IDNumber.make(area: "990101", birthDate: LocalDate("1970-03-04")!, sequence: n * 2 + 1) }
        let good = "户号,社,地址,户主姓名,性别,身份证号,电话\nX1,1,一号,赵一,男,\(id(1)),13800000001\nX2,1,二号,赵二,男,\(id(2)),\n"
        try good.write(toFile: dir + "/good.csv", atomically: true, encoding: .utf8)
        let bad = "户号,社,地址,户主姓名,性别,身份证号,电话\nX3,1,三号,赵三,男,\(id(3)),\nX4,99,四号,赵四,男,\(id(4)),\nX5,1,五号,,男,\(id(5)),\n"
        try bad.write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        // A group leader may not; the clerk may.
        let ok = try runCLI(["import", "households", dir + "/good.csv"], db: db, user: "clerk", password: "demo2026")
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("已从") && ok.output.contains("导入 2 户"))
        let refused = try runCLI(["import", "households", dir + "/bad.csv"], db: db, user: "clerk", password: "demo2026")
        #expect(refused.status == 1)
        #expect(refused.output.contains("未导入任何记录"), "\(refused.output)")
        #expect(refused.output.contains("第 3 行") && refused.output.contains("第 4 行"))
        #expect(!refused.output.contains("第 2 行"))
        let list = try runCLI(["households", "list"], db: db, user: "clerk", password: "demo2026")
        #expect(list.output.contains("X1") && list.output.contains("X2") && !list.output.contains("X3"))
        let verify = try runCLI(["verify"], db: db)
        #expect(verify.status == 0, "\(verify.output)")
    }
}
