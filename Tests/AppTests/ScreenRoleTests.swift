import Domain
import Foundation
import Store
import Testing
import UICore
@testable import App

/// The roles on the screens, in-process: a township viewer's saves are refused
/// with the reason and keep what was typed; a group leader lands on their
/// group and village-wide lists show them nothing.
@Suite struct ScreenRoleTests {
    /// The fixture village with a group (一社互助组: household 0101) and a user of each role.
    static func database() throws -> (AppDatabase, HonestyGroup) {
        let db = try makeFixtureDatabase()
        let v = try db.village()!
        let g = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[0].group.id!,
                                                     name: "一社互助组", formedOn: LocalDate("2026-01-10")!))
        let h = try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        try db.addMember(groupId: g.id!, householdId: h.id, joinedOn: LocalDate("2026-01-10")!)
        try db.createFirstAdministrator(username: "admin", displayName: "", password: "admin2026")
        try db.addUser(username: "town", displayName: "", role: .townshipViewer, password: "town2026")
        try db.addUser(username: "zu", displayName: "", role: .groupLeader, groupId: g.id!, password: "lead2026")
        db.signOut()
        return (db, g)
    }

    static let refused = "您的账户无权进行此操作"

    @Test func aViewersSavesAreRefusedOnEveryMainForm() throws {
        let (db, _) = try Self.database()
        try db.signIn(username: "town", password: "town2026")
        let model = try makeModel(db)
        let before = try db.counts()
        let village = try db.village()!
        let forms: [(String, FormScreen, String)] = [
            ("village", VillageFormScreen(model.context, village: village), "township"),
            ("household", HouseholdFormScreen(model.context, village: village, household: nil), "address"),
            ("person", PersonFormScreen(model.context, person: try db.members(householdId: try db.householdRows(
                filter: "0101", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0].id)[0]), "whereabouts"),
            ("honesty group", HonestyGroupFormScreen(model.context, village: village, group: nil), "name"),
            ("pledge item", PledgeItemFormScreen(model.context, item: PledgeItem(code: "Q9", text: "", sortOrder: 9)), "text"),
            ("feedback", FeedbackFormScreen(model.context, entry: nil), "content"),
        ]
        for (name, form, key) in forms {
            model.apply(.push(form))
            form.form.focus(key: key)
            model.type("观察员输入")
            // The form only shows the record: nothing typed goes in, and F2 is refused at once.
            #expect(!form.form.value(key).contains("观察员输入"), "\(name): the form is read only")
            model.press(.function(2))
            #expect(model.screenText.contains("无权使用“保存”"), "\(name): \(model.screenText)")
            model.apply(.popDiscarding)
        }
        let after = try db.counts()
        #expect(after.households == before.households && after.persons == before.persons)
        // The main menu still opens the lists to read.
        model.press(.char("3"))
        #expect(model.screenText.contains("王建国"))
        #expect(!model.screenText.contains(Self.refused))
    }

    @Test func aLeaderLandsOnTheirGroupAndSeesNoVillageWideList() throws {
        let (db, _) = try Self.database()
        try db.signIn(username: "zu", password: "lead2026")
        let model = try makeModel(db)
        #expect(model.screenText.contains("一社互助组"))
        #expect(model.screenText.contains("0101"))
        #expect(!model.screenText.contains("0201"), "a household outside the group")
        model.press(.function(10))
        #expect(!model.screenText.contains("户卡管理"), "no main menu for a group leader")
        let c = model.context
        let village = try db.village()!
        let lists: [(String, any Screen)] = [
            ("households", HouseholdListScreen(c, village: village)), ("persons", PersonSearchScreen(c)),
            ("groups", HonestyGroupListScreen(c, village: village)), ("pledges", PledgeListScreen(c)),
            ("feedback", FeedbackListScreen(c)), ("users", UserListScreen(c)), ("audit", AuditListScreen(c)),
        ]
        for (name, screen) in lists {
            model.apply(.push(screen))
            let text = model.screenText
            for outside in ["王建国", "0201", "阿依古丽"] {
                #expect(!text.contains(outside), "\(name) shows \(outside) to a group leader:\n\(text)")
            }
            model.apply(.popDiscarding)
        }
        // And the store itself refuses them.
        #expect(throws: StoreError.self) { try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 10) }
        #expect(throws: StoreError.self) { try db.feedbackEntries(filter: .all) }
        #expect(throws: StoreError.self) { try db.honestyGroups() }
        let outside = try { () throws -> Int64 in
            db.signOut()
            try db.signIn(username: "admin", password: "admin2026")
            defer { db.signOut() }
            return try db.householdRows(filter: "0201", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0].id
        }()
        try db.signIn(username: "zu", password: "lead2026")
        #expect(throws: StoreError.self) { try db.members(householdId: outside) }
        #expect(throws: StoreError.self) { try db.household(id: outside) }
        #expect(throws: StoreError.self) { try db.pledgeHistory(householdId: outside) }
    }
}
