import Domain
import Foundation
import Print
import Store
import Testing

/// The command line fed the same hostile text as raw argument bytes (invalid
/// UTF-8 included, through `sh` and `printf`): every command ends with status
/// 0 or 1 (never a crash), a saved value reads back as it was sent, a refusal
/// says why on standard error, and the audit check stays clean. Bytes that are
/// not UTF-8 are refused before anything runs (status 64), never stored as U+FFFD.
@Suite(.serialized) struct NaughtyCLITests {
    /// A database file with 星光村, 一社, household 0101 and the administrator (cheap password cost).
    static func makeDatabase() throws -> (String, AppDatabase) {
        let path = temporaryDatabase()
        let db = try AppDatabase.open(path: path, passwordCost: testPasswordCost)
        let v = try db.saveVillage(Village(name: "星光村"))
        let g = try db.saveVillageGroup(VillageGroup(villageId: v.id!, number: 1, name: "一社"))
        try db.createHousehold(Household(villageId: v.id!, villageGroupId: g.id!, number: "0101"),
                               head: Person(householdId: 0, name: "张三", sex: .male, relation: .head))
        try db.createFirstAdministrator(username: testAdmin.username, displayName: "", password: testAdmin.password)
        return (path, db)
    }

    /// Runs the binary with `args` plus one last argument `prefix + bytes`, the bytes passed untouched.
    static func run(_ args: [String], last prefix: String, bytes: [UInt8], db: String) throws -> (status: Int32, output: String) {
        let escaped = bytes.filter { $0 != 0 }.map { "\\" + String($0, radix: 8).leftPadded(3) }.joined()
        // $(…) drops trailing newlines: a sentinel x keeps them.
        let script = #"v="$(printf "$1"; printf x)"; v="${v%x}"; p="$2"; shift 2; exec "$@" "$p$v""#
        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = db
        env["CHENGXIN_LANG"] = "zh"
        env["CHENGXIN_USER"] = testAdmin.username
        env["CHENGXIN_PASSWORD"] = testAdmin.password
        env["LANG"] = "C.UTF-8"
        let r = try ChildProcess.run(["/bin/sh", "-c", script, "sh", escaped, prefix, chengxinBinary] + args, environment: env)
        return (r.status, r.text)
    }

    static var inputs: [(String, [UInt8])] {
        Kuhn.cases.map { ("kuhn \($0.label)", $0.quoted) }
            + Naughty.strings.enumerated().map { ("naughty #\($0.offset)", Array($0.element.utf8)) }
    }

    /// What the program reads from the bytes (NUL cannot pass); nil when they are not UTF-8.
    static func decoded(_ bytes: [UInt8]) -> String? { String(validating: bytes.filter { $0 != 0 }, as: UTF8.self) }

    @Test func addAndSetCommandsTakeHostileArguments() throws {
        let (path, db) = try Self.makeDatabase()
        try db.signIn(username: testAdmin.username, password: testAdmin.password)
        let inputs = Self.inputs
        var saved = 0, refused = 0, invalid = 0

        func check(_ label: String, _ r: (status: Int32, output: String), readBack: () throws -> String?,
                   expected: String?, sourceLocation: SourceLocation = #_sourceLocation) throws {
            guard let expected else {
                invalid += 1
                #expect(r.status == 64 && r.output.contains("不是 UTF-8 编码的字节") && r.output.contains("未执行任何操作"),
                        "\(label): status \(r.status): \(r.output)", sourceLocation: sourceLocation)
                // Nothing ran: the household with the new number does not exist.
                if label.hasPrefix("households add") {
                    #expect(try readBack() == nil, "\(label): stored", sourceLocation: sourceLocation)
                }
                return
            }
            #expect(r.status == 0 || r.status == 1, "\(label): status \(r.status): \(r.output)", sourceLocation: sourceLocation)
            if r.status == 0 {
                saved += 1
                let back = try readBack()
                #expect(NaughtyInputTests.kept("", expected).contains(back ?? "<missing>"),
                        "\(label): sent \(expected.debugDescription), stored \(String(describing: back).debugDescription)",
                        sourceLocation: sourceLocation)
            } else {
                refused += 1
                #expect(!r.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(label): refused silently",
                        sourceLocation: sourceLocation)
            }
        }

        for (i, (label, bytes)) in inputs.enumerated() {
            let expected = Self.decoded(bytes)
            // An argument cannot hold NUL: NUL alone leaves nothing to send.
            if expected?.isEmpty == true || bytes.allSatisfy({ $0 == 0 }) { continue }
            // Every input as a household's address.
            let number = "N\(i)"
            let r = try Self.run(["households", "add", "--number", number, "--group", "1", "--head", "李四", "--sex", "男"],
                                 last: "--address=", bytes: bytes, db: path)
            try check("households add --address \(label)", r, readBack: {
                try db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true, offset: 0, limit: 5)
                    .first { $0.number == number }?.address
            }, expected: expected)
            // Every third one as the township, another third as feedback content, the last third as a meeting's
            // topic or a calendar entry's basis (one each in turn), every sixth as a person's name.
            if i % 3 == 0 {
                let r = try Self.run(["village", "set"], last: "--township=", bytes: bytes, db: path)
                try check("village set --township \(label)", r, readBack: { try db.village()?.township }, expected: expected)
            } else if i % 3 == 1 {
                let before = try db.feedbackEntries(filter: .all).compactMap(\.id).max() ?? 0
                let r = try Self.run(["feedback", "add", "--source", "visit", "--by", "王五", "--handler", "李明", "--deadline", "2026-12-31"],
                                     last: "--content=", bytes: bytes, db: path)
                try check("feedback add --content \(label)", r, readBack: {
                    try db.feedbackEntries(filter: .all).filter { ($0.id ?? 0) > before }.first?.content
                }, expected: expected)
            } else {
                if i % 6 == 2 {
                    // And the rest as a meeting's topic.
                    let before = try db.meetings().compactMap(\.meeting.id).max() ?? 0
                    let r = try Self.run(["meetings", "add", "--kind", "publicity", "--place", "村文化广场", "--led-by", "王芳"],
                                         last: "--topic=", bytes: bytes, db: path)
                    try check("meetings add --topic \(label)", r, readBack: {
                        try db.meetings().first { ($0.meeting.id ?? 0) > before }?.meeting.topic
                    }, expected: expected)
                } else {
                    // The last third as the basis of a calendar entry.
                    let r = try Self.run(["calendar", "set", "survey"], last: "--basis=", bytes: bytes, db: path)
                    try check("calendar set --basis \(label)", r, readBack: { try db.calendarEntry(code: "survey")?.basis },
                              expected: expected)
                }
            }
            if i % 6 == 2 {
                let hid = try db.householdRows(filter: "0101", villageGroupId: nil, sort: .number, ascending: true,
                                               offset: 0, limit: 1)[0].id
                let before = Set(try db.members(householdId: hid).compactMap(\.id))
                let r = try Self.run(["persons", "add", "--household", "0101", "--sex", "女", "--relation", "子女"],
                                     last: "--name=", bytes: bytes, db: path)
                try check("persons add --name \(label)", r, readBack: {
                    try db.members(householdId: hid).first { !before.contains($0.id ?? 0) }?.name
                }, expected: expected)
            }
        }
        #expect(saved > 0 && refused > 0 && invalid > 0, "saved \(saved), refused \(refused), not UTF-8 \(invalid)")
        print("hostile arguments: \(inputs.count) inputs, \(saved) saved and read back, \(refused) refused with a message, "
              + "\(invalid) not UTF-8 and refused before running")
        let report = try db.verify()
        #expect(report.isClean, "\(report.rowsOutOfStep) \(report.integrity)")
        // The lists still print.
        for args in [["households", "list"], ["persons", "list"], ["feedback", "list"], ["village", "show"]] {
            let r = try runCLI(args, db: path)
            #expect(r.status == 0, "\(args): \(r.output)")
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
