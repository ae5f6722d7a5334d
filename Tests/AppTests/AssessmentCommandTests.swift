import Domain
import Foundation
import Print
import Store
import Testing

/// Runs the built binary on a database with the office date fixed at 2026-11-25.
private func cli(_ args: String..., db: String) throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = "zh"
    env["CHENGXIN_TODAY"] = "2026-11-25"
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

/// A database with a village, one 社 and two households.
private func villageDatabase() throws -> String {
    let db = temporaryDatabase()
    #expect(try cli("village", "set", "--name", "星光村", db: db).status == 0)
    #expect(try cli("village", "add-group", "1", "一社", db: db).status == 0)
    #expect(try cli("households", "add", "--number", "0101", "--group", "一社", "--head", "张三", "--sex", "女",
                    "--id", "11010519491231002X", db: db).status == 0)
    #expect(try cli("households", "add", "--number", "0102", "--group", "一社", "--head", "李四", "--sex", "男", db: db).status == 0)
    return db
}

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct AssessmentCommandTests {
    @Test func surveyCommands() throws {
        let db = try villageDatabase()
        let add = try cli("survey", "add-round", "--name", "年度评估", "--date", "2026-10-20", "--by", "乡镇评估", db: db)
        #expect(add.status == 0 && add.output.contains("已添加调查 1：年度评估"), "\(add.output)")
        #expect(try cli("survey", "answer", "1", "0101", "--aware", "是", "--satisfaction", "满意", db: db).status == 0)
        #expect(try cli("survey", "answer", "1", "0102", "--aware", "no", "--satisfaction", "basicallySatisfied", db: db).status == 0)
        let result = try cli("survey", "result", db: db)
        #expect(result.status == 0)
        #expect(result.output.contains("调查户数：2") && result.output.contains("知晓率：50.0%") && result.output.contains("未达标"))
        #expect(result.output.contains("满意率：100.0%"))
        let rounds = try cli("survey", "rounds", db: db)
        #expect(rounds.output.contains("年度评估") && rounds.output.contains("50.0%/80%"))
        // Errors: a future date, an unknown household, an unknown satisfaction.
        let future = try cli("survey", "add-round", "--name", "明年", "--date", "2027-01-01", "--by", "self", db: db)
        #expect(future.status == 1 && future.output.contains("不能晚于今天"), "\(future.output)")
        let noHousehold = try cli("survey", "answer", "1", "9999", "--aware", "是", "--satisfaction", "满意", db: db)
        #expect(noHousehold.status == 1 && noHousehold.output.contains("没有户编号为 9999 的户"))
        let badChoice = try cli("survey", "answer", "1", "0101", "--aware", "是", "--satisfaction", "很好", db: db)
        #expect(badChoice.status == 1 && badChoice.output.contains("无法识别「很好」"))
    }

    @Test func starCommands() throws {
        let db = try villageDatabase()
        // The records of a village with two households cannot bear a pass out: refused, naming what is missing.
        let first = try cli("stars", "review", "--date", "2025-03-20", "--level", "1", "--passed", "--all-criteria",
                            "--reviewer", "县计生协", db: db)
        #expect(first.status == 1 && first.output.contains("群众知晓率达到80%以上"), "\(first.output)")
        // A pass decided before the records were kept goes in as it was decided (as the demo's history does).
        do {
            let store = try AppDatabase.open(path: db)
            let level1 = try store.starCriteria().required(for: 1).map(\.id)
            try store.recordStarReview(StarReview(reviewedOn: LocalDate("2025-03-20")!, levelApplied: 1, criteriaMet: level1,
                                                  passed: true, reviewer: "县计生协"), on: LocalDate("2026-11-25")!)
        }
        #expect(try cli("stars", "status", db: db).output.contains("★☆☆"))
        let failed = try cli("stars", "review", "--date", "2025-06-20", "--level", "1", "--failed", "--revoke",
                             "--reviewer", "县计生协", db: db)
        #expect(failed.status == 0, "\(failed.output)")
        let status = try cli("stars", "status", db: db)
        #expect(status.output.contains("☆☆☆") && status.output.contains("禁止申报至 2029-06-20"), "\(status.output)")
        // Barred: refused, naming the day the bar ends.
        let barred = try cli("stars", "review", "--date", "2026-10-01", "--level", "1", "--passed", "--all-criteria",
                             "--reviewer", "县计生协", db: db)
        #expect(barred.status == 1 && barred.output.contains("禁止申报至 2029-06-20（含），2029-06-21 起可再申请"), "\(barred.output)")
        let criteria = try cli("stars", "criteria", db: db)
        #expect(criteria.status == 0 && criteria.output.contains("1-fourHaves") && criteria.output.contains("乡镇评估验收合格"))
        let history = try cli("stars", "history", db: db)
        #expect(history.output.contains("2025年第2季度") && history.output.contains("未通过 取消资格"))
        // A pass without the criteria is refused.
        let noCriteria = try cli("stars", "review", "--date", "2026-06-19", "--level", "1", "--passed", "--reviewer", "县计生协", db: db)
        #expect(noCriteria.status == 1 && noCriteria.output.contains("未满足"), "\(noCriteria.output)")
        let neither = try cli("stars", "review", "--date", "2026-06-19", "--level", "1", "--reviewer", "县计生协", db: db)
        #expect(neither.status == 1 && neither.output.contains("--passed"))
    }

    @Test func rulesAndFourHaves() throws {
        let db = try villageDatabase()
        let missing = try cli("four-haves", db: db)
        #expect(missing.status == 1 && missing.output.contains("✗ 有村规民约") && missing.output.contains("缺规章制度"))
        for kind in ["organisation", "publicAffairs", "奖励惩罚制度", "democraticSupervision", "effectEvaluation", "村规民约"] {
            let r = try cli("rules", "add", "--kind", kind, "--title", "制度 \(kind)", "--adopted-on", "2026-02-18",
                            "--adopted-by", "村民代表大会", db: db)
            #expect(r.status == 0, "\(r.output)")
        }
        let list = try cli("rules", "list", db: db)
        #expect(list.output.contains("奖励惩罚制度") && list.output.contains("现行"))
        let now = try cli("four-haves", db: db)
        #expect(now.output.contains("✓ 有村规民约") && now.output.contains("✓ 有诚信计生规章制度") && now.output.contains("✗ 有诚信计生小组"))
        let bad = try cli("rules", "add", "--kind", "章程", "--title", "x", "--adopted-on", "2026-02-30", "--adopted-by", "会", db: db)
        #expect(bad.status == 1 && bad.output.contains("无法识别「章程」"))
        let badDate = try cli("rules", "add", "--kind", "charter", "--title", "x", "--adopted-on", "2026-02-30",
                              "--adopted-by", "会", db: db)
        #expect(badDate.status == 1 && badDate.output.contains("--adopted-on：2026-02-30 不是有效日期"))
    }

    @Test func feedbackCommands() throws {
        let db = try villageDatabase()
        let add = try cli("feedback", "add", "--received", "2026-11-02", "--source", "12356热线", "--by", "赵淑英",
                          "--content", "证明办理慢", "--handler", "专干", "--deadline", "2026-11-15", db: db)
        #expect(add.status == 0 && add.output.contains("已登记第 1 条"), "\(add.output)")
        #expect(try cli("feedback", "add", "--source", "reportBox", "--anonymous", "--by", "不该保存", "--content", "举报",
                        "--handler", "监督小组", "--deadline", "2026-12-10", db: db).status == 0)
        let overdue = try cli("feedback", "list", "--overdue", db: db)
        #expect(overdue.output.contains("！") && overdue.output.contains("证明办理慢") && !overdue.output.contains("举报"))
        #expect(overdue.output.contains("未办结 2 条，其中超期 1 条"))
        let all = try cli("feedback", "list", db: db)
        #expect(all.output.contains("（匿名）") && !all.output.contains("不该保存"))
        let noOutcome = try cli("feedback", "close", "1", "--outcome", " ", db: db)
        #expect(noOutcome.status == 1 && noOutcome.output.contains("办结须填写处理结果"), "\(noOutcome.output)")
        #expect(try cli("feedback", "close", "1", "--outcome", "已开具", db: db).status == 0)
        #expect(try cli("feedback", "list", "--open", db: db).output.contains("未办结 1 条，其中超期 0 条"))
        let noReason = try cli("feedback", "void", "2", "--reason", "", db: db)
        #expect(noReason.status == 1 && noReason.output.contains("作废须注明原因"))
        #expect(try cli("feedback", "void", "2", "--reason", "重复", db: db).status == 0)
        #expect(try cli("feedback", "list", db: db).output.contains("已作废：重复"))
        let missingDeadline = try cli("feedback", "add", "--source", "visit", "--by", "王五", "--content", "x", "--handler", "专干",
                                      "--deadline", "2026-11-01", "--received", "2026-11-20", db: db)
        #expect(missingDeadline.status == 1 && missingDeadline.output.contains("不能早于收到日期"))
    }
}
