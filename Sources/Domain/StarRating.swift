/// Star-rated honesty villages (星级诚信村, seed 002): levels 1–3, reviewed quarterly.
///
/// The village's level and any bar on applying are derived from the review history
/// and a date by the pure functions in `StarRating`; nothing of it is stored.

/// What a failed review does to the village's title: the reviewer chooses.
public enum StarFailureAction: String, Sendable, Codable, CaseIterable {
    /// To a lower level than the one reviewed (and not above the level held).
    case downgrade
    /// The title is withdrawn (level 0); for a village without a title: not approved.
    case revoke

    public var label: Localized {
        switch self {
        case .downgrade: Localized("降级", "Downgrade")
        case .revoke: Localized("取消资格", "Revoke")
        }
    }
}

/// One item of the star criteria catalogue (`Data/star_criteria.json`).
public struct StarCriterion: Hashable, Sendable, Codable {
    /// Stable key stored in reviews, e.g. "1-fourHaves".
    public var id: String
    /// The level that adds this criterion (1…3); a level needs its own and all lower levels' criteria.
    public var level: Int
    public var label: Localized

    public init(id: String, level: Int, label: Localized) {
        self.id = id
        self.level = level
        self.label = label
    }
}

/// The catalogue file: `{"criteria": [{"id", "level", "label": {"zh", "en"}}]}`.
public struct StarCriteriaCatalog: Hashable, Sendable, Codable {
    public var criteria: [StarCriterion]

    public init(criteria: [StarCriterion]) {
        self.criteria = criteria
    }

    /// The criteria a review at `level` checks: those of levels 1…level, in catalogue order.
    public func required(for level: Int) -> [StarCriterion] {
        criteria.filter { $0.level <= level }
    }

    /// Problems with the catalogue itself: duplicate ids, levels outside 1…3, empty labels.
    public var problems: [String] {
        var found: [String] = []
        var seen: Set<String> = []
        for c in criteria {
            if !seen.insert(c.id).inserted { found.append("criterion \(c.id) appears twice") }
            if !(1...3).contains(c.level) { found.append("criterion \(c.id) has level \(c.level), not 1…3") }
            if c.label.zh.isEmpty || c.label.en.isEmpty { found.append("criterion \(c.id) needs zh and en labels") }
        }
        return found
    }
}

/// One quarterly review of the village.
public struct StarReview: Hashable, Sendable, Codable {
    public var id: Int64?
    public var reviewedOn: LocalDate
    /// The level the village applied for (or is reviewed at): 1…3.
    public var levelApplied: Int
    /// Ids of the catalogue criteria found met.
    public var criteriaMet: [String]
    public var passed: Bool
    /// When failed: downgrade or revoke. Nil when passed.
    public var failureAction: StarFailureAction?
    /// When downgraded: the new level (1…, below the level reviewed).
    public var downgradeTo: Int?
    public var reviewer: String
    public var note: String

    public init(id: Int64? = nil, reviewedOn: LocalDate, levelApplied: Int, criteriaMet: [String] = [],
                passed: Bool, failureAction: StarFailureAction? = nil, downgradeTo: Int? = nil,
                reviewer: String, note: String = "") {
        self.id = id
        self.reviewedOn = reviewedOn
        self.levelApplied = levelApplied
        self.criteriaMet = criteriaMet
        self.passed = passed
        self.failureAction = failureAction
        self.downgradeTo = downgradeTo
        self.reviewer = reviewer
        self.note = note
    }

    /// The level the village holds after this review.
    public var resultingLevel: Int {
        if passed { return levelApplied }
        switch failureAction {
        case .downgrade: return downgradeTo ?? 0
        case .revoke, nil: return 0
        }
    }

    /// "2026Q3": the calendar quarter of the review; one review per quarter.
    public var quarter: String { StarRating.quarter(of: reviewedOn) }
}

/// Where the village stands on a date, derived from its reviews.
public struct StarStatus: Hashable, Sendable {
    /// 0 (no title) to 3.
    public var level: Int
    /// The last day the village may not apply (inclusive); nil when not barred.
    public var barredUntil: LocalDate?
    /// After a failed review not yet rectified: the last day a passing review rectifies it.
    public var rectifyBy: LocalDate?
    /// The latest review on or before the date.
    public var lastReview: StarReview?
    /// True when the title was lost because a failed review was not rectified within a year.
    public var lostForNotRectifying: Bool

    public init(level: Int, barredUntil: LocalDate?, rectifyBy: LocalDate?, lastReview: StarReview?,
                lostForNotRectifying: Bool = false) {
        self.level = level
        self.barredUntil = barredUntil
        self.rectifyBy = rectifyBy
        self.lastReview = lastReview
        self.lostForNotRectifying = lostForNotRectifying
    }

    public var isBarred: Bool { barredUntil != nil }

    /// "★★☆" for level 2.
    public var stars: String { StarRating.stars(level) }
}

/// The rules of the star rating, as pure functions over the review history and a date.
public enum StarRating {
    /// Months after a failed review within which a passing review rectifies it.
    public static let rectificationMonths = 12
    /// Months, after the rectification year ends unrectified, during which the village may not apply.
    public static let barMonths = 36

    /// "★★☆" for 2 (of 3).
    public static func stars(_ level: Int) -> String {
        let n = max(0, min(3, level))
        return String(repeating: "★", count: n) + String(repeating: "☆", count: 3 - n)
    }

    /// "2026Q1" … "2026Q4".
    public static func quarter(of date: LocalDate) -> String {
        "\(date.year)Q\((date.month - 1) / 3 + 1)"
    }

    /// 2026年第3季度.
    public static func quarterText(of date: LocalDate) -> Localized {
        let q = (date.month - 1) / 3 + 1
        return Localized("\(date.year)年第\(q)季度", "Q\(q) \(date.year)")
    }

    /// The last day on which a passing review rectifies a failure on `failedOn`:
    /// the same day one year later (28 February for a 29 February failure).
    public static func rectificationDeadline(after failedOn: LocalDate) -> LocalDate {
        failedOn.addingMonths(rectificationMonths)
    }

    /// The last barred day for a failure on `failedOn` left unrectified: three years after
    /// the rectification deadline.
    public static func barEnd(after failedOn: LocalDate) -> LocalDate {
        rectificationDeadline(after: failedOn).addingMonths(barMonths)
    }

    /// The bars the history has earned: for each failed review with no passing review in
    /// (failure, deadline], the days (deadline, barEnd]. Sorted by start.
    public static func bars(_ history: [StarReview]) -> [(from: LocalDate, through: LocalDate, failed: StarReview)] {
        let reviews = history.sorted { $0.reviewedOn < $1.reviewedOn }
        var out: [(LocalDate, LocalDate, StarReview)] = []
        for r in reviews where !r.passed {
            let deadline = rectificationDeadline(after: r.reviewedOn)
            let rectified = reviews.contains { $0.passed && $0.reviewedOn > r.reviewedOn && $0.reviewedOn <= deadline }
            if !rectified { out.append((deadline.addingDays(1), barEnd(after: r.reviewedOn), r)) }
        }
        return out.sorted { $0.0 < $1.0 }.map { (from: $0.0, through: $0.1, failed: $0.2) }
    }

    /// The village's standing on `date`, from the reviews dated on or before it.
    ///
    /// The level is the last review's result, except that a failure not rectified by its
    /// deadline takes the title away (level 0) from the day after the deadline until a
    /// later passing review. Barred on `date` when it falls in a bar; overlapping or
    /// adjoining bars run on, and `barredUntil` is the last day of the run.
    public static func status(_ history: [StarReview], on date: LocalDate) -> StarStatus {
        let known = history.filter { $0.reviewedOn <= date }.sorted { $0.reviewedOn < $1.reviewedOn }
        let last = known.last
        var level = last?.resultingLevel ?? 0
        var lost = false
        let allBars = bars(known)
        // A title lapses once a deadline passes unrectified, unless reviews after it set a new level.
        for bar in allBars where bar.from <= date {
            if let last, last.reviewedOn < bar.from {
                level = 0
                lost = true
            }
        }
        var barredUntil: LocalDate?
        for bar in allBars where bar.from <= date && date <= bar.through {
            barredUntil = max(barredUntil ?? bar.through, bar.through)
        }
        // Extend through bars that start by the day after the current end.
        if var end = barredUntil {
            var changed = true
            while changed {
                changed = false
                for bar in allBars where bar.from <= end.addingDays(1) && bar.through > end {
                    end = bar.through
                    changed = true
                }
            }
            barredUntil = end
        }
        // The open rectification deadline: the latest failure whose deadline has not passed and no pass since.
        var rectifyBy: LocalDate?
        if barredUntil == nil {
            for r in known where !r.passed {
                let deadline = rectificationDeadline(after: r.reviewedOn)
                let rectified = known.contains { $0.passed && $0.reviewedOn > r.reviewedOn }
                if !rectified && date <= deadline {
                    rectifyBy = min(rectifyBy ?? deadline, deadline)
                }
            }
        }
        return StarStatus(level: level, barredUntil: barredUntil, rectifyBy: rectifyBy, lastReview: last,
                          lostForNotRectifying: lost)
    }

    /// The refusal of a review while barred, naming the last barred day and the first free one.
    public static func barMessage(until end: LocalDate) -> Localized {
        Localized("本村未在一年内完成整改，三年内不得参加星级评定：禁止申报至 \(end)（含），\(end.addingDays(1)) 起可再申请",
                  "The village did not rectify within a year and may not apply for three years: barred through \(end); "
                    + "it may apply again from \(end.addingDays(1))")
    }

    /// Everything wrong with recording `review` into `history` on `today`; empty when it may be recorded.
    ///
    /// Refused: a date after today; a date before the latest review (reviews are entered in
    /// order); a second review in the same quarter; a review while barred (naming the day the
    /// bar ends); a level outside 1…3 or more than one above the level held (levels are
    /// applied for one at a time, 分级创建); a pass without every criterion of the level met;
    /// a failure without an action, or a downgrade that is not lower than the level reviewed,
    /// higher than the level held, or below 1; no reviewer.
    public static func problems(recording review: StarReview, into history: [StarReview],
                                catalog: StarCriteriaCatalog, on today: LocalDate) -> [FieldError] {
        var errors: [FieldError] = []
        let date = review.reviewedOn
        if date > today {
            errors.append(FieldError(field: "reviewedOn", message: Localized(
                "评定日期（\(date)）不能晚于今天（\(today)）", "The review date (\(date)) cannot be after today (\(today))")))
        }
        let others = history.filter { $0.id == nil || $0.id != review.id }
        if let latest = others.map(\.reviewedOn).max(), date < latest {
            errors.append(FieldError(field: "reviewedOn", message: Localized(
                "评定日期（\(date)）不能早于上一次评定（\(latest)）；评定须按时间顺序登记",
                "The review date (\(date)) cannot be before the last review (\(latest)); reviews are entered in order")))
        }
        if let same = others.first(where: { $0.quarter == review.quarter }) {
            let q = quarterText(of: date)
            errors.append(FieldError(field: "reviewedOn", message: Localized(
                "\(q.zh)已有评定（\(same.reviewedOn)），每季度只评定一次",
                "There is already a review in \(q.en) (\(same.reviewedOn)); one review per quarter")))
        }
        let before = status(others, on: date)
        if let end = before.barredUntil {
            errors.append(FieldError(field: "reviewedOn", message: barMessage(until: end)))
        }
        if !(1...3).contains(review.levelApplied) {
            errors.append(FieldError(field: "levelApplied", message: Localized(
                "申报星级应为1至3星", "The level applied for must be 1 to 3 stars")))
        } else if review.levelApplied > before.level + 1 {
            errors.append(FieldError(field: "levelApplied", message: Localized(
                "星级须逐级申报：现为\(before.level)星，最多可申报\(before.level + 1)星",
                "Levels are applied for one at a time: the village holds \(before.level) stars and may apply for at most \(before.level + 1)")))
        }
        let known = Set(catalog.criteria.map(\.id))
        let unknown = review.criteriaMet.filter { !known.contains($0) }
        if !unknown.isEmpty {
            errors.append(FieldError(field: "criteriaMet", message: Localized(
                "标准目录中没有：" + unknown.joined(separator: "、"), "Not in the criteria catalogue: " + unknown.joined(separator: ", "))))
        }
        if review.passed {
            let missing = catalog.required(for: review.levelApplied).filter { !review.criteriaMet.contains($0.id) }
            if !missing.isEmpty, (1...3).contains(review.levelApplied) {
                errors.append(FieldError(field: "criteriaMet", message: Localized(
                    "评为通过须满足\(review.levelApplied)星的全部标准，未满足：" + missing.map(\.label.zh).joined(separator: "、"),
                    "A pass needs every criterion of \(review.levelApplied) stars; not met: "
                        + missing.map(\.label.en).joined(separator: "; "))))
            }
        } else {
            switch review.failureAction {
            case nil:
                errors.append(FieldError(field: "failureAction", message: Localized(
                    "未通过时须选择降级或取消资格", "A failed review needs an outcome: downgrade or revoke")))
            case .downgrade:
                let ceiling = min(review.levelApplied - 1, before.level)
                if let to = review.downgradeTo, to >= 1, to <= ceiling {
                    break
                } else if ceiling < 1 {
                    errors.append(FieldError(field: "downgradeTo", message: Localized(
                        "现为\(before.level)星，申报\(review.levelApplied)星未通过，无可降的等级，请选择取消资格",
                        "The village holds \(before.level) stars and failed \(review.levelApplied); there is no lower level: choose revoke")))
                } else {
                    errors.append(FieldError(field: "downgradeTo", message: Localized(
                        "降级后的星级应为1至\(ceiling)星（低于申报的\(review.levelApplied)星，且不高于现有的\(before.level)星）",
                        "The new level must be 1 to \(ceiling) (below the \(review.levelApplied) reviewed and not above the \(before.level) held)")))
                }
            case .revoke:
                break
            }
        }
        let reviewer = review.reviewer.trimmingSpaces()
        if reviewer.isEmpty {
            errors.append(FieldError(field: "reviewer", message: Localized("请填写评定人（单位）", "The reviewer is required")))
        } else if reviewer.count > 40 {
            errors.append(FieldError(field: "reviewer", message: Localized("评定人最多40个字", "At most 40 characters")))
        }
        if review.note.count > 200 {
            errors.append(FieldError(field: "note", message: Localized("备注最多200个字", "At most 200 characters")))
        }
        return errors
    }
}
