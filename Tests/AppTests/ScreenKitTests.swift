import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// The screen kit: cells bound to the spec's columns by key, and one command table
/// that drives the key bar, F1 and what a role may press.
@Suite struct ScreenKitTests {
    @Test func everyColumnOfABoundTableIsFilledByItsScreen() throws {
        let catalog = try loadRepoCatalog()
        for (id, keys) in TableScreens.bindings {
            let spec = try #require(catalog.specs[id], "\(id) is a screen file")
            #expect(spec.kind == .table, "\(id) is a table")
            for c in spec.columns ?? [] { #expect(keys.contains(c.key), "\(id): column \(c.key) has a cell") }
        }
        // A column the screen does not fill is found the same way.
        var spec = try #require(catalog.specs["policy_list"])
        spec.columns?.append(ScreenSpec.Column(key: "bloodType", width: 4, title: Localized("血型", "Blood")))
        #expect(!(spec.columns ?? []).allSatisfy { TableScreens.bindings["policy_list"]?.contains($0.key) == true })
    }

    /// Reorders the columns of the household list and of the policy list in the
    /// screen files' catalogue: each cell moves with its column.
    @Test func cellsFollowTheScreenFilesColumnOrder() throws {
        let db = try makeFixtureDatabase()
        try db.createFirstAdministrator(username: testAdmin.username, displayName: "", password: testAdmin.password)
        try db.savePolicy(Policy(code: "X1", name: "独生子女父母奖励", level: .county, kind: .money, amountFen: 500_000,
                                 recurrence: .yearly, requiredStars: 3, eligibility: "", isRetired: false))
        var catalog = try loadRepoCatalog()
        for id in ["household_list", "policy_list"] { catalog.specs[id]?.columns?.reverse() }
        let context = AppContext(db: db, language: .zh, catalog: catalog, today: testToday)
        let normal = try makeModel(db)

        let reordered = HouseholdListScreen(context, village: try #require(try db.village()))
        let usual = HouseholdListScreen(normal.context, village: try #require(try db.village()))
        var grid = Grid(width: 80, height: 20)
        reordered.render(into: &grid, in: Rect(x: 0, y: 0, width: 80, height: 20))
        var usualGrid = Grid(width: 80, height: 20)
        usual.render(into: &usualGrid, in: Rect(x: 0, y: 0, width: 80, height: 20))
        let usualRow = try #require(usual.table.selectedRow)
        let reorderedRow = try #require(reordered.table.selectedRow)
        #expect(reorderedRow.cells == usualRow.cells.reversed())
        #expect(reorderedRow.cells.first == usualRow.cells.last && reorderedRow.cells.last == usualRow.cells.first)
        // Drawn: the header starts with the last column's title and the row with its cell.
        let lines = grid.text().components(separatedBy: "\n")
        #expect(lines[0].trimmingCharacters(in: .whitespaces).hasPrefix("人数"))
        #expect(lines[0].contains("户编号") && lines[0].firstRange(of: "人数")!.lowerBound < lines[0].firstRange(of: "户编号")!.lowerBound)

        let policies = PolicyListScreen(context)
        let usualPolicies = PolicyListScreen(normal.context)
        for (a, b) in zip(policies.items, usualPolicies.items) {
            #expect(policies.row(a, columns: policies.table.columns).cells
                    == usualPolicies.row(b, columns: usualPolicies.table.columns).cells.reversed())
        }
        #expect(!policies.items.isEmpty)
    }

    /// A screen's command table is the one source of its key bar, F1's list, the keys a
    /// read-only role does not see, and what each key does.
    @Test func theCommandTableDrivesTheKeyBarF1AndTheRolesKeys() throws {
        let db = try makeFixtureDatabase()
        try db.createFirstAdministrator(username: testAdmin.username, displayName: "", password: testAdmin.password)
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        let admin = try makeModel(db)
        admin.apply(.push(PolicyListScreen(admin.context)))
        let screen = admin.top
        let bar = admin.render().lines().last ?? ""
        // Every command is in the bar, in the table's order, with its label.
        var at = bar.startIndex
        for c in screen.commands {
            let hint = c.name + admin.context.t(c.label)
            let found = try #require(bar.range(of: hint, range: at..<bar.endIndex), "\(hint) in \(bar)")
            at = found.upperBound
        }
        // F1 lists the same keys.
        admin.press(.function(1))
        let help = admin.screenText
        for c in screen.commands { #expect(help.contains("\(c.name)  \(admin.context.t(c.label))")) }
        admin.press(.escape)
        // F3 runs the table's action: the new-policy form opens.
        admin.press(.function(3))
        #expect(admin.top is PolicyFormScreen)
        admin.apply(.popDiscarding)

        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let viewer = try makeModel(db)
        viewer.apply(.push(PolicyListScreen(viewer.context)))
        let viewerBar = viewer.render().lines().last ?? ""
        let writes = viewer.top.commands.filter { $0.needs != nil }
        #expect(writes.map(\.name) == ["F3", "F6", "F8"])
        for c in writes {
            #expect(!viewerBar.contains(c.name + viewer.context.t(c.label)), "\(c.name) hidden: \(viewerBar)")
        }
        for c in viewer.top.commands where c.needs == nil {
            #expect(viewerBar.contains(c.name + viewer.context.t(c.label)), "\(c.name) shown: \(viewerBar)")
        }
        viewer.press(.function(1))
        #expect(!viewer.screenText.contains("F3  新增"))
        viewer.press(.escape)
        // Pressed anyway: refused at once, in words naming the key, and nothing opens.
        viewer.press(.function(8))
        #expect(viewer.top is PolicyListScreen)
        #expect(viewer.message?.text.hasPrefix("无权使用“停用”（F8 键）") == true, "\(viewer.message?.text ?? "")")
        viewer.press(.insert)
        #expect(viewer.top is PolicyListScreen && viewer.message?.text.contains("F3 键") == true)
    }

    /// A form that lists its own keys still saves through the kit's F2, which needs the right to write.
    @Test func aFormsOwnKeyListKeepsF2AWriteKey() throws {
        let app = try makeModel()
        let form = StarReviewFormScreen(app.context, currentLevel: 0)
        let f2 = try #require(form.commands.first { $0.name == "F2" })
        #expect(f2.needs == .writeRecords && f2.run != nil)
        #expect(form.writeKeys.contains("F2"))
    }

    /// Typing on the person search starts the search at once; / still does.
    @Test func typingOnThePersonSearchStartsTheSearch() throws {
        let app = try makeModel()
        app.press(.char("4"))
        let screen = try #require(app.top as? PersonSearchScreen)
        let all = screen.table.count
        app.type("张三")
        #expect(screen.table.isFiltering && screen.table.query.filter == "张三")
        #expect(screen.table.count < all && screen.table.count >= 1)
        app.press(.enter)
        #expect(app.top is PersonFormScreen)
        #expect(app.screenText.contains("张三"))
        app.apply(.popDiscarding)
        // Other lists keep /: a typed letter on the household list filters nothing.
        app.apply(.popDiscarding)
        app.press(.char("3"))
        let households = try #require(app.top as? HouseholdListScreen)
        app.press(.char("z"))
        #expect(!households.table.isFiltering && households.table.query.filter.isEmpty)
    }
}
