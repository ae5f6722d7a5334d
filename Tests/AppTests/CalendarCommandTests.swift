import Foundation
import Store
import Print
import Testing

/// Runs the built binary on a database with the office date fixed at 2026-11-25.
private func cli(_ args: String..., db: String, lang: String = "zh") throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = lang
    env["CHENGXIN_TODAY"] = "2026-11-25"
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

/// `chengxin calendar`: the deadlines with their state, exactly; the entries changed with
/// checks; work marked done and taken back.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct CalendarCommandTests {
    @Test func aMonthsDeadlinesAreDoneByTheRecordsOrByAMark() throws {
        let db = temporaryDatabase()
        #expect(try cli("village", "set", "--name", "星光村", db: db).status == 0)
        #expect(try cli("pledges", "add-round", "2026年第三季度", "--date", "2026-09-20", db: db).status == 0)
        let mark = try cli("calendar", "done", "monthly-report", "--due", "2026-09-05", "--on", "2026-09-03", "--note", "已报乡镇", db: db)
        #expect(mark.output == "已登记已办：monthly-report 2026-09-05，2026-09-03 办结。\n", "\(mark.output)")
        let september = try cli("calendar", "--month", "2026-09", db: db)
        #expect(september.status == 0)
        #expect(september.output == """
            工作日程 2026-09（今天 2026-11-25）
            期限        事项                        状态    办结日期
            2026-09-05  村级月报告单（8月）         已办    2026-09-03
            2026-09-15  组织实施践行承诺            ！逾期
            2026-09-30  季度守信检查（第三季度）    已办    2026-09-20
            2026-09-30  季度满意度调查（第三季度）  ！逾期
            2026-09-30  季度星级评定（第三季度）    ！逾期

            """, "\(september.output)")
        let english = try cli("calendar", "show", "--month", "2026-09", db: db, lang: "en")
        #expect(english.output == """
            Calendar 2026-09 (today 2026-11-25)
            Due         Work                   State      Done on
            2026-09-05  Monthly report (Aug)   Done       2026-09-03
            2026-09-15  Keep the pledges       ! Overdue
            2026-09-30  Pledge check (Q3)      Done       2026-09-20
            2026-09-30  Quarterly survey (Q3)  ! Overdue
            2026-09-30  Star review (Q3)       ! Overdue

            """, "\(english.output)")
        // Without a month: this month's, after the ones still overdue from before it.
        let now = try cli("calendar", db: db)
        #expect(now.output == """
            工作日程 2026-11，及之前逾期未办的（今天 2026-11-25）
            期限        事项                        状态    办结日期
            2026-09-15  组织实施践行承诺            ！逾期
            2026-09-30  季度满意度调查（第三季度）  ！逾期
            2026-09-30  季度星级评定（第三季度）    ！逾期
            2026-10-05  村级月报告单（9月）         ！逾期
            2026-10-30  评估验收                    ！逾期
            2026-11-05  村级月报告单（10月）        ！逾期

            """, "\(now.output)")
        // A mark taken back; the check round's deadline cannot be marked; a bad month.
        let undo = try cli("calendar", "done", "monthly-report", "--due", "2026-09-05", "--undo", db: db)
        #expect(undo.status == 0 && undo.output == "已撤销：monthly-report 2026-09-05 的已办登记。\n")
        #expect(try cli("calendar", "--month", "2026-09", db: db).output.contains("2026-09-05  村级月报告单（8月）         ！逾期"))
        let check = try cli("calendar", "done", "check-round", "--due", "2026-12-31", db: db)
        #expect(check.status == 1 && check.output.contains("由检查轮次记录判定是否已办"), "\(check.output)")
        let notADay = try cli("calendar", "done", "monthly-report", "--due", "2026-12-06", db: db)
        #expect(notADay.status == 1 && notADay.output.contains("在 2026-12-06 没有期限"), "\(notADay.output)")
        let month = try cli("calendar", "--month", "2026-13", db: db)
        #expect(month.status == 1 && month.output.contains("--month：2026-13 不是有效月份"))
    }

    @Test func entriesAreAddedChangedAndRetiredWithChecks() throws {
        let db = temporaryDatabase()
        #expect(try cli("village", "set", "--name", "星光村", db: db).status == 0)
        let add = try cli("calendar", "add", "--code", "training", "--title", "季度培训", "--schedule", "每季", db: db)
        #expect(add.status == 0 && add.output == "已添加 training：季度培训，每季，季末前\n", "\(add.output)")
        let noDay = try cli("calendar", "add", "--code", "x", "--title", "月报", "--schedule", "monthly", db: db)
        #expect(noDay.status == 1 && noDay.output.contains("次月期限日：每月事项须填写次月的期限日，1 到 28"), "\(noDay.output)")
        let taken = try cli("calendar", "add", "--code", "survey", "--title", "调查", "--schedule", "quarterly", db: db)
        #expect(taken.status == 1 && taken.output.contains("编码 survey 已被「季度满意度调查」使用"), "\(taken.output)")
        let badDate = try cli("calendar", "set", "training", "--schedule", "yearly", "--due", "6月30日", db: db)
        #expect(badDate.status == 1 && badDate.output.contains("--due：6月30日 不是有效的月-日"), "\(badDate.output)")
        let set = try cli("calendar", "set", "training", "--schedule", "yearly", "--due", "06-30", "--start", "06-01",
                          "--title-en", "Training", db: db)
        #expect(set.output == "已保存 training：季度培训，每年 06-01—06-30\n", "\(set.output)")
        #expect(try cli("calendar", "retire", "training", db: db).output == "已停用 training。\n")
        let twice = try cli("calendar", "retire", "training", db: db)
        #expect(twice.status == 1 && twice.output.contains("「季度培训」已停用"))
        #expect(try cli("calendar", "retire", "training", "--undo", db: db).output == "已恢复使用 training。\n")
        let entries = try cli("calendar", "entries", db: db, lang: "en")
        #expect(entries.output.split(separator: "\n").last == "training        Training             Yearly 06-01–06-30   Marked done",
                "\(entries.output)")
        let unknown = try cli("calendar", "set", "nothing", "--title", "无", db: db)
        #expect(unknown.status == 1 && unknown.output.contains("没有编码为 nothing 的日程事项"))
    }
}

/// `chengxin rules text`: a document's text typed in from a file, then revised as a new
/// document a later meeting adopted; a file that is not UTF-8 is refused and stores nothing.
@Suite(.serialized) struct RuleTextCommandTests {
    @Test func aTextIsTypedInThenRevisedAsANewDocument() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try runCLI(["rules", "add", "--kind", "villageRules", "--title", "星光村村规民约", "--adopted-on", "2026-03-01",
                            "--adopted-by", "村民代表大会"], db: db).status == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cx-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("rules.txt").path
        try "第一条　遵守计划生育法律法规。\n第二条　诚信计生小组成员互相监督。\n".write(toFile: first, atomically: true, encoding: .utf8)
        let typed = try runCLI(["rules", "text", "1", "--file", first], db: db)
        #expect(typed.status == 0 && typed.output == "已保存「星光村村规民约」的正文（33 字）。\n", "\(typed.output)")
        // A changed text is a revision: it needs the later meeting's date.
        let second = dir.appendingPathComponent("rules2.txt").path
        try "第一条　遵守计划生育法律法规。\n第二条　小组成员互相监督、互相帮助。\n".write(toFile: second, atomically: true, encoding: .utf8)
        let undated = try runCLI(["rules", "text", "1", "--file", second], db: db)
        #expect(undated.status != 0 && undated.output.contains("修订后的文件须经会议重新通过"), "\(undated.output)")
        let revised = try runCLI(["rules", "text", "1", "--file", second, "--adopted-on", "2026-10-10", "--adopted-by", "村民代表大会"],
                                 db: db)
        #expect(revised.status == 0 && revised.output == "已修订：新文件 2（2026-10-10 通过）替代文件 1。\n", "\(revised.output)")
        let list = try runCLI(["rules", "list", "--all"], db: db).output
        #expect(list.contains("1  村规民约  星光村村规民约  2026-03-01  村民代表大会  已被取代"), "\(list)")
        // GBK bytes are refused, naming the first one, and the text stays as it was.
        let gbk = dir.appendingPathComponent("gbk.txt").path
        try Data([0xB4, 0xE5, 0xB9, 0xE6]).write(to: URL(fileURLWithPath: gbk))  // 村规 in GBK
        let refused = try runCLI(["rules", "text", "2", "--file", gbk], db: db)
        #expect(refused.status != 0 && refused.output.contains("不是 UTF-8 编码（第 1 个字节为 0xB4）"), "\(refused.output)")
        let store = try AppDatabase.open(path: db, passwordCost: testPasswordCost)
        #expect(try store.ruleDocuments().first { $0.id == 2 }?.body.contains("互相帮助") == true)
        #expect(try runCLI(["verify"], db: db).output.contains("未发现问题"))
    }
}
