import ArgumentParser
import Domain
import Foundation
import Store
import UICore

struct GroupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "groups",
        abstract: helpText("列出诚信计生小组，打印小组成员名单。", "List honesty groups (诚信计生小组) and print a group's member list."),
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("按社列出诚信计生小组。", "List the honesty groups by 社."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let l = options.language
            let en = l == .en
            let rows = try db.honestyGroups().map { g in
                [String(g.group.id ?? 0), g.villageGroupName, g.group.name, String(g.memberCount), g.leaderName ?? "",
                 g.agreementState?.label.text(l) ?? (en ? "none" : "无"), g.agreementValidTo?.description ?? ""]
            }
            print(alignedTable([en ? "ID" : "编号", "社", en ? "Group" : "小组", en ? "Households" : "户数",
                                en ? "Leader" : "组长", en ? "Agreement" : "协议", en ? "Valid to" : "有效期至"],
                               rows, rightAligned: [0, 3]))
        }
    }

    /// The one-page member list a group leader reviews and files.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("显示一个小组：组长、协议书和成员（GROUP = 编号或名称）。", "Show one group: leader, agreement and members (GROUP = id or name)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("小组的编号或完整名称。", en: "The group's id or exact name.")) var group: String
        @Flag(help: .zh("包括已退出小组的户。", en: "Include households that left the group.")) var all = false

        func run() throws {
            let db = try options.openDatabase()
            let village = try requireVillage(db, options.language)
            let l = options.language
            let en = l == .en
            guard let g = try db.findHonestyGroup(group) else {
                throw UserError(en ? "No honesty group \(group)." : "没有编号或名称为 \(group) 的诚信计生小组。")
            }
            let summary = try db.honestyGroupSummary(id: g.id ?? 0)
            let today = LocalDate.today()
            print("\(village.name) \(summary?.villageGroupName ?? "") \(g.name)")
            let elections = try db.elections(groupId: g.id ?? 0)
            if let e = elections.first {
                let flag = e.electedIsAssociationMember ? (en ? " (association member)" : "（协会会员）") : ""
                print((en ? "Leader: " : "组长：") + e.electedName + flag + (en ? ", elected \(e.heldOn)" : "，\(e.heldOn) 当选"))
            } else {
                print(en ? "Leader: not elected" : "组长：未选举")
            }
            if let a = try db.agreements(groupId: g.id ?? 0).first {
                print((en ? "Agreement: version \(a.version) " : "协议：第\(a.version)版 ") + a.effectiveState(on: today).label.text(l)
                      + " \(a.validFrom) — \(a.validTo)")
            } else {
                print(en ? "Agreement: none" : "协议：无")
            }
            print("")
            let members = try db.groupMembers(groupId: g.id ?? 0, includeLeft: all)
            var header = [en ? "No." : "户编号", en ? "Couple" : "夫妻", en ? "Phone" : "电话", en ? "Signature" : "签字",
                          en ? "Joined" : "入组日期"]
            if all { header.append(en ? "Left" : "退出日期") }
            print(alignedTable(header, members.map { m in
                var row = [m.householdNumber, m.coupleNames, maskedPhone(m.phone),
                           m.signatureKind?.label.text(l) ?? "—", m.joinedOn.description]
                if all { row.append(m.leftOn.map { "\($0) \(m.leftReason)" } ?? "") }
                return row
            }))
            print("")
            print(en ? "\(members.filter { $0.leftOn == nil }.count) member households" : "共 \(members.filter { $0.leftOn == nil }.count) 户")
        }
    }
}
