import Crypto
import Domain
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// An office whose packages this township (or county) takes in: its keys, what has arrived,
/// and its figures as of its last package.
public struct MemberOffice: Hashable, Sendable {
    public var code: String
    public var kind: OfficeKind
    public var name: String
    public var key: OfficeKey
    public var addedAt: String
    public var lastSeq: Int
    public var lastEntry: Int64
    public var lastHash: String = ""
    /// When the sender wrote its last package (ISO 8601), nil before the first.
    public var lastPackageAt: String?
    public var lastImportedAt: String?
    public var figures: OfficeFigures?
    /// At a county: the township a village's records come through ("" for a township itself).
    public var parentCode: String = ""
}

/// A village's main-screen figures as of its last package, kept with the township's entry for
/// it so the township's table over its villages reads one row each (DECISIONS 48).
public struct OfficeFigures: Codable, Hashable, Sendable {
    public var asOf: String
    public var households: Int
    public var groups: Int
    public var householdsInGroups: Int
    public var agreementsInForce: Int
    public var agreementsExpiring: Int
    public var pledgeKept: Int
    public var pledgeAssessed: Int
    public var fulfilmentDue: Int
    public var fulfilmentOverdue: Int
    public var feedbackOpen: Int
    public var feedbackOverdue: Int
    public var stars: Int
    /// 四有: how many of the four are in place.
    public var fourHaves: Int

    public init(asOf: String, households: Int, groups: Int, householdsInGroups: Int, agreementsInForce: Int,
                agreementsExpiring: Int, pledgeKept: Int, pledgeAssessed: Int, fulfilmentDue: Int,
                fulfilmentOverdue: Int, feedbackOpen: Int, feedbackOverdue: Int, stars: Int, fourHaves: Int) {
        self.asOf = asOf
        self.households = households
        self.groups = groups
        self.householdsInGroups = householdsInGroups
        self.agreementsInForce = agreementsInForce
        self.agreementsExpiring = agreementsExpiring
        self.pledgeKept = pledgeKept
        self.pledgeAssessed = pledgeAssessed
        self.fulfilmentDue = fulfilmentDue
        self.fulfilmentOverdue = fulfilmentOverdue
        self.feedbackOpen = feedbackOpen
        self.feedbackOverdue = feedbackOverdue
        self.stars = stars
        self.fourHaves = fourHaves
    }
}

extension AppDatabase {
    /// The township's (or county's) own tables, made by `township init`. They live only in an
    /// office database, so a village's schema, and its imports' memory, stay as they were.
    static func createOfficeTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS member_office (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                code TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                public_key TEXT NOT NULL,
                added_at TEXT NOT NULL,
                last_seq INTEGER NOT NULL DEFAULT 0,
                last_entry INTEGER NOT NULL DEFAULT 0,
                last_hash TEXT NOT NULL DEFAULT '',
                last_package_at TEXT,
                last_imported_at TEXT,
                down_seq INTEGER NOT NULL DEFAULT 0,
                figures TEXT,
                -- At a county: the township a village's records come through.
                parent_code TEXT NOT NULL DEFAULT '',
                -- At a township: the village's last entry the county has acknowledged.
                forwarded_entry INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS received_package (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                from_code TEXT NOT NULL,
                seq INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                created TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                head_entry INTEGER NOT NULL,
                head_hash TEXT NOT NULL,
                file_name TEXT NOT NULL,
                UNIQUE (from_code, seq)
            );
            -- Decisions the township takes about a village (its quarterly star review), sent down
            -- with every acknowledgement until the village holds them.
            CREATE TABLE IF NOT EXISTS office_decision (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                village_code TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('star_review')),
                body TEXT NOT NULL,
                decided_at TEXT NOT NULL
            );
            """)
        try Audit.installTriggersIfChanged(db)
    }

    /// Makes this database a township's (or a county's): its keys and its tables. Refused on a
    /// database that holds a village's records.
    @discardableResult
    public func initOffice(kind: OfficeKind, code: String, name: String) throws -> OfficeKey {
        precondition(kind != .village)
        try require(.settings)
        if try village() != nil {
            throw StoreError.refused(Localized("此数据库是村的数据库，不能用作\(kind.label.zh)的数据库；请另建一个文件",
                                               "This database holds a village's records and cannot be a \(kind.label.en.lowercased())'s; use a new file"))
        }
        let name = name.trimmed
        guard !name.isEmpty else {
            throw StoreError.invalid([FieldError(field: "name", message: Localized("请填写名称", "Enter a name"))])
        }
        let key = try makeOfficeKeys(kind: kind, code: code, name: name)
        try write { db in try Self.createOfficeTables(db) }
        return key
    }

    func requireOffice() throws -> (OfficeKey, OfficeSecret) {
        guard let own = try ownKey(), own.kind != .village, let secret = try officeSecret() else {
            throw StoreError.refused(Localized("这不是乡镇（或县）的数据库：请先运行 chengxin township init",
                                               "This is not a township's (or county's) database: run chengxin township init first"))
        }
        return (own, secret)
    }

    /// Registers an office whose packages this one takes in, after its fingerprint was compared.
    /// A township takes its own villages; a county its own townships.
    public func addMember(_ key: OfficeKey) throws {
        try require(.settings)
        let (own, _) = try requireOffice()
        try Self.checkBelow(key, own: own)
        try write { db in
            if let existing = try String.fetchOne(db, sql: "SELECT public_key FROM member_office WHERE code = ?", arguments: [key.code]) {
                guard OfficeKey.stored(existing) == key else {
                    throw StoreError.refused(Localized("\(key.code) 已登记，且公钥不同：换了电脑请用 chengxin exchange restore",
                                                       "\(key.code) is registered with another key: for a new machine use chengxin exchange restore"))
                }
                return
            }
            try db.execute(sql: """
                INSERT INTO member_office(code, kind, name, public_key, added_at) VALUES (?, ?, ?, ?, \(Audit.now))
                """, arguments: [key.code, key.kind.rawValue, key.name, key.fileText])
        }
    }

    /// Refuses a key that is not of an office directly below `own`.
    static func checkBelow(_ key: OfficeKey, own: OfficeKey) throws {
        guard own.kind == key.kind.upstream else {
            throw StoreError.refused(Localized("这是\(key.kind.label.zh)的公钥；\(own.kind.label.zh)只登记其下级",
                                               "This is a \(key.kind.label.en.lowercased())'s key; an office registers only those directly below it"))
        }
        guard RegionCode.parentCode(of: key.code, kind: key.kind) == own.code else {
            throw StoreError.refused(Localized("\(key.name)（\(key.code)）不属于\(own.name)（\(own.code)）",
                                               "\(key.name) (\(key.code)) is not under \(own.name) (\(own.code))"))
        }
    }

    /// The offices registered here, by code.
    public func memberOffices() throws -> [MemberOffice] {
        _ = try requireOffice()
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_office ORDER BY code").compactMap { row in
                guard let key = OfficeKey.stored(row["public_key"]) else { return nil }
                return MemberOffice(code: row["code"], kind: OfficeKind(rawValue: row["kind"]) ?? .village,
                                    name: row["name"], key: key, addedAt: row["added_at"], lastSeq: row["last_seq"],
                                    lastEntry: row["last_entry"], lastHash: row["last_hash"], lastPackageAt: row["last_package_at"],
                                    lastImportedAt: row["last_imported_at"],
                                    figures: (row["figures"] as String?).flatMap {
                                        try? JSONDecoder().decode(OfficeFigures.self, from: Data($0.utf8))
                                    }, parentCode: row["parent_code"])
            }
        }
    }

    /// Where the township keeps its copy of a village: `T.villages/CODE.sqlite` beside `T.sqlite`.
    public func replicaPath(_ code: String) throws -> String {
        guard let path else { throw StoreError.refused(Localized("内存数据库没有副本", "An in-memory database holds no copies")) }
        let base = (path as NSString).deletingPathExtension
        return base + ".villages/" + code + ".sqlite"
    }

    /// Takes in a package from an office below: checks it (signature, encryption, checksum,
    /// sender, number, audit chain), then applies it to the sender's copy in one transaction.
    /// The same package twice changes nothing and says so.
    public func importUpPackage(_ data: Data, fileName: String, today: LocalDate) throws -> ImportedPackage {
        try requireWrite()
        let (own, secret) = try requireOffice()
        let header = try Self.upHeader(of: data, own: own)
        guard let member = try memberOffices().first(where: { $0.code == header.from }) else {
            throw Self.unregistered(header, fileName: fileName)
        }
        let sha = Audit.hex(SHA256.hash(data: data))
        // The very file taken in before (every check passed then): nothing to decrypt or unpack.
        let known = try read { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM received_package WHERE from_code = ? AND seq = ?",
                                arguments: [member.code, header.seq])
        }
        if known == sha { return .alreadyImported(from: member.code, name: member.name, seq: header.seq) }
        let (_, payload) = try Envelope.open(data, sender: member.key, recipient: secret.agreement)
        let scratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (manifest, files) = try Payload.unpack(payload, scratch: scratch)
        // A village's package written again (`export --resend`) follows an earlier number than the one before it.
        guard manifest.from == header.from, manifest.seq == header.seq,
              header.follows == header.seq - 1 || (member.kind == .village && (0 ..< header.seq).contains(header.follows)) else {
            throw StoreError.refused(Envelope.damaged)
        }
        if member.kind == .township {
            return try importTownshipPackage(header: header, manifest: manifest, files: files, member: member, sha: sha,
                                             fileName: fileName, today: today)
        }
        guard manifest.parts.count == 1, let part = manifest.parts.first, part.village == member.code,
              part.headHash == header.head, let partPath = files[part.file] else {
            throw StoreError.refused(Envelope.damaged)
        }
        let replica = try replicaPath(member.code)
        try reconcile(member.code, replica: replica)
        if let done = try checkSequence(header: header, member: member, sha: sha,
                                        contained: { try Self.copyHolds(replica, entry: part.headEntry, hash: part.headHash) }) {
            return done
        }
        let mark = ReplicaMark(seq: header.seq, sha256: sha, entry: part.headEntry, hash: part.headHash,
                               created: header.created, fileName: fileName)
        try applyPart(part, at: partPath, replica: replica, mark: mark)
        try recordArrival(member.code, mark: mark, replica: replica, today: today)
        return .imported(from: member.code, name: member.name, seq: header.seq, entries: part.entries)
    }

    /// The header of a package sent up from below to this office; refused otherwise.
    static func upHeader(of data: Data, own: OfficeKey) throws -> EnvelopeHeader {
        let header = try Envelope.header(of: data)
        guard header.direction == "up" else {
            throw StoreError.refused(Localized("这不是下级报送的包，未做任何改动", "This is not a package sent up from below; nothing was changed"))
        }
        guard header.to == own.code else {
            throw StoreError.refused(Localized("此包是发给 \(header.to) 的，不是本单位（\(own.code) \(own.name)），未做任何改动",
                                               "This package is for \(header.to), not this office (\(own.code) \(own.name)); nothing was changed"))
        }
        return header
    }

    /// Nil when the package is the next one from its sender (or, written again, follows one taken
    /// in); `.alreadyImported` when it was taken in before; `.contained` when a package written
    /// again took its place and `contained` says the copy holds all it holds; refused when it
    /// differs from the one taken in or one before it is missing.
    private func checkSequence(header: EnvelopeHeader, member: MemberOffice, sha: String,
                               contained: () throws -> Bool = { false }) throws -> ImportedPackage? {
        let last = try read { db in
            try Int.fetchOne(db, sql: "SELECT last_seq FROM member_office WHERE code = ?", arguments: [member.code]) ?? 0
        }
        if header.seq <= last {
            let same = try read { db in
                try String.fetchOne(db, sql: "SELECT sha256 FROM received_package WHERE from_code = ? AND seq = ?",
                                    arguments: [member.code, header.seq])
            }
            if same == nil, try contained() {
                return .contained(from: member.code, name: member.name, seq: header.seq)
            }
            guard same == sha else {
                throw StoreError.refused(Localized("\(member.name)的第 \(header.seq) 号包已导入过，但此文件内容不同，未做任何改动",
                                                   "Package \(header.seq) of \(member.name) was imported before, but this file differs; nothing was changed"))
            }
            return .alreadyImported(from: member.code, name: member.name, seq: header.seq)
        }
        guard header.follows <= last else {
            throw Self.missing(member, from: last + 1, to: header.follows)
        }
        return nil
    }

    /// A township's package at the county: a part per village of that township, each applied to
    /// the county's copy of the village (a part already in, from an import stopped midway, is
    /// passed over), then the package is recorded.
    private func importTownshipPackage(header: EnvelopeHeader, manifest: PackageManifest, files: [String: String],
                                       member: MemberOffice, sha: String, fileName: String,
                                       today: LocalDate) throws -> ImportedPackage {
        for part in manifest.parts {
            guard RegionCode.parentCode(of: part.village, kind: .village) == member.code, files[part.file] != nil else {
                throw StoreError.refused(Localized("包中的 \(part.village) 不属于\(member.name)，未做任何改动",
                                                   "\(part.village) in the package is not under \(member.name); nothing was changed"))
            }
        }
        if let done = try checkSequence(header: header, member: member, sha: sha) { return done }
        var entries = 0
        for part in manifest.parts {
            let replica = try replicaPath(part.village)
            let mark = ReplicaMark(seq: header.seq, sha256: sha, entry: part.headEntry, hash: part.headHash,
                                   created: header.created, fileName: fileName)
            var already = false
            if FileManager.default.fileExists(atPath: replica) {
                let q = try Self.openReplicaForWriting(replica)
                already = try q.read { db in try Self.readMarks(db).contains(mark) }
                try q.close()
            }
            if !already { try applyPart(part, at: files[part.file]!, replica: replica, mark: mark) }
            try write { db in
                try db.execute(sql: """
                    INSERT OR IGNORE INTO member_office(code, kind, name, public_key, added_at, parent_code)
                    VALUES (?, 'village', ?, ?, \(Audit.now), ?)
                    """, arguments: [part.village, part.name, member.key.fileText, member.code])
            }
            try recordArrival(part.village, mark: mark, replica: replica, today: today, log: false)
            entries += part.entries
        }
        try write { db in
            try db.execute(sql: """
                INSERT INTO received_package(from_code, seq, sha256, created, imported_at, head_entry, head_hash, file_name)
                VALUES (?, ?, ?, ?, \(Audit.now), 0, '', ?)
                """, arguments: [member.code, header.seq, sha, header.created, fileName])
            try db.execute(sql: """
                UPDATE member_office SET last_seq = ?, last_package_at = ?, last_imported_at = \(Audit.now) WHERE code = ?
                """, arguments: [header.seq, header.created, member.code])
        }
        return .imported(from: member.code, name: member.name, seq: header.seq, entries: entries)
    }

    /// What a copy has taken in, kept in the copy itself (table `replica_state`, not audited), so
    /// a package is in exactly when its rows are.
    struct ReplicaMark: Codable, Equatable {
        var seq: Int
        var sha256: String
        var entry: Int64
        var hash: String
        var created: String
        var fileName: String
    }

    static func writeMark(_ db: Database, _ mark: ReplicaMark) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS replica_state (
                seq INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, entry INTEGER NOT NULL, hash TEXT NOT NULL,
                created TEXT NOT NULL, file_name TEXT NOT NULL)
            """)
        try db.execute(sql: "INSERT OR REPLACE INTO replica_state VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [mark.seq, mark.sha256, mark.entry, mark.hash, mark.created, mark.fileName])
    }

    static func readMarks(_ db: Database) throws -> [ReplicaMark] {
        guard try db.tableExists("replica_state") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT * FROM replica_state ORDER BY seq").map {
            ReplicaMark(seq: $0["seq"], sha256: $0["sha256"], entry: $0["entry"], hash: $0["hash"],
                        created: $0["created"], fileName: $0["file_name"])
        }
    }

    /// The part into the copy: a full part replaces the copy's file (renamed into place), an
    /// incremental one is applied in one transaction.
    private func applyPart(_ part: PackagePart, at partPath: String, replica: String, mark: ReplicaMark) throws {
        let exists = FileManager.default.fileExists(atPath: replica)
        if part.full {
            var head: (Int64, String)?
            var marks: [ReplicaMark] = []
            if exists {
                let q = try Self.openReplicaForWriting(replica)
                try q.read { db in
                    head = try Self.auditHead(db)
                    marks = try Self.readMarks(db)
                }
                try q.close()
            }
            let q = try Self.openReplicaForWriting(partPath)
            try PackageParts.checkFull(q, part: part, replicaHead: head)
            try q.write { db in
                for m in marks { try Self.writeMark(db, m) }
                try Self.writeMark(db, mark)
            }
            try q.close()
            try FileManager.default.createDirectory(atPath: (replica as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // Flushed before the rename, so the new name never points at a file not yet on disk.
            let fd = Glibc.open(partPath, O_RDONLY)
            if fd >= 0 { fsync(fd); Glibc.close(fd) }
            if rename(partPath, replica) != 0 {
                throw StoreError.refused(Localized("无法写入副本 \(replica)", "Cannot write the copy \(replica)"))
            }
            chmod(replica, 0o600)
        } else {
            guard exists else {
                throw PackageParts.broken(part.village, "本单位还没有该村的完整副本", "this office holds no whole copy of it yet")
            }
            let q = try Self.openReplicaForWriting(replica)
            defer { try? q.close() }
            try PackageParts.applyIncremental(partPath, part: part, to: q) { db in try Self.writeMark(db, mark) }
        }
    }

    /// A connection to a copy for the exchange's own writes: no audit functions (its triggers are
    /// set aside while a part is applied), foreign keys off (the village checked them), full sync.
    static func openReplicaForWriting(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = false
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            PackageParts.addHashFunction(db)
        }
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// Brings the township's entry for a village up to what its copy holds (after a stop between
    /// the copy's commit and the township's).
    func reconcile(_ code: String, replica: String) throws {
        guard FileManager.default.fileExists(atPath: replica) else { return }
        let q = try Self.openReplicaForWriting(replica)
        let marks = try q.read { db in try Self.readMarks(db) }
        try q.close()
        let last = try read { db in
            try Int.fetchOne(db, sql: "SELECT last_seq FROM member_office WHERE code = ?", arguments: [code]) ?? 0
        }
        for mark in marks where mark.seq > last {
            try recordArrival(code, mark: mark, replica: replica, today: LocalDate.today())
        }
    }

    /// The township's record of a package taken in, and the village's figures as of it.
    private func recordArrival(_ code: String, mark: ReplicaMark, replica: String, today: LocalDate,
                               log: Bool = true) throws {
        let figures = try? figuresOfCopy(replica, today: today)
        let json = figures.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        try write { db in
            if log {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO received_package(from_code, seq, sha256, created, imported_at, head_entry, head_hash, file_name)
                    VALUES (?, ?, ?, ?, \(Audit.now), ?, ?, ?)
                    """, arguments: [code, mark.seq, mark.sha256, mark.created, mark.entry, mark.hash, mark.fileName])
            }
            try db.execute(sql: """
                UPDATE member_office SET last_seq = ?, last_entry = ?, last_hash = ?, last_package_at = ?,
                       last_imported_at = \(Audit.now), figures = COALESCE(?, figures)
                WHERE code = ? AND (last_seq < ? OR last_entry <> ?)
                """, arguments: [mark.seq, mark.entry, mark.hash, mark.created, json, code, mark.seq, mark.entry])
        }
    }

    /// Opens a village's copy to read, as the township: read only, numbers masked.
    public func openVillageCopy(_ code: String) throws -> AppDatabase {
        try requireReadAll()
        let path = try replicaPath(code)
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.refused(Localized("还没有收到 \(code) 的包", "No package from \(code) has arrived yet"))
        }
        let viewer = Session(userId: 0, username: access.session?.username ?? "(township)",
                             displayName: access.session?.displayName ?? "", role: .townshipViewer)
        return try AppDatabase.openCopy(path: path, session: viewer)
    }

    /// A copy opened read only, with `session` signed in; its schema must be this program's.
    static func openCopy(path: String, session: Session, rollBack: Bool = true) throws -> AppDatabase {
        // An import stopped mid-transaction leaves a journal only a writer can roll back
        // (not needed right after this process wrote the copy).
        if rollBack {
            let writer = try openReplicaForWriting(path)
            _ = try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            try writer.close()
        }
        let state = AccessState()
        var config = makeConfiguration(state)
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        let migrations = try queue.read { db in try appliedMigrations(db) }
        guard migrations == migrator.migrations else { throw PackageParts.versionMismatch(session.username) }
        state.usersExist = true
        state.session = session
        return try AppDatabase(copy: queue, access: state, path: path)
    }

    private func figuresOfCopy(_ replica: String, today: LocalDate) throws -> OfficeFigures {
        let copy = try AppDatabase.openCopy(path: replica, session: Session(userId: 0, username: "(township)", displayName: "",
                                                                            role: .townshipViewer), rollBack: false)
        let d = try copy.dashboard(on: today)
        let haves = [d.fourHaves.hasHonestyGroups, d.fourHaves.hasVillageRules, d.fourHaves.hasAgreements,
                     d.fourHaves.hasRuleDocuments].filter { $0 }.count
        return OfficeFigures(asOf: today.description, households: d.households, groups: d.groups,
                             householdsInGroups: d.householdsInGroups, agreementsInForce: d.agreementsInForce,
                             agreementsExpiring: d.agreementsExpiring, pledgeKept: d.pledgeRate.kept,
                             pledgeAssessed: d.pledgeRate.assessed, fulfilmentDue: d.fulfilment.dueCount,
                             fulfilmentOverdue: d.fulfilment.overdueCount, feedbackOpen: d.feedbackOpen,
                             feedbackOverdue: d.feedbackOverdue, stars: d.star.level, fourHaves: haves)
    }

    /// Packages back down, one per village that has sent any: the acknowledgement of its last
    /// package. Signed by this office, encrypted to each village's key.
    public func writeDownPackages(into directory: String, today: LocalDate) throws -> [WrittenPackage] {
        try requireWrite()
        let (own, secret) = try requireOffice()
        var written: [WrittenPackage] = []
        let members = try memberOffices()
        let catalogueScratch = try Payload.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: catalogueScratch) }
        let catalogue = try writeCatalogue(into: catalogueScratch + "/catalogue.sqlite")
        for member in members where member.lastSeq > 0 && member.parentCode.isEmpty {
            let (seq, hash) = try read { db in
                (try Int.fetchOne(db, sql: "SELECT down_seq FROM member_office WHERE code = ?", arguments: [member.code]) ?? 0,
                 try String.fetchOne(db, sql: "SELECT last_hash FROM member_office WHERE code = ?", arguments: [member.code]) ?? "")
            }
            let next = seq + 1
            let scratch = try Payload.scratchDirectory()
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let created = Self.timestamp()
            // A township's acknowledgement names each of its villages' last entries taken in.
            let acks = member.kind == .township
                ? members.filter { $0.parentCode == member.code }.map {
                    Acknowledgement(village: $0.code, seq: member.lastSeq, entry: $0.lastEntry, hash: $0.lastHash)
                }
                : [Acknowledgement(village: member.code, seq: member.lastSeq, entry: member.lastEntry, hash: hash)]
            var manifest = PackageManifest(from: own.code, seq: next, created: created, parts: [], acknowledgements: acks)
            manifest.catalogue = "catalogue.sqlite"
            manifest.decisions = try decisions(for: member.code)
            let payload = try Payload.pack(manifest, files: ["catalogue.sqlite": catalogue], scratch: scratch)
            let header = EnvelopeHeader(direction: "down", from: own.code, fromName: own.name, to: member.code, toKey: "",
                                        seq: next, follows: seq, created: created, head: "", sha256: "", encapsulatedKey: "")
            let sealed = try Envelope.seal(payload: payload, header: header, signer: secret.signing, recipient: member.key)
            let path = try Self.writeAtomically(sealed, directory: directory,
                                                name: PackageName.make(from: own.code, sequence: next, on: today, to: member.code)) {
                try self.write { db in
                    try db.execute(sql: "UPDATE member_office SET down_seq = ? WHERE code = ?", arguments: [next, member.code])
                }
            }
            written.append(WrittenPackage(path: path, seq: next, full: false, entries: 0, bytes: sealed.count, since: 0))
        }
        return written
    }
}
