import Foundation
import Print
import Testing

extension EndToEndTests {
    /// The township tier on the real binary: the demo township's three villages (the demo
    /// generator with three codes and seeds) each write a package; the township imports them in
    /// the app and shows the three in its table. One village adds a household and writes again;
    /// the township imports it, its table and the drill-down into the village show the change,
    /// and the same packages again change nothing and say so.
    @Test func threeVillagesSendPackagesAndTheTownshipSeesTheChange() throws {
        let dir = (temporaryDatabase() as NSString).deletingLastPathComponent
        let town = dir + "/T.sqlite"
        let stick = dir + "/stick"
        try FileManager.default.createDirectory(atPath: stick, withIntermediateDirectories: true)
        let built = try runCLI(["demo", "--township", "--no-open", "--db", town], db: town)
        #expect(built.status == 0 && built.output.contains("3 个村"), "\(built.output)")
        let villages = ["990101100201", "990101100202", "990101100203"].map { dir + "/T.demo-villages/\($0).sqlite" }
        for v in villages {
            let out = try runCLI(["exchange", "export", "-o", stick], db: v, user: "clerk", password: "demo2026")
            #expect(out.status == 0 && out.output.contains("第 2 号包已写出"), "\(out.output)")
        }

        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: town))
        try t.signIn()
        var screen = try t.waitFor("各村一览")
        #expect(screen.contains("示范镇（990101100000）"))
        // The three villages' packages, imported from the folder in the app.
        try t.keys("F5")
        try t.waitFor("文件夹")
        try t.type(stick)
        try t.keys("F2")
        screen = try t.waitFor("柳溪村（990101100203）第 2 号包已导入")
        #expect(screen.contains("星光村（990101100201）第 2 号包已导入"))
        #expect(screen.contains("红旗村（990101100202）第 2 号包已导入"))
        try t.keys("Escape")
        screen = try t.waitFor("3 个村")
        let before = try #require(screen.split(separator: "\n").first { $0.contains("红旗村") })
        for name in ["星光村", "红旗村", "柳溪村"] { #expect(screen.contains(name)) }

        // 红旗村 adds a household and writes its next package.
        for file in try FileManager.default.contentsOfDirectory(atPath: stick) {
            try FileManager.default.removeItem(atPath: stick + "/" + file)
        }
        let added = try runCLI(["households", "add", "--number", "0199", "--group", "一社", "--head", "欧阳新户", "--sex", "男"],
                               db: villages[1], user: "clerk", password: "demo2026")
        #expect(added.status == 0, "\(added.output)")
        let again = try runCLI(["exchange", "export", "-o", stick], db: villages[1], user: "clerk", password: "demo2026")
        #expect(again.output.contains("第 3 号包已写出"), "\(again.output)")

        try t.keys("F5")
        try t.waitFor("文件夹")
        try t.keys("F2")
        try t.waitFor("红旗村（990101100202）第 3 号包已导入")
        try t.keys("Escape")
        screen = try t.waitFor("3 个村")
        let after = try #require(screen.split(separator: "\n").first { $0.contains("红旗村") })
        #expect(after != before, "\(before)\n\(after)")

        // The drill-down into 红旗村's copy shows the new household, read only.
        try t.keys("Down", "Enter")
        try t.waitFor("示范镇的副本")
        try t.keys("3")
        try t.waitFor("户编号")
        try t.keys("/")
        try t.type("0199")
        screen = try t.waitFor("欧阳新户")
        #expect(screen.contains("红旗村（副本）"))
        #expect(!screen.contains("F3"))
        // Esc leaves the filter, then the list.
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 0.3)
        try t.keys("Escape")
        try t.waitFor("示范镇的副本")
        try t.keys("0")
        try t.waitFor("3 个村")

        // The same package again: nothing changes, and it says so, in the app and on the command line.
        try t.keys("F5")
        try t.waitFor("文件夹")
        try t.keys("F2")
        try t.waitFor("第 3 号包此前已导入，未做改动")
        let replay = try runCLI(["exchange", "import"] + [stick + "/" + (try FileManager.default.contentsOfDirectory(atPath: stick).first ?? "")],
                                db: town)
        #expect(replay.output.contains("此前已导入，未做改动"), "\(replay.output)")
        #expect(try runCLI(["verify"], db: town).status == 0)
    }

    /// The township's evaluation (乡镇评估) on the real binary: the township clerk records a
    /// round and two households' answers for 星光村 in the app, writes the acknowledgements with
    /// F7, and the village, importing its acknowledgement, holds the evaluation as its own.
    @Test func theTownshipEvaluatesAVillageAndTheVillageReceivesIt() throws {
        let dir = (temporaryDatabase() as NSString).deletingLastPathComponent
        let town = dir + "/T.sqlite"
        let down = dir + "/down"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        #expect(try runCLI(["demo", "--township", "--no-open", "--db", town], db: town).status == 0)
        let village = dir + "/T.demo-villages/990101100201.sqlite"

        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: town))
        try t.signIn("clerk", "demo2026")
        try t.waitFor("各村一览")
        try t.keys("F4")
        try t.waitFor("乡镇评估 · 星光村")
        try t.keys("F3")
        try t.waitFor("调查名称")
        try t.type("2026年度乡镇评估")
        try t.keys("F2")
        try t.waitFor("2026年度乡镇评估 乡镇评估")
        try t.keys("Enter")
        try t.waitFor("逐户录入 · 星光村 2026年度乡镇评估")
        try t.keys("1", "a", "Enter", "2", "c", "Enter")
        var screen = try t.waitFor("已录入2户")
        #expect(screen.contains("知晓率 50.0%"), "\(screen)")
        try t.keys("Escape")
        try t.waitFor("乡镇评估 · 星光村")
        try t.keys("Escape")
        try t.waitFor("各村一览")
        try t.keys("F7")
        try t.waitFor("文件夹")
        try t.keys("C-u")
        try t.type(down)
        try t.keys("F2")
        screen = try t.waitFor("已写出：")

        let ack = try #require(try FileManager.default.contentsOfDirectory(atPath: down).first { $0.contains("to990101100201-") })
        let taken = try runCLI(["exchange", "import", down + "/" + ack], db: village, user: "clerk", password: "demo2026")
        #expect(taken.status == 0 && taken.output.contains("示范镇（990101100000）"), "\(taken.output)")
        let result = try runCLI(["survey", "result"], db: village, user: "clerk", password: "demo2026")
        #expect(result.output.hasPrefix("2026年度乡镇评估（2026-"), "\(result.output)")
        #expect(result.output.contains("乡镇评估）\n调查户数：2\n"), "\(result.output)")
        #expect(try runCLI(["verify"], db: village, user: "admin", password: "admin2026").status == 0)
        #expect(try runCLI(["verify"], db: town).status == 0)
    }
}
