import Domain
import UICore

/// The first screen: where every job starts.
final class MainMenuScreen: Screen {
    let context: AppContext
    var menu: Menu
    let spec: ScreenSpec

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["main_menu"]
        menu = Menu(title: spec.title.text(context.language), items: Self.items(context))
    }

    static func items(_ context: AppContext) -> [MenuItem] {
        (context.catalog["main_menu"].items ?? []).map {
            MenuItem(id: $0.id, label: $0.label.text(context.language),
                     hotkey: $0.hotkey?.first)
        }
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var hints: [KeyHint] {
        [context.hint("↑↓", S.choose), context.hint("Enter", S.open), context.hint("0", S.quit)]
    }

    func handle(_ key: Key) -> Action {
        if key == .char("q") { return .confirm(context.t(S.quitQuestion), onYes: { .quit }) }
        switch menu.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .choose(let id): return open(id)
        }
    }

    /// Opens the screen for a menu item; refuses with a message when the village is not ready for it.
    func open(_ id: String) -> Action {
        if let i = menu.items.firstIndex(where: { $0.id == id }) { menu.selected = i }
        let village = try? context.db.village()
        switch id {
        case "village":
            return .push(VillageFormScreen(context, village: village))
        case "villageGroups":
            guard let village else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            return .push(VillageGroupListScreen(context, village: village))
        case "households":
            guard let village else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            guard let groups = try? context.db.villageGroups(), !groups.isEmpty else {
                return .message(Message(context.t(S.needGroups), kind: .error))
            }
            return .push(HouseholdListScreen(context, village: village))
        case "honestyGroups":
            guard let village else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            guard let groups = try? context.db.villageGroups(), !groups.isEmpty else {
                return .message(Message(context.t(S.needGroups), kind: .error))
            }
            return .push(HonestyGroupListScreen(context, village: village))
        case "persons":
            guard village != nil else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            return .push(PersonSearchScreen(context))
        case "pledges":
            guard village != nil else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            return .push(PledgeHomeScreen(context))
        case "assessment":
            guard village != nil else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            return .push(AssessmentHomeScreen(context))
        case "print":
            guard village != nil else { return .message(Message(context.t(S.needVillage), kind: .error)) }
            return .push(PrintHomeScreen(context))
        case "system":
            return .push(SystemMenuScreen(context))
        case "quit":
            return .confirm(context.t(S.quitQuestion), onYes: { .quit })
        default:
            return .none
        }
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
            let names = without.map(\.groupName).joined(separator: "、")
            lines.append(context.t(Localized("！\(without.count) 个小组尚无生效协议：\(names)",
                                             "! \(without.count) groups have no agreement in force: \(names)")))
        }
        if lines.count > limit {
            let more = lines.count - limit + 1
            lines = Array(lines.prefix(limit - 1))
            lines.append(context.t(Localized("……另有 \(more) 条提醒，见“诚信计生小组”", "… \(more) more; see Honesty groups")))
        }
        return lines
    }

    func render(into grid: inout Grid, in rect: Rect) {
        let alerts = alertLines(limit: 4)
        let menuHeight = rect.height - 2 - alerts.count
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: menuHeight))
        for (i, line) in alerts.enumerated() {
            grid.put(line, x: rect.x + 2, y: rect.y + menuHeight + i, maxWidth: rect.width - 4, style: Style(.error))
        }
        if let counts = try? context.db.counts() {
            let line = "\(counts.households) \(context.t(S.households)) · \(counts.persons) \(context.t(S.persons))"
            grid.put(line, x: rect.x + 2, y: rect.y + rect.height - 1, style: Style(.dim))
        }
    }
}
