import UICore

/// A township's (or county's) first screen, its table of villages (or townships), as the
/// benchmark times it: made (which reads the offices and builds the rows) and drawn.
package final class OfficeTableProbe {
    private let screen: TownshipTableScreen

    package init(_ context: AppContext) { screen = TownshipTableScreen(context) }

    /// The rows of the table.
    package var rowCount: Int { screen.items.count }

    package func render(into grid: inout Grid, in rect: Rect) { screen.render(into: &grid, in: rect) }
}
