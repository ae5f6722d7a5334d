import Domain
import Store
import UICore

/// A long text (an agreement) to read, page by page.
final class TextViewScreen: Screen {
    let context: AppContext
    var view: HelpView

    init(_ context: AppContext, title: String, text: String) {
        self.context = context
        view = HelpView(title: title, lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        view.pageSize = 18
    }

    var title: String { view.title }
    var helpLines: [String] {
        [context.t(Localized("上下键、PgUp/PgDn 翻阅；Esc 返回。", "Up/Down and PgUp/PgDn scroll; Esc goes back."))]
    }
    var commands: [Command] {
        [Command("↑↓", Localized("翻阅", "Scroll")), Command("PgDn", Localized("下页", "Next page")),
         Command("Esc", S.back)]
    }

    func handle(_ key: Key) -> Action {
        if key == .enter || key == .char("q") { return .none }
        return view.handle(key) ? .none : .pop
    }

    func render(into grid: inout Grid, in rect: Rect) {
        view.render(into: &grid, in: rect)
    }
}
