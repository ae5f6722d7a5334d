import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// Every typed field of the main forms, fed Kuhn's UTF-8 stress cases and the
/// naughty strings: no crash, each saved value reads back exactly as saved (or
/// the save is refused with a message), the audit check stays clean, and the
/// screen stays 80 columns wide with no control character in the grid.
@Suite struct NaughtyInputTests {
    /// A form for an existing record, built afresh from the database each time.
    struct FormCase {
        var name: String
        var make: (AppContext) throws -> FormScreen
    }

    static func cases(_ db: AppDatabase) throws -> [FormCase] {
        let v = try db.village()!
        let group = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                                         name: "一社互助组", formedOn: LocalDate("2026-01-10")!))
        let item = try db.savePledgeItem(PledgeItem(code: "T1", text: "按时参加活动", sortOrder: 1))
        let feedback = try db.saveFeedback(FeedbackEntry(receivedOn: testToday, source: .visit, raisedBy: "王五", content: "路灯坏了",
                                                         handler: "李明", deadline: testToday.addingDays(7)), on: testToday)
        let household = try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true,
                                             offset: 0, limit: 1)[0]
        let spouse = try db.members(householdId: household.id).first { $0.relation != .head }!
        let meeting = try db.saveMeeting(Meeting(kind: .publicity, heldOn: testToday, place: "村文化广场", ledBy: "王芳",
                                                 topic: "政策宣传"), on: testToday)
        try db.installCalendar(from: repoRoot.appendingPathComponent("Data/calendar.json"))
        let report = try db.calendarEntry(code: "monthly-report")!
        return [
            FormCase(name: "village") { c in VillageFormScreen(c, village: try c.db.village()) },
            FormCase(name: "household") { c in
                HouseholdFormScreen(c, village: try c.db.village()!, household: try c.db.household(id: household.id))
            },
            FormCase(name: "person") { c in PersonFormScreen(c, person: try c.db.person(id: spouse.id!)!) },
            FormCase(name: "honesty group") { c in
                HonestyGroupFormScreen(c, village: try c.db.village()!, group: try c.db.honestyGroup(id: group.id!))
            },
            FormCase(name: "pledge item") { c in
                PledgeItemFormScreen(c, item: try c.db.pledgeItems().first { $0.id == item.id }!)
            },
            FormCase(name: "feedback") { c in
                FeedbackFormScreen(c, entry: try c.db.feedbackEntries(filter: .all).first { $0.id == feedback.id }!)
            },
            FormCase(name: "meeting") { c in MeetingFormScreen(c, meeting: try c.db.meeting(id: meeting.id!)!.meeting) },
            FormCase(name: "calendar entry") { c in
                CalendarEntryFormScreen(c, entry: try c.db.calendarEntries(includeRetired: true).first { $0.id == report.id }!)
            },
        ]
    }

    /// What the store keeps of a typed value: spaces trimmed, name dots made one.
    static func kept(_ key: String, _ value: String) -> [String] {
        let trimmed = Validation.normalizeName(value)
        var s = Substring(value)
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return [String(s), trimmed]
    }

    @Test(arguments: ["naughty", "kuhn"])
    func everyTypedFieldSurvivesHostileText(_ list: String) throws {
        let inputs = list == "kuhn" ? Kuhn.cases.map { ($0.label, $0.decoded) }
                                    : Naughty.strings.enumerated().map { ("#\($0.offset)", $0.element) }
        let db = try makeFixtureDatabase()
        let model = try makeModel(db)
        let context = model.context
        var saves = 0, refusals = 0
        for formCase in try Self.cases(db) {
            let probe = try formCase.make(context)
            let kinds = Dictionary(probe.form.fields.map { ($0.key, $0.kind) }, uniquingKeysWith: { a, _ in a })
            let keys = probe.form.fields.filter { f in
                guard !f.readOnly, !f.secret else { return false }
                switch f.kind { case .text, .number, .date: return true; default: return false }
            }.map(\.key)
            #expect(!keys.isEmpty, "\(formCase.name) has typed fields")
            for key in keys {
                for (label, input) in inputs {
                    let where_ = "\(formCase.name).\(key) \(list) \(label)"
                    let base = model.stack.count
                    let screen = try formCase.make(context)
                    model.apply(.push(screen))
                    screen.form.focus(key: key)
                    // As if the clerk cleared the field, then typed or pasted the input.
                    screen.form.setValue(key, "")
                    screen.form.markDirty()
                    model.type(input)
                    let typed = screen.form.value(key)
                    try checkGrid(model.render(), where_)
                    model.press(.function(2))
                    try checkGrid(model.render(), where_)
                    if screen.form.isDirty {
                        // Refused: the form says why and keeps what was typed.
                        refusals += 1
                        #expect(!screen.form.errors.isEmpty || model.message != nil, "\(where_): refused without a message")
                        #expect(screen.form.value(key) == typed, "\(where_): typed text lost")
                    } else {
                        saves += 1
                        let back = try formCase.make(context).form.value(key)
                        var expected = Self.kept(key, typed)
                        switch kinds[key] {
                        // An empty optional number is 0; an empty birth date is taken from the ID number.
                        case .number?: expected = [Int(typed).map(String.init) ?? (typed.isEmpty ? "0" : "<refused>")]
                        case .date?:
                            expected = [LocalDate(typed)?.description ?? (typed.isEmpty ? "" : "<refused>")]
                            if typed.isEmpty && key == "birthDate" { expected.append(back) }
                        default: break
                        }
                        #expect(expected.contains(back),
                                "\(where_): saved \(typed.debugDescription) but read back \(back.debugDescription)")
                    }
                    while model.stack.count > base { model.apply(.popDiscarding) }
                }
            }
            let report = try db.verify()
            #expect(report.isClean, "\(formCase.name): \(report.rowsOutOfStep) \(report.integrity)")
        }
        #expect(saves > 0 && refusals > 0, "saves \(saves), refusals \(refusals)")
        print("hostile input (\(list)): \(inputs.count) inputs, \(saves) saves read back exactly, \(refusals) refused with a message")
    }

    /// The grid is 80 wide on every line, holds no control or unassigned
    /// character, and no double-width character straddles the right edge.
    func checkGrid(_ grid: Grid, _ where_: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(grid.width == 80 && grid.height == 24)
        for (y, line) in grid.lines().enumerated() where TextWidth.of(line) > 80 {
            Issue.record("\(where_): line \(y) is \(TextWidth.of(line)) wide: \(line)", sourceLocation: sourceLocation)
        }
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x: x, y: y]
                if cell.isContinuation { continue }
                for s in cell.char.unicodeScalars {
                    switch s.properties.generalCategory {
                    case .control, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
                        Issue.record("\(where_): U+\(String(s.value, radix: 16)) drawn at \(x),\(y)", sourceLocation: sourceLocation)
                        return
                    default: break
                    }
                }
                if TextWidth.of(cell.char) == 2 && (x + 1 >= grid.width || !grid[x: x + 1, y: y].isContinuation) {
                    Issue.record("\(where_): wide character cut at \(x),\(y)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }
}

/// Bytes the terminal sends that are not UTF-8 (ncurses reports them as EILSEQ) are
/// refused with a message and typed nowhere.
@Suite struct InvalidTerminalBytesTests {
    @Test func invalidBytesAreRefusedWithAMessageAndTypeNothing() throws {
        let app = try makeModel()
        app.press(.char("3"), .function(3))
        app.type("0999")
        app.press(.tab, .tab)
        app.type("ab")
        app.press(.invalidBytes)
        #expect(app.screenText.contains("收到不是 UTF-8 的字节，已忽略"))
        app.type("cd")
        let form = try #require(app.top as? HouseholdFormScreen)
        #expect(form.form.value("address") == "abcd")
    }
}
