import Foundation
import Print
import Testing

/// Runs the built binary on a database with the office date fixed at 2026-11-25.
private func cli(_ args: String..., db: String, lang: String = "zh", user: String? = nil) throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = lang
    env["CHENGXIN_TODAY"] = "2026-11-25"
    env["CHENGXIN_USER"] = user
    env["CHENGXIN_PASSWORD"] = user.map { _ in "pass2026" }
    env["CHENGXIN_NEW_PASSWORD"] = "pass2026"
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

/// 0101 张丽 (head, GB 11643's example ID) and 张丽 again as her child with the same birth
/// date; 0102 李四 (head) and 章莉 (spouse), born the same year: persons #1, #4 and #3.
private func duplicatesDatabase() throws -> String {
    let db = temporaryDatabase()
    for args in [["village", "set", "--name", "星光村"], ["village", "add-group", "1", "一社"],
                 ["households", "add", "--number", "0101", "--group", "一社", "--head", "张丽", "--sex", "女", "--id", "11010519491231002X"],
                 ["households", "add", "--number", "0102", "--group", "一社", "--head", "李四", "--sex", "男"],
                 ["persons", "add", "--household", "0102", "--name", "章莉", "--sex", "女", "--relation", "配偶", "--born", "1949-05-01"],
                 ["persons", "add", "--household", "0101", "--name", "张丽", "--sex", "女", "--relation", "子女", "--born", "1949-12-31"]] {
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
        #expect(r.status == 0, "\(args): \(r.text)")
    }
    return db
}

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct DuplicateCommandTests {
    @Test func duplicatesMergeUnmergeAndNotDuplicate() throws {
        let db = try duplicatesDatabase()
        let list = try cli("persons", "duplicates", db: db)
        #expect(list.status == 0)
        #expect(list.output == """
            甲  姓名  户编号  出生日期    身份证号            乙  姓名  户编号  出生日期    身份证号  原因
            #1  张丽  0101    1949-12-31  11010519491231002X  #3  章莉  0102    1949-05-01            姓名拼音相同且同年出生
            #1  张丽  0101    1949-12-31  11010519491231002X  #4  张丽  0101    1949-12-31            姓名和出生日期相同
            #3  章莉  0102    1949-05-01                      #4  张丽  0101    1949-12-31            姓名拼音相同且同年出生

            共 3 对。合并：chengxin persons merge 保留的编号 并入的编号；确是两人：chengxin persons not-duplicate 甲 乙

            """, "\(list.output)")
        let english = try cli("persons", "duplicates", db: db, lang: "en")
        #expect(english.output.hasPrefix("""
            A   Name  Household  Born        ID number           B   Name  Household  Born        ID number  Why
            #1  张丽  0101       1949-12-31  11010519491231002X  #3  章莉  0102       1949-05-01             same name in pinyin, born the same year
            """), "\(english.output)")
        #expect(english.output.hasSuffix("3 pair(s). Merge: chengxin persons merge KEEP MERGED; two different people: chengxin persons not-duplicate A B\n"))

        // 张丽 the child into 张丽 the head: nothing refers to her.
        let merge = try cli("persons", "merge", "#1", "4", db: db)
        #expect(merge.status == 0)
        #expect(merge.output == "已把 #4 张丽（户 0101）并入 #1 张丽（户 0101）：改过 0 处引用。\n合并记录 1；撤销：chengxin persons unmerge 1\n",
                "\(merge.output)")
        let merges = try cli("persons", "merges", db: db)
        #expect(merges.output == """
            记录  日期        操作人   保留     并入     原户  状态
               1  2026-11-25  (setup)  #1 张丽  #4 张丽  0101  已合并

            """, "\(merges.output)")
        // 李四 into 张丽: two heads of households.
        let heads = try cli("persons", "merge", "1", "2", db: db)
        #expect(heads.status == 1)
        #expect(heads.output == "张丽（#1）是户 0101 的户主，李四（#2）是户 0102 的户主：两户的户主不能合并；请先更换其中一户的户主\n", "\(heads.output)")
        let headsEn = try cli("persons", "merge", "1", "2", db: db, lang: "en")
        #expect(headsEn.output == "张丽 (#1) heads household 0101 and 李四 (#2) heads household 0102: two heads are not merged; change one household's head first\n")
        #expect(try cli("persons", "merge", "1", "x", db: db).output == "“x”不是人员编号（即 persons duplicates 列出的编号，如 12 或 #12）。\n")

        let undo = try cli("persons", "unmerge", "1", db: db)
        #expect(undo.output == "已撤销第 1 号合并：#4 张丽 已恢复到户 0101。\n", "\(undo.output)")
        #expect(try cli("persons", "unmerge", "1", db: db).output == "无法撤销第 1 号合并：已于 2026-11-25 撤销\n")
        #expect(try cli("persons", "merges", db: db, lang: "en").output.contains("undone 2026-11-25"))

        let mark = try cli("persons", "not-duplicate", "1", "3", db: db)
        #expect(mark.output == "已记录：#1 张丽 与 #3 章莉 不是同一人，不再列为疑似重复。\n", "\(mark.output)")
        #expect(try cli("persons", "duplicates", db: db).output.contains("共 2 对。"))
        let refused = try cli("persons", "merge", "3", "1", db: db)
        #expect(refused.output == "已记录章莉（#3）与张丽（#1）不是同一人；如确属同一人，请先撤销该标记\n", "\(refused.output)")
        #expect(try cli("persons", "not-duplicate", "3", "1", "--undo", db: db).output == "已撤销：#3 与 #1 可再列为疑似重复。\n")
        #expect(try cli("persons", "duplicates", db: db).output.contains("共 3 对。"))
        #expect(try cli("verify", db: db).status == 0)
    }

    @Test func aTownshipViewerSeesMaskedNumbersAndMergesNothing() throws {
        let db = try duplicatesDatabase()
        #expect(try cli("users", "add", "admin", "--role", "administrator", db: db).status == 0)
        #expect(try cli("users", "add", "town", "--role", "townshipViewer", db: db, user: "admin").status == 0)
        let list = try cli("persons", "duplicates", db: db, user: "town")
        #expect(list.output.contains("#1  张丽  0101    1949-12-31  110105********002X  #3"), "\(list.output)")
        #expect(!list.output.contains("11010519491231002X"))
        let merge = try cli("persons", "merge", "1", "4", db: db, user: "town")
        #expect(merge.status == 1 && merge.output == "您的账户无权进行此操作\n", "\(merge.output)")
        #expect(try cli("persons", "duplicates", "--help", db: db).output.contains("列出疑似重复的人员"))
        #expect(try cli("persons", "merge", "--help", db: db, lang: "en").output.contains("Merge one person into another"))
    }
}
