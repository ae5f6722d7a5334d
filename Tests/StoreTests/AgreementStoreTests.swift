import Foundation
import Testing
import GRDB
import Domain
@testable import Store

/// Data/agreement_template.txt in the repository.
let templateURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Data/agreement_template.txt")

/// A group of two couples with an elected leader and the default template.
struct AgreementFixture {
    let g: GroupFixture
    let group: HonestyGroup
    let template: AgreementTemplate
    let households: [Household]
    var db: AppDatabase { g.db }

    init() throws {
        g = try GroupFixture()
        try g.db.saveVillage(Village(id: g.f.village.id, name: "星光村", township: "示范镇", county: "示范县"))
        group = try g.group("一社第一小组")
        let a = try g.couple("0101", "张三", "李秀英", associationWife: true)
        let b = try g.couple("0102", "王强", "赵敏")
        households = [a.household, b.household]
        for h in households {
            try g.db.addMember(groupId: group.id!, householdId: h.id!, joinedOn: LocalDate("2026-02-01")!)
        }
        try g.db.recordElection(groupId: group.id!, heldOn: LocalDate("2026-02-15")!, place: "一社村民会议",
                                presidedBy: "王建国", candidates: [(a.wife!.id!, 5), (b.wife!.id!, 2)],
                                electedPersonId: a.wife!.id!)
        try g.db.installDefaultTemplate(from: templateURL)
        template = try #require(try g.db.agreementTemplates().first)
    }

    func create(from: String = "2026-03-01", to: String = "2029-02-28") throws -> Agreement {
        try db.createAgreement(groupId: group.id!, templateId: template.id!, validFrom: LocalDate(from)!,
                               validTo: LocalDate(to)!, on: groupToday)
    }

    /// Every household signs in person and the committee signs: in force.
    func signAll(_ agreement: Agreement, on day: LocalDate = groupToday) throws {
        for row in try db.signatures(agreementId: agreement.id!) {
            var s = row.signature
            s.kind = .inPerson
            s.signedOn = day
            try db.recordSignature(s, on: day)
        }
        try db.recordCommitteeSignature(agreementId: agreement.id!, signer: "李明", on: day)
    }
}

@Suite struct AgreementTemplateTests {
    @Test func installsTheDefaultTemplateOnce() throws {
        let f = try AgreementFixture()
        #expect(f.template.name == "诚信计生协议书")
        #expect(f.template.version == 1)
        #expect(f.template.isDefault)
        #expect(f.template.adoptedBy == "村民会议")
        #expect(f.template.body.hasPrefix("诚信计生协议书"))
        #expect(AgreementTemplate.unknownPlaceholders(in: f.template.body).isEmpty)
        for heading in ["一、乡（镇）人民政府的职责", "二、村民委员会的权利与义务", "三、村民（小组成员）的权利与义务",
                        "四、违约责任", "五、争议解决办法", "六、有效期限", "七、其他", "{{成员名单}}", "{{有效期}}"] {
            #expect(f.template.body.contains(heading), "\(heading)")
        }
        try f.db.installDefaultTemplate(from: templateURL)
        #expect(try f.db.agreementTemplates().count == 1)
        let empty = try AppDatabase.inMemory()
        #expect(refusal { try empty.installDefaultTemplate(from: URL(fileURLWithPath: "/nonexistent/t.txt")) } != nil)
    }

    @Test func unknownPlaceholdersAreRefusedByName() throws {
        let f = try AgreementFixture()
        let errors = invalidFields {
            try f.db.saveAgreementTemplate(AgreementTemplate(name: "本村协议书", body: "甲方{{村名}}，乙方{{户主}}{{组员}}"))
        }
        #expect(errors?.map(\.field) == ["body"])
        #expect(errors?.first?.message.zh.contains("{{户主}}、{{组员}}") == true)
        let own = try f.db.saveAgreementTemplate(AgreementTemplate(
            name: "本村协议书", body: "甲方{{村名}}，乙方{{小组名}}", adoptedOn: LocalDate("2026-02-20"),
            adoptedBy: "村民代表会议", isDefault: true))
        #expect(own.version == 1)
        // Only one default.
        let all = try f.db.agreementTemplates()
        #expect(all.filter(\.isDefault).map(\.name) == ["本村协议书"])
        #expect(invalidFields { try f.db.saveAgreementTemplate(AgreementTemplate(name: "本村协议书", body: "x")) }?
            .map(\.field) == ["name"])
    }

    @Test func aUsedTemplateGetsANewVersionWhenItsTextChanges() throws {
        let f = try AgreementFixture()
        // Unused: edited in place.
        var t = f.template
        t.body += "\n（补充）"
        let same = try f.db.saveAgreementTemplate(t)
        #expect(same.id == f.template.id)
        #expect(same.version == 1)
        // Used by an agreement: a new version, the old kept as it was.
        _ = try f.create()
        var changed = same
        changed.body += "\n（再补充）"
        let v2 = try f.db.saveAgreementTemplate(changed)
        #expect(v2.id != same.id)
        #expect(v2.version == 2)
        #expect(v2.isDefault)
        let all = try f.db.agreementTemplates()
        #expect(all.map(\.version) == [2, 1])
        #expect(all.last?.body == same.body)
        #expect(try f.db.agreementTemplates(latestOnly: true).map(\.version) == [2])
        // Metadata of a used template changes in place.
        var meta = try #require(try f.db.agreementTemplate(id: same.id!))
        meta.adoptedBy = "村民代表会议"
        #expect(try f.db.saveAgreementTemplate(meta).id == same.id)
    }
}

@Suite struct AgreementStateTests {
    @Test func draftThenSigningFreezesTheText() throws {
        let f = try AgreementFixture()
        #expect(invalidFields {
            try f.db.createAgreement(groupId: f.group.id!, templateId: f.template.id!, validFrom: LocalDate("2026-03-01")!,
                                     validTo: LocalDate("2026-02-01")!, on: groupToday)
        }?.map(\.field) == ["validTo"])
        let draft = try f.create()
        #expect(draft.state == .draft)
        #expect(draft.version == 1)
        #expect(draft.title == "一社第一小组诚信计生协议书")
        #expect(draft.body == f.template.body)
        #expect(try f.db.honestyGroups(on: groupToday).first?.agreementState == .draft)
        // A second agreement while the draft is open is refused.
        #expect(refusal { _ = try f.create() } != nil)
        // A draft is editable, with the same placeholder check.
        #expect(invalidFields {
            try f.db.updateAgreementDraft(id: draft.id!, body: "{{坏的}}", validFrom: draft.validFrom, validTo: draft.validTo)
        }?.map(\.field) == ["body"])
        try f.db.updateAgreementDraft(id: draft.id!, body: draft.body + "\n八、本组补充条款。", validFrom: draft.validFrom,
                                      validTo: draft.validTo)
        // Nothing to sign yet.
        #expect(try f.db.signatures(agreementId: draft.id!).isEmpty)
        #expect(refusal { try f.db.recordCommitteeSignature(agreementId: draft.id!, signer: "李明", on: groupToday) } != nil)
        #expect(refusal { try f.db.reviseAgreement(id: draft.id!, on: groupToday) } != nil)

        try f.db.startSigning(agreementId: draft.id!, on: groupToday)
        let signing = try #require(try f.db.agreement(id: draft.id!))
        #expect(signing.state == .signing)
        #expect(signing.signingStartedOn == groupToday)
        #expect(signing.body.contains("甲方：星光村村民委员会"))
        #expect(signing.body.contains("乙方：一社第一小组（一社）组长李秀英及全体成员"))
        #expect(signing.body.contains("张三、李秀英（0101户）；王强、赵敏（0102户）"))
        #expect(signing.body.contains("本协议自2026年3月1日起至2029年2月28日止，有效期3年。"))
        #expect(signing.body.contains("八、本组补充条款。"))
        #expect(AgreementTemplate.placeholders(in: signing.body).isEmpty)
        #expect(signing.sourceBody.contains("{{成员名单}}"))
        #expect(refusal { try f.db.startSigning(agreementId: draft.id!, on: groupToday) } != nil)

        // The frozen text is never edited.
        let frozen = refusal {
            try f.db.updateAgreementDraft(id: draft.id!, body: "改", validFrom: draft.validFrom, validTo: draft.validTo)
        }
        #expect(frozen?.zh.contains("不能修改") == true)

        // Pending signatures for each member; the signer is the couple's married woman.
        let rows = try f.db.signatures(agreementId: draft.id!)
        #expect(rows.map(\.householdNumber) == ["0101", "0102"])
        #expect(rows.map(\.signature.signerName) == ["李秀英", "赵敏"])
        #expect(rows.allSatisfy { $0.signature.kind == .pending && $0.signature.signedOn == nil })
        #expect(try f.db.groupMembers(groupId: f.group.id!).map(\.signatureKind) == [.pending, .pending])
        #expect(try f.db.honestyGroups(on: groupToday).first?.agreementState == .signing)
    }

    @Test func signaturesResolveThenTheCommitteeBringsItIntoForce() throws {
        let f = try AgreementFixture()
        let a = try f.create()
        try f.db.startSigning(agreementId: a.id!, on: groupToday)
        var first = try #require(try f.db.signatures(agreementId: a.id!).first).signature
        var second = try #require(try f.db.signatures(agreementId: a.id!).last).signature

        // A proxy needs the proxy's name and relation; declining needs a reason; every kind but pending needs a date.
        first.kind = .proxy
        first.signedOn = groupToday
        #expect(Set(invalidFields { try f.db.recordSignature(first, on: groupToday) }?.map(\.field) ?? [])
            == ["proxyName", "proxyRelation"])
        first.proxyName = "张三"
        first.proxyRelation = "丈夫"
        first.witness = "村计生专干王芳"
        try f.db.recordSignature(first, on: groupToday)
        second.kind = .declined
        second.signedOn = groupToday
        #expect(invalidFields { try f.db.recordSignature(second, on: groupToday) }?.map(\.field) == ["declineReason"])
        second.kind = .thumbprint
        second.signedOn = nil
        #expect(invalidFields { try f.db.recordSignature(second, on: groupToday) }?.map(\.field) == ["signedOn"])
        second.signedOn = LocalDate("2026-02-28")
        #expect(invalidFields { try f.db.recordSignature(second, on: groupToday) }?.map(\.field) == ["signedOn"])

        // The committee first: not yet in force while a household is pending.
        #expect(invalidFields { try f.db.recordCommitteeSignature(agreementId: a.id!, signer: "", on: groupToday) }?
            .map(\.field) == ["committeeSigner"])
        try f.db.recordCommitteeSignature(agreementId: a.id!, signer: "李明", on: groupToday)
        #expect(try f.db.agreement(id: a.id!)?.state == .signing)

        second.kind = .declined
        second.signedOn = groupToday
        second.declineReason = "暂不同意违约条款"
        try f.db.recordSignature(second, on: groupToday)
        let inForce = try #require(try f.db.agreement(id: a.id!))
        #expect(inForce.state == .inForce)
        #expect(inForce.committeeSigner == "李明")
        #expect(inForce.committeeSignedOn == groupToday)
        let rows = try f.db.signatures(agreementId: a.id!)
        #expect(rows.map(\.signature.kind) == [.proxy, .declined])
        #expect(rows.first?.signature.proxyName == "张三")
        #expect(rows.first?.signature.witness == "村计生专干王芳")
        #expect(rows.last?.signature.declineReason == "暂不同意违约条款")
        #expect(try f.db.groupMembers(groupId: f.group.id!).map(\.signatureKind) == [.proxy, .declined])
        // No more signatures once in force.
        #expect(refusal { try f.db.recordSignature(second, on: groupToday) } != nil)

        // Expired is derived from the dates.
        #expect(inForce.effectiveState(on: LocalDate("2029-02-28")!) == .inForce)
        #expect(inForce.effectiveState(on: LocalDate("2029-03-01")!) == .expired)
        #expect(try f.db.honestyGroups(on: LocalDate("2029-03-01")!).first?.agreementState == .expired)
        #expect(try f.db.honestyGroups(on: groupToday).first?.agreementState == .inForce)
        #expect(try f.db.honestyGroups(on: groupToday).first?.agreementValidTo == LocalDate("2029-02-28"))
        #expect(try f.db.agreementStateCounts(on: groupToday) == [.inForce: 1])
        // Still stored as in force.
        #expect(try f.db.reader.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM agreement WHERE id = ?", arguments: [a.id!])
        } == "inForce")
    }

    @Test func committeeLastAlsoBringsItIntoForce() throws {
        let f = try AgreementFixture()
        let a = try f.create()
        try f.db.startSigning(agreementId: a.id!, on: groupToday)
        try f.signAll(a)
        #expect(try f.db.agreement(id: a.id!)?.state == .inForce)
    }

    @Test func aHouseholdThatLeavesNoLongerOwesASignature() throws {
        let f = try AgreementFixture()
        let a = try f.create()
        try f.db.startSigning(agreementId: a.id!, on: groupToday)
        var first = try #require(try f.db.signatures(agreementId: a.id!).first).signature
        first.kind = .thumbprint
        first.signedOn = groupToday
        try f.db.recordSignature(first, on: groupToday)
        try f.db.recordCommitteeSignature(agreementId: a.id!, signer: "李明", on: groupToday)
        let leaving = try #require(try f.db.groupMembers(groupId: f.group.id!).last)
        try f.db.removeMember(membershipId: leaving.membershipId, leftOn: groupToday, reason: "迁往外地")
        #expect(try f.db.signatures(agreementId: a.id!).count == 1)
        #expect(try f.db.agreement(id: a.id!)?.state == .inForce)
    }

    @Test func revisingMakesANewDraftVersionAndKeepsTheOldReadable() throws {
        let f = try AgreementFixture()
        let v1 = try f.create()
        try f.db.startSigning(agreementId: v1.id!, on: groupToday)
        try f.signAll(v1)
        let signedText = try #require(try f.db.agreement(id: v1.id!)).body

        let later = LocalDate("2026-09-01")!
        let v2 = try f.db.reviseAgreement(id: v1.id!, on: later)
        #expect(v2.version == 2)
        #expect(v2.state == .draft)
        #expect(v2.supersedesId == v1.id)
        #expect(v2.body.contains("{{成员名单}}"))
        #expect(refusal { try f.db.reviseAgreement(id: v1.id!, on: later) } != nil)
        // The old version is unchanged and still in force until v2 is.
        let old = try #require(try f.db.agreement(id: v1.id!))
        #expect(old.body == signedText)
        #expect(old.state == .inForce)
        #expect(try f.db.agreements(groupId: f.group.id!).map(\.version) == [2, 1])
        #expect(try f.db.honestyGroups(on: later).first?.agreementState == .draft)
        #expect(try f.db.groupsWithoutAgreementInForce(on: later).isEmpty)

        try f.db.updateAgreementDraft(id: v2.id!, body: v2.body + "\n八、修订条款。", validFrom: later,
                                      validTo: LocalDate("2029-08-31")!)
        try f.db.startSigning(agreementId: v2.id!, on: later)
        try f.signAll(v2, on: later)
        #expect(try f.db.agreement(id: v2.id!)?.state == .inForce)
        let replaced = try #require(try f.db.agreement(id: v1.id!))
        #expect(replaced.state == .terminated)
        #expect(replaced.terminatedOn == later)
        #expect(replaced.terminationReason.contains("第2版"))
        #expect(replaced.body == signedText)
    }

    @Test func revisingDuringSigningStopsTheOldSigning() throws {
        let f = try AgreementFixture()
        let v1 = try f.create()
        try f.db.startSigning(agreementId: v1.id!, on: groupToday)
        let v2 = try f.db.reviseAgreement(id: v1.id!, on: groupToday)
        #expect(v2.version == 2)
        #expect(try f.db.agreement(id: v1.id!)?.state == .terminated)
        #expect(try f.db.agreements(groupId: f.group.id!).first?.id == v2.id)
    }

    @Test func terminationNeedsAReason() throws {
        let f = try AgreementFixture()
        let a = try f.create()
        #expect(refusal { try f.db.terminateAgreement(id: a.id!, on: groupToday, reason: "解散") } != nil)   // a draft
        try f.db.startSigning(agreementId: a.id!, on: groupToday)
        try f.signAll(a)
        let end = LocalDate("2027-01-10")!
        #expect(invalidFields { try f.db.terminateAgreement(id: a.id!, on: end, reason: "  ") }?.map(\.field)
            == ["terminationReason"])
        try f.db.terminateAgreement(id: a.id!, on: end, reason: "小组解散")
        let done = try #require(try f.db.agreement(id: a.id!))
        #expect(done.state == .terminated)
        #expect(done.effectiveState(on: LocalDate("2030-01-01")!) == .terminated)
        #expect(done.terminatedOn == end)
        #expect(done.terminationReason == "小组解散")
        #expect(refusal { try f.db.terminateAgreement(id: a.id!, on: end, reason: "再次") } != nil)
        // A new agreement may then be made.
        let next = try f.create(from: "2027-02-01", to: "2030-01-31")
        #expect(next.version == 2)
    }

    @Test func signingNeedsMembers() throws {
        let f = try AgreementFixture()
        let empty = try f.g.group("一社第二小组")
        let a = try f.db.createAgreement(groupId: empty.id!, templateId: f.template.id!,
                                         validFrom: groupToday, validTo: LocalDate("2027-02-28")!, on: groupToday)
        #expect(refusal { try f.db.startSigning(agreementId: a.id!, on: groupToday) }?.zh.contains("成员") == true)
    }
}

@Suite struct AgreementAlertTests {
    @Test func expiringSoonAndGroupsWithoutAnAgreementInForce() throws {
        let f = try AgreementFixture()
        let other = try f.g.group("一社第二小组")
        // Both groups lack an agreement at first.
        #expect(try f.db.groupsWithoutAgreementInForce(on: groupToday).map(\.groupName) == ["一社第一小组", "一社第二小组"])

        let a = try f.create(from: "2026-03-01", to: "2026-12-31")
        #expect(try f.db.groupsWithoutAgreementInForce(on: groupToday).first?.agreementId == a.id)
        try f.db.startSigning(agreementId: a.id!, on: groupToday)
        try f.signAll(a)
        #expect(try f.db.groupsWithoutAgreementInForce(on: groupToday).map(\.groupId) == [other.id!])

        #expect(try f.db.agreementsExpiring(within: 30, of: LocalDate("2026-11-30")!).isEmpty)
        let soon = try f.db.agreementsExpiring(within: 30, of: LocalDate("2026-12-01")!)
        #expect(soon == [AgreementAlert(groupId: f.group.id!, groupName: "一社第一小组", agreementId: a.id,
                                        validTo: LocalDate("2026-12-31"))])
        #expect(try f.db.agreementsExpiring(within: 30, of: LocalDate("2026-12-31")!).count == 1)
        // After the last day it is expired, not expiring, and the group lacks one again.
        #expect(try f.db.agreementsExpiring(within: 30, of: LocalDate("2027-01-01")!).isEmpty)
        let lacking = try f.db.groupsWithoutAgreementInForce(on: LocalDate("2027-01-01")!)
        #expect(lacking.map(\.groupName) == ["一社第一小组", "一社第二小组"])
        #expect(lacking.first?.validTo == LocalDate("2026-12-31"))

        // A renewal in force silences the expiring alert of the old one.
        let renewal = try f.create(from: "2027-01-01", to: "2029-12-31")
        try f.db.startSigning(agreementId: renewal.id!, on: LocalDate("2026-12-05")!)
        try f.signAll(renewal, on: LocalDate("2026-12-05")!)
        #expect(try f.db.agreementsExpiring(within: 30, of: LocalDate("2026-12-10")!).isEmpty)
    }
}
