import Foundation
import Print
import Testing

/// Runs the built binary on a database with the office date fixed at 2026-11-25.
private func cli(_ args: String..., db: String, language: String = "zh") throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = language
    env["CHENGXIN_TODAY"] = "2026-11-25"
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

/// A village with two 社: three households in 一社, one in 二社, and a round.
private func surveyDatabase() throws -> String {
    let db = temporaryDatabase()
    #expect(try cli("village", "set", "--name", "星光村", db: db).status == 0)
    #expect(try cli("village", "add-group", "1", "一社", db: db).status == 0)
    #expect(try cli("village", "add-group", "2", "二社", db: db).status == 0)
    for (number, group, head) in [("0101", "一社", "张三"), ("0102", "一社", "李四"), ("0103", "一社", "王五"), ("0201", "二社", "赵六")] {
        #expect(try cli("households", "add", "--number", number, "--group", group, "--head", head, "--sex", "男", db: db).status == 0)
    }
    #expect(try cli("survey", "add-round", "--name", "四季度问卷", "--date", "2026-11-10", "--by", "self", db: db).status == 0)
    return db
}

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct EvaluationCommandTests {
    @Test func aQuestionnaireRoundFromSampleToResults() throws {
        let db = try surveyDatabase()
        #expect(try cli("survey", "questionnaire", "1", "--threshold", "5", db: db).output == "本轮已配问卷，共9题。\n")
        let items = try cli("survey", "items", "1", db: db)
        #expect(items.output.contains(" 2  知晓  12356是阳光计生服务热线，可咨询、投诉、反映意见  是"), "\(items.output)")
        #expect(items.output.hasSuffix("知晓：6道知晓题至少答对5道。\n"))
        // The same seed gives the same sample; stratified: 一社 gets two of three, 二社 one.
        let sample = try cli("survey", "sample", "1", "--size", "3", "--seed", "11", db: db)
        #expect(sample.status == 0 && sample.output.hasPrefix("已用种子 11 抽取 3 户：一社2户，二社1户\n"), "\(sample.output)")
        let again = try cli("survey", "sample", "1", "--size", "3", "--seed", "11", db: db)
        #expect(again.output == sample.output)
        let numbers = sample.output.split(separator: "\n")[1].split(separator: " ").map(String.init)
        #expect(numbers.count == 3 && numbers.contains("0201"))
        let outside = try #require(["0101", "0102", "0103"].first { !numbers.contains($0) })
        // Answers by item number; an answer outside the sample, a missing item, a wrong kind: refused.
        let refused = try cli("survey", "answer", "1", outside, "--items", "1=是,2=是,3=是,4=是,5=否,6=是,7=a,8=a,9=a", db: db)
        #expect(refused.status == 1 && refused.output == "这一户不在本轮抽样中\n", "\(refused.output)")
        let short = try cli("survey", "answer", "1", numbers[0], "--items", "1=是,2=是", db: db)
        #expect(short.status == 1 && short.output.contains("第3题未回答"), "\(short.output)")
        let kind = try cli("survey", "answer", "1", numbers[0], "--items", "1=a", db: db)
        #expect(kind.status == 1 && kind.output.contains("--items 1"), "\(kind.output)")
        let flags = try cli("survey", "answer", "1", numbers[0], "--aware", "yes", "--satisfaction", "satisfied", db: db)
        #expect(flags.status == 1 && flags.output.contains("本轮有9道问卷题"), "\(flags.output)")
        // Two right answers short of all, with a threshold of 5: one wrong is still aware, two are not.
        let answers = ["1=是,2=是,3=是,4=是,5=否,6=是,7=a,8=a,9=b", "1=是,2=否,3=是,4=是,5=否,6=是,7=a,8=b,9=a",
                       "1=否,2=否,3=是,4=是,5=否,6=是,7=a,8=c,9=a"]
        for (number, items) in zip(numbers, answers) {
            #expect(try cli("survey", "answer", "1", number, "--items", items, db: db).status == 0)
        }
        let results = try cli("survey", "results", "1", db: db)
        #expect(results.status == 0)
        let lines = results.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "四季度问卷（2026-11-10，自评）")
        #expect(lines[1] == "已答 3 户，抽样 3 户")
        #expect(lines.contains { $0.hasPrefix("全村     3  66.7%/80% 未达标  66.7%/90% 未达标") }, "\(results.output)")
        #expect(lines.contains { $0.contains("12356是阳光计生服务热线") && $0.hasSuffix("1/3        33.3% ✗") }, "\(results.output)")
        // Fixed once answered.
        let redraw = try cli("survey", "sample", "1", "--size", "2", "--seed", "1", db: db)
        #expect(redraw.status == 1 && redraw.output.contains("问卷和抽样不能再改"))
        let english = try cli("survey", "results", "1", db: db, language: "en")
        #expect(english.output.hasPrefix("四季度问卷 (2026-11-10, Self-assessment)\nAnswered 3 of 3 households sampled\n"), "\(english.output)")
    }

    @Test func discussionsAndMeasures() throws {
        let db = try surveyDatabase()
        let discuss = try cli("survey", "discuss", "1", "--date", "2026-11-12", "--count", "14", "--participants", "村两委、小组长",
                              "--points", "希望公开栏按月更新", db: db)
        #expect(discuss.output == "已登记座谈 1。\n")
        #expect(try cli("survey", "discussions", "1", db: db).output
                == "2026-11-12  14人参加：村两委、小组长\n  希望公开栏按月更新\n")
        let nobody = try cli("survey", "discuss", "1", "--date", "2026-11-12", "--count", "0", "--points", "", db: db)
        #expect(nobody.status == 1 && nobody.output.contains("参加人数应为1至999"))

        #expect(try cli("measures", "finding", "--date", "2026-11-12", "--text", "部分群众不清楚12356热线", "--round", "1", db: db).output
                == "已登记评议问题 1。\n")
        #expect(try cli("measures", "add", "1", "--measure", "各社张贴热线号码", "--owner", "村计生专干", "--deadline", "2026-11-20",
                        db: db).output == "已定整改措施 1。\n")
        #expect(try cli("measures", "add", "1", "--measure", "入户宣讲", "--owner", "小组长", "--deadline", "2026-12-15", db: db).status == 0)
        let late = try cli("measures", "add", "1", "--measure", "补发明白纸", "--owner", "专干", "--deadline", "2026-11-01", db: db)
        #expect(late.status == 1 && late.output.contains("整改期限不能早于评议日期（2026-11-12）"), "\(late.output)")
        #expect(try cli("measures", "list", db: db).output == """
            编号  问题                     措施              责任人      期限        状态
               1  部分群众不清楚12356热线  各社张贴热线号码  村计生专干  2026-11-20  逾期
               2  部分群众不清楚12356热线  入户宣讲          小组长      2026-12-15  整改中

            """)
        let noNote = try cli("measures", "close", "1", "--note", " ", db: db)
        #expect(noNote.status == 1 && noNote.output.contains("请填写整改结果"))
        #expect(try cli("measures", "close", "1", "--on", "2026-11-18", "--note", "八个社均已张贴", db: db).output == "整改措施 1 已销号。\n")
        #expect(try cli("measures", "close", "1", "--note", "再次", db: db).output.contains("该整改措施已完成"))
        #expect(try cli("measures", "list", "--open", db: db).output.contains("入户宣讲")
                && !(try cli("measures", "list", "--open", db: db).output.contains("各社张贴")))
        #expect(try cli("measures", "list", db: db, language: "en").output.contains("Done 2026-11-18"))
    }

    @Test func starEvidenceNamesTheRecords() throws {
        let db = try surveyDatabase()
        #expect(try cli("survey", "answer", "1", "0101", "--aware", "yes", "--satisfaction", "satisfied", db: db).status == 0)
        #expect(try cli("survey", "answer", "1", "0201", "--aware", "no", "--satisfaction", "basicallySatisfied", db: db).status == 0)
        let evidence = try cli("stars", "evidence", db: db)
        #expect(evidence.status == 0)
        #expect(evidence.output.contains("1-awareness     ✗         知晓率 50.0%（四季度问卷，2户）"), "\(evidence.output)")
        #expect(evidence.output.contains("1-satisfaction  ✓         满意率 100.0%（四季度问卷，2户）"))
        #expect(evidence.output.contains("1-pledges       手工勾选"))
    }
}
