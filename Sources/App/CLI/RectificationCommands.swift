import ArgumentParser
import Domain
import Foundation
import Store

/// `chengxin rectify`: the cases broken pledge items opened, and their steps (§四.2).
struct RectifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rectify",
        abstract: helpText("失信整改：检查判为失信的事项，及小组评议、村委会核实、改正、评议恢复。",
                           "Rectification of broken pledges: the group's review, the committee's check, mending and restoring."),
        subcommands: [List.self, Step.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出整改案件（最新的在前）。", "List the cases, newest first."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let today = LocalDate.today()
            let rows = try db.rectificationCases()
            if rows.isEmpty {
                print(l == .en ? "No broken pledges to rectify." : "没有失信整改案件。")
                return
            }
            for r in rows {
                let c = r.rectification
                print("#\(c.id ?? 0)  \(r.householdNumber) \(r.headName)  \(c.item)  \(c.openedOn)→\(c.deadline)  \(c.stage(on: today).label.text(l))")
            }
        }
    }

    struct Step: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "记录一个案件的一步：review（小组评议）、check（村委会核实，暂停守信优惠）、mend（改正）、restore（评议恢复）。",
            "Record a step of a case: review (the group's), check (the committee's; benefits withheld), mend, restore."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("案件编号（见 chengxin rectify list）。", en: "The case number (see chengxin rectify list).")) var id: Int64
        @Argument(help: .zh("review、check、mend 或 restore。", en: "review, check, mend or restore.")) var step: String
        @Option(help: .zh("日期（默认今天）。", en: "Date (default today).")) var on: String?
        @Option(help: .zh("说明；村委会核实时为核实人。", en: "A note; for the committee's check, who checked.")) var note = ""
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let steps: [String: RectificationStep] = ["review": .groupReview, "check": .committeeCheck, "mend": .mended,
                                                      "restore": .restored]
            guard let s = steps[step] else {
                throw UserError(l == .en ? "The step must be review, check, mend or restore." : "步骤应为 review、check、mend 或 restore。")
            }
            let today = LocalDate.today()
            let date = try on.map { try parseDate($0, option: "--on", l) } ?? today
            do {
                try db.recordRectificationStep(s, caseId: id, on: date, note: note, today: today)
            } catch { throw pledgeError(error, l) }
            print(l == .en ? "Saved: \(s.label.en)." : "已记录：\(s.label.zh)。")
        }
    }
}
