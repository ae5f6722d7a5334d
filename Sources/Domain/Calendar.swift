/// The programme year (工作日程): the work phases and deadlines the seeds set, kept as
/// calendar entries, and the deadlines they give in a span of dates. Whether a deadline
/// is done comes from the records (a check round, a survey round or a star review in its
/// period, an agreement renewed) or, for work the records do not hold (the monthly
/// report, the phases), from a mark the clerk made; past its date an undone deadline is
/// overdue. Agreement renewals are derived from the agreements' end dates, never stored.

/// How often an entry falls due.
public enum CalendarSchedule: String, Sendable, Codable, CaseIterable {
    /// Each month's work, due on a day of the following month.
    case monthly
    /// Each quarter's work, due on the quarter's last day.
    case quarterly
    /// Once a year, on a month and day, optionally from a first day (a phase).
    case yearly

    public var label: Localized {
        switch self {
        case .monthly: Localized("每月", "Monthly")
        case .quarterly: Localized("每季", "Quarterly")
        case .yearly: Localized("每年", "Yearly")
        }
    }
}

/// Which records show an entry's deadline done.
public enum CalendarEvidence: String, Sendable, Codable, CaseIterable {
    /// None: the clerk marks it done.
    case none
    case checkRound, surveyRound, starReview

    public var label: Localized {
        switch self {
        case .none: Localized("登记已办", "Marked done")
        case .checkRound: Localized("检查轮次", "Check round")
        case .surveyRound: Localized("满意度调查", "Survey round")
        case .starReview: Localized("星级评定", "Star review")
        }
    }
}

/// A month and day of any year (02-16), as a phase's dates are written.
public struct MonthDay: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    /// Nil unless the day exists in some year (02-29 does).
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: 2000) else { return nil }
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD` (or `M-D`).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        self.init(month: m, day: d)
    }

    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }

    /// This day in `year`; 02-29 is 02-28 in a common year.
    public func date(in year: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(month: month, year: year)))!
    }

    public static func < (a: MonthDay, b: MonthDay) -> Bool { (a.month, a.day) < (b.month, b.day) }
}

/// One entry of the calendar (`Data/calendar.json`, edited by the administrator).
public struct CalendarEntry: Hashable, Sendable, Codable {
    public var id: Int64?
    /// A stable name for commands (`check-round`).
    public var code: String
    /// Short, as the main screen's 待办 lines show it.
    public var title: String
    public var titleEn: String
    public var schedule: CalendarSchedule
    /// Yearly: the first day of a phase (nil: the work has no start of its own).
    public var start: MonthDay?
    /// Yearly: the day it is due.
    public var due: MonthDay?
    /// Monthly: the day of the next month the month's work is due.
    public var dueDay: Int?
    public var evidence: CalendarEvidence
    /// Where the deadline comes from (a seed, a county notice).
    public var basis: String
    public var sortOrder: Int
    public var isRetired: Bool

    public init(id: Int64? = nil, code: String, title: String, titleEn: String = "", schedule: CalendarSchedule,
                start: MonthDay? = nil, due: MonthDay? = nil, dueDay: Int? = nil, evidence: CalendarEvidence = .none,
                basis: String = "", sortOrder: Int = 0, isRetired: Bool = false) {
        self.id = id
        self.code = code
        self.title = title
        self.titleEn = titleEn
        self.schedule = schedule
        self.start = start
        self.due = due
        self.dueDay = dueDay
        self.evidence = evidence
        self.basis = basis
        self.sortOrder = sortOrder
        self.isRetired = isRetired
    }

    /// The title in the user's language (the Chinese one when no English was given).
    public var titleText: Localized { Localized(title, titleEn.isEmpty ? title : titleEn) }

    /// When it falls due, in words: 每月 次月5日前, 每季 季末, 每年 02-16—02-20.
    public var whenText: Localized {
        switch schedule {
        case .monthly:
            return Localized("每月，次月\(dueDay ?? 0)日前", "Day \(dueDay ?? 0) of next month")
        case .quarterly:
            return Localized("每季，季末前", "Quarter's end")
        case .yearly:
            let due = self.due?.description ?? ""
            if let start { return Localized("每年 \(start)—\(due)", "Yearly \(start)–\(due)") }
            return Localized("每年 \(due) 前", "Yearly by \(due)")
        }
    }

    /// The longest title the 待办 lines show whole.
    public static let titleLimit = 16

    public static func validate(_ e: CalendarEntry) -> [FieldError] {
        var errors: [FieldError] = []
        let code = e.code.trimmingSpaces()
        if code.isEmpty {
            errors.append(FieldError(field: "code", message: Localized("请填写编码", "The code is required")))
        } else if code.count > 20 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            errors.append(FieldError(field: "code", message: Localized(
                "编码为最多20个字母、数字、- 或 _", "At most 20 letters, digits, - or _")))
        }
        let title = e.title.trimmingSpaces()
        if title.isEmpty {
            errors.append(FieldError(field: "title", message: Localized("请填写事项名称", "The title is required")))
        } else if title.count > titleLimit {
            errors.append(FieldError(field: "title", message: Localized(
                "名称最多\(titleLimit)个字（主界面待办行要放得下）", "At most \(titleLimit) characters (it must fit the main screen's to-do lines)")))
        }
        if e.titleEn.count > 40 {
            errors.append(FieldError(field: "titleEn", message: Localized("英文名称最多40个字符", "At most 40 characters")))
        }
        if e.basis.count > 100 {
            errors.append(FieldError(field: "basis", message: Localized("依据最多100个字", "At most 100 characters")))
        }
        switch e.schedule {
        case .monthly:
            if e.dueDay == nil || !(1...28).contains(e.dueDay ?? 0) {
                errors.append(FieldError(field: "dueDay", message: Localized(
                    "每月事项须填写次月的期限日，1 到 28", "A monthly entry needs its day of the next month, 1 to 28")))
            }
            if e.due != nil || e.start != nil {
                errors.append(FieldError(field: "dueDate", message: Localized(
                    "每月事项只填次月期限日，不填月日", "A monthly entry takes only the day of the next month")))
            }
        case .quarterly:
            if e.due != nil || e.start != nil || e.dueDay != nil {
                errors.append(FieldError(field: "dueDate", message: Localized(
                    "每季事项的期限是季末，不填日期", "A quarterly entry is due at the quarter's end; give no date")))
            }
        case .yearly:
            if e.due == nil {
                errors.append(FieldError(field: "dueDate", message: Localized(
                    "每年事项须填写期限（月-日，如 04-30）", "A yearly entry needs its due date (MM-DD, e.g. 04-30)")))
            }
            if e.dueDay != nil {
                errors.append(FieldError(field: "dueDay", message: Localized(
                    "次月期限日只用于每月事项", "The day of the next month is for monthly entries only")))
            }
            if let start = e.start, let due = e.due, due < start {
                errors.append(FieldError(field: "startDate", message: Localized(
                    "开始（\(start)）不能晚于期限（\(due)）", "The start (\(start)) cannot be after the due date (\(due))")))
            }
        }
        return errors
    }

    /// The deadlines this entry gives that fall due from `from` to `to`, both included.
    public func occurrences(from: LocalDate, to: LocalDate) -> [Deadline] {
        guard from <= to, let id else { return [] }
        var out: [Deadline] = []
        switch schedule {
        case .monthly:
            // The month whose work falls due on the first day in the span is one before it.
            var first = LocalDate(year: from.year, month: from.month, day: 1)!.addingMonths(-1)
            while true {
                let periodEnd = LocalDate(year: first.year, month: first.month,
                                          day: LocalDate.daysIn(month: first.month, year: first.year))!
                let next = first.addingMonths(1)
                let dueOn = LocalDate(year: next.year, month: next.month, day: dueDay ?? 1) ?? next
                if dueOn > to { break }
                if dueOn >= from {
                    out.append(Deadline(source: .entry(id, evidence), title: titleText.suffixed(
                        Localized("（\(first.month)月）", " (\(Self.monthNames[first.month - 1]))")),
                                        periodStart: first, periodEnd: periodEnd, dueOn: dueOn, sortOrder: sortOrder))
                }
                first = next
            }
        case .quarterly:
            var start = LocalDate(year: from.year, month: (from.month - 1) / 3 * 3 + 1, day: 1)!
            while true {
                let next = start.addingMonths(3)
                let dueOn = next.addingDays(-1)
                if dueOn > to { break }
                if dueOn >= from {
                    let q = (start.month - 1) / 3 + 1
                    out.append(Deadline(source: .entry(id, evidence), title: titleText.suffixed(
                        Localized("（第\(["一", "二", "三", "四"][q - 1])季度）", " (Q\(q))")),
                                        periodStart: start, periodEnd: dueOn, dueOn: dueOn, sortOrder: sortOrder))
                }
                start = next
            }
        case .yearly:
            guard let due else { return [] }
            for year in from.year...to.year {
                let dueOn = due.date(in: year)
                guard dueOn >= from, dueOn <= to else { continue }
                let startOn = start?.date(in: year) ?? LocalDate(year: year, month: 1, day: 1)!
                out.append(Deadline(source: .entry(id, evidence), title: titleText, periodStart: startOn,
                                    periodEnd: dueOn, dueOn: dueOn, sortOrder: sortOrder, hasStart: start != nil))
            }
        }
        return out
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension Localized {
    /// Both languages with a suffix of their own.
    func suffixed(_ s: Localized) -> Localized { Localized(zh + s.zh, en + s.en) }
}

/// Whether a deadline is done, still to do, or past its date undone.
public enum DeadlineStatus: String, Sendable, CaseIterable {
    case done, due, overdue

    public var label: Localized {
        switch self {
        case .done: Localized("已办", "Done")
        case .due: Localized("待办", "Due")
        case .overdue: Localized("逾期", "Overdue")
        }
    }
}

/// One deadline: an entry's for one period, or an agreement's renewal.
public struct Deadline: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A calendar entry's, with what shows it done.
        case entry(Int64, CalendarEvidence)
        /// The renewal of an agreement (its id), due on its end date.
        case renewal(Int64)
    }

    public var source: Source
    public var title: Localized
    /// The period whose work it is (the month, the quarter, the phase).
    public var periodStart: LocalDate
    public var periodEnd: LocalDate
    public var dueOn: LocalDate
    /// The first day the records can show it done, and the day they did.
    public var doneOn: LocalDate?
    public var sortOrder: Int
    /// A phase with a first day of its own (shown as from–to).
    public var hasStart: Bool

    public init(source: Source, title: Localized, periodStart: LocalDate, periodEnd: LocalDate, dueOn: LocalDate,
                doneOn: LocalDate? = nil, sortOrder: Int = 0, hasStart: Bool = false) {
        self.source = source
        self.title = title
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.dueOn = dueOn
        self.doneOn = doneOn
        self.sortOrder = sortOrder
        self.hasStart = hasStart
    }

    public var entryId: Int64? {
        if case .entry(let id, _) = source { return id }
        return nil
    }

    public var evidence: CalendarEvidence? {
        if case .entry(_, let e) = source { return e }
        return nil
    }

    /// Done by `today` if the records show it; else overdue past its date; else due.
    public func status(on today: LocalDate) -> DeadlineStatus {
        if let done = doneOn, done <= today { return .done }
        return today > dueOn ? .overdue : .due
    }
}

/// An agreement's end date and, if the group has a later agreement in force, when that began.
public struct RenewalDue: Hashable, Sendable {
    public var agreementId: Int64
    public var groupName: String
    public var validTo: LocalDate
    public var renewedOn: LocalDate?

    public init(agreementId: Int64, groupName: String, validTo: LocalDate, renewedOn: LocalDate? = nil) {
        self.agreementId = agreementId
        self.groupName = groupName
        self.validTo = validTo
        self.renewedOn = renewedOn
    }
}

/// The work the records hold, by date: what shows a deadline done.
public struct CalendarRecords: Hashable, Sendable {
    public var checkRounds: [LocalDate]
    public var surveyRounds: [LocalDate]
    public var starReviews: [LocalDate]
    /// Marks the clerk made: (entry id, due date) → the day it was done.
    public var marks: [CalendarMarkKey: LocalDate]
    public var renewals: [RenewalDue]

    public init(checkRounds: [LocalDate] = [], surveyRounds: [LocalDate] = [], starReviews: [LocalDate] = [],
                marks: [CalendarMarkKey: LocalDate] = [:], renewals: [RenewalDue] = []) {
        self.checkRounds = checkRounds
        self.surveyRounds = surveyRounds
        self.starReviews = starReviews
        self.marks = marks
        self.renewals = renewals
    }
}

public struct CalendarMarkKey: Hashable, Sendable {
    public var entryId: Int64
    public var dueOn: LocalDate

    public init(entryId: Int64, dueOn: LocalDate) {
        self.entryId = entryId
        self.dueOn = dueOn
    }
}

public enum CalendarRules {
    /// How far back the main screen's 待办 looks for overdue deadlines.
    public static let lookbackDays = 92
    /// A renewal shows from this many days before the agreement ends (as the agreement alerts do).
    public static let renewalNoticeDays = 30

    /// Every deadline due from `from` to `to` of the entries in use, and the renewals given,
    /// with the day the records show each done; by due date, then the entries' order.
    public static func deadlines(_ entries: [CalendarEntry], from: LocalDate, to: LocalDate,
                                 records: CalendarRecords) -> [Deadline] {
        var out: [Deadline] = []
        for e in entries where !e.isRetired {
            for var d in e.occurrences(from: from, to: to) {
                d.doneOn = doneOn(d, records: records)
                out.append(d)
            }
        }
        for r in records.renewals where r.validTo >= from && r.validTo <= to {
            out.append(renewal(r))
        }
        return out.sorted { ($0.dueOn, $0.sortOrder, $0.title.zh) < ($1.dueOn, $1.sortOrder, $1.title.zh) }
    }

    /// The deadline of an agreement's renewal.
    public static func renewal(_ r: RenewalDue) -> Deadline {
        Deadline(source: .renewal(r.agreementId),
                 title: Localized("\(r.groupName)协议续签", "Renew \(r.groupName)'s agreement"),
                 periodStart: r.validTo.addingDays(-renewalNoticeDays), periodEnd: r.validTo, dueOn: r.validTo,
                 doneOn: r.renewedOn, sortOrder: Int.max)
    }

    /// The first day in the deadline's period that the records show its work done, or nil:
    /// a check round, survey round or star review dated in the period, or the clerk's mark.
    public static func doneOn(_ d: Deadline, records: CalendarRecords) -> LocalDate? {
        guard case .entry(let id, let evidence) = d.source else { return d.doneOn }
        let dates: [LocalDate]
        switch evidence {
        case .none: return records.marks[CalendarMarkKey(entryId: id, dueOn: d.dueOn)]
        case .checkRound: dates = records.checkRounds
        case .surveyRound: dates = records.surveyRounds
        case .starReview: dates = records.starReviews
        }
        return dates.filter { $0 >= d.periodStart && $0 <= d.periodEnd }.min()
    }

    /// The main screen's 待办: the first `limit` deadlines not done on `today`, overdue ones
    /// (back to `lookbackDays`) first, then those coming.
    public static func next(_ deadlines: [Deadline], on today: LocalDate, limit: Int = 3) -> [Deadline] {
        Array(deadlines.filter { $0.status(on: today) != .done && $0.dueOn >= today.addingDays(-lookbackDays) }.prefix(limit))
    }

    /// Why a deadline may not be marked done on `date`, or nil: only work the records do not
    /// show, only a deadline the entry gives, once, and not in the future.
    public static func markProblem(entry: CalendarEntry, dueOn: LocalDate, on date: LocalDate, marked: Bool,
                                   today: LocalDate) -> Localized? {
        if entry.evidence != .none {
            return Localized("「\(entry.title)」由\(entry.evidence.label.zh)记录判定是否已办，无需登记",
                             "\(entry.titleText.en) is done when a \(entry.evidence.label.en.lowercased()) is recorded; there is nothing to mark")
        }
        if entry.occurrences(from: dueOn, to: dueOn).isEmpty {
            return Localized("「\(entry.title)」在 \(dueOn) 没有期限", "\(entry.titleText.en) has no deadline on \(dueOn)")
        }
        if marked { return Localized("这一期已登记为已办", "This deadline is marked done already") }
        if date > today {
            return Localized("办结日期（\(date)）不能晚于今天（\(today)）", "The date (\(date)) cannot be after today (\(today))")
        }
        return nil
    }
}
