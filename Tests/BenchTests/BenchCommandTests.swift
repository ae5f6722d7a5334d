import Foundation
import Testing
import Domain
import Print

/// The built `chengxin`: $CHENGXIN_BIN, else beside the test bundle in .build/<config>/.
let chengxinBinary = ProcessInfo.processInfo.environment["CHENGXIN_BIN"]
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("chengxin").path

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
        for label in ["首屏（进程内", "首屏（真实程序", "主界面概况（全部数字，含整改和待办）", "逐键搜索：汉字", "逐键搜索：拼音首字母", "打开", "花名册逐行滚动",
                      "组卷：", "重复人员扫描：全县", "导入 300 行", "终端字节：表格中每次光标移动", "终端字节：表单中每次按键",
                      "峰值内存（真实程序", "峰值内存（本测试进程"] {
            #expect(out.contains(label), "missing \(label)")
        }
        #expect(out.contains("导入后 verify() 通过"))
        #expect(out.contains("生成行校验和"))
        // Every budgeted figure is judged.
        let judged = out.split(separator: "\n").filter { $0.hasSuffix("PASS") || $0.hasSuffix("MISS") }
        #expect(judged.count >= 11, "\(out)")
        #expect(out.split(separator: "\n").contains { $0.hasPrefix("主界面概况") && $0.contains("sqlite3 运行其主要 SQL") && $0.hasSuffix("PASS") },
                "\(out)")
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
}
