import Testing
@testable import Domain

@Suite struct PhoneTests {
    @Test(arguments: ["13912345678", "18800001111", "0310-1234567", "010-12345678", ""])
    func validPhones(_ phone: String) {
        #expect(Validation.phoneProblem(phone) == nil)
    }

    @Test(arguments: ["1391234567", "139123456789", "12912345678", "1391234567a", "0310-0234567",
                      "310-1234567", "0310 1234567", "0310-123456", "01-1234567", "phone"])
    func invalidPhones(_ phone: String) {
        #expect(Validation.phoneProblem(phone) != nil)
    }
}

@Suite struct NameTests {
    @Test(arguments: ["张三", "欧阳娜娜", "John Smith", "Anna Müller", "阿依古丽·买买提", "〇"])
    func acceptedNames(_ name: String) {
        #expect(Validation.nameProblem(name) == nil)
    }

    @Test(arguments: ["", "张3", "张三😀", "·张三", "张三·", " 张三", "John_Smith", String(repeating: "张", count: 31)])
    func refusedNames(_ name: String) {
        #expect(Validation.nameProblem(name) != nil)
    }

    @Test func thirtyCharactersAreEnough() {
        #expect(Validation.nameProblem(String(repeating: "张", count: 30)) == nil)
        #expect(Validation.nameProblem(String(repeating: "张", count: 31))?.zh.contains("31") == true)
    }

    @Test func middleDotsAreNormalised() {
        #expect(Validation.normalizeName(" 阿依古丽・买买提 ") == "阿依古丽·买买提")
        #expect(Validation.normalizeName("阿依古丽•买买提") == "阿依古丽·买买提")
    }
}

@Suite struct RecordValidationTests {
    @Test func migrantNeedsWhereabouts() {
        var p = Person(householdId: 1, name: "李四", sex: .male, relation: .child, migrantStatus: .outflow)
        #expect(Validation.validate(p).map(\.field) == ["whereabouts"])
        p.whereabouts = "广东省东莞市"
        #expect(Validation.validate(p).isEmpty)
    }

    @Test func householdNumberRules() {
        var h = Household(villageId: 1, villageGroupId: 1, number: "0101")
        #expect(Validation.validate(h).isEmpty)
        h.number = ""
        #expect(Validation.validate(h).map(\.field) == ["number"])
        h.number = "01 01"
        #expect(Validation.validate(h).map(\.field) == ["number"])
        h.number = "0101"
        h.phone = "123"
        #expect(Validation.validate(h).map(\.field) == ["phone"])
    }

    @Test func villageAndGroupRules() {
        #expect(Validation.validate(Village(name: "星光村")).isEmpty)
        #expect(Validation.validate(Village(name: "  ")).map(\.field) == ["name"])
        #expect(Validation.validate(VillageGroup(villageId: 1, number: 1, name: "一社")).isEmpty)
        #expect(Validation.validate(VillageGroup(villageId: 1, number: 0, name: "一社")).map(\.field) == ["number"])
        #expect(Validation.validate(VillageGroup(villageId: 1, number: 1, name: "")).map(\.field) == ["name"])
    }
}

@Suite struct LocalDateTests {
    @Test func leapDays() {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("1900-02-29") == nil)
    }

    @Test(arguments: ["2024-2-29", "2024/02/29", "20240229", "2024-02-29 ", "", "2024-13-01", "2024-00-10",
                      "2024-04-31", "abcd-ef-gh", "+024-02-01"])
    func badFormats(_ text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func roundTripAndOrder() {
        let d = LocalDate("0999-01-05")!
        #expect(d.description == "0999-01-05")
        #expect(LocalDate("2024-01-31")! < LocalDate("2024-02-01")!)
    }

    @Test func age() {
        let born = LocalDate("1990-06-15")!
        #expect(born.age(on: LocalDate("2026-06-14")!) == 35)
        #expect(born.age(on: LocalDate("2026-06-15")!) == 36)
    }
}

@Suite struct PinyinTests {
    @Test func spellings() {
        #expect(Pinyin.initials("张三") == "zs")
        #expect(Pinyin.full("张三") == "zhangsan")
        #expect(Pinyin.full("阿依古丽·买买提") == "ayigulimaimaiti")
        #expect(Pinyin.initials("John Smith") == "js")
    }

    @Test func matching() {
        #expect(Pinyin.matches(name: "张三", query: "zs"))
        #expect(Pinyin.matches(name: "张三", query: "zhangsan"))
        #expect(Pinyin.matches(name: "张三", query: "zhang"))
        #expect(Pinyin.matches(name: "张三", query: "ZS"))
        #expect(Pinyin.matches(name: "张三", query: "张"))
        #expect(Pinyin.matches(name: "张三", query: ""))
        #expect(!Pinyin.matches(name: "张三", query: "ls"))
        #expect(!Pinyin.matches(name: "张三", query: "李"))
    }
}
