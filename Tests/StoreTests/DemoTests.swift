import Foundation
import Testing
import GRDB
import Domain
@testable import Store

@Suite struct DemoTests {
    func allPersons(_ db: AppDatabase) throws -> [Person] {
        try db.reader.read { db in try Person.order(Column("id")).fetchAll(db) }
    }

    @Test func buildsTheDemoVillage() throws {
        let db = try AppDatabase.inMemory()
        let start = Date()
        try DemoVillage.build(into: db, specURL: demoSpecURL)
        let seconds = Date().timeIntervalSince(start)
        let (households, persons) = try db.counts()
        print("demo: \(households) households, \(persons) persons in \(String(format: "%.2f", seconds)) s")

        #expect(try db.village()?.name == "星光村")
        let groups = try db.villageGroups()
        #expect(groups.map(\.group.name) == ["一社", "二社", "三社", "四社", "五社", "六社", "七社", "八社"])
        #expect(groups.allSatisfy { (30...45).contains($0.householdCount) })
        #expect((280...320).contains(households))
        #expect((900...1100).contains(persons))

        let people = try allPersons(db)
        var ids = Set<String>()
        for p in people {
            #expect(IDNumber.problems(p.idNumber).isEmpty, "\(p.name) \(p.idNumber)")
            #expect(IDNumber.sex(of: p.idNumber) == p.sex)
            #expect(IDNumber.birthDate(of: p.idNumber) == p.birthDate)
            #expect(p.idNumber.hasPrefix("990101"))
            #expect(Validation.validate(p).isEmpty, "\(p.name)")
            ids.insert(p.idNumber)
        }
        #expect(ids.count == people.count)

        // Every household has exactly one head, recorded on the card.
        let rows = try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true,
                                        offset: 0, limit: 1000)
        #expect(rows.first?.number == "0101")
        #expect(rows.first?.address == "星光村一社1号")
        #expect(rows.allSatisfy { !$0.headName.isEmpty && (1...6).contains($0.memberCount) })
        #expect(rows.filter { !$0.phone.isEmpty }.count > households * 8 / 10)
        let heads = people.filter { $0.relation == .head }
        #expect(heads.count == households)

        // Married couples of childbearing age (the woman 15–49) living together.
        let today = LocalDate("2026-01-01")!
        let byHousehold = Dictionary(grouping: people, by: \.householdId)
        let couples = byHousehold.values.filter { members in
            members.contains { p in
                p.sex == .female && p.maritalStatus == .married && (p.relation == .head || p.relation == .spouse)
                    && (15...49).contains(p.birthDate!.age(on: today))
            } && members.contains { $0.relation == .spouse }
        }
        #expect(couples.count > 100)

        #expect(people.filter(\.isAssociationMember).count >= 10)
        let outflow = people.filter { $0.migrantStatus == .outflow }
        #expect(outflow.count >= 5)
        #expect(outflow.allSatisfy { !$0.whereabouts.isEmpty && !$0.migrantContact.isEmpty })
        #expect(people.contains { $0.name == "阿依古丽·买买提" })
        #expect(people.contains { $0.name.allSatisfy { $0.isASCII } })
        // Children are younger than their mothers by at least 20 years.
        for members in byHousehold.values {
            guard let mother = members.first(where: { $0.sex == .female && ($0.relation == .head || $0.relation == .spouse) })
            else { continue }
            for child in members where child.relation == .child {
                #expect(mother.birthDate!.age(on: child.birthDate!) >= 20)
            }
        }
    }

    @Test func isDeterministicAndRefusesASecondBuild() throws {
        let a = try AppDatabase.inMemory()
        let b = try AppDatabase.inMemory()
        try DemoVillage.build(into: a, specURL: demoSpecURL)
        try DemoVillage.build(into: b, specURL: demoSpecURL)
        #expect(try allPersons(a) == allPersons(b))
        #expect(try a.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1000)
            == b.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1000))

        #expect(throws: StoreError.self) { try DemoVillage.build(into: a, specURL: demoSpecURL) }
        #expect(try a.counts() == b.counts())

        let c = try AppDatabase.inMemory()
        try DemoVillage.build(into: c, specURL: demoSpecURL, seed: 7)
        #expect(try allPersons(c) != allPersons(a))
    }

    @Test func refusesWhenAVillageExists() throws {
        let db = try AppDatabase.inMemory()
        try db.saveVillage(Village(name: "别的村"))
        #expect(throws: StoreError.self) { try DemoVillage.build(into: db, specURL: demoSpecURL) }
        #expect(try db.counts() == (0, 0))
    }
}
