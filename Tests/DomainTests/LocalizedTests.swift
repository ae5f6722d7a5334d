import Testing
@testable import Domain

@Suite struct LocalizedTests {
    @Test func countsAgreeWithTheirNounInEnglish() {
        #expect(Localized.count(1, "个小组", "group") == Localized("1 个小组", "1 group"))
        #expect(Localized.count(2, "个小组", "group").en == "2 groups")
        #expect(Localized.count(0, "户", "household").en == "0 households")
        #expect(Localized.count(3, "人", "person", enPlural: "people").en == "3 people")
        #expect(Localized.englishForm(1, "has", "have") == "has" && Localized.englishForm(4, "has", "have") == "have")
    }

    @Test func ratesUseTheLanguagesPunctuation() {
        let r = Rate(kept: 357, assessed: 368)
        #expect(r.text(.zh) == "97%（357/368）")
        #expect(r.text(.en) == "97% (357/368)")
        #expect(r.text == r.text(.zh), "printed documents keep the Chinese form")
        #expect(Rate(kept: 0, assessed: 0).text(.en) == "—")
        #expect(Language.en.listSeparator == ", " && Language.zh.listSeparator == "、")
    }
}
