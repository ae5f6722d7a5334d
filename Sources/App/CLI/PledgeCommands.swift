import ArgumentParser
import Domain
import Foundation
import Store
import UICore

// MARK: - Helpers

/// A store error for the pledge and fulfilment commands, naming fields by their labels.
func pledgeError(_ error: Error, _ language: Language) -> Error {
    guard case StoreError.invalid(let errors) = error else { return userError(error, language) }
    let en = language == .en
    var labels = fieldLabels(language)
    let own: [String: (String, String)] = [
        "items": ("承诺事项", "Items"), "item": ("事项", "Item"), "policy": ("政策", "Policy"), "year": ("年度", "Year"),
        "amount": ("金额", "Amount"), "note": ("备注", "Note"), "recordedBy": ("记录人", "Recorded by"),
        "reference": ("凭证号", "Voucher"), "detail": ("说明", "Detail"), "signer": ("签字人", "Signer"),
        "signedOn": ("签字日期", "Signed on"), "pledgedOn": ("承诺日期", "Pledged on"), "name": ("名称", "Name"),
    ]
    for (key, label) in own { labels[key] = en ? label.1 : label.0 }
    return UserError(errors.map { e in
        labels[e.field].map { "\($0)：\(e.message.text(language))" } ?? e.message.text(language)
    }.joined(separator: "\n"))
}

/// A YYYY-MM-DD option, or a clear error naming the option.
func parseDate(_ text: String, option: String, _ language: Language) throws -> LocalDate {
    guard let normalized = DateInput.normalize(text), let date = LocalDate(normalized) else {
        throw UserError(language == .en ? "\(option): \(text) is not a date (YYYY-MM-DD)."
                        : "\(option)：\(text) 不是有效日期，格式应为 YYYY-MM-DD。")
    }
    return date
}

/// Yuan ("5000", "1234.50") as fen, or a clear error.
func parseYuan(_ text: String, _ language: Language) throws -> Int {
    guard let fen = Money.fen(fromYuan: text) else {
        throw UserError(language == .en ? "--amount: \(text) is not an amount in yuan (e.g. 5000 or 1234.50)."
                        : "--amount：\(text) 不是有效金额，应为元，最多两位小数，如 5000 或 1234.50。")
    }
    return fen
}

/// The household with exactly this number.
func findHousehold(_ db: AppDatabase, _ number: String, _ language: Language) throws -> HouseholdRow {
    // A group leader looks among the households of their own group.
    if !db.may(.readAll), let session = db.session, session.may(.readOwnGroup), let groupId = session.groupId {
        let summary = try db.honestyGroupSummary(id: groupId)
        guard let m = try db.groupMembers(groupId: groupId, includeLeft: false).first(where: { $0.householdNumber == number }) else {
            throw UserError(language == .en ? "Household \(number) is not in your group." : "户编号 \(number) 不在您的小组中。")
        }
        return HouseholdRow(id: m.householdId, number: m.householdNumber, villageGroupName: summary?.villageGroupName ?? "",
                            headName: m.headName, headIdNumber: "", address: "", phone: "", memberCount: 0)
    }
    guard let row = try db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true,
                                         offset: 0, limit: 50).first(where: { $0.number == number }) else {
        throw UserError(language == .en ? "No household numbered \(number)." : "没有户编号为 \(number) 的户。")
    }
    return row
}

/// A catalogue item by id or code.
func findPledgeItem(_ items: [PledgeItem], _ key: String) -> PledgeItem? {
    let k = key.trimmingCharacters(in: .whitespaces)
    return items.first { String($0.id ?? 0) == k } ?? items.first { $0.code.lowercased() == k.lowercased() }
}

// MARK: - chengxin pledges

struct PledgesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pledges",
        abstract: helpText("家庭承诺书、检查轮次和守信率。", "Household pledges (承诺书), check rounds and pledge rates."),
        subcommands: [Items.self, List.self, Show.self, Record.self, Check.self, Rounds.self, AddRound.self, Rate.self])

    struct Items: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出承诺事项目录。", "List the pledge item catalogue."))
        @OptionGroup var options: GlobalOptions
        @Flag(help: .zh("包括已停用的事项。", en: "Include retired items.")) var all = false
        func run() throws {
            let db = try options.openDatabase()
            let en = options.language == .en
            let rows = try db.pledgeItems(includeRetired: all).map { i in
                [String(i.id ?? 0), i.code, i.text, i.isRetired ? (en ? "retired" : "已停用") : ""]
            }
            print(alignedTable([en ? "ID" : "编号", en ? "Code" : "编码", en ? "Pledge" : "承诺内容", en ? "State" : "状态"], rows,
                               rightAligned: [0]))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("每户一行：承诺书及其状态。", "One line per household: its pledge and standing."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("按户编号、户主姓名或拼音筛选。", en: "Filter by number, head's name or pinyin.")) var filter = ""
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let l = options.language
            let en = l == .en
            let rows = try db.pledgeRows(filter: filter).map { r in
                [r.householdNumber, r.headName, r.villageGroupName, r.honestyGroupName ?? "",
                 r.pledgeId == nil ? "" : String(r.itemCount), r.signedOn?.description ?? "", r.standing.label.text(l)]
            }
            print(alignedTable([en ? "No." : "户编号", en ? "Head" : "户主", "社", en ? "Honesty group" : "诚信小组",
                                en ? "Items" : "事项", en ? "Signed" : "签字日期", en ? "Standing" : "状态"], rows,
                               rightAligned: [4]))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("显示一户的承诺书（最新的在前）及检查记录。", "Show a household's pledges, newest first, with their checks."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("户编号。", en: "Household number.")) var household: String
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let h = try findHousehold(db, household, l)
            let history = try db.pledgeHistory(householdId: h.id)
            print("\(h.number) \(h.headName) \(h.villageGroupName)  " + (en ? "Standing: " : "状态：")
                  + (try db.pledgeStanding(householdId: h.id)).label.text(l))
            if history.isEmpty {
                print(en ? "No pledge yet." : "尚无承诺书。")
                return
            }
            let items = Dictionary(uniqueKeysWithValues: try db.pledgeItems(includeRetired: true).map { ($0.id ?? 0, $0) })
            let rounds = try db.checkRounds()
            for p in history {
                print("")
                var head = en ? "Pledge of \(p.pledgedOn)" : "承诺书 \(p.pledgedOn)"
                head += p.signedOn.map { en ? ", signed \($0) by \(p.signer)" : "，\($0) \(p.signer) 签字" }
                    ?? (en ? ", not signed" : "，未签字")
                if let replaced = p.replacedOn { head += en ? " (replaced \(replaced))" : "（\(replaced) 已被取代）" }
                print(head)
                var results: [Int64: [String]] = [:]
                for r in rounds.reversed() {
                    for line in try db.checkLines(roundId: r.id ?? 0, pledgeId: p.id ?? 0) {
                        guard let c = line.check else { continue }
                        let note = c.note.isEmpty ? "" : "（\(c.note)）"
                        results[line.item.id ?? 0, default: []].append("\(r.name) \(c.result.label.text(l))\(note)")
                    }
                }
                print(alignedTable([en ? "Code" : "编码", en ? "Pledge" : "承诺内容", en ? "Checks" : "检查"],
                                   p.itemIds.map { id in
                                       [items[id]?.code ?? "", items[id]?.text ?? "", (results[id] ?? []).joined(separator: "；")]
                                   }))
            }
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一户的承诺书（替换其现行承诺书）。", "Record a household's pledge (replaces its current one)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("户编号。", en: "Household number.")) var household: String
        @Option(help: .zh("承诺事项的编号或代码，逗号分隔：1,3,5 或 P01,P03。", en: "Pledge items by id or code, comma-separated: 1,3,5 or P01,P03.")) var items: String
        @Option(help: .zh("承诺日期，YYYY-MM-DD。", en: "The pledge's date, YYYY-MM-DD.")) var date: String
        @Option(name: .customLong("signed-on"), help: .zh("签字日期（已签字时）。", en: "The signing date, if signed.")) var signedOn: String?
        @Option(help: .zh("代表本户签字的人。", en: "Who signed for the household.")) var signer = ""
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let h = try findHousehold(db, household, l)
            let catalogue = try db.pledgeItems(includeRetired: true)
            var ids: [Int64] = []
            for key in items.split(separator: ",").map(String.init) where !key.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let item = findPledgeItem(catalogue, key) else {
                    throw UserError(en ? "--items: no pledge item \(key); see `chengxin pledges items`."
                                    : "--items：没有编号或编码为 \(key) 的承诺事项；见 chengxin pledges items。")
                }
                ids.append(item.id ?? 0)
            }
            let pledgedOn = try parseDate(date, option: "--date", l)
            let signed = try signedOn.map { try parseDate($0, option: "--signed-on", l) }
            let p: HouseholdPledge
            do {
                p = try db.recordPledge(householdId: h.id, itemIds: ids, pledgedOn: pledgedOn, signedOn: signed, signer: signer)
            } catch { throw pledgeError(error, l) }
            print(en ? "Saved: \(p.itemIds.count) items." : "已保存：\(p.itemIds.count) 项承诺。")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记检查轮次中一项事项的结果。", "Record one item's result in a check round."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("轮次名称，如 2026年第四季度。", en: "The round's name, e.g. 2026年第四季度.")) var round: String
        @Option(help: .zh("户编号。", en: "Household number.")) var household: String
        @Option(help: .zh("承诺事项的编号或代码。", en: "The pledge item's id or code.")) var item: String
        @Option(help: .zh("kept、broken 或 unassessed（守信/失信/未评）。", en: "kept, broken or unassessed (守信/失信/未评).")) var result: String
        @Option(help: .zh("具体情况（失信时必填）。", en: "What happened (required when broken).")) var note = ""
        @Option(help: .zh("记录人。", en: "Who recorded it.")) var by = "村计生专干"
        @Option(help: .zh("记录日期（默认今天）。", en: "Date recorded (default today).")) var on: String?
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            guard let r = try db.checkRound(named: round) else {
                throw UserError(en ? "No check round named \(round); see `chengxin pledges rounds`."
                                : "没有名为「\(round)」的检查轮次；见 chengxin pledges rounds。")
            }
            let h = try findHousehold(db, household, l)
            guard let pledge = try db.currentPledge(householdId: h.id) else {
                throw UserError(en ? "Household \(h.number) has no pledge." : "\(h.number) 户尚无承诺书。")
            }
            guard let it = findPledgeItem(try db.pledgeItems(includeRetired: true), item) else {
                throw UserError(en ? "--item: no pledge item \(item)." : "--item：没有编号或编码为 \(item) 的承诺事项。")
            }
            guard let res = CheckResult.parse(result) else {
                throw UserError(en ? "--result must be kept, broken or unassessed." : "--result 应为 kept（守信）、broken（失信）或 unassessed（未评）。")
            }
            let date = try on.map { try parseDate($0, option: "--on", l) } ?? LocalDate.today()
            do {
                try db.recordCheck(roundId: r.id ?? 0, pledgeId: pledge.id ?? 0, itemId: it.id ?? 0, result: res, note: note,
                                   recordedBy: by, on: date)
            } catch { throw pledgeError(error, l) }
            print(en ? "Saved." : "已保存。")
        }
    }

    struct Rounds: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出检查轮次及全村守信率。", "List the check rounds with their village rates."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let en = options.language == .en
            let rows = try db.checkRounds().map { r -> [String] in
                let rates = try db.rates(roundId: r.id, scope: .village)
                return [r.name, r.heldOn.description, String(rates.households.assessed), rates.items.text(options.language), rates.households.text(options.language)]
            }
            print(alignedTable([en ? "Round" : "轮次", en ? "Held on" : "检查日期", en ? "Households" : "已评户",
                                en ? "Items kept" : "事项守信率", en ? "Households kept" : "户守信率"], rows, rightAligned: [2]))
        }
    }

    struct AddRound: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-round", abstract: helpText("新增检查轮次。", "Add a check round."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("轮次名称，如 2026年第四季度。", en: "The round's name, e.g. 2026年第四季度.")) var name: String
        @Option(help: .zh("检查日期，YYYY-MM-DD。", en: "The date it is held, YYYY-MM-DD.")) var date: String
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let d = try parseDate(date, option: "--date", l)
            do { try db.createCheckRound(name: name, heldOn: d) } catch { throw pledgeError(error, l) }
            print(l == .en ? "Saved." : "已保存。")
        }
    }

    struct Rate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("一轮（默认最新一轮）按全村、社、小组的守信率。", "Pledge rates of a round (default the latest) by village, 社 and group."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("轮次名称（默认最新一轮）。", en: "The round's name (default the latest).")) var round: String?
        @Option(help: .zh("只看这个社（名称或序号）或诚信小组（名称）。", en: "Only this 社 (name or number) or honesty group (name).")) var group: String?
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            var roundId: Int64?
            if let round {
                guard let r = try db.checkRound(named: round) else {
                    throw UserError(en ? "No check round named \(round)." : "没有名为「\(round)」的检查轮次。")
                }
                roundId = r.id
            }
            let rounds = try db.checkRounds()
            guard let shown = rounds.first(where: { roundId == nil || $0.id == roundId }) else {
                throw UserError(en ? "No check round yet; add one with `chengxin pledges add-round`."
                                : "尚无检查轮次；请先用 chengxin pledges add-round 添加。")
            }
            var lines = try db.rateLines(roundId: shown.id)
            if let group {
                let vg = try db.villageGroups().first { $0.group.name == group || String($0.group.number) == group }?.group
                let hg = try db.findHonestyGroup(group)
                lines = lines.filter { line in
                    switch line.scope {
                    case .villageGroup(let id): id == vg?.id
                    case .honestyGroup(let id): id == hg?.id && vg == nil
                    case .village: false
                    }
                }
                if lines.isEmpty {
                    throw UserError(en ? "--group: no 社 or honesty group \(group)." : "--group：没有名称或序号为 \(group) 的社或诚信小组。")
                }
            }
            print(shown.name + " " + shown.heldOn.description)
            print(alignedTable([en ? "Scope" : "范围", en ? "Items kept" : "事项守信率", en ? "Households kept" : "户守信率"],
                               lines.map { [$0.name, $0.items.text(options.language), $0.households.text(options.language)] }))
        }
    }
}

// MARK: - chengxin policies

struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policies",
        abstract: helpText("政策目录：县、乡、村公开承诺的奖励优惠。", "The policy catalogue: benefits the county, township and village publicly pledged."),
        subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出政策。", "List the policies."))
        @OptionGroup var options: GlobalOptions
        @Flag(help: .zh("包括已停用的政策。", en: "Include retired policies.")) var all = false
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let rows = try db.policies(includeRetired: all).map { p in
                [p.code, p.name, p.level.label.text(l), p.amountText.text(l), p.recurrence.label.text(l),
                 p.requiredStars == 0 ? "—" : (en ? String(p.requiredStars) : "\(p.requiredStars)星"),
                 p.isRetired ? (en ? "retired" : "已停用") : ""]
            }
            print(alignedTable([en ? "Code" : "编码", en ? "Policy" : "政策", en ? "Level" : "层级", en ? "Amount" : "金额",
                                en ? "Recurrence" : "频次", en ? "Stars" : "星级", en ? "State" : "状态"], rows))
        }
    }
}

// MARK: - chengxin fulfil

struct FulfilCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fulfil",
        abstract: helpText("应享待遇及兑现：各户应得什么、已得到什么。", "Entitlements and their fulfilment (兑现): what households are due and what they got."),
        subcommands: [Due.self, Propose.self, Record.self, Ledger.self, Summary.self, Overdue.self])

    static func policy(_ db: AppDatabase, _ code: String, _ language: Language) throws -> Policy {
        guard let p = try db.policy(code: code) else {
            throw UserError(language == .en ? "--policy: no policy with code \(code); see `chengxin policies list`."
                            : "--policy：没有编码为 \(code) 的政策；见 chengxin policies list。")
        }
        return p
    }

    static func printLedger(_ rows: [LedgerRow], _ language: Language, withHousehold: Bool) {
        let en = language == .en
        func state(_ r: LedgerRow) -> String {
            if r.isDelivered { return en ? "delivered" : "已兑现" }
            if r.isOverdue { return en ? "! overdue" : "！逾期" }
            return r.deliveries > 0 ? (en ? "partial" : "部分兑现") : (en ? "due" : "待兑现")
        }
        var header = [en ? "Policy" : "政策", en ? "Year" : "年度", en ? "Due on" : "应兑现日", en ? "Due" : "应兑现",
                      en ? "Delivered" : "已兑现", en ? "Last" : "兑现日期", en ? "State" : "状态"]
        if withHousehold { header = [en ? "No." : "户编号", en ? "Head" : "户主"] + header }
        print(alignedTable(header, rows.map { r in
            var cells = [r.policyCode + " " + r.policyName, String(r.entitlement.year), r.entitlement.dueOn.description,
                         r.policyKind == .money ? (r.dueFen.map(Money.yuan) ?? "") : (en ? "service" : "服务"),
                         r.policyKind == .money ? Money.yuan(r.deliveredFen) : (r.deliveries > 0 ? (en ? "given" : "已提供") : "—"),
                         r.lastDeliveredOn?.description ?? "", state(r)]
            if withHousehold { cells = [r.householdNumber, r.headName] + cells }
            return cells
        }, rightAligned: withHousehold ? [5, 6] : [3, 4]))
    }

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一户按某项政策应享的待遇。", "Record what a household is due under a policy."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("户编号。", en: "Household number.")) var household: String
        @Option(help: .zh("政策代码。", en: "The policy's code.")) var policy: String
        @Option(help: .zh("应兑现日期，YYYY-MM-DD。", en: "Due date, YYYY-MM-DD.")) var due: String
        @Option(help: .zh("应兑现金额（元；默认按政策）。", en: "Amount due in yuan (default: the policy's).")) var amount: String?
        @Option(help: .zh("享受年度（默认应兑现日期的年份）。", en: "Benefit year (default: the due date's year).")) var year: Int?
        @Option(help: .zh("基数（元），按星级比例的政策用，如住院医疗费用。", en: "The base in yuan, for a share by star level (such as a hospital bill).")) var base: String?
        @Option(help: .zh("备注。", en: "Note.")) var note = ""
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let h = try findHousehold(db, household, l)
            let p = try FulfilCommand.policy(db, policy, l)
            let dueOn = try parseDate(due, option: "--due", l)
            let fen = try amount.map { try parseYuan($0, l) }
            let baseFen = try base.map { try parseYuan($0, l) }
            let saved: Entitlement
            do {
                saved = try db.addEntitlement(Entitlement(policyId: p.id ?? 0, householdId: h.id, year: year, dueOn: dueOn,
                                                          amountFen: fen, baseFen: baseFen, note: note))
            } catch { throw pledgeError(error, l) }
            if let shares = p.starShares, let b = baseFen, let due = saved.amountFen {
                print(l == .en ? "Saved: \(Money.yuan(due)) yuan due (\(shares.text) of \(Money.yuan(b)) by the village's stars)."
                               : "已保存：应兑现 \(Money.yuan(due)) 元（基数 \(Money.yuan(b)) 元，按星级 \(shares.text)）。")
            } else {
                print(l == .en ? "Saved." : "已保存。")
            }
        }
    }

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "按政策设定的条件列出符合的户；加 --yes 为他们登记应兑现事项。",
            "List the households that meet a policy's conditions; with --yes record what they are due."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("政策代码。", en: "The policy's code.")) var policy: String
        @Option(help: .zh("应兑现日期，YYYY-MM-DD（年龄按此日计算）。", en: "Due date, YYYY-MM-DD (ages are counted on it).")) var due: String
        @Option(help: .zh("享受年度（默认应兑现日期的年份）。", en: "Benefit year (default: the due date's year).")) var year: Int?
        @Option(help: .zh("每户金额（元），政策金额按实际时必填。", en: "Amount each in yuan; required when the policy's amount varies.")) var amount: String?
        @Option(help: .zh("不登记的户编号，逗号分隔。", en: "Household numbers to leave out, comma-separated.")) var except: String?
        @Flag(help: .zh("登记列出的户（一次全部登记）。", en: "Record the households listed (all or none).")) var yes = false
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let p = try FulfilCommand.policy(db, policy, l)
            let dueOn = try parseDate(due, option: "--due", l)
            let fen = try amount.map { try parseYuan($0, l) }
            let proposal: EntitlementProposal
            do {
                proposal = try db.proposeEntitlements(policyId: p.id ?? 0, dueOn: dueOn, year: year, amountFen: fen)
            } catch { throw pledgeError(error, l) }
            let skipped = Set((except ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let unknown = skipped.subtracting(proposal.lines.map(\.facts.number))
            if !unknown.isEmpty {
                throw UserError(en ? "--except: not on the proposal: \(unknown.sorted().joined(separator: ", "))."
                                   : "--except：建议名单中没有 \(unknown.sorted().joined(separator: "、"))。")
            }
            let kept = proposal.lines.filter { !skipped.contains($0.facts.number) }
            print(en ? "\(p.code) \(p.name): \(p.criteria.summary.en); due \(dueOn) (\(proposal.year))"
                     : "\(p.code) \(p.name)：\(p.criteria.summary.zh)；应兑现 \(dueOn)（\(proposal.year)年度）")
            let amountText = p.kind == .money ? proposal.amountFen.map(Money.yuan) ?? "" : p.kind.label.text(l)
            print(alignedTable([en ? "No." : "户编号", en ? "Head" : "户主", en ? "Group" : "社", en ? "Grounds" : "依据",
                                en ? "Amount" : "金额"],
                               kept.map { [$0.facts.number, $0.facts.headName, $0.facts.groupName, $0.grounds.text(l), amountText] },
                               rightAligned: [4]))
            for line in proposal.leftOut {
                print((en ? "Left out: " : "不列入：") + line.facts.number + " " + line.facts.headName + " — "
                      + (line.reason?.text(l) ?? ""))
            }
            print(en ? "\(kept.count) proposed; \(proposal.alreadyDue) already due; \(proposal.leftOut.count) withheld."
                     : "建议 \(kept.count) 户；已登记 \(proposal.alreadyDue) 户；暂停守信优惠 \(proposal.leftOut.count) 户。")
            guard yes else {
                print(en ? "Nothing recorded: add --yes to record them." : "未登记：加 --yes 登记以上各户。")
                return
            }
            do {
                let n = try db.recordProposedEntitlements(proposal, householdIds: kept.map(\.facts.householdId))
                print(en ? "Recorded \(n) entitlements." : "已登记 \(n) 户应兑现事项。")
            } catch { throw pledgeError(error, l) }
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一户应享待遇的一次兑现。", "Record a delivery against a household's entitlement."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("户编号。", en: "Household number.")) var household: String
        @Option(help: .zh("政策代码。", en: "The policy's code.")) var policy: String
        @Option(help: .zh("享受年度（默认唯一的或最早未兑现的那一年）。", en: "Benefit year (default: the only or the oldest undelivered one).")) var year: Int?
        @Option(help: .zh("兑现日期，YYYY-MM-DD。", en: "Date delivered, YYYY-MM-DD.")) var date: String
        @Option(help: .zh("实付金额（元，仅限现金类）。", en: "Amount paid in yuan (money only).")) var amount: String?
        @Option(help: .zh("支付方式，或提供的服务。", en: "How it was paid, or the service given.")) var detail = ""
        @Option(name: .customLong("ref"), help: .zh("凭证号。", en: "Voucher or reference number (凭证号).")) var reference: String
        @Option(help: .zh("记录人。", en: "Who recorded it.")) var by: String
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let h = try findHousehold(db, household, l)
            let p = try FulfilCommand.policy(db, policy, l)
            let today = LocalDate.today()
            let mine = try db.householdLedger(householdId: h.id, on: today).filter { $0.entitlement.policyId == p.id }
            let row: LedgerRow?
            if let year {
                row = mine.first { $0.entitlement.year == year }
            } else {
                row = mine.first { !$0.isDelivered } ?? mine.first
            }
            guard let row else {
                throw UserError(en ? "Household \(h.number) is not due \(p.code)\(year.map { " for \($0)" } ?? ""); record it with `chengxin fulfil due` first."
                                : "\(h.number) 户没有「\(p.name)」\(year.map { "\($0)年度" } ?? "")的应兑现记录；请先用 chengxin fulfil due 登记。")
            }
            let d = try parseDate(date, option: "--date", l)
            let fen = try amount.map { try parseYuan($0, l) }
            do {
                try db.recordFulfilment(Fulfilment(entitlementId: row.entitlement.id ?? 0, deliveredOn: d, amountFen: fen,
                                                   detail: detail, reference: reference, recordedBy: by))
            } catch { throw pledgeError(error, l) }
            print(en ? "Saved." : "已保存。")
        }
    }

    struct Ledger: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("一户的台账：应享、已兑现、逾期。", "A household's ledger: due, delivered, overdue."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("户编号。", en: "Household number.")) var household: String
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let h = try findHousehold(db, household, l)
            let rows = try db.householdLedger(householdId: h.id, on: LocalDate.today())
            print("\(h.number) \(h.headName) \(h.villageGroupName)")
            if rows.isEmpty {
                print(l == .en ? "Nothing due." : "无应兑现事项。")
                return
            }
            FulfilCommand.printLedger(rows, l, withHousehold: false)
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("全村承诺与兑现对比。", "Promised against delivered for the village."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let en = l == .en
            let s = try db.fulfilmentSummary(on: LocalDate.today())
            print(en ? "Entitlements \(s.dueCount), delivered \(s.deliveredCount), overdue \(s.overdueCount)"
                     : "应兑现 \(s.dueCount) 项，已兑现 \(s.deliveredCount) 项，逾期 \(s.overdueCount) 项")
            print(en ? "Money promised \(Money.yuan(s.dueFen)) yuan, paid \(Money.yuan(s.deliveredFen)) yuan"
                     : "应兑现资金 \(Money.yuan(s.dueFen)) 元，已兑现 \(Money.yuan(s.deliveredFen)) 元")
            guard !s.byPolicy.isEmpty else { return }
            print("")
            print(alignedTable([en ? "Policy" : "政策", en ? "Due" : "应兑现", en ? "Delivered" : "已兑现", en ? "Overdue" : "逾期",
                                en ? "Promised" : "应兑现(元)", en ? "Paid" : "已兑现(元)"],
                               s.byPolicy.map { p in
                                   let money = p.policy.kind == .money
                                   return [p.policy.code + " " + p.policy.name, String(p.dueCount), String(p.deliveredCount),
                                           String(p.overdueCount), money ? Money.yuan(p.dueFen) : "—",
                                           money ? Money.yuan(p.deliveredFen) : "—"]
                               }, rightAligned: [1, 2, 3, 4, 5]))
        }
    }

    struct Overdue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("已过应兑现日期而未兑现的待遇。", "Entitlements past their due date and not delivered."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let l = options.language
            let rows = try db.overdueEntitlements(on: LocalDate.today())
            if rows.isEmpty {
                print(l == .en ? "Nothing overdue." : "没有逾期未兑现的事项。")
                return
            }
            FulfilCommand.printLedger(rows, l, withHousehold: true)
        }
    }
}
