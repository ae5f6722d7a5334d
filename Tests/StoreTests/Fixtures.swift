import Foundation
import Domain
@testable import Store

/// A village with two 社, in a fresh in-memory database.
struct Fixture {
    let db: AppDatabase
    let village: Village
    let group1: VillageGroup
    let group2: VillageGroup

    /// A cheap scrypt cost: tests sign in often.
    static let fastCost = ScryptCost(log2N: 10, r: 8, p: 1)

    init() throws {
        db = try AppDatabase.inMemory(passwordCost: Fixture.fastCost)
        village = try db.saveVillage(Village(name: "星光村", township: "示范镇", county: "示范县"))
        group1 = try db.saveVillageGroup(VillageGroup(villageId: village.id!, number: 1, name: "一社"))
        group2 = try db.saveVillageGroup(VillageGroup(villageId: village.id!, number: 2, name: "二社"))
    }

    /// A valid ID for a birth date and sex; `n` keeps numbers apart.
    static func id(_ date: String, _ sex: Sex, _ n: Int = 0) -> String {
        IDNumber.make(area: "990101", birthDate: LocalDate(date)!, sequence: n * 2 + (sex == .male ? 1 : 0))
    }

    @discardableResult
    func household(_ number: String, head name: String, sex: Sex = .male, born: String = "1980-05-01",
                   group: VillageGroup? = nil, address: String = "", n: Int = 0) throws -> (Household, Person) {
        let g = group ?? group1
        return try db.createHousehold(
            Household(villageId: village.id!, villageGroupId: g.id!, number: number, address: address),
            head: Person(householdId: 0, name: name, sex: sex, idNumber: Fixture.id(born, sex, n), relation: .head,
                         maritalStatus: .married))
    }
}

func invalidFields(_ body: () throws -> Void) -> [FieldError]? {
    do {
        try body()
        return nil
    } catch StoreError.invalid(let errors) {
        return errors
    } catch {
        return nil
    }
}

/// Data/demo_village.json in the repository.
let demoSpecURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Data/demo_village.json")
