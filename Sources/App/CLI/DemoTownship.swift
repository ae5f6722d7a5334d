import Domain
import Foundation
import Store

/// The demo township (示范镇) of three fictional villages, each generated from the demo village's
/// spec with a name, a code and a seed of its own. The villages and the township make their keys
/// and exchange through real packages written to and read from a scratch folder, as a clerk's
/// USB stick would carry them. The villages' own databases are kept beside the township's, in
/// `NAME.demo-villages/`, for trying an incremental package.
enum DemoTownship {
    static let code = "990101100000"
    static let name = "示范镇"
    /// Code, name, generator seed and number of 社 of each village (the demo's groups and
    /// records need the first three 社; fewer 社 make a smaller village).
    static let villages: [(code: String, name: String, seed: UInt64, groups: Int)] = [
        ("990101100201", "星光村", 2026, 8), ("990101100202", "红旗村", 2027, 5), ("990101100203", "柳溪村", 2028, 6),
    ]

    static func defaultPath() -> String {
        (Demo.defaultPath() as NSString).deletingLastPathComponent + "/demo-township.sqlite"
    }

    /// Where the demo keeps its villages' own databases.
    static func villagesDirectory(of path: String) -> String {
        (path as NSString).deletingPathExtension + ".demo-villages"
    }

    /// Everything the demo made at `path`: the township's file, its copies and the villages' files.
    static func remove(at path: String) throws {
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
            try fm.removeItem(atPath: path + suffix)
        }
        for dir in [(path as NSString).deletingPathExtension + ".villages", villagesDirectory(of: path)]
        where fm.fileExists(atPath: dir) {
            try fm.removeItem(atPath: dir)
        }
    }

    /// Builds the township at `path` unless it is there already; returns its database, signed out.
    static func build(at path: String, options: GlobalOptions) throws -> AppDatabase {
        let township = try options.openDatabase(path: path, signIn: false)
        guard !township.requiresSignIn else { return township }
        let directory = villagesDirectory(of: path)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stick = NSTemporaryDirectory() + "chengxin-demo-stick-\(getpid())"
        try FileManager.default.createDirectory(atPath: stick, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: stick) }

        // The township: its administrator, its keys, the township clerk who imports and
        // evaluates, and a viewer's account.
        _ = try township.createFirstAdministrator(username: "admin", displayName: "演示管理员", password: "admin2026")
        let townKey = try township.initOffice(kind: .township, code: code, name: name)
        try township.addUser(username: "clerk", displayName: "乡镇专干", role: .clerk, password: "demo2026")
        try township.addUser(username: "town", displayName: "乡镇查看", role: .townshipViewer, password: "demo2026")

        // Each village: generated, keyed, trusting the township, registered there, its first package written.
        let spec = try JSONDecoder().decode(DemoVillageSpec.self, from: Data(contentsOf: DemoVillage.repositorySpecURL))
        var villageDatabases: [AppDatabase] = []
        for v in villages {
            let file = directory + "/" + v.code + ".sqlite"
            try remove(at: file)
            let db = try options.openDatabase(path: file, signIn: false)
            var own = spec
            own.village.name = v.name
            own.village.code = v.code
            own.groups = Array(spec.groups.prefix(v.groups))
            try DemoVillage.build(into: db, spec: own, seed: v.seed)
            _ = try db.createFirstAdministrator(username: "admin", displayName: "演示管理员", password: "admin2026")
            try db.addUser(username: "clerk", displayName: "演示专干", role: .clerk, password: "demo2026")
            try db.setSetting("demo", "1")
            let key = try db.makeOfficeKeys(kind: .village, code: v.code, name: v.name)
            try db.trustUpstream(townKey)
            try township.addMember(key)
            _ = try db.writeVillagePackage(into: stick, today: LocalDate.today())
            villageDatabases.append(db)
        }

        // The township takes the packages in and writes each village its acknowledgement.
        let today = LocalDate.today()
        for file in try FileManager.default.contentsOfDirectory(atPath: stick).sorted() {
            let data = try Data(contentsOf: URL(fileURLWithPath: stick + "/" + file))
            _ = try township.importUpPackage(data, fileName: file, today: today)
            try FileManager.default.removeItem(atPath: stick + "/" + file)
        }
        for package in try township.writeDownPackages(into: stick, today: today) {
            let data = try Data(contentsOf: URL(fileURLWithPath: package.path))
            guard let db = zip(villages, villageDatabases).first(where: { package.path.contains("-to\($0.0.code)-") })?.1 else { continue }
            _ = try db.importDownPackage(data)
        }
        for db in villageDatabases { db.signOut() }
        try township.setSetting("demo", "township")
        township.signOut()
        return township
    }
}
