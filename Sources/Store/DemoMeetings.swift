import Domain
import Foundation
import GRDB

extension DemoVillage {
    /// The demo village's meetings and field work of 2026, through the store's own rules: the
    /// village meeting that revised the village rules, three publicity days, a training, a
    /// 社员会议 of 一社第一小组 attended by its member households, a home visit to two households
    /// of 三社, and one association member's 帮带 of a woman of childbearing age.
    static func addDemoMeetings(to db: AppDatabase) throws {
        let asOf = assessmentAsOf
        func day(_ s: String) -> LocalDate { LocalDate(s)! }
        let shes = try db.villageGroups().map(\.group).sorted { $0.number < $1.number }
        let groups = try db.honestyGroups(on: asOf).map(\.group)
        guard shes.count >= 3, let first = groups.first(where: { $0.name == "一社第一小组" }) else { return }
        let plans: [Meeting] = [
            Meeting(kind: .villagerMeeting, heldOn: day("2026-01-15"), place: "村委会议室", ledBy: "李明",
                    topic: "修订村规民约", outcome: "表决通过《星光村村规民约（2026年修订）》", attachments: "会议记录2026-01号"),
            Meeting(kind: .publicity, heldOn: day("2026-03-08"), place: "村文化广场", ledBy: "王芳",
                    topic: "三八妇女节计生政策宣传", outcome: "发放宣传资料300份", attachments: "照片6张"),
            Meeting(kind: .training, heldOn: day("2026-04-20"), place: "村委会议室", ledBy: "镇计生办",
                    topic: "诚信计生小组长业务培训"),
            Meeting(kind: .memberMeeting, heldOn: day("2026-05-12"), place: "一社村民会议室", ledBy: "李明",
                    topic: "通报一季度履诺检查情况", outcome: "各户守信，无失信事项", villageGroupId: shes[0].id,
                    honestyGroupId: first.id),
            Meeting(kind: .publicity, heldOn: day("2026-06-10"), place: "村卫生室", ledBy: "王芳",
                    topic: "婚育新风进万家", outcome: "咨询群众80余人次"),
            Meeting(kind: .publicity, heldOn: day("2026-09-20"), place: "村文化广场", ledBy: "王芳",
                    topic: "奖励扶助政策进万家", outcome: "发放政策明白纸200份"),
            Meeting(kind: .homeVisit, heldOn: day("2026-10-08"), place: "三社", ledBy: "王芳",
                    topic: "走访独女户，宣传大病救助政策", outcome: "两户已知晓办理流程", villageGroupId: shes[2].id),
        ]
        for plan in plans {
            let m = try db.saveMeeting(plan, on: asOf)
            switch m.kind {
            case .memberMeeting:
                for member in try db.groupMembers(groupId: first.id!) {
                    try db.addAttendee(meetingId: m.id!, householdId: member.householdId)
                    if let head = try db.household(id: member.householdId)?.headPersonId {
                        try db.addAttendee(meetingId: m.id!, householdId: member.householdId, personId: head)
                    }
                }
            case .homeVisit:
                let households = try db.householdRows(filter: "", villageGroupId: shes[2].id, sort: .number, ascending: true,
                                                      offset: 0, limit: 2)
                for h in households { try db.addAttendee(meetingId: m.id!, householdId: h.id) }
            default: break
            }
        }
        // 帮带: the first association member of 一社 with the first woman of childbearing age of another household.
        let persons = try db.dbWriter.read { d in
            try Person.fetchAll(d, sql: """
                SELECT p.* FROM person p JOIN household h ON h.id = p.household_id
                WHERE h.village_group_id = ? AND p.left_on IS NULL ORDER BY h.number, p.id
                """, arguments: [shes[0].id])
        }
        let start = day("2026-02-01")
        guard let helper = persons.first(where: { $0.isAssociationMember && $0.sex == .female }),
              let woman = persons.first(where: { p in
                  p.sex == .female && p.householdId != helper.householdId && !p.isAssociationMember
                      && p.birthDate.map { MeetingRules.childbearingAges.contains($0.age(on: start)) } == true
              }) else { return }
        try db.savePairing(MentorPairing(helperId: helper.id!, womanId: woman.id!, startedOn: start, note: "平时宣传，季度督促"),
                           on: asOf)
    }
}
