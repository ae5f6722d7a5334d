import Foundation
import GRDB
import Domain

/// The recipe for the demo village, read from `Data/demo_village.json`.
public struct DemoVillageSpec: Codable, Sendable {
    public struct VillageSpec: Codable, Sendable {
        public var name: String
        public var township: String
        public var county: String
        /// The 12-digit 统计用区划代码 (province 99 is the demo's).
        public var code: String?
    }
    public struct GroupSpec: Codable, Sendable {
        public var number: Int
        public var name: String
        public var households: Int
        /// Surnames that dominate the 社, as in real villages.
        public var mainSurnames: [String]
    }
    public struct NamedPerson: Codable, Sendable {
        public var name: String
        public var sex: Sex
    }
    /// Probabilities (0…1) and weights that shape the households.
    public struct Rates: Codable, Sendable {
        public var twoCharacterGivenName: Double
        public var mainSurname: Double
        public var femaleHead: Double
        public var headWithoutSpouse: Double
        /// Relative weights of 0, 1, 2 … children.
        public var childrenWeights: [Int]
        public var parent: Double
        public var headPhone: Double
        public var adultPhone: Double
        public var outflow: Double
        public var inflowSpouse: Double
        public var associationWoman: Double
        public var associationOther: Double
    }
    public struct AgeRange: Codable, Sendable {
        public var min: Int
        public var max: Int
    }

    public var note: String?
    public var village: VillageSpec
    /// A fictional area code for the ID numbers.
    public var areaCode: String
    /// Ages are counted on this day, so builds do not depend on the clock.
    public var referenceDate: String
    public var groups: [GroupSpec]
    public var surnames: [String]
    public var maleGivenCharacters: [String]
    public var femaleGivenCharacters: [String]
    /// Spouses with names of their own (middle-dot and Latin names).
    public var namedSpouses: [NamedPerson]
    public var whereabouts: [String]
    public var inflowOrigins: [String]
    public var mobilePrefixes: [String]
    public var rates: Rates
    public var headAge: AgeRange
}

/// SplitMix64: small, fast and the same on every platform and Swift version; the
/// same seed gives the same demo village, or the same generated county (Bench).
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<n (0 when n ≤ 0).
    package mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func inRange(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.count) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func weighted(_ weights: [Int]) -> Int {
        var r = below(max(1, weights.reduce(0, +)))
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return 0
    }
}

/// A fictional village (星光村) for demonstrations and tests.
public enum DemoVillage {
    /// The spec bundled in the repository (`Data/demo_village.json`), found by `Resources`.
    public static var repositorySpecURL: URL {
        Resources.data.appendingPathComponent("demo_village.json")
    }

    /// Fills an empty database with the demo village, in one transaction.
    /// The same spec and seed always give the same records.
    public static func build(into db: AppDatabase, specURL: URL, seed: UInt64 = 2026) throws {
        let spec = try JSONDecoder().decode(DemoVillageSpec.self, from: Data(contentsOf: specURL))
        try build(into: db, spec: spec, seed: seed)
    }

    public static func build(into db: AppDatabase, spec: DemoVillageSpec, seed: UInt64 = 2026) throws {
        guard let today = LocalDate(spec.referenceDate) else {
            throw StoreError.refused(Localized("示例数据的参考日期无效", "The demo spec has an invalid reference date"))
        }
        try db.dbWriter.write { database in
            if try Village.fetchCount(database) > 0 {
                throw StoreError.refused(Localized("数据库中已有村庄，不能再生成示例村",
                                                   "The database already has a village; the demo cannot be added"))
            }
            var generator = Generator(spec: spec, today: today, rng: SplitMix64(seed: seed))
            try generator.run(database)
            try generator.plantDuplicates(database)
        }
        try addDemoGroups(to: db, today: today)
        try db.dbWriter.write { database in try addDemoPledges(database, today: today, seed: seed) }
        try addDemoAssessments(to: db)
        try addDemoMeetings(to: db)
        try addDemoCalendar(to: db, today: today)
    }

    struct Generator {
        let spec: DemoVillageSpec
        let today: LocalDate
        var rng: SplitMix64
        var usedIDs: Set<String> = []

        init(spec: DemoVillageSpec, today: LocalDate, rng: SplitMix64) {
            self.spec = spec
            self.today = today
            self.rng = rng
        }

        mutating func run(_ db: Database) throws {
            var village = Village(name: spec.village.name, township: spec.village.township, county: spec.village.county,
                                  code: spec.village.code ?? "")
            try check(Validation.validate(village))
            try village.insert(db)
            let total = spec.groups.reduce(0) { $0 + $1.households }
            // Households whose spouse has one of the named (middle-dot or Latin) names.
            var named: [Int: DemoVillageSpec.NamedPerson] = [:]
            for person in spec.namedSpouses where total > 0 {
                var slot = rng.below(total)
                while named[slot] != nil { slot = (slot + 1) % total }
                named[slot] = person
            }
            var index = 0
            for groupSpec in spec.groups {
                var group = VillageGroup(villageId: village.id!, number: groupSpec.number, name: groupSpec.name)
                try check(Validation.validate(group))
                try group.insert(db)
                for seq in stride(from: 1, through: groupSpec.households, by: 1) {
                    try makeHousehold(db, village: village, group: group, groupSpec: groupSpec, seq: seq,
                                      namedSpouse: named[index])
                    index += 1
                }
            }
        }

        mutating func makeHousehold(_ db: Database, village: Village, group: VillageGroup,
                                    groupSpec: DemoVillageSpec.GroupSpec, seq: Int,
                                    namedSpouse: DemoVillageSpec.NamedPerson?) throws {
            let rates = spec.rates
            var household = Household(
                villageId: village.id!, villageGroupId: group.id!,
                number: pad(group.number) + pad(seq),
                address: "\(village.name)\(group.name)\(seq)号")
            let familySurname = !groupSpec.mainSurnames.isEmpty && rng.chance(rates.mainSurname)
                ? rng.pick(groupSpec.mainSurnames) : rng.pick(spec.surnames)

            var headSex: Sex = rng.chance(rates.femaleHead) ? .female : .male
            var hasSpouse = !rng.chance(rates.headWithoutSpouse)
            if let namedSpouse {
                headSex = namedSpouse.sex == .male ? .female : .male
                hasSpouse = true
            }
            let headAge = rng.inRange(spec.headAge.min...spec.headAge.max)
            let husbandSurname = headSex == .male ? familySurname : rng.pick(spec.surnames)
            var people: [Person] = []

            // Head and spouse.
            let headName = headSex == .male ? familySurname + givenName(.male)
                : familySurname + givenName(.female)
            var head = person(headName, headSex, age: headAge, relation: .head,
                              marital: hasSpouse ? .married : (headAge > 50 ? .widowed : .divorced))
            if rng.chance(rates.headPhone) { head.phone = mobile() }
            household.phone = head.phone
            people.append(head)

            var motherAge: Int? = headSex == .female ? headAge : nil
            if hasSpouse {
                let spouseSex: Sex = headSex == .male ? .female : .male
                // Wives are usually a little younger.
                let gap = rng.inRange(0...4)
                let spouseAge = max(20, spouseSex == .female ? headAge - gap : headAge + gap)
                let name = namedSpouse?.name
                    ?? (spouseSex == .female ? rng.pick(spec.surnames) : husbandSurname) + givenName(spouseSex)
                var spouse = person(name, spouseSex, age: spouseAge, relation: .spouse, marital: .married)
                if rng.chance(rates.adultPhone) { spouse.phone = mobile() }
                if rng.chance(rates.inflowSpouse) {
                    spouse.migrantStatus = .inflow
                    spouse.whereabouts = rng.pick(spec.inflowOrigins)
                    if spouse.phone.isEmpty { spouse.phone = mobile() }
                    spouse.migrantContact = spouse.phone
                }
                if spouseSex == .female { motherAge = spouseAge }
                people.append(spouse)
            }

            // Children, born when the mother was 21–34, two to six years apart.
            if let motherAge {
                let count = rng.weighted(rates.childrenWeights)
                var age = motherAge - rng.inRange(21...34)
                for _ in 0..<count where age >= 0 {
                    let sex: Sex = rng.chance(0.5) ? .male : .female
                    let marital: MaritalStatus = age >= 24 && rng.chance(0.5) ? .married : .unmarried
                    var child = person(husbandSurname + givenName(sex), sex, age: age, relation: .child, marital: marital)
                    if age >= 18, rng.chance(rates.adultPhone) { child.phone = mobile() }
                    people.append(child)
                    age -= rng.inRange(2...6)
                }
            }

            // Sometimes a widowed or married parent of the head lives with them.
            if rng.chance(rates.parent) {
                let age = min(95, headAge + rng.inRange(22...32))
                let sex: Sex = rng.chance(0.65) ? .female : .male
                let surname = sex == .male ? (headSex == .male ? familySurname : rng.pick(spec.surnames))
                    : rng.pick(spec.surnames)
                let name = surname + givenName(sex)
                people.append(person(name, sex, age: age, relation: .parent,
                                     marital: rng.chance(0.6) ? .widowed : .married))
            }

            // Migrants and association members among the adults.
            for i in people.indices {
                guard let born = people[i].birthDate else { continue }
                let age = born.age(on: today)
                if people[i].migrantStatus == .resident, (18...45).contains(age),
                   rng.chance(people[i].relation == .head ? rates.outflow / 4 : rates.outflow) {
                    people[i].migrantStatus = .outflow
                    people[i].whereabouts = rng.pick(spec.whereabouts)
                    if people[i].phone.isEmpty { people[i].phone = mobile() }
                    people[i].migrantContact = people[i].phone
                }
                if age >= 20, age <= 65 {
                    let rate = people[i].sex == .female ? rates.associationWoman : rates.associationOther
                    people[i].isAssociationMember = rng.chance(rate)
                }
            }

            try check(Validation.validate(household))
            try household.insert(db)
            for var p in people {
                p.householdId = household.id!
                try check(Validation.validate(p))
                try p.insert(db)
                if p.relation == .head { household.headPersonId = p.id }
            }
            try household.update(db)
        }

        /// Two elderly persons entered a second time in the last households, as old rosters
        /// have them, for 疑似重复人员 to find: the first parent again under a mistyped ID
        /// number (the same name and birth date), and the first person surnamed 张 aged 60 or
        /// more again as 章, born the same year (the same name in pinyin). Uses no random
        /// numbers, so the rest of the village is as the seed makes it.
        mutating func plantDuplicates(_ db: Database) throws {
            let last = try Household.order(Column("id").desc).limit(2).fetchAll(db)
            guard last.count == 2 else { return }
            let elderly = try Person.order(Column("id")).fetchAll(db).filter { ($0.birthDate?.age(on: today) ?? 0) >= 60 }
            if let p = elderly.first(where: { $0.relation == .parent && $0.householdId != last[0].id }) {
                var again = Person(householdId: last[0].id!, name: p.name, sex: p.sex,
                                   idNumber: unusedIDNumber(p.birthDate!, p.sex), birthDate: p.birthDate,
                                   relation: .other, maritalStatus: p.maritalStatus)
                try check(Validation.validate(again, on: today))
                try again.insert(db)
            }
            if let p = elderly.first(where: { $0.name.hasPrefix("张") && $0.householdId != last[1].id }),
               let born = p.birthDate, let other = LocalDate(year: born.year, month: born.month == 1 ? 2 : 1, day: 1) {
                var again = Person(householdId: last[1].id!, name: "章" + p.name.dropFirst(), sex: p.sex,
                                   idNumber: unusedIDNumber(other, p.sex), birthDate: other,
                                   relation: .other, maritalStatus: p.maritalStatus)
                try check(Validation.validate(again, on: today))
                try again.insert(db)
            }
        }

        /// The highest sequence number not yet used for `born` and `sex`, without random numbers.
        mutating func unusedIDNumber(_ born: LocalDate, _ sex: Sex) -> String {
            var sequence = sex == .male ? 999 : 998
            while sequence > 0 {
                let id = IDNumber.make(area: spec.areaCode, birthDate: born, sequence: sequence)
                if usedIDs.insert(id).inserted { return id }
                sequence -= 2
            }
            return ""
        }

        mutating func givenName(_ sex: Sex) -> String {
            let chars = sex == .male ? spec.maleGivenCharacters : spec.femaleGivenCharacters
            var name = rng.pick(chars)
            if rng.chance(spec.rates.twoCharacterGivenName) {
                var second = rng.pick(chars)
                if second == name { second = rng.pick(chars) }
                name += second
            }
            return name
        }

        mutating func person(_ name: String, _ sex: Sex, age: Int, relation: Relation, marital: MaritalStatus) -> Person {
            let born = birthDate(age: age)
            return Person(householdId: 0, name: name, sex: sex, idNumber: idNumber(born, sex), birthDate: born,
                          relation: relation, maritalStatus: marital)
        }

        /// A birth date giving exactly `age` on the reference date.
        mutating func birthDate(age: Int) -> LocalDate {
            let month = rng.inRange(1...12)
            let day = rng.inRange(1...LocalDate.daysIn(month: month, year: 2001))
            var year = today.year - age
            if (month, day) > (today.month, today.day) { year -= 1 }
            return LocalDate(year: year, month: month, day: day)!
        }

        /// A valid, unused number; the sequence is odd for men and even for women.
        mutating func idNumber(_ born: LocalDate, _ sex: Sex) -> String {
            while true {
                let sequence = rng.below(500) * 2 + (sex == .male ? 1 : 0)
                let id = IDNumber.make(area: spec.areaCode, birthDate: born, sequence: sequence)
                if usedIDs.insert(id).inserted { return id }
            }
        }

        mutating func mobile() -> String {
            var s = rng.pick(spec.mobilePrefixes)
            while s.count < 11 { s += String(rng.below(10)) }
            return s
        }

        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

        func check(_ errors: [FieldError]) throws {
            if !errors.isEmpty { throw StoreError.invalid(errors) }
        }
    }
}
