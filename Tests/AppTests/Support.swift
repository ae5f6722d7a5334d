import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// The repository root, found from this file's path.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func loadRepoCatalog() throws -> ScreenCatalog {
    try ScreenCatalog.load(from: repoRoot.appendingPathComponent("Screens"))
}

/// A small fixed village: 星光村 with two 社 and three households; in a file at `path` (with
/// another name and a code, for a township's tests) or in memory.
func makeFixtureDatabase(path: String? = nil, name: String = "星光村", code: String = "") throws -> AppDatabase {
    let db = try path.map { try AppDatabase.open(path: $0, passwordCost: testPasswordCost) }
        ?? AppDatabase.inMemory(passwordCost: testPasswordCost)
    let v = try db.saveVillage(Village(name: name, township: "示范镇", county: "示范县", code: code))
    let g1 = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
    let g2 = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 2, name: "二社"))
    let (h1, _) = try db.createHousehold(
        Household(villageId: v.id!, villageGroupId: g1.id!, number: "0101", address: "星光村一社1号", phone: "13912345678"),
        head: Person(householdId: 0, name: "张三", sex: .male,
                     idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11),
                     relation: .head, maritalStatus: .married))
    try db.savePerson(Person(householdId: h1.id!, name: "李秀英", sex: .female,
                             idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1987-09-30")!, sequence: 22),
                             relation: .spouse, maritalStatus: .married, isAssociationMember: true))
    try db.createHousehold(
        Household(villageId: v.id!, villageGroupId: g1.id!, number: "0102", address: "星光村一社2号"),
        head: Person(householdId: 0, name: "阿依古丽·买买提", sex: .female,
                     idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1990-01-05")!, sequence: 42),
                     relation: .head, maritalStatus: .married))
    try db.createHousehold(
        Household(villageId: v.id!, villageGroupId: g2.id!, number: "0201", address: "星光村二社1号"),
        head: Person(householdId: 0, name: "王建国", sex: .male, relation: .head))
    try db.installDefaultTemplate(from: repoRoot.appendingPathComponent("Data/agreement_template.txt"))
    return db
}

/// The office date every screen test runs on.
let testToday = LocalDate("2026-11-25")!

/// A cheap scrypt cost: screen tests sign in often.
let testPasswordCost = ScryptCost(log2N: 10, r: 8, p: 1)

/// The fixture's administrator, signed in by `makeModel` unless told not to.
let testAdmin = (username: "admin", password: "admin2026")

func makeModel(_ db: AppDatabase? = nil, language: Language = .zh, signedIn: Bool = true) throws -> AppModel {
    let db = try db ?? makeFixtureDatabase()
    if signedIn {
        if db.requiresSignIn {
            if db.session == nil { try db.signIn(username: testAdmin.username, password: testAdmin.password) }
        } else {
            try db.createFirstAdministrator(username: testAdmin.username, displayName: "管理员", password: testAdmin.password)
        }
    }
    let context = AppContext(db: db, language: language, catalog: try loadRepoCatalog(), today: testToday)
    return AppModel(context: context, width: 80, height: 24)
}

extension AppModel {
    func press(_ keys: Key...) { keys.forEach(handle) }
    /// Types text as one IME commit or paste.
    func type(_ text: String) { handle(.text(text)) }
    var screenText: String { render().text() }
}

/// Compares a rendered grid with its golden file in Tests/AppTests/Snapshots.
/// Set UPDATE_SNAPSHOTS=1 to write the files instead (then review them like code).
func expectSnapshot(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    var text = grid.lines().joined(separator: "\n")
    if let c = grid.cursor { text += "\n@cursor \(c.x),\(c.y)" } else { text += "\n@cursor hidden" }
    text += "\n"
    let file = repoRoot.appendingPathComponent("Tests/AppTests/Snapshots/\(name).txt")
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try? text.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(name).txt; run with UPDATE_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        Issue.record("snapshot \(name) differs.\n--- expected\n\(expected)\n--- actual\n\(text)", sourceLocation: sourceLocation)
    }
}

/// Makes the fixture village a star village: one star from 2026-01-10 and, with
/// `level` 2, two stars from 2026-04-10 (reviews are one level a quarter), so policies
/// that need stars may be due in 2026.
func awardStars(_ db: AppDatabase, level: Int = 2) throws {
    try db.installStarCriteria(from: repoRoot.appendingPathComponent("Data/star_criteria.json"))
    let catalog = try db.starCriteria()
    for (date, stars) in [("2026-01-10", 1), ("2026-04-10", 2), ("2026-07-10", 3)].prefix(level) {
        try db.recordStarReview(StarReview(reviewedOn: LocalDate(date)!, levelApplied: stars,
                                           criteriaMet: catalog.required(for: stars).map(\.id), passed: true,
                                           reviewer: "县人口计生局"), on: testToday)
    }
}
