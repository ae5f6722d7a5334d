import Foundation
import Print
import Testing

/// The exchange on the real binary: a village, its township and their county, by the commands a
/// clerk and an administrator type.
@Suite struct ExchangeCommandTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-exchange-\(UUID().uuidString)").path

    func run(_ args: [String], db: String, user: String? = nil, newPassword: String? = nil,
             language: String = "zh") throws -> (status: Int32, output: String) {
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_LANG"] = language
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
        let refused = try run(["township", "add-village", dir + "/v.pub"], db: town, user: "town")
        #expect(refused.output.contains("无权") && !refused.output.contains("指纹"), "asked before being refused: \(refused.output)")
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
        // The same table as the app's, to a file; a village has none.
        #expect(try run(["export", "villages", "-o", dir + "/villages.csv"], db: town, user: "town").output
                == "已导出 1 行到 \(dir)/villages.csv\n")
        #expect(try String(contentsOfFile: dir + "/villages.csv", encoding: .utf8).contains(",星光村,1,"))
        #expect(try run(["export", "villages", "-o", dir + "/villages.csv"], db: village).output
                == "这是村的数据库：各村一览在乡镇（或县）的数据库里\n")
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
        var future = evaluate
        future[5] = "2027-01-05"
        #expect(try run(future, db: town, user: "admin").output == "调查日期：调查日期不能晚于今天（2026-11-25）\n")
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
        // The option where it does not belong: a township without it, a village with it.
        #expect(try run(["survey", "rounds"], db: town, user: "town").output
                == "这是乡镇（或县）的数据库：请用 --village 区划代码 指定所评估的村\n")
        #expect(try run(["survey", "rounds", "--village", "990101100201"], db: village).output
                == "--village 只用于乡镇的数据库（乡镇对各村的评估）；在村的数据库里请去掉它\n")
        let results = try run(["survey", "results", "1", "--village", "990101100201"], db: town, user: "town")
        #expect(results.output.hasPrefix("2026年度乡镇评估（2026-11-20，乡镇评估）\n已答 1 户，全村 1 户\n"), "\(results.output)")
        #expect(try run(["survey", "items", "1", "--village", "990101100201"], db: town, user: "town").output
                == "本轮没有问卷：每户一个知晓、一个满意度回答。\n")

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

    /// The number of audit entries an export line says its package holds.
    func entries(_ exportLine: String) throws -> Int {
        let after = try #require(exportLine.range(of: "审计日志 ")).upperBound
        return try #require(Int(exportLine[after...].prefix { $0.isNumber }))
    }

    /// A village the township has not registered sends its first package: the township registers
    /// it from the package (fingerprint shown, asked) and imports it. Then package 2 is lost, the
    /// township names it, the village writes it again, and the lost one turning up changes nothing.
    @Test func aVillageRegisteredFromItsPackageAndALostPackageWrittenAgain() throws {
        try FileManager.default.createDirectory(atPath: dir + "/stick", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/down", withIntermediateDirectories: true)
        let village = dir + "/v.sqlite", town = dir + "/t.sqlite", stick = dir + "/stick"
        #expect(try run(["village", "set", "--name", "星光村", "--code", "990101100201"], db: village).status == 0)
        #expect(try run(["village", "add-group", "1", "一社"], db: village).status == 0)
        #expect(try run(["households", "add", "--number", "0101", "--group", "1", "--head", "曾海强", "--sex", "男"], db: village).status == 0)
        #expect(try run(["township", "init", "--code", "990101100000", "--name", "示范镇"], db: town).status == 0)
        #expect(try run(["users", "add", "admin", "--role", "administrator"], db: town, newPassword: "admin2026").status == 0)
        #expect(try run(["users", "add", "town", "--role", "townshipViewer"], db: town, user: "admin", newPassword: "demo2026").status == 0)
        #expect(try run(["township", "key", "-o", dir + "/town.pub"], db: town, user: "admin").status == 0)
        let villageKey = try run(["village", "key", "-o", dir + "/v.pub"], db: village)
        let fingerprint = try #require(villageKey.output.split(separator: "\n").last.map { String($0.dropFirst(3)) })
        #expect(try run(["exchange", "trust", dir + "/town.pub", "--yes"], db: village).status == 0)

        let export = try run(["exchange", "export", "-o", stick], db: village)
        let first = stick + "/990101100201-0001-20261125.cxp"
        let refused = try run(["exchange", "import", first], db: town, user: "admin")
        #expect(refused.status == 1 && refused.output == """
            990101100201-0001-20261125.cxp：星光村（990101100201）未在本单位登记，未做任何改动。包中带有其公钥，指纹 \(fingerprint)：\
            与该村电话核对指纹后，用 chengxin township add-village --from-package 990101100201-0001-20261125.cxp 登记并导入

            """, "\(refused.output)")
        #expect(try run(["township", "add-village", "--from-package", first, "--yes"], db: town, user: "town").output.contains("无权"))
        let unconfirmed = try run(["township", "add-village", "--from-package", first], db: town, user: "admin")
        // (The refusal goes to standard error, which is not buffered: it may come first.)
        #expect(unconfirmed.status != 0 && unconfirmed.output.contains("""
            村 星光村（990101100201）
            指纹：\(fingerprint)
            请与对方电话核对指纹。相同请输入 yes：
            """) && unconfirmed.output.contains("未确认，未做任何改动。\n"), "\(unconfirmed.output)")
        #expect(try run(["township", "villages"], db: town, user: "town").output.contains("990101100201") == false)
        let firstEntries = try entries(export.output)
        let added = try run(["township", "add-village", "--from-package", first, "--yes"], db: town, user: "admin")
        #expect(added.status == 0 && added.output == """
            村 星光村（990101100201）
            指纹：\(fingerprint)
            已登记。
            990101100201-0001-20261125.cxp：星光村（990101100201）第 1 号包已导入，\(firstEntries) 条。

            """, "\(added.output)")
        let again = try run(["township", "add-village", "--from-package", first, "--yes"], db: town, user: "admin")
        #expect(again.status != 0 && again.output == "星光村（990101100201）已登记：用 chengxin exchange import 导入其数据包即可\n", "\(again.output)")
        #expect(try run(["exchange", "export", "-o", dir + "/down"], db: town, user: "admin").status == 0)
        #expect(try run(["exchange", "import", dir + "/down/990101100000-to990101100201-0001-20261125.cxp"], db: village).status == 0)

        // Package 2 is lost on the way; 3 is refused, naming it.
        #expect(try run(["households", "add", "--number", "0102", "--group", "1", "--head", "司马光", "--sex", "男"], db: village).status == 0)
        #expect(try run(["exchange", "export", "-o", stick], db: village).status == 0)
        let lost = dir + "/lost.cxp"
        try FileManager.default.moveItem(atPath: stick + "/990101100201-0002-20261125.cxp", toPath: lost)
        #expect(try run(["households", "add", "--number", "0103", "--group", "1", "--head", "王安石", "--sex", "男"], db: village).status == 0)
        #expect(try run(["exchange", "export", "-o", stick], db: village).status == 0)
        let gap = try run(["exchange", "import", stick + "/990101100201-0003-20261125.cxp"], db: town, user: "admin")
        #expect(gap.status == 1 && gap.output == """
            990101100201-0003-20261125.cxp：缺少星光村的第 2 号包，请先导入；包若已丢失，村里可用 chengxin exchange export --resend 2 重写，未做任何改动

            """, "\(gap.output)")
        let gapEn = try run(["exchange", "import", stick + "/990101100201-0003-20261125.cxp"], db: town, user: "admin", language: "en")
        #expect(gapEn.output.hasSuffix("星光村's package 2 is missing: import it first, or if it is lost the village can write it again with chengxin exchange export --resend 2; nothing was changed\n"),
                "\(gapEn.output)")
        let status = try run(["exchange", "status"], db: village)
        #expect(status.output.hasSuffix("""
            已写出 3 个包，上级已确认 1 个
            尚未确认：第 2–3 号包（乡镇若说缺某号包，可用 chengxin exchange export --resend 该号 重写）

            """), "\(status.output)")
        let statusEn = try run(["exchange", "status"], db: village, language: "en")
        #expect(statusEn.output.hasSuffix("""
            Packages written: 3; acknowledged: 1
            Not yet acknowledged: packages 2–3 (if the township says one is missing, write it again with chengxin exchange export --resend NUMBER)

            """), "\(statusEn.output)")
        let wrong = try run(["exchange", "export", "-o", stick, "--resend", "1"], db: village)
        #expect(wrong.status != 0 && wrong.output == "只能重写乡镇尚未确认收到的包：第 2–3 号，未写出任何包\n", "\(wrong.output)")

        let resent = try run(["exchange", "export", "-o", stick, "--resend", "2"], db: village)
        #expect(resent.output.hasPrefix("第 4 号包已写出：\(stick)/990101100201-0004-20261125.cxp（代替第 2–3 号包；第 ")
                && resent.output.hasSuffix("字节）。\n"), "\(resent.output)")
        let resentEntries = try entries(resent.output)
        let taken = try run(["exchange", "import", stick + "/990101100201-0004-20261125.cxp", lost,
                             stick + "/990101100201-0003-20261125.cxp"], db: town, user: "admin")
        #expect(taken.status == 0 && taken.output == """
            990101100201-0004-20261125.cxp：星光村（990101100201）第 4 号包已导入，\(resentEntries) 条。
            lost.cxp：星光村（990101100201）第 2 号包已由其后重写的包代替，其内容都已导入，未做改动。
            990101100201-0003-20261125.cxp：星光村（990101100201）第 3 号包已由其后重写的包代替，其内容都已导入，未做改动。

            """, "\(taken.output)")
        let takenEn = try run(["exchange", "import", lost], db: town, user: "admin", language: "en")
        #expect(takenEn.output == """
            lost.cxp: package 2 of 星光村 (990101100201) was replaced by one written again after it, and all it holds is in; nothing changed.

            """, "\(takenEn.output)")
        #expect(try run(["verify", "--db", dir + "/t.villages/990101100201.sqlite"], db: town, user: "admin").status == 0)
        let table = try run(["township", "villages"], db: town, user: "town")
        #expect(table.output.contains("990101100201  星光村     4"), "\(table.output)")
    }
}
