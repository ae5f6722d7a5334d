// The feedback register (信息反馈及处理意见登记本): what villagers raised, who handles it,
// the deadline (限时办结) and the outcome. Entries are never deleted; a wrong one is voided.

public enum FeedbackSource: String, Sendable, Codable, CaseIterable {
    case visit, hotline, letter, reportBox, meeting, other

    public var label: Localized {
        switch self {
        case .visit: Localized("走访", "Visit")
        case .hotline: Localized("12356热线", "12356 line")
        case .letter: Localized("来信", "Letter")
        case .reportBox: Localized("举报箱", "Report box")
        case .meeting: Localized("会议", "Meeting")
        case .other: Localized("其他", "Other")
        }
    }
}

public enum FeedbackStatus: String, Sendable, Codable, CaseIterable {
    case pending, inProgress, closed

    public var label: Localized {
        switch self {
        case .pending: Localized("待办", "Pending")
        case .inProgress: Localized("办理中", "In progress")
        case .closed: Localized("已办结", "Closed")
        }
    }
}

/// One entry of the register.
public struct FeedbackEntry: Hashable, Sendable, Codable {
    public var id: Int64?
    public var receivedOn: LocalDate
    public var source: FeedbackSource
    /// Raised anonymously: no name or contact is stored.
    public var anonymous: Bool
    public var raisedBy: String
    public var contact: String
    public var content: String
    /// Who handles it (首问负责).
    public var handler: String
    /// The day it must be settled by (限时办结).
    public var deadline: LocalDate
    public var status: FeedbackStatus
    public var outcome: String
    public var closedOn: LocalDate?
    public var voidedOn: LocalDate?
    public var voidReason: String

    public init(id: Int64? = nil, receivedOn: LocalDate, source: FeedbackSource, anonymous: Bool = false,
                raisedBy: String = "", contact: String = "", content: String, handler: String, deadline: LocalDate,
                status: FeedbackStatus = .pending, outcome: String = "", closedOn: LocalDate? = nil,
                voidedOn: LocalDate? = nil, voidReason: String = "") {
        self.id = id
        self.receivedOn = receivedOn
        self.source = source
        self.anonymous = anonymous
        self.raisedBy = raisedBy
        self.contact = contact
        self.content = content
        self.handler = handler
        self.deadline = deadline
        self.status = status
        self.outcome = outcome
        self.closedOn = closedOn
        self.voidedOn = voidedOn
        self.voidReason = voidReason
    }

    public var isVoided: Bool { voidedOn != nil }

    /// Open: not closed and not voided.
    public var isOpen: Bool { status != .closed && !isVoided }

    /// Closed after its deadline (超期办结): derived from the dates, never stored.
    public var closedLate: Bool {
        guard status == .closed, !isVoided, let closed = closedOn else { return false }
        return closed > deadline
    }

    /// The status as shown: 已作废 for a voided entry, 超期办结 for one closed late, else the stored status.
    public var shownStatus: Localized {
        if isVoided { return Localized("已作废", "Voided") }
        if closedLate { return Localized("超期办结", "Closed late") }
        return status.label
    }

    /// Open with its deadline before `today` (the deadline day itself is still in time).
    public func isOverdue(on today: LocalDate) -> Bool { isOpen && deadline < today }

    /// The name shown for who raised it.
    public var raisedByText: Localized {
        anonymous ? Localized("（匿名）", "(anonymous)") : Localized(raisedBy, raisedBy)
    }

    /// The entry as stored: anonymous entries lose name and contact; text trimmed.
    public func normalized() -> FeedbackEntry {
        var e = self
        if e.anonymous {
            e.raisedBy = ""
            e.contact = ""
        } else {
            e.raisedBy = Validation.normalizeName(e.raisedBy)
            e.contact = e.contact.trimmingSpaces()
        }
        e.content = e.content.trimmingSpaces()
        e.handler = e.handler.trimmingSpaces()
        e.outcome = e.outcome.trimmingSpaces()
        if e.status != .closed { e.closedOn = nil }
        return e
    }

    public static func validate(_ e: FeedbackEntry, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        if e.receivedOn > today {
            errors.append(FieldError(field: "receivedOn", message: Localized(
                "收到日期不能晚于今天（\(today)）", "The date received cannot be after today (\(today))")))
        }
        if !e.anonymous {
            let name = e.raisedBy.trimmingSpaces()
            if name.isEmpty {
                errors.append(FieldError(field: "raisedBy", message: Localized(
                    "请填写反映人，或选择匿名", "Name who raised it, or mark it anonymous")))
            } else if name.count > 30 {
                errors.append(FieldError(field: "raisedBy", message: Localized("最多30个字", "At most 30 characters")))
            }
            if e.contact.count > 40 {
                errors.append(FieldError(field: "contact", message: Localized("联系方式最多40个字", "At most 40 characters")))
            }
        }
        let content = e.content.trimmingSpaces()
        if content.isEmpty {
            errors.append(FieldError(field: "content", message: Localized("请填写反映内容", "The content is required")))
        } else if content.count > 200 {
            errors.append(FieldError(field: "content", message: Localized("内容最多200个字", "At most 200 characters")))
        }
        let handler = e.handler.trimmingSpaces()
        if handler.isEmpty {
            errors.append(FieldError(field: "handler", message: Localized("请填写承办人（首问负责）", "The handler is required")))
        } else if handler.count > 30 {
            errors.append(FieldError(field: "handler", message: Localized("最多30个字", "At most 30 characters")))
        }
        if e.deadline < e.receivedOn {
            errors.append(FieldError(field: "deadline", message: Localized(
                "办结时限（\(e.deadline)）不能早于收到日期（\(e.receivedOn)）",
                "The deadline (\(e.deadline)) cannot be before the date received (\(e.receivedOn))")))
        }
        if e.status == .closed {
            if e.outcome.trimmingSpaces().isEmpty {
                errors.append(FieldError(field: "outcome", message: Localized(
                    "办结须填写处理结果", "Closing needs the outcome")))
            }
            if let closed = e.closedOn {
                if closed < e.receivedOn {
                    errors.append(FieldError(field: "closedOn", message: Localized(
                        "办结日期不能早于收到日期（\(e.receivedOn)）", "The closing date cannot be before the date received (\(e.receivedOn))")))
                } else if closed > today {
                    errors.append(FieldError(field: "closedOn", message: Localized(
                        "办结日期不能晚于今天（\(today)）", "The closing date cannot be after today (\(today))")))
                }
            } else {
                errors.append(FieldError(field: "closedOn", message: Localized("请填写办结日期", "The closing date is required")))
            }
        }
        if e.outcome.count > 200 {
            errors.append(FieldError(field: "outcome", message: Localized("处理结果最多200个字", "At most 200 characters")))
        }
        return errors
    }
}

/// Which entries a list shows.
public enum FeedbackFilter: Hashable, Sendable {
    /// Everything, voided entries included.
    case all
    /// Not closed and not voided.
    case open
    /// Open with the deadline before the date.
    case overdue(on: LocalDate)
    /// Closed (not voided).
    case closed

    public func includes(_ e: FeedbackEntry) -> Bool {
        switch self {
        case .all: true
        case .open: e.isOpen
        case .overdue(let today): e.isOverdue(on: today)
        case .closed: e.status == .closed && !e.isVoided
        }
    }
}
