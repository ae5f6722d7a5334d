import Testing
@testable import Domain

@Suite struct IDNumberTests {
    @Test func standardExamplesAreValid() {
        #expect(IDNumber.problems("11010519491231002X").isEmpty)
        #expect(IDNumber.problems("440524188001010014").isEmpty)
        #expect(IDNumber.birthDate(of: "11010519491231002X") == LocalDate("1949-12-31"))
        #expect(IDNumber.sex(of: "11010519491231002X") == .female)
        #expect(IDNumber.sex(of: "440524188001010014") == .male)
    }

    @Test func wrongLengthIsRefused() {
        #expect(IDNumber.problems("11010519491231002") == [.length(17)])
        #expect(IDNumber.problems("11010519491231002X1") == [.length(19)])
        #expect(IDNumber.problems("") == [.length(0)])
    }

    @Test func letterInsideIsRefused() {
        #expect(IDNumber.problems("1101051949A231002X") == [.characters])
        #expect(IDNumber.problems("11010519491231002Y") == [.characters])
    }

    @Test func wrongCheckCharacterNamesTheExpectedOne() {
        let problems = IDNumber.problems("110105194912310021")
        #expect(problems == [.checkCharacter(expected: "X")])
        #expect(problems.first?.message.zh.contains("X") == true)
        #expect(problems.first?.message.en.contains("expected X") == true)
    }

    @Test func impossibleDateIsRefused() {
        let body = "99010119900230123"
        let id = body + String(IDNumber.checkCharacter(for: body)!)
        #expect(IDNumber.problems(id) == [.birthDate])
    }

    @Test func birthDateMismatchWithTheField() {
        let problems = IDNumber.problems("11010519491231002X", birthDate: LocalDate("1950-01-01"), sex: .female)
        #expect(problems == [.birthDateMismatch(idDate: LocalDate("1949-12-31")!)])
        #expect(problems.first?.message.zh.contains("1949-12-31") == true)
    }

    @Test func sexMismatchWithTheField() {
        let problems = IDNumber.problems("11010519491231002X", birthDate: LocalDate("1949-12-31"), sex: .male)
        #expect(problems == [.sexMismatch(idSex: .female)])
        #expect(problems.first?.message.zh.contains("女") == true)
    }

    @Test func validationAttachesProblemsToFields() {
        let p = Person(householdId: 1, name: "张三", sex: .male, idNumber: "11010519491231002X",
                       birthDate: LocalDate("1950-01-01"), relation: .head)
        let fields = Set(Validation.validate(p).map(\.field))
        #expect(fields == ["sex", "birthDate"])
    }

    @Test func lowercaseXIsNormalised() {
        #expect(IDNumber.normalize("11010519491231002x") == "11010519491231002X")
        #expect(IDNumber.normalize(" 110105 19491231002x ") == "11010519491231002X")
        #expect(IDNumber.normalize("４４０５２４１８８００１０１００１４") == "440524188001010014")
        #expect(IDNumber.problems(IDNumber.normalize("11010519491231002x")).isEmpty)
    }

    @Test func maskedShowsAreaAndLastFour() {
        #expect(IDNumber.masked("11010519491231002X") == "110105********002X")
        #expect(IDNumber.masked("12345") == "*****")
    }

    @Test func makeBuildsValidNumbers() {
        let born = LocalDate("1990-06-15")!
        let man = IDNumber.make(area: "990101", birthDate: born, sequence: 37)
        let woman = IDNumber.make(area: "990101", birthDate: born, sequence: 8)
        #expect(man.hasPrefix("99010119900615037"))
        #expect(IDNumber.problems(man, birthDate: born, sex: .male).isEmpty)
        #expect(IDNumber.problems(woman, birthDate: born, sex: .female).isEmpty)
    }
}
