import App
import Domain
import Foundation
import GRDB
import Store

/// Village and office databases for the exchange's benchmarks and its crash test: villages
/// made by the bench county's generator, each with its 12-digit code and keys, and the
/// township (or county) they send to. Codes are under the bench county 990101.
public enum ExchangeFixtures {
    /// Township `t` (from 0): 990101100000, 990101101000, …
    public static func townshipCode(_ t: Int) -> String {
        "990101" + String(format: "%03d", 100 + t) + "000"
    }

    /// Village `v` (from 0) of township `t`: 990101100201, 990101100202, …
    public static func villageCode(township t: Int, village v: Int) -> String {
        "990101" + String(format: "%03d%03d", 100 + t, 201 + v)
    }

    /// Opens (creating) a database as the command line does: default agreement template,
    /// catalogues and star criteria installed.
    public static func open(_ path: String) throws -> AppDatabase {
        try GlobalOptions.parse(["--db", path]).openDatabase(signIn: false)
    }

    /// A township's (or county's) database at `path` with its keys. It has no users.
    public static func makeOffice(path: String, kind: OfficeKind = .township, code: String, name: String) throws -> AppDatabase {
        let db = try open(path)
        try db.initOffice(kind: kind, code: code, name: name)
        return db
    }

    /// A village's database at `path`: one village of `households` households from the
    /// county generator (the same seed gives the same rows), its code set through the store,
    /// its keys made and `upstream`'s key trusted. It has no users.
    public static func makeVillage(path: String, code: String, households: Int, seed: UInt64,
                                   upstream: OfficeKey) throws -> (AppDatabase, OfficeKey) {
        let db = try open(path)
        guard let templateId = try (db.agreementTemplates().first(where: \.isDefault) ?? db.agreementTemplates().first)?.id
        else { throw StoreError.notFound }
        _ = try db.generateCounty(households: households, seed: seed, templateId: templateId, villages: 1)
        guard var village = try db.village() else { throw StoreError.notFound }
        village.code = code
        try db.saveVillage(village)
        let key = try db.makeOfficeKeys(kind: .village, code: code, name: village.name)
        try db.trustUpstream(upstream)
        return (db, key)
    }

    /// Changes `count` households through the store as a clerk would (address and telephone),
    /// starting at the `from`th household in number order: one audited update each.
    public static func changeHouseholds(_ db: AppDatabase, count: Int, from: Int = 0, mark: String) throws {
        let rows = try db.householdRows(filter: "", villageGroupId: nil, sort: .number, ascending: true,
                                        offset: from, limit: count)
        for (i, row) in rows.enumerated() {
            guard var household = try db.household(id: row.id) else { continue }
            household.address = "\(mark)\(i + 1)号"
            household.phone = String(format: "139%08d", i + from)
            try db.updateHousehold(household)
        }
    }

    /// The office's acknowledgements written to `dir` and taken in by `village`: the
    /// village's next package holds only what changed after its last imported one.
    public static func acknowledge(office: AppDatabase, village: AppDatabase, dir: String) throws {
        let code = try village.ownKey()?.code ?? ""
        for package in try office.writeDownPackages(into: dir, today: .today())
        where (package.path as NSString).lastPathComponent.contains(code) {
            _ = try village.importDownPackage(Data(contentsOf: URL(fileURLWithPath: package.path)))
        }
    }

    /// What a database file holds as the exchange sees it: its audit head and a checksum of
    /// every audited table's rows. Read straight from the file (a stop's leftover journal is
    /// rolled back first, as the next open would).
    public struct Snapshot: Equatable, Sendable, CustomStringConvertible {
        public var entry: Int64
        public var hash: String
        public var rows: String
        public var description: String { "entry \(entry) \(hash.prefix(12)), rows \(rows.prefix(12))" }
    }

    public static func snapshot(_ path: String) throws -> Snapshot {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let head = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            return Snapshot(entry: head?[0] ?? 0, hash: head?[1] ?? "", rows: try AppDatabase.rowsChecksum(db))
        }
    }

    /// The packages a township's copy of a village holds (its `replica_state`), in order.
    public static func packagesInCopy(_ path: String) throws -> [Int] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try db.tableExists("replica_state") else { return [] }
            return try Int.fetchAll(db, sql: "SELECT seq FROM replica_state ORDER BY seq")
        }
    }
}
