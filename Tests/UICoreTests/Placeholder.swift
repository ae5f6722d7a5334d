import Testing
@Test func placeholderUICoreTests() { #expect(Bool(true)) }
