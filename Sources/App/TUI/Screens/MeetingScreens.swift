import Domain
import Store
import UICore

/// The meetings of the register a form may name as where something was decided (a 社员会议,
/// 村民会议, 领导小组 or 听证), newest first, after "(none)".
func meetingChoices(_ context: AppContext) -> [Choice] {
    [Choice(value: "", label: context.t(Localized("（未选）", "(none)")))]
        + ((try? context.db.decidingMeetings()) ?? []).map {
            Choice(value: String($0.id ?? 0), label: TextWidth.truncate($0.caption(context.language), to: 38))
        }
}

/// 会议与走访: the register, newest first, with this year's counts above it; F3 records a
/// meeting, Enter edits it, F5 picks who attended, F8 deletes and u brings the deletion back.
final class MeetingListScreen: TableScreen<MeetingRow> {
    /// The meeting this screen deleted last, which u restores.
    var lastDeleted: MeetingRow?

    static let cells: Cells<MeetingRow> = [
        "heldOn": { r, _ in r.meeting.heldOn.description },
        "kind": { r, c in c.t(r.meeting.kind.label) },
        "topic": { r, _ in r.meeting.topic },
        "place": { r, _ in r.meeting.place },
        "ledBy": { r, _ in r.meeting.ledBy },
        "attendance": { r, c in c.t(Localized("\(r.households)户\(r.persons)人", "\(r.households) hh \(r.persons) p")) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "meeting_list", cells: Self.cells)
    }

    override func fetch() throws -> [MeetingRow] { try context.db.meetings() }
    override func rowId(_ r: MeetingRow) -> Int64 { r.meeting.id ?? 0 }
    override var openLabel: Localized? { context.editOrView }
    override var showsSort: Bool { false }

    override func load() {
        super.load()
        guard let y = try? context.db.meetingYear(on: context.today) else { header = []; return }
        header = [(Self.yearLine(y, context), y.behind ? Style(.error, bold: true) : Style(.normal, bold: true))]
    }

    /// "2026年：宣传 3/4 · 入户走访 1 · 会议 2 · 帮带 1对" as the list and the dashboard show it.
    static func yearLine(_ y: MeetingYear, _ c: AppContext) -> String {
        let meetings = MeetingKind.allCases.filter(\.decides).reduce(0) { $0 + y.count($1) }
        return c.t(Localized(
            "\(y.year)年：宣传 \(y.count(.publicity))/\(y.publicityTarget) · 入户走访 \(y.count(.homeVisit)) · 会议 \(meetings) · 帮带 \(y.activePairings)对",
            "\(y.year): publicity \(y.count(.publicity))/\(y.publicityTarget) · visits \(y.count(.homeVisit)) · meetings \(meetings) · pairs \(y.activePairings)"))
    }

    override func open(_ r: MeetingRow) -> Action { .push(MeetingFormScreen(context, meeting: r.meeting)) }

    override var tableCommands: [Command] {
        let new = Command.write("F3", Localized("登记", "New")) { [unowned self] in .push(MeetingFormScreen(context, meeting: nil)) }
        return [new] + super.tableCommands
    }

    override var listCommands: [Command] {
        [.write("F5", Localized("参加人员", "Attendees")) { [unowned self] in
            guard let r = selected else { return .none }
            return .push(AttendeePickerScreen(context, meeting: r))
         },
         .write("F8", Localized("删除", "Delete")) { [unowned self] in
             guard let r = selected, let id = r.meeting.id else { return .none }
             return confirmThenChange(Localized("删除「\(r.meeting.topic)」？（可按 u 撤销）", "Delete \(r.meeting.topic)? (u undoes it)"),
                                      done: Localized("已删除；按 u 撤销", "Deleted; u undoes it")) { [unowned self] in
                 try context.db.deleteMeeting(id: id, on: context.today)
                 lastDeleted = r
             }
         },
         .write("u", Localized("撤销", "Undo")) { [unowned self] in
             guard let r = lastDeleted, let id = r.meeting.id else {
                 return refuse(Localized("没有可撤销的删除", "Nothing deleted to undo"))
             }
             return change(Localized("已恢复「\(r.meeting.topic)」", "Restored \(r.meeting.topic)")) {
                 try context.db.restoreMeeting(id: id)
                 lastDeleted = nil
                 load()
             }
         }]
    }
}

/// One meeting's particulars. The 社 and the honesty group are picked from the village's.
final class MeetingFormScreen: FormScreen {
    let meeting: Meeting?

    init(_ context: AppContext, meeting: Meeting?) {
        self.meeting = meeting
        let l = context.language
        let none = Choice(value: "", label: context.t(Localized("（无）", "(none)")))
        let shes = [none] + ((try? context.db.villageGroups()) ?? []).map { Choice(value: String($0.group.id ?? 0), label: $0.group.name) }
        let groups = [none] + ((try? context.db.honestyGroups(on: context.today)) ?? []).map {
            Choice(value: String($0.group.id ?? 0), label: $0.group.name)
        }
        super.init(context, spec: "meeting_form", values: [
            "kind": (meeting?.kind ?? .publicity).rawValue,
            "heldOn": (meeting?.heldOn ?? context.today).description,
            "place": meeting?.place ?? "",
            "ledBy": meeting?.ledBy ?? "",
            "topic": meeting?.topic ?? "",
            "outcome": meeting?.outcome ?? "",
            "attachments": meeting?.attachments ?? "",
            "villageGroupId": meeting?.villageGroupId.map(String.init) ?? "",
            "honestyGroupId": meeting?.honestyGroupId.map(String.init) ?? "",
        ], choices: ["meetingKind": FormScreen.choices(MeetingKind.self, l), "villageGroup": shes, "honestyGroup": groups])
    }

    override var draftTarget: String? { "meeting:\(meeting?.id.map(String.init) ?? "new")" }

    override func save() throws -> Action {
        guard let date = LocalDate(text("heldOn")) else {
            throw StoreError.invalid([FieldError(field: "heldOn", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        var m = meeting ?? Meeting(kind: .publicity, heldOn: date, place: "", ledBy: "", topic: "")
        m.kind = MeetingKind(rawValue: text("kind")) ?? .publicity
        m.heldOn = date
        m.place = text("place")
        m.ledBy = text("ledBy")
        m.topic = text("topic")
        m.outcome = text("outcome")
        m.attachments = text("attachments")
        m.villageGroupId = Int64(text("villageGroupId"))
        m.honestyGroupId = Int64(text("honestyGroupId"))
        let saved = try context.db.saveMeeting(m, on: context.today)
        if meeting == nil, let row = try context.db.meeting(id: saved.id ?? 0) {
            // A new meeting goes on to who attended.
            form.markClean()
            return .sequence([.replace(AttendeePickerScreen(context, meeting: row)),
                              .message(Message(context.t(Localized("已登记。空格选择参加的户和人", "Recorded. Space picks who attended"))))])
        }
        return savedAndBack()
    }
}

/// The attendee picker: the roster (the meeting's 社 when it names one), a household and
/// then its members on the meeting's day; Space records or takes off the line under the cursor.
final class AttendeePickerScreen: TableScreen<AttendeeCandidate> {
    let meeting: MeetingRow

    static let cells: Cells<AttendeeCandidate> = [
        "mark": { a, _ in a.attends ? "✓" : "" },
        "householdNumber": { a, _ in a.personId == nil ? a.householdNumber : "" },
        "villageGroupName": { a, _ in a.personId == nil ? a.villageGroupName : "" },
        "name": { a, c in a.personId == nil ? a.name + c.t(Localized("户", " hh")) : "  " + a.name },
        "sex": { a, c in a.sex.map { c.t($0.label) } ?? "" },
        "age": { a, _ in a.age.map(String.init) ?? "" },
    ]

    init(_ context: AppContext, meeting: MeetingRow) {
        self.meeting = meeting
        super.init(context, spec: "meeting_attendees", cells: Self.cells)
    }

    override var title: String {
        spec.title.text(context.language) + " · " + TextWidth.truncate(meeting.meeting.caption(context.language), to: 50)
    }

    override func fetch() throws -> [AttendeeCandidate] { try context.db.attendeeCandidates(meetingId: meeting.meeting.id ?? 0) }
    override func rowId(_ a: AttendeeCandidate) -> Int64 { a.rowId }
    override var openLabel: Localized? { nil }
    override var showsSort: Bool { false }

    override func load() {
        super.load()
        count()
    }

    /// The households and persons recorded, above the list.
    func count() {
        let households = Set(items.filter(\.attends).map(\.householdId)).count
        let persons = items.filter { $0.attends && $0.personId != nil }.count
        let counts = [Localized.count(households, "户", "household"), Localized.count(persons, "人", "person")]
        header = [(context.t(Localized("已登记参加：", "Recorded: ")) + counts.map(context.t).joined(separator: context.t(Localized("，", ", "))),
                   Style(.normal, bold: true))]
    }

    override var listCommands: [Command] {
        [.write("Space", Localized("参加/取消", "Toggle")) { [unowned self] in
            guard let a = selected else { return .none }
            let id = meeting.meeting.id ?? 0
            do {
                if a.attends {
                    try context.db.removeAttendee(meetingId: id, householdId: a.householdId, personId: a.personId)
                } else {
                    try context.db.addAttendee(meetingId: id, householdId: a.householdId, personId: a.personId)
                }
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
            // Only the line changed (a household taken off takes its persons with it): no second read of the roster.
            show(items.map { line in
                var line = line
                if line.rowId == a.rowId { line.attends = !a.attends }
                if a.attends, a.personId == nil, line.householdId == a.householdId { line.attends = false }
                return line
            })
            count()
            return .none
        }]
    }
}

/// 会员帮带: the pairs, those in force first; F3 records one, F7 ends the one selected.
final class PairingListScreen: TableScreen<PairingRow> {
    let personId: Int64?

    static let cells: Cells<PairingRow> = [
        "helperName": { r, _ in r.helperName },
        "helperHouseholdNumber": { r, _ in r.helperHouseholdNumber },
        "womanName": { r, _ in r.womanName },
        "womanHouseholdNumber": { r, _ in r.womanHouseholdNumber },
        "startedOn": { r, _ in r.pairing.startedOn.description },
        "endedOn": { r, _ in r.pairing.endedOn?.description ?? "" },
        "state": { r, c in c.t(r.pairing.isActive(on: c.today) ? Localized("在帮", "In force") : Localized("已结束", "Ended")) },
    ]

    init(_ context: AppContext, personId: Int64? = nil) {
        self.personId = personId
        super.init(context, spec: "mentor_pairing_list", cells: Self.cells)
    }

    override func fetch() throws -> [PairingRow] { try context.db.pairings(personId: personId) }
    override func rowId(_ r: PairingRow) -> Int64 { r.pairing.id ?? 0 }
    override var openLabel: Localized? { nil }
    override var showsSort: Bool { false }

    override var listCommands: [Command] {
        [.write("F3", Localized("登记", "New")) { [unowned self] in .push(PairingFormScreen(context)) },
         .write("F7", Localized("结束", "End")) { [unowned self] in
             guard let r = selected, let id = r.pairing.id else { return .none }
             return confirmThenChange(Localized("结束 \(r.helperName) 对 \(r.womanName) 的帮带（今天）？", "End \(r.helperName)'s help of \(r.womanName) today?"),
                                      done: Localized("已结束", "Ended")) { [unowned self] in
                 try context.db.endPairing(id: id, on: context.today, today: context.today)
             }
         }]
    }
}

/// A new pair: the helping member and the woman, each as 户编号:姓名 or the person's number.
final class PairingFormScreen: FormScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "mentor_pairing_form", values: [
            "helperId": "", "womanId": "", "startedOn": context.today.description, "note": "",
        ])
    }

    override func save() throws -> Action {
        let helper = try person(text("helperId"), field: "helperId")
        let woman = try person(text("womanId"), field: "womanId")
        guard let start = LocalDate(text("startedOn")) else {
            throw StoreError.invalid([FieldError(field: "startedOn", message: Localized("日期应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"))])
        }
        do {
            try context.db.savePairing(MentorPairing(helperId: helper.id ?? 0, womanId: woman.id ?? 0, startedOn: start,
                                                     note: text("note")), on: context.today)
        } catch StoreError.refused(let why) {
            throw StoreError.invalid([FieldError(field: "womanId", message: why)])
        }
        return savedAndBack()
    }

    /// "0101:张三" (a current member of household 0101) or a person's number.
    func person(_ typed: String, field: String) throws -> Person {
        let fail = { (m: Localized) in StoreError.invalid([FieldError(field: field, message: m)]) }
        if let id = Int64(typed) {
            guard let p = try context.db.person(id: id) else { throw fail(Localized("没有编号为 \(id) 的人员", "No person numbered \(id)")) }
            return p
        }
        let parts = typed.split(whereSeparator: { $0 == ":" || $0 == "：" }).map(String.init)
        guard parts.count == 2 else { throw fail(Localized("请写成 户编号:姓名，如 0101:张三", "Write HOUSEHOLD:NAME, e.g. 0101:张三")) }
        guard let h = try context.db.householdRows(filter: parts[0], villageGroupId: nil, sort: .number, ascending: true,
                                                   offset: 0, limit: 50).first(where: { $0.number == parts[0] }) else {
            throw fail(Localized("没有户编号为 \(parts[0]) 的户", "No household numbered \(parts[0])"))
        }
        let found = try context.db.members(householdId: h.id).filter { $0.name == parts[1] }
        guard found.count == 1 else {
            throw fail(found.isEmpty ? Localized("\(parts[0]) 户没有 \(parts[1])", "Household \(parts[0]) has no \(parts[1])")
                                     : Localized("\(parts[0]) 户有两名 \(parts[1])，请写人员编号", "Two named \(parts[1]); give the number"))
        }
        return found[0]
    }
}
