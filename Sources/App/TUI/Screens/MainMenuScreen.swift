import Domain
import Store
import UICore

/// The first screen: where every job starts.
class MainMenuScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "main_menu")
    }

    /// The main menu's items, also offered by F10 on every screen.
    static func items(_ context: AppContext) -> [MenuItem] {
        items(context, spec: context.catalog["main_menu"])
    }

    override var commands: [Command] {
        [Command("↑↓", S.choose), Command("Enter", S.open, keys: []),
         Command("a–k", Localized("查看概况", "Open a figure"), keys: []), Command("0", S.quit, keys: []),
         quit]
    }

    /// q leaves the app as 0 does; F1 lists it, the key bar has no room.
    var quit: Command {
        var q = Command("q", S.quit) { [unowned self] in .confirm(context.t(S.quitQuestion), onYes: { .quit }) }
        q.inKeyBar = false
        return q
    }

    override func handle(_ key: Key) -> Action {
        if case .char(let c) = key, let action = openFigure(c) { return action }
        return super.handle(key)
    }

    /// Opens the screen for a menu item; refuses with a message when the village is not ready for it.
    override func open(_ id: String) -> Action {
        if let i = menu.items.firstIndex(where: { $0.id == id }) { menu.selected = i }
        let village = try? context.db.village()
        switch id {
        case "village": return .push(VillageFormScreen(context, village: village))
        case "system": return .push(SystemMenuScreen(context))
        case "quit": return .confirm(context.t(S.quitQuestion), onYes: { .quit })
        default: break
        }
        // Everything else needs the village; households and honesty groups need its 社 too.
        guard let village else { return refuse(S.needVillage) }
        if id == "households" || id == "honestyGroups", (try? context.db.villageGroups())?.isEmpty ?? true {
            return refuse(S.needGroups)
        }
        let screen: (any Screen)? = switch id {
        case "villageGroups": VillageGroupListScreen(context, village: village)
        case "households": HouseholdListScreen(context, village: village)
        case "honestyGroups": HonestyGroupListScreen(context, village: village)
        case "persons": PersonSearchScreen(context)
        case "pledges": PledgeHomeScreen(context)
        case "assessment": AssessmentHomeScreen(context)
        case "print": PrintHomeScreen(context)
        default: nil
        }
        return screen.map { .push($0) } ?? .none
    }

    /// Agreements expiring within 30 days and groups with no agreement in force, at most `limit` lines.
    func alertLines(limit: Int) -> [String] {
        let today = context.today
        var lines: [String] = []
        for a in (try? context.db.agreementsExpiring(within: 30, of: today)) ?? [] {
            lines.append(context.t(Localized("！\(a.groupName)：协议将于 \(a.validTo?.description ?? "") 到期",
                                             "! \(a.groupName): agreement expires \(a.validTo?.description ?? "")")))
        }
        let without = (try? context.db.groupsWithoutAgreementInForce(on: today)) ?? []
        if !without.isEmpty {
            let names = without.map(\.groupName).joined(separator: context.language.listSeparator)
            let count = Localized.count(without.count, "个小组", "group")
            lines.append(context.t(Localized("！\(count.zh)尚无生效协议：\(names)",
                                             "! \(count.en) \(Localized.englishForm(without.count, "has", "have")) no agreement in force: \(names)")))
        }
        if lines.count > limit {
            let more = lines.count - limit + 1
            lines = Array(lines.prefix(limit - 1))
            lines.append(context.t(Localized("……另有 \(more) 条提醒，见“诚信计生小组”", "… \(more) more; see Honesty groups")))
        }
        return lines
    }

    /// The figure lines of the dashboard, each with the key that opens the list behind it.
    /// Lines that need attention (overdue, missing) are marked for the error colour.
    func figureLines() -> [(key: Character, text: String, alarm: Bool)] {
        guard let f = try? context.db.dashboard(on: context.today) else { return [] }
        let t = context.t
        let yes = "✓", no = "✗"
        let four = f.fourHaves
        let fulfil = f.fulfilment
        return [
            ("a", t(Localized("小组　\(f.groups) 个 · 覆盖 \(f.householdsInGroups)/\(f.households) 户",
                              "Groups  \(f.groups) · \(f.householdsInGroups)/\(f.households) \(Localized.englishForm(f.households, "household", "households"))")), f.groups == 0),
            ("b", t(Localized("协议　生效 \(f.agreementsInForce) · 将到期 \(f.agreementsExpiring) · 无协议小组 \(f.groupsWithoutAgreement)",
                              "Agreements  \(f.agreementsInForce) · \(f.agreementsExpiring) expiring · \(Localized.count(f.groupsWithoutAgreement, "", "group").en) without")),
             f.groupsWithoutAgreement > 0 || f.agreementsExpiring > 0),
            ("c", t(Localized("守信率 ", "Pledges kept ")) + f.pledgeRate.text(context.language) + (f.pledgeRound.map { " " + $0 } ?? ""),
             (f.pledgeRate.percent ?? 100) < 100),
            ("d", t(Localized("兑现　\(fulfil.deliveredCount)/\(fulfil.dueCount) 项 · \(Money.yuan(fulfil.deliveredFen))/\(Money.yuan(fulfil.dueFen)) 元 · 逾期 \(fulfil.overdueCount)",
                              "Delivered  \(fulfil.deliveredCount)/\(fulfil.dueCount) · \(Money.yuan(fulfil.deliveredFen))/\(Money.yuan(fulfil.dueFen)) yuan · overdue \(fulfil.overdueCount)")),
             fulfil.overdueCount > 0),
            ("e", t(Localized("反馈　未办结 \(f.feedbackOpen) · 超期 \(f.feedbackOverdue)",
                              "Feedback  open \(f.feedbackOpen) · overdue \(f.feedbackOverdue)")), f.feedbackOverdue > 0),
            ("f", t(Localized("星级　", "Stars  ")) + f.star.stars
                + (f.star.barredUntil.map { t(Localized(" 停评至 \($0)", " barred until \($0)")) } ?? ""), f.star.barredUntil != nil),
            ("g", t(Localized("四有　", "4 haves  ")) + [
                (four.hasHonestyGroups, Localized("小组", "groups")), (four.hasVillageRules, Localized("村规", "rules")),
                (four.hasAgreements, Localized("协议", "agreements")), (four.hasRuleDocuments, Localized("制度", "systems")),
            ].map { ($0.0 ? yes : no) + t($0.1) }.joined(separator: " "),
             !(four.hasHonestyGroups && four.hasVillageRules && four.hasAgreements && four.hasRuleDocuments)),
            ("h", t(Localized("整改　未结 \(f.rectificationOpen) · 逾期 \(f.rectificationOverdue) · 暂停优惠 \(f.withheldHouseholds) 户",
                              "Rectify  open \(f.rectificationOpen) · overdue \(f.rectificationOverdue) · withheld \(f.withheldHouseholds)")),
             f.rectificationOverdue > 0),
        ] + todoLines(f.deadlines) + [
            ("j", Self.meetingLine(f.meetings, t), f.meetings.behind),
            ("k", t(Localized("评议整改　未完成 \(f.measuresOpen) · 逾期 \(f.measuresOverdue)",
                              "Review measures  open \(f.measuresOpen) · overdue \(f.measuresOverdue)")), f.measuresOverdue > 0),
        ]
    }

    /// 待办: one line a deadline (the next three not done), each overdue one in red; the
    /// first carries the key that opens the calendar.
    func todoLines(_ deadlines: [Deadline]) -> [(key: Character, text: String, alarm: Bool)] {
        let t = context.t
        let label = t(Localized("待办　", "To do  "))
        let indent = String(repeating: " ", count: TextWidth.of(label))
        if deadlines.isEmpty { return [("i", label + t(Localized("无", "nothing due")), false)] }
        return deadlines.enumerated().map { i, d in
            let overdue = d.status(on: context.today) == .overdue
            let date = String(d.dueOn.description.dropFirst(5))
            let text = (i == 0 ? label : indent) + (overdue ? t(S.alarm) : "") + date + " " + t(d.title)
            return (i == 0 ? "i" : " ", text, overdue)
        }
    }

    /// "宣传 3/4 · 走访 1 · 帮带 1对": red when publicity is behind the target for the time of year.
    static func meetingLine(_ y: MeetingYear, _ t: (Localized) -> String) -> String {
        t(Localized("宣传　\(y.count(.publicity))/\(y.publicityTarget) · 走访 \(y.count(.homeVisit)) · 帮带 \(y.activePairings)对",
                    "Publicity  \(y.count(.publicity))/\(y.publicityTarget) · visits \(y.count(.homeVisit)) · pairs \(y.activePairings)"))
    }

    /// Opens the list behind a dashboard figure.
    func openFigure(_ c: Character) -> Action? {
        guard ("a"..."k").contains(c) else { return nil }
        guard let village = try? context.db.village() else { return .message(Message(context.t(S.needVillage), kind: .error)) }
        switch c {
        case "a": return .push(HonestyGroupListScreen(context, village: village))
        case "b": return .push(HonestyGroupListScreen(context, village: village, agreementView: true))
        case "c":
            // The round the kept rate is of: the latest one, as the dashboard counts it.
            guard let round = (try? context.db.checkRounds())?.first else {
                return .message(Message(context.t(Localized("还没有检查轮次：守信率要在登记检查后才有", "No check round yet: the kept rate comes from a check")),
                                        kind: .error))
            }
            return .push(RateScreen(context, round: round))
        case "d":
            let overdue = ((try? context.db.fulfilmentSummary(on: context.today))?.overdueCount ?? 0) > 0
            return .push(overdue ? OverdueListScreen(context) : FulfilmentSummaryScreen(context))
        case "e": return .push(FeedbackListScreen(context))
        case "f": return .push(StarReviewListScreen(context))
        case "h": return .push(RectificationListScreen(context))
        case "i": return .push(CalendarScreen(context))
        case "j": return .push(MeetingListScreen(context))
        case "k": return .push(ReviewMeasureListScreen(context))
        default: return .push(RuleDocumentListScreen(context))
        }
    }

    /// The dashboard and the alerts, read when the screen is first drawn and
    /// again whenever it comes back to the top, not at every key: on a county
    /// they read every group and agreement.
    private var shown: (alerts: [String], figures: [(key: Character, text: String, alarm: Bool)], counts: String?)?

    override func didReappear() {
        shown = nil
        super.didReappear()
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        if shown == nil {
            let counts = (try? context.db.counts()).map {
                context.t(Localized.count($0.households, "户", "household")) + " · " + context.t(Localized.count($0.persons, "人", "person"))
            }
            shown = (alertLines(limit: 4), figureLines(), counts)
        }
        let alerts = shown?.alerts ?? []
        let menuHeight = rect.height - 2 - alerts.count
        let menuWidth = 30
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: menuWidth, height: menuHeight))
        // The dashboard beside the menu.
        let figures = shown?.figures ?? []
        let x = rect.x + menuWidth + 1
        let width = rect.width - menuWidth - 2
        let top = rect.y + max(0, (menuHeight - figures.count - 2) / 2)
        if !figures.isEmpty {
            grid.put(context.t(Localized("概况 ", "At a glance ")) + context.today.description, x: x, y: top,
                     maxWidth: width, style: Style(.title))
        }
        for (i, f) in figures.enumerated() {
            grid.put(String(f.key), x: x, y: top + 2 + i, style: Style(.keyName))
            grid.put(f.text, x: x + 2, y: top + 2 + i, maxWidth: width - 2, style: Style(f.alarm ? .error : .normal))
        }
        for (i, line) in alerts.enumerated() {
            grid.put(line, x: rect.x + 2, y: rect.y + menuHeight + i, maxWidth: rect.width - 4, style: Style(.error))
        }
        if let line = shown?.counts {
            grid.put(line, x: rect.x + 2, y: rect.y + rect.height - 1, style: Style(.dim))
        }
    }
}
