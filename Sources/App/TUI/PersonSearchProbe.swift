import UICore

/// The person search screen as the benchmark drives it, key by key (the screens
/// themselves stay internal to App).
package final class PersonSearchProbe {
    private let screen: PersonSearchScreen

    package init(_ context: AppContext) { screen = PersonSearchScreen(context) }

    /// A search matching more persons than this is counted only this far.
    package static var countLimit: Int { PersonSearchScreen.countLimit }

    /// The rows the screen's table shows at once (after a render).
    package var visibleRows: Int { screen.table.visibleRows }

    package func handle(_ key: Key) { _ = screen.handle(key) }

    package func render(into grid: inout Grid, in rect: Rect) { screen.render(into: &grid, in: rect) }
}
