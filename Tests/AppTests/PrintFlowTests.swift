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
        let text = job.layout(.continuous).text
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
        app.press(.escape, .char("6"))
        let board = try #require(app.top as? PreviewScreen)
        #expect(board.laid.text.contains("维权类"))
        #expect(board.laid.text.contains("一社第一小组：组长"))
        app.press(.escape, .char("2"), .enter)
        let agreement = try #require(app.top as? PreviewScreen)
        #expect(agreement.laid.text.contains("签字（或按手印）"))
    }
}
