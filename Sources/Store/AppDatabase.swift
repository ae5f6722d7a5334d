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
    let dbWriter: any DatabaseWriter

    /// Wraps a connection and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        self.dbWriter = writer
        try Self.migrator.migrate(writer)
    }

    /// For tests and read-only checks.
    public var reader: any DatabaseReader { dbWriter }

    /// Opens (or creates) the database file at `path` in WAL mode.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // Create the file ourselves so it is private (0600) from the start;
        // SQLite gives the -wal and -shm files the same mode.
        if !FileManager.default.fileExists(atPath: path) {
            let fd = createPrivateFile(path)
            if fd < 0 {
                throw StoreError.refused(Localized("无法创建数据库文件：\(path)", "Cannot create the database file: \(path)"))
            }
            close(fd)
        }
        let pool = try DatabasePool(path: path, configuration: makeConfiguration())
        // DatabasePool picks synchronous = NORMAL for WAL, which can lose the
        // last commits on power loss; records are worth a full sync.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return try AppDatabase(pool)
    }

    /// An empty database in memory, for tests and previews.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// `$CHENGXIN_DB`, else `$HOME/.local/share/chengxin/chengxin.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let p = environment["CHENGXIN_DB"], !p.isEmpty { return p }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/chengxin/chengxin.sqlite"
    }

    static func makeConfiguration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.label = "chengxin"
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
    /// Every schema change, in order. Never edit a registered migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 village, groups, households, persons") { db in
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
        migrator.registerMigration("v4 assessments, rule documents, feedback") { db in
            try registerAssessmentSchema(db)
        }
        return migrator
    }
}
