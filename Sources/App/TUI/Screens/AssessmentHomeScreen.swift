import Domain
import Store
import UICore

/// Main menu 7: surveys, star rating, rule documents and 四有, feedback, the calendar; with the village's standing below.
final class AssessmentHomeScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "assessment_menu")
        summary = summaryLines()
    }

    /// The standing shown under the menu, read when the menu opens and when it comes back.
    var summary: [(String, Bool)] = []

    override func didReappear() { summary = summaryLines() }

    override var commands: [Command] {
        [Command("↑↓", S.choose), Command("Enter", S.open), Command("1-7", S.open), Command("Esc", S.back)]
    }

    override func screen(for id: String) -> (any Screen)? {
        switch id {
        case "surveys": SurveyRoundListScreen(context)
        case "stars": StarReviewListScreen(context)
        case "rules": RuleDocumentListScreen(context)
        case "feedback": FeedbackListScreen(context)
        case "meetings": MeetingListScreen(context)
        case "pairs": PairingListScreen(context)
        case "calendar": CalendarScreen(context)
        default: nil
        }
    }

    /// The village's standing, one line each, with whether the line is a warning.
    func summaryLines() -> [(String, Bool)] {
        let today = context.today
        var lines: [(String, Bool)] = []
        if let s = try? context.db.starStatus(on: today) {
            let warn = s.isBarred || s.rectifyBy != nil || s.lostForNotRectifying
            lines += StarReviewListScreen.statusLines(s, context).map { ($0, warn) }
        }
        if let r = try? context.db.latestSurveyResult() {
            lines.append((context.t(Localized("最近调查：", "Latest: ")) + SurveyRoundListScreen.resultLine(r, context),
                          !r.meetsTargets))
        } else {
            lines.append((context.t(Localized("最近调查：无", "Latest survey: none")), false))
        }
        if let f = try? context.db.fourHaves(on: today) {
            let short = [Localized("诚信计生小组", "groups"), Localized("村规民约", "rules"),
                         Localized("协议", "agreements"), Localized("规章制度", "systems")]
            let marks = zip(short, f.items).map { ($1.has ? "✓" : "✗") + context.t($0) }.joined(separator: context.language == .en ? " " : "　")
            var text = context.t(Localized("四有：", "Four haves: ")) + marks
            if !f.missingSystems.isEmpty {
                text += context.t(Localized("（缺\(f.missingSystems.count)项制度）", " (\(f.missingSystems.count) missing)"))
            }
            lines.append((text, !f.all))
        }
        if let c = try? context.db.feedbackCounts(on: today) {
            lines.append((context.t(Localized("信息反馈：未办结 \(c.open) 条，其中超期 \(c.overdue) 条",
                                              "Feedback: \(c.open) open, \(c.overdue) overdue")), c.overdue > 0))
        }
        return lines
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        let lines = summary
        let menuHeight = rect.height - lines.count - 1
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: menuHeight))
        for (i, (line, warn)) in lines.enumerated() {
            grid.put(line, x: rect.x + 2, y: rect.y + menuHeight + i, maxWidth: rect.width - 4,
                     style: warn ? Style(.error) : .normal)
        }
    }
}
