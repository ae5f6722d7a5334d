import Domain
import UICore

/// A screen that is a menu from `Screens/` (kind "menu"): Up/Down or the item's
/// digit, Enter opens, Esc goes back. Subclasses say what each item opens.
class MenuScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var menu: Menu

    init(_ context: AppContext, spec id: String) {
        self.context = context
        spec = context.catalog[id]
        menu = Menu(title: spec.title.text(context.language), items: Self.items(context, spec: spec))
    }

    static func items(_ context: AppContext, spec: ScreenSpec) -> [MenuItem] {
        (spec.items ?? []).map { MenuItem(id: $0.id, label: $0.label.text(context.language), hotkey: $0.hotkey?.first) }
    }

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    /// ↑↓ and the items' digits choose, Enter opens, Esc goes back: the menu widget's own keys.
    var commands: [Command] { [Command("↑↓", S.choose), Command("Enter", S.open, keys: []), Command("Esc", S.back)] }

    func handle(_ key: Key) -> Action {
        switch menu.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .choose(let id): return open(id)
        }
    }

    /// What the item `id` opens: by default the screen `screen(for:)` names.
    func open(_ id: String) -> Action { screen(for: id).map { .push($0) } ?? .none }

    /// The screen an item opens. Subclasses override this or `open`.
    func screen(for id: String) -> (any Screen)? { nil }

    /// Menus that show figures read them again here.
    func didReappear() {}

    func render(into grid: inout Grid, in rect: Rect) {
        menu.render(into: &grid, in: rect)
    }
}
