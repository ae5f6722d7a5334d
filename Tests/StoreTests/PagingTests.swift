import Foundation
import Testing
import GRDB
import Domain
@testable import Store

/// Paging over a larger village (12,000 households, 48,000 persons) returns the
/// right pages; no timing is asserted.
@Suite struct PagingTests {
    static let householdTotal = 12_000

    /// Rows are written straight into the tables for speed, pinyin included.
    func bigVillage() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        let names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]
        let spelled = names.map { PinyinCache.shared.spell($0) }
        try db.dbWriter.write { d in
            try d.execute(sql: "INSERT INTO village(name) VALUES ('星光村')")
            for g in 1...8 {
                try d.execute(sql: "INSERT INTO village_group(village_id, number, name) VALUES (1, ?, ?)",
                              arguments: [g, "\(g)社"])
            }
            let household = try d.makeStatement(sql: """
                INSERT INTO household(village_id, village_group_id, number, address) VALUES (1, ?, ?, ?)
                """)
            let person = try d.makeStatement(sql: """
                INSERT INTO person(household_id, name, name_pinyin, name_initials, sex, relation, marital_status)
                VALUES (?, ?, ?, ?, 'male', ?, 'married')
                """)
            let head = try d.makeStatement(sql: "UPDATE household SET head_person_id = ? WHERE id = ?")
            for i in 0..<Self.householdTotal {
                let number = String(100_000 + i).dropFirst()   // "00000" …
                try household.execute(arguments: [i % 8 + 1, String(number), "地址\(i)"])
                let hid = d.lastInsertedRowID
                for j in 0..<4 {
                    let k = (i + j) % names.count
                    try person.execute(arguments: [hid, names[k], spelled[k].full, spelled[k].initials,
                                                   j == 0 ? "head" : "child"])
                    if j == 0 { try head.execute(arguments: [d.lastInsertedRowID, hid]) }
                }
            }
        }
        return db
    }

    @Test func pagesOfALargeVillage() throws {
        let db = try bigVillage()
        #expect(try db.counts() == (Self.householdTotal, Self.householdTotal * 4))
        #expect(try db.householdCount(filter: "", villageGroupId: nil) == Self.householdTotal)
        #expect(try db.householdCount(filter: "", villageGroupId: 3) == Self.householdTotal / 8)

        let deep = try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true,
                                        offset: 10_000, limit: 50)
        #expect(deep.count == 50)
        #expect(deep.first?.number == "10000")
        #expect(deep.last?.number == "10049")
        #expect(deep.allSatisfy { $0.memberCount == 4 })
        let last = try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: false,
                                        offset: 0, limit: 1)
        #expect(last.first?.number == "11999")

        // Heads are named by i % 8: 张伟 heads one household in eight.
        #expect(try db.householdCount(filter: "zw", villageGroupId: nil) == Self.householdTotal / 8)
        #expect(try db.householdCount(filter: "zhangwei", villageGroupId: nil) == Self.householdTotal / 8)
        let zhang = try db.householdRows(filter: "张伟", villageGroupId: nil, sort: .number, ascending: true,
                                         offset: 100, limit: 10)
        #expect(zhang.map(\.number).first == "00800")

        // Head-name pages follow the pinyin order: chen jing, huang yong, li na, …
        let byName = try db.householdRows(filter: "", villageGroupId: nil, sort: .headName, ascending: true,
                                          offset: Self.householdTotal / 8 - 1, limit: 2)
        #expect(byName.map(\.headName) == ["陈静", "黄勇"])

        // The person list: 4 rows per household, in household order.
        #expect(try db.personCount(filter: "") == Self.householdTotal * 4)
        let persons = try db.personRows(filter: "", offset: 40_000, limit: 8)
        #expect(persons.map(\.householdNumber) == ["10000", "10000", "10000", "10000",
                                                   "10001", "10001", "10001", "10001"])
        #expect(try db.personCount(filter: "wf") == Self.householdTotal / 2)
    }

    /// Reading slice after slice from the last row (as an export does) gives the rows that
    /// offset paging gives, in the same order, slice boundaries inside a household included.
    @Test func slicesFollowingTheLastRowMatchOffsetPages() throws {
        let db = try bigVillage()
        // A person added last to the first household still comes with that household.
        try db.dbWriter.write { d in
            try d.execute(sql: """
                INSERT INTO person(household_id, name, name_pinyin, name_initials, sex, relation, marital_status)
                VALUES (1, '王五', 'wangwu', 'ww', 'male', 'child', 'unmarried')
                """)
        }
        let total = try db.personCount(filter: "")
        #expect(total == Self.householdTotal * 4 + 1)
        var keyset: [PersonRow] = []
        var last: PersonRow?
        while true {
            let slice = try db.personRows(following: last, limit: 997)
            if slice.isEmpty { break }
            keyset += slice
            last = slice.last
        }
        var paged: [PersonRow] = []
        while paged.count < total {
            let page = try db.personRows(filter: "", offset: paged.count, limit: 997)
            if page.isEmpty { break }
            paged += page
        }
        #expect(keyset.count == total)
        #expect(keyset.map(\.id) == paged.map(\.id))
        #expect(keyset.map(\.name) == paged.map(\.name))
        #expect(keyset.prefix(5).map(\.name).last == "王五")
        #expect(try db.personRows(following: keyset.last, limit: 10).isEmpty)
        #expect(try db.personRows(following: nil, limit: 0).isEmpty)
    }
}
