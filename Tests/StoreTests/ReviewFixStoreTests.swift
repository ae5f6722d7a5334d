import Domain
import Testing
@testable import Store

@Suite struct SpouseAndSearchTests {
    func setUp() throws -> (AppDatabase, Int64) {
        let db = try AppDatabase.inMemory()
        let v = try db.saveVillage(Village(name: "星光村"))
        let g = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
        let (h, _) = try db.createHousehold(
            Household(villageId: v.id!, villageGroupId: g.id!, number: "0101"),
            head: Person(householdId: 0, name: "张三", sex: .male,
                         idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11),
                         relation: .head, maritalStatus: .married))
        return (db, h.id!)
    }

    @Test func aSecondSpouseIsRefusedNamingTheFirst() throws {
        let (db, hid) = try setUp()
        try db.savePerson(Person(householdId: hid, name: "李四", sex: .female, relation: .spouse, maritalStatus: .married))
        #expect {
            try db.savePerson(Person(householdId: hid, name: "王五", sex: .female, relation: .spouse, maritalStatus: .married))
        } throws: { error in
            guard case StoreError.invalid(let errors) = error else { return false }
            return errors.map(\.field) == ["relation"] && errors[0].message.zh.contains("本户已有配偶：李四")
        }
        // Saving the existing spouse again is fine.
        let spouse = try #require(try db.members(householdId: hid).first { $0.relation == .spouse })
        try db.savePerson(spouse)
    }

    @Test func personsAreFoundByIDNumberAndHouseholdNumber() throws {
        let (db, _) = try setUp()
        #expect(try db.personRows(filter: "990101198504", offset: 0, limit: 10).map(\.name) == ["张三"])
        #expect(try db.personCount(filter: "0101") == 1)
        #expect(try db.personCount(filter: "0102") == 0)
        #expect(try db.personCount(filter: "zs") == 1)
    }
}
