import Domain
import Foundation
import Print
import Store
import Testing
@testable import App

/// Runs the built binary on a database with the office date fixed at 2026-11-25.
private func cli(_ args: String..., db: String, lang: String = "zh") throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = lang
    env["CHENGXIN_TODAY"] = "2026-11-25"
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

/// The six categories of a printed board and the lines under each.
func boardCategories(_ text: String) -> [String: [String]] {
    var out: [String: [String]] = [:]
    var current: String?
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if let c = DisclosureBoardInput.categories.first(where: { line.hasSuffix("、" + $0) }) {
            current = c
            out[c] = []
        } else if line.hasPrefix("欢迎群众监督") {
            current = nil
        } else if let c = current, !line.isEmpty {
            out[c, default: []].append(line.trimmingCharacters(in: CharacterSet(charactersIn: "\u{3000} ")))
        }
    }
    return out
}

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct MeetingCommandTests {
    /// A village with 一社 and two households, 0102 with a daughter who moved away in April.
    func villageDatabase() throws -> String {
        let db = temporaryDatabase()
        #expect(try cli("village", "set", "--name", "星光村", db: db).status == 0)
        #expect(try cli("village", "add-group", "1", "一社", db: db).status == 0)
        #expect(try cli("households", "add", "--number", "0101", "--group", "一社", "--head", "张三", "--sex", "男", db: db).status == 0)
        #expect(try cli("households", "add", "--number", "0102", "--group", "一社", "--head", "李四", "--sex", "男", db: db).status == 0)
        #expect(try cli("persons", "add", "--household", "0102", "--name", "李小红", "--sex", "女", "--relation", "子女",
                        "--born", "2000-01-01", db: db).status == 0)
        return db
    }

    @Test func aMeetingIsRecordedListedAttendedShownDeletedAndRestored() throws {
        let db = try villageDatabase()
        let add = try cli("meetings", "add", "--kind", "宣传", "--date", "2026-03-08", "--place", "村文化广场", "--led-by", "王芳",
                          "--topic", "三八妇女节计生政策宣传", "--outcome", "发放资料300份", "--attachments", "照片6张", db: db)
        #expect(add.status == 0 && add.output == "已登记第 1 号会议\n", "\(add.output)")
        // Bad input: a future date, a missing topic, a 社员会议 without its 社, an unknown kind. Nothing is stored.
        let future = try cli("meetings", "add", "--kind", "publicity", "--date", "2026-11-26", "--place", "广场", "--led-by", "王芳",
                             "--topic", "宣传", db: db)
        #expect(future.status == 1 && future.output.contains("日期不能晚于今天（2026-11-25）"), "\(future.output)")
        let blank = try cli("meetings", "add", "--kind", "training", "--place", "会议室", "--led-by", "王芳", "--topic", "　", db: db)
        #expect(blank.status == 1 && blank.output.contains("请填写主题"), "\(blank.output)")
        let she = try cli("meetings", "add", "--kind", "memberMeeting", "--place", "会议室", "--led-by", "李明", "--topic", "通报", db: db)
        #expect(she.status == 1 && she.output.contains("社员会议须注明是哪个社的"), "\(she.output)")
        let kind = try cli("meetings", "add", "--kind", "聚餐", "--place", "会议室", "--led-by", "李明", "--topic", "通报", db: db)
        #expect(kind.status == 1 && kind.output.contains("--kind：无法识别「聚餐」"), "\(kind.output)")
        #expect(try cli("meetings", "add", "--kind", "社员会议", "--date", "2026-05-12", "--place", "一社会议室", "--led-by", "李明",
                        "--topic", "通报履诺检查", "--village-group", "一社", db: db).status == 0)

        #expect(try cli("meetings", "attend", "1", "--household", "0101", db: db).output == "已登记参加：0101 张三户\n")
        #expect(try cli("meetings", "attend", "1", "--household", "0102", "--person", "李小红", db: db).status == 0)
        let twice = try cli("meetings", "attend", "1", "--household", "0101", db: db)
        #expect(twice.status == 1 && twice.output.contains("已登记参加"), "\(twice.output)")
        let list = try cli("meetings", "list", db: db)
        #expect(list.output == """
            编号  日期        类别      主题                    地点        主持  涉及  参加
               2  2026-05-12  社员会议  通报履诺检查            一社会议室  李明  一社  0户 0人
               1  2026-03-08  宣传      三八妇女节计生政策宣传  村文化广场  王芳        2户 1人

            """, "\(list.output)")
        let show = try cli("meetings", "show", "1", db: db)
        #expect(show.output == """
            类别：宣传　日期：2026-03-08
            地点：村文化广场　主持：王芳
            主题：三八妇女节计生政策宣传
            结果：发放资料300份
            附件：照片6张
            参加：2户 1人
              0101 张三户
              0102 李四户：李小红

            """, "\(show.output)")
        #expect(try cli("meetings", "list", "--kind", "publicity", db: db).output.contains("三八妇女节") )
        #expect(try cli("meetings", "list", "--year", "2025", db: db).output == "没有会议记录。\n")

        // A rule document adopted at the 社员会议 (meeting 2): the same day, and the meeting is kept from then on.
        let otherDay = try cli("rules", "add", "--kind", "villageRules", "--title", "村规民约", "--adopted-on", "2026-05-13",
                               "--meeting", "2", db: db)
        #expect(otherDay.status == 1 && otherDay.output.contains("所选会议于2026-05-12召开，日期应与之相同"), "\(otherDay.output)")
        #expect(try cli("rules", "add", "--kind", "villageRules", "--title", "村规民约", "--adopted-on", "2026-05-12",
                        "--meeting", "2", db: db).status == 0)
        #expect(try cli("rules", "list", db: db).output.contains("社员会议"))
        let kept = try cli("meetings", "delete", "2", db: db)
        #expect(kept.status == 1 && kept.output.contains("制度文件引用了这次会议，不能删除"), "\(kept.output)")

        let delete = try cli("meetings", "delete", "1", db: db)
        #expect(delete.output == "已删除第 1 号会议；chengxin meetings restore 1 可恢复\n")
        #expect(!(try cli("meetings", "list", db: db).output.contains("三八妇女节")))
        #expect(try cli("meetings", "list", "--deleted", db: db).output.contains("三八妇女节"))
        #expect(try cli("meetings", "restore", "1", db: db).output == "已恢复第 1 号会议\n")
        #expect(try cli("meetings", "list", db: db).output.contains("三八妇女节"))
        let en = try cli("meetings", "show", "1", db: db, lang: "en")
        #expect(en.output.hasPrefix("Kind: Publicity  Date: 2026-03-08\n"), "\(en.output)")
    }

    @Test func theTargetAndTheSupervisorsAreSettings() throws {
        let db = try villageDatabase()
        let bad = try cli("settings", "set", "target.publicity", "四次", db: db)
        #expect(bad.status == 1 && bad.output.contains("target.publicity 应为每年的次数（0至99）"), "\(bad.output)")
        #expect(try cli("settings", "set", "target.publicity", "6", db: db).status == 0)
        #expect(try cli("settings", "set", "supervisors", "王五、赵六", db: db).status == 0)
        #expect(try cli("settings", "show", db: db).output.contains("target.publicity=6\nsupervisors=王五、赵六\n"))
        let file = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("board.txt").path
        #expect(try cli("print", "board", "-o", file, db: db).status == 0)
        let rights = boardCategories(try String(contentsOfFile: file, encoding: .utf8))["维权类"]
        #expect(rights == ["1. 举报投诉电话：12356（计生服务热线）", "2. 民主监督小组：王五、赵六"], "\(rights ?? [])")
    }

    @Test func aPairIsCheckedByTheCommandLine() throws {
        let db = try villageDatabase()
        let notMember = try cli("pairs", "add", "--helper", "0101:张三", "--woman", "0102:李小红", "--from", "2026-02-01", db: db)
        #expect(notMember.status == 1 && notMember.output.contains("张三不是计生协会会员"), "\(notMember.output)")
        let nobody = try cli("pairs", "add", "--helper", "0101:王五", "--woman", "0102:李小红", db: db)
        #expect(nobody.status == 1 && nobody.output.contains("0101 户没有名叫 王五 的成员"), "\(nobody.output)")
        #expect(try cli("pairs", "list", db: db).output == "没有帮带记录。\n")
    }

    /// The demo's board: every category has records, so none prints 无, and the period is stated.
    @Test func theDemoBoardFillsEveryCategoryAndStatesItsPeriod() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let file = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("board.txt").path
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_LANG"] = "zh"
        env["CHENGXIN_TODAY"] = "2026-11-25"
        env["CHENGXIN_USER"] = "admin"
        env["CHENGXIN_PASSWORD"] = "admin2026"
        let r = try ChildProcess.run([chengxinBinary, "print", "board", "-o", file], environment: env)
        #expect(r.status == 0, "\(r.text)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("公开期间：2026年1月1日至2026年11月25日"), "\(text)")
        let categories = boardCategories(text)
        #expect(categories.keys.sorted() == DisclosureBoardInput.categories.sorted())
        for (name, lines) in categories {
            #expect(!lines.isEmpty && !lines.contains("无"), "\(name): \(lines)")
        }
        #expect(categories["政策类"]?.contains { $0.contains("独生子女考上二本及以上学校补助：5000元") } == true, "\(categories["政策类"] ?? [])")
        #expect(categories["程序类"]?.contains { $0.contains("召开村民会议：修订村规民约") } == true)
        #expect(categories["机构类"]?.contains { $0.hasSuffix("一社第一小组：组长沈梅婷，成员6户") } == true, "\(categories["机构类"] ?? [])")
        #expect(categories["服务类"]?.contains { $0.hasSuffix("服务项目：种养殖与就业优先扶持") } == true)
        #expect(categories["维权类"]?.first?.contains("12356") == true)
        #expect(categories["维权类"]?.contains { $0.contains("独生子女父母奖励费何时发放——已告知发放时间") } == true)
        #expect(categories["动态类"]?.contains { $0.contains("开展宣传3次、培训1次、入户走访1次") } == true, "\(categories["动态类"] ?? [])")
        // Over 2025 too: the groups formed and elected, and the deliveries by policy.
        let long = try ChildProcess.run([chengxinBinary, "print", "board", "--period", "2025-01-01..2026-11-25", "-o", file], environment: env)
        #expect(long.status == 0)
        let both = boardCategories(try String(contentsOfFile: file, encoding: .utf8))
        #expect(both["服务类"]?.contains { $0.hasSuffix("已兑现「独女户大病大灾救助」1户1次，共3000元") } == true, "\(both)")
        #expect(both["程序类"]?.contains { $0.hasSuffix("2025年3月7日 一社第一小组组建") } == true, "\(both)")
        // A period with none of the demo's meetings, deliveries or feedback.
        let early = try ChildProcess.run([chengxinBinary, "print", "board", "--period", "2020-01-01..2020-12-31", "-o", file], environment: env)
        #expect(early.status == 0)
        let old = boardCategories(try String(contentsOfFile: file, encoding: .utf8))
        #expect(old["维权类"] == ["无"] && old["程序类"] == ["无"], "\(old)")
        let bad = try ChildProcess.run([chengxinBinary, "print", "board", "--period", "2026-12-01..2026-01-01"], environment: env)
        #expect(bad.status == 1 && bad.text.contains("开始日期 2026-12-01 晚于结束日期 2026-01-01"), "\(bad.text)")
    }

    /// A village with nothing recorded: each of the six categories prints 无.
    @Test func anEmptyVillagesBoardPrintsNoneInEachCategory() throws {
        let db = try AppDatabase.inMemory(passwordCost: testPasswordCost)
        try db.saveVillage(Village(name: "新村"))
        let job = try DocumentAssembler(db: db, today: testToday).boardJob()
        let text = String(decoding: try job.data(format: .text), as: UTF8.self)
        let categories = boardCategories(text)
        #expect(categories.count == 6)
        for c in DisclosureBoardInput.categories { #expect(categories[c] == ["无"], "\(c): \(categories[c] ?? [])") }
        #expect(text.contains("公开期间：2026年1月1日至2026年11月25日"))
    }
}
