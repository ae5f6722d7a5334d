import Bench
import Domain
import Foundation
import Print
import Store
import Testing

/// The real binary killed with SIGKILL while a township imports a village's packages (the
/// first, full one and two incremental ones), at a random moment each round: afterwards both
/// the township's database and its copy of the village pass `chengxin verify`, each package is
/// wholly in the copy or wholly out (the copy's audit head and rows are the village's as of the
/// last package it holds), and importing again completes.
@Suite(.serialized) struct ExchangeCrashTests {
    static let rounds = 20
    /// A village of about 1,200 persons: its full package takes a good part of a second to import.
    static let households = 300
    static let code = "990101100201"

    @Test func killedWhileImportingEachPackageIsWhollyInOrOut() throws {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: temporaryDatabase()).deletingLastPathComponent().path
        let up = dir + "/up"
        let down = dir + "/down"
        for d in [up, down] { try fm.createDirectory(atPath: d, withIntermediateDirectories: true) }

        // The township as it is before any import (kept as a copy), and the village.
        let setup = try ExchangeFixtures.makeOffice(path: dir + "/setup.sqlite", code: "990101100000", name: "示范镇")
        let villagePath = dir + "/village.sqlite"
        let (village, key) = try ExchangeFixtures.makeVillage(path: villagePath, code: Self.code, households: Self.households,
                                                              seed: 14, upstream: try #require(try setup.ownKey()))
        try setup.addMember(key)
        let pristine = dir + "/pristine.sqlite"
        try setup.backup(to: pristine)

        // Three packages, and the village as of each. The first is acknowledged so the others
        // are incremental: the second holds 100 changed households, the third 100 more on top.
        var expected: [ExchangeFixtures.Snapshot] = []
        var packages: [String] = []
        func send() throws {
            expected.append(try ExchangeFixtures.snapshot(villagePath))
            packages.append(try village.writeVillagePackage(into: up, today: .today()).path)
        }
        try send()
        _ = try setup.importUpPackage(Data(contentsOf: URL(fileURLWithPath: packages[0])), fileName: "first", today: .today())
        try ExchangeFixtures.acknowledge(office: setup, village: village, dir: down)
        try ExchangeFixtures.changeHouseholds(village, count: 100, mark: "甲组")
        try send()
        try ExchangeFixtures.changeHouseholds(village, count: 100, from: 50, mark: "乙组")
        try send()
        #expect(Set(expected.map(\.entry)).count == 3)

        let township = dir + "/T.sqlite"
        let copy = dir + "/T.villages/\(Self.code).sqlite"
        func restore() throws {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: township + suffix) }
            try? fm.removeItem(atPath: dir + "/T.villages")
            try fm.copyItem(atPath: pristine, toPath: township)
        }
        func packageNumberShown() throws -> String? {
            let table = try runCLI(["township", "villages"], db: township)
            let line = table.output.split(separator: "\n").first { $0.hasPrefix(Self.code) }
            let columns = line?.split(separator: " ", omittingEmptySubsequences: true) ?? []
            return columns.count > 2 ? String(columns[2]) : nil
        }

        // One whole import, timed: the kills fall inside it.
        try restore()
        let start = Date()
        let whole = try runCLI(["exchange", "import"] + packages, db: township)
        let duration = Date().timeIntervalSince(start)
        #expect(whole.status == 0, "\(whole.output)")
        #expect(whole.output.split(separator: "\n").count == 3, "\(whole.output)")
        #expect(try packageNumberShown() == "3")
        #expect(try ExchangeFixtures.snapshot(copy) == expected[2])

        var env = ProcessInfo.processInfo.environment
        env["CHENGXIN_DB"] = township
        env["CHENGXIN_LANG"] = "en"
        // A killed import leaves its scratch folder behind: here, not in the machine's /tmp.
        env["TMPDIR"] = dir
        var rng = SystemRandomNumberGenerator()
        var killed = 0
        var partway = 0
        var found: [Int: Int] = [:]
        for round in 0..<Self.rounds {
            try restore()
            let out = "\(dir)/round-\(round).out"
            let pid = try ChildProcess.start([chengxinBinary, "exchange", "import"] + packages, environment: env,
                                             outputPath: out, errorPath: "\(dir)/round-\(round).err")
            if round % 2 == 1 {
                // Every other kill comes once the first package's copy is in place: during the later ones.
                let deadline = Date().addingTimeInterval(30)
                while !fm.fileExists(atPath: copy) && Date() < deadline { usleep(1_000) }
                usleep(UInt32(Double.random(in: 0...(duration / 2), using: &rng) * 1_000_000))
            } else {
                usleep(UInt32(Double.random(in: 0...duration, using: &rng) * 1_000_000))
            }
            kill(pid, SIGKILL)
            if ChildProcess.wait(pid: pid) == 128 + SIGKILL { killed += 1 }

            // As the next start finds it: both databases verify.
            let verifyTownship = try runCLI(["verify"], db: township)
            #expect(verifyTownship.status == 0, "round \(round): \(verifyTownship.output)")
            var inCopy = 0
            if fm.fileExists(atPath: copy) {
                let verifyCopy = try runCLI(["verify"], db: copy)
                #expect(verifyCopy.status == 0, "round \(round): \(verifyCopy.output)")
                let seqs = try ExchangeFixtures.packagesInCopy(copy)
                inCopy = seqs.last ?? 0
                #expect(inCopy >= 1 && seqs == Array(1...inCopy), "round \(round): \(seqs)")
                // Wholly in: the copy is the village as of its last package, row for row.
                if inCopy >= 1 && inCopy <= 3 {
                    let snapshot = try ExchangeFixtures.snapshot(copy)
                    #expect(snapshot == expected[inCopy - 1], "round \(round): copy \(snapshot), package \(inCopy) \(expected[inCopy - 1])")
                }
            }
            found[inCopy, default: 0] += 1
            if inCopy > 0 && inCopy < 3 { partway += 1 }

            // Importing again completes; the township's table shows the third package.
            let again = try runCLI(["exchange", "import"] + packages, db: township)
            #expect(again.status == 0, "round \(round): \(again.output)")
            #expect(try packageNumberShown() == "3", "round \(round)")
            #expect(try ExchangeFixtures.snapshot(copy) == expected[2], "round \(round)")
        }
        #expect(try runCLI(["verify"], db: township).status == 0)
        #expect(try runCLI(["verify"], db: copy).status == 0)
        // Most kills must land inside the import, some between packages, or the test proves little.
        #expect(killed >= Self.rounds / 2, "only \(killed) of \(Self.rounds) imports were still running when killed")
        #expect(partway >= 1, "no kill left the copy between packages: \(found)")
        let spread = found.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print("exchange crash test: \(Self.rounds) rounds, whole import \(String(format: "%.2f", duration)) s, "
              + "\(killed) killed running; packages in the copy after the kill: \(spread)")
    }
}
