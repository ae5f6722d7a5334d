import Foundation
import GRDB
import Domain
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a write refused, in words a clerk can act on.
public enum StoreError: Error, Equatable {
    /// Validation failures (uniqueness included), each attached to a field key.
    case invalid([FieldError])
    case notFound
    /// The write would break a rule that is not about one field.
    case refused(Localized)
}

/// The application database: the one entry point to the records.
///
/// Every read and write goes through a method named for what it does;
/// no other module sees SQL.
public final class AppDatabase: Sendable {
    package let dbWriter: any DatabaseWriter
    package let access: AccessState
    /// The scrypt cost of new password hashes.
    let passwordCost: ScryptCost
    /// The database file; nil in memory.
    public let path: String?

    /// Wraps a connection, refuses a database that is not Chengxin's or is
    /// newer than this program, brings the schema up to date and installs the
    /// audit triggers.
    init(_ writer: any DatabaseWriter, access: AccessState, passwordCost: ScryptCost = .standard,
         path: String? = nil) throws {
        self.dbWriter = writer
        self.path = path
        self.access = access
        self.passwordCost = passwordCost
        let appliedBefore = try writer.read { db in try Self.checkIsOurs(db) }
        let migrator = Self.migrator
        // A migration that adds a column changes the hash of every row of its table: the
        // rows in step before it are recorded again after it (Audit+Migration).
        let pending = !appliedBefore.isEmpty && appliedBefore.count < migrator.migrations.count
        let before = pending ? try writer.read { db in try Audit.schemaState(db) } : nil
        try migrator.migrate(writer)
        try writer.write { db in
            let migrated = try migrator.appliedIdentifiers(db) != appliedBefore
            try Audit.installTriggersIfChanged(db)
            if let before { try Audit.recordColumnsAdded(db, since: before) }
            if migrated { try Audit.recordBaseline(db) }
            access.usersExist = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM app_user)") ?? false
        }
    }

    /// A database opened as it is, without migrating or touching its triggers: a township's
    /// read-only copy of a village (its schema checked by the caller).
    init(copy writer: any DatabaseWriter, access: AccessState, path: String) {
        self.dbWriter = writer
        self.path = path
        self.access = access
        self.passwordCost = .standard
    }

    /// Refuses a database that is not Chengxin's or is newer than this
    /// program; returns the migrations it has.
    static func checkIsOurs(_ db: Database) throws -> Set<String> {
            let migrator = Self.migrator
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                """)
            if tables.isEmpty { return [] }
            guard tables.contains("grdb_migrations"),
                  try migrator.appliedIdentifiers(db).contains(Self.firstMigration) else {
                throw StoreError.refused(Localized("这不是诚信计生的数据库文件，未做任何改动",
                                                   "This is not a Chengxin database; nothing was changed"))
            }
            if try migrator.hasBeenSuperseded(db) {
                throw StoreError.refused(Localized("此数据库由更新版本的诚信计生创建，请先升级本程序；数据库未做任何改动",
                                                   "This database was made by a newer Chengxin; upgrade the program first. Nothing was changed"))
            }
            return try migrator.appliedIdentifiers(db)
    }

    /// For tests and read-only checks.
    public var reader: any DatabaseReader { dbWriter }

    /// Opens (or creates) the database file at `path` in WAL mode.
    ///
    /// A file that cannot be opened (not a database, corrupt, not Chengxin's,
    /// newer, read-only) is refused with a message saying so; it is never
    /// overwritten.
    public static func open(path: String, passwordCost: ScryptCost = .standard) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.refused(Localized("无法创建目录 \(dir)（只读磁盘或无权限？）",
                                               "Cannot create the folder \(dir) (read-only disk or no permission?)"))
        }
        // Create the file ourselves so it is private (0600) from the start;
        // SQLite gives the -wal and -shm files the same mode.
        if !FileManager.default.fileExists(atPath: path) {
            let fd = createPrivateFile(path)
            if fd < 0 {
                throw StoreError.refused(Localized("无法创建数据库文件：\(path)（只读磁盘或无权限？）",
                                                   "Cannot create the database file: \(path) (read-only disk or no permission?)"))
            }
            close(fd)
        }
        if !FileManager.default.isWritableFile(atPath: path) {
            throw StoreError.refused(Localized("数据库文件只读，无法保存：\(path)。请检查磁盘和文件权限；文件未做任何改动",
                                               "The database file is read-only: \(path). Check the disk and permissions; nothing was changed"))
        }
        let state = AccessState()
        do {
            // Look before opening for writing: opening in WAL mode changes the file.
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 {
                try lookBeforeOpening(path)
            }
            let pool = try DatabasePool(path: path, configuration: makeConfiguration(state))
            // DatabasePool picks synchronous = NORMAL for WAL, which can lose the
            // last commits on power loss; records are worth a full sync.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            return try AppDatabase(pool, access: state, passwordCost: passwordCost, path: path)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.refused(openFailure(error, path: path))
        }
    }

    /// Checks that the file is this program's database before it is opened for writing. A
    /// read-only connection cannot roll back a journal left by a writer that was stopped (a
    /// township's copy of a village is not in WAL mode): the look is then made by a connection
    /// that may write, which rolls the journal back as the next writer would.
    static func lookBeforeOpening(_ path: String) throws {
        var config = Configuration()
        config.readonly = true
        do {
            let look = try DatabaseQueue(path: path, configuration: config)
            defer { try? look.close() }
            _ = try look.read { db in try checkIsOurs(db) }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK {
            let look = try DatabaseQueue(path: path)
            defer { try? look.close() }
            _ = try look.read { db in try checkIsOurs(db) }
        }
    }

    /// What went wrong opening a file, for the clerk.
    static func openFailure(_ error: DatabaseError, path: String) -> Localized {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return Localized("\(path) 不是数据库文件（或已损坏），未做任何改动", "\(path) is not a database file (or is damaged); nothing was changed")
        case .SQLITE_CORRUPT:
            return Localized("数据库文件已损坏：\(path)。请用 chengxin restore 从备份恢复；文件未做任何改动",
                             "The database file is damaged: \(path). Restore a backup with chengxin restore; nothing was changed")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR:
            return Localized("无法写入数据库：\(path)（只读磁盘或无权限？）；文件未做任何改动",
                             "Cannot write the database: \(path) (read-only disk or no permission?); nothing was changed")
        default:
            return Localized("无法打开数据库 \(path)：\(error.message ?? "\(error)")", "Cannot open the database \(path): \(error.message ?? "\(error)")")
        }
    }

    /// An empty database in memory, for tests and previews.
    public static func inMemory(passwordCost: ScryptCost = .standard) throws -> AppDatabase {
        let state = AccessState()
        return try AppDatabase(DatabaseQueue(configuration: makeConfiguration(state)), access: state,
                               passwordCost: passwordCost)
    }

    /// `$CHENGXIN_DB`, else `$HOME/.local/share/chengxin/chengxin.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let p = environment["CHENGXIN_DB"], !p.isEmpty { return p }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/chengxin/chengxin.sqlite"
    }

    static func makeConfiguration(_ access: AccessState) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "chengxin"
        config.prepareDatabase { db in
            Audit.registerFunctions(db, access: access)
        }
        return config
    }

    /// Creates an empty file readable and writable by its owner only.
    private static func createPrivateFile(_ path: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        #else
        Darwin.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        #endif
    }
}

// MARK: - Schema

extension AppDatabase {
    static let firstMigration = "v1 village, groups, households, persons"

    /// Every schema change, in order. Never edit a registered migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(sql: """
                CREATE TABLE village (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    township TEXT NOT NULL DEFAULT '',
                    county TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE village_group (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    village_id INTEGER NOT NULL REFERENCES village(id) ON DELETE RESTRICT,
                    number INTEGER NOT NULL,
                    name TEXT NOT NULL
                );
                CREATE UNIQUE INDEX village_group_on_number ON village_group(village_id, number);
                CREATE UNIQUE INDEX village_group_on_name ON village_group(village_id, name);
                CREATE INDEX village_group_on_number_only ON village_group(number);
                CREATE TABLE household (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    village_id INTEGER NOT NULL REFERENCES village(id) ON DELETE RESTRICT,
                    village_group_id INTEGER NOT NULL REFERENCES village_group(id) ON DELETE RESTRICT,
                    number TEXT NOT NULL,
                    address TEXT NOT NULL DEFAULT '',
                    head_person_id INTEGER REFERENCES person(id) ON DELETE RESTRICT,
                    phone TEXT NOT NULL DEFAULT '',
                    member_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX household_on_number ON household(village_id, number);
                CREATE INDEX household_on_number_only ON household(number);
                CREATE INDEX household_on_village_group ON household(village_group_id, number);
                CREATE INDEX household_on_head ON household(head_person_id);
                CREATE INDEX household_on_address ON household(address, number);
                CREATE INDEX household_on_member_count ON household(member_count, number);
                CREATE TABLE person (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                    name TEXT NOT NULL,
                    name_pinyin TEXT NOT NULL DEFAULT '',
                    name_initials TEXT NOT NULL DEFAULT '',
                    sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
                    id_number TEXT NOT NULL DEFAULT '',
                    birth_date TEXT,
                    relation TEXT NOT NULL CHECK (relation IN
                        ('head', 'spouse', 'child', 'parent', 'childInLaw', 'grandchild', 'sibling', 'other')),
                    marital_status TEXT NOT NULL CHECK (marital_status IN
                        ('unmarried', 'married', 'divorced', 'widowed')),
                    phone TEXT NOT NULL DEFAULT '',
                    is_association_member BOOLEAN NOT NULL DEFAULT 0,
                    migrant_status TEXT NOT NULL DEFAULT 'resident'
                        CHECK (migrant_status IN ('resident', 'outflow', 'inflow')),
                    whereabouts TEXT NOT NULL DEFAULT '',
                    migrant_contact TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX person_on_household ON person(household_id);
                CREATE INDEX person_on_id_number ON person(id_number);
                CREATE INDEX person_on_name_pinyin ON person(name_pinyin);
                -- Sorting households by the head's name walks heads only.
                CREATE INDEX person_head_on_name_pinyin ON person(name_pinyin, name) WHERE relation = 'head';
                CREATE INDEX person_on_name_initials ON person(name_initials);
                CREATE INDEX person_on_name ON person(name);

                -- household.member_count follows the person rows.
                CREATE TRIGGER person_counted_on_insert AFTER INSERT ON person BEGIN
                    UPDATE household SET member_count = member_count + 1 WHERE id = NEW.household_id;
                END;
                CREATE TRIGGER person_counted_on_delete AFTER DELETE ON person BEGIN
                    UPDATE household SET member_count = member_count - 1 WHERE id = OLD.household_id;
                END;
                CREATE TRIGGER person_counted_on_move AFTER UPDATE OF household_id ON person
                WHEN OLD.household_id <> NEW.household_id BEGIN
                    UPDATE household SET member_count = member_count - 1 WHERE id = OLD.household_id;
                    UPDATE household SET member_count = member_count + 1 WHERE id = NEW.household_id;
                END;
                """)
        }
        migrator.registerMigration("v2 honesty groups, elections, agreements; persons who left") { db in
            try db.execute(sql: """
                -- A person who leaves the household keeps the row, flagged.
                ALTER TABLE person ADD COLUMN left_on TEXT;
                ALTER TABLE person ADD COLUMN left_reason TEXT NOT NULL DEFAULT '';
                CREATE INDEX person_on_household_left ON person(household_id, left_on);

                -- household.member_count counts current members only.
                DROP TRIGGER person_counted_on_insert;
                DROP TRIGGER person_counted_on_delete;
                DROP TRIGGER person_counted_on_move;
                CREATE TRIGGER person_counted_on_insert AFTER INSERT ON person WHEN NEW.left_on IS NULL BEGIN
                    UPDATE household SET member_count = member_count + 1 WHERE id = NEW.household_id;
                END;
                CREATE TRIGGER person_counted_on_delete AFTER DELETE ON person WHEN OLD.left_on IS NULL BEGIN
                    UPDATE household SET member_count = member_count - 1 WHERE id = OLD.household_id;
                END;
                CREATE TRIGGER person_counted_on_change AFTER UPDATE OF household_id, left_on ON person
                WHEN OLD.household_id <> NEW.household_id OR (OLD.left_on IS NULL) <> (NEW.left_on IS NULL) BEGIN
                    UPDATE household SET member_count = member_count - (OLD.left_on IS NULL) WHERE id = OLD.household_id;
                    UPDATE household SET member_count = member_count + (NEW.left_on IS NULL) WHERE id = NEW.household_id;
                END;
                UPDATE household SET member_count =
                    (SELECT COUNT(*) FROM person p WHERE p.household_id = household.id AND p.left_on IS NULL);

                CREATE TABLE honesty_group (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    village_id INTEGER NOT NULL REFERENCES village(id) ON DELETE RESTRICT,
                    village_group_id INTEGER NOT NULL REFERENCES village_group(id) ON DELETE RESTRICT,
                    name TEXT NOT NULL,
                    formed_on TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE UNIQUE INDEX honesty_group_on_name ON honesty_group(village_id, name);
                CREATE INDEX honesty_group_on_village_group ON honesty_group(village_group_id, name);

                -- Memberships are never deleted: leaving sets left_on.
                CREATE TABLE group_member (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    group_id INTEGER NOT NULL REFERENCES honesty_group(id) ON DELETE RESTRICT,
                    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                    joined_on TEXT NOT NULL,
                    left_on TEXT,
                    left_reason TEXT NOT NULL DEFAULT '',
                    ineligible_reason TEXT NOT NULL DEFAULT ''
                );
                -- A household is in at most one group at a time.
                CREATE UNIQUE INDEX group_member_active_household ON group_member(household_id) WHERE left_on IS NULL;
                CREATE INDEX group_member_on_group ON group_member(group_id, left_on);
                CREATE INDEX group_member_on_household ON group_member(household_id);

                CREATE TABLE election (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    group_id INTEGER NOT NULL REFERENCES honesty_group(id) ON DELETE RESTRICT,
                    held_on TEXT NOT NULL,
                    place TEXT NOT NULL,
                    presided_by TEXT NOT NULL,
                    elected_person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT
                );
                CREATE INDEX election_on_group ON election(group_id, held_on);
                CREATE INDEX election_on_elected ON election(elected_person_id);
                CREATE TABLE election_candidate (
                    election_id INTEGER NOT NULL REFERENCES election(id) ON DELETE CASCADE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                    votes INTEGER NOT NULL CHECK (votes >= 0),
                    PRIMARY KEY (election_id, person_id)
                );
                CREATE INDEX election_candidate_on_person ON election_candidate(person_id);

                CREATE TABLE agreement_template (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    adopted_on TEXT,
                    adopted_by TEXT NOT NULL DEFAULT '',
                    is_default BOOLEAN NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX agreement_template_on_name ON agreement_template(name, version);

                CREATE TABLE agreement (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    group_id INTEGER NOT NULL REFERENCES honesty_group(id) ON DELETE RESTRICT,
                    template_id INTEGER NOT NULL REFERENCES agreement_template(id) ON DELETE RESTRICT,
                    version INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    source_body TEXT NOT NULL DEFAULT '',
                    -- expired is derived from valid_to, never stored.
                    state TEXT NOT NULL CHECK (state IN ('draft', 'signing', 'inForce', 'terminated')),
                    valid_from TEXT NOT NULL,
                    valid_to TEXT NOT NULL,
                    created_on TEXT,
                    signing_started_on TEXT,
                    committee_signer TEXT NOT NULL DEFAULT '',
                    committee_signed_on TEXT,
                    terminated_on TEXT,
                    termination_reason TEXT NOT NULL DEFAULT '',
                    supersedes_id INTEGER REFERENCES agreement(id) ON DELETE RESTRICT,
                    CHECK (valid_from <= valid_to)
                );
                CREATE INDEX agreement_on_group ON agreement(group_id, id);
                CREATE INDEX agreement_on_template ON agreement(template_id);
                CREATE INDEX agreement_on_valid_to ON agreement(state, valid_to);
                CREATE UNIQUE INDEX agreement_on_supersedes ON agreement(supersedes_id);

                CREATE TABLE signature (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id INTEGER NOT NULL REFERENCES agreement(id) ON DELETE RESTRICT,
                    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                    signer_name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('pending', 'inPerson', 'proxy', 'thumbprint', 'declined')),
                    proxy_name TEXT NOT NULL DEFAULT '',
                    proxy_relation TEXT NOT NULL DEFAULT '',
                    decline_reason TEXT NOT NULL DEFAULT '',
                    signed_on TEXT,
                    witness TEXT NOT NULL DEFAULT ''
                );
                CREATE UNIQUE INDEX signature_on_agreement ON signature(agreement_id, household_id);
                CREATE INDEX signature_on_household ON signature(household_id);
                """)
        }
        migrator.registerMigration("v3 pledges and fulfilment") { db in
            try db.execute(sql: """
                -- The village's pledge catalogue; used items are retired, never changed.
                CREATE TABLE pledge_item (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    code TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sort_order INTEGER NOT NULL DEFAULT 0,
                    is_retired BOOLEAN NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX pledge_item_on_code ON pledge_item(code);
                CREATE INDEX pledge_item_on_order ON pledge_item(is_retired, sort_order, id);

                -- A household's 承诺书; replaced_on is set when a newer pledge supersedes it.
                CREATE TABLE household_pledge (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                    pledged_on TEXT NOT NULL,
                    signed_on TEXT,
                    signer TEXT NOT NULL DEFAULT '',
                    supersedes_id INTEGER REFERENCES household_pledge(id) ON DELETE RESTRICT,
                    replaced_on TEXT
                );
                -- One current pledge per household.
                CREATE UNIQUE INDEX household_pledge_current ON household_pledge(household_id) WHERE replaced_on IS NULL;
                CREATE INDEX household_pledge_on_household ON household_pledge(household_id, id);
                CREATE TABLE household_pledge_item (
                    pledge_id INTEGER NOT NULL REFERENCES household_pledge(id) ON DELETE RESTRICT,
                    item_id INTEGER NOT NULL REFERENCES pledge_item(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (pledge_id, item_id)
                );
                CREATE INDEX household_pledge_item_on_item ON household_pledge_item(item_id);

                CREATE TABLE check_round (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    held_on TEXT NOT NULL
                );
                CREATE UNIQUE INDEX check_round_on_name ON check_round(name);
                CREATE INDEX check_round_on_held_on ON check_round(held_on, id);

                -- One result per item of a pledge per round; recording again replaces it.
                CREATE TABLE pledge_check (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    round_id INTEGER NOT NULL REFERENCES check_round(id) ON DELETE RESTRICT,
                    pledge_id INTEGER NOT NULL,
                    item_id INTEGER NOT NULL,
                    result TEXT NOT NULL CHECK (result IN ('kept', 'broken', 'notAssessed')),
                    note TEXT NOT NULL DEFAULT '',
                    recorded_by TEXT NOT NULL,
                    recorded_on TEXT NOT NULL,
                    FOREIGN KEY (pledge_id, item_id) REFERENCES household_pledge_item(pledge_id, item_id) ON DELETE RESTRICT
                );
                CREATE UNIQUE INDEX pledge_check_on_round ON pledge_check(round_id, pledge_id, item_id);
                CREATE INDEX pledge_check_on_pledge ON pledge_check(pledge_id, round_id);

                -- Public pledges of the government and the village committee (公开承诺).
                CREATE TABLE policy (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    level TEXT NOT NULL CHECK (level IN ('county', 'township', 'village')),
                    kind TEXT NOT NULL CHECK (kind IN ('money', 'service')),
                    amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen > 0),
                    recurrence TEXT NOT NULL CHECK (recurrence IN ('once', 'yearly')),
                    required_stars INTEGER NOT NULL DEFAULT 0 CHECK (required_stars BETWEEN 0 AND 3),
                    eligibility TEXT NOT NULL DEFAULT '',
                    is_retired BOOLEAN NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX policy_on_code ON policy(code);

                CREATE TABLE entitlement (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    policy_id INTEGER NOT NULL REFERENCES policy(id) ON DELETE RESTRICT,
                    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                    year INTEGER NOT NULL,
                    due_on TEXT NOT NULL,
                    amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen > 0),
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE UNIQUE INDEX entitlement_once_a_year ON entitlement(policy_id, household_id, year);
                CREATE INDEX entitlement_on_household ON entitlement(household_id, due_on);
                CREATE INDEX entitlement_on_due ON entitlement(due_on);

                CREATE TABLE fulfilment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    entitlement_id INTEGER NOT NULL REFERENCES entitlement(id) ON DELETE RESTRICT,
                    delivered_on TEXT NOT NULL,
                    amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen > 0),
                    detail TEXT NOT NULL DEFAULT '',
                    reference TEXT NOT NULL,
                    recorded_by TEXT NOT NULL
                );
                CREATE INDEX fulfilment_on_entitlement ON fulfilment(entitlement_id, delivered_on);
                """)
        }
        migrator.registerMigration("v4 assessments, rule documents, feedback") { db in
            try registerAssessmentSchema(db)
        }
        migrator.registerMigration("v5 users, audit log, settings, drafts") { db in
            try db.execute(sql: """
                CREATE TABLE app_user (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    display_name TEXT NOT NULL DEFAULT '',
                    role TEXT NOT NULL,
                    group_id INTEGER REFERENCES honesty_group(id) ON DELETE RESTRICT,
                    password_hash TEXT NOT NULL,
                    failed_count INTEGER NOT NULL DEFAULT 0,
                    locked_until TEXT,
                    disabled INTEGER NOT NULL DEFAULT 0
                );
                -- Appended to by triggers only; never updated or deleted.
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    username TEXT NOT NULL,
                    action TEXT NOT NULL,
                    table_name TEXT NOT NULL,
                    row_id INTEGER,
                    before TEXT,
                    after TEXT,
                    row_hash TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX audit_log_on_row ON audit_log(table_name, row_id);
                CREATE INDEX audit_log_on_user ON audit_log(username);
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                -- Forms left unsaved when the terminal hung up, offered back at the next start.
                CREATE TABLE draft (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username TEXT NOT NULL,
                    screen TEXT NOT NULL,
                    target TEXT NOT NULL DEFAULT '',
                    title TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    saved_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v6 indexes for county-scale search and alerts") { db in
            try registerNameCharacterIndex(db)
            // The agreement alerts check each group's agreements by state and end date;
            // with this index they never read the agreements' long texts.
            try db.execute(sql: "CREATE INDEX agreement_on_group_state ON agreement(group_id, state, valid_to)")
        }
        migrator.registerMigration("v7 audit manifests for bulk imports") { db in
            // An import is one audit entry; the SHA-256 of each row it wrote is
            // kept here (32 bytes per row, rows first_row_id … in order), and the
            // entry's row_hash is the digest of its manifests (DECISIONS 25).
            try db.execute(sql: """
                CREATE TABLE audit_bulk (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    entry_id INTEGER NOT NULL REFERENCES audit_log(id),
                    table_name TEXT NOT NULL,
                    first_row_id INTEGER NOT NULL,
                    row_count INTEGER NOT NULL,
                    row_hashes BLOB NOT NULL
                );
                CREATE INDEX audit_bulk_on_rows ON audit_bulk(table_name, first_row_id);
                CREATE INDEX audit_bulk_on_entry ON audit_bulk(entry_id);
                -- person_on_household_left(household_id, left_on) serves every lookup by
                -- household; this one only cost each person write an index update.
                DROP INDEX person_on_household;
                """)
        }
        migrator.registerMigration("v8 pairs of characters in the name index") { db in
            try addNamePairsToIndex(db)
        }
        migrator.registerMigration("v9 import batches and saved column mappings") { db in
            // A roster import is a batch that can be undone as a whole. Rows it
            // added have consecutive ids (person_first … person_last, and the
            // same for households); a row it changed has its full row from before
            // in import_batch_row.before_image, which the audit log's text leaves
            // out (it holds unmasked numbers). audit_first … audit_last are the
            // entries the import wrote: a later entry on one of its rows blocks undo.
            try db.execute(sql: """
                CREATE TABLE import_batch (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    encoding TEXT NOT NULL,
                    sheet TEXT NOT NULL DEFAULT '',
                    imported_at TEXT NOT NULL,
                    username TEXT NOT NULL,
                    households_new INTEGER NOT NULL DEFAULT 0,
                    households_changed INTEGER NOT NULL DEFAULT 0,
                    persons_new INTEGER NOT NULL DEFAULT 0,
                    persons_changed INTEGER NOT NULL DEFAULT 0,
                    persons_matched INTEGER NOT NULL DEFAULT 0,
                    person_first INTEGER,
                    person_last INTEGER,
                    household_first INTEGER,
                    household_last INTEGER,
                    audit_first INTEGER,
                    audit_last INTEGER,
                    undone_at TEXT,
                    undone_by TEXT
                );
                CREATE TABLE import_batch_row (
                    id INTEGER PRIMARY KEY,
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    table_name TEXT NOT NULL,
                    row_id INTEGER NOT NULL,
                    before_image TEXT NOT NULL
                );
                CREATE INDEX import_batch_row_on_batch ON import_batch_row(batch_id);
                CREATE TABLE import_mapping (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    columns TEXT NOT NULL,
                    saved_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v10 duplicate persons: pairs marked not duplicate, merge records") { db in
            try registerDuplicateSchema(db)
        }
        migrator.registerMigration("v11 rectification of broken pledges, conditional benefits") { db in
            try db.execute(sql: """
                ALTER TABLE policy ADD COLUMN is_conditional INTEGER NOT NULL DEFAULT 0;
                -- The village rules' preferences are what §四.2 of the agreement withholds.
                UPDATE policy SET is_conditional = 1 WHERE level = 'village';
                CREATE TABLE rectification_case (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    household_id INTEGER NOT NULL REFERENCES household(id) ON DELETE RESTRICT,
                    check_id INTEGER UNIQUE REFERENCES pledge_check(id) ON DELETE RESTRICT,
                    item TEXT NOT NULL,
                    opened_on TEXT NOT NULL,
                    deadline TEXT NOT NULL,
                    group_review_on TEXT,
                    group_review_note TEXT NOT NULL DEFAULT '',
                    committee_check_on TEXT,
                    committee_check_by TEXT NOT NULL DEFAULT '',
                    mended_on TEXT,
                    mended_note TEXT NOT NULL DEFAULT '',
                    restored_on TEXT,
                    restored_note TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX rectification_case_by_household ON rectification_case(household_id);
                """)
        }
        migrator.registerMigration("v12 programme calendar") { db in
            try registerCalendarSchema(db)
        }
        migrator.registerMigration("v13 meetings and field work") { db in
            try registerMeetingSchema(db)
        }
        migrator.registerMigration("v14 questionnaires, samples, findings") { db in
            try registerEvaluationSchema(db)
        }
        migrator.registerMigration("v15 structured eligibility, hardship, shares by star level") { db in
            try registerEligibilitySchema(db)
        }
        migrator.registerMigration("v16 village code") { db in
            // The 12-digit 统计用区划代码; empty until the office sets it.
            try db.execute(sql: "ALTER TABLE village ADD COLUMN code TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }
}
