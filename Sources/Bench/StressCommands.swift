import App
import ArgumentParser
import Domain
import Foundation
import Store

/// `chengxin stress-saves --count N`: a burst of saves for the crash test.
///
/// Creates households one by one through the store, each in its own
/// transaction, and prints each household number on standard output (flushed)
/// only after its commit has returned. A test kills the process at a random
/// moment and then checks that every number printed is in the database.
/// Hidden from --help: it is a test driver, not a clerk's tool.
struct StressSaves: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stress-saves",
        abstract: helpText("逐户保存 N 户，每次提交后输出户编号（崩溃测试用）。", "Save N households one by one, printing each number after its commit (crash tests)."),
        shouldDisplay: false)
    @OptionGroup var options: GlobalOptions
    @Option(help: .zh("保存的户数。", en: "How many households to save.")) var count = 1000
    @Option(help: .zh("户编号的前缀（字母或数字）。", en: "Prefix of the household numbers (letters or digits).")) var prefix = "S"

    func run() throws {
        let db = try options.openDatabase()
        let v = try requireVillage(db, options.language)
        guard let group = try db.villageGroups().first?.group else {
            throw UserError(options.language == .en ? "The village needs a group (社) first." : "请先添加一个社。")
        }
        for i in 0..<count {
            let number = "\(prefix)\(i)"
            let household = Household(villageId: v.id ?? 0, villageGroupId: group.id ?? 0, number: number,
                                      address: "压测\(i)号")
            let head = Person(householdId: 0, name: "压测", sex: i % 2 == 0 ? .male : .female, relation: .head)
            do { try db.createHousehold(household, head: head) } catch { throw userError(error, options.language) }
            // The commit has returned: only now is the save reported.
            let line = number + "\n"
            line.utf8CString.withUnsafeBufferPointer { p in
                var offset = 0
                let total = p.count - 1
                while offset < total {
                    let n = write(1, p.baseAddress! + offset, total - offset)
                    if n < 0 { if errno == EINTR { continue }; return }
                    offset += n
                }
            }
        }
    }
}
