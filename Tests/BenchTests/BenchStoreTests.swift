import Foundation
import Testing
import GRDB
import Domain
@testable import Bench
@testable import Store

/// A small generated county in memory.
func generatedCounty(households: Int = 200, seed: UInt64 = 42) throws -> (AppDatabase, CountySummary) {
    let db = try AppDatabase.inMemory(passwordCost: ScryptCost(log2N: 10, r: 8, p: 1))
    try db.installDefaultTemplate(from: AppDatabase.repositoryTemplateURL)
    let templateId = try #require(try db.agreementTemplates().first?.id)
    let summary = try db.generateCounty(households: households, seed: seed, templateId: templateId)
    return (db, summary)
}

struct CountyGeneratorTests {
    @Test func theSameSeedGivesTheSameRowsAndAnotherSeedOthers() throws {
        let (a, _) = try generatedCounty(seed: 42)
        let (b, _) = try generatedCounty(seed: 42)
        let (c, _) = try generatedCounty(seed: 43)
        #expect(try a.recordsChecksum() == b.recordsChecksum())
        #expect(try a.recordsChecksum() != c.recordsChecksum())
    }

    @Test func villagesShareTheHouseholdsAndTheFirstHoldsTheLargeVillageGroup() throws {
        let template = AgreementTemplate(name: "协议", version: 1, body: "正文")
        for total in [1, 7, 300, 1_200, 150_000] {
            let g = CountyGenerator(total: total, seed: 1, template: template)
            let sizes = (0..<g.villages).map(g.householdsOfVillage)
            #expect(sizes.reduce(0, +) == total)
            #expect(sizes.allSatisfy { $0 >= 0 })
            #expect(sizes[0] >= g.largeVillageGroupSize)
        }
        let county = CountyGenerator(total: 150_000, seed: 1, template: template)
        #expect(county.villages == 376)
        #expect(county.largeVillageGroupSize == 1_000)
    }

    @Test func everyGeneratedRowIsAuditedAndVerifies() throws {
        let (db, summary) = try generatedCounty(households: 400)
        #expect(summary.households == 400)
        #expect(summary.persons > summary.households * 3)
        #expect(summary.largeVillageGroupHouseholds == 100)
        #expect(summary.largeHonestyGroupMembers == 50)
        let report = try db.verify()
        #expect(report.rowsOutOfStep.isEmpty, "\(report.rowsOutOfStep.prefix(5))")
        #expect(report.firstBrokenEntry == nil)
        #expect(report.missingTriggers.isEmpty)
        #expect(report.isClean)
        // Each row has exactly one entry, and the triggers audit writes again afterwards.
        let (entries, rows) = try db.reader.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE action = 'insert'")!,
             try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM household) + (SELECT COUNT(*) FROM person)")!)
        }
        #expect(entries >= rows)
        let h = try #require(try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1).first)
        var household = try #require(try db.household(id: h.id))
        household.address = "改过的地址"
        try db.updateHousehold(household)
        #expect(try db.verify().isClean)
        #expect(try db.auditEntries(table: "household", rowId: h.id).first?.action == "update")
    }

    @Test func generatedRowsAreConsistent() throws {
        let (db, _) = try generatedCounty(households: 120)
        try db.reader.read { db in
            // Member counts, heads and pinyin as the store itself keeps them.
            #expect(try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM household h WHERE member_count <>
                    (SELECT COUNT(*) FROM person p WHERE p.household_id = h.id AND p.left_on IS NULL)
                """) == 0)
            #expect(try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM household h JOIN person p ON p.id = h.head_person_id
                WHERE p.relation <> 'head' OR p.household_id <> h.id
                """) == 0)
            for row in try Row.fetchAll(db, sql: "SELECT name, name_pinyin, name_initials FROM person LIMIT 200") {
                let name: String = row["name"]
                #expect(row["name_pinyin"] as String == Pinyin.full(name), "\(name)")
                #expect(row["name_initials"] as String == Pinyin.initials(name), "\(name)")
            }
            #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_key_check") == nil)
        }
    }
}

struct ExchangeCountyTests {
    @Test func theCountysVillagesAreSharedOutOverTwentyTownshipsUnderTheirCodes() throws {
        let county = ExchangeCounty(root: "/nonexistent", households: 150_000)
        #expect(county.codes.count == 376)
        #expect(county.households.reduce(0, +) == 150_000)
        #expect(county.townshipCount == 20)
        #expect(county.townshipOf.filter { $0 == 0 }.count == 20)
        #expect(Set(county.codes).count == 376)
        for t in 0..<20 { #expect(county.townshipOf.filter { $0 == t }.count >= 18) }
        for (v, code) in county.codes.enumerated() {
            #expect(RegionCode.officeProblem(code, kind: .village) == nil, "\(code)")
            #expect(RegionCode.parentCode(of: code, kind: .village) == ExchangeFixtures.townshipCode(county.townshipOf[v]))
        }
        #expect(RegionCode.officeProblem(ExchangeFixtures.townshipCode(19), kind: .township) == nil)
        // A small run: one township per village.
        let small = ExchangeCounty(root: "/nonexistent", households: 800)
        #expect(small.codes.count == 2)
        #expect(small.townshipCount == 2)
    }

    @Test func aGeneratedVillagesPackageMakesACopyEqualToIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-exchange-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let office = try ExchangeFixtures.makeOffice(path: dir + "/T.sqlite", code: ExchangeFixtures.townshipCode(0), name: "示范镇")
        let code = ExchangeFixtures.villageCode(township: 0, village: 0)
        let (village, key) = try ExchangeFixtures.makeVillage(path: dir + "/V.sqlite", code: code, households: 60, seed: 3,
                                                              upstream: try #require(try office.ownKey()))
        try office.addMember(key)
        #expect(try village.village()?.code == code)
        #expect(try village.verify().isClean)
        let before = try ExchangeFixtures.snapshot(dir + "/V.sqlite")
        let package = try village.writeVillagePackage(into: dir, today: .today())
        #expect(package.full)
        _ = try office.importUpPackage(Data(contentsOf: URL(fileURLWithPath: package.path)), fileName: "p", today: .today())
        let copy = try office.replicaPath(code)
        #expect(try ExchangeFixtures.snapshot(copy) == before)
        #expect(try ExchangeFixtures.packagesInCopy(copy) == [1])
        // Acknowledged, then 10 households changed: the next package is incremental and the copy follows.
        try ExchangeFixtures.acknowledge(office: office, village: village, dir: dir)
        #expect(try BenchRun.acknowledgedEntry(village) == before.entry)
        try ExchangeFixtures.changeHouseholds(village, count: 10, mark: "改")
        let changed = try ExchangeFixtures.snapshot(dir + "/V.sqlite")
        let second = try village.writeVillagePackage(into: dir, today: .today())
        #expect(!second.full)
        _ = try office.importUpPackage(Data(contentsOf: URL(fileURLWithPath: second.path)), fileName: "q", today: .today())
        #expect(try ExchangeFixtures.snapshot(copy) == changed)
        #expect(try ExchangeFixtures.packagesInCopy(copy) == [1, 2])
    }
}
