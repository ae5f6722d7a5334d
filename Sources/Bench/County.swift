import Crypto
import Domain
import Foundation
import GRDB
import Store

/// What `generateCounty` made, and where the benchmark finds its cases.
public struct CountySummary: Sendable {
    public var villages = 0
    public var villageGroups = 0
    public var households = 0
    public var persons = 0
    public var honestyGroups = 0
    public var agreements = 0
    public var auditEntries = 0
    /// The 社 with the most households (1,000 in a full county).
    public var largeVillageGroupId: Int64 = 0
    public var largeVillageGroupHouseholds = 0
    /// The honesty group with the most members (50 in a full county).
    public var largeHonestyGroupId: Int64 = 0
    public var largeHonestyGroupMembers = 0
}

extension AppDatabase {
    /// Fills an empty database with a fictional county: `households` households
    /// (about four persons each) in up to 376 villages of 19 townships, 社 of
    /// about 50 households (one of 1,000), honesty groups of 10–16 households
    /// (one of 50) with an election and an agreement in force signed by every
    /// member. The same seed gives the same rows. `villages` overrides how many
    /// villages the households are spread over (1: a single village office).
    ///
    /// Rows are written by `AuditedInserter`: each gets its audit entry, so
    /// `verify()` is clean afterwards.
    public func generateCounty(households total: Int, seed: UInt64, templateId: Int64, villages: Int? = nil,
                               progress: (Int) -> Void = { _ in }) throws -> CountySummary {
        try requireWrite()
        guard total >= 1 else { throw StoreError.refused(Localized("户数至少为 1", "At least one household")) }
        if try dbWriter.read({ db in try Village.fetchCount(db) }) > 0 {
            throw StoreError.refused(Localized("数据库中已有村庄；请用新的数据库文件生成", "The database already has villages; generate into a new file"))
        }
        let template = try dbWriter.read { db in try AgreementTemplate.fetchOne(db, key: templateId) }
        guard let template else { throw StoreError.notFound }
        var gen = CountyGenerator(total: total, seed: seed, template: template, villages: villages)
        try dbWriter.read { db in
            for table in ["village", "village_group", "household", "person", "honesty_group", "group_member",
                          "election", "election_candidate", "agreement", "signature"] {
                gen.ids[table] = try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM \"\(table)\"") ?? 0
            }
        }
        var summary = CountySummary()
        let username = access.actor
        // A few hundred thousand rows per transaction keeps the WAL file small.
        while !gen.done {
            try dbWriter.write { db in
                let inserter = try AuditedInserter(db, username: username)
                try gen.writeVillages(upTo: 40, inserter, &summary)
                try inserter.finish()
                summary.auditEntries += inserter.entries
            }
            progress(summary.households)
        }
        return summary
    }

    /// SHA-256 over every row of the record tables (not the audit log, whose
    /// times differ from run to run), in table and id order.
    public func recordsChecksum() throws -> String {
        try dbWriter.read { db in try Self.rowsChecksum(db) }
    }

    /// `recordsChecksum` on a connection of its own (a file opened without the app).
    static func rowsChecksum(_ db: Database) throws -> String {
        var hasher = SHA256()
        for table in try Audit.auditedTables(db) {
            let cols = try Audit.columns(db, table)
            let rows = try String.fetchCursor(db, sql: """
                SELECT \(Audit.fullJSON(cols, prefix: "t.")) FROM "\(table)" t ORDER BY t.rowid
                """)
            hasher.update(data: Data(table.utf8))
            while let r = try rows.next() { hasher.update(data: Data(r.utf8)) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Makes the county village by village, streaming rows to the inserter.
struct CountyGenerator {
    static let villageCount = 376
    static let townshipCount = 19
    static let largeVillageGroupSize = 1000
    static let largeHonestyGroupSize = 50

    static let surnames: [(String, Int)] = [
        ("王", 70), ("李", 70), ("张", 65), ("刘", 50), ("陈", 45), ("杨", 30), ("黄", 22), ("赵", 22), ("吴", 20),
        ("周", 20), ("徐", 16), ("孙", 15), ("马", 15), ("朱", 14), ("胡", 13), ("郭", 13), ("何", 12), ("高", 12),
        ("林", 12), ("罗", 11), ("郑", 11), ("梁", 10), ("谢", 9), ("宋", 9), ("唐", 9), ("许", 8), ("韩", 8),
        ("冯", 8), ("邓", 8), ("曹", 7), ("彭", 7), ("曾", 7), ("肖", 7), ("田", 7), ("董", 7), ("袁", 6),
        ("潘", 6), ("于", 6), ("蒋", 6), ("蔡", 6), ("余", 6), ("杜", 6), ("叶", 6), ("程", 5), ("苏", 5),
        ("魏", 5), ("吕", 5), ("丁", 5), ("任", 5), ("沈", 5), ("姚", 4), ("卢", 4), ("姜", 4), ("崔", 4),
        ("钟", 4), ("谭", 4), ("陆", 4), ("汪", 4), ("范", 4), ("金", 4), ("石", 4), ("廖", 4), ("贾", 3),
        ("夏", 3), ("韦", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3),
        ("江", 3), ("尹", 3), ("薛", 3), ("段", 3), ("雷", 3), ("侯", 3), ("龙", 3), ("史", 3), ("陶", 2),
        ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2),
        ("严", 2), ("武", 2), ("戴", 2), ("莫", 2), ("孔", 2), ("向", 2), ("汤", 2), ("欧阳", 1), ("欧", 1),
        ("司马", 1), ("诸葛", 1),
    ]
    static let givenCharacters = Array("明华建国秀英兰芳军平伟强丽敏静磊洋勇艳杰娟涛超霞刚桂玉红春梅林海云志德文金凤荣成宝福东生小永新家俊辉丹萍琴燕波斌鹏飞婷雪慧晓宇佳欣子浩然思雨嘉怡")
    static let maleGiven = Array("明华建国军平伟强磊洋勇杰涛超刚林海志德文成宝福东生永新家俊辉波斌鹏飞宇浩")
    static let femaleGiven = Array("秀英兰芳丽敏静艳娟霞桂玉红春梅云凤萍琴燕婷雪慧晓佳欣怡思雨嘉丹")
    static let villageSyllables = Array("东西南北上下前后新旧大小青石杨柳桃李花果红黄白马牛龙凤金银水山河湖泉井桥坪坝沟湾岭岗庄堡")
    static let townshipNames = ["城关镇", "龙泉镇", "石桥镇", "青山乡", "白马乡", "金河镇", "柳林乡", "红岩镇", "凤凰乡",
                                "长兴镇", "河口镇", "太平乡", "安乐镇", "永丰乡", "新华镇", "双河乡", "清水镇", "三合乡", "高峰镇"]

    let total: Int
    let villages: Int
    let template: AgreementTemplate
    /// The same seed gives the same county.
    var rng: SplitMix64
    let speller = PinyinSpeller()
    var villageIndex = 0
    var householdsMade = 0
    var ids: [String: Int64] = [:]
    let surnameWeights: Int

    init(total: Int, seed: UInt64, template: AgreementTemplate, villages: Int? = nil) {
        self.total = total
        // 376 villages for a county of 150,000 households; fewer for a small run (about 400 households each).
        self.villages = max(1, min(total, villages
            ?? min(Self.villageCount, Int((Double(total) * Double(Self.villageCount) / 150_000).rounded()))))
        self.template = template
        rng = SplitMix64(seed: seed)
        surnameWeights = Self.surnames.reduce(0) { $0 + $1.1 }
    }

    var done: Bool { villageIndex >= villages }

    mutating func nextId(_ table: String) -> Int64 {
        let id = (ids[table] ?? 0) + 1
        ids[table] = id
        return id
    }

    mutating func surname() -> String {
        var r = rng.below(surnameWeights)
        for (s, w) in Self.surnames {
            if r < w { return s }
            r -= w
        }
        return "王"
    }

    mutating func given(_ sex: Sex) -> String {
        let pool = sex == .male ? Self.maleGiven : Self.femaleGiven
        let one = pool[rng.below(pool.count)]
        if rng.below(4) == 0 { return String(one) }
        return String(one) + String(Self.givenCharacters[rng.below(Self.givenCharacters.count)])
    }

    mutating func date(from: Int, to: Int) -> LocalDate {
        let year = from + rng.below(to - from + 1)
        return LocalDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!
    }

    mutating func phone() -> String {
        let prefixes = ["138", "139", "150", "151", "158", "177", "186", "187", "135", "136"]
        var s = prefixes[rng.below(prefixes.count)]
        for _ in 0..<8 { s += String(rng.below(10)) }
        return s
    }

    /// The large 社: 1,000 households in a county, a quarter of a small run.
    var largeVillageGroupSize: Int { max(1, min(Self.largeVillageGroupSize, total / 4)) }

    /// Households of village `v`: the total spread evenly, except that the
    /// first village also holds the large 社 (the others give up what it needs).
    func householdsOfVillage(_ v: Int) -> Int {
        let even = { (i: Int) in self.total / self.villages + (i < self.total % self.villages ? 1 : 0) }
        guard villages > 1 else { return total }
        let first = max(even(0), largeVillageGroupSize + even(0) / 2)
        let extra = first - even(0)
        if v == 0 { return first }
        // The extra households come out of the other villages as evenly as possible.
        let others = villages - 1
        return even(v) - extra / others - ((v - 1) < extra % others ? 1 : 0)
    }

    mutating func writeVillages(upTo count: Int, _ out: AuditedInserter, _ summary: inout CountySummary) throws {
        var written = 0
        while !done && written < count {
            try writeVillage(villageIndex, out, &summary)
            villageIndex += 1
            written += 1
        }
    }

    mutating func writeVillage(_ v: Int, _ out: AuditedInserter, _ summary: inout CountySummary) throws {
        let villageId = nextId("village")
        let name = String(Self.villageSyllables[rng.below(Self.villageSyllables.count)])
            + String(Self.villageSyllables[rng.below(Self.villageSyllables.count)]) + "村"
        try out.insert("village", ["id": .int(villageId), "name": .text(name),
                                   "township": .text(Self.townshipNames[v % Self.townshipCount]),
                                   "county": .text("明溪县")])
        summary.villages += 1
        // 社 sizes: the first village's first 社 holds the large roster, the rest about 50 each.
        var remaining = householdsOfVillage(v)
        var sizes: [Int] = []
        if v == 0 {
            let large = min(largeVillageGroupSize, remaining)
            sizes.append(large)
            remaining -= large
        }
        while remaining > 0 {
            let n = min(remaining, 40 + rng.below(21))
            sizes.append(n)
            remaining -= n
        }
        let area = String(format: "51%04d", 1000 + v % 9000)
        var idSequence = 0
        var householdNumber = 0
        for (i, size) in sizes.enumerated() {
            let groupId = nextId("village_group")
            try out.insert("village_group", ["id": .int(groupId), "village_id": .int(villageId),
                                             "number": .int(Int64(i + 1)), "name": .text("第\(i + 1)社")])
            summary.villageGroups += 1
            if size > summary.largeVillageGroupHouseholds {
                summary.largeVillageGroupHouseholds = size
                summary.largeVillageGroupId = groupId
            }
            // Households of this 社, with their persons.
            var made: [(id: Int64, headId: Int64, headName: String, otherId: Int64?)] = []
            for _ in 0..<size {
                householdNumber += 1
                let householdId = nextId("household")
                let family = surname()
                let members = 1 + rng.below(7)
                var personIds: [Int64] = []
                var headName = ""
                for m in 0..<members {
                    let relation: Relation
                    let sex: Sex
                    let born: LocalDate
                    let marital: MaritalStatus
                    var personName: String
                    switch m {
                    case 0:
                        relation = .head; sex = rng.below(5) == 0 ? .female : .male
                        born = date(from: 1950, to: 1995); marital = members > 1 ? .married : .unmarried
                        personName = family + given(sex)
                    case 1:
                        relation = .spouse; sex = .female
                        born = date(from: 1952, to: 1997); marital = .married
                        personName = surname() + given(sex)
                    case 2, 3, 4:
                        relation = .child; sex = rng.below(2) == 0 ? .male : .female
                        born = date(from: 1985, to: 2024); marital = .unmarried
                        personName = family + given(sex)
                    default:
                        relation = .parent; sex = m == 5 ? .male : .female
                        born = date(from: 1930, to: 1955); marital = .married
                        personName = (m == 5 ? family : surname()) + given(sex)
                    }
                    let personId = nextId("person")
                    idSequence += 1
                    let idNumber = IDNumber.make(area: area, birthDate: born, sequence: idSequence * 2 + (sex == .male ? 1 : 0))
                    let spelled = speller.spell(personName)
                    try out.insert("person", [
                        "id": .int(personId), "household_id": .int(householdId), "name": .text(personName),
                        "name_pinyin": .text(spelled.full), "name_initials": .text(spelled.initials),
                        "sex": .text(sex.rawValue), "id_number": .text(idNumber), "birth_date": .text(born.description),
                        "relation": .text(relation.rawValue), "marital_status": .text(marital.rawValue),
                        "phone": .text(m == 0 ? phone() : ""),
                        "is_association_member": .int(m < 2 && rng.below(5) == 0 ? 1 : 0),
                    ])
                    if m == 0 { headName = personName }
                    personIds.append(personId)
                    summary.persons += 1
                }
                try out.insert("household", [
                    "id": .int(householdId), "village_id": .int(villageId), "village_group_id": .int(groupId),
                    "number": .text(String(format: "%04d", householdNumber)),
                    "address": .text("\(name)\(i + 1)社\(householdNumber)号"),
                    "head_person_id": .int(personIds[0]), "phone": .text(phone()),
                    "member_count": .int(Int64(members)),
                ])
                summary.households += 1
                householdsMade += 1
                made.append((householdId, personIds[0], headName, personIds.count > 1 ? personIds[1] : nil))
            }
            // Honesty groups over about 70% of the 社: one of 50 in the large 社, the rest 10–16.
            var start = 0
            var groupNumber = 0
            let covered = made.count * 7 / 10
            while start < covered {
                groupNumber += 1
                // The large honesty group is the first of the large 社.
                let wantsLarge = v == 0 && i == 0 && groupNumber == 1
                let n = min(covered - start, wantsLarge ? Self.largeHonestyGroupSize : 10 + rng.below(7))
                let members = Array(made[start..<(start + n)])
                start += n
                let honestyGroupId = nextId("honesty_group")
                let formed = date(from: 2015, to: 2023)
                try out.insert("honesty_group", [
                    "id": .int(honestyGroupId), "village_id": .int(villageId), "village_group_id": .int(groupId),
                    "name": .text("第\(i + 1)社诚信计生小组\(groupNumber)"), "formed_on": .text(formed.description),
                ])
                summary.honestyGroups += 1
                if n > summary.largeHonestyGroupMembers {
                    summary.largeHonestyGroupMembers = n
                    summary.largeHonestyGroupId = honestyGroupId
                }
                for m in members {
                    try out.insert("group_member", [
                        "id": .int(nextId("group_member")), "group_id": .int(honestyGroupId),
                        "household_id": .int(m.id), "joined_on": .text(formed.description),
                    ])
                }
                // One election: the first two heads stood, the first was elected.
                let electionId = nextId("election")
                try out.insert("election", [
                    "id": .int(electionId), "group_id": .int(honestyGroupId), "held_on": .text(formed.description),
                    "place": .text("村委会会议室"), "presided_by": .text("村委会"), "elected_person_id": .int(members[0].headId),
                ])
                var candidateRow = (ids["election_candidate"] ?? 0)
                for (k, c) in members.prefix(2).enumerated() {
                    candidateRow += 1
                    try out.insert("election_candidate", [
                        "rowid": .int(candidateRow), "election_id": .int(electionId), "person_id": .int(c.headId),
                        "votes": .int(Int64(n - k * (n / 2))),
                    ])
                }
                ids["election_candidate"] = candidateRow
                // The agreement in force, signed by every member household.
                let agreementId = nextId("agreement")
                let validFrom = LocalDate(year: 2025, month: 1, day: 1)!
                try out.insert("agreement", [
                    "id": .int(agreementId), "group_id": .int(honestyGroupId), "template_id": .int(template.id ?? 1),
                    "version": .int(1), "title": .text(template.name), "body": .text(template.body),
                    "source_body": .text(template.body), "state": .text("inForce"),
                    "valid_from": .text(validFrom.description), "valid_to": .text("2027-12-31"),
                    "created_on": .text("2024-12-01"), "signing_started_on": .text("2024-12-10"),
                    "committee_signer": .text("村委会主任"), "committee_signed_on": .text("2024-12-31"),
                ])
                summary.agreements += 1
                for m in members {
                    try out.insert("signature", [
                        "id": .int(nextId("signature")), "agreement_id": .int(agreementId), "household_id": .int(m.id),
                        "signer_name": .text(m.headName), "kind": .text("inPerson"), "signed_on": .text("2024-12-20"),
                    ])
                }
            }
        }
    }
}
