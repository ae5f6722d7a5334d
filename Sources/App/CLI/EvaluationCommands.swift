import ArgumentParser
import Domain
import Foundation
import Store

// Commands for evaluation in depth: a round's questionnaire, sample, results per 社 and per
// item and 座谈 records; the star criteria read from the records; the 评议整改 measures.

/// yes/no typed in either language.
func parseYesNo(_ text: String, option: String, _ language: Language) throws -> Bool {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "yes", "y", "1", "是", "知晓": return true
    case "no", "n", "0", "2", "否", "不知晓": return false
    default: throw UserError(language == .en ? "\(option): use yes or no." : "\(option)：请填 是 或 否（yes/no）")
    }
}

/// "1=是,2=否,7=a": each item's answer by its number in the questionnaire.
func parseItemAnswers(_ text: String, _ items: [SurveyItem], _ l: Language) throws -> [Int64: ItemAnswer] {
    let en = l == .en
    var out: [Int64: ItemAnswer] = [:]
    let letters: [String: Satisfaction] = ["a": .satisfied, "b": .basicallySatisfied, "c": .dissatisfied]
    for part in text.split(whereSeparator: { $0 == "," || $0 == "，" }) {
        let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, let n = Int(pair[0]), let item = items.first(where: { $0.position == n }), let id = item.id else {
            throw UserError(en ? "--items: \(part) is not item=answer for an item of this round."
                            : "--items：「\(part)」应为 题号=回答，且题号属于本轮问卷")
        }
        switch item.kind {
        case .awareness: out[id] = .yesNo(try parseYesNo(pair[1], option: "--items \(n)", l))
        case .satisfaction:
            let s = try letters[pair[1].lowercased()]
                ?? parseChoice(pair[1], Satisfaction.self, label: \.label, option: "--items \(n)", l)
            out[id] = .satisfaction(s)
        }
    }
    return out
}

/// A rate against a target: "87.5%/80% 达标".
func rateText(_ rate: Double?, target: Int, meets: Bool, _ l: Language) -> String {
    SurveyResult.percent(rate) + "/\(target)% " + (meets ? (l == .en ? "met" : "达标") : (l == .en ? "not met" : "未达标"))
}

extension SurveyCommand {
    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "一轮调查的结果：全村、各社、各题，与目标对比。", "A round's results: the village, each 社 and each item, against the targets."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @OptionGroup var village: SurveyVillageOption

        func run() throws {
            let l = options.language
            let en = l == .en
            let book = try village.book(try options.openDatabase(), l)
            let b = try storeCall(l) { try book.surveyBreakdown(roundId: round) }
            let r = b.round
            print(en ? "\(r.name) (\(r.heldOn), \(r.conductor.label.en))" : "\(r.name)（\(r.heldOn)，\(r.conductor.label.zh)）")
            print(en ? "Answered \(b.total.asked) of \(b.sampled) households\(r.sampleSize == nil ? "" : " sampled")"
                  : "已答 \(b.total.asked) 户，\(r.sampleSize == nil ? "全村" : "抽样") \(b.sampled) 户")
            func row(_ t: SurveyTally, _ name: String) -> [String] {
                [name, String(t.asked), rateText(t.awarenessRate, target: r.awarenessTarget, meets: t.meetsAwareness(r.awarenessTarget), l),
                 rateText(t.satisfactionRate, target: r.satisfactionTarget, meets: t.meetsSatisfaction(r.satisfactionTarget), l)]
            }
            let rows = b.groups.map { row($0, $0.label) } + [row(b.total, en ? "Village" : "全村")]
            print(alignedTable([en ? "Group" : "社", en ? "Asked" : "户数", en ? "Awareness" : "知晓率", en ? "Satisfaction" : "满意率"],
                               rows, rightAligned: [1]))
            guard !b.items.isEmpty else { return }
            print("")
            let items = b.items.map { t -> [String] in
                [String(t.item.position), t.item.kind.label.text(l), t.item.text.text(l), "\(t.good)/\(t.answered)",
                 SurveyResult.percent(t.rate) + (t.meets(r) ? "" : " ✗")]
            }
            print(alignedTable([en ? "No." : "题", en ? "Kind" : "类", en ? "Item" : "题目",
                                en ? "Right/sat." : "答对/满意", en ? "Rate" : "比率"], items, rightAligned: [0]))
        }
    }

    struct Items: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出一轮的问卷题目。", "List a round's questionnaire."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @OptionGroup var village: SurveyVillageOption

        func run() throws {
            let l = options.language
            let en = l == .en
            let book = try village.book(try options.openDatabase(), l)
            let (items, r) = try storeCall(l) { (try book.surveyItems(roundId: round), try book.surveyRounds().first { $0.id == round }) }
            guard let r else { throw UserError(en ? "No survey round \(round)." : "没有编号为 \(round) 的调查。") }
            if items.isEmpty {
                print(en ? "No questionnaire: one awareness flag and one satisfaction answer per household."
                      : "本轮没有问卷：每户一个知晓、一个满意度回答。")
                return
            }
            let aware = items.filter { $0.kind == .awareness }.count
            let needed = Questionnaire.needed(threshold: r.awarenessThreshold, awarenessItems: aware)
            let rows = items.map { i -> [String] in
                [String(i.position), i.kind.label.text(l), i.text.text(l),
                 i.rightAnswer.map { ($0 ? Localized("是", "yes") : Localized("否", "no")).text(l) } ?? ""]
            }
            print(alignedTable([en ? "No." : "题", en ? "Kind" : "类", en ? "Item" : "题目", en ? "Right" : "正确答案"], rows,
                               rightAligned: [0]))
            print(en ? "Aware: at least \(needed) of \(aware) awareness items right." : "知晓：\(aware)道知晓题至少答对\(needed)道。")
        }
    }

    struct QuestionnaireCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "questionnaire", abstract: helpText(
            "给一轮配上问卷：默认问卷，或用 --file 指定的问卷文件。",
            "Give a round the default questionnaire (Data/survey_questionnaire.json) or that of --file."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @Option(help: .zh("问卷文件（JSON）。", en: "A questionnaire file (JSON).")) var file: String?
        @Option(help: .zh("算作知晓须答对的知晓题数（默认全部）。", en: "Awareness items a household must answer right to count as aware (default: all)."))
        var threshold: Int?
        @OptionGroup var village: SurveyVillageOption

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let book = try village.book(db, l)
            let items = try storeCall(l) {
                let items = try book.installQuestionnaire(roundId: round, from: file.map { URL(fileURLWithPath: $0) })
                if let threshold {
                    if let code = village.village {
                        try db.setTownshipAwarenessThreshold(code, roundId: round, threshold: threshold)
                    } else {
                        try db.setAwarenessThreshold(roundId: round, threshold: threshold)
                    }
                }
                return items
            }
            print(l == .en ? "The round has a questionnaire of \(items.count) items." : "本轮已配问卷，共\(items.count)题。")
        }
    }

    struct AddItem: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-item", abstract: helpText(
            "在一轮的问卷末尾加一道题。", "Add an item at the end of a round's questionnaire."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @Option(help: .zh("awareness（知晓）或 satisfaction（满意）。", en: "awareness (知晓) or satisfaction (满意).")) var kind: String
        @Option(help: .zh("题目（中文）。", en: "The item (Chinese).")) var text: String
        @Option(name: .customLong("text-en"), help: .zh("题目（英文）。", en: "The item in English.")) var textEn = ""
        @Option(help: .zh("知晓题的正确答案：yes 或 no（默认 yes）。", en: "An awareness item's right answer: yes or no (default yes).")) var right: String?

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let k = try parseChoice(kind, SurveyItemKind.self, label: \.label, option: "--kind", l)
            let r = try right.map { try parseYesNo($0, option: "--right", l) }
            let item = try storeCall(l) { try db.addSurveyItem(roundId: round, kind: k, text: Localized(text, textEn), rightAnswer: r) }
            print(l == .en ? "Added item \(item.position)." : "已添加第\(item.position)题。")
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "按社分层随机抽取本轮调查的户（同一种子得到同一样本）。",
            "Draw the round's households at random, stratified by 社 (the same seed gives the same sample)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @Option(help: .zh("抽样户数；不给即全村每户。", en: "Households to draw; without it every household.")) var size: Int?
        @Option(help: .zh("随机种子（默认随机取一个，并保存）。", en: "The seed (default: a random one, stored).")) var seed: Int64?

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let s = seed ?? Int64.random(in: 1...999_999)
            let ids = try storeCall(l) { try db.drawSurveySample(roundId: round, size: size, seed: s) }
            guard size != nil else {
                print(en ? "The round asks every household (\(ids.count))." : "本轮调查全村每户（\(ids.count)户）。")
                return
            }
            let chosen = Set(ids)
            let households = try db.surveyHouseholds().filter { chosen.contains($0.id) }
            var perGroup: [(String, Int)] = []
            for h in households {
                if let i = perGroup.firstIndex(where: { $0.0 == h.villageGroupName }) { perGroup[i].1 += 1 } else { perGroup.append((h.villageGroupName, 1)) }
            }
            print(en ? "Drew \(ids.count) households with seed \(s): " : "已用种子 \(s) 抽取 \(ids.count) 户：",
                  terminator: "")
            print(perGroup.map { en ? "\($0.0) \($0.1)" : "\($0.0)\($0.1)户" }.joined(separator: en ? ", " : "，"))
            print(households.map(\.number).joined(separator: " "))
        }
    }

    struct Discuss: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一次座谈（本轮调查的）。", "Record a discussion meeting (座谈) of the round."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64
        @Option(help: .zh("座谈日期（YYYY-MM-DD）。", en: "Date (YYYY-MM-DD).")) var date: String
        @Option(help: .zh("参加人数。", en: "How many took part.")) var count: Int
        @Option(help: .zh("参加人员姓名。", en: "Their names.")) var participants = ""
        @Option(help: .zh("提出的意见。", en: "The points raised.")) var points: String

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let d = try storeCall(l) {
                try db.addSurveyDiscussion(SurveyDiscussion(roundId: round, heldOn: try parseDate(date, option: "--date", l),
                                                            participantCount: count, participants: participants, points: points),
                                           on: LocalDate.today())
            }
            print(l == .en ? "Recorded discussion \(d.id ?? 0)." : "已登记座谈 \(d.id ?? 0)。")
        }
    }

    struct Discussions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出本轮的座谈。", "List the round's discussion meetings."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次编号。", en: "The round's id.")) var round: Int64

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let list = try storeCall(l) { try db.surveyDiscussions(roundId: round) }
            if list.isEmpty { print(en ? "No discussion meetings." : "本轮没有座谈记录。"); return }
            for d in list {
                print("\(d.heldOn)  " + (en ? "\(d.participantCount) present" : "\(d.participantCount)人参加")
                      + (d.participants.isEmpty ? "" : (en ? ": " : "：") + d.participants))
                print("  " + d.points)
            }
        }
    }
}

extension StarsCommand {
    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "由记录判定的各项标准及依据（评定时自动填入）。", "The criteria read from the records, with the evidence (filled in when a review is made)."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("日期（默认今天）。", en: "Date (default today).")) var date: String?

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let on = try date.map { try parseDate($0, option: "--date", l) } ?? LocalDate.today()
            let (evidence, catalog) = try storeCall(l) { (try db.starEvidence(on: on), try db.starCriteria()) }
            let byId = Dictionary(evidence.map { ($0.criterionId, $0) }, uniquingKeysWith: { a, _ in a })
            let rows = catalog.criteria.map { c -> [String] in
                guard let e = byId[c.id] else {
                    return [StarRating.stars(c.level), c.id, l == .en ? "by hand" : "手工勾选", ""]
                }
                return [StarRating.stars(c.level), c.id, e.met ? "✓" : "✗", e.evidence.text(l)]
            }
            print(alignedTable([l == .en ? "Level" : "星级", "ID", l == .en ? "Met" : "达到", l == .en ? "Evidence" : "依据"], rows))
        }
    }
}

/// `chengxin measures`: the findings of a review (评议) and the measures (评议整改) they open.
struct MeasuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "measures",
        abstract: helpText("评议整改：评议发现的问题、整改措施、责任人和期限，完成后销号。",
                           "Review measures (评议整改): findings of a review, the measures they open, owners, deadlines and closing."),
        subcommands: [List.self, Finding.self, Add.self, Close.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出整改措施（未完成的在前）。", "List the measures, open ones first."))
        @OptionGroup var options: GlobalOptions
        @Flag(help: .zh("只列未完成的。", en: "Open ones only.")) var open = false

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let today = LocalDate.today()
            let rows = try storeCall(l) { try db.reviewMeasures(openOnly: open) }
            if rows.isEmpty { print(en ? "No review measures." : "没有评议整改措施。"); return }
            print(alignedTable([en ? "ID" : "编号", en ? "Finding" : "问题", en ? "Measure" : "措施", en ? "Owner" : "责任人",
                                en ? "Deadline" : "期限", en ? "State" : "状态"],
                               rows.map { r in
                                   [String(r.measure.id ?? 0), r.finding.text, r.measure.measure, r.measure.owner,
                                    r.measure.deadline.description, r.measure.stateLabel(on: today).text(l)]
                               }, rightAligned: [0]))
        }
    }

    struct Finding: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记评议发现的问题。", "Record a finding of a review."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("评议日期（YYYY-MM-DD）。", en: "Date of the review (YYYY-MM-DD).")) var date: String
        @Option(help: .zh("发现的问题。", en: "What was found.")) var text: String
        @Option(help: .zh("来自哪一轮调查（编号）。", en: "The survey round it came from (id).")) var round: Int64?

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let f = try storeCall(l) {
                try db.addReviewFinding(ReviewFinding(roundId: round, foundOn: try parseDate(date, option: "--date", l), text: text),
                                        on: LocalDate.today())
            }
            print(l == .en ? "Recorded finding \(f.id ?? 0)." : "已登记评议问题 \(f.id ?? 0)。")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("为一个评议问题定整改措施。", "Open a measure on a finding."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("评议问题编号。", en: "The finding's id.")) var finding: Int64
        @Option(help: .zh("整改措施。", en: "The measure.")) var measure: String
        @Option(help: .zh("责任人。", en: "Who carries it out.")) var owner: String
        @Option(help: .zh("整改期限（YYYY-MM-DD）。", en: "Deadline (YYYY-MM-DD).")) var deadline: String

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let m = try storeCall(l) {
                try db.addReviewMeasure(ReviewMeasure(findingId: finding, measure: measure, owner: owner,
                                                      deadline: try parseDate(deadline, option: "--deadline", l)))
            }
            print(l == .en ? "Opened measure \(m.id ?? 0)." : "已定整改措施 \(m.id ?? 0)。")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("整改完成销号。", "Close a measure as done."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("措施编号。", en: "The measure's id.")) var id: Int64
        @Option(help: .zh("完成日期（默认今天）。", en: "Date done (default today).")) var on: String?
        @Option(help: .zh("整改结果。", en: "What was done.")) var note: String

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let today = LocalDate.today()
            let date = try on.map { try parseDate($0, option: "--on", l) } ?? today
            try storeCall(l) { try db.closeReviewMeasure(id: id, on: date, note: note, today: today) }
            print(l == .en ? "Closed measure \(id)." : "整改措施 \(id) 已销号。")
        }
    }
}
