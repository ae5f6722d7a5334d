import Foundation
import Testing
import Domain
import Print
@testable import App

@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: chengxinBinary), "needs the built binary"))
struct ImportCommandTests {
    @Test func importCommandTakesAGoodFileAndRefusesABadOneListingTheLines() throws {
        let db = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: (db as NSString).deletingLastPathComponent) }
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let dir = (db as NSString).deletingLastPathComponent
        func id(_ n: Int) -> String { IDNumber.make(area: "990101", birthDate: LocalDate("1970-03-04")!, sequence: n * 2 + 1) }
        let good = "户号,社,地址,户主姓名,性别,身份证号,电话\nX1,1,一号,赵一,男,\(id(1)),13800000001\nX2,1,二号,赵二,男,\(id(2)),\n"
        try good.write(toFile: dir + "/good.csv", atomically: true, encoding: .utf8)
        let bad = "户号,社,地址,户主姓名,性别,身份证号,电话\nX3,1,三号,赵三,男,\(id(3)),\nX4,99,四号,赵四,男,\(id(4)),\nX5,1,五号,,男,\(id(5)),\n"
        try bad.write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        // A group leader may not; the clerk may.
        let ok = try runCLI(["import", "households", dir + "/good.csv"], db: db, user: "clerk", password: "demo2026")
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("已从") && ok.output.contains("导入 2 户"))
        let refused = try runCLI(["import", "households", dir + "/bad.csv"], db: db, user: "clerk", password: "demo2026")
        #expect(refused.status == 1)
        #expect(refused.output.contains("未导入任何记录"), "\(refused.output)")
        #expect(refused.output.contains("第 3 行") && refused.output.contains("第 4 行"))
        #expect(!refused.output.contains("第 2 行"))
        let list = try runCLI(["households", "list"], db: db, user: "clerk", password: "demo2026")
        #expect(list.output.contains("X1") && list.output.contains("X2") && !list.output.contains("X3"))
        let verify = try runCLI(["verify"], db: db)
        #expect(verify.status == 0, "\(verify.output)")
    }
}
