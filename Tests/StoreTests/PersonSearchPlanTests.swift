import Foundation
import Testing
import GRDB
import Domain
@testable import Store

/// The person search reads a page either by walking households in number order or
/// by sorting the candidates found through the indexes, and counts no further than
/// asked. Both plans and the capped count are compared with a brute-force filter in
/// Swift over a village where 3,000 persons are called 王.
@Suite struct PersonSearchPlanTests {
    struct Expected: Equatable {
        var id: Int64
        var number: String
        var householdId: Int64
    }

    /// 1,500 households numbered out of id order, 4 persons each: two 王 per household
    /// (3,000 in all), the others common and rare names; every 7th person has left.
    static func village() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        let wang = ["王秀英", "王伟", "王秀兰", "王建国", "王芳", "王英"]
        let others = ["吴秀英", "汪洋", "李秀", "欧阳明", "张伟", "秀王", "魏英", "Wang Li"]
        try db.dbWriter.write { d in
            try d.execute(sql: "INSERT INTO village(name) VALUES ('星光村')")
            try d.execute(sql: "INSERT INTO village_group(village_id, number, name) VALUES (1, 1, '1社')")
            let household = try d.makeStatement(sql: """
                INSERT INTO household(village_id, village_group_id, number, address) VALUES (1, 1, ?, '')
                """)
            let person = try d.makeStatement(sql: """
                INSERT INTO person(household_id, name, name_pinyin, name_initials, sex, relation, marital_status,
                                   id_number, left_on)
                VALUES (?, ?, ?, ?, 'male', ?, 'married', ?, ?)
                """)
            var n = 0
            for i in 0..<1500 {
                // Numbers run backwards in blocks, so number order is not id order.
                let number = String(format: "%04d", (i % 10) * 150 + (149 - i / 10))
                try household.execute(arguments: [number])
                let hid = d.lastInsertedRowID
                for j in 0..<4 {
                    n += 1
                    let name = j < 2 ? wang[(i + j) % wang.count] : others[(i * 3 + j) % others.count]
                    let spelled = PinyinCache.shared.spell(name)
                    try person.execute(arguments: [hid, name, spelled.full, spelled.initials, j == 0 ? "head" : "child",
                                                   String(format: "9901011990%04d%04d", i, j),
                                                   (n % 7 == 0 ? "2025-01-01" : nil) as String?])
                }
            }
        }
        return db
    }

    /// The rows every plan must give, filtered and sorted in Swift.
    static func bruteForce(_ db: AppDatabase, _ filter: String) throws -> [Expected] {
        let text = filter.trimmingCharacters(in: .whitespaces)
        let latin = SearchText(filter).latin
        let rows = try db.dbWriter.read { d in
            try Row.fetchAll(d, sql: """
                SELECT p.id, p.name, p.name_pinyin, p.name_initials, p.id_number, p.left_on, h.number, h.id AS hid
                FROM person p JOIN household h ON h.id = p.household_id
                """)
        }
        var out: [(String, Int64, Int64)] = []
        for row in rows {
            guard (row["left_on"] as String?) == nil else { continue }
            let name: String = row["name"], number: String = row["number"]
            let idNumber: String = row["id_number"]
            var match = text.isEmpty || name.lowercased().contains(text.lowercased())
                || idNumber.uppercased().hasPrefix(text.uppercased()) || number == text
            if let latin {
                match = match || (row["name_initials"] as String).lowercased().hasPrefix(latin)
                    || (row["name_pinyin"] as String).lowercased().hasPrefix(latin)
            }
            if match { out.append((number, row["hid"], row["id"])) }
        }
        return out.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            .map { Expected(id: $0.2, number: $0.0, householdId: $0.1) }
    }

    static let filters = ["王", "王秀", "王秀英", "秀英", "英", "w", "wx", "wxy", "wang", "WANG L", "欧阳明", "oym", "x",
                          "", "0001", "99010119900012", "无此人"]

    @Test func bothPlansGiveTheBruteForceRowsOnEveryPage() throws {
        let db = try Self.village()
        for filter in Self.filters {
            let expected = try Self.bruteForce(db, filter)
            try db.dbWriter.read { d in
                let search = SearchText(filter)
                #expect(try AppDatabase.personCount(d, search: search, trace: nil) == expected.count, "\(filter)")
                let pages = [(0, 44), (44, 44), (1000, 44), (max(0, expected.count - 10), 44), (expected.count, 44)]
                for (offset, limit) in pages {
                    let want = Array(expected.dropFirst(offset).prefix(limit))
                    for plan in [AppDatabase.PersonRowsPlan.walk, .candidates, nil] {
                        let got = try AppDatabase.personRows(d, search: search, offset: offset, limit: limit,
                                                             plan: plan, trace: nil)
                            .map { Expected(id: $0.id, number: $0.householdNumber, householdId: $0.householdId) }
                        #expect(got == want, "\(filter) offset \(offset) plan \(String(describing: plan))")
                    }
                }
            }
        }
        // The fixture does what it says: 王 is common, and its matches are not in id order.
        let wang = try Self.bruteForce(db, "王")
        #expect(wang.count > 2500)
        #expect(wang.map(\.id) != wang.map(\.id).sorted())
    }

    @Test func theCappedCountIsExactUpToTheLimitAndAboveItOtherwise() throws {
        let db = try Self.village()
        for filter in Self.filters {
            let total = try Self.bruteForce(db, filter).count
            for limit in [0, 1, 10, 1000, total - 1, total, 100_000] where limit >= 0 {
                let n = try db.personCount(filter: filter, atMost: limit)
                if total <= limit {
                    #expect(n == total, "\(filter) limit \(limit)")
                } else {
                    #expect(n > limit, "\(filter) limit \(limit)")
                }
            }
        }
    }

    @Test func aCommonSurnameIsCountedOnlyUpToTheLimitAndWalked() throws {
        let db = try Self.village()
        var statements: [String] = []
        let n = try db.dbWriter.read { d in
            try AppDatabase.personCount(d, search: SearchText("王"), atMost: 100) { sql, _ in statements.append(sql) }
        }
        #expect(n == 101)
        // One index's matches were enough: no statement counted every match.
        #expect(statements.count == 1)
        #expect(statements.allSatisfy { $0.contains("LIMIT ?") })
        var rowStatements: [String] = []
        _ = try db.dbWriter.read { d in
            try AppDatabase.personRows(d, search: SearchText("王"), offset: 0, limit: 44, plan: nil) { sql, _ in
                rowStatements.append(sql)
            }
        }
        #expect(rowStatements.last?.contains("FROM household h CROSS JOIN person p") == true)
        // A household number (four persons) does not fill a page from the walk: its candidates are sorted.
        rowStatements = []
        _ = try db.dbWriter.read { d in
            try AppDatabase.personRows(d, search: SearchText("0001"), offset: 0, limit: 44, plan: nil) { sql, _ in
                rowStatements.append(sql)
            }
        }
        #expect(rowStatements.last?.contains("FROM person p CROSS JOIN household h") == true)
    }
}

extension PersonSearchPlanTests {
    @Test func theSearchGivesTheCappedCountAndTheFirstRowsInOneRead() throws {
        let db = try Self.village()
        for filter in Self.filters {
            let expected = try Self.bruteForce(db, filter)
            for limit in [10, 1000] {
                let found = try db.personSearch(filter: filter, atMost: limit, firstRows: 100)
                #expect(found.count == (expected.count > limit ? limit + 1 : expected.count), "\(filter) \(limit)")
                #expect(found.rows.map { Expected(id: $0.id, number: $0.householdNumber, householdId: $0.householdId) }
                        == Array(expected.prefix(100)), "\(filter) \(limit)")
                // The same rows as paging asks for them (masked the same way).
                #expect(found.rows == (try db.personRows(filter: filter, offset: 0, limit: 100)), "\(filter)")
                // Later pages read with what the count found are the pages read without it.
                let matches = try db.personMatches(filter: filter, atMost: limit)
                #expect(matches.isCapped == (expected.count > limit))
                for offset in [0, 44, expected.count - 3] where offset >= 0 {
                    #expect(try db.personRows(filter: filter, offset: offset, limit: 44, after: matches)
                            == db.personRows(filter: filter, offset: offset, limit: 44), "\(filter) \(offset)")
                }
            }
        }
    }
}
