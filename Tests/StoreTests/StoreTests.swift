import Foundation
import Testing
import GRDB
import Domain
@testable import Store

@Suite struct SchemaTests {
    @Test func migratesFromEmpty() throws {
        let db = try AppDatabase.inMemory()
        try db.reader.read { db in
            for table in ["village", "village_group", "household", "person"] {
                #expect(try db.tableExists(table))
            }
            let personIndexes = Set(try db.indexes(on: "person").map(\.columns))
            // Persons by household through (household_id, left_on); pinyin with the birth date since v10.
            #expect(personIndexes.isSuperset(of: [["household_id", "left_on"], ["id_number"], ["name_pinyin", "birth_date"], ["name_initials"]]))
            let householdIndexes = try db.indexes(on: "household")
            #expect(householdIndexes.contains { $0.isUnique && $0.columns == ["village_id", "number"] })
            #expect(householdIndexes.contains { $0.columns.first == "village_group_id" })
            let keys = try db.foreignKeys(on: "person")
            #expect(keys.contains { $0.destinationTable == "household" })
        }
        #expect(try db.village() == nil)
        #expect(try db.counts() == (0, 0))
    }

    @Test func defaultPath() {
        #expect(AppDatabase.defaultPath(environment: ["CHENGXIN_DB": "/x/y.sqlite", "HOME": "/h"]) == "/x/y.sqlite")
        #expect(AppDatabase.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/chengxin/chengxin.sqlite")
    }

    @Test func fileDatabaseIsWALFullSyncPrivate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sub/chengxin.sqlite").path
        do {
            let db = try AppDatabase.open(path: path)
            let pragmas = try db.dbWriter.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                 try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                 try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
            }
            #expect(pragmas.0 == "wal")
            #expect(pragmas.1 == 2)
            #expect(pragmas.2 == 1)
            try db.saveVillage(Village(name: "星光村"))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // Reopening keeps the data.
        let again = try AppDatabase.open(path: path)
        #expect(try again.village()?.name == "星光村")
    }
}

@Suite struct RecordTests {
    @Test func villageRoundTrip() throws {
        let db = try AppDatabase.inMemory()
        var v = try db.saveVillage(Village(name: " 星光村 ", township: "示范镇", county: "示范县"))
        #expect(v.id != nil)
        #expect(try db.village() == v)
        #expect(v.name == "星光村")
        v.township = "新镇"
        try db.saveVillage(v)
        #expect(try db.village()?.township == "新镇")
        #expect(invalidFields { try db.saveVillage(Village(name: "")) }?.map(\.field) == ["name"])
    }

    @Test func villageGroupRoundTripAndUniqueness() throws {
        let f = try Fixture()
        let groups = try f.db.villageGroups()
        #expect(groups.map(\.group) == [f.group1, f.group2])
        #expect(groups.map(\.householdCount) == [0, 0])

        let sameNumber = invalidFields {
            try f.db.saveVillageGroup(VillageGroup(villageId: f.village.id!, number: 1, name: "三社"))
        }
        #expect(sameNumber?.map(\.field) == ["number"])
        #expect(sameNumber?.first?.message.zh.contains("一社") == true)
        let sameName = invalidFields {
            try f.db.saveVillageGroup(VillageGroup(villageId: f.village.id!, number: 3, name: "二社"))
        }
        #expect(sameName?.map(\.field) == ["name"])
        #expect(sameName?.first?.message.en.contains("二社") == true)

        var renamed = f.group2
        renamed.name = "第二社"
        try f.db.saveVillageGroup(renamed)
        #expect(try f.db.villageGroups().last?.group.name == "第二社")
    }

    @Test func householdAndPersonRoundTrip() throws {
        let f = try Fixture()
        let (h, head) = try f.household("0101", head: "张三", address: "星光村一社1号")
        #expect(h.headPersonId == head.id)
        #expect(try f.db.household(id: h.id!) == h)
        #expect(try f.db.person(id: head.id!) == head)
        #expect(head.relation == .head)
        #expect(head.birthDate == LocalDate("1980-05-01"))   // taken from the ID

        let wife = try f.db.savePerson(Person(
            householdId: h.id!, name: "李秀英", sex: .female, idNumber: Fixture.id("1982-03-04", .female).lowercased(),
            relation: .spouse, maritalStatus: .married, phone: "13912345678", isAssociationMember: true,
            migrantStatus: .outflow, whereabouts: "广东省东莞市", migrantContact: "0769-1234567"))
        #expect(wife.birthDate == LocalDate("1982-03-04"))
        #expect(try f.db.person(id: wife.id!) == wife)

        var updated = h
        updated.address = "星光村一社2号"
        updated.phone = "0310-1234567"
        try f.db.updateHousehold(updated)
        #expect(try f.db.household(id: h.id!) == updated)

        let rows = try f.db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true,
                                          offset: 0, limit: 10)
        #expect(rows == [HouseholdRow(id: h.id!, number: "0101", villageGroupName: "一社", headName: "张三",
                                      headIdNumber: head.idNumber, address: "星光村一社2号",
                                      phone: "0310-1234567", memberCount: 2)])
        #expect(try f.db.counts() == (1, 2))
        #expect(try f.db.villageGroups().map(\.householdCount) == [1, 0])

        var missing = updated
        missing.id = 999
        #expect(throws: StoreError.notFound) { try f.db.updateHousehold(missing) }
    }

    @Test func pinyinColumnsFollowTheName() throws {
        let f = try Fixture()
        let (_, head) = try f.household("0101", head: "张三")
        var renamed = head
        renamed.name = "李四"
        try f.db.savePerson(renamed)
        let row = try f.db.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT name_pinyin, name_initials FROM person WHERE id = ?", arguments: [head.id])
        }
        #expect(row?["name_pinyin"] == "lisi")
        #expect(row?["name_initials"] == "ls")
    }

    @Test func membersAreOrderedHeadFirst() throws {
        let f = try Fixture()
        let (h, head) = try f.household("0101", head: "张三", born: "1970-01-01")
        let hid = h.id!
        let younger = try f.db.savePerson(Person(householdId: hid, name: "张小二", sex: .male,
            birthDate: LocalDate("2005-01-01"), relation: .child))
        let older = try f.db.savePerson(Person(householdId: hid, name: "张大", sex: .female,
            birthDate: LocalDate("2000-01-01"), relation: .child))
        let mother = try f.db.savePerson(Person(householdId: hid, name: "王氏", sex: .female, relation: .parent))
        let wife = try f.db.savePerson(Person(householdId: hid, name: "李梅", sex: .female, relation: .spouse))
        #expect(try f.db.members(householdId: hid).map(\.id) == [head.id, wife.id, older.id, younger.id, mother.id])
    }
}

@Suite struct RuleTests {
    @Test func duplicateHouseholdNumberNamesTheHead() throws {
        let f = try Fixture()
        try f.household("0012", head: "张三")
        let errors = invalidFields { try f.household("0012", head: "李四", n: 1) }
        #expect(errors?.map(\.field) == ["number"])
        #expect(errors?.first?.message.zh == "户编号 0012 已被 张三 户使用")
        #expect(try f.db.counts() == (1, 1))

        let (other, _) = try f.household("0013", head: "王五", n: 2)
        var clash = other
        clash.number = "0012"
        #expect(invalidFields { try f.db.updateHousehold(clash) }?.first?.message.zh == "户编号 0012 已被 张三 户使用")
    }

    @Test func duplicateIDNamesThePersonAndHousehold() throws {
        let f = try Fixture()
        let (_, zhang) = try f.household("0012", head: "张三")
        let errors = invalidFields {
            try f.db.createHousehold(Household(villageId: f.village.id!, villageGroupId: f.group1.id!, number: "0013"),
                                     head: Person(householdId: 0, name: "李四", sex: .male, idNumber: zhang.idNumber,
                                                  relation: .head))
        }
        #expect(errors?.map(\.field) == ["headIdNumber"])
        #expect(errors?.first?.message.zh == "身份证号已登记：张三（户 0012）")

        let (h2, _) = try f.household("0013", head: "李四", n: 1)
        let again = invalidFields {
            try f.db.savePerson(Person(householdId: h2.id!, name: "王五", sex: .male, idNumber: zhang.idNumber,
                                       relation: .child))
        }
        #expect(again?.map(\.field) == ["idNumber"])
        #expect(again?.first?.message.en.contains("张三 (household 0012)") == true)
        // Saving the holder itself is fine.
        #expect(throws: Never.self) { try f.db.savePerson(zhang) }
    }

    @Test func createHouseholdIsAtomic() throws {
        let f = try Fixture()
        let errors = invalidFields {
            try f.db.createHousehold(
                Household(villageId: f.village.id!, villageGroupId: f.group1.id!, number: "0101"),
                head: Person(householdId: 0, name: "张三", sex: .male, idNumber: "11010519491231002X", relation: .head))
        }
        #expect(errors?.map(\.field) == ["headSex"])
        #expect(try f.db.counts() == (0, 0))

        let both = invalidFields {
            try f.db.createHousehold(
                Household(villageId: f.village.id!, villageGroupId: f.group1.id!, number: "01 01"),
                head: Person(householdId: 0, name: "张3", sex: .male, relation: .head))
        }
        #expect(Set(both?.map(\.field) ?? []) == ["number", "headName"])
        #expect(try f.db.counts() == (0, 0))
    }

    @Test func oneHeadPerHousehold() throws {
        let f = try Fixture()
        let (h, head) = try f.household("0101", head: "张三")
        let second = invalidFields {
            try f.db.savePerson(Person(householdId: h.id!, name: "张四", sex: .male, relation: .head))
        }
        #expect(second?.map(\.field) == ["relation"])
        #expect(second?.first?.message.zh.contains("张三") == true)

        var demoted = head
        demoted.relation = .child
        #expect(invalidFields { try f.db.savePerson(demoted) }?.map(\.field) == ["relation"])
        #expect(throws: StoreError.self) { try f.db.deletePerson(id: head.id!) }

        let son = try f.db.savePerson(Person(householdId: h.id!, name: "张小", sex: .male, relation: .child))
        try f.db.changeHead(householdId: h.id!, newHeadId: son.id!, formerHeadRelation: .parent)
        #expect(try f.db.household(id: h.id!)?.headPersonId == son.id)
        #expect(try f.db.person(id: head.id!)?.relation == .parent)
        #expect(try f.db.members(householdId: h.id!).first?.id == son.id)
        try f.db.deletePerson(id: head.id!)
        #expect(try f.db.counts() == (1, 1))
    }

    @Test func deleteVillageGroupOnlyWhenEmpty() throws {
        let f = try Fixture()
        try f.household("0101", head: "张三")
        try f.household("0102", head: "李四", n: 1)
        #expect(throws: StoreError.refused(Localized("一社还有 2 户，不能删除",
                                                     "一社 still has 2 households; it cannot be deleted"))) {
            try f.db.deleteVillageGroup(id: f.group1.id!)
        }
        try f.db.deleteVillageGroup(id: f.group2.id!)
        #expect(try f.db.villageGroups().map(\.group.name) == ["一社"])
        #expect(throws: StoreError.notFound) { try f.db.deleteVillageGroup(id: f.group2.id!) }
    }

    @Test func deleteHouseholdRemovesItsMembers() throws {
        let f = try Fixture()
        let (h, _) = try f.household("0101", head: "张三")
        try f.db.savePerson(Person(householdId: h.id!, name: "李梅", sex: .female, relation: .spouse))
        try f.household("0102", head: "李四", n: 1)
        try f.db.deleteHousehold(id: h.id!)
        #expect(try f.db.counts() == (1, 1))
    }
}

@Suite struct ListTests {
    /// 张三 0101 一社, 李四 0102 一社, 张珊珊 0201 二社, Anna Petrova 0202 二社, 王五 0203 二社.
    func sample() throws -> Fixture {
        let f = try Fixture()
        try f.household("0101", head: "张三", address: "星光村一社1号", n: 1)
        try f.household("0102", head: "李四", address: "星光村一社2号", n: 2)
        let (h, _) = try f.household("0201", head: "张珊珊", sex: .female, group: f.group2, address: "星光村二社1号", n: 3)
        try f.household("0202", head: "Anna Petrova", sex: .female, group: f.group2, address: "星光村二社5号", n: 4)
        try f.household("0203", head: "王五", group: f.group2, address: "星光村二社3号", n: 5)
        for name in ["刘一", "刘二"] {
            try f.db.savePerson(Person(householdId: h.id!, name: name, sex: .male, relation: .child))
        }
        return f
    }

    func heads(_ f: Fixture, _ filter: String, group: Int64? = nil) throws -> [String] {
        let rows = try f.db.householdRows(filter: filter, villageGroupId: group, sort: .number, ascending: true,
                                          offset: 0, limit: 100)
        #expect(try f.db.householdCount(filter: filter, villageGroupId: group) == rows.count)
        return rows.map(\.headName)
    }

    @Test func filters() throws {
        let f = try sample()
        #expect(try heads(f, "") == ["张三", "李四", "张珊珊", "Anna Petrova", "王五"])
        #expect(try heads(f, "zs") == ["张三", "张珊珊"])
        #expect(try heads(f, "ZS") == ["张三", "张珊珊"])
        #expect(try heads(f, "zhangsan") == ["张三"])
        #expect(try heads(f, "zhang san") == ["张三"])
        #expect(try heads(f, "zhangsh") == ["张珊珊"])
        #expect(try heads(f, "zhang") == ["张三", "张珊珊"])
        #expect(try heads(f, "zss") == ["张珊珊"])
        #expect(try heads(f, "ls") == ["李四"])
        #expect(try heads(f, "张") == ["张三", "张珊珊"])
        #expect(try heads(f, "珊") == ["张珊珊"])
        #expect(try heads(f, "anna") == ["Anna Petrova"])
        #expect(try heads(f, "petrova") == ["Anna Petrova"])
        #expect(try heads(f, "02") == ["李四", "张珊珊", "Anna Petrova", "王五"])   // number contains
        #expect(try heads(f, "0203") == ["王五"])
        #expect(try heads(f, "二社5") == ["Anna Petrova"])                      // address contains
        #expect(try heads(f, "%") == [])
        #expect(try heads(f, "_") == [])
        #expect(try heads(f, "", group: f.group1.id) == ["张三", "李四"])
        #expect(try heads(f, "zs", group: f.group2.id) == ["张珊珊"])
    }

    @Test func personFilters() throws {
        let f = try sample()
        #expect(try f.db.personCount(filter: "") == 7)
        let liu = try f.db.personRows(filter: "ly", offset: 0, limit: 10)
        #expect(liu.map(\.name) == ["刘一"])
        #expect(liu.first?.householdNumber == "0201")
        #expect(try f.db.personRows(filter: "liu", offset: 0, limit: 10).map(\.name) == ["刘一", "刘二"])
        #expect(try f.db.personCount(filter: "liu") == 2)
        #expect(try f.db.personRows(filter: "张", offset: 0, limit: 10).map(\.name) == ["张三", "张珊珊"])
        let all = try f.db.personRows(filter: "", offset: 0, limit: 100)
        #expect(all.map(\.householdNumber) == ["0101", "0102", "0201", "0201", "0201", "0202", "0203"])
        #expect(try f.db.personRows(filter: "", offset: 2, limit: 2) == Array(all[2..<4]))
    }

    @Test func sortsAndPages() throws {
        let f = try sample()
        func order(_ sort: HouseholdSort, _ ascending: Bool) throws -> [String] {
            try f.db.householdRows(filter: "", villageGroupId: nil, sort: sort, ascending: ascending,
                                   offset: 0, limit: 100).map(\.number)
        }
        #expect(try order(.number, true) == ["0101", "0102", "0201", "0202", "0203"])
        #expect(try order(.number, false) == ["0203", "0202", "0201", "0102", "0101"])
        #expect(try order(.villageGroup, false) == ["0203", "0202", "0201", "0102", "0101"])
        // By pinyin: anna petrova, li si, wang wu, zhang san, zhang shan shan.
        #expect(try order(.headName, true) == ["0202", "0102", "0203", "0101", "0201"])
        #expect(try order(.address, true) == ["0101", "0102", "0201", "0203", "0202"])
        #expect(try order(.memberCount, false).first == "0201")

        var paged: [HouseholdRow] = []
        for offset in stride(from: 0, to: 5, by: 2) {
            paged += try f.db.householdRows(filter: "", villageGroupId: nil, sort: .headName, ascending: false,
                                            offset: offset, limit: 2)
        }
        #expect(paged.map(\.number) == ["0202", "0102", "0203", "0101", "0201"].reversed())
        #expect(try f.db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true,
                                       offset: 5, limit: 2).isEmpty)
    }
}

@Suite struct HouseholdCardTests {
    @Test func updatesHouseholdAndHeadTogether() throws {
        let f = try Fixture()
        let (h, head) = try f.household("0101", head: "张三")
        let (_, li) = try f.household("0102", head: "李四", n: 1)
        var card = h
        card.address = "星光村一社9号"
        var newHead = head
        newHead.name = "张三丰"
        newHead.idNumber = Fixture.id("1975-02-03", .male, 5)
        newHead.birthDate = nil
        try f.db.updateHousehold(card, head: newHead)
        #expect(try f.db.household(id: h.id!)?.address == "星光村一社9号")
        let saved = try f.db.person(id: head.id!)
        #expect(saved?.name == "张三丰")
        #expect(saved?.birthDate == LocalDate("1975-02-03"))

        // A clash on the head's ID changes nothing.
        card.address = "星光村一社10号"
        newHead.idNumber = li.idNumber
        let errors = invalidFields { try f.db.updateHousehold(card, head: newHead) }
        #expect(errors?.map(\.field) == ["headIdNumber"])
        #expect(errors?.first?.message.zh == "身份证号已登记：李四（户 0102）")
        #expect(try f.db.household(id: h.id!)?.address == "星光村一社9号")

        // Only the household's own head.
        #expect(throws: StoreError.self) { try f.db.updateHousehold(card, head: li) }
    }
}
