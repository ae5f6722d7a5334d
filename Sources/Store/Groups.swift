import GRDB
import Domain

// MARK: - Honesty groups and their members

extension AppDatabase {
    /// Every group with its 社, member count, leader and agreement state, by 社 number then name.
    /// The agreement state is the effective one on `today` (expired after its last day).
    public func honestyGroups(on today: LocalDate = .today()) throws -> [HonestyGroupSummary] {
        try read { db in try Self.groupSummaries(db, id: nil, on: today) }
    }

    /// One group's summary: readable by its group leader too.
    public func honestyGroupSummary(id: Int64, on today: LocalDate = .today()) throws -> HonestyGroupSummary? {
        try read(group: id) { db in try Self.groupSummaries(db, id: id, on: today).first }
    }

    /// In one statement: a county has thousands of groups, and a query or two
    /// per group (leader, agreement) took seconds.
    static func groupSummaries(_ db: Database, id: Int64?, on today: LocalDate) throws -> [HonestyGroupSummary] {
        // The leader as `currentLeader` finds them: the latest election's person, while
        // still in the village and a member ('' when not, NULL without an election).
        // The agreement as `currentAgreement`: the newest no later version supersedes.
        let rows = try Row.fetchAll(db, sql: """
            SELECT hg.*, vg.name AS village_group_name,
                   (SELECT COUNT(*) FROM group_member m
                    WHERE m.group_id = hg.id AND m.left_on IS NULL) AS member_count,
                   (SELECT CASE WHEN p.id IS NOT NULL AND p.left_on IS NULL AND EXISTS
                                (SELECT 1 FROM group_member gm WHERE gm.group_id = hg.id
                                 AND gm.household_id = p.household_id AND gm.left_on IS NULL)
                           THEN p.name ELSE '' END
                    FROM election e LEFT JOIN person p ON p.id = e.elected_person_id
                    WHERE e.group_id = hg.id ORDER BY e.held_on DESC, e.id DESC LIMIT 1) AS leader_name,
                   (SELECT a.state || ' ' || a.valid_to FROM agreement a
                    WHERE a.group_id = hg.id AND NOT EXISTS (SELECT 1 FROM agreement b WHERE b.supersedes_id = a.id)
                    ORDER BY a.id DESC LIMIT 1) AS agreement
            FROM honesty_group hg JOIN village_group vg ON vg.id = hg.village_group_id
            \(id == nil ? "" : "WHERE hg.id = ?")
            ORDER BY vg.number, hg.name, hg.id
            """, arguments: id.map { [$0] } ?? [])
        return rows.map { row in
            let group = HonestyGroup(row: row)
            let leader: String? = row["leader_name"]
            var state: AgreementState?
            var validTo: LocalDate?
            if let text = row["agreement"] as String? {
                let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
                if parts.count == 2, let s = AgreementState(rawValue: parts[0]), let to = LocalDate(parts[1]) {
                    state = Agreement.effectiveState(s, validTo: to, on: today)
                    validTo = to
                }
            }
            return HonestyGroupSummary(group: group, villageGroupName: row["village_group_name"],
                                       memberCount: row["member_count"], leaderName: leader?.isEmpty == false ? leader : nil,
                                       agreementState: state, agreementValidTo: validTo)
        }
    }

    public func honestyGroup(id: Int64) throws -> HonestyGroup? {
        try read(group: id) { db in try HonestyGroup.fetchOne(db, key: id) }
    }

    /// A group by its id ("3") or its exact name. A group leader finds only
    /// their own group; naming another is refused.
    public func findHonestyGroup(_ idOrName: String) throws -> HonestyGroup? {
        let text = idOrName.trimmed
        let find: (Database) throws -> HonestyGroup? = { db in
            if let id = Int64(text), let group = try HonestyGroup.fetchOne(db, key: id) { return group }
            return try HonestyGroup.filter(Column("name") == text).order(Column("id")).fetchOne(db)
        }
        if may(.readAll) { return try read(find) }
        guard let session, session.may(.readOwnGroup) else { try requireReadAll(); return nil }
        guard let group = try dbWriter.read(find) else { return nil }
        try requireRead(group: group.id ?? 0)
        return group
    }

    /// Validates and inserts or updates a group.
    ///
    /// The name is unique in the village; a 社 has at most three groups; a group
    /// with members cannot move to another 社.
    @discardableResult
    public func saveHonestyGroup(_ g: HonestyGroup) throws -> HonestyGroup {
        var group = g
        group.name = group.name.trimmed
        group.note = group.note.trimmed
        var errors = GroupRules.validate(group)
        return try write { db in
            var stored: HonestyGroup?
            if let id = group.id {
                guard let found = try HonestyGroup.fetchOne(db, key: id) else { throw StoreError.notFound }
                stored = found
            }
            guard try Village.exists(db, key: group.villageId) else {
                throw StoreError.invalid([FieldError(field: "villageId",
                    message: Localized("所属村不存在", "The village does not exist"))])
            }
            let villageGroup = try VillageGroup.fetchOne(db, key: group.villageGroupId)
            if villageGroup == nil || villageGroup?.villageId != group.villageId {
                errors.append(FieldError(field: "villageGroupId",
                    message: Localized("请选择本村的社", "Choose a 社 of this village")))
            }
            if !group.name.isEmpty, let same = try Row.fetchOne(db, sql: """
                SELECT vg.name FROM honesty_group hg JOIN village_group vg ON vg.id = hg.village_group_id
                WHERE hg.village_id = ? AND hg.name = ? AND hg.id IS NOT ?
                """, arguments: [group.villageId, group.name, group.id]) {
                let where_: String = same["name"]
                errors.append(FieldError(field: "name", message: Localized(
                    "已有名为「\(group.name)」的诚信计生小组（\(where_)）",
                    "There is already an honesty group named \(group.name) (\(where_))")))
            }
            if let id = group.id, let firstJoined = try String.fetchOne(db, sql: """
                SELECT MIN(joined_on) FROM group_member WHERE group_id = ?
                """, arguments: [id]).flatMap(LocalDate.init), firstJoined < group.formedOn {
                errors.append(FieldError(field: "formedOn", message: Localized(
                    "成立日期不能晚于第一户加入的日期（\(firstJoined)）",
                    "The group cannot be formed after its first household joined (\(firstJoined))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            guard let villageGroup else { throw StoreError.notFound }

            if stored?.villageGroupId != group.villageGroupId {
                if let id = group.id,
                   try GroupMembership.filter(Column("group_id") == id && Column("left_on") == nil).fetchCount(db) > 0 {
                    throw StoreError.refused(Localized(
                        "「\(group.name)」已有成员户，不能改到其他社（成员户须在小组所在的社）",
                        "\(group.name) has member households; it cannot move to another 社 (members live in the group's 社)"))
                }
                let existing = try HonestyGroup
                    .filter(Column("village_group_id") == group.villageGroupId)
                    .filter(Column("id") != (group.id ?? -1))
                    .fetchCount(db)
                if existing >= GroupRules.maxGroupsPerVillageGroup {
                    throw StoreError.refused(GroupRules.tooManyGroups(villageGroupName: villageGroup.name,
                                                                      existing: existing))
                }
            }
            try group.save(db)
            return group
        }
    }

    /// The group's member households by household number; with `includeLeft`, also
    /// those who left (history is never erased).
    public func groupMembers(groupId: Int64, includeLeft: Bool = false) throws -> [GroupMemberRow] {
        try read(group: groupId) { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.*, h.number AS household_number, h.phone AS household_phone, h.head_person_id
                FROM group_member m JOIN household h ON h.id = m.household_id
                WHERE m.group_id = ? \(includeLeft ? "" : "AND m.left_on IS NULL")
                ORDER BY h.number, m.joined_on, m.id
                """, arguments: [groupId])
            var kinds: [Int64: SignatureKind] = [:]
            if let agreement = try Self.currentAgreement(db, groupId: groupId) {
                for s in try Signature.filter(Column("agreement_id") == agreement.id!).fetchAll(db) {
                    kinds[s.householdId] = s.kind
                }
            }
            return try rows.map { row in
                let membership = GroupMembership(row: row)
                let headId: Int64? = row["head_person_id"]
                let persons = try Person.filter(Column("household_id") == membership.householdId).fetchAll(db)
                let head = persons.first { $0.id == headId }
                return GroupMemberRow(
                    membershipId: membership.id!, householdId: membership.householdId,
                    householdNumber: row["household_number"], headName: head?.name ?? "",
                    coupleNames: GroupRules.coupleNames(of: persons, headId: headId),
                    phone: shownPhone(row["household_phone"]), joinedOn: membership.joinedOn, leftOn: membership.leftOn,
                    leftReason: membership.leftReason, ineligibleReason: membership.ineligibleReason,
                    signatureKind: kinds[membership.householdId])
            }
        }
    }

    /// Households of the group's 社 that are not members of this group now, with
    /// their eligibility on `date` and the other group they are in, by household number.
    public func memberCandidates(groupId: Int64, on date: LocalDate) throws -> [MemberCandidate] {
        try read { db in
            guard let group = try HonestyGroup.fetchOne(db, key: groupId) else { throw StoreError.notFound }
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.id, h.number, head.name AS head_name, other.id AS other_id, other.name AS other_name
                FROM household h
                LEFT JOIN person head ON head.id = h.head_person_id
                LEFT JOIN group_member om ON om.household_id = h.id AND om.left_on IS NULL
                LEFT JOIN honesty_group other ON other.id = om.group_id
                WHERE h.village_group_id = ? AND (other.id IS NULL OR other.id <> ?)
                ORDER BY h.number, h.id
                """, arguments: [group.villageGroupId, groupId])
            let persons = try Person.fetchAll(db, sql: """
                SELECT p.* FROM person p JOIN household h ON h.id = p.household_id WHERE h.village_group_id = ?
                """, arguments: [group.villageGroupId])
            let byHousehold = Dictionary(grouping: persons, by: \.householdId)
            return rows.map { row in
                let id: Int64 = row["id"]
                return MemberCandidate(householdId: id, householdNumber: row["number"],
                                       headName: row["head_name"] ?? "",
                                       eligibility: Eligibility.of(members: byHousehold[id] ?? [], on: date),
                                       currentGroupName: row["other_name"])
            }
        }
    }

    /// A household joins a group of its own 社, if it is in no other group now.
    /// A household without a married woman aged 15–49 needs `ineligibleReason`, which is kept.
    public func addMember(groupId: Int64, householdId: Int64, joinedOn: LocalDate, ineligibleReason: String = "") throws {
        let reason = ineligibleReason.trimmed
        try write { db in
            guard let group = try HonestyGroup.fetchOne(db, key: groupId),
                  let household = try Household.fetchOne(db, key: householdId) else { throw StoreError.notFound }
            let label = try Self.householdLabel(db, household)
            if household.villageGroupId != group.villageGroupId {
                let theirs = try VillageGroup.fetchOne(db, key: household.villageGroupId)?.name ?? ""
                let ours = try VillageGroup.fetchOne(db, key: group.villageGroupId)?.name ?? ""
                throw StoreError.refused(Localized(
                    "\(label)属于\(theirs)，不能加入\(ours)的小组「\(group.name)」（成员户须在小组所在的社）",
                    "\(label) belongs to \(theirs); it cannot join \(group.name) of \(ours) "
                        + "(members live in the group's 社)"))
            }
            if let active = try GroupMembership
                .filter(Column("household_id") == householdId && Column("left_on") == nil).fetchOne(db) {
                if active.groupId == groupId {
                    throw StoreError.refused(Localized("\(label)已是「\(group.name)」的成员",
                                                       "\(label) is already a member of \(group.name)"))
                }
                let other = try HonestyGroup.fetchOne(db, key: active.groupId)?.name ?? ""
                throw StoreError.refused(Localized(
                    "\(label)已在小组「\(other)」，一户同时只能加入一个小组；请先办理退出",
                    "\(label) is already in the group \(other); a household is in one group at a time. "
                        + "It must leave that group first"))
            }
            var errors: [FieldError] = []
            if joinedOn < group.formedOn {
                errors.append(FieldError(field: "joinedOn", message: Localized(
                    "加入日期不能早于小组成立日期（\(group.formedOn)）",
                    "The household cannot join before the group was formed (\(group.formedOn))")))
            }
            let persons = try Person.filter(Column("household_id") == householdId).fetchAll(db)
            let eligibility = Eligibility.of(members: persons, on: joinedOn)
            if !eligibility.isEligible && reason.isEmpty {
                errors.append(FieldError(field: "ineligibleReason", message: Localized(
                    "本户不符合条件（\(eligibility.reason.zh)），加入须注明原因",
                    "The household is not eligible (\(eligibility.reason.en)); state why it joins")))
            }
            if reason.count > 100 {
                errors.append(FieldError(field: "ineligibleReason", message: Localized("原因最多100个字", "At most 100 characters")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            var membership = GroupMembership(groupId: groupId, householdId: householdId, joinedOn: joinedOn,
                                             ineligibleReason: eligibility.isEligible ? "" : reason)
            try membership.insert(db)
        }
    }

    /// A household leaves its group on `leftOn` for `reason` (required). The membership
    /// row is kept; a pending signature on an agreement being signed is withdrawn.
    public func removeMember(membershipId: Int64, leftOn: LocalDate, reason: String) throws {
        let reason = reason.trimmed
        try write { db in
            guard var membership = try GroupMembership.fetchOne(db, key: membershipId) else { throw StoreError.notFound }
            if let left = membership.leftOn {
                throw StoreError.refused(Localized("该户已于\(left)退出本组", "The household already left on \(left)"))
            }
            var errors: [FieldError] = []
            if reason.isEmpty {
                errors.append(FieldError(field: "leftReason", message: Localized("请填写退出原因", "A reason for leaving is required")))
            } else if reason.count > 100 {
                errors.append(FieldError(field: "leftReason", message: Localized("原因最多100个字", "At most 100 characters")))
            }
            if leftOn < membership.joinedOn {
                errors.append(FieldError(field: "leftOn", message: Localized(
                    "退出日期不能早于加入日期（\(membership.joinedOn)）",
                    "The household cannot leave before it joined (\(membership.joinedOn))")))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            membership.leftOn = leftOn
            membership.leftReason = reason
            try membership.update(db)
            try Self.withdrawPendingSignatures(db, groupId: membership.groupId, householdId: membership.householdId,
                                               on: leftOn)
        }
    }

    // MARK: Shared reads

    /// "户 0101（张三）": how messages name a household.
    static func householdLabel(_ db: Database, _ h: Household) throws -> String {
        let head = try h.headPersonId.flatMap { try Person.fetchOne(db, key: $0) }
        return head.map { "户 \(h.number)（\($0.name)）" } ?? "户 \(h.number)"
    }

    /// The leader of the latest election, while a current person of a member household.
    static func currentLeader(_ db: Database, groupId: Int64) throws -> Person? {
        guard let election = try Election.filter(Column("group_id") == groupId)
            .order(Column("held_on").desc, Column("id").desc).fetchOne(db),
              let person = try Person.fetchOne(db, key: election.electedPersonId), person.leftOn == nil else { return nil }
        let active = try GroupMembership.filter(Column("group_id") == groupId
            && Column("household_id") == person.householdId && Column("left_on") == nil).fetchCount(db)
        return active > 0 ? person : nil
    }

    /// The newest agreement of the group that no later version supersedes.
    static func currentAgreement(_ db: Database, groupId: Int64) throws -> Agreement? {
        try Agreement.fetchOne(db, sql: """
            SELECT a.* FROM agreement a
            WHERE a.group_id = ? AND NOT EXISTS (SELECT 1 FROM agreement b WHERE b.supersedes_id = a.id)
            ORDER BY a.id DESC LIMIT 1
            """, arguments: [groupId])
    }

    /// Households that are members of the group now, with their persons.
    static func activeMemberHouseholds(_ db: Database, groupId: Int64) throws -> [(Household, [Person])] {
        let households = try Household.fetchAll(db, sql: """
            SELECT h.* FROM group_member m JOIN household h ON h.id = m.household_id
            WHERE m.group_id = ? AND m.left_on IS NULL
            ORDER BY h.number, h.id
            """, arguments: [groupId])
        return try households.map { h in
            (h, try Person.filter(Column("household_id") == h.id!).order(Column("id")).fetchAll(db))
        }
    }
}
