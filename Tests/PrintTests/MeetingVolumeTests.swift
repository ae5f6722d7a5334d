import Domain
import Foundation
import Testing
@testable import Print

/// The meetings that concern a group in its volume: one filed item each, in date order after
/// the pledges, listed in the contents with its pages, and counted on the remarks sheet.
@Suite struct MeetingVolumeTests {
    @Test func eachMeetingIsAFiledItemInTheContentsWithItsPages() throws {
        var input = sampleVolume(households: 3)
        input.meetings = [
            MeetingInput(heldOn: LocalDate("2026-03-08")!, kind: "宣传", place: "村文化广场", ledBy: "王芳",
                         topic: "三八妇女节计生政策宣传", outcome: "发放资料300份", attachments: "照片6张",
                         attendees: ["0301 张三户：张三、李秀英"]),
            MeetingInput(heldOn: LocalDate("2026-05-12")!, kind: "社员会议", place: "一社会议室", ledBy: "李明",
                         topic: "通报履诺检查"),
        ]
        let laid = ArchiveVolume.layout(input)
        let pages = LaidOutDocument.splitPages(laid.text)
        let rows = contentsRows(pages)
        // Roster, election, agreement, signature sheet, 3 pledges, 2 meetings, fulfilment, assessment.
        #expect(rows.count == 6 + 3 + 2)
        let titles = rows.map { $0[3] }
        let first = try #require(titles.firstIndex(of: "宣传记录：三八妇女节计生政策宣传"))
        #expect(titles[first + 1] == "社员会议记录：通报履诺检查" && titles[first + 2] == "奖励优惠兑现记录", "\(titles)")
        #expect(rows[first][2] == "王芳" && rows[first][4] == "20260308")
        let byNumber = Dictionary(uniqueKeysWithValues: pages.compactMap { p in footerNumber(p).map { ($0, p) } })
        let start = try #require(Int(rows[first][5].split(separator: "-")[0]))
        let page = try #require(byNumber[start]).joined(separator: "\n")
        #expect(page.contains("会议与活动记录") && page.contains("主题：三八妇女节计生政策宣传") && page.contains("附件：照片6张"))
        #expect(page.contains("参加人员（1户）") && page.contains("0301 张三户：张三、李秀英"))
        let second = try #require(byNumber[Int(rows[first + 1][5].split(separator: "-")[0])!]).joined(separator: "\n")
        #expect(second.contains("参加人员（0户）") && second.contains("无"))
        #expect(pages.last!.joined().contains("会议与活动记录2份"))
    }

    @Test func aVolumeWithoutMeetingsIsAsBefore() {
        let before = ArchiveVolume.layout(sampleVolume()).text
        var input = sampleVolume()
        input.meetings = []
        #expect(ArchiveVolume.layout(input).text == before)
        #expect(!before.contains("会议与活动记录"))
    }
}
