import Foundation
import GRDB
import Testing
import Domain
import Print
@testable import Store

private func d(_ s: String) -> LocalDate { LocalDate(s)! }

/// The reports' figures, counted from the records as of the report's day: households and
/// persons by the day of their first audit entry (their own or a bulk import's manifest),
/// everything else by its own dates.
@Suite struct ReportStoreTests {
    /// Audit entries carry the clock's time, so the day a test's records are registered is the real day.
    let now = LocalDate.today(environment: [:])

    // MARK: Registration dates

    /// A bare database of the tables the rule reads, with audit times chosen by the test.
    func registrationDatabase() throws -> DatabaseQueue {
        let q = try DatabaseQueue()
        try q.write { db in
            try db.execute(sql: """
                CREATE TABLE person (id INTEGER PRIMARY KEY, left_on TEXT);
                CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, table_name TEXT NOT NULL, row_id INTEGER);
                CREATE INDEX audit_log_on_row ON audit_log(table_name, row_id);
                CREATE TABLE audit_bulk (id INTEGER PRIMARY KEY AUTOINCREMENT, entry_id INTEGER NOT NULL, table_name TEXT NOT NULL,
                                         first_row_id INTEGER NOT NULL, row_count INTEGER NOT NULL);
                """)
            for id in 1...20 { try db.execute(sql: "INSERT INTO person(id) VALUES (?)", arguments: [id]) }
            func entry(_ at: String, _ table: String, _ row: Int?) throws -> Int64 {
                try db.execute(sql: "INSERT INTO audit_log(at, table_name, row_id) VALUES (?, ?, ?)", arguments: [at, table, row])
                return db.lastInsertedRowID
            }
            // 1–3 entered one by one on 3, 10 and 20 March; 1 edited on 1 April.
            _ = try entry("2026-03-03T09:00:00.000Z", "person", 1)
            _ = try entry("2026-03-10T23:59:59.999Z", "person", 2)
            _ = try entry("2026-03-20T08:00:00.000Z", "person", 3)
            _ = try entry("2026-04-01T08:00:00.000Z", "person", 1)
            // 4–10 came in one bulk import on 5 March; 8 was edited on 25 March.
            let bulk1 = try entry("2026-03-05T10:00:00.000Z", "import_batch", nil)
            try db.execute(sql: "INSERT INTO audit_bulk(entry_id, table_name, first_row_id, row_count) VALUES (?, 'person', 4, 7)",
                           arguments: [bulk1])
            _ = try entry("2026-03-25T10:00:00.000Z", "person", 8)
            // 11–15 in a second import on 15 March.
            let bulk2 = try entry("2026-03-15T10:00:00.000Z", "import_batch", nil)
            try db.execute(sql: "INSERT INTO audit_bulk(entry_id, table_name, first_row_id, row_count) VALUES (?, 'person', 11, 5)",
                           arguments: [bulk2])
            // A household's entries are not a person's.
            _ = try entry("2026-03-01T08:00:00.000Z", "household", 16)
            // 16–20 have no entry at all: registered from the start.
            try db.execute(sql: "UPDATE person SET left_on = '2026-03-12' WHERE id IN (2, 5)")
        }
        return q
    }

    @Test func householdsAndPersonsCountFromTheirFirstAuditEntryOrTheirImport() throws {
        let q = try registrationDatabase()
        func count(_ day: String) throws -> Int {
            try q.read { db in try AppDatabase.registeredCount(db, table: "person", on: d(day)) }
        }
        // The start: the five rows without an entry.
        #expect(try count("2026-02-28") == 5)
        // 3 March: 1; 5 March: the first import (4–10); 10 March until midnight UTC: 2.
        #expect(try count("2026-03-03") == 6)
        #expect(try count("2026-03-05") == 13)
        #expect(try count("2026-03-10") == 14)
        // 15 March: the second import; 20 March: 3. A later edit (8, 1) changes nothing.
        #expect(try count("2026-03-15") == 19)
        #expect(try count("2026-03-20") == 20)
        #expect(try count("2026-12-31") == 20)
        // Persons who left by the day are left out by the caller's condition.
        let staying = try q.read { db in
            try AppDatabase.registeredCount(db, table: "person", on: d("2026-03-31"), where: "(t.left_on IS NULL OR t.left_on > ?)",
                                            arguments: ["2026-03-31"])
        }
        #expect(staying == 18)
    }

    @Test func personsOfARosterImportCountFromTheImportsManifest() throws {
        let f = try Fixture()
        let file = try TableFile.open(rosterFixture("persons_openpyxl.xlsx"), sheet: "人员")
        let s = try f.db.importPersons(file: file, mapping: ImportMapping.guessed(header: try file.firstRows(1)[0].fields), on: now)
        #expect(s.personsNew == 8 && s.householdsNew == 3)
        // The imported rows have no entries of their own: the bulk manifest registers them.
        let own = try f.db.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE table_name = 'person' AND action = 'insert'") ?? 0
        }
        let ranges = try f.db.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_bulk WHERE table_name = 'person'") ?? 0 }
        #expect(own < 8 && ranges > 0)
        let m = try f.db.figures(for: .month(now.year, now.month), today: now)
        #expect(m.persons == 8 && m.households == 3 && m.personsRegistered == 8)
        let before = now.addingDays(-1)
        #expect(try f.db.reader.read { db in try AppDatabase.registeredCount(db, table: "person", on: before) } == 0)
    }

    @Test func theFirstEntryIsFoundThroughTheAuditIndexNotAScan() throws {
        let db = try AppDatabase.inMemory(passwordCost: Fixture.fastCost)
        for table in ["household", "person"] {
            let plan = try db.reader.read { try AppDatabase.registeredCountPlan($0, table: table) }
            #expect(plan.contains { $0.contains("audit_log_on_row") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN a") || $0.contains("SCAN audit_log") }, "\(plan)")
        }
    }

    // MARK: The figures of a village

    @Test func theMonthsFiguresFollowTheRecordsDates() throws {
        let f = try Fixture()
        try f.household("0101", head: "张三")
        let (h2, _) = try f.household("0102", head: "李四", n: 1)
        let baby = try f.db.savePerson(Person(householdId: h2.id!, name: "李小宝", sex: .male, birthDate: now.addingDays(-3), relation: .child))
        try f.db.personLeaves(personId: baby.id!, on: now, reason: "死亡")
        let a = try f.db.saveFeedback(FeedbackEntry(receivedOn: now.addingDays(-40), source: .visit, raisedBy: "王秀兰",
                                                    content: "奖励费何时发放", handler: "专干", deadline: now.addingDays(-33)), on: now)
        try f.db.closeFeedback(id: a.id!, outcome: "已告知", on: now.addingDays(-1), today: now)
        _ = try f.db.saveFeedback(FeedbackEntry(receivedOn: now.addingDays(-2), source: .hotline, raisedBy: "赵六", content: "咨询政策",
                                                handler: "专干", deadline: now.addingDays(5)), on: now)

        let month = ReportPeriod.month(now.year, now.month)
        let m = try f.db.monthlyFigures(month: month, today: now)
        #expect(m.villageName == "星光村" && m.township == "示范镇" && m.asOf == now && m.period == month)
        #expect(m.households == 2 && m.householdsRegistered == 2)
        // The baby was born and died: registered, but no longer counted among the persons.
        #expect(m.persons == 2 && m.personsRegistered == 3 && m.personsLeft == 1)
        #expect(m.feedbackOpen == 1 && m.feedbackOverdue == 0)

        // Forty days ago the feedback was open and, a week later, overdue; nobody was registered yet.
        let earlier = now.addingDays(-31)
        let before = try f.db.figures(for: .month(earlier.year, earlier.month), today: now)
        #expect(before.households == 0 && before.persons == 0)
        #expect(before.feedbackOpen == 1 && before.feedbackOverdue == (before.asOf > now.addingDays(-33) ? 1 : 0))
        #expect(before.feedbackClosed == 0)
    }

    @Test func asOfTodayTheFiguresAreTheMainScreens() throws {
        let db = try AppDatabase.inMemory(passwordCost: Fixture.fastCost)
        try DemoVillage.build(into: db, specURL: demoSpecURL)
        let m = try db.figures(for: .month(now.year, now.month), today: now)
        let screen = try db.dashboard(on: now)
        #expect(m.villageCode == "990101100201" && m.county == "示范县")
        #expect(m.households == screen.households && m.persons > m.households)
        #expect(m.groups == screen.groups && m.householdsInGroups == screen.householdsInGroups)
        #expect(m.agreementsInForce == screen.agreementsInForce)
        #expect(m.feedbackOpen == screen.feedbackOpen && m.feedbackOverdue == screen.feedbackOverdue)
        #expect(m.rectificationOpen == screen.rectificationOpen && m.rectificationOverdue == screen.rectificationOverdue)
        #expect(m.starLevel == screen.star.level)
        #expect(m.hasHonestyGroups == screen.fourHaves.hasHonestyGroups && m.hasAgreements == screen.fourHaves.hasAgreements)
        #expect(m.hasVillageRules == screen.fourHaves.hasVillageRules && m.hasRuleDocuments == screen.fourHaves.hasRuleDocuments)
        #expect(m.pledgeAssessed > 0 && m.pledgeKept <= m.pledgeAssessed)

        // The quarter's figures carry the star criteria the records decide, as the review screen shows them.
        let quarter = try db.figures(for: .quarter(now.year, (now.month + 2) / 3), today: now)
        let evidence = try db.starEvidence(on: now)
        #expect(!quarter.starCriteria.isEmpty && quarter.starCriteria.map(\.id) == evidence.map(\.criterionId))
        #expect(quarter.starCriteria.map(\.met) == evidence.map(\.met) && m.starCriteria.isEmpty)
        let printed = Layout.paginate(ReportDocuments.village(quarter, language: .zh), format: .continuous).text
        #expect(printed.contains("星级评议依据") && printed.contains("1星：") && printed.contains("村级季度报告单（星级评议用）"))
        #expect(printed.split(separator: "\n").allSatisfy { PageFormat.continuous.width(String($0)) <= 80 })

        // The year before the demo's records: no groups, agreements, checks nor stars yet.
        let old = try db.figures(for: .year(2020), today: now)
        #expect(old.groups == 0 && old.agreementsInForce == 0 && old.pledgeAssessed == 0 && old.checkRound == nil)
        #expect(old.starLevel == 0 && old.asOf == d("2020-12-31") && old.households == 0)
    }

    @Test func aTownshipViewerReadsTheFiguresAndAGroupLeaderMayNot() throws {
        let f = try Fixture()
        let group = try f.db.saveHonestyGroup(HonestyGroup(villageId: f.village.id!, villageGroupId: f.group1.id!, name: "一社互助组",
                                                          formedOn: d("2026-01-05")))
        try f.db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try f.db.addUser(username: "zu", displayName: "", role: .groupLeader, groupId: group.id!, password: "lead2026")
        try f.db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        f.db.signOut()
        try f.db.signIn(username: "town", password: "town2026")
        #expect(try f.db.figures(for: .month(2026, 1), today: d("2026-01-31")).groups == 1)
        f.db.signOut()
        try f.db.signIn(username: "zu", password: "lead2026")
        #expect(throws: StoreError.self) { try f.db.figures(for: .month(2026, 1), today: d("2026-01-31")) }
    }

    // MARK: Several villages and the township

    /// Three demo villages of one township, each built from its own seed, code and name.
    static func demoVillages(today: LocalDate) throws -> [MonthlyFigures] {
        var spec = try JSONDecoder().decode(DemoVillageSpec.self, from: Data(contentsOf: demoSpecURL))
        return try [("990101100201", "星光村", 1), ("990101100202", "月亮村", 2), ("990101100203", "太阳村", 3)].map { code, name, seed in
            spec.village.code = code
            spec.village.name = name
            let db = try AppDatabase.inMemory(passwordCost: Fixture.fastCost)
            try DemoVillage.build(into: db, spec: spec, seed: UInt64(seed))
            return try db.figures(for: .month(today.year, today.month), today: today)
        }
    }

    @Test func aTownshipSummaryOfThreeDemoVillagesPrintsWithinThePage() throws {
        let villages = try Self.demoVillages(today: now)
        #expect(Set(villages.map { [$0.persons, $0.pledgeKept, $0.householdsPledged] }).count > 1, "the seeds give different villages")
        let s = TownshipSummary.make(township: "示范镇", code: "990101100000", villages: villages)
        #expect(s.villages.map(\.villageName) == ["星光村", "月亮村", "太阳村"])
        #expect(s.totals.households == villages.map(\.households).reduce(0, +))
        #expect(s.totals.pledgeAssessed == villages.map(\.pledgeAssessed).reduce(0, +))
        #expect(s.starVillages.reduce(0, +) == 3)
        for language in Language.allCases {
            for document in [ReportDocuments.township(s, language: language), ReportDocuments.village(villages[1], language: language)] {
                let text = Layout.paginate(document, format: .continuous).text
                let widest = text.split(separator: "\n").map { PageFormat.continuous.width(String($0)) }.max() ?? 0
                #expect(widest <= 80, "\(language) \(document.title): \(widest) columns")
                #expect(text.contains("月亮村"))
            }
        }
        let town = Layout.paginate(ReportDocuments.township(s, language: .zh), format: .continuous).text
        #expect(town.contains("示范镇村级报告汇总表") && town.contains("合计") && town.contains("本村数据库，截至"))
    }

    // MARK: DHIS2

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/dhis2")

    /// The JSON types of a document, path by path ("dataValues[].value": "string").
    static func shape(_ value: Any, _ path: String = "", into shape: inout [String: String]) {
        switch value {
        case let o as [String: Any]:
            shape[path] = "object"
            for (k, v) in o { Self.shape(v, path.isEmpty ? k : "\(path).\(k)", into: &shape) }
        case let a as [Any]:
            shape[path] = "array"
            for v in a { Self.shape(v, "\(path)[]", into: &shape) }
        case is String: shape[path] = "string"
        case is NSNumber: shape[path] = "number"
        default: shape[path] = "null"
        }
    }

    static func shape(of data: Data) throws -> [String: String] {
        var s: [String: String] = [:]
        shape(try JSONSerialization.jsonObject(with: data), into: &s)
        return s
    }

    @Test func theDHIS2DocumentHasTheShapeOfDHIS2sOwnExamples() throws {
        let mapping = try AppDatabase.dhis2Mapping(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/dhis2/mapping.json"))
        #expect(mapping.problem() == nil)
        let villages = try Self.demoVillages(today: now)
        let document = try DHIS2DataValueSet.make(villages, mapping: mapping, completeDate: now).json()
        let ours = try Self.shape(of: document)
        let single = try Self.shape(of: Data(contentsOf: Self.fixtures.appendingPathComponent("dataValueSets-example.json")))
        let bulk = try Self.shape(of: Data(contentsOf: Self.fixtures.appendingPathComponent("dataValueSets-bulk-example.json")))
        // The set's own keys are the single example's, with the id schemes DHIS2 documents as
        // payload attributes; each value has the bulk example's keys, every one a string.
        let schemes: Set<String> = ["idScheme", "orgUnitIdScheme", "dataElementIdScheme"]
        let top = Set(ours.keys.filter { !$0.contains(".") && !$0.isEmpty })
        #expect(top.subtracting(schemes) == Set(single.keys.filter { !$0.contains(".") && !$0.isEmpty }).subtracting(["orgUnit"]))
        #expect(ours.filter { $0.key.hasPrefix("dataValues[].") } == bulk.filter { $0.key.hasPrefix("dataValues[].") })
        for (key, type) in ours where !key.hasPrefix("dataValues") && !key.isEmpty {
            #expect(type == "string", "\(key)")
            if let documented = single[key] { #expect(documented == type, "\(key)") }
        }
        #expect(ours["dataValues"] == "array" && single["dataValues"] == "array")

        // One value per village and mapped figure, each village by its code.
        let parsed = try JSONDecoder().decode(DHIS2DataValueSet.self, from: document)
        #expect(Set(parsed.dataValues.map(\.orgUnit)) == ["990101100201", "990101100202", "990101100203"])
        #expect(parsed.dataValues.allSatisfy { $0.period == ReportPeriod.month(now.year, now.month).dhis2 })
        let households = parsed.dataValues.filter { $0.dataElement == "CX_HOUSEHOLDS" }.map(\.value)
        #expect(households == villages.sorted { $0.villageCode < $1.villageCode }.map { "\($0.households)" })
    }
}
