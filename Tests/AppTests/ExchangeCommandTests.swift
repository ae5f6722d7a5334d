import Foundation
import Print
import Testing

/// The exchange on the real binary: a village, its township and their county, by the commands a
/// clerk and an administrator type.
@Suite struct ExchangeCommandTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-exchange-\(UUID().uuidString)").path

    func run(_ args: [String], db: String, user: String? = nil, newPassword: String? = nil) throws -> (status: Int32, output: String) {
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_LANG"] = "zh"
        env["CHENGXIN_USER"] = user
        env["CHENGXIN_PASSWORD"] = user.map { $0 == "town" ? "demo2026" : "admin2026" }
        env["CHENGXIN_NEW_PASSWORD"] = newPassword
        env["CHENGXIN_TODAY"] = "2026-11-25"
        let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
        return (r.status, r.text)
    }

    @Test func villageTownshipAndCountyExchangeByCommand() throws {
        try FileManager.default.createDirectory(atPath: dir + "/stick", withIntermediateDirectories: true)
        let village = dir + "/v.sqlite", town = dir + "/t.sqlite", county = dir + "/c.sqlite", stick = dir + "/stick"
        #expect(try run(["village", "set", "--name", "星光村", "--code", "990101100201"], db: village).status == 0)
        #expect(try run(["households", "add", "--number", "0101", "--group", "1", "--head", "曾海强", "--sex", "男"], db: village).status != 0,
                "no 社 yet")
        #expect(try run(["village", "add-group", "1", "一社"], db: village).status == 0)
        #expect(try run(["households", "add", "--number", "0101", "--group", "1", "--head", "曾海强", "--sex", "男"], db: village).status == 0)

        let initTown = try run(["township", "init", "--code", "990101100000", "--name", "示范镇"], db: town)
        #expect(initTown.status == 0 && initTown.output.contains("示范镇（990101100000）的乡镇数据库已建立。指纹："), "\(initTown.output)")
        #expect(try run(["township", "init", "--code", "990101100201", "--name", "错"], db: dir + "/x.sqlite").output
            .contains("乡镇的区划代码应为12位数字、末三位为000"))
        #expect(try run(["users", "add", "admin", "--role", "administrator"], db: town, newPassword: "admin2026").status == 0)
        #expect(try run(["users", "add", "town", "--role", "townshipViewer"], db: town, user: "admin", newPassword: "demo2026").status == 0)
        let townKey = try run(["township", "key", "-o", dir + "/town.pub"], db: town, user: "admin")
        let villageKey = try run(["village", "key", "-o", dir + "/v.pub"], db: village)
        let fingerprint = try #require(villageKey.output.split(separator: "\n").last)
        #expect(fingerprint.hasPrefix("指纹：") && fingerprint.split(separator: " ").count == 8, "\(villageKey.output)")
        #expect(townKey.output.contains("示范镇（990101100000）的公钥已写入"))
        let trust = try run(["exchange", "trust", dir + "/town.pub", "--yes"], db: village)
        #expect(trust.output.contains("乡镇 示范镇（990101100000）") && trust.output.hasSuffix("已信任。\n"), "\(trust.output)")
        // The viewer may not register villages or import.
        #expect(try run(["township", "add-village", dir + "/v.pub", "--yes"], db: town, user: "town").output.contains("无权"))
        let added = try run(["township", "add-village", dir + "/v.pub", "--yes"], db: town, user: "admin")
        #expect(added.output.contains(String(fingerprint.dropFirst(3))) && added.output.hasSuffix("已登记。\n"), "\(added.output)")

        let export = try run(["exchange", "export", "-o", stick], db: village)
        #expect(export.output.hasPrefix("第 1 号包已写出：\(stick)/990101100201-0001-20261125.cxp（全部记录，审计日志 "), "\(export.output)")
        let package = stick + "/990101100201-0001-20261125.cxp"
        #expect(try run(["exchange", "import", package], db: town, user: "town").output.contains("您的账户无权进行此操作"))
        // A damaged copy first: refused, and the good one still goes in.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: package))
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: dir + "/damaged.cxp"))
        let damaged = try run(["exchange", "import", dir + "/damaged.cxp"], db: town, user: "admin")
        #expect(damaged.status == 1 && damaged.output.contains("damaged.cxp：包的签名与星光村（990101100201）的公钥不符"), "\(damaged.output)")
        let imported = try run(["exchange", "import", package, package], db: town, user: "admin")
        #expect(imported.output.contains("990101100201-0001-20261125.cxp：星光村（990101100201）第 1 号包已导入")
                && imported.output.contains("第 1 号包此前已导入，未做改动。"), "\(imported.output)")
        let table = try run(["township", "villages"], db: town, user: "town")
        #expect(table.output.contains("990101100201  星光村     1"), "\(table.output)")
        #expect(try run(["verify", "--db", dir + "/t.villages/990101100201.sqlite"], db: town, user: "admin").status == 0)
        // The township's reports are counted on its copies and say which package each rests on.
        let report = try run(["report", "monthly", "--month", "2026-11"], db: town, user: "town")
        #expect(report.output.contains("示范镇村级报告汇总表") && report.output.contains("星光村：乡镇所存副本：第 1 号包（"),
                "\(report.output)")
        let dhis2 = try run(["report", "dhis2", "--period", "202611"], db: town, user: "town")
        #expect(dhis2.output.contains("\"orgUnit\" : \"990101100201\""), "\(dhis2.output.prefix(400))")

        // The township evaluates the village on its copy's households (乡镇评估).
        let evaluate = ["survey", "add-round", "--name", "2026年度乡镇评估", "--date", "2026-11-20", "--village", "990101100201"]
        #expect(try run(evaluate, db: town, user: "town").output.contains("无权"))
        #expect(try run(evaluate + ["--by", "self"], db: town, user: "admin").output.contains("乡镇只记录乡镇评估（--by township）"))
        let round = try run(evaluate, db: town, user: "admin")
        #expect(round.status == 0 && round.output == "已添加调查 1：2026年度乡镇评估\n", "\(round.output)")
        let answer = ["survey", "answer", "1", "0101", "--aware", "是", "--satisfaction", "满意", "--village", "990101100201"]
        #expect(try run(answer, db: town, user: "admin").output == "已记录 0101 户的回答\n随下次回执发给该村。\n")
        var wrong = answer
        wrong[3] = "0999"
        #expect(try run(wrong, db: town, user: "admin").output.contains("没有户编号为 0999 的户。"))
        let rounds = try run(["survey", "rounds", "--village", "990101100201"], db: town, user: "town")
        #expect(rounds.output.contains("2026-11-20  2026年度乡镇评估  乡镇评估") && rounds.output.contains("100.0%/80%"), "\(rounds.output)")
        #expect(try run(["survey", "rounds"], db: village).output.contains("还没有调查。"))

        // The county, one level up.
        #expect(try run(["county", "init", "--code", "990101000000", "--name", "示范县"], db: county).status == 0)
        #expect(try run(["county", "key", "-o", dir + "/county.pub"], db: county).status == 0)
        #expect(try run(["exchange", "trust", dir + "/county.pub", "--yes"], db: town, user: "admin").status == 0)
        #expect(try run(["county", "add-township", dir + "/town.pub", "--yes"], db: county).status == 0)
        let down = try run(["exchange", "export", "-o", dir + "/stick"], db: town, user: "admin")
        #expect(down.output.contains("回执已写出：\(stick)/990101100000-to990101100201-0001-20261125.cxp")
                && down.output.contains("报县的第 1 号包已写出"), "\(down.output)")
        let ack = try run(["exchange", "import", stick + "/990101100000-to990101100201-0001-20261125.cxp"], db: village)
        #expect(ack.output.contains("示范镇（990101100000）第 1 号包已导入"), "\(ack.output)")
        #expect(try run(["exchange", "status"], db: village).output.contains("已写出 1 个包，上级已确认 1 个"))
        let atVillage = try run(["survey", "result"], db: village)
        #expect(atVillage.output.hasPrefix("2026年度乡镇评估（2026-11-20，乡镇评估）\n调查户数：1\n"), "\(atVillage.output)")
        let atCounty = try run(["exchange", "import", stick + "/990101100000-0001-20261125.cxp"], db: county)
        #expect(atCounty.output.contains("示范镇（990101100000）第 1 号包已导入"), "\(atCounty.output)")
        #expect(try run(["county", "offices"], db: county).output.contains("990101100201  星光村"))

        // The village's disk dies; a new machine is rebuilt from the township's copy.
        let fresh = dir + "/new.sqlite"
        #expect(try run(["village", "set", "--name", "星光村", "--code", "990101100201"], db: fresh).status == 0)
        #expect(try run(["village", "key", "-o", dir + "/new.pub"], db: fresh).status == 0)
        #expect(try run(["exchange", "trust", dir + "/town.pub", "--yes"], db: fresh).status == 0)
        let restore = try run(["exchange", "restore", "--village", "990101100201", "--key", dir + "/new.pub", "-o", dir, "--yes"],
                              db: town, user: "admin")
        #expect(restore.output.contains("恢复包已写出：\(dir)/990101100201-restore-20261125.cxp（截至第 1 号包）"), "\(restore.output)")
        let rebuilt = try run(["exchange", "restore", dir + "/990101100201-restore-20261125.cxp"], db: fresh)
        #expect(rebuilt.output.contains("已从乡镇的副本重建，截至第 1 号包"), "\(rebuilt.output)")
        #expect(try run(["households", "list"], db: fresh).output.contains("曾海强"))
        #expect(try run(["verify"], db: fresh).status == 0)
    }
}
