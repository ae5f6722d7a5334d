import Domain
import Foundation
import GRDB

// The register of meetings and field work, who attended each, and the association
// members' 帮带 pairings. A deleted meeting is kept with its date of deletion and can be
// restored; a meeting an election, a template or a rule document names is not deleted.

extension AppDatabase {
    /// The tables of the register, and the link from an election, an agreement template and a
    /// rule document to the meeting that held or adopted it (the old free text stays beside it).
    static func registerMeetingSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meeting (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                held_on TEXT NOT NULL,
                place TEXT NOT NULL,
                led_by TEXT NOT NULL,
                topic TEXT NOT NULL,
                outcome TEXT NOT NULL DEFAULT '',
                attachments TEXT NOT NULL DEFAULT '',
                village_group_id INTEGER REFERENCES village_group(id) ON DELETE RESTRICT,
                honesty_group_id INTEGER REFERENCES honesty_group(id) ON DELETE RESTRICT,
                deleted_on TEXT
            );
            CREATE INDEX meeting_on_held ON meeting(held_on);
            CREATE TABLE meeting_attendee (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE RESTRICT,
                household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                person_id INTEGER REFERENCES person(id) ON DELETE RESTRICT
            );
            CREATE UNIQUE INDEX meeting_attendee_once ON meeting_attendee(meeting_id, household_id, COALESCE(person_id, 0));
            CREATE INDEX meeting_attendee_on_household ON meeting_attendee(household_id);
            CREATE TABLE mentor_pairing (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                helper_person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                woman_person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                started_on TEXT NOT NULL,
                ended_on TEXT,
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX mentor_pairing_on_helper ON mentor_pairing(helper_person_id);
            CREATE INDEX mentor_pairing_on_woman ON mentor_pairing(woman_person_id);
            """)
        // The rows of these tables get their new hash at the open that migrates
        // (Audit+Migration), those in step before only.
        for table in ["election", "agreement_template", "rule_document"] {
            try db.execute(sql: "ALTER TABLE \"\(table)\" ADD COLUMN meeting_id INTEGER REFERENCES meeting(id) ON DELETE RESTRICT")
        }
    }
}

extension Meeting: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "meeting" }

    public init(row: Row) {
        self.init(id: row["id"], kind: MeetingKind(rawValue: row["kind"]) ?? .villagerMeeting,
                  heldOn: row.date("held_on") ?? LocalDate(year: 2000, month: 1, day: 1)!, place: row["place"],
                  ledBy: row["led_by"], topic: row["topic"], outcome: row["outcome"], attachments: row["attachments"],
                  villageGroupId: row["village_group_id"], honestyGroupId: row["honesty_group_id"],
                  deletedOn: row.date("deleted_on"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind.rawValue
        container["held_on"] = heldOn.description
        container["place"] = place
        container["led_by"] = ledBy
        container["topic"] = topic
        container["outcome"] = outcome
        container["attachments"] = attachments
        container["village_group_id"] = villageGroupId
        container["honesty_group_id"] = honestyGroupId
        container["deleted_on"] = deletedOn?.description
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension MeetingAttendee: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "meeting_attendee" }

    public init(row: Row) {
        self.init(id: row["id"], meetingId: row["meeting_id"], householdId: row["household_id"], personId: row["person_id"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["meeting_id"] = meetingId
        container["household_id"] = householdId
        container["person_id"] = personId
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension MentorPairing: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "mentor_pairing" }

    public init(row: Row) {
        self.init(id: row["id"], helperId: row["helper_person_id"], womanId: row["woman_person_id"],
                  startedOn: row.date("started_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                  endedOn: row.date("ended_on"), note: row["note"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["helper_person_id"] = helperId
        container["woman_person_id"] = womanId
        container["started_on"] = startedOn.description
        container["ended_on"] = endedOn?.description
        container["note"] = note
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A meeting with what a list shows beside it.
public struct MeetingRow: Hashable, Sendable {
    public var meeting: Meeting
    /// The 社 it concerns, or "".
    public var villageGroupName: String
    /// The honesty group it concerns, or "".
    public var honestyGroupName: String
    public var households: Int
    public var persons: Int
}

/// One attendee as a list shows it.
public struct AttendeeRow: Hashable, Sendable {
    public var attendee: MeetingAttendee
    public var householdNumber: String
    public var headName: String
    /// The person who attended, or "" for the household as a whole.
    public var personName: String
}

/// A line of the attendee picker: a household (personId nil) or one of its current members.
public struct AttendeeCandidate: Hashable, Sendable {
    public var householdId: Int64
    public var personId: Int64?
    public var householdNumber: String
    public var villageGroupName: String
    public var name: String
    public var sex: Sex?
    public var age: Int?
    public var attends: Bool

    /// Rows are told apart by this: a household by its id, a person by minus theirs.
    public var rowId: Int64 { personId.map { -$0 } ?? householdId }
}

/// A 帮带 pairing with the two names.
public struct PairingRow: Hashable, Sendable {
    public var pairing: MentorPairing
    public var helperName: String
    public var helperHouseholdNumber: String
    public var womanName: String
    public var womanHouseholdNumber: String
}

/// The year's meetings counted by kind, and the pairings in force, for the dashboard.
public struct MeetingYear: Hashable, Sendable {
    public var year: Int
    public var byKind: [MeetingKind: Int]
    public var activePairings: Int
    /// The publicity target of the year (setting `target.publicity`, else the seeds' 4).
    public var publicityTarget: Int
    /// The publicity meetings expected by the day counted, the target spread over the year.
    public var publicityExpected: Int

    public func count(_ kind: MeetingKind) -> Int { byKind[kind] ?? 0 }
    public var behind: Bool { count(.publicity) < publicityExpected }
}

extension AppDatabase {
    static let meetingRowSQL = """
        SELECT m.*, COALESCE(vg.name, '') AS village_group_name, COALESCE(hg.name, '') AS honesty_group_name,
               (SELECT COUNT(DISTINCT a.household_id) FROM meeting_attendee a WHERE a.meeting_id = m.id) AS households,
               (SELECT COUNT(*) FROM meeting_attendee a WHERE a.meeting_id = m.id AND a.person_id IS NOT NULL) AS persons
        FROM meeting m LEFT JOIN village_group vg ON vg.id = m.village_group_id
        LEFT JOIN honesty_group hg ON hg.id = m.honesty_group_id
        """

    static func meetingRow(_ r: Row) -> MeetingRow {
        MeetingRow(meeting: Meeting(row: r), villageGroupName: r["village_group_name"], honestyGroupName: r["honesty_group_name"],
                   households: r["households"], persons: r["persons"])
    }

    /// The meetings held from `from` to `to` (either open), newest first; deleted ones only with `deleted`.
    public func meetings(from: LocalDate? = nil, to: LocalDate? = nil, kind: MeetingKind? = nil,
                         deleted: Bool = false) throws -> [MeetingRow] {
        var conditions = [deleted ? "m.deleted_on IS NOT NULL" : "m.deleted_on IS NULL"]
        var arguments: [any DatabaseValueConvertible] = []
        if let from { conditions.append("m.held_on >= ?"); arguments.append(from.description) }
        if let to { conditions.append("m.held_on <= ?"); arguments.append(to.description) }
        if let kind { conditions.append("m.kind = ?"); arguments.append(kind.rawValue) }
        return try read { db in
            try Row.fetchAll(db, sql: Self.meetingRowSQL + " WHERE " + conditions.joined(separator: " AND ")
                             + " ORDER BY m.held_on DESC, m.id DESC", arguments: StatementArguments(arguments)).map(Self.meetingRow)
        }
    }

    public func meeting(id: Int64) throws -> MeetingRow? {
        try read { db in
            try Row.fetchOne(db, sql: Self.meetingRowSQL + " WHERE m.id = ?", arguments: [id]).map(Self.meetingRow)
        }
    }

    /// Adds or edits a meeting. The date is not after `today`; the 社 and honesty group named
    /// exist, and the honesty group is one of that 社.
    @discardableResult
    public func saveMeeting(_ m: Meeting, on today: LocalDate) throws -> Meeting {
        var meeting = m.normalized()
        var errors = MeetingRules.validate(meeting, on: today)
        return try write { db in
            if let g = meeting.honestyGroupId {
                if let group = try HonestyGroup.fetchOne(db, key: g) {
                    if meeting.villageGroupId == nil { meeting.villageGroupId = group.villageGroupId }
                    if meeting.villageGroupId != group.villageGroupId {
                        errors.append(FieldError(field: "honestyGroupId", message: Localized(
                            "「\(group.name)」不在所选的社", "\(group.name) is not in the village group chosen")))
                    }
                } else {
                    errors.append(FieldError(field: "honestyGroupId", message: Localized("没有这个诚信计生小组", "No such honesty group")))
                }
            }
            if let v = meeting.villageGroupId, try VillageGroup.fetchOne(db, key: v) == nil {
                errors.append(FieldError(field: "villageGroupId", message: Localized("没有这个社", "No such village group")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            if let id = meeting.id {
                guard let stored = try Meeting.fetchOne(db, key: id) else { throw StoreError.notFound }
                if stored.deletedOn != nil { throw StoreError.refused(Self.meetingDeleted) }
                if stored.heldOn != meeting.heldOn { try Self.checkAttendees(db, meetingId: id, heldOn: meeting.heldOn) }
                meeting.deletedOn = nil
                try meeting.update(db)
            } else {
                meeting.deletedOn = nil
                try meeting.insert(db)
            }
            return meeting
        }
    }

    /// The meeting an election, a template or a rule document names: one of the register that
    /// decides (a 社员会议, 村民会议, 领导小组 or 听证), not deleted, held on `date`.
    static func decidingMeeting(_ db: Database, id: Int64, on date: LocalDate?) throws -> Meeting {
        func refuse(_ m: Localized) -> StoreError { StoreError.invalid([FieldError(field: "meetingId", message: m)]) }
        guard let m = try Meeting.fetchOne(db, key: id), m.deletedOn == nil else {
            throw refuse(Localized("会议登记中没有这次会议", "No such meeting in the register"))
        }
        guard m.kind.decides else {
            throw refuse(Localized("\(m.kind.label.zh)不是议事会议：请选社员会议、村民会议、领导小组会议或听证会",
                                   "A \(m.kind.label.en.lowercased()) decides nothing; choose a group or village meeting, the leading group or a hearing"))
        }
        if let date, date != m.heldOn {
            throw refuse(Localized("所选会议于\(m.heldOn)召开，日期应与之相同", "The meeting chosen was held on \(m.heldOn); the dates must agree"))
        }
        return m
    }

    /// The meetings a form may name as where something was decided, newest first.
    public func decidingMeetings() throws -> [Meeting] {
        try meetings().map(\.meeting).filter(\.kind.decides)
    }

    /// Links an agreement template's version to the meeting that adopted it: its adoption date
    /// and the meeting's kind become the template's; the text and its agreements are unchanged.
    public func adoptTemplate(id: Int64, meetingId: Int64) throws {
        try write { db in
            guard var t = try AgreementTemplate.fetchOne(db, key: id) else { throw StoreError.notFound }
            let m = try Self.decidingMeeting(db, id: meetingId, on: nil)
            t.meetingId = meetingId
            t.adoptedOn = m.heldOn
            t.adoptedBy = m.kind.label.zh
            try t.update(db)
        }
    }

    static let meetingDeleted = Localized("该会议记录已删除；如需修改请先恢复", "The meeting was deleted; restore it first")

    /// A new date must still find every person who attended a member of their household.
    static func checkAttendees(_ db: Database, meetingId: Int64, heldOn: LocalDate) throws {
        let ids = try Int64.fetchAll(db, sql: "SELECT person_id FROM meeting_attendee WHERE meeting_id = ? AND person_id IS NOT NULL",
                                     arguments: [meetingId])
        for p in try Person.fetchAll(db, keys: ids) {
            if let problem = MeetingRules.attendeeProblem(p, heldOn: heldOn) {
                throw StoreError.invalid([FieldError(field: "heldOn", message: problem)])
            }
        }
    }

    /// What names the meeting: an election, an agreement template or a rule document, in words; nil if nothing.
    static func meetingReference(_ db: Database, _ id: Int64) throws -> Localized? {
        for (table, label) in [("election", Localized("组长选举", "a leader election")),
                               ("agreement_template", Localized("协议范本", "an agreement template")),
                               ("rule_document", Localized("制度文件", "a rule document"))] {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \(table) WHERE meeting_id = ?)", arguments: [id]) ?? false {
                return label
            }
        }
        return nil
    }

    /// Deletes a meeting on `today`: it leaves the register and every count, and `restoreMeeting`
    /// brings it back. Refused while an election, a template or a rule document names it.
    public func deleteMeeting(id: Int64, on today: LocalDate) throws {
        try write { db in
            guard var m = try Meeting.fetchOne(db, key: id) else { throw StoreError.notFound }
            if m.deletedOn != nil { throw StoreError.refused(Localized("该会议记录已删除", "The meeting is deleted already")) }
            if let used = try Self.meetingReference(db, id) {
                throw StoreError.refused(Localized("\(used.zh)引用了这次会议，不能删除", "\(used.en.capitalizedFirst) names this meeting; it cannot be deleted"))
            }
            m.deletedOn = today
            try m.update(db)
        }
    }

    /// Brings a deleted meeting back with its attendees.
    public func restoreMeeting(id: Int64) throws {
        try write { db in
            guard var m = try Meeting.fetchOne(db, key: id) else { throw StoreError.notFound }
            if m.deletedOn == nil { throw StoreError.refused(Localized("该会议记录没有被删除", "The meeting is not deleted")) }
            m.deletedOn = nil
            try m.update(db)
        }
    }

    /// Who attended, by household number, the household before its persons. With `groupId`, only
    /// the group's member households, which the group's leader reads too.
    public func attendees(meetingId: Int64, groupId: Int64? = nil) throws -> [AttendeeRow] {
        let body = { (db: Database) throws -> [AttendeeRow] in
            try Row.fetchAll(db, sql: """
                SELECT a.*, h.number AS household_number, COALESCE(head.name, '') AS head_name, COALESCE(p.name, '') AS person_name
                FROM meeting_attendee a JOIN household h ON h.id = a.household_id
                LEFT JOIN person head ON head.id = h.head_person_id
                LEFT JOIN person p ON p.id = a.person_id
                WHERE a.meeting_id = ?1 AND (?2 IS NULL OR a.household_id IN (SELECT household_id FROM group_member WHERE group_id = ?2))
                ORDER BY h.number, a.person_id IS NOT NULL, p.id
                """, arguments: [meetingId, groupId]).map {
                AttendeeRow(attendee: MeetingAttendee(row: $0), householdNumber: $0["household_number"], headName: $0["head_name"],
                            personName: $0["person_name"])
            }
        }
        if let groupId { return try read(group: groupId, body) }
        return try read(body)
    }

    /// Records a household, or a person of it, as having attended. A person must belong to the
    /// household and not have left it by the meeting's day; each is recorded once.
    @discardableResult
    public func addAttendee(meetingId: Int64, householdId: Int64, personId: Int64? = nil) throws -> MeetingAttendee {
        try write { db in
            guard let m = try Meeting.fetchOne(db, key: meetingId) else { throw StoreError.notFound }
            if m.deletedOn != nil { throw StoreError.refused(Self.meetingDeleted) }
            guard try Household.fetchOne(db, key: householdId) != nil else {
                throw StoreError.refused(Localized("没有这一户", "No such household"))
            }
            if let personId {
                guard let p = try Person.fetchOne(db, key: personId), p.householdId == householdId else {
                    throw StoreError.refused(Localized("该户没有这个人", "The household has no such person"))
                }
                if let problem = MeetingRules.attendeeProblem(p, heldOn: m.heldOn) { throw StoreError.refused(problem) }
            }
            let exists = try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM meeting_attendee WHERE meeting_id = ? AND household_id = ? AND person_id IS ?)
                """, arguments: [meetingId, householdId, personId]) ?? false
            if exists { throw StoreError.refused(Localized("已登记参加", "Recorded as attending already")) }
            var a = MeetingAttendee(meetingId: meetingId, householdId: householdId, personId: personId)
            try a.insert(db)
            return a
        }
    }

    /// Takes a household (with its persons) or one person off the attendance.
    public func removeAttendee(meetingId: Int64, householdId: Int64, personId: Int64? = nil) throws {
        try write { db in
            guard let m = try Meeting.fetchOne(db, key: meetingId) else { throw StoreError.notFound }
            if m.deletedOn != nil { throw StoreError.refused(Self.meetingDeleted) }
            if let personId {
                try db.execute(sql: "DELETE FROM meeting_attendee WHERE meeting_id = ? AND household_id = ? AND person_id = ?",
                               arguments: [meetingId, householdId, personId])
            } else {
                try db.execute(sql: "DELETE FROM meeting_attendee WHERE meeting_id = ? AND household_id = ?",
                               arguments: [meetingId, householdId])
            }
        }
    }

    /// The picker's lines: each household (of the meeting's 社, when it names one) followed by
    /// the persons who were members on the meeting's day, each marked when recorded as attending.
    public func attendeeCandidates(meetingId: Int64) throws -> [AttendeeCandidate] {
        try read { db in
            guard let m = try Meeting.fetchOne(db, key: meetingId) else { throw StoreError.notFound }
            let present = Set(try Row.fetchAll(db, sql: "SELECT household_id, person_id FROM meeting_attendee WHERE meeting_id = ?",
                                               arguments: [meetingId]).map { r -> String in
                "\(r["household_id"] as Int64)/\((r["person_id"] as Int64?) ?? 0)"
            })
            let households = try Row.fetchAll(db, sql: """
                SELECT h.id, h.number, vg.name AS village_group_name, COALESCE(p.name, '') AS head_name
                FROM household h JOIN village_group vg ON vg.id = h.village_group_id
                LEFT JOIN person p ON p.id = h.head_person_id
                \(m.villageGroupId == nil ? "" : "WHERE h.village_group_id = ?")
                ORDER BY h.number
                """, arguments: m.villageGroupId.map { [$0] } ?? [])
            let persons = Dictionary(grouping: try Person.fetchAll(db, sql: """
                SELECT * FROM person WHERE left_on IS NULL OR left_on > ? ORDER BY household_id, relation <> 'head', id
                """, arguments: [m.heldOn.description]), by: \.householdId)
            var out: [AttendeeCandidate] = []
            for h in households {
                let id: Int64 = h["id"]
                let number: String = h["number"], she: String = h["village_group_name"]
                out.append(AttendeeCandidate(householdId: id, personId: nil, householdNumber: number, villageGroupName: she,
                                             name: h["head_name"], sex: nil, age: nil, attends: present.contains("\(id)/0")))
                for p in persons[id] ?? [] {
                    out.append(AttendeeCandidate(householdId: id, personId: p.id, householdNumber: number, villageGroupName: she,
                                                 name: p.name, sex: p.sex, age: p.birthDate.map { $0.age(on: m.heldOn) },
                                                 attends: present.contains("\(id)/\(p.id ?? 0)")))
                }
            }
            return out
        }
    }

    /// The meetings that concern an honesty group, oldest first: those naming it, the 社员会议
    /// of its 社, and those its member households attended while members. A group's leader reads them.
    public func meetings(concerningGroup groupId: Int64) throws -> [MeetingRow] {
        try read(group: groupId) { db in
            try Row.fetchAll(db, sql: Self.meetingRowSQL + """
                 WHERE m.deleted_on IS NULL AND (m.honesty_group_id = ?1
                   OR (m.kind = 'memberMeeting' AND m.honesty_group_id IS NULL
                       AND m.village_group_id = (SELECT village_group_id FROM honesty_group WHERE id = ?1))
                   OR EXISTS (SELECT 1 FROM meeting_attendee a JOIN group_member gm ON gm.household_id = a.household_id
                              WHERE a.meeting_id = m.id AND gm.group_id = ?1 AND gm.joined_on <= m.held_on
                                AND (gm.left_on IS NULL OR gm.left_on > m.held_on)))
                ORDER BY m.held_on, m.id
                """, arguments: [groupId]).map(Self.meetingRow)
        }
    }

    /// The year's meetings by kind and the pairings in force on `today`.
    public func meetingYear(on today: LocalDate) throws -> MeetingYear {
        let target = (try? setting("target.publicity")).flatMap { Int($0) }.map { max(0, $0) } ?? MeetingRules.publicityPerYear
        return try read { db in
            var byKind: [MeetingKind: Int] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT kind, COUNT(*) AS n FROM meeting
                WHERE deleted_on IS NULL AND held_on BETWEEN ? AND ? GROUP BY kind
                """, arguments: ["\(today.year)-01-01", today.description]) {
                if let k = MeetingKind(rawValue: r["kind"]) { byKind[k] = r["n"] }
            }
            let active = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM mentor_pairing WHERE started_on <= ?1 AND (ended_on IS NULL OR ended_on >= ?1)
                """, arguments: [today.description]) ?? 0
            return MeetingYear(year: today.year, byKind: byKind, activePairings: active, publicityTarget: target,
                               publicityExpected: MeetingRules.expectedByNow(perYear: target, on: today))
        }
    }

    // MARK: 帮带

    static let pairingRowSQL = """
        SELECT mp.*, h.name AS helper_name, hh.number AS helper_household, w.name AS woman_name, wh.number AS woman_household
        FROM mentor_pairing mp JOIN person h ON h.id = mp.helper_person_id JOIN household hh ON hh.id = h.household_id
        JOIN person w ON w.id = mp.woman_person_id JOIN household wh ON wh.id = w.household_id
        """

    static func pairingRow(_ r: Row) -> PairingRow {
        PairingRow(pairing: MentorPairing(row: r), helperName: r["helper_name"], helperHouseholdNumber: r["helper_household"],
                   womanName: r["woman_name"], womanHouseholdNumber: r["woman_household"])
    }

    /// Every pairing, those in force first, then by helper; `personId` narrows to the pairings
    /// where that person helps or is helped.
    public func pairings(personId: Int64? = nil) throws -> [PairingRow] {
        try read { db in
            try Row.fetchAll(db, sql: Self.pairingRowSQL
                             + (personId == nil ? "" : " WHERE mp.helper_person_id = ?1 OR mp.woman_person_id = ?1")
                             + " ORDER BY mp.ended_on IS NOT NULL, hh.number, h.id, mp.started_on",
                             arguments: personId.map { [$0] } ?? []).map(Self.pairingRow)
        }
    }

    /// Adds or changes a pairing: the helper an association member, the woman of childbearing
    /// age on the start, a helper with at most three women and a woman with one helper at a time.
    @discardableResult
    public func savePairing(_ p: MentorPairing, on today: LocalDate) throws -> MentorPairing {
        var pairing = p
        pairing.note = pairing.note.trimmed
        if pairing.note.count > 100 {
            throw StoreError.invalid([FieldError(field: "note", message: Localized("说明最多100个字", "At most 100 characters"))])
        }
        return try write { db in
            guard let helper = try Person.fetchOne(db, key: pairing.helperId) else {
                throw StoreError.refused(Localized("没有这名帮带人", "No such helper"))
            }
            guard let woman = try Person.fetchOne(db, key: pairing.womanId) else {
                throw StoreError.refused(Localized("没有这名被帮带妇女", "No such woman"))
            }
            let others = try MentorPairing.fetchAll(db, sql: """
                SELECT * FROM mentor_pairing WHERE (helper_person_id = ? OR woman_person_id = ?) AND id IS NOT ?
                """, arguments: [helper.id, woman.id, pairing.id])
            if let problem = MeetingRules.pairingProblem(pairing, helper: helper, woman: woman, others: others, today: today) {
                throw StoreError.refused(problem)
            }
            if pairing.id == nil { try pairing.insert(db) } else { try pairing.update(db) }
            return pairing
        }
    }

    /// Ends a pairing on a day (not before its start, not after `today`).
    public func endPairing(id: Int64, on date: LocalDate, today: LocalDate) throws {
        try write { db in
            guard var p = try MentorPairing.fetchOne(db, key: id) else { throw StoreError.notFound }
            if let ended = p.endedOn { throw StoreError.refused(Localized("该帮带已于\(ended)结束", "The pairing ended on \(ended)")) }
            if date < p.startedOn || date > today {
                throw StoreError.invalid([FieldError(field: "endedOn", message: Localized(
                    "结束日期应在\(p.startedOn)至\(today)之间", "The end must be from \(p.startedOn) to \(today)"))])
            }
            p.endedOn = date
            try p.update(db)
        }
    }
}

extension String {
    /// The text with its first letter in capitals ("an election" → "An election").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
