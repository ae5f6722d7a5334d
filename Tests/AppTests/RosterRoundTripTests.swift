import Domain
import Foundation
import Store
import Testing
@testable import App

/// `chengxin export roster` then `import persons` into an empty village gives the same persons.
@Suite struct RosterRoundTripTests {
    /// Every current person as the roster holds them: household, 社 and the person's fields.
    func persons(_ db: AppDatabase) throws -> Set<String> {
        var out: Set<String> = []
        for h in try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1000) {
            let household = try #require(try db.household(id: h.id))
            for p in try db.members(householdId: h.id) {
                out.insert([h.number, h.villageGroupName, p.id == household.headPersonId ? household.address : "", p.name,
                            p.relation.rawValue, p.sex.rawValue, p.birthDate?.description ?? "", p.idNumber,
                            p.maritalStatus.rawValue, p.phone, String(p.isAssociationMember), p.migrantStatus.rawValue,
                            p.whereabouts].joined(separator: "|"))
            }
        }
        return out
    }

    @Test(arguments: [("csv", Language.zh), ("xlsx", .zh), ("xlsx", .en)])
    func exportThenImportIntoAnEmptyVillageGivesTheSamePersons(_ format: String, _ language: Language) throws {
        let source = try makeFixtureDatabase()
        let app = try makeModel(source, language: language)
        // One more family with a migrant, so every column carries something.
        let h = try #require(try source.householdRows(filter: "0201", villageGroupId: nil, sort: .number, ascending: true,
                                                       offset: 0, limit: 1).first)
        try source.savePerson(Person(householdId: h.id, name: "王丽", sex: .female,
                                     idNumber: IDNumber.make(area: "990101", birthDate: LocalDate("1998-03-08")!, sequence: 60),
                                     relation: .child, phone: "13700001111", migrantStatus: .outflow, whereabouts: "江苏省苏州市"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("花名册.\(format)").path
        let rows = try RosterExporter(app.context).readForExport(fullNumbers: true)
        let export = try ListExport(rows, path: path, format: format == "csv" ? .csv : .xlsx, encoding: .utf8)
        #expect(try export.finish(source) == 5)
        // The export with whole numbers is in the audit log.
        #expect(try source.auditEntries(limit: 5).contains { $0.action == "export" && ($0.after ?? "").contains("roster") })

        let target = try AppDatabase.inMemory(passwordCost: testPasswordCost)
        let v = try target.saveVillage(Village(name: "新村"))
        try target.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
        try target.saveVillageGroup(VillageGroup(villageId: v.id!, number: 2, name: "二社"))
        let file = try TableFile.open(path)
        let mapping = ImportMapping.guessed(header: try file.firstRows(1)[0].fields)
        #expect(mapping.problems(in: try file.firstRows(1)[0].fields).isEmpty)
        let summary = try target.importPersons(file: file, mapping: mapping, on: testToday)
        #expect(summary.personsNew == 5 && summary.householdsNew == 3)
        #expect(try persons(target) == persons(source))
        #expect(try target.verify().isClean)
    }

    @Test func aMaskedRosterDoesNotImport() throws {
        let source = try makeFixtureDatabase()
        let app = try makeModel(source)
        let rows = try RosterExporter(app.context).readForExport(fullNumbers: false)
        let first = try rows.read(0, 10)
        #expect(first.contains { $0[7].contains("********") })
        #expect(!rows.fullNumbers)
    }
}
