import Domain
import Foundation
import Print
import Store
import Testing
import UICore
@testable import App

/// Forms a group in the first 社 of `db` from `households` (household numbers; all of the
/// 社 when nil), elects the first household's signer, and signs its agreement in full.
@discardableResult
func makeSignedGroup(_ db: AppDatabase, name: String = "一社第一小组", households: [String]? = nil,
                     today: LocalDate = testToday) throws -> HonestyGroup {
    let v = try #require(try db.village())
    let she = try #require(try db.villageGroups().first).group
    let formed = LocalDate("2026-03-01")!
    let group = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: she.id!, name: name, formedOn: formed))
    let rows = try db.householdRows(filter: "", villageGroupId: she.id!, sort: .number, ascending: true, offset: 0, limit: 1000)
    for r in rows where households?.contains(r.number) ?? true {
        try db.addMember(groupId: group.id!, householdId: r.id, joinedOn: formed, ineligibleReason: "本人自愿")
    }
    let people = try db.leaderCandidates(groupId: group.id!)
    let leader = try #require(people.first { $0.sex == .female } ?? people.first)
    try db.recordElection(groupId: group.id!, heldOn: LocalDate("2026-03-05")!, place: "一社村民会议室", presidedBy: "王建国",
                          candidates: people.prefix(3).enumerated().map { (personId: $1.id!, votes: $1.id == leader.id ? 9 : $0 + 1) },
                          electedPersonId: leader.id!)
    let template = try #require(try db.agreementTemplates().first)
    let agreement = try db.createAgreement(groupId: group.id!, templateId: template.id!, validFrom: formed,
                                           validTo: LocalDate("2029-02-28")!, on: LocalDate("2026-03-08")!)
    try db.startSigning(agreementId: agreement.id!, on: LocalDate("2026-03-08")!)
    for (i, s) in try db.signatures(agreementId: agreement.id!).enumerated() {
        var sig = s.signature
        sig.kind = i == 1 ? .thumbprint : .inPerson
        sig.signedOn = LocalDate("2026-03-10")!
        try db.recordSignature(sig, on: today)
    }
    try db.recordCommitteeSignature(agreementId: agreement.id!, signer: "李明", on: LocalDate("2026-03-12")!)
    return group
}

let goldenVolume = repoRoot.appendingPathComponent("Tests/PrintTests/Golden/demo_group_volume.txt")

@Suite struct PrintFlowTests {
    @Test func theFixtureGroupsVolumeMatchesItsGoldenText() throws {
        let db = try makeFixtureDatabase()
        let group = try makeSignedGroup(db)
        let job = try DocumentAssembler(db: db, today: testToday).archiveJob(group)
        // The audit chain's head hash covers times of day: the golden text holds a placeholder.
        let raw = job.layout(.continuous).text
        let head = try #require(try db.auditHeadHash())
        #expect(raw.contains(String(head.prefix(32))), "the remarks sheet carries the audit head hash")
        let text = raw.replacingOccurrences(of: #"[0-9a-f]{64}"#, with: "<审计链头哈希>", options: .regularExpression)
            .replacingOccurrences(of: String(head.prefix(32)), with: "<哈希前半>")
            .replacingOccurrences(of: String(head.suffix(32)), with: "<哈希后半>")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: goldenVolume, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: goldenVolume, encoding: .utf8)
        #expect(text == expected, "the volume differs from \(goldenVolume.path); regenerate with UPDATE_SNAPSHOTS=1 and review")
        // Facts the assembler must carry over from the store.
        #expect(text.contains("星光村一社第一小组诚信计生档案"))
        #expect(text.contains("张三、李秀英"))
        #expect(text.contains("阿依古丽·买买提"))
        #expect(text.contains("按手印"))
        #expect(text.contains("应签2户，已签2户"))
        #expect(!text.contains("13912345678"))
    }

    @Test func previewPagesThroughAVolumeAndRefusesToPrintWithoutAPrinter() throws {
        let db = try makeFixtureDatabase()
        try makeSignedGroup(db)
        let app = try makeModel(db)
        app.press(.char("8"))
        #expect(app.top is PrintHomeScreen)
        app.press(.char("1"), .enter)
        let preview = try #require(app.top as? PreviewScreen)
        let total = preview.laid.pages.count
        #expect(total >= 8)
        #expect(app.screenText.contains("第 1/\(total) 页"))
        #expect(app.screenText.contains("案卷封面"))
        expectSnapshot(app.render(), "print_preview_cover")
        app.press(.pageDown)
        #expect(app.screenText.contains("第 2/\(total) 页"))
        #expect(app.screenText.contains("卷内文件目录"))
        app.press(.end)
        #expect(app.screenText.contains("第 \(total)/\(total) 页"))
        #expect(app.screenText.contains("卷内备考表"))
        // Scrolling inside the 66-line page reaches its footer area and stops there.
        for _ in 0..<80 { app.press(.down) }
        #expect(preview.scroll == 66 - preview.viewHeight)
        app.press(.home)
        #expect(preview.page == 0 && preview.scroll == 0)

        preview.printers = { [] }
        app.press(.function(5))
        #expect(app.message?.kind == .error)
        #expect(app.message?.text.contains("没有可用的打印机") == true)

        // F2: save as GB18030 text.
        app.press(.function(2))
        #expect(app.top is SaveDocumentScreen)
        let save = try #require(app.top as? SaveDocumentScreen)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        app.press(.right)
        #expect(save.form.value("format") == "gb18030")
        save.form.setValue("path", path)
        app.press(.function(2))
        #expect(app.top is PreviewScreen, "\(app.message?.text ?? "")")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = try #require(Output.decode(data, encoding: .gb18030))
        #expect(text.contains("星光村一社第一小组诚信计生档案"))
    }

    @Test func printingNamesThePrinterAndSavingUnderAnotherFormatsNameAsks() throws {
        let db = try makeFixtureDatabase()
        try makeSignedGroup(db)
        let app = try makeModel(db)
        app.press(.char("8"), .char("1"), .enter)
        let preview = try #require(app.top as? PreviewScreen)
        // A cups-pdf queue named "PDF": the question names it as a printer, not as a format twice.
        preview.printers = { [PrintQueue.Printer(name: "PDF", isDefault: true)] }
        app.press(.function(5))
        let asked = app.screenText.filter { !$0.isWhitespace && $0 != "│" }
        #expect(asked.contains("用打印机「PDF」打印（发送PDF文件）？"), "\(app.screenText)")
        #expect(!asked.contains("PDF（PDF）"))
        app.press(.char("n"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        app.press(.function(2))
        let save = try #require(app.top as? SaveDocumentScreen)
        // Choosing PDF renames the file to .pdf; typing .txt back makes the two disagree.
        app.press(.right, .right)
        #expect(save.form.value("format") == "pdf")
        #expect(save.form.value("path").hasSuffix(".pdf"))
        let txt = dir.appendingPathComponent("卷.txt").path
        save.form.setValue("path", txt)
        app.press(.function(2))
        #expect(app.screenText.filter { !$0.isWhitespace && $0 != "│" }.contains("所选格式却是PDF"), "\(app.screenText)")
        app.press(.char("n"))
        #expect(app.top is SaveDocumentScreen)
        #expect(!FileManager.default.fileExists(atPath: txt), "no PDF bytes in a .txt file")
        // Text chosen, a .pdf name typed: yes saves the text as 卷.txt and nothing as .pdf.
        app.press(.left, .left)
        #expect(save.form.value("format") == "utf8")
        let pdf = dir.appendingPathComponent("卷.pdf").path
        save.form.setValue("path", pdf)
        app.press(.function(2))
        app.press(.char("y"))
        #expect(app.top is PreviewScreen, "\(app.message?.text ?? "")")
        #expect(!FileManager.default.fileExists(atPath: pdf))
        #expect(try String(contentsOfFile: txt, encoding: .utf8).contains("星光村一社第一小组诚信计生档案"))
    }

    @Test func otherDocumentsFromTheMenu() throws {
        let db = try makeFixtureDatabase()
        try makeSignedGroup(db)
        let app = try makeModel(db)
        app.press(.char("8"), .char("5"))
        app.type("0101")
        app.press(.enter)
        #expect(app.top is PreviewScreen, "\(app.message?.text ?? "")")
        // The household card shows full ID numbers.
        let id = IDNumber.make(area: "990101", birthDate: LocalDate("1985-04-12")!, sequence: 11)
        #expect((app.top as! PreviewScreen).laid.text.contains(id))
        app.press(.escape)
        app.press(.char("5"))
        app.type("9999")
        app.press(.enter)
        #expect(app.message?.text.contains("没有户编号为 9999 的户") == true)
        // The board asks for its period first: the year so far, which a clerk may change.
        app.press(.escape, .char("6"))
        let period = try #require(app.top as? BoardPeriodScreen)
        expectSnapshot(app.render(), "board_period")
        period.form.setValue("to", "2026-12-31")
        app.press(.function(2))
        #expect(app.top is BoardPeriodScreen && app.message?.text.contains("截止日期不能晚于今天（2026-11-25）") == true)
        period.form.setValue("to", "2026-06-30")
        app.press(.enter)
        let board = try #require(app.top as? PreviewScreen)
        #expect(board.laid.text.contains("维权类"))
        #expect(board.laid.text.contains("一社第一小组：组长"))
        #expect(board.laid.text.contains("公开期间：2026年1月1日至2026年6月30日"), "the board states its period")
        app.press(.escape, .char("2"), .enter)
        let agreement = try #require(app.top as? PreviewScreen)
        #expect(agreement.laid.text.contains("签字（或按手印）"))
    }
}

@Suite struct VolumeRecordsTests {
    /// Pledges with their checks and deliveries of the group's households go into its volume.
    @Test func theBoardsPeriodInEnglish() throws {
        let app = try makeModel(language: .en)
        app.press(.char("8"), .char("6"))
        #expect(app.top is BoardPeriodScreen)
        expectSnapshot(app.render(), "board_period_en")
    }

    @Test func pledgesChecksAndDeliveriesAreInTheVolume() throws {
        let db = try makeFixtureDatabase()
        try db.installDefaultCatalogues(dataDirectory: repoRoot.appendingPathComponent("Data"))
        let group = try makeSignedGroup(db)
        let member = try #require(try db.groupMembers(groupId: group.id!).first)
        let items = try db.pledgeItems().map { $0.id! }
        let pledge = try db.recordPledge(householdId: member.householdId, itemIds: Array(items.prefix(3)),
                                         pledgedOn: LocalDate("2026-03-16")!, signedOn: LocalDate("2026-03-18")!,
                                         signer: member.headName)
        let round = try db.createCheckRound(name: "2026年第四季度", heldOn: LocalDate("2026-11-20")!)
        try db.recordChecks(roundId: round.id!, pledgeId: pledge.id!, entries: [
            CheckEntry(itemId: pledge.itemIds[0], result: .kept),
            CheckEntry(itemId: pledge.itemIds[1], result: .broken, note: "外出未报告"),
        ], recordedBy: "王会计", on: LocalDate("2026-11-20")!)
        try awardStars(db, level: 1)
        let policy = try #require(try db.policy(code: "X1-SX"))
        // A one-child family, as the policy needs.
        try db.savePerson(Person(householdId: member.householdId, name: "张小红", sex: .female,
                                 birthDate: LocalDate("2008-05-01")!, relation: .child))
        let due = try db.addEntitlement(Entitlement(policyId: policy.id!, householdId: member.householdId,
                                                    dueOn: LocalDate("2026-09-01")!))
        try db.recordFulfilment(Fulfilment(entitlementId: due.id!, deliveredOn: LocalDate("2026-08-20")!, amountFen: 500_000,
                                           detail: "银行转账", reference: "兑-2026-007", recordedBy: "王会计"))
        let text = try DocumentAssembler(db: db, today: testToday).archiveJob(group).layout(.continuous).text
        let flat = text.filter { !$0.isWhitespace }
        #expect(flat.contains("外出未报告"))
        // The voucher number is printed whole, on one line.
        #expect(text.contains("兑-2026-007"))
        // The sheet prints the pledge's date and the signing date under their own labels.
        #expect(text.contains("承诺日期：2026年3月16日"))
        #expect(text.contains("签字日期：2026年3月18日"))
        #expect(flat.contains("5000元"))
        #expect(flat.contains("家庭承诺书1份"))
        #expect(!flat.contains("本卷缺少：家庭承诺书"))
    }
}

@Suite struct PledgeSheetItemsTests {
    /// The printed 承诺书 lists the household's own pledge, else the village's catalogue in
    /// use (a retired item left out), else seed 001's items.
    @Test func theSheetPrintsTheHouseholdsItemsElseTheCataloguesElseTheDefaults() throws {
        let db = try makeFixtureDatabase()
        let group = try makeSignedGroup(db)
        let members = try db.groupMembers(groupId: group.id!)
        let assembler = DocumentAssembler(db: db, today: testToday)
        func sheet(_ number: String) throws -> String {
            try assembler.pledgeJob(number).layout(.continuous).text.filter { !$0.isWhitespace }
        }
        let first = members[0].householdNumber, second = members[1].householdNumber
        #expect(try sheet(first).contains("外出务工前告知组长"), "no catalogue: the defaults")
        try db.installDefaultCatalogues(dataDirectory: repoRoot.appendingPathComponent("Data"))
        let catalogue = try db.pledgeItems()
        let own = try db.savePledgeItem(PledgeItem(code: "Z1", text: "本户自定的一条承诺：按时参加诚信计生小组会议", sortOrder: 99))
        _ = try db.recordPledge(householdId: members[0].householdId, itemIds: [catalogue[1].id!, own.id!],
                                pledgedOn: LocalDate("2026-03-16")!, signedOn: nil, signer: members[0].headName)
        try db.retirePledgeItem(id: own.id!)
        let mine = try sheet(first)
        #expect(mine.contains(catalogue[1].text.filter { !$0.isWhitespace }) && mine.contains("本户自定的一条承诺"))
        #expect(!mine.contains(catalogue[0].text.filter { !$0.isWhitespace }), "only the household's own items")
        let theirs = try sheet(second)
        #expect(catalogue.allSatisfy { theirs.contains($0.text.filter { !$0.isWhitespace }) })
        #expect(!theirs.contains("本户自定的一条承诺"), "a retired item is not offered to a new pledge")
    }
}

@Suite struct FondsNumberTests {
    @Test func theFondsNumberSettingIsOnTheCover() throws {
        let db = try makeFixtureDatabase()
        let group = try makeSignedGroup(db)
        try db.setSetting("fonds", "J031")
        let text = try DocumentAssembler(db: db, today: testToday).archiveJob(group).layout(.continuous).text
        #expect(text.contains("J031-2026-"))
    }
}
