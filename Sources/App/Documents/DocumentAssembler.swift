import Domain
import Foundation
import Print
import Store

/// Builds the Print module's inputs from the store (Print does not import Store). A
/// group's archive volume holds its roster, elections, agreement and signatures, each
/// member household's current pledge with its checks, the fulfilment records and the
/// village's survey rounds and star reviews; a role without `readAll` (a group leader)
/// gets the volume without fulfilment and assessments. The agreement, roster, household
/// card, blank pledge sheet and disclosure board are assembled here too.
package struct DocumentAssembler {
    let db: AppDatabase
    let today: LocalDate
    let language: Language

    package init(db: AppDatabase, today: LocalDate, language: Language = .zh) {
        self.db = db
        self.today = today
        self.language = language
    }

    func t(_ s: Localized) -> String { s.text(language) }

    func village() throws -> Village {
        guard let v = try db.village() else {
            throw PrintError("请先在“村庄信息”中填写本村名称", "Please set up the village first")
        }
        return v
    }

    func group(_ idOrName: String) throws -> HonestyGroup {
        guard let g = try db.findHonestyGroup(idOrName) else {
            throw PrintError("没有编号或名称为 \(idOrName) 的诚信计生小组", "No honesty group \(idOrName)")
        }
        return g
    }

    func sheName(_ group: HonestyGroup) throws -> String {
        try db.honestyGroupSummary(id: group.id ?? 0, on: today)?.villageGroupName ?? ""
    }

    /// The roster rows of a group: current members, and with `includeLeft` those who left.
    func roster(_ group: HonestyGroup, includeLeft: Bool = false) throws -> [RosterRowInput] {
        let households = try db.groupMembers(groupId: group.id ?? 0, includeLeft: includeLeft)
        return try households.map { m in
            let persons = try db.members(householdId: m.householdId)
            let h = try db.household(id: m.householdId)
            let signer = GroupRules.signer(of: persons, headId: h?.headPersonId, on: today)
            var note = m.ineligibleReason
            if m.leftOn != nil { note = m.leftReason }
            return RosterRowInput(householdNumber: m.householdNumber, headName: m.headName, coupleNames: m.coupleNames,
                                  idNumber: signer?.idNumber ?? "", phone: m.phone, address: h?.address ?? "",
                                  joinedOn: m.joinedOn, leftOn: m.leftOn, note: note)
        }
    }

    func agreementInput(_ group: HonestyGroup) throws -> AgreementInput? {
        guard let a = try db.agreements(groupId: group.id ?? 0).first, let id = a.id else { return nil }
        let body = try db.agreementText(id: id, on: today)
        let signatures = try db.signatures(agreementId: id).map { r -> SignatureRowInput in
            let s = r.signature
            var note = ""
            switch s.kind {
            case .proxy: note = "\(s.proxyName)（\(s.proxyRelation)）代签"
            case .declined: note = "拒签原因：\(s.declineReason)"
            default: break
            }
            if !s.witness.isEmpty { note += (note.isEmpty ? "" : "；") + "见证人：\(s.witness)" }
            return SignatureRowInput(householdNumber: r.householdNumber, signerName: s.signerName,
                                     kind: s.kind.label.zh, signedOn: s.signedOn, note: note)
        }
        return AgreementInput(title: a.title, version: a.version, state: a.effectiveState(on: today).label.zh,
                              validFrom: a.validFrom, validTo: a.validTo, body: body,
                              committeeSigner: a.committeeSigner, committeeSignedOn: a.committeeSignedOn,
                              signatures: signatures)
    }

    /// One group's volume. The volume numbers (全宗号, 目录号, 案卷号) are not kept by the
    /// store yet: the file number is the group's id, the catalogue number the year.
    func archiveVolume(_ group: HonestyGroup, compiledBy: String = "", checkedBy: String = "") throws -> ArchiveVolumeInput {
        let village = try village()
        let roster = try self.roster(group, includeLeft: true)
        let elections = try db.elections(groupId: group.id ?? 0).reversed().map { e in
            ElectionInput(heldOn: e.heldOn, place: e.place, presidedBy: e.presidedBy,
                          candidates: e.candidates.map { (name: $0.name, votes: $0.votes) }, electedName: e.electedName)
        }
        let agreement = try agreementInput(group)
        var dates = [group.formedOn, today]
        dates += roster.map(\.joinedOn)
        let start = dates.min()!
        return ArchiveVolumeInput(
            village: village.name, township: village.township, county: village.county, groupName: group.name,
            sheName: try sheName(group), dateRange: start...max(start, today), retention: .thirtyYears,
            // 全宗号 is assigned by the archive office: a setting (chengxin settings set fonds NUMBER).
            fondsNumber: (try? db.setting("fonds")) ?? "", catalogueNumber: String(today.year), fileNumber: String(format: "%03d", group.id ?? 0),
            roster: roster, leaderName: try db.currentLeader(groupId: group.id ?? 0)?.name ?? "",
            elections: Array(elections), agreement: agreement, pledges: try pledgeSheets(group),
            // A group leader's copy has the group's own records only.
            fulfilments: db.may(.readAll) ? try fulfilmentRows(group) : [],
            assessments: db.may(.readAll) ? try assessmentRows() : [], meetings: try meetingInputs(group),
            compiledBy: compiledBy, checkedBy: checkedBy, compiledOn: today, auditHeadHash: try db.auditHeadHash())
    }

    /// The current pledge of each member household, with every check recorded against it.
    func pledgeSheets(_ group: HonestyGroup) throws -> [PledgeSheetInput] {
        let texts = Dictionary(try db.pledgeItems(includeRetired: true).compactMap { i in i.id.map { ($0, i.text) } },
                               uniquingKeysWith: { a, _ in a })
        let rounds = try db.checkRounds().sorted { $0.heldOn < $1.heldOn }
        return try db.groupMembers(groupId: group.id ?? 0).compactMap { m -> PledgeSheetInput? in
            guard let pledge = try db.currentPledge(householdId: m.householdId), let pledgeId = pledge.id else { return nil }
            var checks: [PledgeCheckInput] = []
            for round in rounds {
                for line in try db.checkLines(roundId: round.id ?? 0, pledgeId: pledgeId) {
                    guard let c = line.check else { continue }
                    checks.append(PledgeCheckInput(checkedOn: round.heldOn, item: line.item.text,
                                                   result: c.result.label.zh, checkedBy: c.recordedBy, note: c.note))
                }
            }
            return PledgeSheetInput(householdNumber: m.householdNumber, headName: m.headName, signerName: pledge.signer,
                                    pledgedOn: pledge.pledgedOn, signedOn: pledge.signedOn,
                                    items: pledge.itemIds.compactMap { texts[$0] }, checks: checks)
        }
    }

    /// Each delivery (兑现) to a member household, oldest first.
    func fulfilmentRows(_ group: HonestyGroup) throws -> [FulfilmentRowInput] {
        var rows: [FulfilmentRowInput] = []
        for m in try db.groupMembers(groupId: group.id ?? 0) {
            for line in try db.householdLedger(householdId: m.householdId, on: today) {
                for f in try db.fulfilments(entitlementId: line.entitlement.id ?? 0) {
                    let amount = f.amountFen.map { Money.yuan($0) + "元" } ?? (f.detail.isEmpty ? "服务" : f.detail)
                    rows.append(FulfilmentRowInput(householdNumber: m.householdNumber, name: m.headName, item: line.policyName,
                                                   amount: amount, date: f.deliveredOn, evidence: f.reference))
                }
            }
        }
        return rows.sorted { ($0.date, $0.householdNumber) < ($1.date, $1.householdNumber) }
    }

    /// The village's survey rounds and star reviews: the evaluation every group's volume records.
    func assessmentRows() throws -> [AssessmentRowInput] {
        var rows: [AssessmentRowInput] = []
        for round in try db.surveyRounds() {
            let r = try db.surveyResult(roundId: round.id ?? 0)
            let aware = r.awarenessRate.map { Rate.format($0) + "%" } ?? "—"
            let satisfied = r.satisfactionRate.map { Rate.format($0) + "%" } ?? "—"
            rows.append(AssessmentRowInput(date: round.heldOn, assessedBy: round.conductor.label.zh, item: round.name,
                                           result: "知晓率 \(aware)，满意率 \(satisfied)（\(r.asked) 户）",
                                           note: r.meetsTargets ? "达标" : "未达标"))
        }
        for review in try db.starReviews() {
            rows.append(AssessmentRowInput(date: review.reviewedOn, assessedBy: review.reviewer,
                                           item: "星级诚信村评定（申报\(review.levelApplied)星）",
                                           result: review.passed ? "通过" : "未通过", note: review.note))
        }
        return rows.sorted { $0.date < $1.date }
    }

    package func archiveJob(_ group: HonestyGroup) throws -> PrintJob {
        let input = try archiveVolume(group)
        return PrintJob(document: ArchiveVolume.layout(input).document) { ArchiveVolume.layout(input, format: $0) }
    }

    func agreementJob(_ group: HonestyGroup) throws -> PrintJob {
        guard let a = try agreementInput(group) else {
            throw PrintError("「\(group.name)」还没有协议书，请先在小组中按 F7 新建",
                             "\(group.name) has no agreement yet; make one with F7 in the group")
        }
        return PrintJob(document: Documents.agreementForSigning(village: try village().name, groupName: group.name,
                                                                agreement: a, households: try roster(group)))
    }

    func rosterJob(_ group: HonestyGroup) throws -> PrintJob {
        PrintJob(document: Documents.roster(village: try village().name, sheName: try sheName(group), groupName: group.name,
                                            leaderName: try db.currentLeader(groupId: group.id ?? 0)?.name ?? "",
                                            rows: try roster(group), printedOn: today))
    }

    func household(_ number: String) throws -> (HouseholdRow, Household) {
        let row: HouseholdRow?
        if db.may(.readAll) {
            row = try db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true,
                                       offset: 0, limit: 50).first(where: { $0.number == number })
        } else {
            // A group leader: the households of their own group.
            guard let own = try? findHousehold(db, number, .zh) else {
                throw PrintError("户编号 \(number) 不在您的小组中", "Household \(number) is not in your group")
            }
            row = own
        }
        guard let row, let h = try db.household(id: row.id) else {
            throw PrintError("没有户编号为 \(number) 的户", "No household numbered \(number)")
        }
        return (row, h)
    }

    /// The group a household is a member of now, if any.
    func currentGroup(householdId: Int64) throws -> HonestyGroup? {
        if !db.may(.readAll), let own = db.session?.groupId {
            // A group leader reads only the household of their own group.
            return try db.groupMembers(groupId: own).contains(where: { $0.householdId == householdId })
                ? db.honestyGroup(id: own) : nil
        }
        for g in try db.honestyGroups(on: today) {
            if try db.groupMembers(groupId: g.group.id ?? 0).contains(where: { $0.householdId == householdId }) {
                return g.group
            }
        }
        return nil
    }

    func cardJob(_ number: String) throws -> PrintJob {
        let village = try village()
        let (row, h) = try household(number)
        let members = try db.members(householdId: row.id).map { p in
            HouseholdCardInput.Member(
                name: p.name, relation: p.relation.label.zh, sex: p.sex.label.zh, idNumber: p.idNumber,
                birthDate: p.birthDate, maritalStatus: p.maritalStatus.label.zh, phone: p.phone,
                migrant: p.migrantStatus == .resident ? "" : p.migrantStatus.label.zh)
        }
        let card = HouseholdCardInput(village: village.name, sheName: row.villageGroupName, householdNumber: h.number,
                                      address: h.address, headName: row.headName, phone: h.phone,
                                      groupName: try currentGroup(householdId: row.id)?.name ?? "",
                                      members: members, printedOn: today)
        return PrintJob(document: Documents.householdCard(card))
    }

    /// A pledge sheet for a household to fill in and sign: its number, head, signer and
    /// group over the items of the household's current pledge, else the village's
    /// catalogue of pledge items in use (承诺事项目录), else `defaultPledgeItems`. The
    /// archive volume prints the recorded pledges with their checks (`pledgeSheets`).
    func pledgeJob(_ number: String) throws -> PrintJob {
        let (row, h) = try household(number)
        let group = try currentGroup(householdId: row.id)
        let persons = try db.members(householdId: row.id)
        let signer = GroupRules.signer(of: persons, headId: h.headPersonId, on: today)
        let sheet = PledgeSheetInput(householdNumber: h.number, headName: row.headName, signerName: signer?.name ?? "",
                                     pledgedOn: nil, items: try pledgeSheetItems(householdId: row.id), checks: [])
        return PrintJob(document: Documents.pledgeSheet(groupName: group?.name ?? "", sheet: sheet))
    }

    /// The household's own pledge items, else the catalogue's items in use, else the defaults.
    func pledgeSheetItems(householdId: Int64) throws -> [String] {
        let catalogue = try db.pledgeItems(includeRetired: true)
        if let pledge = try db.currentPledge(householdId: householdId) {
            let texts = Dictionary(catalogue.compactMap { i in i.id.map { ($0, i.text) } }) { a, _ in a }
            let own = pledge.itemIds.compactMap { texts[$0] }
            if !own.isEmpty { return own }
        }
        let inUse = try db.pledgeItems().map(\.text)
        return inUse.isEmpty ? Self.defaultPledgeItems : inUse
    }

    /// The items a pledge sheet lists when the village has no catalogue of its own (seed 001).
    static let defaultPledgeItems = [
        "自觉遵守人口和计划生育法律法规，依法实行计划生育",
        "如实报告婚姻、生育和外出流动等情况，不隐瞒、不虚报",
        "自觉抵制非法胎儿性别鉴定和非法终止妊娠行为",
        "按时参加小组活动，组员之间相互帮助、相互监督",
        "外出务工前告知组长，按时参加健康检查",
    ]

    /// The meetings that concern the group, oldest first, each with the households that attended
    /// (for the group's leader, the group's own households).
    func meetingInputs(_ group: HonestyGroup) throws -> [MeetingInput] {
        try db.meetings(concerningGroup: group.id ?? 0).map { r in
            let m = r.meeting
            let attendees = try db.attendees(meetingId: m.id ?? 0, groupId: db.may(.readAll) ? nil : group.id)
            let lines = Dictionary(grouping: attendees, by: \.householdNumber).sorted { $0.key < $1.key }.map { number, rows in
                let persons = rows.map(\.personName).filter { !$0.isEmpty }
                return "\(number) \(rows[0].headName)户" + (persons.isEmpty ? "" : "：" + persons.joined(separator: "、"))
            }
            return MeetingInput(heldOn: m.heldOn, kind: m.kind.label.zh, place: m.place, ledBy: m.ledBy, topic: m.topic,
                                outcome: m.outcome, attachments: m.attachments, attendees: lines)
        }
    }

    /// A group's name with its 社 before it, unless the name begins with it ("一社第一小组").
    func fullName(_ g: HonestyGroupSummary) -> String {
        g.group.name.hasPrefix(g.villageGroupName) ? g.group.name : g.villageGroupName + g.group.name
    }

    /// The period a board stands for when none is given: the year so far.
    func defaultBoardPeriod() -> ClosedRange<LocalDate> {
        LocalDate(year: today.year, month: 1, day: 1)!...today
    }

    /// The disclosure board of a period (default: the year so far), each of the six categories
    /// from the records: the organisation, the policy catalogue with amounts, the procedures of
    /// the period (groups formed, elections, agreements signed, meetings), the services and what
    /// was delivered, the supervision (12356, the supervisors, the feedback handled) and the
    /// changes (population, meetings and field work, agreements). A category with no records prints 无.
    func boardJob(period: ClosedRange<LocalDate>? = nil) throws -> PrintJob {
        let village = try village()
        let period = period ?? defaultBoardPeriod()
        let (from, to) = (period.lowerBound, period.upperBound)
        func inPeriod(_ d: LocalDate?) -> Bool { d.map { period.contains($0) } ?? false }
        let groups = try db.honestyGroups(on: today)
        var lines: [String: [String]] = [:]

        // 机构类: who runs the programme, and the groups with their leaders.
        if !groups.isEmpty {
            lines["机构类"] = ["\(village.name)村民委员会负责诚信计生工作，村计生专干负责日常工作"]
                + groups.map { g in "\(fullName(g))：组长\(g.leaderName ?? "（未选举）")，成员\(g.memberCount)户" }
        }

        // 政策类: the catalogue in force, with amounts.
        lines["政策类"] = try db.policies().map { p in
            let amount = p.kind == .service ? "服务" : (p.amountFen.map { Money.yuan($0) + "元" } ?? "按实际核定")
            let stars = p.requiredStars > 0 ? "，须\(p.requiredStars)星级及以上诚信村" : ""
            return "\(p.name)：\(amount)（\(p.level.label.zh)级，\(p.recurrence.label.zh)\(stars)）"
        }

        // 程序类: the procedures carried out in the period.
        var procedures: [(LocalDate, String)] = []
        for g in groups {
            let name = fullName(g)
            if inPeriod(g.group.formedOn) { procedures.append((g.group.formedOn, "\(name)组建")) }
            for e in try db.elections(groupId: g.group.id ?? 0) where inPeriod(e.heldOn) {
                procedures.append((e.heldOn, "\(name)民主选举组长，\(e.electedName)当选"))
            }
            for a in try db.agreements(groupId: g.group.id ?? 0) where inPeriod(a.committeeSignedOn) {
                procedures.append((a.committeeSignedOn!, "\(name)签订《\(a.title)》第\(a.version)版"))
            }
        }
        let meetings = try db.meetings(from: from, to: to).reversed()
        for r in meetings where r.meeting.kind.decides {
            let m = r.meeting
            let outcome = m.outcome.isEmpty ? "" : "，\(m.outcome)"
            procedures.append((m.heldOn, "召开\(m.kind.label.zh)：\(m.topic)\(outcome)"))
        }
        lines["程序类"] = procedures.sorted { $0.0 < $1.0 }.map { "\($0.0.chineseText) \($0.1)" }

        // 服务类: the services offered, and what was delivered in the period.
        var services = try db.policies().filter { $0.kind == .service }.map { "服务项目：\($0.name)" }
        services += try db.deliveries(from: from, to: to).map { d in
            let amount = d.kind == .money ? "，共\(Money.yuan(d.amountFen))元" : ""
            return "已兑现「\(d.policyName)」\(d.households)户\(d.deliveries)次\(amount)"
        }
        lines["服务类"] = services

        // 维权类: the hotline and the supervisors, and the feedback handled in the period.
        let feedback = try db.feedbackHandled(from: from, to: to)
        let supervisors = ((try? db.setting("supervisors")) ?? nil)?.trimmingCharacters(in: .whitespaces) ?? ""
        var rights: [String] = []
        if !supervisors.isEmpty { rights.append("民主监督小组：\(supervisors)") }
        if feedback.received > 0 || !feedback.closed.isEmpty {
            rights.append("本期受理群众反馈\(feedback.received)件，办结\(feedback.closed.count)件")
            rights += feedback.closed.map { "\($0.content)——\($0.outcome)" }
        }
        if !rights.isEmpty { rights.insert("举报投诉电话：12356（计生服务热线）", at: 0) }
        lines["维权类"] = rights

        // 动态类: the population's changes, the meetings and field work, the agreements.
        var news: [String] = []
        let changes = try db.populationChanges(from: from, to: to)
        if !changes.isEmpty {
            var parts: [String] = []
            if changes.householdsRegistered > 0 { parts.append("新登记\(changes.householdsRegistered)户") }
            if changes.personsRegistered > 0 { parts.append("新登记人员\(changes.personsRegistered)人") }
            if changes.births > 0 { parts.append("出生\(changes.births)人") }
            for l in changes.left { parts.append("\(l.reason)\(l.count)人") }
            news.append("人口变动：" + parts.joined(separator: "，"))
        }
        let fieldWork = Dictionary(grouping: meetings.filter { !$0.meeting.kind.decides }, by: \.meeting.kind)
        if !fieldWork.isEmpty {
            news.append("开展" + MeetingKind.allCases.compactMap { k in fieldWork[k].map { "\(k.label.zh)\($0.count)次" } }
                .joined(separator: "、"))
            for r in meetings where [.publicity, .training].contains(r.meeting.kind) {
                news.append("\(r.meeting.heldOn.chineseText) \(r.meeting.kind.label.zh)：\(r.meeting.topic)")
            }
        }
        news += groups.compactMap { g in
            guard let state = g.agreementState else { return nil }
            let until = g.agreementValidTo.map { "，有效期至\($0.chineseText)" } ?? ""
            return "\(g.group.name)协议书：\(state.label.zh)\(until)"
        }
        lines["动态类"] = news
        return PrintJob(document: Documents.disclosureBoard(DisclosureBoardInput(village: village.name, lines: lines,
                                                                                 postedOn: today, period: period)))
    }
}
