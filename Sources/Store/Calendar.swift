import Domain
import Foundation
import GRDB

// The programme year's calendar: its entries (from Data/calendar.json, edited by the
// administrator), the clerk's marks of work the records do not hold, and the deadlines
// with their state read from the records (DECISIONS 44).

// MARK: - Schema (migration "v12 programme calendar")

extension AppDatabase {
    /// The tables of migration v12, and a rule document's text.
    static func registerCalendarSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE calendar_entry (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                code TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                title_en TEXT NOT NULL DEFAULT '',
                schedule TEXT NOT NULL CHECK (schedule IN ('monthly', 'quarterly', 'yearly')),
                start_on TEXT,
                due_on TEXT,
                due_day INTEGER CHECK (due_day IS NULL OR due_day BETWEEN 1 AND 28),
                evidence TEXT NOT NULL CHECK (evidence IN ('none', 'checkRound', 'surveyRound', 'starReview')),
                basis TEXT NOT NULL DEFAULT '',
                sort_order INTEGER NOT NULL DEFAULT 0,
                is_retired BOOLEAN NOT NULL DEFAULT 0
            );
            -- Work the records do not show (the monthly report, a phase), marked done by the clerk.
            CREATE TABLE calendar_done (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entry_id INTEGER NOT NULL REFERENCES calendar_entry(id) ON DELETE RESTRICT,
                due_on TEXT NOT NULL,
                done_on TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE UNIQUE INDEX calendar_done_on_entry ON calendar_done(entry_id, due_on);
            -- A rule document's text, edited in the full-screen editor.
            ALTER TABLE rule_document ADD COLUMN body TEXT NOT NULL DEFAULT '';
            """)
        // rule_document's rows get their new hash at the open that migrates
        // (Audit+Migration), those in step before only.
    }
}

extension CalendarEntry: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "calendar_entry" }

    public init(row: Row) {
        self.init(id: row["id"], code: row["code"], title: row["title"], titleEn: row["title_en"],
                  schedule: CalendarSchedule(rawValue: row["schedule"]) ?? .yearly,
                  start: (row["start_on"] as String?).flatMap(MonthDay.init), due: (row["due_on"] as String?).flatMap(MonthDay.init),
                  dueDay: row["due_day"], evidence: CalendarEvidence(rawValue: row["evidence"]) ?? .none,
                  basis: row["basis"], sortOrder: row["sort_order"], isRetired: row["is_retired"])
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["code"] = code
        container["title"] = title
        container["title_en"] = titleEn
        container["schedule"] = schedule.rawValue
        container["start_on"] = start?.description
        container["due_on"] = due?.description
        container["due_day"] = dueDay
        container["evidence"] = evidence.rawValue
        container["basis"] = basis
        container["sort_order"] = sortOrder
        container["is_retired"] = isRetired
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An entry as written in `Data/calendar.json`.
struct CalendarSeed: Decodable {
    struct Title: Decodable {
        var zh: String
        var en: String
    }
    var code: String
    var title: Title
    var schedule: CalendarSchedule
    var start: String?
    var due: String?
    var dueDay: Int?
    var evidence: CalendarEvidence
    var basis: String?
}

struct CalendarFile: Decodable {
    var entries: [CalendarSeed]
}

extension AppDatabase {
    /// Loads the calendar from `Data/calendar.json` when the database has no entry.
    public func installCalendar(from url: URL) throws {
        if try dbWriter.read({ db in try CalendarEntry.fetchCount(db) }) > 0 { return }
        guard let data = FileManager.default.contents(atPath: url.path),
              let file = try? JSONDecoder().decode(CalendarFile.self, from: data) else {
            throw StoreError.refused(Localized("无法读取工作日程文件：\(url.path)", "Cannot read the calendar file: \(url.path)"))
        }
        try access.asSystem { try dbWriter.write { db in try Self.insertCalendar(db, file.entries) } }
    }

    static func insertCalendar(_ db: Database, _ seeds: [CalendarSeed]) throws {
        for (i, s) in seeds.enumerated() {
            var e = CalendarEntry(code: s.code, title: s.title.zh, titleEn: s.title.en, schedule: s.schedule,
                                  start: s.start.flatMap(MonthDay.init), due: s.due.flatMap(MonthDay.init), dueDay: s.dueDay,
                                  evidence: s.evidence, basis: s.basis ?? "", sortOrder: (i + 1) * 10)
            let errors = CalendarEntry.validate(e)
            if !errors.isEmpty || (s.start != nil && e.start == nil) || (s.due != nil && e.due == nil) {
                throw StoreError.refused(Localized("工作日程文件有误：\(s.code)", "The calendar file is wrong: \(s.code)"))
            }
            try e.insert(db)
        }
    }

    /// The entries in their order (retired ones too when asked).
    public func calendarEntries(includeRetired: Bool = false) throws -> [CalendarEntry] {
        try read { db in
            let all = CalendarEntry.order(Column("sort_order"), Column("id"))
            return try (includeRetired ? all : all.filter(Column("is_retired") == false)).fetchAll(db)
        }
    }

    public func calendarEntry(code: String) throws -> CalendarEntry? {
        try read { db in try CalendarEntry.filter(Column("code") == code).fetchOne(db) }
    }

    /// Adds or changes an entry (the administrator). The code is unique; a new entry goes last.
    @discardableResult
    public func saveCalendarEntry(_ e: CalendarEntry) throws -> CalendarEntry {
        try require(.settings)
        var entry = e
        entry.code = entry.code.trimmed
        entry.title = entry.title.trimmed
        entry.titleEn = entry.titleEn.trimmed
        entry.basis = entry.basis.trimmed
        let errors = CalendarEntry.validate(entry)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            if let other = try CalendarEntry.filter(Column("code") == entry.code).fetchOne(db), other.id != entry.id {
                throw StoreError.invalid([FieldError(field: "code", message: Localized(
                    "编码 \(entry.code) 已被「\(other.title)」使用", "The code \(entry.code) is used by \(other.titleText.en)"))])
            }
            if let id = entry.id {
                guard let stored = try CalendarEntry.fetchOne(db, key: id) else { throw StoreError.notFound }
                entry.sortOrder = stored.sortOrder
                entry.isRetired = stored.isRetired
                try entry.update(db)
            } else {
                entry.sortOrder = (try Int.fetchOne(db, sql: "SELECT MAX(sort_order) FROM calendar_entry") ?? 0) + 10
                entry.isRetired = false
                try entry.insert(db)
            }
            return entry
        }
    }

    /// Retires an entry (its deadlines are no longer shown; marks are kept), or puts it back in use.
    public func setCalendarEntryRetired(id: Int64, _ retired: Bool) throws {
        try require(.settings)
        try write { db in
            guard var e = try CalendarEntry.fetchOne(db, key: id) else { throw StoreError.notFound }
            if e.isRetired == retired {
                throw StoreError.refused(retired ? Localized("「\(e.title)」已停用", "\(e.titleText.en) is already retired")
                                                 : Localized("「\(e.title)」正在使用", "\(e.titleText.en) is in use"))
            }
            e.isRetired = retired
            try e.update(db)
        }
    }

    /// Marks an entry's deadline (the one due on `dueOn`) done on `date` (the clerk), for work
    /// the records do not show.
    public func markDeadlineDone(entryId: Int64, dueOn: LocalDate, on date: LocalDate, note: String = "",
                                 today: LocalDate) throws {
        let text = note.trimmed
        if text.count > 100 {
            throw StoreError.invalid([FieldError(field: "note", message: Localized("说明最多100个字", "At most 100 characters"))])
        }
        try write { db in
            guard let e = try CalendarEntry.fetchOne(db, key: entryId) else { throw StoreError.notFound }
            let marked = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM calendar_done WHERE entry_id = ? AND due_on = ?)",
                                           arguments: [entryId, dueOn.description]) ?? false
            if let problem = CalendarRules.markProblem(entry: e, dueOn: dueOn, on: date, marked: marked, today: today) {
                throw StoreError.refused(problem)
            }
            try db.execute(sql: "INSERT INTO calendar_done (entry_id, due_on, done_on, note) VALUES (?, ?, ?, ?)",
                           arguments: [entryId, dueOn.description, date.description, text])
        }
    }

    /// Takes a mark back (made by mistake); it can be made again.
    public func unmarkDeadlineDone(entryId: Int64, dueOn: LocalDate) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM calendar_done WHERE entry_id = ? AND due_on = ?",
                           arguments: [entryId, dueOn.description])
            if db.changesCount == 0 {
                throw StoreError.refused(Localized("这一期没有登记已办", "This deadline is not marked done"))
            }
        }
    }

    /// Every deadline due from `from` to `to` with its state from the records.
    public func deadlines(from: LocalDate, to: LocalDate) throws -> [Deadline] {
        try read { db in
            let entries = try CalendarEntry.filter(Column("is_retired") == false).order(Column("sort_order")).fetchAll(db)
            let records = try Self.calendarRecords(db, from: from, to: to, renewals: .all)
            return CalendarRules.deadlines(entries, from: from, to: to, records: records)
        }
    }

    /// The main screen's 待办: the next `limit` deadlines not done on `today`.
    public func nextDeadlines(on today: LocalDate, limit: Int = 3) throws -> [Deadline] {
        try read { db in try Self.nextDeadlines(db, on: today, limit: limit) }
    }

    static func nextDeadlines(_ db: Database, on today: LocalDate, limit: Int) throws -> [Deadline] {
        let from = today.addingDays(-CalendarRules.lookbackDays)
        // A year ahead holds every entry's next deadline.
        let to = today.addingDays(366)
        let entries = try CalendarEntry.filter(Column("is_retired") == false).order(Column("sort_order")).fetchAll(db)
        let records = try calendarRecords(db, from: from, to: to, renewals: .undone(limit))
        return CalendarRules.next(CalendarRules.deadlines(entries, from: from, to: to, records: records), on: today, limit: limit)
    }

    enum RenewalQuery {
        case all
        /// Only the first n not renewed (the main screen's read: a county has thousands of agreements).
        case undone(Int)
    }

    /// A statement and its arguments.
    package typealias Statement = (sql: String, arguments: StatementArguments)

    /// The statements that read the records of deadlines from `from` to `to`: check rounds,
    /// survey rounds, star reviews, marks, renewals. A quarter's or a phase's period starts
    /// before its due date, so the rounds are read from a year earlier.
    static func calendarStatements(from: LocalDate, to: LocalDate, renewals: RenewalQuery)
        -> (checks: Statement, surveys: Statement, reviews: Statement, marks: Statement, renewals: Statement) {
        let since = from.addingDays(-366).description, until = to.description
        // An agreement in force is renewed once its group has another in force that ends later.
        let renewed = """
            (SELECT MIN(n.valid_from) FROM agreement n WHERE n.group_id = a.group_id
             AND +n.state = 'inForce' AND +n.valid_to > a.valid_to)
            """
        let renewalSQL: String
        switch renewals {
        case .all:
            renewalSQL = """
                SELECT a.id, a.valid_to, hg.name, \(renewed) AS renewed_on
                FROM agreement a JOIN honesty_group hg ON hg.id = a.group_id
                WHERE a.state = 'inForce' AND a.valid_to BETWEEN ? AND ?
                ORDER BY a.valid_to, hg.name
                """
        case .undone(let n):
            renewalSQL = """
                SELECT a.id, a.valid_to, hg.name, NULL AS renewed_on
                FROM agreement a JOIN honesty_group hg ON hg.id = a.group_id
                WHERE a.state = 'inForce' AND a.valid_to BETWEEN ? AND ? AND \(renewed) IS NULL
                ORDER BY a.valid_to LIMIT \(max(0, n))
                """
        }
        return (("SELECT held_on FROM check_round WHERE held_on BETWEEN ? AND ?", [since, until]),
                ("SELECT held_on FROM survey_round WHERE held_on BETWEEN ? AND ?", [since, until]),
                ("SELECT reviewed_on FROM star_review WHERE reviewed_on BETWEEN ? AND ?", [since, until]),
                ("SELECT entry_id, due_on, done_on FROM calendar_done WHERE due_on BETWEEN ? AND ?", [from.description, until]),
                (renewalSQL, [from.description, until]))
    }

    /// The records that show deadlines from `from` to `to` done.
    static func calendarRecords(_ db: Database, from: LocalDate, to: LocalDate, renewals: RenewalQuery) throws -> CalendarRecords {
        let q = calendarStatements(from: from, to: to, renewals: renewals)
        func dates(_ s: Statement) throws -> [LocalDate] {
            try String.fetchAll(db, sql: s.sql, arguments: s.arguments).compactMap(LocalDate.init)
        }
        var records = CalendarRecords(checkRounds: try dates(q.checks), surveyRounds: try dates(q.surveys),
                                      starReviews: try dates(q.reviews))
        for row in try Row.fetchAll(db, sql: q.marks.sql, arguments: q.marks.arguments) {
            if let due = row.date("due_on"), let done = row.date("done_on") {
                records.marks[CalendarMarkKey(entryId: row["entry_id"], dueOn: due)] = done
            }
        }
        records.renewals = try Row.fetchAll(db, sql: q.renewals.sql, arguments: q.renewals.arguments).compactMap { row in
            guard let to = row.date("valid_to") else { return nil }
            return RenewalDue(agreementId: row["id"], groupName: row["name"], validTo: to,
                              renewedOn: (row["renewed_on"] as String?).flatMap(LocalDate.init))
        }
        return records
    }

    /// The cases not yet restored on `today`: only they can be open or withhold.
    static func unrestoredCases(on today: LocalDate) -> Statement {
        ("SELECT * FROM rectification_case WHERE restored_on IS NULL OR restored_on > ?", [today.description])
    }

    /// The main statements of the main screen's figures on `today`: the groups covered, each
    /// group's agreement state, and what the 整改 and 待办 lines read (the bench runs the same
    /// in the sqlite3 shell).
    package static func dashboardStatements(on today: LocalDate) -> [Statement] {
        let q = calendarStatements(from: today.addingDays(-CalendarRules.lookbackDays), to: today.addingDays(366), renewals: .undone(3))
        return [(coverageSQL, []), (agreementStatesSQL, []), unrestoredCases(on: today),
                ("SELECT * FROM calendar_entry WHERE is_retired = 0 ORDER BY sort_order", []),
                q.checks, q.surveys, q.reviews, q.marks, q.renewals]
    }

    /// The open rectification cases on `today`, the overdue ones, and the households whose
    /// conditional benefits are withheld (the main screen's 整改 line).
    public func rectificationCounts(on today: LocalDate) throws -> (open: Int, overdue: Int, withheld: Int) {
        try read { db in
            // Only cases not yet restored can still be open.
            let q = Self.unrestoredCases(on: today)
            let cases = try RectificationCase.fetchAll(db, sql: q.sql, arguments: q.arguments)
            let open = cases.filter { $0.isOpen(on: today) }
            return (open.count, open.filter { $0.stage(on: today) == .overdue }.count,
                    Set(cases.filter { $0.withholds(on: today) }.map(\.householdId)).count)
        }
    }
}

// MARK: - The demo's calendar

extension DemoVillage {
    /// The calendar, and the demo clerk's marks: every deadline of work the records do not
    /// show, due from the start of 2025 to the day the demo's records are entered, is marked
    /// done two days early, except October 2026's monthly report, which is left overdue.
    static func addDemoCalendar(to db: AppDatabase, today: LocalDate) throws {
        try db.installCalendar(from: repositoryDataURL.appendingPathComponent("calendar.json"))
        let asOf = assessmentAsOf
        let from = LocalDate(year: 2025, month: 1, day: 1)!
        try db.dbWriter.write { database in
            let entries = try CalendarEntry.filter(Column("evidence") == CalendarEvidence.none.rawValue).fetchAll(database)
            for e in entries {
                for d in e.occurrences(from: from, to: asOf) where !(e.code == "monthly-report" && d.dueOn.month == 11 && d.dueOn.year == 2026) {
                    let done = max(d.periodStart, d.dueOn.addingDays(-2))
                    try database.execute(sql: "INSERT INTO calendar_done (entry_id, due_on, done_on, note) VALUES (?, ?, ?, '')",
                                         arguments: [e.id, d.dueOn.description, done.description])
                }
            }
        }
    }
}
