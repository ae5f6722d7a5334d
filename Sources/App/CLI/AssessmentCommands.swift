import ArgumentParser
import Domain
import Foundation
import Store
import UICore

// Commands for evaluation and supervision: surveys, the star rating, rule documents,
// the 四有 and the feedback register.

/// Runs a store call, turning its errors into the user's language.
@discardableResult
func storeCall<T>(_ language: Language, form: String? = nil, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as UserError { throw e } catch { throw userError(error, language, form: form) }
}

/// An enum value typed as its raw value or its Chinese or English label.
func parseChoice<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, label: (T) -> Localized,
                                                     option: String, _ language: Language) throws -> T
where T.RawValue == String {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let v = T.allCases.first(where: { $0.rawValue.lowercased() == t || label($0).zh == text || label($0).en.lowercased() == t }) {
        return v
    }
    // An unambiguous beginning of a raw value will do ("self" for selfAssessment).
    let prefixed = T.allCases.filter { !t.isEmpty && $0.rawValue.lowercased().hasPrefix(t) }
    if prefixed.count == 1 { return prefixed[0] }
    let known = T.allCases.map { "\($0.rawValue)（\(label($0).zh)）" }.joined(separator: "、")
    throw UserError(language == .en ? "\(option): unknown value \(text); use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))."
                    : "\(option)：无法识别「\(text)」，可用：\(known)")
}

// MARK: - survey

/// `--village CODE` on the survey commands: at a township, the village it evaluates (乡镇评估).
struct SurveyVillageOption: ParsableArguments {
    @Option(help: .zh("（在乡镇）评估的村的区划代码：乡镇评估记入乡镇，随下次回执发给该村。",
                      en: "(At a township) the code of the village evaluated: the evaluation is recorded at the township and sent down with its next acknowledgement."))
    var village: String?

    /// The village's own surveys, or the township's evaluations of `village`; refused where
    /// the option does not belong (a township without it, a village with it).
    func book(_ db: AppDatabase, _ language: Language) throws -> SurveyBook {
        let office = try storeCall(language) { try db.officeKind() } != .village
        guard let village else {
            if office {
                throw UserError(language == .en ? "This is a township's (or county's) database: give --village CODE, the village evaluated."
                                : "这是乡镇（或县）的数据库：请用 --village 区划代码 指定所评估的村")
            }
            return db
        }
        guard office else {
            throw UserError(language == .en ? "--village is for a township's database (its evaluations of its villages); leave it out here."
                            : "--village 只用于乡镇的数据库（乡镇对各村的评估）；在村的数据库里请去掉它")
        }
        let name = try storeCall(language) { try db.memberOffices().first { $0.code == village }?.name } ?? village
        return TownshipSurveyBook(township: db, villageCode: village, villageName: name)
    }
}

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "survey",
        abstract: helpText("调查轮次（自评 / 乡镇评估）：知晓率、满意率与目标对比。", "Survey rounds (自评 / 乡镇评估): awareness and satisfaction against the targets."),
        subcommands: [Rounds.self, AddRound.self, Answer.self, ResultCommand.self, Results.self, Items.self,
                      QuestionnaireCommand.self, AddItem.self, Sample.self, Discuss.self, Discussions.self])

    struct Rounds: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出调查轮次及其比率。", "List the survey rounds with their rates."))
        @OptionGroup var options: GlobalOptions
        @OptionGroup var village: SurveyVillageOption
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let book = try village.book(db, l)
            let rows = try storeCall(l) {
                try book.surveyRounds().map { r -> [String] in
                    let res = try book.surveyResult(roundId: r.id ?? 0)
                    return [String(r.id ?? 0), r.heldOn.description, r.name, r.conductor.label.text(l), String(res.asked),
                            SurveyResult.percent(res.awarenessRate) + "/\(r.awarenessTarget)%",
                            SurveyResult.percent(res.satisfactionRate) + "/\(r.satisfactionTarget)%",
                            res.meetsTargets ? (en ? "met" : "达标") : (en ? "not met" : "未达标")]
                }
            }
            if rows.isEmpty { print(en ? "No survey rounds." : "还没有调查。"); return }
            print(alignedTable([en ? "ID" : "编号", en ? "Date" : "日期", en ? "Name" : "名称", en ? "By" : "方式",
                                en ? "Asked" : "户数", en ? "Aware/target" : "知晓率/目标",
                                en ? "Satisfied/target" : "满意率/目标", en ? "Result" : "结果"], rows, rightAligned: [0, 4]))
        }
    }

    struct AddRound: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-round", abstract: helpText("新增调查轮次。", "Add a survey round."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("轮次名称。", en: "Name of the round.")) var name: String
        @Option(help: .zh("调查日期（YYYY-MM-DD）。", en: "Date held (YYYY-MM-DD).")) var date: String
        @Option(help: .zh("组织方：selfAssessment（自评）或 township（乡镇评估）；有 --village 时为乡镇评估。",
                          en: "Who ran it: selfAssessment (自评) or township (乡镇评估); township with --village."))
        var by: String?
        @Option(name: .customLong("awareness-target"), help: .zh("知晓率目标（百分数，默认 80）。", en: "Awareness target in percent (default 80).")) var awarenessTarget = 80
        @Option(name: .customLong("satisfaction-target"), help: .zh("满意率目标（百分数，默认 90）。", en: "Satisfaction target in percent (default 90)."))
        var satisfactionTarget = 90
        @Option(help: .zh("备注。", en: "Note.")) var note = ""
        @OptionGroup var village: SurveyVillageOption

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let book = try village.book(db, l)
            if village.village == nil { _ = try requireVillage(db, l) }
            guard let by = by ?? village.village.map({ _ in SurveyConductor.township.rawValue }) else {
                throw UserError(l == .en ? "Give --by selfAssessment or --by township." : "请用 --by 指定 selfAssessment（自评）或 township（乡镇评估）")
            }
            let conductor = try parseChoice(by, SurveyConductor.self, label: \.label, option: "--by", l)
            if village.village != nil && conductor != .township {
                throw UserError(l == .en ? "A township records only its own evaluations (--by township)." : "乡镇只记录乡镇评估（--by township）")
            }
            let round = try storeCall(l, form: "survey_round_form") {
                try book.createSurveyRound(SurveyRound(name: name, heldOn: try parseDate(date, option: "--date", l),
                                                     conductor: conductor, awarenessTarget: awarenessTarget,
                                                     satisfactionTarget: satisfactionTarget, note: note),
                                         on: LocalDate.today())
            }
            print(l == .en ? "Added survey round \(round.id ?? 0): \(round.name)." : "已添加调查 \(round.id ?? 0)：\(round.name)")
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一户的回答（再次登记即替换）。", "Record a household's answer (again replaces it)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @Argument(help: .zh("户编号。", en: "The household's number.")) var household: String
        @Option(help: .zh("是否知晓：yes 或 no（是/否）；无问卷的轮次用。", en: "Knows the programme: yes or no (是/否); for a round without a questionnaire."))
        var aware: String?
        @Option(help: .zh("satisfied、basicallySatisfied 或 dissatisfied（满意/基本满意/不满意）；无问卷的轮次用。",
                          en: "satisfied, basicallySatisfied or dissatisfied (满意/基本满意/不满意); for a round without a questionnaire."))
        var satisfaction: String?
        @Option(help: .zh("问卷各题的回答，如 \"1=是,2=否,7=满意\"（知晓题 是/否，满意题 满意/基本满意/不满意 或 a/b/c）。",
                          en: "The questionnaire's answers, e.g. \"1=yes,2=no,7=a\" (awareness items yes/no, satisfaction items a/b/c)."))
        var items: String?
        @Option(help: .zh("备注。", en: "Note.")) var note = ""
        @OptionGroup var village: SurveyVillageOption

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let book = try village.book(db, l)
            // At the village, every household (the store names one outside the round's sample);
            // at a township, the households of its copy of the village.
            let households = try storeCall(l) { village.village == nil ? try db.surveyHouseholds() : try book.surveyHouseholds(roundId: round) }
            guard let h = households.first(where: { $0.number == household }) else {
                throw UserError(l == .en ? "No household numbered \(household)." : "没有户编号为 \(household) 的户。")
            }
            let questionnaire = try storeCall(l) { try book.surveyItems(roundId: round) }
            var answer = SurveyAnswer(roundId: round, householdId: h.id, aware: false, satisfaction: .dissatisfied, note: note)
            if questionnaire.isEmpty {
                guard let aware, let satisfaction else {
                    throw UserError(l == .en ? "This round has no questionnaire: give --aware and --satisfaction."
                                    : "本轮没有问卷：请给出 --aware 和 --satisfaction")
                }
                answer.aware = try parseYesNo(aware, option: "--aware", l)
                answer.satisfaction = try parseChoice(satisfaction, Satisfaction.self, label: \.label, option: "--satisfaction", l)
            } else {
                guard let items else {
                    throw UserError(l == .en ? "This round has a questionnaire of \(questionnaire.count) items: give --items \"1=yes,2=no,…\"."
                                    : "本轮有\(questionnaire.count)道问卷题：请用 --items \"1=是,2=否,…\" 给出各题回答")
                }
                answer.items = try parseItemAnswers(items, questionnaire, l)
            }
            try storeCall(l) { try book.recordSurveyAnswer(answer) }
            print(l == .en ? "Recorded \(household)." : "已记录 \(household) 户的回答")
            if village.village != nil {
                print(l == .en ? "It goes down to the village with its next acknowledgement." : "随下次回执发给该村。")
            }
        }
    }

    struct ResultCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "result", abstract: helpText("显示一轮的结果（默认最新一轮）。", "Show a round's result (default: the newest round)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64?
        @OptionGroup var village: SurveyVillageOption

        func run() throws {
            let l = options.language
            let en = l == .en
            let book = try village.book(try options.openDatabase(), l)
            let result: SurveyResult? = try storeCall(l) {
                guard let id = try round ?? book.surveyRounds().first?.id else { return nil }
                return try book.surveyResult(roundId: id)
            }
            guard let r = result else { throw UserError(en ? "No survey rounds yet." : "还没有调查。") }
            print("\(r.round.name)（\(r.round.heldOn)，\(r.round.conductor.label.text(l))）")
            print((en ? "Households asked: " : "调查户数：") + String(r.asked))
            print((en ? "Awareness: " : "知晓率：") + SurveyResult.percent(r.awarenessRate)
                  + (en ? " (\(r.aware) aware), target \(r.round.awarenessTarget)% — " : "（知晓 \(r.aware) 户），目标 \(r.round.awarenessTarget)%　")
                  + (r.meetsAwareness ? (en ? "met" : "达标") : (en ? "not met" : "未达标")))
            print((en ? "Satisfaction: " : "满意率：") + SurveyResult.percent(r.satisfactionRate)
                  + (en ? " (\(r.satisfied) satisfied + \(r.basicallySatisfied) basically, \(r.dissatisfied) not), target \(r.round.satisfactionTarget)% — "
                        : "（满意 \(r.satisfied)，基本满意 \(r.basicallySatisfied)，不满意 \(r.dissatisfied)），目标 \(r.round.satisfactionTarget)%　")
                  + (r.meetsSatisfaction ? (en ? "met" : "达标") : (en ? "not met" : "未达标")))
        }
    }
}

// MARK: - stars

struct StarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stars",
        abstract: helpText("星级诚信村评审：现状、登记季度评审、历史。", "The star-rated village review (星级诚信村): status, record a quarterly review, history."),
        subcommands: [Status.self, Review.self, History.self, Criteria.self, Evidence.self])

    static func statusLine(_ s: StarStatus, _ l: Language) -> String {
        let en = l == .en
        var line = (en ? "Level: " : "当前星级：") + s.stars + (en ? " (\(s.level))" : "（\(s.level)星）")
        if s.lostForNotRectifying { line += en ? " — lost: not rectified within a year" : "　未在一年内整改，资格已取消" }
        if let end = s.barredUntil {
            line += en ? "; barred through \(end), may apply from \(end.addingDays(1))" : "；禁止申报至 \(end)，\(end.addingDays(1)) 起可再申请"
        } else if let by = s.rectifyBy {
            line += en ? "; rectify by \(by)" : "；须于 \(by) 前整改通过"
        }
        return line
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("当前星级及限制。", "The current level and any bar."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let s = try storeCall(l) { try db.starStatus(on: LocalDate.today()) }
            print(StarsCommand.statusLine(s, l))
            if let r = s.lastReview {
                print((l == .en ? "Last review: " : "上次评定：") + "\(r.reviewedOn) \(r.levelApplied)★ "
                      + (r.passed ? (l == .en ? "passed" : "通过") : (l == .en ? "failed" : "未通过")) + " \(r.reviewer)")
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一次季度评审。", "Record a quarterly review."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("评审日期（YYYY-MM-DD）。", en: "Date of the review (YYYY-MM-DD).")) var date: String
        @Option(help: .zh("申报星级（1–3）。", en: "Level applied for (1–3).")) var level: Int
        @Flag(help: .zh("本村通过。", en: "The village passed.")) var passed = false
        @Flag(help: .zh("本村未通过（加 --downgrade-to N 或 --revoke）。", en: "The village failed (give --downgrade-to N or --revoke).")) var failed = false
        @Option(name: .customLong("downgrade-to"), help: .zh("未通过时：降到的星级。", en: "When failed: the lower level.")) var downgradeTo: Int?
        @Flag(help: .zh("未通过时：撤销称号。", en: "When failed: revoke the title.")) var revoke = false
        @Option(help: .zh("达到的标准编号，逗号分隔（用 chengxin stars criteria 查看）；能由记录判定的各项按记录填入（stars evidence）。",
                          en: "Comma-separated ids of the criteria met (`chengxin stars criteria` lists them); those the records decide are set from the records (`stars evidence`)."))
        var criteria: String?
        @Flag(name: .customLong("all-criteria"), help: .zh("本级（及以下）手工勾选的各项标准全部达到。",
                                                            en: "Every criterion of the level (and below) that is ticked by hand was met."))
        var allCriteria = false
        @Option(help: .zh("评审人。", en: "Who reviewed.")) var reviewer: String
        @Option(help: .zh("备注。", en: "Note.")) var note = ""
        @Option(help: .zh("（在乡镇）评审的村的区划代码：记入乡镇，随下次回执发给该村。",
                          en: "(At a township) the code of the village reviewed: recorded at the township and sent down with its next acknowledgement."))
        var village: String?

        func run() throws {
            let l = options.language
            let en = l == .en
            guard passed != failed else {
                throw UserError(en ? "Give exactly one of --passed or --failed." : "请指定 --passed（通过）或 --failed（未通过）之一")
            }
            if failed && revoke == (downgradeTo != nil) {
                throw UserError(en ? "A failed review needs --downgrade-to N or --revoke." : "未通过须指定 --downgrade-to 星级 或 --revoke（取消资格）之一")
            }
            let db = try options.openDatabase()
            let catalog = try db.starCriteria()
            var met = (criteria ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if allCriteria { met = catalog.required(for: level).map(\.id) }
            let review = StarReview(reviewedOn: try parseDate(date, option: "--date", l), levelApplied: level,
                                    criteriaMet: met, passed: passed,
                                    failureAction: failed ? (revoke ? .revoke : .downgrade) : nil,
                                    downgradeTo: downgradeTo, reviewer: reviewer, note: note)
            let today = LocalDate.today()
            if let village {
                try storeCall(l) { try db.recordVillageStarReview(village, review, on: today) }
                print(en ? "Recorded at the township; it goes down with the village's next acknowledgement."
                         : "已记入乡镇，随下次回执发给该村。")
                return
            }
            try storeCall(l) { try db.makeStarReview(review, on: today) }
            print((en ? "Recorded. " : "已登记。") + StarsCommand.statusLine(try db.starStatus(on: today), l))
        }
    }

    struct Criteria: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("评审标准目录，按星级（编号供 --criteria 用）。", "The criteria catalogue, by level (ids for --criteria)."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let rows = try db.starCriteria().criteria.map { [StarRating.stars($0.level), $0.id, $0.label.text(l)] }
            print(alignedTable([l == .en ? "Level" : "星级", "ID", l == .en ? "Criterion" : "标准"], rows))
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("全部评审，最新的在前。", "Every review, newest first."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let rows = try db.starReviews().map { r -> [String] in
                var outcome = r.passed ? (en ? "passed" : "通过") : (en ? "failed" : "未通过")
                if !r.passed, let a = r.failureAction {
                    outcome += " " + a.label.text(l) + (a == .downgrade ? "→\(r.downgradeTo ?? 0)★" : "")
                }
                return [r.reviewedOn.description, StarRating.quarterText(of: r.reviewedOn).text(l), "\(r.levelApplied)★",
                        outcome, StarRating.stars(r.resultingLevel), r.reviewer, r.note]
            }
            if rows.isEmpty { print(en ? "No reviews yet." : "还没有星级评定。"); return }
            print(alignedTable([en ? "Date" : "日期", en ? "Quarter" : "季度", en ? "Applied" : "申报", en ? "Outcome" : "结果",
                                en ? "Level" : "评定后", en ? "Reviewer" : "评定人", en ? "Note" : "备注"], rows))
        }
    }
}

// MARK: - rules and 四有

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules",
        abstract: helpText("制度文件（五项制度、村规民约、自治章程）及通过它们的会议。", "Rule documents (五项制度, 村规民约, 自治章程) and the meetings that adopted them."),
        subcommands: [List.self, Add.self, Text.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出现行文件（--all：含已替代的）。", "List the documents in force (--all: superseded too)."))
        @OptionGroup var options: GlobalOptions
        @Flag(help: .zh("包括已替代的文件。", en: "Include superseded documents.")) var all = false
        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let rows = try db.ruleDocuments(includeSuperseded: all).map {
                [String($0.id ?? 0), $0.kind.label.text(l), $0.title, $0.adoptedOn.description, $0.adoptedBy,
                 $0.supersededById == nil ? (en ? "in force" : "现行") : (en ? "superseded" : "已被取代")]
            }
            if rows.isEmpty { print(en ? "No rule documents yet." : "还没有制度文件。"); return }
            print(alignedTable([en ? "ID" : "编号", en ? "Kind" : "类别", en ? "Title" : "标题", en ? "Adopted" : "通过日期",
                                en ? "By" : "通过会议", en ? "State" : "状态"], rows, rightAligned: [0]))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("新增文件；它替代同类的现行文件。", "Add a document; it supersedes the current one of its kind."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("organisation、publicAffairs、rewardsPenalties、democraticSupervision、effectEvaluation、villageRules、charter（或中文名称）。", en: "organisation, publicAffairs, rewardsPenalties, democraticSupervision, effectEvaluation, villageRules, charter (or the Chinese name)."))
        var kind: String
        @Option(help: .zh("标题。", en: "Title.")) var title: String
        @Option(name: .customLong("adopted-on"), help: .zh("通过日期（YYYY-MM-DD）。", en: "Date adopted (YYYY-MM-DD).")) var adoptedOn: String
        @Option(name: .customLong("adopted-by"), help: .zh("通过它的会议（如 村民代表大会）；有 --meeting 时取自会议。", en: "The meeting that adopted it (e.g. 村民代表大会); from the meeting with --meeting.")) var adoptedBy = ""
        @Option(help: .zh("通过它的会议在会议登记中的编号（见 chengxin meetings list），日期须相同。", en: "The id of the meeting that adopted it in the register (see chengxin meetings list), held on the same day.")) var meeting: Int64?
        @Option(help: .zh("备注。", en: "Note.")) var note = ""

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let k = try parseChoice(kind, RuleDocumentKind.self, label: \.label, option: "--kind", l)
            let doc = try storeCall(l) {
                try db.saveRuleDocument(RuleDocument(kind: k, title: title, adoptedOn: try parseDate(adoptedOn, option: "--adopted-on", l),
                                                     adoptedBy: adoptedBy, note: note, meetingId: meeting), on: LocalDate.today())
            }
            print(l == .en ? "Added \(doc.kind.label.en) \(doc.id ?? 0): \(doc.title)." : "已添加\(doc.kind.label.zh) \(doc.id ?? 0)：\(doc.title)")
        }
    }

    struct Text: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "从 UTF-8 文本文件录入文件正文；已有正文的文件改正文即为修订，须经会议重新通过（--adopted-on 及 --meeting 或 --adopted-by），保存为替代它的新文件。",
            "Type in a document's text from a UTF-8 text file. Changing a text already typed in is a revision a meeting adopts (--adopted-on, and --meeting or --adopted-by): it is saved as a new document that supersedes the old one."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("文件编号（见 chengxin rules list）。", en: "The document's id (see chengxin rules list).")) var id: Int64
        @Option(help: .zh("正文所在的 UTF-8 文本文件。", en: "The UTF-8 text file that holds the text.")) var file: String
        @Option(name: .customLong("adopted-on"), help: .zh("修订通过的日期（YYYY-MM-DD）。", en: "The date the revision was adopted (YYYY-MM-DD).")) var adoptedOn: String?
        @Option(name: .customLong("adopted-by"), help: .zh("通过修订的会议。", en: "The meeting that adopted the revision.")) var adoptedBy: String?
        @Option(help: .zh("通过修订的会议在会议登记中的编号。", en: "The id of the meeting that adopted the revision, in the register.")) var meeting: Int64?

        func run() throws {
            let l = options.language
            let en = l == .en
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UserError(en ? "--file: cannot read \(file)." : "--file：无法读取 \(file)。")
            }
            // Refused, not stored as U+FFFD: the first byte that is not UTF-8 is named.
            let decoded = String(decoding: data, as: UTF8.self)
            if !decoded.utf8.elementsEqual(data) {
                let at = zip(decoded.utf8, data).prefix { $0 == $1 }.count
                let byte = String(format: "0x%02X", data[data.startIndex + at])
                throw UserError(en ? "--file: \(file) is not UTF-8 (byte \(at + 1) is \(byte)); save it as UTF-8 and try again. Nothing was changed."
                                   : "--file：\(file) 不是 UTF-8 编码（第 \(at + 1) 个字节为 \(byte)）；请另存为 UTF-8 后重试。未做任何改动。")
            }
            let text = decoded.hasPrefix("\u{FEFF}") ? String(decoded.dropFirst()) : decoded
            let db = try options.openDatabase()
            guard var doc = try db.ruleDocuments().first(where: { $0.id == id }) else {
                throw UserError(en ? "No rule document \(id); see chengxin rules list." : "没有编号为 \(id) 的制度文件；见 chengxin rules list。")
            }
            let before = doc
            doc.body = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let adoptedOn { doc.adoptedOn = try parseDate(adoptedOn, option: "--adopted-on", l) }
            if let adoptedBy { doc.adoptedBy = adoptedBy }
            if let meeting { doc.meetingId = meeting }
            let saved = try storeCall(l) { try db.saveRuleDocument(doc, on: LocalDate.today()) }
            if saved.id != before.id {
                print(en ? "Revised: document \(saved.id ?? 0), adopted on \(saved.adoptedOn), supersedes \(before.id ?? 0)."
                         : "已修订：新文件 \(saved.id ?? 0)（\(saved.adoptedOn) 通过）替代文件 \(before.id ?? 0)。")
            } else {
                print(en ? "Saved the text of \(saved.title) (\(saved.body.count) characters)."
                         : "已保存「\(saved.title)」的正文（\(saved.body.count) 字）。")
            }
        }
    }
}

struct FourHavesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "four-haves",
        abstract: helpText("按记录计算的“四有”；缺任何一项时退出状态为 1。", "The 四有 computed from the records; exit status 1 when any is missing."))
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let l = options.language
        let db = try options.openDatabase()
        let f = try storeCall(l) { try db.fourHaves(on: LocalDate.today()) }
        for item in f.items { print((item.has ? "✓ " : "✗ ") + item.label.text(l)) }
        for m in f.missing { print("  " + m.text(l)) }
        if !f.all { throw ExitCode(1) }
    }
}

// MARK: - feedback

struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feedback",
        abstract: helpText("信息反馈及处理意见登记本。", "The feedback register (信息反馈及处理意见登记本)."),
        subcommands: [List.self, Add.self, Close.self, VoidEntry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出登记（默认全部；逾期的标 ！）。", "List entries (default all; overdue marked ！)."))
        @OptionGroup var options: GlobalOptions
        @Flag(help: .zh("只看未办结的。", en: "Only open entries.")) var open = false
        @Flag(help: .zh("只看逾期的。", en: "Only overdue entries.")) var overdue = false
        @Flag(help: .zh("只看已办结的。", en: "Only closed entries.")) var closed = false

        func run() throws {
            let l = options.language
            let en = l == .en
            let today = LocalDate.today()
            let filter: FeedbackFilter = overdue ? .overdue(on: today) : open ? .open : closed ? .closed : .all
            let db = try options.openDatabase()
            let rows = try db.feedbackEntries(filter: filter).map { e in
                [e.isOverdue(on: today) ? "！" : "", String(e.id ?? 0), e.receivedOn.description, e.source.label.text(l),
                 e.raisedByText.text(l), e.content, e.handler, e.deadline.description,
                 e.isVoided ? (en ? "voided: " : "已作废：") + e.voidReason : e.status.label.text(l)]
            }
            if rows.isEmpty { print(en ? "No entries." : "没有记录。"); return }
            print(alignedTable(["", en ? "ID" : "编号", en ? "Received" : "收到日期", en ? "Source" : "来源", en ? "Raised by" : "反映人",
                                en ? "Content" : "内容", en ? "Handler" : "承办人", en ? "Deadline" : "办结时限",
                                en ? "Status" : "状态"], rows, rightAligned: [1]))
            let counts = try db.feedbackCounts(on: today)
            print(en ? "\(counts.open) open, \(counts.overdue) overdue" : "未办结 \(counts.open) 条，其中超期 \(counts.overdue) 条")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一条反馈。", "Register an entry."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("收到日期（默认今天）。", en: "Date received (default today).")) var received: String?
        @Option(help: .zh("visit、hotline、letter、reportBox、meeting、other（或 走访、12356热线、来信、举报箱、会议、其他）。", en: "visit, hotline, letter, reportBox, meeting, other (or 走访, 12356热线, 来信, 举报箱, 会议, 其他)."))
        var source: String
        @Flag(help: .zh("匿名反映：不保存姓名和联系方式。", en: "Raised anonymously: no name or contact is kept.")) var anonymous = false
        @Option(help: .zh("反映人。", en: "Who raised it.")) var by = ""
        @Option(help: .zh("联系方式（电话或地址）。", en: "Contact (phone or address).")) var contact = ""
        @Option(help: .zh("反映的内容。", en: "What was raised.")) var content: String
        @Option(help: .zh("承办人。", en: "Who handles it.")) var handler: String
        @Option(help: .zh("办理期限（YYYY-MM-DD）。", en: "Deadline (YYYY-MM-DD).")) var deadline: String

        func run() throws {
            let l = options.language
            let today = LocalDate.today()
            let db = try options.openDatabase()
            let s = try parseChoice(source, FeedbackSource.self, label: \.label, option: "--source", l)
            let entry = FeedbackEntry(receivedOn: try received.map { try parseDate($0, option: "--received", l) } ?? today,
                                      source: s, anonymous: anonymous, raisedBy: by, contact: contact, content: content,
                                      handler: handler, deadline: try parseDate(deadline, option: "--deadline", l))
            let saved = try storeCall(l) { try db.saveFeedback(entry, on: today) }
            print(l == .en ? "Registered entry \(saved.id ?? 0)." : "已登记第 \(saved.id ?? 0) 条")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("办结一条登记并写明结果。", "Close an entry with its outcome."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("登记编号。", en: "The entry's id.")) var id: Int64
        @Option(help: .zh("处理结果（必填）。", en: "The outcome (required).")) var outcome: String
        @Option(help: .zh("办结日期（默认今天）。", en: "Date closed (default today).")) var date: String?

        func run() throws {
            let l = options.language
            let today = LocalDate.today()
            let db = try options.openDatabase()
            let on = try date.map { try parseDate($0, option: "--date", l) } ?? today
            try storeCall(l) { try db.closeFeedback(id: id, outcome: outcome, on: on, today: today) }
            print(l == .en ? "Closed entry \(id)." : "第 \(id) 条已办结")
        }
    }

    struct VoidEntry: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: helpText("作废误登的记录（保留，标为作废）。", "Void an entry made by mistake (kept, marked void)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("登记编号。", en: "The entry's id.")) var id: Int64
        @Option(help: .zh("原因（必填）。", en: "Why (required).")) var reason: String

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            try storeCall(l) { try db.voidFeedback(id: id, reason: reason, on: LocalDate.today()) }
            print(l == .en ? "Voided entry \(id)." : "第 \(id) 条已作废")
        }
    }
}
