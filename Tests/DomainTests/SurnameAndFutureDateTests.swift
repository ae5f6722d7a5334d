import Testing
@testable import Domain

@Suite struct SurnameReadingTests {
    @Test func surnamesReadAsSurnames() {
        #expect(Pinyin.full("曾海强") == "zenghaiqiang")
        #expect(Pinyin.initials("曾海强") == "zhq")
        #expect(Pinyin.full("单雄信") == "shanxiongxin")
        #expect(Pinyin.initials("解缙") == "xj")
        #expect(Pinyin.matches(name: "仇英", query: "qiu"))
        // Only the first character is a surname: 曾 inside a given name keeps its usual reading.
        #expect(Pinyin.full("王曾") == "wangceng")
    }
}

@Suite struct FutureBirthDateTests {
    let today = LocalDate("2026-11-25")!

    @Test func anIDBornAfterTodayIsRefused() {
        let id = IDNumber.make(area: "990101", birthDate: LocalDate("2030-01-01")!, sequence: 12)
        #expect(IDNumber.problems(id, on: today) == [.birthDateInFuture])
        let born = IDNumber.make(area: "990101", birthDate: today, sequence: 12)
        #expect(IDNumber.problems(born, on: today).isEmpty)
    }

    @Test func aBirthDateAfterTodayIsRefusedOnThePerson() {
        let p = Person(householdId: 1, name: "王五", sex: .male, birthDate: LocalDate("2026-11-26"), relation: .child)
        let errors = Validation.validate(p, on: today)
        #expect(errors.map(\.field) == ["birthDate"])
        #expect(errors[0].message.zh == "出生日期不能晚于今天（2026-11-25）")
        var ok = p
        ok.birthDate = today
        #expect(Validation.validate(ok, on: today).isEmpty)
    }
}
