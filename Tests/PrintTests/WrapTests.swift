import Domain
import Testing
@testable import Print

/// Line breaking of mixed Chinese and ASCII text at exact widths.
@Suite struct WrapTests {
    let f = PageFormat.continuous

    @Test func numbersWithTheirPunctuationStayWhole() {
        // 守信率 is 6 columns, 85.5% is 5: at 8 columns the figure moves down whole.
        #expect(f.wrap("守信率85.5%", width: 8) == ["守信率", "85.5%"])
        #expect(f.wrap("守信率85.5%", width: 11) == ["守信率85.5%"])
        #expect(f.wrap("户守信率90%（9/10）", width: 12) == ["户守信率90%", "（9/10）"])
        #expect(f.wrap("日期2026-11-25起", width: 12) == ["日期", "2026-11-25起"])
    }

    @Test func aCharacterJoinedToAnASCIIRunByPunctuationStaysWithIt() {
        // 兑-2025-002 is 11 columns and fits at 12 or 13: it moves down whole.
        #expect(f.wrap("编号兑-2025-002", width: 12) == ["编号", "兑-2025-002"])
        #expect(f.wrap("凭证兑-2025-002号", width: 13) == ["凭证", "兑-2025-002号"])
        // A Chinese character directly before an ASCII run that starts with a letter or digit may break there.
        #expect(f.wrap("编号兑2025", width: 6) == ["编号兑", "2025"])
        // At 10 columns the joined word is longer than the line: it breaks between the
        // character and the run, never inside the run.
        #expect(f.wrap("兑-2025-002", width: 10) == ["兑", "-2025-002"])
    }

    @Test func closingPunctuationNeverStartsALineAndOpeningNeverEndsOne() {
        // 一二三四五 fills 10 columns; the comma takes 五 down with it.
        #expect(f.wrap("一二三四五，六", width: 10) == ["一二三四", "五，六"])
        #expect(f.wrap("一二三四五。」好", width: 10) == ["一二三四", "五。」好"])
        // The opening bracket would fit at the end of the line; it goes down with 五.
        #expect(f.wrap("一二三四（五六）", width: 10) == ["一二三四", "（五六）"])
        #expect(f.wrap("一二三四「五」", width: 10) == ["一二三四", "「五」"])
        // ASCII closing punctuation after Chinese text too.
        #expect(f.wrap("一二三四五,六", width: 10) == ["一二三四", "五,六"])
    }

    @Test func onlyARunLongerThanALineIsCut() {
        #expect(f.wrap("ABCDEFGHIJKLMNOP", width: 10) == ["ABCDEFGHIJ", "KLMNOP"])
        #expect(f.wrap("哈希0123456789abcdef", width: 10) == ["哈希", "0123456789", "abcdef"])
        #expect(f.wrap("一二三四五六七八", width: 15) == ["一二三四五六七", "八"])
    }

    @Test func spacesBreakAndDoNotStartOrEndALine() {
        #expect(f.wrap("abc def", width: 5) == ["abc", "def"])
        #expect(f.wrap("abc  def", width: 3) == ["abc", "def"])
        #expect(f.wrap("  缩进的段落", width: 20) == ["  缩进的段落"])
        #expect(f.wrap("第一行\n\n第三行", width: 20) == ["第一行", "", "第三行"])
    }

    @Test func dotMatrixWidthsCountEveryChineseMarkAsTwo() {
        let gb = PageFormat.continuousGB18030
        // · is two columns on a GB18030 printer and may not start a line.
        #expect(gb.wrap("阿依古丽·买买提", width: 8) == ["阿依古", "丽·买买", "提"])
        #expect(f.wrap("阿依古丽·买买提", width: 8) == ["阿依古", "丽·买买", "提"])
    }

    @Test func mixedTextKeepsEveryRule() {
        let text = "2026年第四季度检查：事项守信率85.5%（171/200），户守信率90%；兑现凭证兑-2025-002、兑-2025-013已归档。"
            + "联系电话139****5670，身份证号990101198803010020。「按手印」（代签）……完。"
        // From 20 columns every word here (the 18-digit ID with its 。 is the longest) fits on a line.
        for width in 20...60 {
            let lines = f.wrap(text, width: width)
            #expect(lines.joined() == text, "width \(width)")
            for (i, line) in lines.enumerated() {
                #expect(f.width(line) <= width, "\(width): \(line)")
                if let first = line.first { #expect(!PageFormat.noLineStart.contains(first), "\(width): \(line)") }
                if let last = line.last { #expect(!PageFormat.noLineEnd.contains(last), "\(width): \(line)") }
                // No break inside an ASCII run (every run here fits).
                if i + 1 < lines.count, let last = line.last, let next = lines[i + 1].first {
                    #expect(!(last.isASCII && next.isASCII), "\(width): \(line) / \(lines[i + 1])")
                }
            }
        }
    }
}

/// The pledge sheet prints the pledge's date and the signing date under their own labels.
@Suite struct PledgeSheetDatesTests {
    func text(_ sheet: PledgeSheetInput) -> String {
        Layout.paginate(Documents.pledgeSheet(groupName: "三社第一小组", sheet: sheet), format: .continuous).text
    }

    @Test func aSignedPledgeShowsBothDates() {
        let sheet = PledgeSheetInput(householdNumber: "0301", headName: "张三", signerName: "李秀英",
                                     pledgedOn: LocalDate("2026-03-15")!, signedOn: LocalDate("2026-03-18")!, items: ["按时参加小组活动"])
        let t = text(sheet)
        #expect(t.contains("承诺日期：2026年3月15日"), "\(t)")
        #expect(t.contains("签字日期：2026年3月18日"), "\(t)")
    }

    @Test func anUnsignedPledgeSaysSoAndABlankSheetLeavesBothToFillIn() {
        var sheet = PledgeSheetInput(householdNumber: "0301", headName: "张三", pledgedOn: LocalDate("2026-03-15")!,
                                     items: ["按时参加小组活动"])
        #expect(text(sheet).contains("签字日期：（未签字）"))
        sheet.pledgedOn = nil
        let blank = text(sheet)
        #expect(blank.contains("承诺日期：______年____月____日"))
        #expect(blank.contains("签字日期：______年____月____日"))
    }
}
