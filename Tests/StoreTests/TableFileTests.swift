import Domain
import Foundation
@testable import Store
import Testing

/// Roster files written by other programs (see Fixtures/rosters/make_fixtures.sh):
/// Python's csv module, iconv, openpyxl and LibreOffice.
let rosterFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/rosters")

func rosterFixture(_ name: String) -> String { rosterFixtures.appendingPathComponent(name).path }

/// Every row of `name` (sheet `sheet` for a workbook).
func rosterRows(_ name: String, sheet: String? = nil) throws -> [[String]] {
    var rows: [[String]] = []
    try TableFile.open(rosterFixture(name), sheet: sheet).forEachRow { rows.append($0.fields) }
    return rows
}

@Suite struct TableFileTests {
    /// The rows the Python script wrote, read back by Python's own csv reader's rules.
    var expected: [[String]] {
        get throws {
            let text = try String(contentsOfFile: rosterFixture("persons_utf8.csv"), encoding: .utf8)
            return text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
    }

    @Test func everyFormatGivesTheSameRows() throws {
        let rows = try expected
        #expect(rows.count == 9 && rows[0][0] == "户编号" && rows[2][12] == "广东省东莞市")
        for name in ["persons_utf8.csv", "persons_bom.csv", "persons_gbk.csv", "persons.tsv", "persons_libreoffice.xlsx"] {
            var got = try rosterRows(name)
            // A workbook leaves out trailing empty cells.
            got = got.map { $0 + Array(repeating: "", count: max(0, 13 - $0.count)) }
            #expect(got == rows, "\(name)")
        }
        var sheet = try rosterRows("persons_openpyxl.xlsx", sheet: "人员")
        sheet = sheet.map { $0 + Array(repeating: "", count: max(0, 13 - $0.count)) }
        #expect(sheet == rows)
    }

    @Test func formatAndEncodingAreFoundFromTheBytes() throws {
        let gbk = try TableFile.open(rosterFixture("persons_gbk.csv"))
        #expect(gbk.format == .csv && gbk.encoding == .gb18030)
        let bom = try TableFile.open(rosterFixture("persons_bom.csv"))
        #expect(bom.format == .csv && bom.encoding == .utf8)
        #expect(try TableFile.open(rosterFixture("persons.tsv")).format == .tsv)
        let book = try TableFile.open(rosterFixture("persons_openpyxl.xlsx"))
        #expect(book.format == .xlsx && book.sheetNames == ["说明", "人员"])
        // The first sheet when none is named.
        #expect(try rosterRows("persons_openpyxl.xlsx") == [["本表为星光村人员花名册样例。"]])
    }

    @Test func aFileThatIsNeitherUTF8NorGBKNamesTheLineOfItsBadByte() throws {
        do {
            _ = try TableFile.open(rosterFixture("persons_bad_bytes.csv"))
            Issue.record("opened a file with a 0xFF byte")
        } catch let StoreError.refused(message) {
            #expect(message.zh.contains("第 4 行") && message.zh.contains("0xFF") && message.zh.contains("GBK"))
            #expect(message.en.contains("line 4"))
        }
    }

    @Test func aUTF8FileWithABadByteIsRefusedNotReadAsGBK() throws {
        do {
            _ = try TableFile.open(rosterFixture("persons_utf8_bad_byte.csv"))
            Issue.record("opened a UTF-8 file with a 0xFF byte")
        } catch let StoreError.refused(message) {
            #expect(message.zh == "文件是 UTF-8 编码，但第 3 行有无效字节 0xFF：请改正该行后再导入。")
            #expect(message.en.contains("line 3 has the invalid byte 0xFF"))
        }
    }

    @Test func gb18030CarriesCharactersOutsideGBK() throws {
        let file = try TableFile.open(rosterFixture("persons_rare_gb18030.csv"))
        #expect(file.encoding == .gb18030)
        #expect(try rosterRows("persons_rare_gb18030.csv")[1][3] == "𠮷祥")
    }

    @Test func aDateCellBecomesADateAndANumberLosesNoDigitsItHas() throws {
        let rows = try rosterRows("persons_id_as_number.xlsx")
        #expect(rows[1][6] == "1978-03-14")
        // A double keeps no 18 digits: the cell shows what Excel kept, which the import refuses.
        #expect(rows[1][7].contains("E+17") || rows[1][7].contains("e+17"))
        #expect(XLSXWorkbook.isDateFormat(id: 14, code: nil) && XLSXWorkbook.isDateFormat(id: 176, code: "yyyy\"年\"m\"月\"d\"日\""))
        #expect(!XLSXWorkbook.isDateFormat(id: 176, code: "0.00\"元\"") && !XLSXWorkbook.isDateFormat(id: 49, code: "@"))
    }

    @Test func anOldXLSOrANamedSheetThatIsMissingIsRefusedClearly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let xls = dir.appendingPathComponent("old.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).write(to: xls)
        #expect(throws: StoreError.self) { try TableFile.open(xls.path) }
        do {
            _ = try TableFile.open(rosterFixture("persons_openpyxl.xlsx"), sheet: "户")
        } catch let StoreError.refused(message) {
            #expect(message.zh.contains("没有名为“户”的工作表") && message.zh.contains("说明、人员"))
        }
        let broken = dir.appendingPathComponent("broken.xlsx")
        let whole = try Data(contentsOf: URL(fileURLWithPath: rosterFixture("persons_openpyxl.xlsx")))
        try whole.prefix(whole.count / 2).write(to: broken)
        #expect(throws: StoreError.self) { try TableFile.open(broken.path) }
    }
}
