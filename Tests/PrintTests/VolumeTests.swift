import Domain
import Foundation
import Testing
import UICore
@testable import Print

/// A row of a text table: its cells, split at "|".
func cells(_ line: String) -> [String] {
    line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
        .map { $0.trimmingCharacters(in: .whitespaces) }
}

/// The table-of-contents rows of a text volume: wrapped cells joined back.
func contentsRows(_ pages: [[String]]) -> [[String]] {
    var rows: [[String]] = []
    // The contents are the pages after the cover until the first numbered page.
    for page in pages.dropFirst() {
        if !page.last!.trimmingCharacters(in: .whitespaces).isEmpty { break }
        var seenHeader = false
        var rules = 0
        for line in page where line.hasPrefix("+") || line.hasPrefix("|") {
            if line.hasPrefix("+") { rules += 1; seenHeader = rules >= 2; continue }
            guard seenHeader else { continue }
            let c = cells(line)
            if !c[0].isEmpty {
                rows.append(c)
            } else if !rows.isEmpty {
                for i in c.indices { rows[rows.count - 1][i] += c[i] }
            }
        }
    }
    return rows
}

/// The printed page number in a page's footer, nil when blank.
func footerNumber(_ page: [String]) -> Int? {
    let f = page.last!.trimmingCharacters(in: .whitespaces)
    guard f.hasPrefix("- "), f.hasSuffix(" -") else { return nil }
    return Int(f.dropFirst(2).dropLast(2))
}

@Suite struct VolumeTests {
    @Test func everyPageIs66LinesOf80ColumnsAndOnlyContentPagesAreNumbered() throws {
        let laid = ArchiveVolume.layout(sampleVolume())
        let pages = LaidOutDocument.splitPages(laid.text)
        #expect(pages.count == laid.pages.count)
        for (i, page) in pages.enumerated() {
            #expect(page.count == 66, "page \(i + 1) has \(page.count) lines")
            for line in page { #expect(TextWidth.of(line) <= 80, "too wide: \(line)") }
        }
        let numbers = pages.map(footerNumber)
        // Cover and contents first, remarks last: no numbers; content pages 1…n in order.
        #expect(numbers.first! == nil && numbers[1] == nil && numbers.last! == nil)
        let numbered = numbers.compactMap { $0 }
        #expect(numbered == Array(1...numbered.count))
        #expect(numbers.dropFirst(2).dropLast().allSatisfy { $0 != nil })
        #expect(pages.first!.joined().contains("案卷封面"))
        #expect(pages.last!.joined().contains("卷内备考表"))
    }

    @Test func contentsPageNumbersAreTheRealPages() throws {
        for households in [3, 40] {
            let laid = ArchiveVolume.layout(sampleVolume(households: households))
            let pages = LaidOutDocument.splitPages(laid.text)
            let byNumber = Dictionary(uniqueKeysWithValues: pages.compactMap { p in footerNumber(p).map { ($0, p) } })
            let rows = contentsRows(pages)
            // Roster, election, agreement, signature sheet, one pledge per household, fulfilment, assessment.
            #expect(rows.count == 6 + households)
            var expectedStart = 1
            for row in rows {
                let range = row[5].split(separator: "-").compactMap { Int($0) }
                let start = try #require(range.first, "no page in \(row)")
                let end = range.last!
                #expect(start == expectedStart, "\(row[3]) starts on \(start), expected \(expectedStart)")
                let first = try #require(byNumber[start]).joined(separator: "\n")
                #expect(first.contains(row[3]), "page \(start) does not hold \(row[3])")
                // The page before the start belongs to the previous item: the item starts a page.
                for n in start...end { #expect(byNumber[n] != nil) }
                expectedStart = end + 1
            }
            #expect(expectedStart - 1 == byNumber.count)
            // The cover's page count is the number of numbered pages; its item count the rows.
            let cover = pages[0].joined(separator: "\n")
            #expect(cover.contains("\(byNumber.count)页"))
            #expect(cover.contains("\(rows.count)件"))
            #expect(pages.last!.joined().contains("共有文件\(rows.count)件，共\(byNumber.count)页"))
        }
    }

    @Test func tablesStayAlignedWithCJKAndNamesWithMiddleDots() throws {
        let laid = ArchiveVolume.layout(sampleVolume())
        var tableLines = 0
        for page in LaidOutDocument.splitPages(laid.text) {
            var rule: String?
            for line in page {
                if line.hasPrefix("+") { rule = line; continue }
                guard line.hasPrefix("|"), let rule else { continue }
                tableLines += 1
                // Each "|" sits where the rule has a "+", counted in display columns.
                var col = 0
                var bars: [Int] = []
                for c in line {
                    if c == "|" { bars.append(col) }
                    col += TextWidth.of(c)
                }
                var plus: [Int] = []
                for (i, c) in rule.enumerated() where c == "+" { plus.append(i) }
                #expect(bars == plus, "misaligned:\n\(rule)\n\(line)")
            }
        }
        #expect(tableLines > 30)
        #expect(laid.text.contains("阿依古丽·买买提"))
    }

    @Test func wrappingNeverSplitsAWideCharacterNorStartsALineWithClosingPunctuation() {
        let f = PageFormat.continuous
        let text = String(repeating: "诚信计生", count: 12) + "，好。abc" + String(repeating: "户", count: 30)
        let lines = f.wrap(text, width: 15)
        for l in lines {
            #expect(f.width(l) <= 15)
            #expect(!(l.first.map { PageFormat.noLineStart.contains($0) } ?? false), "\(l)")
        }
        #expect(lines.joined() == text)
        // 15 columns hold 7 Hanzi: the 8th never straddles the edge.
        #expect(f.wrap("一二三四五六七八", width: 15) == ["一二三四五六七", "八"])
        // ASCII runs (ID numbers) are kept whole when they fit.
        #expect(f.wrap("身份证990101198803010020号", width: 20) == ["身份证", "990101198803010020号"])
    }

    @Test func gb18030OutputDecodesBackToTheSameText() throws {
        let job = PrintJob(document: Document(title: "", parts: [])) { format in
            ArchiveVolume.layout(sampleVolume(), format: format)
        }
        let data = try job.data(format: .text, encoding: .gb18030)
        let text = try #require(Output.decode(data, encoding: .gb18030))
        #expect(text == ArchiveVolume.layout(sampleVolume(), format: .continuousGB18030).text)
        #expect(text.contains("星光村三社第一小组诚信计生档案"))
        // Real GB18030, not UTF-8: 诚 is B3 CF.
        #expect(data.range(of: Data([0xB3, 0xCF])) != nil)
        #expect(String(data: data, encoding: .utf8) == nil)
        // On a GB18030 printer "·" is two columns wide: the table is laid out for that.
        let line = try #require(text.split(separator: "\n").first { $0.contains("阿依古丽") })
        let rule = try #require(text.split(separator: "\n").first { $0.hasPrefix("+") && $0.count > 60 })
        #expect(PageFormat.continuousGB18030.width(String(line)) <= PageFormat.continuousGB18030.width(String(rule)))
    }

    @Test func personalNumbersAreMaskedExceptOnTheHouseholdCard() throws {
        let input = sampleVolume()
        let id = input.roster[0].idNumber
        let volume = ArchiveVolume.layout(input).text
        #expect(!volume.contains(id))
        #expect(volume.contains(IDNumber.masked(id)))
        #expect(!volume.contains("13912340000"))
        #expect(volume.contains("139****0000"))

        let card = HouseholdCardInput(village: "星光村", sheName: "三社", householdNumber: "0301", address: "星光村三社1号",
                                      headName: "王建国", phone: "13912340000", groupName: "三社第一小组",
                                      members: [.init(name: "王建国", relation: "户主", sex: "男", idNumber: id,
                                                      birthDate: d("1988-03-01"), maritalStatus: "已婚",
                                                      phone: "13912340000")],
                                      printedOn: d("2026-11-25"))
        #expect(DocumentKind.card.defaultPolicy == .full)
        let full = Layout.paginate(Documents.householdCard(card), format: .continuous).text
        #expect(full.contains(id) && full.contains("13912340000"))
        let masked = Layout.paginate(Documents.householdCard(card, policy: .masked), format: .continuous).text
        #expect(!masked.contains(id) && masked.contains(IDNumber.masked(id)))
        for kind in DocumentKind.allCases where kind != .card { #expect(kind.defaultPolicy == .masked) }
    }

    @Test func emptySectionsPrintNoneAndTheRemarksSayWhatIsMissing() throws {
        var input = sampleVolume(pledges: false)
        input.elections = []
        input.fulfilments = []
        input.auditHeadHash = nil
        let text = ArchiveVolume.layout(input).text
        let remarks = LaidOutDocument.splitPages(text).last!.joined()
        #expect(remarks.contains("本卷缺少：组长选举记录、家庭承诺书、兑现记录"), "\(remarks)")
        #expect(remarks.contains("尚未启用审计日志"))
        let withHash = ArchiveVolume.layout(sampleVolume()).text
        #expect(withHash.contains("9f2c4e1a7b3d5f60"))
        #expect(text.components(separatedBy: "无\n").count > 2)
    }

    @Test func theDisclosureBoardHasSixCategories() {
        let board = DisclosureBoardInput(village: "星光村", lines: ["政策类": ["独生子女父母奖励每年120元"]],
                                         postedOn: d("2026-11-25"))
        let text = Layout.paginate(Documents.disclosureBoard(board), format: .continuous).text
        var last = text.startIndex
        for c in DisclosureBoardInput.categories {
            guard let r = text.range(of: c) else { Issue.record("missing \(c)"); continue }
            #expect(r.lowerBound > last)
            last = r.lowerBound
        }
        #expect(text.contains("独生子女父母奖励每年120元"))
        #expect(text.components(separatedBy: "　　无").count == 6)
    }

    @Test func theAgreementForSigningHasALinePerHousehold() {
        let input = sampleVolume(households: 5)
        let doc = Documents.agreementForSigning(village: "星光村", groupName: input.groupName,
                                                agreement: input.agreement!, households: input.roster)
        let text = Layout.paginate(doc, format: .continuous).text
        for r in input.roster { #expect(text.contains(r.householdNumber)) }
        #expect(text.contains("签字（或按手印）"))
        #expect(text.contains("村民委员会（盖章）"))
        #expect(text.contains("有效期限"))
    }
}
