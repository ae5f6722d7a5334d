import ArgumentParser
import Domain
import Foundation
import Store

/// One list `chengxin export` writes. Each is a list screen of the app, built here as the
/// app builds it, so the file has the screen's columns, titles and texts (F2 on the screen
/// writes the same file).
struct ExportList: Sendable {
    /// What the list is called on the command line: households, persons …
    var name: String
    var about: Localized
    /// The list screen, with the group or round the list is about.
    var screen: @Sendable (_ context: AppContext, _ choice: ExportChoice) throws -> ListExporter

    /// Every list, in the order `chengxin export --help` gives them.
    static let all: [ExportList] = [
        ExportList(name: "households", about: Localized("户卡（户编号、社、户主、户主身份证号、地址、人数）",
                                                       "households (number, 社, head, head's ID, address, persons)")) { c, _ in
            HouseholdListScreen(c, village: try c.exportVillage())
        },
        ExportList(name: "roster", about: Localized("花名册：每人一行，列与“导入花名册”相同，可导入另一个村（全家、社、婚姻、电话……）",
                                                   "the roster: one row per person with the import's columns, to import elsewhere")) { c, _ in
            RosterExporter(c)
        },
        ExportList(name: "persons", about: Localized("全村人员（姓名、性别、出生日期、身份证号、与户主关系、户编号）",
                                                    "every person (name, sex, birth date, ID, relation, household)")) { c, _ in
            PersonSearchScreen(c)
        },
        ExportList(name: "village-groups", about: Localized("社/组及其户数", "the village groups (社) and their households")) { c, _ in
            VillageGroupListScreen(c, village: try c.exportVillage())
        },
        ExportList(name: "groups", about: Localized("诚信计生小组（社、户数、组长、协议）", "honesty groups (社, households, leader, agreement)")) { c, _ in
            HonestyGroupListScreen(c, village: try c.exportVillage())
        },
        ExportList(name: "members", about: Localized("一个小组的现有成员户（--group，组长默认本组）",
                                                    "a group's member households (--group; a leader's own by default)")) { c, choice in
            GroupDetailScreen(c, group: try choice.group(c))
        },
        ExportList(name: "elections", about: Localized("一个小组的组长选举（--group）", "a group's leader elections (--group)")) { c, choice in
            ElectionListScreen(c, group: try choice.group(c))
        },
        ExportList(name: "pledges", about: Localized("户承诺书及其状态", "household pledges and their standing")) { c, _ in
            PledgeListScreen(c)
        },
        ExportList(name: "pledge-items", about: Localized("承诺事项目录", "the pledge item catalogue")) { c, _ in
            PledgeItemListScreen(c)
        },
        ExportList(name: "rounds", about: Localized("检查轮次及守信率", "check rounds with their kept rates")) { c, _ in
            CheckRoundListScreen(c)
        },
        ExportList(name: "checks", about: Localized("一轮检查的逐户结果（--round，默认最近一轮）",
                                                   "a check round's result per household (--round; the latest by default)")) { c, choice in
            RoundHouseholdsScreen(c, round: try choice.checkRound(c))
        },
        ExportList(name: "policies", about: Localized("奖励优惠政策目录", "the policy catalogue")) { c, _ in
            PolicyListScreen(c)
        },
        ExportList(name: "fulfilment", about: Localized("兑现台账（全村应兑现与已兑现）", "the fulfilment ledger (everything due and delivered)")) { c, _ in
            LedgerListScreen(c)
        },
        ExportList(name: "overdue", about: Localized("逾期未兑现", "overdue entitlements")) { c, _ in
            OverdueListScreen(c)
        },
        ExportList(name: "surveys", about: Localized("满意度调查轮次及比率", "survey rounds with their rates")) { c, _ in
            SurveyRoundListScreen(c)
        },
        ExportList(name: "answers", about: Localized("一次调查的逐户回答（--round，默认最近一次）",
                                                    "a survey's answers per household (--round; the latest by default)")) { c, choice in
            SurveyAnswerScreen(c, round: try choice.surveyRound(c))
        },
        ExportList(name: "measures", about: Localized("评议整改措施（责任人、期限、完成情况）", "review measures (owner, deadline, closing)")) { c, _ in
            ReviewMeasureListScreen(c)
        },
        ExportList(name: "feedback", about: Localized("信息反馈登记（全部，含已办结、已作废）", "the feedback register (all entries, closed and voided too)")) { c, _ in
            let screen = FeedbackListScreen(c)
            screen.view = .all
            return screen
        },
        ExportList(name: "stars", about: Localized("星级评定记录", "star reviews")) { c, _ in
            StarReviewListScreen(c)
        },
        ExportList(name: "rules", about: Localized("制度文件", "rule documents")) { c, _ in
            RuleDocumentListScreen(c)
        },
        ExportList(name: "meetings", about: Localized("会议与走访登记", "the register of meetings and field work")) { c, _ in
            MeetingListScreen(c)
        },
        ExportList(name: "pairs", about: Localized("会员帮带", "the mentor pairs (帮带)")) { c, _ in
            PairingListScreen(c)
        },
        ExportList(name: "calendar", about: Localized("工作日程：今年的期限及是否已办", "the calendar: this year's deadlines and their state")) { c, _ in
            CalendarScreen(c)
        },
        ExportList(name: "calendar-items", about: Localized("工作日程事项", "the calendar's entries")) { c, _ in
            CalendarEntryListScreen(c)
        },
        ExportList(name: "villages", about: Localized("各村一览（乡镇的数据库；县的为各乡镇）：户数、小组、协议、守信率、兑现、反馈、星级、四有、报送",
                                                     "the villages' table (a township's database; a county's townships)")) { c, _ in
            guard c.isOffice else {
                throw UserError(c.t(Localized("这是村的数据库：各村一览在乡镇（或县）的数据库里",
                                              "This is a village's database: the villages' table is in a township's (or county's)")))
            }
            return TownshipTableScreen(c)
        },
        ExportList(name: "users", about: Localized("用户（管理员）", "user accounts (administrators)")) { c, _ in
            UserListScreen(c)
        },
        ExportList(name: "audit", about: Localized("审计日志，全部条目（管理员）", "the audit log, every entry (administrators)")) { c, _ in
            AuditListScreen(c, limit: Int.max)
        },
    ]

    static func named(_ name: String) -> ExportList? { all.first { $0.name == name.lowercased() } }

    /// The lists for --help: one line each.
    static func helpLines(_ language: Language) -> String {
        let width = all.map(\.name.count).max() ?? 0
        return all.map { "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.about.text(language) }
            .joined(separator: "\n")
    }
}

/// The roster with the import's columns (no screen shows it: it is for a file).
final class RosterExporter: ListExporter {
    let context: AppContext
    init(_ context: AppContext) { self.context = context }
    var title: String { context.t(Localized("花名册", "Roster")) }

    func readForExport(fullNumbers: Bool) throws -> ListRows {
        let db = context.db, language = context.language
        let full = fullNumbers && db.may(.fullNumbers)
        return ListRows(list: "roster", title: title, header: AppDatabase.rosterHeader(language), total: try db.rosterCount(),
                        fullNumbers: full) { offset, limit in
            try db.rosterRows(offset: offset, limit: limit, fullNumbers: full, language: language)
        }
    }
}

/// A list screen as `chengxin export` uses it.
protocol ListExporter: AnyObject {
    var title: String { get }
    func readForExport(fullNumbers: Bool) throws -> ListRows
}

extension TableScreen: ListExporter {}

/// The group or round a list is about, as given on the command line.
struct ExportChoice {
    var group: String?
    var round: String?

    func group(_ c: AppContext) throws -> HonestyGroup {
        let en = c.language == .en
        if let group {
            guard let g = try c.db.findHonestyGroup(group) else {
                throw UserError(en ? "No honesty group \(group)." : "没有编号或名称为 \(group) 的诚信计生小组。")
            }
            return g
        }
        if let own = c.db.session?.groupId, let g = try c.db.honestyGroup(id: own) { return g }
        throw UserError(en ? "Name the group with --group (its id or exact name)." : "请用 --group 指定小组（编号或完整名称）。")
    }

    func checkRound(_ c: AppContext) throws -> CheckRound {
        let rounds = try c.db.checkRounds()
        return try pick(rounds, \.name, id: \.id, c)
    }

    func surveyRound(_ c: AppContext) throws -> SurveyRound {
        let rounds = try c.db.surveyRounds()
        return try pick(rounds, \.name, id: \.id, c)
    }

    /// The round named (or numbered) by --round, else the newest.
    private func pick<R>(_ rounds: [R], _ name: KeyPath<R, String>, id: KeyPath<R, Int64?>, _ c: AppContext) throws -> R {
        let en = c.language == .en
        guard let round else {
            guard let newest = rounds.first else { throw UserError(en ? "There are no rounds yet." : "还没有轮次。") }
            return newest
        }
        let wanted = round.trimmingCharacters(in: .whitespaces)
        guard let r = rounds.first(where: { $0[keyPath: name] == wanted || $0[keyPath: id].map(String.init) == wanted }) else {
            throw UserError(en ? "No round \(round)." : "没有名为 \(round) 的轮次。")
        }
        return r
    }
}

extension AppContext {
    func exportVillage() throws -> Village {
        guard let v = try db.village() else { throw StoreError.refused(S.needVillage) }
        return v
    }
}

/// `chengxin export LIST -o FILE [--format csv|xlsx] [--encoding utf8|gbk|gb18030] [--full-numbers]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export",
        abstract: helpText("把一张列表导出为 CSV 或 Excel（xlsx）文件，列和内容与程序里的列表相同。",
                           "Export a list to a CSV or Excel (xlsx) file, with the same columns and texts as the list in the app."),
        discussion: helpText("可导出的列表：\n", "The lists:\n") + ExportList.helpLines(HelpLanguage.current) + "\n\n"
            + helpText("身份证号和电话默认隐去中间数字；管理员和计生专干可加 --full-numbers 导出完整号码，\n这样的导出会记入审计日志。"
                       + "\nGBK 编码写不下的生僻字（如𠮷）会列出所在的行，请改用 UTF-8 或 GB18030。",
                       "ID and phone numbers are masked unless --full-numbers is given (administrators and clerks);\n"
                       + "such an export is written to the audit log.\nRare characters GBK lacks (such as 𠮷) are named by row; "
                       + "UTF-8 or GB18030 hold them."))
    @OptionGroup var options: GlobalOptions
    @Argument(help: .zh("要导出的列表（见上）。", en: "The list to export (see above).")) var list: String
    @Option(name: [.short, .customLong("output")], help: .zh("写入这个文件。", en: "The file to write.")) var output: String
    @Option(help: .zh("csv 或 xlsx（默认按 -o 文件的扩展名）。", en: "csv or xlsx (default: the -o file's extension)."))
    var format: String?
    @Option(help: .zh("CSV 的编码：utf8（带 BOM，默认）、gbk（老版 Excel）或 gb18030。", en: "The CSV's encoding: utf8 (with a BOM, the default), gbk (old Excel) or gb18030."))
    var encoding: String?
    @Flag(help: .zh("身份证号和电话不隐去（管理员、计生专干；记入审计日志）。", en: "ID and phone numbers in full (administrators, clerks; audited)."))
    var fullNumbers = false
    @Option(help: .zh("members、elections：小组的编号或完整名称。", en: "members, elections: the group's id or exact name.")) var group: String?
    @Option(help: .zh("checks、answers：轮次的名称或编号（默认最近一轮）。", en: "checks, answers: the round's name or id (default: the latest)."))
    var round: String?

    func run() throws {
        let lang = options.language
        let en = lang == .en
        guard let chosen = ExportList.named(list) else {
            throw UserError((en ? "Unknown list \(list). The lists:\n" : "没有名为 \(list) 的列表。可导出的列表：\n") + ExportList.helpLines(lang))
        }
        let (fileFormat, fileEncoding) = try formatAndEncoding(en)
        let db = try options.openDatabase()
        if fullNumbers, !db.may(.fullNumbers) {
            let role = db.session.map { $0.role.label.text(lang) } ?? ""
            throw UserError(en ? "Not allowed to export full numbers: a \(role) account exports them masked."
                               : "无权导出完整号码：\(role)账户只能导出隐去中间数字的号码。")
        }
        let context = AppContext(db: db, language: lang, catalog: try loadCatalog(), today: .today())
        var title = chosen.name
        do {
            let screen = try chosen.screen(context, ExportChoice(group: group, round: round))
            title = screen.title
            let rows = try screen.readForExport(fullNumbers: fullNumbers)
            // No screen to redraw between slices: bigger pages, fewer reads.
            let export = try ListExport(rows, path: output, format: fileFormat, encoding: fileEncoding, slice: 5000)
            _ = try export.finish(db)
            print(export.doneMessage().text(lang))
        } catch let refused as UnencodableRows {
            throw UserError(refused.message.text(lang))
        } catch StoreError.refused(let why) where why == AppDatabase.notAllowedMessage {
            let role = db.session.map { $0.role.label.text(lang) } ?? ""
            throw UserError(en ? "Not allowed to export \(title): a \(role) account cannot read this list."
                               : "无权导出“\(title)”：\(role)账户不能查看这张列表。")
        } catch let e as UserError {
            throw e
        } catch {
            throw userError(error, lang)
        }
    }

    /// The format from --format or the file's extension (they must agree), and the encoding.
    func formatAndEncoding(_ en: Bool) throws -> (TableFormat, FileEncoding) {
        let named = ListExport.format(ofFile: output)
        var chosen = named
        if let format {
            guard let f = ["csv": TableFormat.csv, "xlsx": .xlsx][format.lowercased()] else {
                throw UserError(en ? "Unknown format \(format): use csv or xlsx." : "未知的格式 \(format)：可用 csv 或 xlsx。")
            }
            if let named, named != f {
                let fits = ListExport.renaming(output, to: f)
                throw UserError(en ? "--format \(format) does not match the file \(output): write to \(fits), or leave out --format."
                                   : "--format \(format) 与文件名 \(output) 不符：请写入 \(fits)，或去掉 --format。")
            }
            chosen = f
        }
        guard let chosen else {
            throw UserError(en ? "Give the format with --format csv or xlsx, or name the file .csv or .xlsx."
                               : "请用 --format 指定 csv 或 xlsx，或让文件名以 .csv 或 .xlsx 结尾。")
        }
        let spelled = (encoding ?? "utf8").lowercased().replacingOccurrences(of: "-", with: "")
        guard let fileEncoding = FileEncoding(rawValue: spelled) else {
            throw UserError(en ? "Unknown encoding \(encoding ?? ""): use utf8, gbk or gb18030."
                               : "未知的编码 \(encoding ?? "")：可用 utf8、gbk 或 gb18030。")
        }
        if chosen == .xlsx, fileEncoding != .utf8 {
            throw UserError(en ? "An xlsx workbook is always UTF-8; --encoding is for CSV files."
                               : "xlsx 工作簿总是 UTF-8 编码；--encoding 只用于 CSV 文件。")
        }
        return (chosen, fileEncoding)
    }
}
