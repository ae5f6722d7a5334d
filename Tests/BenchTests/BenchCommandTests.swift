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

    @Test func theExchangeLinesAtATinyScaleAndTheVillagesKeptForTheNextRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-bench-exchange-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = dir
        let only = "exchange-incremental,exchange-reimport,township-table,county-rollup,county-table"
        let r = try ChildProcess.run([chengxinBinary, "bench", "--households", "800", "--runs", "2", "--only", only,
                                      "--db", dir + "/county.sqlite", "--lang", "zh"], environment: env)
        let out = r.text
        #expect(r.status == 0, "\(out)")
        #expect(out.contains("正在生成 2 个村的数据库"), "\(out)")
        let lines = out.split(separator: "\n")
        for label in ["交换：增量包（约", "交换：增量包大小", "乡镇汇总：2 个村的首个数据包导入 2 个乡镇库",
                      "县汇总：2 个乡镇的包（2 个村）导入县库", "重复导入：4 个已导入的包", "乡镇一览：1 个村", "县一览：2 个乡镇、2 个村"] {
            let line = lines.first { $0.hasPrefix(label) }
            #expect(line != nil, "missing \(label): \(out)")
            #expect(line.map { $0.hasSuffix("PASS") || $0.hasSuffix("MISS") || label.hasPrefix("乡镇汇总") } == true, "\(line ?? "")")
            #expect(line.map { $0.contains("sqlite3") || $0.contains("sha256sum") } == true, "no baseline: \(line ?? "")")
        }
        #expect(out.contains("县库中 2 个村、合计 800 户"), "\(out)")
        #expect(out.contains("4 个包报「此前已导入，未做改动」"), "\(out)")
        // The first screens drawn: the township's table of its village, the county's of its townships.
        #expect(out.contains("· 乡镇一览：1 个村（首屏：读取、成行、画出）：表中 1 行，80×24"), "\(out)")
        #expect(out.contains("· 县一览：2 个乡镇、2 个村（首屏：读取、成行、画出）：表中"), "\(out)")
        #expect(FileManager.default.fileExists(atPath: dir + "/county.exchange/ready"))
        // The second run reuses the villages and their packages.
        let again = try ChildProcess.run([chengxinBinary, "bench", "--households", "800", "--runs", "1", "--only", "township-table",
                                          "--db", dir + "/county.sqlite", "--lang", "en"], environment: env)
        #expect(again.status == 0, "\(again.text)")
        #expect(again.text.contains("Reusing the generated village databases"), "\(again.text)")
        #expect(again.text.contains("Township table: 1 village (first screen"), "\(again.text)")
    }
}
