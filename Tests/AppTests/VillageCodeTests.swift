import Domain
import Foundation
import Store
import Testing
@testable import App

/// The village's 统计用区划代码, from the CLI and on the village form.
@Suite(.serialized) struct VillageCodeTests {
    @Test func theCodeIsSetShownAndABadOneRefused() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村", "--township", "示范镇", "--county", "示范县"], db: db).status == 0)
        let bad = try runCLI(["village", "set", "--code", "990101100000"], db: db)
        #expect(bad.status != 0 && bad.output.contains("乡镇的代码不是村的代码"), "\(bad.output)")
        #expect(try runCLI(["village", "show"], db: db).output.contains("区划代码") == false, "nothing was stored")
        #expect(try runCLI(["village", "set", "--code", "990101100201"], db: db).status == 0)
        let shown = try runCLI(["village", "show"], db: db).output
        #expect(shown.hasSuffix("区划代码 990101100201（乡镇 990101100000，县 990101000000）\n"), "\(shown)")
        #expect(try runCLI(["verify"], db: db).output.contains("未发现问题"))
    }

    @Test func theFormTakesTheCodeAndRefusesABadOne() throws {
        let db = try makeFixtureDatabase()
        let app = try makeModel(db)
        app.press(.char("1"))
        let form = try #require(app.top as? VillageFormScreen)
        form.form.setValue("code", "99010110020")
        app.press(.function(2))
        #expect(app.top is VillageFormScreen && app.screenText.contains("区划代码应为12位数字"), "\(app.screenText)")
        expectSnapshot(app.render(), "village_form_code")
        form.form.setValue("code", "990101100201")
        app.press(.function(2))
        #expect(try db.village()?.code == "990101100201")
    }
}
