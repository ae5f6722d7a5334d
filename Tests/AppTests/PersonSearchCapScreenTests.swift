import Domain
import Store
import Testing
import UICore
@testable import App

/// The person search's footer when more persons match than it counts (here 2 or 3,
/// on the fixture village; 1,000 in the app), and after End counted them all.
@Suite struct PersonSearchCapScreenTests {
    @Test func theFooterSaysTheCountIsCappedAndHowToNarrowIt() throws {
        let app = try makeModel()
        app.press(.char("4"))
        let screen = try #require(app.stack.last as? PersonSearchScreen)
        screen.table.countLimit = 3
        screen.table.reload()
        #expect(screen.table.isCountCapped)
        expectSnapshot(app.render(), "person_search_capped")
        // Three of the four fixture persons have ID numbers starting with 99.
        screen.table.countLimit = 2
        app.press(.char("/"), .char("9"), .char("9"))
        #expect(screen.table.isCountCapped)
        expectSnapshot(app.render(), "person_search_capped_filter")
        // ↓ ends the search and keeps the list (Enter would open the first person found).
        app.press(.down, .end)
        #expect(!screen.table.isCountCapped)
        expectSnapshot(app.render(), "person_search_capped_end")
    }

    @Test func theCappedFooterInEnglish() throws {
        let app = try makeModel(language: .en)
        app.press(.char("4"))
        let screen = try #require(app.stack.last as? PersonSearchScreen)
        screen.table.countLimit = 2
        app.press(.char("/"), .char("9"))
        #expect(app.render().lines()[21].contains("more than 2 persons: type more to narrow 1/2+"))
    }
}
