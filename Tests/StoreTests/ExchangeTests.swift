import Foundation
import GRDB
import Testing
import Domain
@testable import Store

/// A village and its township as files, keys made and exchanged.
private struct Offices {
    let dir = temporaryFolder()
    let village: AppDatabase
    let township: AppDatabase
    let today = LocalDate("2026-11-20")!
    var stick: String { dir + "/stick" }

    init(code: String = "990101100201", register: Bool = true) throws {
        village = try Offices.village(dir + "/v.sqlite", code: code)
        township = try AppDatabase.open(path: dir + "/t.sqlite", passwordCost: Fixture.fastCost)
        let town = try township.initOffice(kind: .township, code: "990101100000", name: "示范镇")
        let key = try village.makeOfficeKeys(kind: .village, code: code, name: "星光村")
        try village.trustUpstream(town)
        if register { try township.addMember(key) }
        try FileManager.default.createDirectory(atPath: dir + "/stick", withIntermediateDirectories: true)
    }

    static func village(_ path: String, code: String) throws -> AppDatabase {
        let db = try AppDatabase.open(path: path, passwordCost: Fixture.fastCost)
        let v = try db.saveVillage(Village(name: "星光村", township: "示范镇", county: "示范县", code: code))
        let g = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
        for (i, name) in ["曾海强", "欧阳娜娜", "阿依古丽·买买提"].enumerated() {
            try addHousehold(db, village: v, group: g, number: "010\(i + 1)", head: name, n: i)
        }
        return db
    }

    @discardableResult
    static func addHousehold(_ db: AppDatabase, number: String, head: String, n: Int) throws -> Household {
        let v = try db.village()!
        let g = try db.villageGroups()[0].group
        return try addHousehold(db, village: v, group: g, number: number, head: head, n: n)
    }

    @discardableResult
    static func addHousehold(_ db: AppDatabase, village v: Village, group g: VillageGroup, number: String, head: String,
                             n: Int) throws -> Household {
        try db.createHousehold(Household(villageId: v.id!, villageGroupId: g.id!, number: number, phone: "13912345678"),
                               head: Person(householdId: 0, name: head, sex: .male, idNumber: Fixture.id("1980-05-01", .male, n),
                                            relation: .head, maritalStatus: .married)).0
    }

    func export(_ db: AppDatabase? = nil) throws -> WrittenPackage {
        try (db ?? village).writeVillagePackage(into: stick, today: today)
    }

    func importUp(_ p: WrittenPackage) throws -> ImportedPackage {
        try township.importUpPackage(try Data(contentsOf: URL(fileURLWithPath: p.path)),
                                     fileName: (p.path as NSString).lastPathComponent, today: today)
    }

    /// The township's acknowledgements, taken in by the village.
    func acknowledge() throws {
        let down = dir + "/down-\(UUID().uuidString.prefix(4))"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        for p in try township.writeDownPackages(into: down, today: today) {
            _ = try village.importDownPackage(try Data(contentsOf: URL(fileURLWithPath: p.path)))
        }
    }

    var replica: String { dir + "/t.villages/990101100201.sqlite" }

    /// Every audited table's rows, in rowid order, as text; the log up to `head`.
    static func rows(_ path: String, head: Int64) throws -> [String: [String]] {
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        return try q.read { db in
            var out: [String: [String]] = [:]
            for t in try Audit.auditedTables(db) {
                let filter = t == "setting" ? " WHERE key NOT IN ('exchange.sent')" : ""
                out[t] = try Row.fetchAll(db, sql: "SELECT rowid, * FROM \"\(t)\"\(filter) ORDER BY rowid").map(\.description)
            }
            out["audit_log"] = try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE id <= ? ORDER BY id", arguments: [head]).map(\.description)
            return out
        }
    }
}

@Suite struct ExchangeTests {
    @Test func packagesBuildACopyThatVerifiesAndEqualsTheVillageRowForRow() throws {
        let o = try Offices()
        let first = try o.export()
        #expect(first.full && first.seq == 1 && first.since == 0)
        #expect(try o.importUp(first) == .imported(from: "990101100201", name: "星光村", seq: 1, entries: first.entries))
        try o.acknowledge()
        // A change after the acknowledgement travels alone.
        let h = try Offices.addHousehold(o.village, number: "0201", head: "诸葛孔明", n: 9)
        var changed = h
        changed.address = "东街 1 号"
        try o.village.updateHousehold(changed)
        let second = try o.export()
        #expect(!second.full && second.seq == 2 && second.since > 0)
        #expect(second.bytes < 20_000, "an incremental package of a few records is small: \(second.bytes)")
        #expect(try o.importUp(second) == .imported(from: "990101100201", name: "星光村", seq: 2, entries: second.entries))

        let head = try o.village.reader.read { db in try AppDatabase.auditHead(db) }
        let sent = try #require(SequenceMark.decode(try o.village.setting("exchange.sent")))
        #expect(sent.entry < head.entry, "recording the package is itself an entry, for the next package")
        #expect(try Offices.rows(o.replica, head: sent.entry) == Offices.rows(o.village.path!, head: sent.entry))
        let copy = try o.township.openVillageCopy("990101100201")
        let report = try copy.verify()
        #expect(report.firstBrokenEntry == nil && report.rowsOutOfStep.isEmpty && report.missingTriggers.isEmpty
                && report.integrity == ["ok"], "\(report)")
        // The township reads the copy as 乡镇查看: numbers masked, nothing written.
        #expect(!copy.mayWrite && !copy.showsFullNumbers)
        #expect(try copy.village()?.name == "星光村")
        let office = try #require(try o.township.memberOffices().first)
        #expect(office.lastSeq == 2 && office.figures?.households == 4)
        // No private key left the village.
        let q = try DatabaseQueue(path: o.replica)
        #expect(try q.read { db in try db.tableExists("exchange_secret") } == false)
        try q.close()
    }

    @Test func theSamePackageTwiceChangesNothingAndSaysSo() throws {
        let o = try Offices()
        let p = try o.export()
        _ = try o.importUp(p)
        let count = { try o.township.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") } }
        let before = try count()
        #expect(try o.importUp(p) == .alreadyImported(from: "990101100201", name: "星光村", seq: 1))
        #expect(try count() == before)
    }

    @Test(arguments: [10, 200, -40, -3])
    func aFlippedByteIsRefusedAsDamagedAndNothingChanges(at offset: Int) throws {
        let o = try Offices()
        let p = try o.export()
        var data = try Data(contentsOf: URL(fileURLWithPath: p.path))
        let i = offset >= 0 ? offset : data.count + offset
        data[i] ^= 0x01
        let why = whyRefused { _ = try o.township.importUpPackage(data, fileName: "x.cxp", today: o.today) }
        #expect(why?.contains("损坏") == true, "\(why ?? "accepted")")
        #expect(!FileManager.default.fileExists(atPath: o.replica))
        #expect(try o.township.memberOffices().first?.lastSeq == 0)
    }

    @Test func aPackageSignedWithAnotherKeyIsRefused() throws {
        let o = try Offices()
        // Another machine claims the same village code with keys of its own.
        let impostor = try Offices.village(o.dir + "/other.sqlite", code: "990101100201")
        try impostor.makeOfficeKeys(kind: .village, code: "990101100201", name: "星光村")
        try impostor.trustUpstream(try o.township.ownKey()!)
        let p = try o.export(impostor)
        let why = whyRefused { _ = try o.importUp(p) }
        #expect(why?.contains("签名") == true, "\(why ?? "accepted")")
        #expect(!FileManager.default.fileExists(atPath: o.replica))
    }

    @Test func aVillageTheTownshipDoesNotHoldIsRefused() throws {
        let o = try Offices()
        let stranger = try Offices.village(o.dir + "/s.sqlite", code: "990101100209")
        try stranger.makeOfficeKeys(kind: .village, code: "990101100209", name: "远方村")
        try stranger.trustUpstream(try o.township.ownKey()!)
        let why = whyRefused { _ = try o.importUp(try o.export(stranger)) }
        #expect(why?.contains("未在本单位登记") == true, "\(why ?? "accepted")")
        // And a village of another township is not registered at all.
        let far = try Offices.village(o.dir + "/f.sqlite", code: "990101200201")
        let key = try far.makeOfficeKeys(kind: .village, code: "990101200201", name: "他乡村")
        #expect(whyRefused { try o.township.addMember(key) }?.contains("不属于示范镇") == true)
    }

    @Test func aSkippedSequenceNumberIsRefusedNamingTheMissingOne() throws {
        let o = try Offices()
        _ = try o.export()
        let second = try o.export()
        let why = whyRefused { _ = try o.importUp(second) }
        #expect(why == "缺少星光村的第 1 号包，请先导入；包若已丢失，村里可用 chengxin exchange export --resend 1 重写，未做任何改动")
        let third = try o.export()
        #expect(whyRefused { _ = try o.importUp(third) }?.contains("第 1–2 号") == true)
    }

    @Test func aChainThatDoesNotContinueIsRefused() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        try o.acknowledge()
        // The village's file is copied (an old copy kept on another disk, say); both go on.
        let forkPath = o.dir + "/fork.sqlite"
        try o.village.reader.backup(to: try DatabaseQueue(path: forkPath))
        let fork = try AppDatabase.open(path: forkPath, passwordCost: Fixture.fastCost)
        try Offices.addHousehold(o.village, number: "0301", head: "司马懿", n: 7)
        _ = try o.importUp(try o.export())
        try Offices.addHousehold(fork, number: "0302", head: "曹孟德", n: 8)
        _ = try fork.writeVillagePackage(into: o.stick, today: o.today)
        let forked = try fork.writeVillagePackage(into: o.stick, today: o.today)
        let why = whyRefused { _ = try o.importUp(forked) }
        #expect(why?.contains("审计日志链条不连续") == true, "\(why ?? "accepted")")
        #expect(try o.township.memberOffices().first?.lastSeq == 2)
    }

    @Test func acknowledgementsAreCheckedAndTakenOnce() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let down = o.dir + "/down"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        let ack = try #require(try o.township.writeDownPackages(into: down, today: o.today).first)
        let data = try Data(contentsOf: URL(fileURLWithPath: ack.path))
        #expect(try o.village.importDownPackage(data) == .imported(from: "990101100000", name: "示范镇", seq: 1, entries: 1))
        #expect(try o.village.importDownPackage(data) == .alreadyImported(from: "990101100000", name: "示范镇", seq: 1))
        #expect(try o.village.exchangeStatus().acknowledged == 1)
        // Another village cannot take it: it is not for them (and not encrypted to them).
        let other = try Offices.village(o.dir + "/o.sqlite", code: "990101100202")
        try other.makeOfficeKeys(kind: .village, code: "990101100202", name: "月亮村")
        try other.trustUpstream(try o.township.ownKey()!)
        #expect(whyRefused { _ = try other.importDownPackage(data) }?.contains("不是本单位") == true)
    }

    @Test func keysAreRefusedWhereTheyDoNotBelong() throws {
        let o = try Offices()
        let villageKey = try o.village.ownKey()!
        // A village trusts only a township; a township database is not made over a village's.
        #expect(whyRefused { try o.village.trustUpstream(villageKey) }?.contains("只信任其上级乡镇") == true)
        #expect(whyRefused { _ = try o.village.initOffice(kind: .township, code: "990101100000", name: "示范镇") }?
            .contains("村的数据库") == true)
        // A township's database holds no village records of its own.
        #expect(whyRefused { _ = try o.township.saveVillage(Village(name: "示范镇")) }?.contains("村的记录只在各村的副本里") == true)
        // A key file with one changed letter is not a key.
        var text = villageKey.fileText
        text = text.replacingOccurrences(of: "code: 990101100201", with: "code: 99010110020")
        #expect(whyRefused { _ = try OfficeKey.parse(Data(text.utf8)) } == "不是诚信计生的公钥文件（或已损坏）")
        #expect(try OfficeKey.parse(Data(villageKey.fileText.utf8)) == villageKey)
        #expect(villageKey.fingerprint.split(separator: " ").count == 8)
    }

    /// The village's disk dies: a new machine makes its keys, the township sends its copy back
    /// encrypted to them, and the rebuilt village verifies, equals the old one as of its last
    /// package, and carries on sending.
    @Test func aVillageIsRebuiltFromTheTownshipsCopy() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        try o.acknowledge()
        try Offices.addHousehold(o.village, number: "0401", head: "诸葛孔明", n: 5)
        _ = try o.importUp(try o.export())
        let sent = try #require(SequenceMark.decode(try o.village.setting("exchange.sent")))
        let asSent = try Offices.rows(o.village.path!, head: sent.entry).filter { $0.key != "setting" }
        // Typed after the last package: lost with the disk.
        try Offices.addHousehold(o.village, number: "0402", head: "未报送", n: 6)

        let newPath = o.dir + "/new.sqlite"
        let fresh = try AppDatabase.open(path: newPath, passwordCost: Fixture.fastCost)
        try fresh.saveVillage(Village(name: "星光村", code: "990101100201"))
        let newKey = try fresh.makeOfficeKeys(kind: .village, code: "990101100201", name: "星光村")
        try fresh.trustUpstream(try o.township.ownKey()!)
        try fresh.closeConnections()
        let restore = try o.township.writeRestorePackage(village: "990101100201", newKey: newKey, into: o.stick, today: o.today)
        // The old machine's key is no longer trusted.
        #expect(try o.township.memberOffices().first?.key == newKey)

        // A database with records is not overwritten.
        let data = try Data(contentsOf: URL(fileURLWithPath: restore.path))
        #expect(whyRefused { _ = try AppDatabase.restoreVillage(from: data, path: o.village.path!) }?.contains("恢复只能写入新建的数据库") == true)
        let restored = try AppDatabase.restoreVillage(from: data, path: newPath)
        #expect(restored.seq == 2)
        #expect(try Offices.rows(newPath, head: sent.entry).filter { $0.key != "setting" } == asSent)
        let rebuilt = try AppDatabase.open(path: newPath, passwordCost: Fixture.fastCost)
        let report = try rebuilt.verify()
        #expect(report.firstBrokenEntry == nil && report.rowsOutOfStep.isEmpty && report.integrity == ["ok"], "\(report)")
        #expect(try rebuilt.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household WHERE number = '0402'") } == 0)
        // It goes on from package 3, incremental, and the township takes it.
        try Offices.addHousehold(rebuilt, number: "0403", head: "重新录入", n: 6)
        let next = try rebuilt.writeVillagePackage(into: o.stick, today: o.today)
        #expect(next.seq == 3 && !next.full)
        #expect(try o.importUp(next) == .imported(from: "990101100201", name: "星光村", seq: 3, entries: next.entries))
    }

    /// Up to the county: the township forwards a part per village, which the county keeps as a
    /// copy of its own that verifies; the county's acknowledgement makes the next part incremental.
    @Test func aTownshipForwardsItsVillagesToTheCounty() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let county = try AppDatabase.open(path: o.dir + "/c.sqlite", passwordCost: Fixture.fastCost)
        let countyKey = try county.initOffice(kind: .county, code: "990101000000", name: "示范县")
        try o.township.trustUpstream(countyKey)
        try county.addMember(try o.township.ownKey()!)
        let up = o.dir + "/up"
        try FileManager.default.createDirectory(atPath: up, withIntermediateDirectories: true)
        let first = try o.township.writeCountyPackage(into: up, today: o.today)
        #expect(first.full && first.seq == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: first.path))
        #expect(try county.importPackage(data, fileName: "1.cxp", today: o.today)
                == .imported(from: "990101100000", name: "示范镇", seq: 1, entries: first.entries))
        #expect(try county.importPackage(data, fileName: "1.cxp", today: o.today)
                == .alreadyImported(from: "990101100000", name: "示范镇", seq: 1))
        let villageAtCounty = try #require(try county.memberOffices().first { $0.code == "990101100201" })
        #expect(villageAtCounty.parentCode == "990101100000" && villageAtCounty.figures?.households == 3)
        let copy = try county.openVillageCopy("990101100201")
        #expect(try copy.verify().firstBrokenEntry == nil)
        // A county cannot read a package encrypted to the township.
        let villagePackage = try o.export()
        let why = whyRefused { _ = try county.importPackage(try Data(contentsOf: URL(fileURLWithPath: villagePackage.path)),
                                                            fileName: "v.cxp", today: o.today) }
        #expect(why?.contains("不是本单位") == true, "\(why ?? "accepted")")

        // The county acknowledges; the township's next part for the village is incremental.
        let down = o.dir + "/cdown"
        try FileManager.default.createDirectory(atPath: down, withIntermediateDirectories: true)
        for p in try county.writeDownPackages(into: down, today: o.today) {
            _ = try o.township.importPackage(try Data(contentsOf: URL(fileURLWithPath: p.path)), fileName: "a.cxp", today: o.today)
        }
        _ = try o.importUp(villagePackage)
        let second = try o.township.writeCountyPackage(into: up, today: o.today)
        #expect(!second.full && second.seq == 2)
        _ = try county.importPackage(try Data(contentsOf: URL(fileURLWithPath: second.path)), fileName: "2.cxp", today: o.today)
        #expect(try county.openVillageCopy("990101100201").verify().rowsOutOfStep.isEmpty)
        #expect(try county.memberOffices().first { $0.code == "990101100201" }?.lastEntry
                == o.township.memberOffices().first?.lastEntry)
    }

    /// The township's catalogue travels down with its acknowledgement: a changed township
    /// policy is updated, a new one added, a new template revision added once; the village's own
    /// policies are left alone.
    @Test func theTownshipsPoliciesAndTemplatesComeDown() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let old = Policy(code: "XZ-OLD1", name: "乡镇奖励", level: .township, kind: .money, amountFen: 10_000, recurrence: .yearly)
        var township = try o.township.savePolicy(old)
        try o.village.savePolicy(old)
        township.amountFen = 30_000
        try o.township.savePolicy(township)
        try o.township.savePolicy(Policy(code: "XZ-NEW1", name: "乡镇新增奖励", level: .township, kind: .money,
                                         amountFen: 20_000, recurrence: .once))
        try o.village.savePolicy(Policy(code: "CJ-OWN1", name: "本村自定奖励", level: .village, kind: .money,
                                        amountFen: 5_000, recurrence: .once))
        try o.township.saveAgreementTemplate(AgreementTemplate(name: "示范镇协议", body: "甲方……乙方……"))
        try o.acknowledge()
        #expect(try o.village.policy(code: township.code)?.amountFen == township.amountFen)
        #expect(try o.village.policy(code: "XZ-NEW1")?.name == "乡镇新增奖励")
        #expect(try o.village.policy(code: "CJ-OWN1")?.amountFen == 5_000)
        #expect(try o.village.agreementTemplates().contains { $0.name == "示范镇协议" && $0.version == 1 && !$0.isDefault })
        // Taken again (a second acknowledgement), nothing changes.
        let entries = try o.village.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") }
        try o.acknowledge()
        let after = try o.village.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE table_name IN ('policy', 'agreement_template') AND id > ?", arguments: [entries ?? 0])
        }
        #expect(after == 0)
        #expect(try o.village.verify().rowsOutOfStep.isEmpty)
    }

    /// The township's quarterly star review of a village is checked against the village's copy,
    /// goes down with the acknowledgement and is recorded once at the village.
    @Test func aStarReviewDecidedAtTheTownshipComesDown() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let review = StarReview(reviewedOn: LocalDate("2026-10-15")!, levelApplied: 1, criteriaMet: [], passed: false,
                                failureAction: .revoke, reviewer: "示范镇考核组")
        try o.township.recordVillageStarReview("990101100201", review, on: o.today)
        // The same quarter again is refused, as at the village.
        #expect(whyRefused { try o.township.recordVillageStarReview("990101100201", review, on: o.today) } != nil)
        try o.acknowledge()
        let held = try o.village.starReviews()
        #expect(held.count == 1 && held[0].reviewer == "示范镇考核组" && held[0].failureAction == .revoke)
        try o.acknowledge()
        #expect(try o.village.starReviews().count == 1)
        #expect(try o.village.verify().rowsOutOfStep.isEmpty)
    }

    /// A township evaluation (乡镇评估) recorded at the township against its copy of the village
    /// comes down with the acknowledgements; the village keeps what it holds, and the township
    /// can no longer change an answer the village holds.
    @Test func aTownshipEvaluationRecordedAgainstTheCopyComesDown() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let code = "990101100201"
        let book = TownshipSurveyBook(township: o.township, villageCode: code, villageName: "星光村")
        let round = try book.createSurveyRound(SurveyRound(name: "2026年度乡镇评估", heldOn: LocalDate("2026-11-10")!,
                                                           conductor: .selfAssessment, note: " 入户问卷 "), on: o.today)
        #expect(round.conductor == .township && round.note == "入户问卷")
        // Checked as at the village: the same round twice, a date to come, a village not held.
        #expect(whyRefused { try book.createSurveyRound(round, on: o.today) } == "这个村已有同名同日的乡镇评估")
        #expect(whyRefused { try book.createSurveyRound(SurveyRound(name: "明年", heldOn: LocalDate("2027-01-05")!, conductor: .township),
                                                        on: o.today) } != nil)
        #expect(whyRefused { try o.township.createTownshipSurvey("990101100299", round, on: o.today) }
                == "本乡镇没有登记区划代码为 990101100299 的村")
        let households = try book.surveyHouseholds(roundId: round.id!)
        #expect(households.map(\.number) == ["0101", "0102", "0103"])
        let id = try #require(round.id)
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[0].id, aware: true, satisfaction: .satisfied))
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[1].id, aware: true, satisfaction: .satisfied))
        // A second answer replaces the first while the village does not hold it.
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[1].id, aware: false,
                                                 satisfaction: .dissatisfied, note: "不清楚政策"))
        #expect(whyRefused { try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: 999, aware: true, satisfaction: .satisfied)) }
                == "没有这一户")
        let result = try book.surveyResult(roundId: id)
        #expect(result.asked == 2 && result.aware == 1 && result.satisfied == 1 && result.dissatisfied == 1)
        // Each answer is a row of its own in the township's log; the round's row never holds them.
        let logged = try o.township.reader.read { db in
            (try String.fetchOne(db, sql: "SELECT body FROM office_survey"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE table_name = 'office_survey_answer'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE table_name = 'office_survey'"))
        }
        #expect(logged.0?.contains("\"answers\":[]") == true && logged.1 == 3 && logged.2 == 1, "\(logged)")
        #expect(try o.village.surveyRounds().isEmpty, "nothing reaches the village before the acknowledgement")

        try o.acknowledge()
        let held = try #require(try o.village.surveyRounds().first)
        #expect(held.name == "2026年度乡镇评估" && held.conductor == .township && held.note == "入户问卷")
        let answers = try o.village.surveyAnswers(roundId: held.id!)
        #expect(answers.count == 2 && answers[households[1].id]?.note == "不清楚政策" && answers[households[1].id]?.aware == false)
        #expect(try o.village.surveyResult(roundId: held.id!) == SurveyResult.of(held, answers: Array(answers.values)))
        // The same evaluation again records nothing.
        let entries = { try o.village.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") } }
        let before = try entries()
        try o.acknowledge()
        #expect(try o.village.surveyRounds().count == 1 && o.village.surveyAnswers(roundId: held.id!).count == 2)
        #expect(try entries() == (before ?? 0) + 1, "only the acknowledgement's own entry")

        // Once the village's next package shows it holds an answer, the township cannot change it.
        _ = try o.importUp(try o.export())
        #expect(whyRefused { try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[0].id, aware: false,
                                                                      satisfaction: .dissatisfied)) }
                == "村里已收到这一户本轮的回答，不能再在乡镇修改或删除")
        #expect(whyRefused { try book.deleteSurveyAnswer(roundId: id, householdId: households[0].id) } != nil)
        // A household not yet asked still can be, and follows.
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[2].id, aware: true, satisfaction: .basicallySatisfied))
        try o.acknowledge()
        #expect(try o.village.surveyAnswers(roundId: held.id!).count == 3)
        for db in [o.village, o.township] {
            let report = try db.verify()
            #expect(report.firstBrokenEntry == nil && report.rowsOutOfStep.isEmpty && report.missingTriggers.isEmpty, "\(report)")
        }
    }

    /// A township evaluation with a questionnaire: awareness is worked out at the township, and
    /// the village receives the items and each household's item answers.
    @Test func aTownshipQuestionnaireComesDownWithItsItemAnswers() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let book = TownshipSurveyBook(township: o.township, villageCode: "990101100201", villageName: "星光村")
        let id = try #require(try book.createSurveyRound(SurveyRound(name: "问卷评估", heldOn: LocalDate("2026-11-12")!,
                                                                     conductor: .township), on: o.today).id)
        let items = try book.installQuestionnaire(roundId: id, from: nil)
        #expect(items.count == 9)
        try o.township.setTownshipAwarenessThreshold("990101100201", roundId: id, threshold: 5)
        let h = try book.surveyHouseholds(roundId: id)[0]
        // Every item must be answered.
        #expect(whyRefused { try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: h.id, aware: true, satisfaction: .satisfied,
                                                                      items: [1: .yesNo(true)])) } != nil)
        var given: [Int64: ItemAnswer] = [:]
        for item in items {
            // Item 1 answered wrongly: 5 of 6 awareness items right still counts as aware.
            given[item.id!] = item.kind == .awareness ? .yesNo(item.position == 1 ? !(item.rightAnswer!) : item.rightAnswer!)
                : .satisfaction(item.position == 9 ? .dissatisfied : .satisfied)
        }
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: h.id, aware: false, satisfaction: .dissatisfied, items: given))
        let stored = try #require(try book.surveyAnswers(roundId: id)[h.id])
        #expect(stored.aware && stored.satisfaction == Questionnaire.satisfaction(items, answers: given))
        #expect(whyRefused { _ = try book.installQuestionnaire(roundId: id, from: nil) } == "本轮已有回答，问卷和抽样不能再改")

        try o.acknowledge()
        let round = try #require(try o.village.surveyRounds().first)
        #expect(round.awarenessThreshold == 5)
        let villageItems = try o.village.surveyItems(roundId: round.id!)
        #expect(villageItems.map(\.position) == Array(1...9) && villageItems.map(\.text) == items.map(\.text))
        let answer = try #require(try o.village.surveyAnswers(roundId: round.id!)[h.id])
        #expect(answer.aware == stored.aware && answer.satisfaction == stored.satisfaction)
        #expect(answer.items.count == 9 && answer.items[villageItems[8].id!] == .satisfaction(.dissatisfied))
        #expect(try o.village.surveyBreakdown(roundId: round.id!).items == book.surveyBreakdown(roundId: id).items.map { t in
            var t = t
            t.item = villageItems[t.item.position - 1]
            return t
        })
    }

    /// A township's evaluation never merges into a round of the village's own, whatever its
    /// name, and the village reads what it received and changes none of it.
    @Test func aTownshipEvaluationIsARoundOfItsOwnThatTheVillageOnlyReads() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        let day = LocalDate("2026-11-12")!
        let own = try o.village.createSurveyRound(SurveyRound(name: "乡镇评估", heldOn: day, conductor: .township), on: o.today)
        _ = try o.village.installQuestionnaire(roundId: own.id!)
        let book = TownshipSurveyBook(township: o.township, villageCode: "990101100201", villageName: "星光村")
        let id = try #require(try book.createSurveyRound(SurveyRound(name: "乡镇评估", heldOn: day, conductor: .township), on: o.today).id)
        let households = try book.surveyHouseholds(roundId: id)
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[0].id, aware: true, satisfaction: .satisfied))
        try o.acknowledge()
        let rounds = try o.village.surveyRounds()
        #expect(try rounds.count == 2 && o.village.surveyAnswers(roundId: own.id!).isEmpty)
        let received = try #require(rounds.first { $0.id != own.id })
        #expect(try o.village.isTownshipEvaluation(roundId: received.id!))
        #expect(try !o.village.isTownshipEvaluation(roundId: own.id!))
        #expect(try o.village.surveyAnswers(roundId: received.id!)[households[0].id]?.satisfaction == .satisfied)
        // Read only at the village: answers, the round, its questionnaire and sample.
        let refusal = "这是乡镇评估，由乡镇录入、随回执下发，村里只能查看，不能修改"
        let rid = try #require(received.id)
        #expect(whyRefused { try o.village.recordSurveyAnswer(SurveyAnswer(roundId: rid, householdId: households[0].id, aware: false,
                                                                           satisfaction: .dissatisfied)) } == refusal)
        #expect(whyRefused { try o.village.recordSurveyAnswer(SurveyAnswer(roundId: rid, householdId: households[1].id, aware: false,
                                                                           satisfaction: .dissatisfied)) } == refusal)
        #expect(whyRefused { try o.village.deleteSurveyAnswer(roundId: rid, householdId: households[0].id) } == refusal)
        var renamed = received
        renamed.name = "村改名"
        #expect(whyRefused { try o.village.updateSurveyRound(renamed, on: o.today) } == refusal)
        #expect(whyRefused { _ = try o.village.installQuestionnaire(roundId: rid) } == refusal)
        #expect(whyRefused { _ = try o.village.drawSurveySample(roundId: rid, size: 1, seed: 1) } == refusal)
        // The township's next answer lands in the same round.
        try book.recordSurveyAnswer(SurveyAnswer(roundId: id, householdId: households[1].id, aware: false, satisfaction: .basicallySatisfied))
        try o.acknowledge()
        #expect(try o.village.surveyRounds().count == 2 && o.village.surveyAnswers(roundId: rid).count == 2)
        // The village's own round is its own to answer.
        try o.village.recordSurveyAnswer(SurveyAnswer(roundId: own.id!, householdId: households[0].id, aware: true, satisfaction: .satisfied,
                                                      items: Dictionary(uniqueKeysWithValues: try o.village.surveyItems(roundId: own.id!).map {
                                                          ($0.id!, $0.kind == .awareness ? ItemAnswer.yesNo($0.rightAnswer!) : .satisfaction(.satisfied))
                                                      })))
        #expect(try o.village.surveyAnswers(roundId: own.id!).count == 1)
    }

    /// A village whose log was edited behind the app sends a package whose chain is recomputed
    /// at the township and refused at the first entry that does not hold.
    @Test func aLogEditedBehindTheAppIsRefusedAtTheEntryItBreaks() throws {
        let o = try Offices()
        let raw = try DatabaseQueue(path: o.village.path!)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_is_never_changed")
            try db.execute(sql: "UPDATE audit_log SET after = replace(after, '曾海强', '曾海弱') WHERE id = (SELECT MIN(id) FROM audit_log WHERE after LIKE '%曾海强%')")
        }
        let edited = try raw.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM audit_log WHERE after LIKE '%曾海弱%'")
        }
        try raw.close()
        let why = whyRefused { _ = try o.importUp(try o.export()) }
        #expect(why?.contains("审计日志链条不连续（第 \(edited ?? -1) 条）") == true, "\(why ?? "accepted")")
        #expect(!FileManager.default.fileExists(atPath: o.replica))
    }
}

/// The package with its header's sender key replaced (nil: taken out), its signature as it was.
private func withSenderKey(_ data: Data, _ key: String?) throws -> Data {
    let newline = try #require(data[Envelope.magic.count...].firstIndex(of: 0x0A))
    var header = try Envelope.header(of: data)
    header.fromKey = key
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var out = Envelope.magic
    out.append(try encoder.encode(header))
    out.append(data[newline...])
    return out
}

/// The township's copy equals the village row for row as of its last package, and verifies.
private func expectCopyEqualsVillage(_ o: Offices, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let sent = try #require(SequenceMark.decode(try o.village.setting("exchange.sent")))
    #expect(try Offices.rows(o.replica, head: sent.entry) == Offices.rows(o.village.path!, head: sent.entry),
            sourceLocation: sourceLocation)
    let report = try o.township.openVillageCopy("990101100201").verify()
    #expect(report.firstBrokenEntry == nil && report.rowsOutOfStep.isEmpty && report.missingTriggers.isEmpty
            && report.integrity == ["ok"], "\(report)", sourceLocation: sourceLocation)
}

/// A village registered from its first package, and a lost package written again.
extension ExchangeTests {
    @Test func aVillageIsRegisteredFromItsFirstPackageWhichIsThenImported() throws {
        let o = try Offices(register: false)
        let p = try o.export()
        let data = try Data(contentsOf: URL(fileURLWithPath: p.path))
        let name = (p.path as NSString).lastPathComponent
        let key = try #require(try o.village.ownKey())
        // Imported alone it is refused, saying how to register the village from it.
        #expect(whyRefused { _ = try o.importUp(p) } == "星光村（990101100201）未在本单位登记，未做任何改动。包中带有其公钥，指纹 \(key.fingerprint)：与该村电话核对指纹后，用 chengxin township add-village --from-package \(name) 登记并导入")
        #expect(try o.township.senderKey(ofPackage: data) == key)
        #expect(try o.township.addMember(fromPackage: data, fileName: name, today: o.today)
                == .imported(from: "990101100201", name: "星光村", seq: 1, entries: p.entries))
        #expect(try o.township.memberOffices().map(\.key) == [key])
        #expect(whyRefused { _ = try o.township.senderKey(ofPackage: data) } == "星光村（990101100201）已登记：用 chengxin exchange import 导入其数据包即可")
        try expectCopyEqualsVillage(o)
        // Its next package goes in as any other.
        try o.acknowledge()
        try Offices.addHousehold(o.village, number: "0201", head: "诸葛孔明", n: 9)
        let next = try o.export()
        #expect(try o.importUp(next) == .imported(from: "990101100201", name: "星光村", seq: 2, entries: next.entries))
        try expectCopyEqualsVillage(o)
    }

    @Test func aPackageWhoseSignatureIsNotTheKeyInItsHeaderIsRefused() throws {
        let o = try Offices(register: false)
        let data = try Data(contentsOf: URL(fileURLWithPath: try o.export().path))
        // Another machine's keys for the same village code, put in the header: they did not sign it.
        let other = try Offices.village(o.dir + "/other.sqlite", code: "990101100201")
        let otherKey = try other.makeOfficeKeys(kind: .village, code: "990101100201", name: "星光村")
        let forged = try withSenderKey(data, otherKey.fileText)
        #expect(whyRefused { _ = try o.township.addMember(fromPackage: forged, fileName: "x.cxp", today: o.today) }
                == "包的签名与星光村（990101100201）的公钥不符：包已损坏或不是该单位所发，未做任何改动")
        #expect(try o.township.memberOffices().isEmpty)
        // A package without a key (an earlier version's): the village's key file it is.
        let bare = try withSenderKey(data, nil)
        #expect(whyRefused { _ = try o.township.addMember(fromPackage: bare, fileName: "x.cxp", today: o.today) }
                == "此包没有带星光村（990101100201）的公钥（由较早的版本写出）：请用该村的公钥文件登记：chengxin township add-village 公钥文件")
        #expect(whyRefused { _ = try o.township.importUpPackage(bare, fileName: "x.cxp", today: o.today) }
                == "星光村（990101100201）未在本单位登记：请先用 chengxin township add-village 登记其公钥，未做任何改动")
        #expect(try o.township.memberOffices().isEmpty)
    }

    @Test func aVillageOfAnotherTownshipIsNotRegisteredFromItsPackage() throws {
        let o = try Offices(code: "990101200201", register: false)
        let p = try o.export()
        let data = try Data(contentsOf: URL(fileURLWithPath: p.path))
        #expect(whyRefused { _ = try o.township.addMember(fromPackage: data, fileName: "x.cxp", today: o.today) }
                == "星光村（990101200201）不属于示范镇（990101100000）")
        #expect(try o.township.memberOffices().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: o.dir + "/t.villages/990101200201.sqlite"))
    }

    /// Packages 2–4 after an acknowledged 1, each with a new household.
    private func threeMore(_ o: Offices) throws -> [WrittenPackage] {
        try ["司马光", "王安石", "苏东坡"].enumerated().map { i, head in
            try Offices.addHousehold(o.village, number: "050\(i + 1)", head: head, n: 20 + i)
            return try o.export()
        }
    }

    /// Package 3 of 4 is lost: the township refuses 4 naming 3, the village writes 3 again (as
    /// package 5, in place of 3 and 4) and the copy catches up; 3 and 4 turning up afterwards
    /// change nothing; the next package follows 5.
    @Test func aLostPackageIsWrittenAgainAndTheCopyCatchesUp() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        try o.acknowledge()
        let sent = try threeMore(o)
        #expect(try o.importUp(sent[0]) == .imported(from: "990101100201", name: "星光村", seq: 2, entries: sent[0].entries))
        #expect(whyRefused { _ = try o.importUp(sent[2]) }
                == "缺少星光村的第 3 号包，请先导入；包若已丢失，村里可用 chengxin exchange export --resend 3 重写，未做任何改动")
        let again = try o.village.writeVillagePackage(into: o.stick, today: o.today, resend: 3)
        #expect(again.seq == 5 && again.replaces == 3 ... 4 && !again.full)
        #expect(try o.importUp(again) == .imported(from: "990101100201", name: "星光村", seq: 5, entries: again.entries))
        try expectCopyEqualsVillage(o)
        // The lost package and the one after it turn up: the copy holds all they hold.
        let before = try Offices.rows(o.replica, head: .max)
        #expect(try o.importUp(sent[1]) == .contained(from: "990101100201", name: "星光村", seq: 3))
        #expect(try o.importUp(sent[2]) == .contained(from: "990101100201", name: "星光村", seq: 4))
        #expect(try o.importUp(again) == .alreadyImported(from: "990101100201", name: "星光村", seq: 5))
        #expect(try Offices.rows(o.replica, head: .max) == before)
        #expect(try o.township.memberOffices().first?.lastSeq == 5)
        // The acknowledgement names 5; the next package is 6, an ordinary one.
        try o.acknowledge()
        #expect(try o.village.exchangeStatus().acknowledged == 5)
        try Offices.addHousehold(o.village, number: "0509", head: "欧阳修", n: 29)
        let next = try o.export()
        #expect(next.seq == 6 && next.replaces == nil)
        #expect(try o.importUp(next) == .imported(from: "990101100201", name: "星光村", seq: 6, entries: next.entries))
        try expectCopyEqualsVillage(o)
    }

    /// The lost stick is found before the package written again arrives: the township takes 3 and
    /// 4, then 5 as the next one (it follows 2, which the copy holds).
    @Test func theOriginalsTakenFirstLeaveThePackageWrittenAgainTheNextOne() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        try o.acknowledge()
        let sent = try threeMore(o)
        let again = try o.village.writeVillagePackage(into: o.stick, today: o.today, resend: 2)
        #expect(again.seq == 5 && again.replaces == 2 ... 4)
        for (i, p) in sent.enumerated() {
            #expect(try o.importUp(p) == .imported(from: "990101100201", name: "星光村", seq: i + 2, entries: p.entries))
        }
        #expect(try o.importUp(again) == .imported(from: "990101100201", name: "星光村", seq: 5, entries: again.entries))
        try expectCopyEqualsVillage(o)
    }

    @Test func aNumberThatCannotBeWrittenAgainIsRefused() throws {
        let o = try Offices()
        _ = try o.importUp(try o.export())
        try o.acknowledge()
        let resend = { (n: Int) in whyRefused { _ = try o.village.writeVillagePackage(into: o.stick, today: o.today, resend: n) } }
        #expect(resend(1) == "乡镇已确认收到本村写出的全部 1 个包，没有要重写的包")
        _ = try o.export()
        #expect(resend(3) == "只能重写乡镇尚未确认收到的包：第 2 号，未写出任何包")
        _ = try o.export()
        #expect(resend(1) == "只能重写乡镇尚未确认收到的包：第 2–3 号，未写出任何包")
        #expect(resend(4) == "只能重写乡镇尚未确认收到的包：第 2–3 号，未写出任何包")
        #expect(try o.village.exchangeStatus().sent == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: o.stick).count == 3)
    }
}
