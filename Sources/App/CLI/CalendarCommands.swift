import ArgumentParser
import Domain
import Foundation
import Store
import UICore

extension CalendarSchedule: Labelled {}
extension CalendarEvidence: Labelled {}

/// `chengxin calendar`: the programme year's deadlines, and the calendar's entries.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar",
        abstract: helpText("工作日程：一年的工作阶段和期限（已办、待办、逾期），及日程事项的设置。",
                           "The programme calendar: the year's phases and deadlines (done, due, overdue), and its entries."),
        subcommands: [Show.self, Entries.self, Add.self, Change.self, Retire.self, Done.self], defaultSubcommand: Show.self)

    /// The deadlines as lines: due date, work, state, the day done.
    static func lines(_ deadlines: [Deadline], today: LocalDate, _ l: Language) -> String {
        let en = l == .en
        return alignedTable([en ? "Due" : "期限", en ? "Work" : "事项", en ? "State" : "状态", en ? "Done on" : "办结日期"],
                            deadlines.map { d in
                                let status = d.status(on: today)
                                return [d.dueOn.description, d.title.text(l),
                                        (status == .overdue ? (en ? "! " : "！") : "") + status.label.text(l),
                                        status == .done ? d.doneOn?.description ?? "" : ""]
                            })
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: helpText(
            "列出一个月的期限（默认本月，及之前逾期未办的）。", "List a month's deadlines (default: this month, and earlier ones overdue)."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("月份（YYYY-MM）。", en: "The month (YYYY-MM).")) var month: String?

        func run() throws {
            let l = options.language
            let en = l == .en
            let today = LocalDate.today()
            var first = LocalDate(year: today.year, month: today.month, day: 1)!
            if let month {
                guard let m = LocalDate(month + "-01") else {
                    throw UserError(en ? "--month: \(month) is not a month (YYYY-MM)." : "--month：\(month) 不是有效月份，格式应为 YYYY-MM。")
                }
                first = m
            }
            let last = LocalDate(year: first.year, month: first.month, day: LocalDate.daysIn(month: first.month, year: first.year))!
            let db = try options.openDatabase()
            var shown = try storeCall(l) { try db.deadlines(from: first, to: last) }
            let label = String(first.description.prefix(7))
            if month == nil {
                // This month's, after the ones still overdue from before it.
                let earlier = try storeCall(l) {
                    try db.deadlines(from: today.addingDays(-CalendarRules.lookbackDays), to: first.addingDays(-1))
                }
                shown = earlier.filter { $0.status(on: today) == .overdue } + shown
                print(en ? "Calendar \(label), with earlier deadlines overdue (today \(today))" : "工作日程 \(label)，及之前逾期未办的（今天 \(today)）")
            } else {
                print(en ? "Calendar \(label) (today \(today))" : "工作日程 \(label)（今天 \(today)）")
            }
            if shown.isEmpty {
                print(en ? "No deadlines." : "没有期限。")
                return
            }
            print(CalendarCommand.lines(shown, today: today, l))
        }
    }

    struct Entries: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出日程事项（含已停用的）。", "List the calendar's entries (retired ones too)."))
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let rows = try storeCall(l) { try db.calendarEntries(includeRetired: true) }.map { e in
                [e.code, e.titleText.text(l), e.whenText.text(l), e.evidence.label.text(l), e.isRetired ? (en ? "retired" : "已停用") : ""]
            }
            if rows.isEmpty { print(en ? "No entries." : "没有日程事项。"); return }
            print(alignedTable([en ? "Code" : "编码", en ? "Work" : "事项", en ? "Due" : "期限", en ? "Done by" : "已办依据",
                                en ? "State" : "状态"], rows))
        }
    }

    /// The options an entry is written with; nil leaves a value as it is (`set`).
    struct EntryOptions: ParsableArguments {
        @Option(help: .zh("事项名称（最多16个字）。", en: "Title (up to 16 characters).")) var title: String?
        @Option(name: .customLong("title-en"), help: .zh("英文名称。", en: "Title in English.")) var titleEn: String?
        @Option(help: .zh("周期：monthly、quarterly 或 yearly（或 每月、每季、每年）。", en: "Schedule: monthly, quarterly or yearly."))
        var schedule: String?
        @Option(help: .zh("每月事项：次月期限日（1–28）。", en: "Monthly: the day of the next month it is due (1–28).")) var day: Int?
        @Option(help: .zh("每年的阶段：开始（MM-DD）。", en: "A yearly phase: its start (MM-DD).")) var start: String?
        @Option(help: .zh("每年事项：期限（MM-DD）。", en: "Yearly: the due date (MM-DD).")) var due: String?
        @Option(help: .zh("已办依据：none（登记已办）、checkRound、surveyRound 或 starReview。",
                          en: "Done by: none (marked done), checkRound, surveyRound or starReview.")) var evidence: String?
        @Option(help: .zh("依据（出处）。", en: "Basis (where it comes from).")) var basis: String?

        func monthDay(_ text: String?, option: String, _ l: Language) throws -> MonthDay? {
            guard let text, !text.isEmpty else { return nil }
            guard let md = MonthDay(text) else {
                throw UserError(l == .en ? "\(option): \(text) is not a month and day (MM-DD)." : "\(option)：\(text) 不是有效的月-日，格式应为 MM-DD。")
            }
            return md
        }

        /// `entry` with the options given applied. A schedule changed clears the dates the new one does not take.
        func apply(to entry: CalendarEntry, _ l: Language) throws -> CalendarEntry {
            var e = entry
            if let title { e.title = title }
            if let titleEn { e.titleEn = titleEn }
            if let schedule {
                let s = try parseChoice(schedule, CalendarSchedule.self, label: \.label, option: "--schedule", l)
                if s != e.schedule { (e.start, e.due, e.dueDay) = (nil, nil, nil) }
                e.schedule = s
            }
            if let day { e.dueDay = day }
            if let start { e.start = try monthDay(start, option: "--start", l) }
            if let due { e.due = try monthDay(due, option: "--due", l) }
            if let evidence { e.evidence = try parseChoice(evidence, CalendarEvidence.self, label: \.label, option: "--evidence", l) }
            if let basis { e.basis = basis }
            return e
        }
    }

    static func entry(_ db: AppDatabase, _ code: String, _ l: Language) throws -> CalendarEntry {
        guard let e = try storeCall(l, { try db.calendarEntry(code: code) }) else {
            throw UserError(l == .en ? "No calendar entry with code \(code); see chengxin calendar entries."
                                     : "没有编码为 \(code) 的日程事项；见 chengxin calendar entries。")
        }
        return e
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("新增日程事项（管理员）。", "Add a calendar entry (the administrator)."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("编码（字母、数字、- 或 _）。", en: "Code (letters, digits, - or _).")) var code: String
        @OptionGroup var entry: EntryOptions

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let e = try entry.apply(to: CalendarEntry(code: code, title: "", schedule: .yearly), l)
            let saved = try storeCall(l) { try db.saveCalendarEntry(e) }
            print(l == .en ? "Added \(saved.code): \(saved.titleText.en), \(saved.whenText.en)."
                           : "已添加 \(saved.code)：\(saved.title)，\(saved.whenText.zh)")
        }
    }

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: helpText("修改日程事项（管理员）。", "Change a calendar entry (the administrator)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("事项编码。", en: "The entry's code.")) var code: String
        @OptionGroup var entry: EntryOptions

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let e = try entry.apply(to: try CalendarCommand.entry(db, code, l), l)
            let saved = try storeCall(l) { try db.saveCalendarEntry(e) }
            print(l == .en ? "Saved \(saved.code): \(saved.titleText.en), \(saved.whenText.en)."
                           : "已保存 \(saved.code)：\(saved.title)，\(saved.whenText.zh)")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "停用日程事项（管理员；--undo 恢复使用）。", "Retire a calendar entry (the administrator; --undo reinstates it)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("事项编码。", en: "The entry's code.")) var code: String
        @Flag(help: .zh("恢复使用。", en: "Reinstate it.")) var undo = false

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let e = try CalendarCommand.entry(db, code, l)
            try storeCall(l) { try db.setCalendarEntryRetired(id: e.id ?? 0, !undo) }
            print(l == .en ? (undo ? "Reinstated \(e.code)." : "Retired \(e.code).") : (undo ? "已恢复使用 \(e.code)。" : "已停用 \(e.code)。"))
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "登记记录中没有的工作已办（如月报告单；--undo 撤销）。", "Mark done work the records do not show (the monthly report; --undo takes it back)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("事项编码。", en: "The entry's code.")) var code: String
        @Option(help: .zh("这一期的期限（YYYY-MM-DD，见 chengxin calendar）。", en: "The deadline's due date (YYYY-MM-DD, see chengxin calendar)."))
        var due: String
        @Option(help: .zh("办结日期（默认今天）。", en: "The day it was done (default today).")) var on: String?
        @Option(help: .zh("说明。", en: "A note.")) var note = ""
        @Flag(help: .zh("撤销已办登记。", en: "Take the mark back.")) var undo = false

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let e = try CalendarCommand.entry(db, code, l)
            let dueOn = try parseDate(due, option: "--due", l)
            let today = LocalDate.today()
            if undo {
                try storeCall(l) { try db.unmarkDeadlineDone(entryId: e.id ?? 0, dueOn: dueOn) }
                print(en ? "Mark taken back: \(e.code) due \(dueOn)." : "已撤销：\(e.code) \(dueOn) 的已办登记。")
                return
            }
            let date = try on.map { try parseDate($0, option: "--on", l) } ?? today
            try storeCall(l) { try db.markDeadlineDone(entryId: e.id ?? 0, dueOn: dueOn, on: date, note: note, today: today) }
            print(en ? "Marked done: \(e.code) due \(dueOn), done \(date)." : "已登记已办：\(e.code) \(dueOn)，\(date) 办结。")
        }
    }
}
