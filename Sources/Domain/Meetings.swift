// The register of meetings and field work: village meetings, leading-group meetings,
// publicity, training, home visits, help and hearings, each with the households and
// persons who attended; and the association members' 帮带 of one to three women of
// childbearing age (seed 002: 「每人帮带1-3名育龄妇女，平时宣传，季度督促」).

public enum MeetingKind: String, Sendable, Codable, CaseIterable {
    case memberMeeting, villagerMeeting, leadingGroup, publicity, training, homeVisit, support, hearing

    public var label: Localized {
        switch self {
        case .memberMeeting: Localized("社员会议", "Group meeting")
        case .villagerMeeting: Localized("村民会议", "Village meeting")
        case .leadingGroup: Localized("领导小组", "Leading group")
        case .publicity: Localized("宣传", "Publicity")
        case .training: Localized("培训", "Training")
        case .homeVisit: Localized("入户走访", "Home visit")
        case .support: Localized("帮扶/慰问", "Help and visits")
        case .hearing: Localized("听证", "Hearing")
        }
    }

    /// A meeting that can adopt an election's result, an agreement template or a rule document.
    public var decides: Bool { [.memberMeeting, .villagerMeeting, .leadingGroup, .hearing].contains(self) }
}

/// One meeting or piece of field work.
public struct Meeting: Hashable, Sendable, Codable {
    public var id: Int64?
    public var kind: MeetingKind
    public var heldOn: LocalDate
    public var place: String
    /// Who led or presided (主持人/带队).
    public var ledBy: String
    public var topic: String
    public var outcome: String
    /// Minutes, photos, sign-in sheets kept elsewhere: file names or archive numbers, as text.
    public var attachments: String
    /// The 社 it concerns (a 社员会议 always names one).
    public var villageGroupId: Int64?
    /// The honesty group it concerns.
    public var honestyGroupId: Int64?
    /// Set when the meeting was deleted; a deleted meeting can be restored.
    public var deletedOn: LocalDate?

    public init(id: Int64? = nil, kind: MeetingKind, heldOn: LocalDate, place: String, ledBy: String, topic: String,
                outcome: String = "", attachments: String = "", villageGroupId: Int64? = nil,
                honestyGroupId: Int64? = nil, deletedOn: LocalDate? = nil) {
        self.id = id
        self.kind = kind
        self.heldOn = heldOn
        self.place = place
        self.ledBy = ledBy
        self.topic = topic
        self.outcome = outcome
        self.attachments = attachments
        self.villageGroupId = villageGroupId
        self.honestyGroupId = honestyGroupId
        self.deletedOn = deletedOn
    }

    /// The meeting as stored: every text trimmed.
    public func normalized() -> Meeting {
        var m = self
        m.place = m.place.trimmingSpaces()
        m.ledBy = Validation.normalizeName(m.ledBy)
        m.topic = m.topic.trimmingSpaces()
        m.outcome = m.outcome.trimmingSpaces()
        m.attachments = m.attachments.trimmingSpaces()
        return m
    }

    /// "2026-11-20 宣传 婚育新风进万家": how a meeting is named in a list or a picker.
    public func caption(_ language: Language) -> String {
        "\(heldOn) \(kind.label.text(language)) \(topic)"
    }
}

/// Who attended: a household, or a person of it.
public struct MeetingAttendee: Hashable, Sendable, Codable {
    public var id: Int64?
    public var meetingId: Int64
    public var householdId: Int64
    /// Nil when the household attended as a whole (a home visit, a household represented).
    public var personId: Int64?

    public init(id: Int64? = nil, meetingId: Int64, householdId: Int64, personId: Int64? = nil) {
        self.id = id
        self.meetingId = meetingId
        self.householdId = householdId
        self.personId = personId
    }
}

/// An association member's 帮带 of one woman of childbearing age, from a date until a date.
public struct MentorPairing: Hashable, Sendable, Codable {
    public var id: Int64?
    /// The association member who helps.
    public var helperId: Int64
    /// The woman helped.
    public var womanId: Int64
    public var startedOn: LocalDate
    public var endedOn: LocalDate?
    public var note: String

    public init(id: Int64? = nil, helperId: Int64, womanId: Int64, startedOn: LocalDate, endedOn: LocalDate? = nil,
                note: String = "") {
        self.id = id
        self.helperId = helperId
        self.womanId = womanId
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.note = note
    }

    /// In force on `date`: started by then and not ended (the end day itself is the last day).
    public func isActive(on date: LocalDate) -> Bool {
        startedOn <= date && (endedOn.map { date <= $0 } ?? true)
    }

    /// Whether the two pairings' periods share a day.
    public func overlaps(_ other: MentorPairing) -> Bool {
        let farFuture = LocalDate(year: 9999, month: 12, day: 31)!
        return startedOn <= (other.endedOn ?? farFuture) && other.startedOn <= (endedOn ?? farFuture)
    }
}

public enum MeetingRules {
    /// Meetings of publicity a year the seeds ask for (seed 004: 每年开展不少于4次集中宣传教育活动).
    public static let publicityPerYear = 4
    /// Women one association member helps at most (seed 002: 每人帮带1-3名育龄妇女).
    public static let womenPerHelper = 3
    /// Childbearing age (育龄): 15 to 49 years.
    public static let childbearingAges = 15...49

    public static func validate(_ m: Meeting, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        if m.heldOn > today {
            errors.append(FieldError(field: "heldOn", message: Localized(
                "日期不能晚于今天（\(today)）：会议和走访在发生后登记", "The date cannot be after today (\(today)): record a meeting once held")))
        }
        func required(_ text: String, _ field: String, _ name: Localized, max: Int) {
            let t = text.trimmingSpaces()
            if t.isEmpty {
                errors.append(FieldError(field: field, message: Localized("请填写\(name.zh)", "The \(name.en) is required")))
            } else if t.count > max {
                errors.append(FieldError(field: field, message: Localized("\(name.zh)最多\(max)个字", "At most \(max) characters")))
            }
        }
        required(m.place, "place", Localized("地点", "place"), max: 40)
        required(m.ledBy, "ledBy", Localized("主持人", "leader"), max: 30)
        required(m.topic, "topic", Localized("主题", "topic"), max: 100)
        if m.outcome.trimmingSpaces().count > 200 {
            errors.append(FieldError(field: "outcome", message: Localized("结果最多200个字", "At most 200 characters")))
        }
        if m.attachments.trimmingSpaces().count > 200 {
            errors.append(FieldError(field: "attachments", message: Localized("附件最多200个字", "At most 200 characters")))
        }
        if m.kind == .memberMeeting, m.villageGroupId == nil, m.honestyGroupId == nil {
            errors.append(FieldError(field: "villageGroupId", message: Localized(
                "社员会议须注明是哪个社的", "A group meeting names its village group")))
        }
        return errors
    }

    /// Why a person may not be recorded as attending a meeting held on `heldOn`, or nil.
    public static func attendeeProblem(_ person: Person, heldOn: LocalDate) -> Localized? {
        if let left = person.leftOn, left <= heldOn {
            return Localized("\(person.name)已于\(left)离开本户（\(person.leftReason)），不能登记参加\(heldOn)的会议",
                             "\(person.name) left the household on \(left) (\(person.leftReason)); they cannot attend on \(heldOn)")
        }
        return nil
    }

    /// Why a pairing may not be saved, or nil. `others` are the other pairings of the
    /// helper and of the woman (the one being saved left out).
    public static func pairingProblem(_ p: MentorPairing, helper: Person, woman: Person, others: [MentorPairing],
                                      today: LocalDate) -> Localized? {
        if p.startedOn > today {
            return Localized("开始日期不能晚于今天（\(today)）", "The start cannot be after today (\(today))")
        }
        if let end = p.endedOn, end < p.startedOn {
            return Localized("结束日期不能早于开始日期（\(p.startedOn)）", "The end cannot be before the start (\(p.startedOn))")
        }
        if helper.id == woman.id { return Localized("帮带人和被帮带人不能是同一人", "The helper and the woman must be two persons") }
        if !helper.isAssociationMember {
            return Localized("\(helper.name)不是计生协会会员：帮带人须是会员", "\(helper.name) is not an association member; only members help")
        }
        if let left = helper.leftOn, left <= p.startedOn {
            return Localized("\(helper.name)已于\(left)离开本户", "\(helper.name) left the household on \(left)")
        }
        if woman.sex != .female {
            return Localized("\(woman.name)不是女性：帮带的是育龄妇女", "\(woman.name) is not a woman; members help women of childbearing age")
        }
        if let left = woman.leftOn, left <= p.startedOn {
            return Localized("\(woman.name)已于\(left)离开本户", "\(woman.name) left the household on \(left)")
        }
        guard let born = woman.birthDate else {
            return Localized("\(woman.name)的出生日期未登记，无法确认是否育龄", "\(woman.name)'s birth date is not recorded; her age cannot be checked")
        }
        let age = born.age(on: p.startedOn)
        if !childbearingAges.contains(age) {
            return Localized("\(woman.name)在\(p.startedOn)为\(age)岁，不在育龄（15–49岁）",
                             "\(woman.name) is \(age) on \(p.startedOn), outside childbearing age (15–49)")
        }
        let womanIds = Set(others.filter { $0.womanId == woman.id && $0.overlaps(p) }.map(\.helperId))
        if !womanIds.isEmpty {
            return Localized("\(woman.name)在这段时间已有帮带人，一人同时只有一名帮带人",
                             "\(woman.name) has a helper in that time already; a woman has one helper at a time")
        }
        let helped = others.filter { $0.helperId == helper.id && $0.overlaps(p) }
        // The most women the helper has on any day of the new pairing: checked on each start within it.
        let days = [p.startedOn] + helped.map(\.startedOn).filter { p.isActive(on: $0) }
        let most = days.map { day in helped.filter { $0.isActive(on: day) }.count }.max() ?? 0
        if most >= womenPerHelper {
            return Localized("\(helper.name)已帮带\(most)名妇女：每名会员帮带1至3名",
                             "\(helper.name) helps \(most) women already; a member helps one to three")
        }
        return nil
    }

    /// The count expected by `date` for a target of `perYear` spread evenly over the year.
    public static func expectedByNow(perYear: Int, on date: LocalDate) -> Int {
        let start = LocalDate(year: date.year, month: 1, day: 1)!
        let end = LocalDate(year: date.year, month: 12, day: 31)!
        let elapsed = date.dayNumber - start.dayNumber + 1
        let days = end.dayNumber - start.dayNumber + 1
        return perYear * elapsed / days
    }
}
