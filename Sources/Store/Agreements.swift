import Foundation
import GRDB
import Domain

// MARK: - Agreement templates

extension AppDatabase {
    /// `Data/agreement_template.txt` in the repository, found by `Resources`.
    public static var repositoryTemplateURL: URL {
        Resources.data.appendingPathComponent("agreement_template.txt")
    }

    /// The templates, default first, then by name, newest version first.
    /// With `latestOnly`, only the newest version of each name.
    public func agreementTemplates(latestOnly: Bool = false) throws -> [AgreementTemplate] {
        try read { db in
            try AgreementTemplate.fetchAll(db, sql: """
                SELECT t.* FROM agreement_template t
                \(latestOnly ? "WHERE t.version = (SELECT MAX(version) FROM agreement_template n WHERE n.name = t.name)" : "")
                ORDER BY t.is_default DESC, t.name, t.version DESC, t.id DESC
                """)
        }
    }

    public func agreementTemplate(id: Int64) throws -> AgreementTemplate? {
        try read { db in try AgreementTemplate.fetchOne(db, key: id) }
    }

    /// Validates and saves a template. Unknown placeholders are refused, naming them.
    ///
    /// A changed text of a template that an agreement used becomes a new version
    /// (the old row is kept); otherwise the row is updated in place. Only one
    /// template is the default.
    @discardableResult
    public func saveAgreementTemplate(_ t: AgreementTemplate) throws -> AgreementTemplate {
        var template = t
        template.name = template.name.trimmed
        template.adoptedBy = template.adoptedBy.trimmed
        let errors = AgreementTemplate.validate(template)
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        return try write { db in
            func nameTaken() -> StoreError {
                StoreError.invalid([FieldError(field: "name", message: Localized(
                    "已有名为「\(template.name)」的范本；修改请打开该范本",
                    "There is already a template named \(template.name); open it to change it"))])
            }
            if let id = template.id {
                guard let stored = try AgreementTemplate.fetchOne(db, key: id) else { throw StoreError.notFound }
                if template.name != stored.name,
                   try AgreementTemplate.filter(Column("name") == template.name).fetchCount(db) > 0 { throw nameTaken() }
                let used = try Agreement.filter(Column("template_id") == id).fetchCount(db) > 0
                if used && template.body != stored.body {
                    // Agreements keep pointing at the text they were made from.
                    template.id = nil
                    template.version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM agreement_template WHERE name = ?",
                                                          arguments: [template.name]) ?? 0) + 1
                    try template.insert(db)
                } else {
                    template.version = stored.version
                    try template.update(db)
                }
            } else {
                if try AgreementTemplate.filter(Column("name") == template.name).fetchCount(db) > 0 { throw nameTaken() }
                template.version = 1
                try template.insert(db)
            }
            if template.isDefault {
                try db.execute(sql: "UPDATE agreement_template SET is_default = 0 WHERE id <> ?", arguments: [template.id])
            }
            return template
        }
    }

    /// Loads the default template from a file when the database has none.
    public func installDefaultTemplate(from url: URL) throws {
        if try dbWriter.read({ db in try AgreementTemplate.fetchCount(db) }) > 0 { return }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw StoreError.refused(Localized("找不到协议书范本文件：\(url.path)",
                                               "Cannot read the agreement template file: \(url.path)"))
        }
        var template = AgreementTemplate.parse(file: text)
        template.isDefault = true
        // Reference data the program brings, installed whoever (if anyone) is signed in.
        try access.asSystem { _ = try saveAgreementTemplate(template) }
    }
}

// MARK: - Agreements

extension AppDatabase {
    /// The group's agreements, newest version first.
    public func agreements(groupId: Int64) throws -> [Agreement] {
        try read(group: groupId) { db in
            try Agreement.filter(Column("group_id") == groupId)
                .order(Column("version").desc, Column("id").desc).fetchAll(db)
        }
    }

    public func agreement(id: Int64) throws -> Agreement? {
        try read(groupOfAgreement: id) { db in try Agreement.fetchOne(db, key: id) }
    }

    /// A draft agreement for a group from a template version; its text is the template's
    /// and can be edited until signing starts.
    ///
    /// Refused while the group has a draft or an agreement being signed, or when the
    /// validity overlaps an agreement in force (revise that one instead).
    @discardableResult
    public func createAgreement(groupId: Int64, templateId: Int64, validFrom: LocalDate, validTo: LocalDate,
                                on today: LocalDate) throws -> Agreement {
        try write { db in
            guard let group = try HonestyGroup.fetchOne(db, key: groupId) else { throw StoreError.notFound }
            guard let template = try AgreementTemplate.fetchOne(db, key: templateId) else {
                throw StoreError.invalid([FieldError(field: "templateId",
                    message: Localized("请选择协议书范本", "Choose an agreement template"))])
            }
            let errors = Agreement.draftProblems(body: template.body, validFrom: validFrom, validTo: validTo)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            if let open = try Self.currentAgreement(db, groupId: groupId), open.state == .draft || open.state == .signing {
                throw StoreError.refused(Localized(
                    "「\(group.name)」已有\(open.state.label.zh)的协议（第\(open.version)版），请先完成或修改它",
                    "\(group.name) already has an agreement in state \(open.state.label.en) (version \(open.version)); "
                        + "finish or edit that one"))
            }
            if let overlapping = try Agreement.filter(Column("group_id") == groupId
                && Column("state") == AgreementState.inForce.rawValue
                && Column("valid_to") >= validFrom.description && Column("valid_from") <= validTo.description)
                .fetchOne(db) {
                throw StoreError.refused(Localized(
                    "「\(group.name)」已有生效协议（第\(overlapping.version)版，\(overlapping.validFrom)至\(overlapping.validTo)），"
                        + "新协议的有效期不能与之重叠；如需修改请生成新版本",
                    "\(group.name) has an agreement in force (version \(overlapping.version), \(overlapping.validFrom) to "
                        + "\(overlapping.validTo)); a new one cannot overlap it. Revise it to make a new version"))
            }
            var agreement = Agreement(groupId: groupId, templateId: templateId,
                                      version: try Self.nextAgreementVersion(db, groupId: groupId),
                                      title: group.name + template.name, body: template.body, state: .draft,
                                      validFrom: validFrom, validTo: validTo, createdOn: today)
            try agreement.insert(db)
            return agreement
        }
    }

    /// Edits a draft: its text and validity. Refused once signing has started.
    public func updateAgreementDraft(id: Int64, body: String, validFrom: LocalDate, validTo: LocalDate) throws {
        try write { db in
            guard var agreement = try Agreement.fetchOne(db, key: id) else { throw StoreError.notFound }
            guard agreement.state == .draft else { throw Self.frozen(agreement) }
            let errors = Agreement.draftProblems(body: body, validFrom: validFrom, validTo: validTo)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            agreement.body = body
            agreement.validFrom = validFrom
            agreement.validTo = validTo
            try agreement.update(db)
        }
    }

    /// Freezes the text (placeholders filled in with the village, group, leader,
    /// members and dates) and creates a pending signature for every member household.
    public func startSigning(agreementId: Int64, on today: LocalDate) throws {
        try write { db in
            guard var agreement = try Agreement.fetchOne(db, key: agreementId),
                  let group = try HonestyGroup.fetchOne(db, key: agreement.groupId) else { throw StoreError.notFound }
            guard agreement.state == .draft else {
                throw StoreError.refused(Localized("协议已开始签署（\(agreement.state.label.zh)）",
                                                   "Signing has already started (\(agreement.state.label.en))"))
            }
            let errors = Agreement.draftProblems(body: agreement.body, validFrom: agreement.validFrom,
                                                 validTo: agreement.validTo)
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            let members = try Self.activeMemberHouseholds(db, groupId: group.id!)
            if members.isEmpty {
                throw StoreError.refused(Localized("「\(group.name)」还没有成员户，不能开始签署",
                                                   "\(group.name) has no member households; signing cannot start"))
            }
            let values = try Self.placeholderValues(db, agreement: agreement, group: group, members: members, on: today)
            agreement.sourceBody = agreement.body
            agreement.body = AgreementTemplate.render(agreement.body, values)
            agreement.state = .signing
            agreement.signingStartedOn = today
            try agreement.update(db)
            for (household, persons) in members {
                let signer = GroupRules.signer(of: persons, headId: household.headPersonId, on: today)
                var signature = Signature(agreementId: agreementId, householdId: household.id!,
                                          signerName: signer?.name ?? "")
                try signature.insert(db)
            }
        }
    }

    /// The text of an agreement as it reads now: a draft with its placeholders filled from
    /// today's group data (what signing would freeze), or the frozen text once signing started.
    public func agreementText(id: Int64, on today: LocalDate) throws -> String {
        try read(groupOfAgreement: id) { db in
            guard let agreement = try Agreement.fetchOne(db, key: id) else { throw StoreError.notFound }
            guard agreement.state == .draft,
                  let group = try HonestyGroup.fetchOne(db, key: agreement.groupId) else { return agreement.body }
            let members = try Self.activeMemberHouseholds(db, groupId: group.id!)
            let values = try Self.placeholderValues(db, agreement: agreement, group: group, members: members, on: today)
            return AgreementTemplate.render(agreement.body, values)
        }
    }

    /// What each template placeholder stands for in this group's agreement.
    static func placeholderValues(_ db: Database, agreement: Agreement, group: HonestyGroup,
                                  members: [(Household, [Person])], on today: LocalDate) throws -> [String: String] {
        let village = try Village.fetchOne(db, key: group.villageId)
        let villageGroup = try VillageGroup.fetchOne(db, key: group.villageGroupId)
        let leader = try Self.currentLeader(db, groupId: group.id!)
        let blank = "＿＿＿＿＿＿"
        let memberList = members.map { h, persons in
            GroupRules.coupleNames(of: persons, headId: h.headPersonId, on: today) + "（\(h.number)户）"
        }.joined(separator: "；")
        return [
            "村名": village?.name ?? blank,
            "乡镇": village.map { $0.township.isEmpty ? blank : $0.township } ?? blank,
            "县": village.map { $0.county.isEmpty ? blank : $0.county } ?? blank,
            "社名": villageGroup?.name ?? blank,
            "小组名": group.name,
            "组长": leader?.name ?? blank,
            "成员名单": memberList,
            "生效日期": agreement.validFrom.chineseText,
            "截止日期": agreement.validTo.chineseText,
            "有效期": "有效期" + agreement.validityLength.zh,
            "签订日期": today.chineseText,
        ]
    }

    /// The agreement's signatures, by household number.
    public func signatures(agreementId: Int64) throws -> [SignatureRow] {
        try read(groupOfAgreement: agreementId) { db in
            try Row.fetchAll(db, sql: """
                SELECT s.*, h.number AS household_number FROM signature s JOIN household h ON h.id = s.household_id
                WHERE s.agreement_id = ? ORDER BY h.number, s.id
                """, arguments: [agreementId]).map {
                SignatureRow(signature: Signature(row: $0), householdNumber: $0["household_number"])
            }
        }
    }

    /// Records how a household signed, found by the signature's id or by agreement and
    /// household. Each kind has its needs (date; proxy's name and relation; reason to
    /// decline). When every household has answered and the committee has signed, the
    /// agreement comes into force.
    public func recordSignature(_ s: Signature, on today: LocalDate) throws {
        try write { db in
            let found: Signature?
            if let id = s.id {
                found = try Signature.fetchOne(db, key: id)
            } else {
                found = try Signature.filter(Column("agreement_id") == s.agreementId
                    && Column("household_id") == s.householdId).fetchOne(db)
            }
            guard let stored = found, let agreement = try Agreement.fetchOne(db, key: stored.agreementId) else {
                throw StoreError.notFound
            }
            guard agreement.state == .signing else { throw Self.notSigning(agreement, on: today) }
            var signature = stored
            let signer = Validation.normalizeName(s.signerName)
            if !signer.isEmpty { signature.signerName = signer }
            signature.kind = s.kind
            signature.signedOn = s.kind == .pending ? nil : s.signedOn
            signature.witness = s.kind == .pending ? "" : s.witness.trimmed
            signature.proxyName = s.kind == .proxy ? Validation.normalizeName(s.proxyName) : ""
            signature.proxyRelation = s.kind == .proxy ? s.proxyRelation.trimmed : ""
            signature.declineReason = s.kind == .declined ? s.declineReason.trimmed : ""
            var errors = Signature.validate(signature, on: today)
            if let date = signature.signedOn, let started = agreement.signingStartedOn, date < started,
               !errors.contains(where: { $0.field == "signedOn" }) {
                errors.append(FieldError(field: "signedOn", message: Localized(
                    "签署日期不能早于开始签署的日期（\(started)）", "The date cannot be before signing started (\(started))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            try signature.update(db)
            try Self.bringIntoForceIfComplete(db, agreementId: agreement.id!, on: signature.signedOn ?? today)
        }
    }

    /// The village committee's (村委会) signature: who signed and when.
    public func recordCommitteeSignature(agreementId: Int64, signer: String, on date: LocalDate) throws {
        let signer = Validation.normalizeName(signer)
        try write { db in
            guard var agreement = try Agreement.fetchOne(db, key: agreementId) else { throw StoreError.notFound }
            guard agreement.state == .signing else { throw Self.notSigning(agreement, on: date) }
            var errors: [FieldError] = []
            if let m = Validation.nameProblem(signer) {
                errors.append(FieldError(field: "committeeSigner", message: Localized("村委会签字人：" + m.zh, "Committee signer: " + m.en)))
            }
            if let started = agreement.signingStartedOn, date < started {
                errors.append(FieldError(field: "committeeSignedOn", message: Localized(
                    "签字日期不能早于开始签署的日期（\(started)）", "The date cannot be before signing started (\(started))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            agreement.committeeSigner = signer
            agreement.committeeSignedOn = date
            try agreement.update(db)
            try Self.bringIntoForceIfComplete(db, agreementId: agreementId, on: date)
        }
    }

    /// Ends an agreement being signed or in force, with the date and a reason (required).
    public func terminateAgreement(id: Int64, on date: LocalDate, reason: String) throws {
        let reason = reason.trimmed
        try write { db in
            guard var agreement = try Agreement.fetchOne(db, key: id) else { throw StoreError.notFound }
            switch agreement.effectiveState(on: date) {
            case .draft:
                throw StoreError.refused(Localized("草稿尚未签署，无需终止", "A draft is not signed; there is nothing to terminate"))
            case .terminated:
                throw StoreError.refused(Localized("协议已于\(agreement.terminatedOn?.description ?? "")终止",
                                                   "The agreement was terminated on \(agreement.terminatedOn?.description ?? "")"))
            case .expired:
                throw StoreError.refused(Localized("协议已于\(agreement.validTo)到期，无需终止",
                                                   "The agreement expired on \(agreement.validTo); there is nothing to terminate"))
            case .signing, .inForce: break
            }
            var errors: [FieldError] = []
            if reason.isEmpty {
                errors.append(FieldError(field: "terminationReason", message: Localized("请填写终止原因", "A reason is required")))
            } else if reason.count > 100 {
                errors.append(FieldError(field: "terminationReason", message: Localized("原因最多100个字", "At most 100 characters")))
            }
            if let started = agreement.signingStartedOn, date < started {
                errors.append(FieldError(field: "terminatedOn", message: Localized(
                    "终止日期不能早于开始签署的日期（\(started)）", "The date cannot be before signing started (\(started))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            agreement.state = .terminated
            agreement.terminatedOn = date
            agreement.terminationReason = reason
            try agreement.update(db)
        }
    }

    /// A new draft version of an agreement whose text is frozen. The new draft starts
    /// from the old text (with its placeholders) and supersedes the old version, which
    /// stays readable: one being signed stops; one in force stays in force until the
    /// new version comes into force.
    @discardableResult
    public func reviseAgreement(id: Int64, on today: LocalDate) throws -> Agreement {
        try write { db in
            guard var old = try Agreement.fetchOne(db, key: id) else { throw StoreError.notFound }
            if old.state == .draft {
                throw StoreError.refused(Localized("草稿可直接修改正文，无需生成新版本",
                                                   "A draft can be edited directly; no new version is needed"))
            }
            if let newer = try Agreement.filter(Column("supersedes_id") == id).fetchOne(db) {
                throw StoreError.refused(Localized("已有第\(newer.version)版，请修改最新版本",
                                                   "Version \(newer.version) already exists; revise the newest version"))
            }
            if let open = try Self.currentAgreement(db, groupId: old.groupId), open.id != old.id,
               open.state == .draft || open.state == .signing {
                throw StoreError.refused(Localized("本组已有\(open.state.label.zh)的协议（第\(open.version)版）",
                                                   "The group already has an agreement in state \(open.state.label.en) "
                                                    + "(version \(open.version))"))
            }
            let version = try Self.nextAgreementVersion(db, groupId: old.groupId)
            var revision = Agreement(groupId: old.groupId, templateId: old.templateId, version: version,
                                     title: old.title, body: old.sourceBody.isEmpty ? old.body : old.sourceBody,
                                     state: .draft, validFrom: old.validFrom, validTo: old.validTo,
                                     supersedesId: old.id, createdOn: today)
            try revision.insert(db)
            if old.state == .signing {
                old.state = .terminated
                old.terminatedOn = today
                old.terminationReason = "已修订为第\(version)版，本版停止签署"
                try old.update(db)
            }
            return revision
        }
    }

    // MARK: Alerts and counts

    /// Agreements in force whose last day is within `days` days of `today`
    /// (and that no later agreement in force follows), soonest first.
    public func agreementsExpiring(within days: Int, of today: LocalDate) throws -> [AgreementAlert] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.valid_to, hg.id AS group_id, hg.name AS group_name
                FROM agreement a JOIN honesty_group hg ON hg.id = a.group_id
                WHERE a.state = 'inForce' AND a.valid_to >= ? AND a.valid_to <= ?
                  -- The unary + keeps SQLite on agreement_on_group here: through
                  -- agreement_on_valid_to the check read every agreement per group.
                  AND NOT EXISTS (SELECT 1 FROM agreement n WHERE n.group_id = a.group_id
                                  AND +n.state = 'inForce' AND +n.valid_to > a.valid_to)
                ORDER BY a.valid_to, hg.name, a.id
                """, arguments: [today.description, today.addingDays(days).description]).map {
                AgreementAlert(groupId: $0["group_id"], groupName: $0["group_name"], agreementId: $0["id"],
                               validTo: $0.date("valid_to"))
            }
        }
    }

    /// Groups without an agreement in force on `today` (none, or expired, terminated,
    /// still a draft or being signed), by 社 number then name, with their newest agreement if any.
    public func groupsWithoutAgreementInForce(on today: LocalDate) throws -> [AgreementAlert] {
        try read { db in
            let groups = try HonestyGroup.fetchAll(db, sql: """
                SELECT hg.* FROM honesty_group hg JOIN village_group vg ON vg.id = hg.village_group_id
                -- The unary + keeps SQLite on agreement_on_group: through
                -- agreement_on_valid_to this took 87 s on a county of 9,500 groups.
                WHERE NOT EXISTS (SELECT 1 FROM agreement a WHERE a.group_id = hg.id
                                  AND +a.state = 'inForce' AND +a.valid_to >= ?)
                ORDER BY vg.number, hg.name, hg.id
                """, arguments: [today.description])
            return try groups.map { g in
                let current = try Self.currentAgreement(db, groupId: g.id!)
                return AgreementAlert(groupId: g.id!, groupName: g.name, agreementId: current?.id, validTo: current?.validTo)
            }
        }
    }

    /// Each group's current agreement's stored state and end date ("inForce 2028-12-31").
    package static let agreementStatesSQL = """
        SELECT (SELECT a.state || ' ' || a.valid_to FROM agreement a
                WHERE a.group_id = hg.id AND NOT EXISTS (SELECT 1 FROM agreement b WHERE b.supersedes_id = a.id)
                ORDER BY a.id DESC LIMIT 1) AS agreement
        FROM honesty_group hg JOIN village_group vg ON vg.id = hg.village_group_id
        """

    /// How many groups' current agreements are in each effective state on `today`;
    /// groups without an agreement are not counted.
    public func agreementStateCounts(on today: LocalDate) throws -> [AgreementState: Int] {
        // Each group's current agreement as `groupSummaries` finds it, without the leader and
        // the member count the summaries also read: the main screen counts a county's groups.
        let rows = try read { db in try Row.fetchAll(db, sql: Self.agreementStatesSQL) }
        var counts: [AgreementState: Int] = [:]
        for row in rows {
            guard let text = row["agreement"] as String? else { continue }
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, let s = AgreementState(rawValue: parts[0]), let to = LocalDate(parts[1]) {
                counts[Agreement.effectiveState(s, validTo: to, on: today), default: 0] += 1
            }
        }
        return counts
    }

    // MARK: Rules

    static func nextAgreementVersion(_ db: Database, groupId: Int64) throws -> Int {
        (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM agreement WHERE group_id = ?", arguments: [groupId]) ?? 0) + 1
    }

    static func frozen(_ a: Agreement) -> StoreError {
        StoreError.refused(Localized(
            "协议已\(a.state == .signing ? "开始签署" : a.state.label.zh)，正文已定稿，不能修改；如需修改请生成新版本",
            "The text is frozen (\(a.state.label.en)); it cannot be edited. Make a new version instead"))
    }

    static func notSigning(_ a: Agreement, on today: LocalDate) -> StoreError {
        if a.state == .draft {
            return StoreError.refused(Localized("协议还是草稿，请先开始签署（定稿）",
                                                "The agreement is a draft; start the signing first"))
        }
        let state = a.effectiveState(on: today).label
        return StoreError.refused(Localized("协议不在签署中（\(state.zh)），不能登记签字",
                                            "The agreement is not being signed (\(state.en)); signatures cannot be recorded"))
    }

    /// In force once every household has answered (signed in any way, or declined
    /// with a reason) and the committee has signed. The version it supersedes, if in
    /// force, ends on `date`.
    static func bringIntoForceIfComplete(_ db: Database, agreementId: Int64, on date: LocalDate) throws {
        guard var agreement = try Agreement.fetchOne(db, key: agreementId), agreement.state == .signing,
              agreement.committeeSignedOn != nil else { return }
        let all = try Signature.filter(Column("agreement_id") == agreementId).fetchAll(db)
        guard !all.isEmpty, all.allSatisfy({ $0.kind.isResolved }) else { return }
        agreement.state = .inForce
        try agreement.update(db)
        if let oldId = agreement.supersedesId, var old = try Agreement.fetchOne(db, key: oldId), old.state == .inForce {
            old.state = .terminated
            old.terminatedOn = date
            old.terminationReason = "已由第\(agreement.version)版取代"
            try old.update(db)
        }
    }

    /// A household that leaves its group no longer owes a signature on an agreement being
    /// signed; that may complete the signing.
    static func withdrawPendingSignatures(_ db: Database, groupId: Int64, householdId: Int64, on date: LocalDate) throws {
        let agreementIds = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT s.agreement_id FROM signature s JOIN agreement a ON a.id = s.agreement_id
            WHERE a.group_id = ? AND a.state = 'signing' AND s.household_id = ? AND s.kind = 'pending'
            """, arguments: [groupId, householdId])
        for id in agreementIds {
            try db.execute(sql: "DELETE FROM signature WHERE agreement_id = ? AND household_id = ? AND kind = 'pending'",
                           arguments: [id, householdId])
            try bringIntoForceIfComplete(db, agreementId: id, on: date)
        }
    }
}
