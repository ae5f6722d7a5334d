import Domain
import Store
import UICore

// MARK: - Star rating

/// The star rating (星级评定): the village's standing above its quarterly reviews.
final class StarReviewListScreen: TableScreen<StarReview> {
    var status: StarStatus?

    static let cells: Cells<StarReview> = [
        "reviewedOn": { r, _ in r.reviewedOn.description },
        "quarter": { r, _ in r.quarter },
        "levelApplied": { r, _ in StarRating.stars(r.levelApplied) },
        "passed": { r, c in StarReviewListScreen.outcome(r, c.language) },
        "resultingLevel": { r, _ in StarRating.stars(r.resultingLevel) },
        "reviewer": { r, _ in r.reviewer },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "star_review_list", cells: Self.cells)
        headerRule = false
    }

    /// "星级：★★☆（2星）", then the bar or the rectification deadline on a second line when there is one.
    static func statusLines(_ s: StarStatus, _ context: AppContext) -> [String] {
        var first = context.t(Localized("星级：\(s.stars)（\(s.level)星）", "Stars: \(s.stars) (\(s.level))"))
        if s.lostForNotRectifying {
            first += context.t(Localized("　未在一年内整改，资格已取消", "  lost: not rectified within a year"))
        }
        if let end = s.barredUntil {
            return [first, context.t(Localized("禁止申报至 \(end)（含），\(end.addingDays(1)) 起可再申请",
                                               "Barred through \(end); may apply again from \(end.addingDays(1))"))]
        }
        if let by = s.rectifyBy {
            return [first, context.t(Localized("上次评定未通过，须于 \(by) 前整改通过，否则三年内不得申报",
                                               "The last review failed: pass by \(by), or no application for three years"))]
        }
        return [first]
    }

    static func outcome(_ r: StarReview, _ l: Language) -> String {
        if r.passed { return Localized("通过", "Passed").text(l) }
        switch r.failureAction {
        case .downgrade: return Localized("未通过·降为\(r.downgradeTo ?? 0)星", "Failed, down to \(r.downgradeTo ?? 0)").text(l)
        case .revoke, nil: return Localized("未通过·取消资格", "Failed, revoked").text(l)
        }
    }

    override func fetch() throws -> [StarReview] {
        status = try? context.db.starStatus(on: context.today)
        return try context.db.starReviews()
    }

    override func load() {
        super.load()
        header = status.map { s in
            let warn = s.isBarred || s.rectifyBy != nil || s.lostForNotRectifying
            return Self.statusLines(s, context).map { ($0, warn ? Style(.error, bold: true) : Style(.normal, bold: true)) }
        } ?? []
    }

    override func rowId(_ r: StarReview) -> Int64 { r.id ?? 0 }
    override var openLabel: Localized? { Localized("详情", "Details") }
    override var showsFilter: Bool { false }
    override var showsSort: Bool { false }

    override func open(_ r: StarReview) -> Action {
        .push(TextViewScreen(context, title: context.t(Localized("星级评定 ", "Star review ")) + r.reviewedOn.description,
                             text: detail(r)))
    }

    /// F3 first: registering a review is this list's main work.
    override var tableCommands: [Command] {
        let review = Command.write("F3", Localized("登记评定", "New review")) { [unowned self] in
            if let end = status?.barredUntil { return refuse(StarRating.barMessage(until: end)) }
            return .push(StarReviewFormScreen(context, currentLevel: status?.level ?? 0))
        }
        return [review] + super.tableCommands
    }

    /// A review written out: outcome, reviewer, note and each criterion of the level, met or not.
    func detail(_ r: StarReview) -> String {
        let l = context.language
        let catalog = (try? context.db.starCriteria()) ?? StarCriteriaCatalog(criteria: [])
        var lines = [
            context.t(Localized("评定日期：\(r.reviewedOn)（\(StarRating.quarterText(of: r.reviewedOn).zh)）",
                                "Date: \(r.reviewedOn) (\(StarRating.quarterText(of: r.reviewedOn).en))")),
            context.t(Localized("申报星级：", "Applied for: ")) + StarRating.stars(r.levelApplied),
            context.t(Localized("结果：", "Outcome: ")) + Self.outcome(r, l) + "　→ " + StarRating.stars(r.resultingLevel),
            context.t(Localized("评定人：", "Reviewer: ")) + r.reviewer,
        ]
        if !r.note.isEmpty { lines.append(context.t(Localized("备注：", "Note: ")) + r.note) }
        lines.append("")
        lines.append(context.t(Localized("标准：", "Criteria:")))
        for c in catalog.required(for: max(r.levelApplied, 1)) {
            lines.append((r.criteriaMet.contains(c.id) ? "  [✓] " : "  [ ] ") + "\(c.level)★ " + c.label.text(l))
        }
        return lines.joined(separator: "\n")
    }

}

/// A quarterly review: the form's fields, then one line per criterion of the catalogue. The
/// criteria read from the records show ✓ or ✗ with their evidence and cannot be ticked;
/// Space ticks each of the others.
final class StarReviewFormScreen: FormScreen {
    let catalog: StarCriteriaCatalog
    /// The computed criteria on the office date, read when the form opens.
    let evidence: [String: StarEvidence]
    static let criterionPrefix = "criterion:"

    init(_ context: AppContext, currentLevel: Int) {
        let l = context.language
        catalog = (try? context.db.starCriteria()) ?? StarCriteriaCatalog(criteria: [])
        let computed = (try? context.db.starEvidence(on: context.today)) ?? []
        evidence = Dictionary(computed.map { ($0.criterionId, $0) }, uniquingKeysWith: { a, _ in a })
        let criteria = catalog.criteria.map { [evidence] c in
            // Labels cut to 32 columns leave 46 for the evidence beside them.
            let label = TextWidth.truncate("\(c.level)★ " + c.label.text(l), to: 32)
            guard evidence[c.id] != nil else {
                return FormField(key: Self.criterionPrefix + c.id, label: label, kind: .flag, width: 4)
            }
            return FormField(key: Self.criterionPrefix + c.id, label: label, kind: .text, width: 46, readOnly: true)
        }
        let levels = (1...3).map { Choice(value: String($0), label: StarRating.stars($0)) }
        let actions = FormScreen.choices(StarFailureAction.self, l)
        let downs = [Choice(value: "", label: Localized("—", "—").text(l))]
            + (1...2).map { Choice(value: String($0), label: StarRating.stars($0)) }
        var values = [
            "reviewedOn": context.today.description, "levelApplied": String(min(3, max(1, currentLevel))),
            "passed": "1", "failureAction": "", "downgradeTo": "", "reviewer": "", "note": "",
        ]
        for c in catalog.criteria {
            if let e = evidence[c.id] {
                values[Self.criterionPrefix + c.id] = (e.met ? "✓ " : "✗ ") + e.evidence.text(l)
            } else {
                values[Self.criterionPrefix + c.id] = "0"
            }
        }
        super.init(context, spec: "star_review_form", values: values,
                   choices: ["starLevel": levels, "starFailureAction": actions, "starDowngrade": downs],
                   extraFields: criteria)
    }

    override var commands: [Command] {
        // Space is the form's own key: it ticks the criterion or moves the choice under the
        // cursor, and is typed in a text field, so the form widget takes it.
        [saveCommand(), Command("Space", Localized("勾选/切换", "Tick/change")), tabCommand, escCommand]
    }

    override func save() throws -> Action {
        // The computed criteria are set by the store from the records on the review's date.
        let met = catalog.criteria.map(\.id).filter { evidence[$0] == nil && form.value(Self.criterionPrefix + $0) == "1" }
        let passed = form.value("passed") == "1"
        let review = StarReview(reviewedOn: LocalDate(text("reviewedOn")) ?? context.today,
                                levelApplied: Int(text("levelApplied")) ?? 0, criteriaMet: met, passed: passed,
                                failureAction: StarFailureAction(rawValue: text("failureAction")),
                                downgradeTo: Int(text("downgradeTo")), reviewer: text("reviewer"), note: text("note"))
        try context.db.makeStarReview(review, on: context.today)
        return savedAndBack()
    }
}
