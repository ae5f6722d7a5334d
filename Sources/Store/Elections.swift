import GRDB
import Domain

// MARK: - Leader elections

extension AppDatabase {
    /// Records an election (民主选举诚信计生小组长) and returns its id.
    ///
    /// Every candidate is a person of a member household of the group on `heldOn`;
    /// votes are not negative; the elected is a candidate with the most votes.
    /// A change of leader is a new election.
    @discardableResult
    public func recordElection(groupId: Int64, heldOn: LocalDate, place: String, presidedBy: String,
                               candidates: [(personId: Int64, votes: Int)], electedPersonId: Int64,
                               meetingId: Int64? = nil) throws -> Int64 {
        var place = place.trimmed
        var presidedBy = Validation.normalizeName(presidedBy)
        return try write { db in
            guard let group = try HonestyGroup.fetchOne(db, key: groupId) else { throw StoreError.notFound }
            // Held at a meeting of the register: its place and chair, unless typed.
            if let meetingId {
                let m = try Self.decidingMeeting(db, id: meetingId, on: heldOn)
                if place.isEmpty { place = m.place }
                if presidedBy.isEmpty { presidedBy = m.ledBy }
            }
            var errors: [FieldError] = []
            if heldOn < group.formedOn {
                errors.append(FieldError(field: "heldOn", message: Localized(
                    "选举日期不能早于小组成立日期（\(group.formedOn)）",
                    "The election cannot be before the group was formed (\(group.formedOn))")))
            }
            // Member households on the election day.
            let memberHouseholds = Set(try Int64.fetchAll(db, sql: """
                SELECT household_id FROM group_member
                WHERE group_id = ? AND joined_on <= ? AND (left_on IS NULL OR left_on > ?)
                """, arguments: [groupId, heldOn.description, heldOn.description]))
            func isMember(_ p: Person) -> Bool { memberHouseholds.contains(p.householdId) && p.isMember(on: heldOn) }

            var named: [CandidateVotes] = []
            for c in candidates {
                guard let person = try Person.fetchOne(db, key: c.personId) else {
                    errors.append(FieldError(field: "votes", message: Localized(
                        "候选人（编号\(c.personId)）不存在", "Candidate \(c.personId) does not exist")))
                    continue
                }
                if !isMember(person) && c.personId != electedPersonId {
                    errors.append(FieldError(field: "votes", message: Localized(
                        "候选人\(person.name)不是本组成员户的成员", "Candidate \(person.name) is not in a member household")))
                }
                named.append(CandidateVotes(personId: c.personId, name: person.name, votes: c.votes))
            }
            if let elected = try Person.fetchOne(db, key: electedPersonId) {
                if !isMember(elected) {
                    errors.append(FieldError(field: "electedPersonId", message: Localized(
                        "当选人\(elected.name)须是本组成员户的成员", "The elected \(elected.name) must be in a member household")))
                }
            } else {
                errors.append(FieldError(field: "electedPersonId", message: Localized("请选择当选人", "Choose the elected leader")))
            }
            errors += GroupRules.electionProblems(place: place, presidedBy: presidedBy, candidates: named,
                                                  electedPersonId: electedPersonId)
            if !errors.isEmpty { throw StoreError.invalid(errors) }

            var election = Election(groupId: groupId, heldOn: heldOn, place: place, presidedBy: presidedBy,
                                    electedPersonId: electedPersonId, meetingId: meetingId)
            try election.insert(db)
            for c in named {
                try db.execute(sql: "INSERT INTO election_candidate(election_id, person_id, votes) VALUES (?, ?, ?)",
                               arguments: [election.id, c.personId, c.votes])
            }
            return election.id!
        }
    }

    /// The group's elections, newest first; each leader led until the next election.
    public func elections(groupId: Int64) throws -> [ElectionRecord] {
        try read(group: groupId) { db in
            let elections = try Election.filter(Column("group_id") == groupId)
                .order(Column("held_on"), Column("id")).fetchAll(db)
            var records: [ElectionRecord] = []
            for (i, e) in elections.enumerated() {
                let elected = try Person.fetchOne(db, key: e.electedPersonId)
                let candidates = try Row.fetchAll(db, sql: """
                    SELECT c.person_id, c.votes, p.name FROM election_candidate c JOIN person p ON p.id = c.person_id
                    WHERE c.election_id = ? ORDER BY c.votes DESC, p.name_pinyin, p.id
                    """, arguments: [e.id]).map {
                    CandidateVotes(personId: $0["person_id"], name: $0["name"], votes: $0["votes"])
                }
                records.append(ElectionRecord(
                    id: e.id!, heldOn: e.heldOn, place: e.place, presidedBy: e.presidedBy,
                    electedPersonId: e.electedPersonId, electedName: elected?.name ?? "",
                    electedIsAssociationMember: elected?.isAssociationMember ?? false, candidates: candidates,
                    until: i + 1 < elections.count ? elections[i + 1].heldOn : nil))
            }
            return records.reversed()
        }
    }

    /// Who may stand or vote: current persons of the member households, by household
    /// number, head first. Adults only: 18 or older on `date` when given (unknown
    /// birth dates included); without a date, unmarried children and grandchildren are left out.
    public func leaderCandidates(groupId: Int64, on date: LocalDate? = nil) throws -> [Person] {
        try read { db in
            let order = Dictionary(uniqueKeysWithValues: Relation.allCases.enumerated().map { ($1, $0) })
            var people: [Person] = []
            for (household, persons) in try Self.activeMemberHouseholds(db, groupId: groupId) {
                let current = persons.filter { p in
                    guard p.leftOn == nil else { return false }
                    if let date {
                        return (p.birthDate.map { $0.age(on: date) } ?? 18) >= 18
                    }
                    return !((p.relation == .child || p.relation == .grandchild) && p.maritalStatus == .unmarried)
                }
                people += current.sorted { a, b in
                    let ka = (a.id == household.headPersonId ? 0 : 1, order[a.relation] ?? 99, a.id ?? 0)
                    let kb = (b.id == household.headPersonId ? 0 : 1, order[b.relation] ?? 99, b.id ?? 0)
                    return ka < kb
                }
            }
            return people
        }
    }

    /// The current leader of a group (latest election, still in a member household).
    public func currentLeader(groupId: Int64) throws -> Person? {
        try read(group: groupId) { db in try Self.currentLeader(db, groupId: groupId) }
    }
}
