import Domain
import Foundation

extension DemoVillage {
    /// Honesty groups for the demo village, through the store's own rules:
    /// two groups in 一社 with an elected leader and an agreement in force,
    /// and one in 三社 whose agreement is still being signed. Deterministic.
    static func addDemoGroups(to db: AppDatabase, today: LocalDate) throws {
        guard let village = try db.village() else { return }
        let shes = try db.villageGroups().map(\.group).sorted { $0.number < $1.number }
        guard shes.count >= 3 else { return }
        let template = try db.agreementTemplates().first
        let formed = today.addingDays(-300)
        let plans: [(she: VillageGroup, name: String, size: Int, complete: Bool)] = [
            (shes[0], "一社第一小组", 6, true), (shes[0], "一社第二小组", 6, true), (shes[2], "三社互助小组", 5, false),
        ]
        for plan in plans {
            let group = try db.saveHonestyGroup(HonestyGroup(villageId: village.id!, villageGroupId: plan.she.id!,
                                                             name: plan.name, formedOn: formed))
            let eligible = try db.memberCandidates(groupId: group.id!, on: formed)
                .filter { $0.eligibility.isEligible && $0.currentGroupName == nil }
                .sorted { $0.householdNumber < $1.householdNumber }
            for c in eligible.prefix(plan.size) {
                try db.addMember(groupId: group.id!, householdId: c.householdId, joinedOn: formed)
            }
            let people = try db.leaderCandidates(groupId: group.id!, on: formed.addingDays(4))
            guard let leader = people.first(where: { $0.sex == .female && $0.isAssociationMember })
                    ?? people.first(where: { $0.sex == .female }) ?? people.first else { continue }
            let others = people.filter { $0.id != leader.id }.prefix(2)
            try db.recordElection(groupId: group.id!, heldOn: formed.addingDays(4), place: plan.she.name + "村民会议室",
                                  presidedBy: "李明",
                                  candidates: [(personId: leader.id!, votes: plan.size + 3)]
                                      + others.enumerated().map { (personId: $1.id!, votes: $0 + 1) },
                                  electedPersonId: leader.id!)
            guard let template else { continue }
            let agreement = try db.createAgreement(groupId: group.id!, templateId: template.id!,
                                                   validFrom: formed.addingDays(7), validTo: formed.addingDays(7 + 3 * 365),
                                                   on: formed.addingDays(6))
            try db.startSigning(agreementId: agreement.id!, on: formed.addingDays(7))
            let signatures = try db.signatures(agreementId: agreement.id!)
            for (i, s) in signatures.enumerated() {
                // The last household of an incomplete group has not signed yet.
                if !plan.complete && i == signatures.count - 1 { break }
                var sig = s.signature
                sig.kind = i == 2 ? .thumbprint : .inPerson
                sig.signedOn = formed.addingDays(8 + i % 3)
                try db.recordSignature(sig, on: formed.addingDays(12))
            }
            if plan.complete {
                try db.recordCommitteeSignature(agreementId: agreement.id!, signer: "李明", on: formed.addingDays(12))
            }
        }
    }
}
