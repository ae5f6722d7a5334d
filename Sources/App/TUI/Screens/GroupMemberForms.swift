import Domain
import Store
import UICore

final class MemberJoinFormScreen: FormScreen {
    let group: HonestyGroup
    let candidate: MemberCandidate

    init(_ context: AppContext, group: HonestyGroup, candidate: MemberCandidate) {
        self.group = group
        self.candidate = candidate
        super.init(context, spec: "group_member_join", values: ["joinedOn": context.today.description, "ineligibleReason": ""])
        fieldAliases = ["reason": "ineligibleReason"]
    }

    override var title: String { "\(spec.title.text(context.language)) · \(candidate.householdNumber) \(candidate.headName)" }

    override func save() throws -> Action {
        let joined = LocalDate(text("joinedOn")) ?? context.today
        try context.db.addMember(groupId: group.id ?? 0, householdId: candidate.householdId, joinedOn: joined,
                                 ineligibleReason: text("ineligibleReason"))
        form.markClean()
        return .sequence([.popDiscarding, .popDiscarding,
                          .message(Message(context.t(Localized("\(candidate.headName) 户已加入小组", "Household \(candidate.householdNumber) joined"))))])
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        super.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 2))
        let style = Style(candidate.eligibility.isEligible ? .message : .error)
        grid.put(candidate.eligibility.reason.text(context.language), x: rect.x + 2, y: rect.y + rect.height - 1,
                 maxWidth: rect.width - 4, style: style)
    }
}

final class MemberLeaveFormScreen: FormScreen {
    let member: GroupMemberRow

    init(_ context: AppContext, member: GroupMemberRow) {
        self.member = member
        super.init(context, spec: "group_member_leave", values: ["leftOn": context.today.description, "leftReason": ""])
        fieldAliases = ["reason": "leftReason"]
    }

    override var title: String { "\(spec.title.text(context.language)) · \(member.householdNumber) \(member.headName)" }

    override func save() throws -> Action {
        try context.db.removeMember(membershipId: member.membershipId, leftOn: LocalDate(text("leftOn")) ?? context.today,
                                    reason: text("leftReason"))
        return savedAndBack()
    }
}
