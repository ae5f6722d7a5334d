import Domain
import Foundation

/// The documents the office prints, and what each may show of personal numbers.
public enum DocumentKind: String, Hashable, Sendable, CaseIterable {
    case archive, agreement, pledge, roster, card, board

    /// Names are printed everywhere; ID and phone numbers only in full on the household
    /// card, which the family checks against their own papers.
    public var defaultPolicy: PersonalDataPolicy {
        self == .card ? .full : .masked
    }

    public var label: Localized {
        switch self {
        case .archive: Localized("小组档案（一组一卷）", "Group archive volume")
        case .agreement: Localized("协议书（签字用）", "Agreement for signing")
        case .pledge: Localized("承诺书", "Pledge sheet")
        case .roster: Localized("小组花名册", "Group member list")
        case .card: Localized("户卡（一户一卡）", "Household card")
        case .board: Localized("阳光计生公开栏", "Public disclosure board")
        }
    }
}

/// Section and document titles, shared by the composers and the tests that look for them.
public enum Titles {
    public static let cover = "案卷封面"
    public static let contents = "卷内文件目录"
    public static let roster = "诚信计生小组成员花名册"
    public static let election = "诚信计生小组长选举记录"
    public static let signatureSheet = "协议书签字表"
    public static let pledge = "诚信计生家庭承诺书"
    public static let fulfilment = "奖励优惠兑现记录"
    public static let assessment = "评估结果"
    public static let meeting = "会议与活动记录"
    public static let remarks = "卷内备考表"
    public static let card = "诚信计生户卡（一户一卡）"
    public static let board = "阳光计生公开栏"
    public static let none = "无"
}

func date(_ d: LocalDate?) -> String { d?.description ?? "" }

// MARK: - Sections shared by the volume and the single documents

enum Sections {
    static func roster(_ rows: [RosterRowInput], policy: PersonalDataPolicy) -> Block {
        .table(columns: [
            DocumentColumn("序号", width: 4, alignRight: true), DocumentColumn("户编号", width: 6),
            DocumentColumn("户主/夫妻", width: 16), DocumentColumn("身份证号", width: 18),
            DocumentColumn("联系电话", width: 11), DocumentColumn("入组日期", width: 10),
        ], rows: rows.enumerated().map { i, r in
            var names = r.coupleNames.isEmpty ? r.headName : r.coupleNames
            if let left = r.leftOn { names += "\n（\(left)退出）" }
            if !r.note.isEmpty { names += "\n注：\(r.note)" }
            return [String(i + 1), r.householdNumber, names, policy.idNumber(r.idNumber), policy.phone(r.phone),
                    date(r.joinedOn)]
        })
    }

    static func election(_ e: ElectionInput) -> [Block] {
        [
            .keyValues([KeyValue("选举日期", e.heldOn.chineseText), KeyValue("选举地点", e.place),
                        KeyValue("主持人", e.presidedBy), KeyValue("当选组长", e.electedName)]),
            .space(1),
            .table(columns: [DocumentColumn("序号", width: 4, alignRight: true), DocumentColumn("候选人", width: 16),
                             DocumentColumn("得票数", width: 8, alignRight: true), DocumentColumn("结果", width: 10)],
                   rows: e.candidates.enumerated().map { i, c in
                       [String(i + 1), c.name, String(c.votes), c.name == e.electedName ? "当选" : ""]
                   }),
            .space(1),
            .signatures(["主持人", "记录人"]),
        ]
    }

    /// The agreement's text. A template's body usually starts with its own title line
    /// ("诚信计生协议书"): that line becomes the heading instead of being printed twice.
    static func agreementText(_ a: AgreementInput) -> [Block] {
        var lines = a.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        var heading = a.title
        if let first = lines.first?.trimmingCharacters(in: .whitespaces), first.count <= 20, first.contains("协议") {
            heading = first
            lines.removeFirst()
            while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        }
        return [
            .heading(heading, level: 1),
            .paragraph("（\(a.title)　第\(a.version)版　有效期：\(a.validFrom.chineseText)至\(a.validTo.chineseText)）",
                       indent: false),
            .space(1),
            .paragraph(lines.joined(separator: "\n"), indent: false),
        ]
    }

    static func signatureSheet(_ a: AgreementInput) -> [Block] {
        let signed = a.signatures.filter { $0.kind != "待签" && $0.kind != "拒签" }.count
        return [
            .heading(Titles.signatureSheet, level: 1),
            .keyValues([KeyValue("协议", "\(a.title)（第\(a.version)版，\(a.state)）"),
                        KeyValue("村民委员会", a.committeeSigner.isEmpty ? "（未签）"
                                 : "\(a.committeeSigner)　\(a.committeeSignedOn?.chineseText ?? "")"),
                        KeyValue("签字情况", "应签\(a.signatures.count)户，已签\(signed)户")]),
            .space(1),
            .table(columns: [DocumentColumn("序号", width: 4, alignRight: true), DocumentColumn("户编号", width: 6),
                             DocumentColumn("签字人", width: 12), DocumentColumn("签字方式", width: 8),
                             DocumentColumn("日期", width: 10), DocumentColumn("备注", width: 22)],
                   rows: a.signatures.enumerated().map { i, s in
                       [String(i + 1), s.householdNumber, s.signerName, s.kind, date(s.signedOn), s.note]
                   }),
        ]
    }

    static let blankDate = "______年____月____日"

    static func pledgeSheet(_ p: PledgeSheetInput, groupName: String) -> [Block] {
        var blocks: [Block] = [
            .keyValues([KeyValue("户编号", p.householdNumber), KeyValue("户主", p.headName),
                        KeyValue("所在小组", groupName),
                        KeyValue("承诺日期", p.pledgedOn?.chineseText ?? blankDate),
                        // A blank sheet leaves the signing date to be written in; a recorded
                        // pledge that is not signed yet says so.
                        KeyValue("签字日期", p.signedOn?.chineseText ?? (p.pledgedOn == nil ? blankDate : "（未签字）"))]),
            .space(1),
            .paragraph("本户自愿作出以下承诺，接受小组成员和村民委员会的监督：", indent: true),
            .table(columns: [DocumentColumn("序号", width: 4, alignRight: true), DocumentColumn("承诺事项", width: 44),
                             DocumentColumn("守信", width: 6), DocumentColumn("失信", width: 6)],
                   rows: p.items.enumerated().map { i, item in
                       let checks = p.checks.filter { $0.item == item }
                       let kept = checks.filter { $0.result == "守信" }.count
                       let broken = checks.filter { $0.result == "失信" }.count
                       return [String(i + 1), item, kept > 0 ? "[X]\(kept > 1 ? "\(kept)" : "")" : "[ ]",
                               broken > 0 ? "[X]\(broken > 1 ? "\(broken)" : "")" : "[ ]"]
                   }),
            .space(1),
            .signatures(["承诺人（签字或按手印）"]),
            .heading("履诺检查记录", level: 3),
        ]
        blocks.append(.table(columns: [DocumentColumn("检查日期", width: 10), DocumentColumn("承诺事项", width: 26),
                                       DocumentColumn("结果", width: 4), DocumentColumn("检查人", width: 8),
                                       DocumentColumn("备注", width: 13)],
                             rows: p.checks.map { [date($0.checkedOn), $0.item, $0.result, $0.checkedBy, $0.note] }))
        return blocks
    }

    static func fulfilments(_ rows: [FulfilmentRowInput]) -> Block {
        .table(columns: [DocumentColumn("日期", width: 10), DocumentColumn("户编号", width: 6),
                         DocumentColumn("姓名", width: 10), DocumentColumn("兑现项目", width: 18),
                         DocumentColumn("金额/内容", width: 10), DocumentColumn("凭证", width: 12)],
               rows: rows.map { [date($0.date), $0.householdNumber, $0.name, $0.item, $0.amount, $0.evidence] })
    }

    /// One meeting: its particulars, topic and outcome, and who attended.
    static func meeting(_ m: MeetingInput) -> [Block] {
        var blocks: [Block] = [
            .keyValues([KeyValue("类别", m.kind), KeyValue("日期", m.heldOn.chineseText), KeyValue("地点", m.place),
                        KeyValue("主持人", m.ledBy)]),
            .space(1),
            .paragraph("主题：\(m.topic)", indent: false),
        ]
        if !m.outcome.isEmpty { blocks.append(.paragraph("结果：\(m.outcome)", indent: false)) }
        if !m.attachments.isEmpty { blocks.append(.paragraph("附件：\(m.attachments)", indent: false)) }
        blocks.append(.heading("参加人员（\(m.attendees.count)户）", level: 3))
        if m.attendees.isEmpty { blocks.append(.paragraph(Titles.none, indent: false)) }
        for line in m.attendees { blocks.append(.paragraph(line, indent: false)) }
        return blocks
    }

    static func assessments(_ rows: [AssessmentRowInput]) -> Block {
        .table(columns: [DocumentColumn("日期", width: 10), DocumentColumn("评估单位", width: 14),
                         DocumentColumn("评估项目", width: 20), DocumentColumn("结果", width: 10),
                         DocumentColumn("备注", width: 9)],
               rows: rows.map { [date($0.date), $0.assessedBy, $0.item, $0.result, $0.note] })
    }
}

// MARK: - The archive volume

/// One group's archive volume (一组一卷), after GB/T 9705 and DA/T 22: cover, table of
/// contents, the filed items in order, the remarks sheet.
public enum ArchiveVolume {
    /// One filed item (件): a line of the table of contents and the pages it prints.
    struct Item {
        var number: String
        var responsible: String
        var title: String
        var date: LocalDate?
        var note: String
        var blocks: [Block]
    }

    static func items(_ input: ArchiveVolumeInput, policy: PersonalDataPolicy) -> [Item] {
        var items: [Item] = []
        let group = input.groupName
        let committee = input.village + "村委会"
        let active = input.roster.filter { $0.leftOn == nil }.count
        items.append(Item(number: "", responsible: group, title: Titles.roster, date: input.compiledOn, note: "",
                          blocks: [
                              .heading(Titles.roster, level: 1),
                              .keyValues([KeyValue("小组", "\(input.sheName)　\(group)"),
                                          KeyValue("组长", input.leaderName.isEmpty ? "（未选举）" : input.leaderName),
                                          KeyValue("成员户", "\(active)户")]),
                              .space(1),
                              Sections.roster(input.roster, policy: policy),
                          ]))
        if input.elections.isEmpty {
            items.append(Item(number: "", responsible: group, title: Titles.election, date: nil, note: "缺",
                              blocks: [.heading(Titles.election, level: 1), .paragraph(Titles.none, indent: false)]))
        }
        for e in input.elections {
            items.append(Item(number: "", responsible: group, title: Titles.election, date: e.heldOn, note: "",
                              blocks: [.heading(Titles.election, level: 1)] + Sections.election(e)))
        }
        if let a = input.agreement {
            items.append(Item(number: "第\(a.version)版", responsible: committee, title: a.title,
                              date: a.validFrom, note: a.state, blocks: Sections.agreementText(a)))
            items.append(Item(number: "第\(a.version)版", responsible: committee, title: Titles.signatureSheet,
                              date: a.committeeSignedOn, note: "", blocks: Sections.signatureSheet(a)))
        } else {
            items.append(Item(number: "", responsible: committee, title: "诚信计生协议书", date: nil, note: "缺",
                              blocks: [.heading("诚信计生协议书", level: 1), .paragraph(Titles.none, indent: false)]))
        }
        if input.pledges.isEmpty {
            items.append(Item(number: "", responsible: group, title: Titles.pledge, date: nil, note: "缺",
                              blocks: [.heading(Titles.pledge, level: 1), .paragraph(Titles.none, indent: false)]))
        }
        for p in input.pledges {
            let title = "\(Titles.pledge)（\(p.householdNumber)户）"
            // The catalogue dates the sheet by its signature (the pledge date until it is signed).
            items.append(Item(number: "", responsible: p.headName, title: title, date: p.signedOn ?? p.pledgedOn,
                              note: p.signedOn == nil ? "未签字" : "",
                              blocks: [.heading(title, level: 1)] + Sections.pledgeSheet(p, groupName: group)))
        }
        for m in input.meetings {
            let title = "\(m.kind)记录：\(m.topic)"
            items.append(Item(number: "", responsible: m.ledBy, title: title, date: m.heldOn, note: "",
                              blocks: [.heading(Titles.meeting, level: 1)] + Sections.meeting(m)))
        }
        items.append(Item(number: "", responsible: committee, title: Titles.fulfilment,
                          date: input.fulfilments.map(\.date).max(), note: input.fulfilments.isEmpty ? "无" : "",
                          blocks: [.heading(Titles.fulfilment, level: 1), Sections.fulfilments(input.fulfilments)]))
        items.append(Item(number: "", responsible: committee, title: Titles.assessment,
                          date: input.assessments.map(\.date).max(), note: input.assessments.isEmpty ? "无" : "",
                          blocks: [.heading(Titles.assessment, level: 1), Sections.assessments(input.assessments)]))
        return items
    }

    /// The volume with the contents' page ranges and the page count filled in.
    static func document(_ input: ArchiveVolumeInput, items: [Item], ranges: [ClosedRange<Int>?],
                         pageCount: Int) -> Document {
        let fonds = input.village + "村民委员会"
        let cover = DocumentPart(title: Titles.cover, blocks: [
            .space(4),
            .heading(fonds, level: 2),
            .space(2),
            .heading(Titles.cover, level: 1),
            .space(4),
            .keyValues([KeyValue("全宗名称", fonds)]), .space(1),
            .keyValues([KeyValue("类目名称", "诚信计生")]), .space(1),
            .keyValues([KeyValue("案卷题名", input.volumeTitle)]), .space(1),
            .keyValues([KeyValue("时　　间", "\(input.dateRange.lowerBound.chineseText)至\(input.dateRange.upperBound.chineseText)")]),
            .space(1),
            .keyValues([KeyValue("保管期限", input.retention.rawValue)]), .space(1),
            .keyValues([KeyValue("件　　数", "\(items.count)件")]), .space(1),
            .keyValues([KeyValue("页　　数", "\(pageCount)页")]), .space(1),
            .keyValues([KeyValue("归 档 号", input.archiveNumber.isEmpty ? "__________" : input.archiveNumber)]),
            .space(1),
            .keyValues([KeyValue("档　　号", input.referenceCode)]),
        ], numbered: false)
        let contents = DocumentPart(title: Titles.contents, blocks: [
            .heading(Titles.contents, level: 1),
            .table(columns: [DocumentColumn("顺序号", width: 4, alignRight: true), DocumentColumn("文号", width: 6),
                             DocumentColumn("责任者", width: 12), DocumentColumn("题名", width: 24),
                             DocumentColumn("日期", width: 8), DocumentColumn("页号", width: 5),
                             DocumentColumn("备注", width: 6)],
                   rows: items.enumerated().map { i, item in
                       let pages = ranges[i].map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? ""
                       // GB/T 9705 writes the contents' dates as eight digits.
                       let day = item.date.map { String($0.description.filter { $0 != "-" }) } ?? ""
                       return [String(i + 1), item.number, item.responsible, item.title, day, pages, item.note]
                   }),
        ], numbered: false)
        let content = items.map { DocumentPart(title: $0.title, blocks: $0.blocks) }
        return Document(title: input.volumeTitle, parts: [cover, contents] + content + [remarks(input, items: items, pageCount: pageCount)])
    }

    static func remarks(_ input: ArchiveVolumeInput, items: [Item], pageCount: Int) -> DocumentPart {
        let active = input.roster.filter { $0.leftOn == nil }.count
        var facts = "本卷共有文件\(items.count)件，共\(pageCount)页（封面、卷内文件目录和本表不编页号）。"
        facts += "小组「\(input.groupName)」现有成员户\(active)户"
        let left = input.roster.count - active
        facts += left > 0 ? "，已退出\(left)户。" : "。"
        facts += "组长选举记录\(input.elections.count)份。"
        if let a = input.agreement {
            let signed = a.signatures.filter { $0.kind != "待签" && $0.kind != "拒签" }.count
            let declined = a.signatures.filter { $0.kind == "拒签" }.count
            let pending = a.signatures.filter { $0.kind == "待签" }.count
            facts += "协议书第\(a.version)版（\(a.state)），应签\(a.signatures.count)户，已签\(signed)户"
            facts += declined > 0 ? "，拒签\(declined)户" : ""
            facts += pending > 0 ? "，待签\(pending)户" : ""
            facts += a.committeeSignedOn == nil ? "，村民委员会未签。" : "。"
        }
        facts += "家庭承诺书\(input.pledges.count)份，履诺检查记录\(input.pledges.reduce(0) { $0 + $1.checks.count })条；"
        facts += "兑现记录\(input.fulfilments.count)条；评估记录\(input.assessments.count)条。"
        if !input.meetings.isEmpty { facts += "会议与活动记录\(input.meetings.count)份。" }
        var missing: [String] = []
        if input.elections.isEmpty { missing.append("组长选举记录") }
        if input.agreement == nil { missing.append("协议书") }
        if let a = input.agreement, a.signatures.contains(where: { $0.kind == "待签" }) { missing.append("部分成员户签字") }
        let withoutPledge = input.roster.filter { r in r.leftOn == nil && !input.pledges.contains { $0.householdNumber == r.householdNumber } }
        if !withoutPledge.isEmpty {
            missing.append(withoutPledge.count == active ? "家庭承诺书" : "\(withoutPledge.count)户的家庭承诺书")
        }
        if input.fulfilments.isEmpty { missing.append("兑现记录") }
        if input.assessments.isEmpty { missing.append("评估结果") }
        let missingText = missing.isEmpty ? "本卷材料齐全。" : "本卷缺少：" + missing.joined(separator: "、") + "，待补充后归入。"
        let hash = input.auditHeadHash.map { "打印时审计日志末条哈希：\($0)。今后重印时可与本值核对。" }
            ?? "本系统尚未启用审计日志，无哈希值。"
        return DocumentPart(title: Titles.remarks, blocks: [
            .heading(Titles.remarks, level: 1),
            .heading("本卷情况说明", level: 3),
            .paragraph(facts, indent: true),
            .paragraph(missingText, indent: true),
            .paragraph(hash, indent: true),
            .space(2),
            .keyValues([KeyValue("立卷人", input.compiledBy.isEmpty ? "____________" : input.compiledBy)]),
            .space(1),
            .keyValues([KeyValue("检查人", input.checkedBy.isEmpty ? "____________" : input.checkedBy)]),
            .space(1),
            .keyValues([KeyValue("立卷时间", input.compiledOn.chineseText)]),
        ], numbered: false)
    }

    /// Composes and lays out the volume. The contents and the cover need the page numbers
    /// of the laid-out items, so it lays out until the numbers stop changing (twice in practice:
    /// the contents carry no page numbers, so their length cannot move the items).
    public static func layout(_ input: ArchiveVolumeInput, format: PageFormat = .continuous,
                              policy: PersonalDataPolicy = DocumentKind.archive.defaultPolicy) -> LaidOutDocument {
        let items = self.items(input, policy: policy)
        var ranges: [ClosedRange<Int>?] = Array(repeating: nil, count: items.count)
        var pageCount = 0
        var laid = Layout.paginate(document(input, items: items, ranges: ranges, pageCount: pageCount), format: format)
        for _ in 0..<4 {
            let newRanges = items.indices.map { laid.pageRange(ofPart: $0 + 2) }
            let newCount = laid.numberedPageCount
            if newRanges == ranges && newCount == pageCount { break }
            ranges = newRanges
            pageCount = newCount
            laid = Layout.paginate(document(input, items: items, ranges: ranges, pageCount: pageCount), format: format)
        }
        return laid
    }
}

// MARK: - Single documents

public enum Documents {
    /// The agreement as it goes round for signing: the full text, then a line per member
    /// household to sign or thumbprint, and the committee's and the leader's lines.
    public static func agreementForSigning(village: String, groupName: String, agreement: AgreementInput,
                                           households: [RosterRowInput]) -> Document {
        let text = DocumentPart(title: agreement.title, blocks: Sections.agreementText(agreement))
        let sheet = DocumentPart(title: Titles.signatureSheet, blocks: [
            .heading("\(agreement.title)签字页", level: 1),
            .keyValues([KeyValue("小组", groupName), KeyValue("成员户", "\(households.count)户")]),
            .space(1),
            .table(columns: [DocumentColumn("序号", width: 4, alignRight: true), DocumentColumn("户编号", width: 6),
                             DocumentColumn("户主/夫妻", width: 18), DocumentColumn("签字（或按手印）", width: 24),
                             DocumentColumn("日期", width: 12)],
                   rows: households.enumerated().map { i, h in
                       [String(i + 1), h.householdNumber, h.coupleNames.isEmpty ? h.headName : h.coupleNames, "\n", ""]
                   }),
            .space(1),
            .signatures(["诚信计生小组组长", "\(village)村民委员会（盖章）"]),
        ])
        return Document(title: agreement.title, parts: [text, sheet])
    }

    public static func pledgeSheet(groupName: String, sheet: PledgeSheetInput) -> Document {
        Document(title: Titles.pledge, parts: [DocumentPart(title: Titles.pledge, blocks:
            [.heading(Titles.pledge, level: 1)] + Sections.pledgeSheet(sheet, groupName: groupName))])
    }

    /// The one-page member list a group leader keeps.
    public static func roster(village: String, sheName: String, groupName: String, leaderName: String,
                              rows: [RosterRowInput], printedOn: LocalDate,
                              policy: PersonalDataPolicy = DocumentKind.roster.defaultPolicy) -> Document {
        Document(title: Titles.roster, parts: [DocumentPart(title: Titles.roster, blocks: [
            .heading(Titles.roster, level: 1),
            .keyValues([KeyValue("村/社", "\(village)　\(sheName)"), KeyValue("小组", groupName),
                        KeyValue("组长", leaderName.isEmpty ? "（未选举）" : leaderName),
                        KeyValue("成员户", "\(rows.filter { $0.leftOn == nil }.count)户"),
                        KeyValue("打印日期", printedOn.chineseText)]),
            .space(1),
            Sections.roster(rows, policy: policy),
        ])])
    }

    /// 一户一卡: the household and its members. Full ID and phone numbers by default:
    /// the card is checked and signed by the family.
    public static func householdCard(_ card: HouseholdCardInput,
                                     policy: PersonalDataPolicy = DocumentKind.card.defaultPolicy) -> Document {
        Document(title: Titles.card, parts: [DocumentPart(title: Titles.card, blocks: [
            .heading(Titles.card, level: 1),
            .keyValues([KeyValue("村/社", "\(card.village)　\(card.sheName)"), KeyValue("户编号", card.householdNumber),
                        KeyValue("户主", card.headName), KeyValue("住址", card.address),
                        KeyValue("联系电话", policy.phone(card.phone)),
                        KeyValue("诚信计生小组", card.groupName.isEmpty ? "（未加入）" : card.groupName)]),
            .space(1),
            .table(columns: [DocumentColumn("姓名", width: 10), DocumentColumn("关系", width: 8),
                             DocumentColumn("性别", width: 4), DocumentColumn("身份证号", width: 18),
                             DocumentColumn("婚姻", width: 4), DocumentColumn("电话", width: 11),
                             DocumentColumn("流动", width: 6)],
                   rows: card.members.map { m in
                       [m.name, m.relation, m.sex, policy.idNumber(m.idNumber), m.maritalStatus, policy.phone(m.phone), m.migrant]
                   }),
            .space(1),
            .paragraph("以上情况经本户核对无误。", indent: true),
            .space(1),
            .signatures(["户主（签字）", "登记人"]),
            .paragraph("打印日期：\(card.printedOn.chineseText)", indent: false),
        ])])
    }

    /// 阳光计生公开栏: the six categories, each with its lines or "无".
    public static func disclosureBoard(_ board: DisclosureBoardInput) -> Document {
        var blocks: [Block] = [
            .heading("\(board.village)\(Titles.board)", level: 1),
            .paragraph("公开日期：\(board.postedOn.chineseText)　　监督电话：12356", indent: false),
        ]
        if let period = board.period {
            blocks.append(.paragraph("公开期间：\(period.lowerBound.chineseText)至\(period.upperBound.chineseText)", indent: false))
        }
        blocks.append(.space(1))
        let numerals = ["一", "二", "三", "四", "五", "六"]
        for (i, category) in DisclosureBoardInput.categories.enumerated() {
            blocks.append(.heading("\(numerals[i])、\(category)", level: 3))
            let lines = board.lines[category] ?? []
            if lines.isEmpty {
                blocks.append(.paragraph("\u{3000}\u{3000}\(Titles.none)", indent: false))
            } else {
                for (n, line) in lines.enumerated() { blocks.append(.paragraph("\(n + 1). \(line)", indent: true)) }
            }
            blocks.append(.space(1))
        }
        blocks.append(.paragraph("欢迎群众监督。对公开内容有疑问，请向村计生专干或村民委员会反映。", indent: true))
        return Document(title: Titles.board, parts: [DocumentPart(title: Titles.board, blocks: blocks)])
    }
}
