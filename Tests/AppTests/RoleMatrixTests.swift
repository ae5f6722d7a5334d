import ArgumentParser
import Domain
import Foundation
import Print
import Store
import Testing
@testable import App
import Bench

/// Every command of the command line, run by each role on the demo village:
/// allowed or refused exactly as the roles say (Domain/Access.swift).
@Suite(.serialized) struct RoleMatrixTests {
    /// Who may run a command.
    enum Rule: CustomStringConvertible {
        /// Village-wide records: administrator, clerk, township viewer.
        case readAll
        /// One honesty group's members, signatures and pledges: also its group leader.
        case readGroup
        /// Changes records: administrator and clerk.
        case write
        /// Full personal numbers (backups): administrator and clerk.
        case fullNumbers
        /// Users, settings, audit: the administrator only.
        case admin
        /// No record read or written (ID check, public village name): everyone.
        case anyone

        func allows(_ role: Role) -> Bool {
            switch self {
            case .readAll: role != .groupLeader
            case .readGroup: true
            case .write, .fullNumbers: role == .administrator || role == .clerk
            case .admin: role == .administrator
            case .anyone: true
            }
        }

        var description: String {
            switch self {
            case .readAll: "readAll"
            case .readGroup: "readGroup"
            case .write: "write"
            case .fullNumbers: "fullNumbers"
            case .admin: "admin"
            case .anyone: "anyone"
            }
        }
    }

    /// A group of the test's own in 二社 (the demo's groups are in 一社 and 三社).
    static let group = "二社互助组"
    static let member = "0201"

    /// Each command's arguments (valid on the demo village) and its rule.
    /// A new command without a row here fails the test.
    static let table: [String: (args: [String], rule: Rule)] = [
        "village show": ([], .anyone),
        "village set": (["--township", "示范镇"], .write),
        "village groups": ([], .readAll),
        "village add-group": (["9", "九社"], .write),
        "village key": (["-o", "@out/village.pub"], .admin),
        "exchange trust": (["@town", "--yes"], .admin),
        "exchange export": (["-o", "@out"], .write),
        "exchange import": (["@ack"], .write),
        "exchange status": ([], .anyone),
        "households list": ([], .readAll),
        "households show": ([member], .readAll),
        "households add": (["--number", "9901", "--group", "1", "--head", "杨光", "--sex", "男"], .write),
        "persons list": ([], .readAll),
        "persons add": (["--household", member, "--name", "曾小雨", "--sex", "女", "--relation", "子女"], .write),
        // 钱小多 entered twice in 0202 (makeDatabase): @keep and @merged are their numbers.
        "persons duplicates": ([], .readAll),
        "persons merge": (["@keep", "@merged"], .write),
        "persons not-duplicate": (["@keep", "1"], .write),
        "persons merges": ([], .readAll),
        "persons unmerge": (["1"], .write),
        "groups list": ([], .readAll),
        "groups show": ([group], .readGroup),
        "print archive": (["--group", group, "-o", "@out/archive.txt"], .readGroup),
        "print agreement": (["--group", group, "-o", "@out/agreement.txt"], .readGroup),
        "print pledge": (["--household", member, "-o", "@out/pledge.txt"], .readGroup),
        "print roster": (["--group", group, "-o", "@out/roster.txt"], .readGroup),
        // A member household's card, numbers masked for the leader; other households: see leaderOutsideTheGroup.
        "print card": (["--household", member, "-o", "@out/card.txt"], .readGroup),
        "print board": (["-o", "@out/board.txt"], .readAll),
        "report monthly": (["--month", "2026-10", "-o", "@out/monthly.txt"], .readAll),
        "report quarterly": (["--quarter", "2026Q3", "-o", "@out/quarterly.xlsx"], .readAll),
        "report yearly": (["--year", "2025", "-o", "@out/yearly.txt"], .readAll),
        "report dhis2": (["--period", "202610", "-o", "@out/dhis2.json"], .readAll),
        "check-id": (["11010519491231002X"], .anyone),
        // The catalogue holds no personal data; a leader needs it to read the group's pledges.
        "pledges items": ([], .readGroup),
        "pledges list": ([], .readAll),
        "pledges show": ([member], .readGroup),
        "pledges record": (["0202", "--items", "P01,P02", "--date", "2026-11-20"], .write),
        "pledges check": (["--round", "2025年第四季度", "--household", member, "--item", "P01", "--result", "kept"], .write),
        "pledges rounds": ([], .readAll),
        "pledges add-round": (["2026年第四季度", "--date", "2026-11-20"], .write),
        "pledges rate": ([], .readAll),
        "policies list": ([], .readAll),
        "fulfil due": (["0202", "--policy", "C-JTFH", "--due", "2026-12-01"], .write),
        "fulfil propose": (["--policy", "X1-JZ-F", "--due", "2026-12-01", "--yes"], .write),
        "fulfil record": ([member, "--policy", "C-JTFH", "--date", "2026-11-20", "--amount", "200", "--ref", "PZ-1", "--by", "会计"], .write),
        "fulfil ledger": ([member], .readAll),
        "fulfil summary": ([], .readAll),
        "fulfil overdue": ([], .readAll),
        "rectify list": ([], .readAll),
        "rectify step": (["2", "review", "--note", "小组评议属实"], .write),
        "calendar show": (["--month", "2026-11"], .readAll),
        "calendar entries": ([], .readAll),
        "calendar add": (["--code", "training", "--title", "季度培训", "--schedule", "quarterly"], .admin),
        "calendar set": (["survey", "--basis", "乡镇通知"], .admin),
        "calendar retire": (["phase-1"], .admin),
        // The demo leaves October's report (due 2026-11-05) unmarked.
        "calendar done": (["monthly-report", "--due", "2026-11-05"], .write),
        "settings show": ([], .anyone),
        "import households": (["@roster"], .write),
        "import persons": (["@families"], .write),
        "import history": ([], .readAll),
        "import undo": (["1"], .write),
        // Every list the role reads; members, the leader's own group, in ExportCommandTests.
        "export": (["households", "-o", "@out/households.xlsx"], .readAll),
        "settings set": (["printer", "PDF"], .admin),
        "users list": ([], .admin),
        "users add": (["newclerk", "--role", "clerk"], .admin),
        "users passwd": (["spare"], .admin),
        "users disable": (["spare"], .admin),
        "users enable": (["spare"], .admin),
        "verify": ([], .admin),
        "backup": (["--to", "@out/backup.sqlite"], .fullNumbers),
        "restore": (["@pristine"], .admin),
        "audit": (["--limit", "5"], .admin),
        "survey rounds": ([], .readAll),
        "survey add-round": (["--name", "2026年冬季自评", "--date", "2026-11-20", "--by", "selfAssessment"], .write),
        "survey answer": (["@newRound", member, "--aware", "yes", "--satisfaction", "satisfied"], .write),
        "survey result": (["1"], .readAll),
        "survey results": (["3"], .readAll),
        "survey items": (["3"], .readAll),
        "survey questionnaire": (["@emptyRound", "--threshold", "5"], .write),
        "survey add-item": (["@emptyRound", "--kind", "awareness", "--text", "村里有计生协会", "--right", "yes"], .write),
        "survey sample": (["@emptyRound", "--size", "10", "--seed", "7"], .write),
        "survey discuss": (["3", "--date", "2026-11-20", "--count", "6", "--points", "希望多开座谈会"], .write),
        "survey discussions": (["3"], .readAll),
        "stars evidence": ([], .readAll),
        "measures list": ([], .readAll),
        "measures finding": (["--date", "2026-11-20", "--text", "公开栏未更新", "--round", "3"], .write),
        "measures add": (["1", "--measure", "每月更新公开栏", "--owner", "村委会", "--deadline", "2026-12-31"], .write),
        "measures close": (["2", "--note", "已宣讲到户"], .write),
        "stars status": ([], .readAll),
        "stars review": (["--date", "2026-11-20", "--level", "1", "--passed", "--all-criteria", "--reviewer", "示范镇"], .write),
        "stars history": ([], .readAll),
        "stars criteria": ([], .readAll),
        "rules list": ([], .readAll),
        "rules add": (["--kind", "charter", "--title", "村规民约（修订）", "--adopted-on", "2026-11-01", "--adopted-by", "村民代表大会"], .write),
        "rules text": (["1", "--file", "@roster"], .write),
        "four-haves": ([], .readAll),
        "feedback list": ([], .readAll),
        "feedback add": (["--source", "visit", "--by", "王五", "--content", "路灯坏了", "--handler", "村计生专干", "--deadline", "2026-12-31"], .write),
        "feedback close": (["7", "--outcome", "已电话答复"], .write),
        "feedback void": (["6", "--reason", "重复登记"], .write),
        "stress-saves": (["--count", "1", "--prefix", "Z"], .write),
        // The demo's meetings: 1 is the village meeting of January, 2 a publicity day.
        "meetings list": ([], .readAll),
        "meetings add": (["--kind", "publicity", "--date", "2026-11-20", "--place", "村文化广场", "--led-by", "王芳",
                          "--topic", "冬季政策宣传"], .write),
        "meetings show": (["1"], .readAll),
        "meetings attend": (["1", "--household", member], .write),
        "meetings delete": (["2"], .write),
        "meetings restore": (["2"], .write),
        // The demo's helper takes a second woman, 孙小梅 of 0201 (makeDatabase).
        "pairs list": ([], .readAll),
        "pairs add": (["--helper", "@helper", "--woman", "\(member):孙小梅", "--from", "2026-11-20"], .write),
        "pairs end": (["1", "--on", "2026-11-20"], .write),
    ]

    /// Commands that touch no records of the database they are given.
    static let notRecordCommands: [String: String] = [
        "open": "the full-screen app: needs a terminal; its sign-in and screens are checked in-process",
        "demo": "builds its own demo database",
        "bench": "generates its own county database",
        "exchange restore": "rebuilds a new database that holds no records (refused on any other); at a township, an administrator's: ExchangeCommandTests",
        "township init": "makes a township database: ExchangeCommandTests",
        "township key": "a township database's: ExchangeCommandTests",
        "township add-village": "a township database's administrator, from a key file or --from-package: ExchangeCommandTests",
        "township villages": "a township database's readers: ExchangeCommandTests",
        "county init": "makes a county database: ExchangeCommandTests",
        "county key": "a county database's: ExchangeCommandTests",
        "county add-township": "a county database's administrator: ExchangeCommandTests",
        "county offices": "a county database's readers: ExchangeCommandTests",
    ]

    /// Every leaf command, as its words ("feedback close").
    static func leafCommands(_ command: any ParsableCommand.Type = ChengxinRootCommand.self, prefix: [String] = []) -> [String] {
        command.configuration.subcommands.flatMap { sub -> [String] in
            let words = prefix + [sub._commandName]
            if sub.configuration.subcommands.isEmpty { return [words.joined(separator: " ")] }
            return leafCommands(sub, prefix: words)
        }
    }

    static let password = "pass2026"

    /// Commands whose exit status 1 means "found something missing", not "refused".
    static let reportsByStatus: Set<String> = ["verify", "four-haves"]

    /// The demo village with a group of the test's own (二社互助组: households 0201 and 0202), and one user of each role.
    static func makeDatabase(_ path: String) throws -> (AppDatabase, survey: Int64) {
        let data = repoRoot.appendingPathComponent("Data")
        let db = try AppDatabase.open(path: path, passwordCost: testPasswordCost)
        try db.installDefaultTemplate(from: data.appendingPathComponent("agreement_template.txt"))
        try db.installDefaultCatalogues(dataDirectory: data)
        try db.installStarCriteria(from: data.appendingPathComponent("star_criteria.json"))
        try DemoVillage.build(into: db, specURL: data.appendingPathComponent("demo_village.json"))
        try db.createFirstAdministrator(username: "admin", displayName: "", password: password)
        let v = try db.village()!
        let g = try db.saveHonestyGroup(HonestyGroup(villageId: v.id!, villageGroupId: try db.villageGroups()[1].group.id!,
                                                     name: group, formedOn: LocalDate("2026-01-10")!))
        for number in [member, "0202"] {
            let h = try db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
            try db.addMember(groupId: g.id!, householdId: h.id, joinedOn: LocalDate("2026-01-10")!, ineligibleReason: "本人自愿参加")
        }
        try db.addUser(username: "clerk", displayName: "", role: .clerk, password: password)
        try db.addUser(username: "leader", displayName: "", role: .groupLeader, groupId: g.id!, password: password)
        try db.addUser(username: "viewer", displayName: "", role: .townshipViewer, password: password)
        try db.addUser(username: "spare", displayName: "", role: .clerk, password: password)
        // An agreement to print, and a benefit due to record a payment against.
        let template = try db.agreementTemplates(latestOnly: true)[0]
        try db.createAgreement(groupId: g.id!, templateId: template.id!, validFrom: LocalDate("2026-01-10")!,
                               validTo: LocalDate("2028-12-31")!, on: testToday)
        let h0101 = try db.householdRows(filter: member, villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        try db.addEntitlement(Entitlement(policyId: try db.policy(code: "C-JTFH")!.id!, householdId: h0101.id,
                                          dueOn: LocalDate("2026-11-01")!))
        // A person entered twice, for the duplicate commands.
        let h0202 = try db.householdRows(filter: "0202", villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 1)[0]
        for _ in 0..<2 {
            try db.savePerson(Person(householdId: h0202.id, name: "钱小多", sex: .male, birthDate: LocalDate("2001-01-01")!, relation: .child))
        }
        try db.savePerson(Person(householdId: h0101.id, name: "孙小梅", sex: .female, birthDate: LocalDate("1996-03-01")!,
                                 relation: .other))
        let round = try db.createSurveyRound(SurveyRound(name: "角色测试", heldOn: LocalDate("2026-11-01")!, conductor: .selfAssessment),
                                            on: testToday)
        // A round with no answers for the questionnaire and sample commands (@emptyRound).
        let empty = try db.createSurveyRound(SurveyRound(name: "角色测试问卷", heldOn: LocalDate("2026-11-02")!,
                                                         conductor: .selfAssessment), on: testToday)
        #expect(empty.id == round.id! + 1)
        return (db, round.id!)
    }

    @Test func everyCommandIsAllowedOrRefusedAsTheRolesSay() throws {
        let leaves = Self.leafCommands()
        let missing = leaves.filter { Self.table[$0] == nil && Self.notRecordCommands[$0] == nil }
        #expect(missing.isEmpty, "commands without a row in the role table: \(missing)")
        let stale = Self.table.keys.filter { !leaves.contains($0) }
        #expect(stale.isEmpty, "rows for commands that no longer exist: \(stale)")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pristine = dir.appendingPathComponent("pristine.sqlite").path
        let (db, survey) = try Self.makeDatabase(pristine)
        let twice = try db.personRows(filter: "钱小多", offset: 0, limit: 2).map { String($0.id) }
        let helper = String(try #require(try db.pairings().first).pairing.helperId)
        // The village has keys and trusts a township, which has taken its first package and
        // acknowledged it (@ack): every role's copy can export and import.
        let town = try AppDatabase.open(path: dir.appendingPathComponent("town.sqlite").path, passwordCost: testPasswordCost)
        let townKey = try town.initOffice(kind: .township, code: "990101100000", name: "示范镇")
        let townKeyFile = dir.appendingPathComponent("town.pub").path
        try townKey.fileText.write(toFile: townKeyFile, atomically: true, encoding: .utf8)
        let village = try db.village()!
        try town.addMember(try db.makeOfficeKeys(kind: .village, code: village.code, name: village.name))
        try db.trustUpstream(townKey)
        let stick = dir.appendingPathComponent("stick").path
        try FileManager.default.createDirectory(atPath: stick, withIntermediateDirectories: true)
        let first = try db.writeVillagePackage(into: stick, today: testToday)
        _ = try town.importUpPackage(try Data(contentsOf: URL(fileURLWithPath: first.path)), fileName: "1.cxp", today: testToday)
        let ack = try #require(try town.writeDownPackages(into: stick, today: testToday).first).path
        // One copy of the database per role, so each role meets the same records.
        var copies: [Role: String] = [:]
        for role in Role.allCases {
            let path = dir.appendingPathComponent("\(role.rawValue)/db.sqlite").path
            try db.backup(to: path)
            copies[role] = path
        }
        let backupOfPristine = dir.appendingPathComponent("pristine-backup.sqlite").path
        // A one-household roster file for the import.
        let roster = dir.appendingPathComponent("roster.csv").path
        try "户号,社,地址,户主姓名,性别,身份证号,电话\n0999,一社,星光村一社99号,钱多多,男,,\n"
            .write(toFile: roster, atomically: true, encoding: .utf8)
        // A one-family roster for the persons import (undone again by `import undo 1`).
        let families = dir.appendingPathComponent("families.csv").path
        try "户编号,社,姓名,与户主关系,性别,出生日期\n0998,一社,钱多多,户主,男,1970-01-01\n0998,一社,孙小美,配偶,女,1972-02-02\n"
            .write(toFile: families, atomically: true, encoding: .utf8)
        try db.backup(to: backupOfPristine)
        let users: [Role: String] = [.administrator: "admin", .clerk: "clerk", .groupLeader: "leader", .townshipViewer: "viewer"]

        // restore replaces the database: last.
        let order = leaves.filter { Self.table[$0] != nil }.sorted { a, b in (a == "restore" ? 1 : 0) < (b == "restore" ? 1 : 0) }
        var summary: [String] = []
        for role in Role.allCases {
            let path = copies[role]!
            let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out").path
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var allowed = 0, refused = 0
            for name in order {
                let (rawArgs, rule) = Self.table[name]!
                let args = name.split(separator: " ").map(String.init) + rawArgs.map { a in
                    a.replacingOccurrences(of: "@out", with: out)
                        .replacingOccurrences(of: "@pristine", with: backupOfPristine)
                        .replacingOccurrences(of: "@newRound", with: String(survey))
                        .replacingOccurrences(of: "@emptyRound", with: String(survey + 1))
                        .replacingOccurrences(of: "@roster", with: roster)
                        .replacingOccurrences(of: "@town", with: townKeyFile).replacingOccurrences(of: "@ack", with: ack)
                        .replacingOccurrences(of: "@families", with: families)
                        .replacingOccurrences(of: "@helper", with: helper)
                        .replacingOccurrences(of: "@keep", with: twice[0]).replacingOccurrences(of: "@merged", with: twice[1])
                }
                var env = ProcessInfo.processInfo.environment
                env["CHENGXIN_DB"] = path
                env["CHENGXIN_LANG"] = "zh"
                env["CHENGXIN_USER"] = users[role]!
                env["CHENGXIN_PASSWORD"] = Self.password
                env["CHENGXIN_NEW_PASSWORD"] = "next2026"
                env["CHENGXIN_TODAY"] = "2026-11-25"
                env["CHENGXIN_PRINTER"] = nil
                let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
                let text = r.text
                let refusal = r.status == 1 && (text.contains("无权") || text.contains("只有管理员") || text.contains("请先登录"))
                let expected = rule.allows(role)
                // verify and four-haves report what they found by their exit status.
                let ran = r.status == 0 || (Self.reportsByStatus.contains(name) && r.status == 1 && !refusal && !text.isEmpty)
                if expected {
                    #expect(ran, "\(role.rawValue) should be allowed `\(name)` (\(rule)): status \(r.status): \(text.prefix(300))")
                    if ran { allowed += 1 }
                } else {
                    #expect(refusal, "\(role.rawValue) should be refused `\(name)` (\(rule)): status \(r.status): \(text.prefix(300))")
                    if refusal { refused += 1 }
                }
            }
            summary.append("\(role.rawValue): \(allowed) allowed, \(refused) refused")
            // Refused commands changed nothing: the audit chain and every row still check out.
            let check = try AppDatabase.open(path: path, passwordCost: testPasswordCost)
            try check.signIn(username: "admin", password: Self.password)
            #expect(try check.verify().isClean, "\(role.rawValue): verify after the commands")
        }
        // The leader, on households outside the group: refused.
        for args in [["print", "card", "--household", "0401", "-o", dir.appendingPathComponent("x.txt").path],
                     ["pledges", "show", "0401"], ["print", "pledge", "--household", "0401", "-o", dir.appendingPathComponent("y.txt").path],
                     ["fulfil", "ledger", "0101"], ["households", "show", "0101"]] {
            var env = ProcessInfo.processInfo.environment
            env["CHENGXIN_DB"] = copies[.groupLeader]!
            env["CHENGXIN_LANG"] = "zh"
            env["CHENGXIN_USER"] = "leader"
            env["CHENGXIN_PASSWORD"] = Self.password
            let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
            #expect(r.status == 1 && (r.text.contains("无权") || r.text.contains("不在您的小组")),
                    "leader: \(args.prefix(3)): status \(r.status): \(r.text.prefix(200))")
        }
        print("role matrix over \(order.count) commands: " + summary.joined(separator: "; "))
    }
}
