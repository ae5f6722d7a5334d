import ArgumentParser
import Domain
import Foundation
import Store

extension MeetingKind: Labelled {}

/// A 社 by its number or name, or a clear error.
func findVillageGroup(_ db: AppDatabase, _ text: String, _ language: Language) throws -> VillageGroup {
    let groups = try db.villageGroups().map(\.group)
    if let g = groups.first(where: { String($0.number) == text || $0.name == text || String($0.id ?? 0) == text }) { return g }
    throw UserError(language == .en ? "No village group \(text)." : "没有「\(text)」这个社。")
}

/// A person as `HOUSEHOLD:NAME` (a current member of that household) or their number.
func findPerson(_ db: AppDatabase, _ text: String, _ language: Language) throws -> Person {
    let en = language == .en
    if let id = Int64(text.hasPrefix("#") ? String(text.dropFirst()) : text) {
        guard let p = try db.person(id: id) else { throw UserError(en ? "No person numbered \(id)." : "没有编号为 \(id) 的人员。") }
        return p
    }
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2 else {
        throw UserError(en ? "Name a person as HOUSEHOLD:NAME (e.g. 0101:张三) or by their number."
                           : "人员请写成 户编号:姓名（如 0101:张三），或写人员编号。")
    }
    let household = try findHousehold(db, parts[0], language)
    let matches = try db.members(householdId: household.id).filter { $0.name == parts[1] }
    guard matches.count == 1, let p = matches.first else {
        throw UserError(matches.isEmpty ? (en ? "Household \(parts[0]) has no member \(parts[1])." : "\(parts[0]) 户没有名叫 \(parts[1]) 的成员。")
                                        : (en ? "Household \(parts[0]) has two members named \(parts[1]); use the number." : "\(parts[0]) 户有两名 \(parts[1])，请用人员编号。"))
    }
    return p
}

/// `chengxin meetings`: the register of meetings and field work.
struct MeetingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "meetings",
        abstract: helpText("会议与走访登记：社员会议、村民会议、领导小组、宣传、培训、入户走访、帮扶/慰问、听证，及参加的户和人。",
                           "The register of meetings and field work: group and village meetings, the leading group, publicity, training, home visits, help, hearings, and who attended."),
        subcommands: [List.self, Add.self, Show.self, Attend.self, Delete.self, Restore.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出会议（最新的在前）。", "List the meetings, newest first."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("只列这一年的。", en: "Only this year's.")) var year: Int?
        @Option(help: .zh("只列这一类（如 publicity 或 宣传）。", en: "Only this kind (e.g. publicity or 宣传).")) var kind: String?
        @Flag(help: .zh("列出已删除的（可用 restore 恢复）。", en: "List the deleted ones (restore brings one back).")) var deleted = false

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let k = try kind.map { try parseChoice($0, MeetingKind.self, label: \.label, option: "--kind", l) }
            let from = year.flatMap { LocalDate(year: $0, month: 1, day: 1) }
            let to = year.flatMap { LocalDate(year: $0, month: 12, day: 31) }
            let rows = try storeCall(l) { try db.meetings(from: from, to: to, kind: k, deleted: deleted) }
            if rows.isEmpty { print(en ? "No meetings." : "没有会议记录。"); return }
            print(alignedTable([en ? "ID" : "编号", en ? "Date" : "日期", en ? "Kind" : "类别", en ? "Topic" : "主题",
                                en ? "Place" : "地点", en ? "Led by" : "主持", en ? "Concerns" : "涉及", en ? "Attended" : "参加"],
                               rows.map { r in
                                   [String(r.meeting.id ?? 0), r.meeting.heldOn.description, r.meeting.kind.label.text(l), r.meeting.topic,
                                    r.meeting.place, r.meeting.ledBy, concerns(r), attendance(r, l)]
                               }, rightAligned: [0]))
        }
    }

    static func concerns(_ r: MeetingRow) -> String {
        [r.villageGroupName, r.honestyGroupName].filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func attendance(_ r: MeetingRow, _ l: Language) -> String {
        l == .en ? "\(r.households) hh, \(r.persons) persons" : "\(r.households)户 \(r.persons)人"
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一次会议或走访（日期不晚于今天）。", "Record a meeting or visit (not dated after today)."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("memberMeeting、villagerMeeting、leadingGroup、publicity、training、homeVisit、support、hearing（或 社员会议、村民会议、领导小组、宣传、培训、入户走访、帮扶/慰问、听证）。",
                          en: "memberMeeting, villagerMeeting, leadingGroup, publicity, training, homeVisit, support, hearing (or 社员会议, 村民会议, 领导小组, 宣传, 培训, 入户走访, 帮扶/慰问, 听证)."))
        var kind: String
        @Option(help: .zh("日期（默认今天）。", en: "Date (default today).")) var date: String?
        @Option(help: .zh("地点。", en: "Place.")) var place: String
        @Option(help: .zh("主持人或带队人。", en: "Who led it.")) var ledBy: String
        @Option(help: .zh("主题。", en: "Topic.")) var topic: String
        @Option(help: .zh("结果或决定。", en: "Outcome or decision.")) var outcome = ""
        @Option(help: .zh("附件：文件名或档案号。", en: "Attachments: file names or archive numbers.")) var attachments = ""
        @Option(help: .zh("涉及的社（序号或名称；社员会议必填）。", en: "The village group it concerns (number or name; a group meeting needs one).")) var villageGroup: String?
        @Option(help: .zh("涉及的诚信计生小组（编号或名称）。", en: "The honesty group it concerns (id or name).")) var group: String?

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            _ = try requireVillage(db, l)
            let today = LocalDate.today()
            let k = try parseChoice(kind, MeetingKind.self, label: \.label, option: "--kind", l)
            let she = try villageGroup.map { try findVillageGroup(db, $0, l) }
            let honesty = try group.map { g -> HonestyGroup in
                guard let found = try db.findHonestyGroup(g) else {
                    throw UserError(l == .en ? "No honesty group \(g)." : "没有编号或名称为 \(g) 的诚信计生小组。")
                }
                return found
            }
            let m = Meeting(kind: k, heldOn: try date.map { try parseDate($0, option: "--date", l) } ?? today, place: place,
                            ledBy: ledBy, topic: topic, outcome: outcome, attachments: attachments,
                            villageGroupId: she?.id, honestyGroupId: honesty?.id)
            let saved = try storeCall(l) { try db.saveMeeting(m, on: today) }
            print(l == .en ? "Recorded meeting \(saved.id ?? 0)." : "已登记第 \(saved.id ?? 0) 号会议")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("一次会议的详情和参加的户、人。", "A meeting in full, with who attended."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("会议编号。", en: "The meeting's id.")) var id: Int64

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            guard let r = try storeCall(l, { try db.meeting(id: id) }) else { throw userError(StoreError.notFound, l) }
            print(MeetingsCommand.detail(r, attendees: try storeCall(l) { try db.attendees(meetingId: id) }, l))
        }
    }

    /// A meeting written out: its fields, then each attending household with the persons of it.
    static func detail(_ r: MeetingRow, attendees: [AttendeeRow], _ l: Language) -> String {
        let m = r.meeting
        let t = { (s: Localized) in s.text(l) }
        var lines = [
            t(Localized("类别：", "Kind: ")) + t(m.kind.label) + t(Localized("　日期：", "  Date: ")) + m.heldOn.description,
            t(Localized("地点：", "Place: ")) + m.place + t(Localized("　主持：", "  Led by: ")) + m.ledBy,
            t(Localized("主题：", "Topic: ")) + m.topic,
        ]
        if !m.outcome.isEmpty { lines.append(t(Localized("结果：", "Outcome: ")) + m.outcome) }
        if !m.attachments.isEmpty { lines.append(t(Localized("附件：", "Attachments: ")) + m.attachments) }
        let concerns = concerns(r)
        if !concerns.isEmpty { lines.append(t(Localized("涉及：", "Concerns: ")) + concerns) }
        if let deleted = m.deletedOn { lines.append(t(Localized("已于 \(deleted) 删除", "Deleted on \(deleted)"))) }
        lines.append(t(Localized("参加：", "Attended: ")) + attendance(r, l))
        for (number, rows) in Dictionary(grouping: attendees, by: \.householdNumber).sorted(by: { $0.key < $1.key }) {
            let persons = rows.map(\.personName).filter { !$0.isEmpty }
            lines.append("  \(number) \(rows[0].headName)" + t(Localized("户", " household"))
                         + (persons.isEmpty ? "" : "：" + persons.joined(separator: l.listSeparator)))
        }
        return lines.joined(separator: "\n")
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记参加的户或人；--remove 取消。", "Record a household or a person as attending; --remove takes them off."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("会议编号。", en: "The meeting's id.")) var id: Int64
        @Option(help: .zh("户编号。", en: "Household number.")) var household: String
        @Option(help: .zh("该户参加的人（姓名）；不填则登记整户。", en: "The person of the household who attended (name); without it, the household.")) var person: String?
        @Flag(help: .zh("取消登记。", en: "Take off the attendance.")) var remove = false

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let h = try findHousehold(db, household, l)
            let p = try person.map { try findPerson(db, "\(household):\($0)", l) }
            if remove {
                try storeCall(l) { try db.removeAttendee(meetingId: id, householdId: h.id, personId: p?.id) }
                print(en ? "Taken off." : "已取消")
            } else {
                try storeCall(l) { try db.addAttendee(meetingId: id, householdId: h.id, personId: p?.id) }
                print(en ? "Recorded: \(h.number) \(p?.name ?? h.headName)." : "已登记参加：\(h.number) \(p?.name ?? h.headName + "户")")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("删除一次会议（可用 restore 恢复；被选举、范本或制度引用的不能删除）。",
                                                                           "Delete a meeting (restore brings it back; one an election, template or rule document names is kept)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("会议编号。", en: "The meeting's id.")) var id: Int64

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            try storeCall(l) { try db.deleteMeeting(id: id, on: LocalDate.today()) }
            print(l == .en ? "Deleted meeting \(id); `chengxin meetings restore \(id)` brings it back."
                           : "已删除第 \(id) 号会议；chengxin meetings restore \(id) 可恢复")
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("恢复删除的会议。", "Bring a deleted meeting back."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("会议编号。", en: "The meeting's id.")) var id: Int64

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            try storeCall(l) { try db.restoreMeeting(id: id) }
            print(l == .en ? "Restored meeting \(id)." : "已恢复第 \(id) 号会议")
        }
    }
}

/// `chengxin pairs`: association members' 帮带 of women of childbearing age.
struct PairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pairs",
        abstract: helpText("会员帮带：计生协会会员帮带1至3名育龄妇女。", "Mentor pairs: an association member helps one to three women of childbearing age."),
        subcommands: [List.self, Add.self, End.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出帮带（在帮的在前）；--person 只列某人的。", "List the pairs (those in force first); --person narrows to one person's."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("户编号:姓名，或人员编号。", en: "HOUSEHOLD:NAME, or the person's number.")) var person: String?

        func run() throws {
            let l = options.language
            let en = l == .en
            let db = try options.openDatabase()
            let p = try person.map { try findPerson(db, $0, l) }
            let today = LocalDate.today()
            let rows = try storeCall(l) { try db.pairings(personId: p?.id) }
            if rows.isEmpty { print(en ? "No pairs." : "没有帮带记录。"); return }
            print(alignedTable([en ? "ID" : "编号", en ? "Helper" : "帮带会员", en ? "Woman" : "被帮带妇女", en ? "From" : "开始",
                                en ? "To" : "结束", en ? "State" : "状态"],
                               rows.map { r in
                                   [String(r.pairing.id ?? 0), "\(r.helperHouseholdNumber) \(r.helperName)", "\(r.womanHouseholdNumber) \(r.womanName)",
                                    r.pairing.startedOn.description, r.pairing.endedOn?.description ?? "",
                                    r.pairing.isActive(on: today) ? (en ? "in force" : "在帮") : (en ? "ended" : "已结束")]
                               }, rightAligned: [0]))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("登记一对帮带。", "Record a pair."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("帮带的会员：户编号:姓名，或人员编号。", en: "The helping member: HOUSEHOLD:NAME, or the person's number.")) var helper: String
        @Option(help: .zh("被帮带的妇女：户编号:姓名，或人员编号。", en: "The woman helped: HOUSEHOLD:NAME, or the person's number.")) var woman: String
        @Option(help: .zh("开始日期（默认今天）。", en: "Start date (default today).")) var from: String?
        @Option(help: .zh("说明。", en: "A note.")) var note = ""

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let today = LocalDate.today()
            let h = try findPerson(db, helper, l), w = try findPerson(db, woman, l)
            let p = MentorPairing(helperId: h.id ?? 0, womanId: w.id ?? 0,
                                  startedOn: try from.map { try parseDate($0, option: "--from", l) } ?? today, note: note)
            let saved = try storeCall(l) { try db.savePairing(p, on: today) }
            print(l == .en ? "Recorded pair \(saved.id ?? 0): \(h.name) helps \(w.name)." : "已登记第 \(saved.id ?? 0) 对帮带：\(h.name) 帮带 \(w.name)")
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("结束一对帮带。", "End a pair."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("帮带编号。", en: "The pair's id.")) var id: Int64
        @Option(help: .zh("结束日期（默认今天）。", en: "End date (default today).")) var on: String?

        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            let today = LocalDate.today()
            let date = try on.map { try parseDate($0, option: "--on", l) } ?? today
            try storeCall(l) { try db.endPairing(id: id, on: date, today: today) }
            print(l == .en ? "Pair \(id) ended on \(date)." : "第 \(id) 对帮带已于 \(date) 结束")
        }
    }
}
