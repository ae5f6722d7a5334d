import Domain
import Foundation
import GRDB
import ZIPFoundation

/// What a package holds, listed in its `manifest.json`.
struct PackageManifest: Codable, Equatable {
    var format = 1
    var from: String
    var seq: Int
    var created: String
    /// One village's records each: a village sends its own; a township forwards its villages'.
    var parts: [PackagePart] = []
    /// Down: which of the village's packages arrived.
    var acknowledgements: [Acknowledgement] = []
    /// Restore: the village's copy goes back whole, to the key of its new machine, with the
    /// number of the last package the township sent down to it.
    var restore: Bool = false
    var downSeq: Int = 0
    /// Down: the office's policies (county and township level) and agreement templates, as an
    /// SQLite file of those two tables.
    var catalogue: String?
    /// Down: the township's decisions about the village (star reviews, as JSON).
    var decisions: [OfficeDecision]?
}

/// One village's records in a package: an SQLite file (`file`), either the whole database
/// (`full`) or the audit entries after `baseEntry` with the rows they touched as they are at
/// `headEntry`.
struct PackagePart: Codable, Equatable {
    var village: String
    var name: String
    var full: Bool
    var baseEntry: Int64
    var baseHash: String
    var headEntry: Int64
    var headHash: String
    var migrations: [String]
    var file: String
    var entries: Int
}

/// A township's word that a village's package `seq` arrived, with the audit head it ended at.
struct Acknowledgement: Codable, Equatable {
    var village: String
    var seq: Int
    var entry: Int64
    var hash: String
}

/// The payload is a zip (ZIPFoundation, deflate) of the manifest and the part files.
enum Payload {
    static func pack(_ manifest: PackageManifest, files: [String: String], scratch: String) throws -> Data {
        let zipPath = scratch + "/payload.zip"
        let archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(manifest)
        try archive.addEntry(with: "manifest.json", type: .file, uncompressedSize: Int64(json.count),
                             compressionMethod: .deflate) { position, size in
            json.subdata(in: Int(position) ..< Int(position) + size)
        }
        for (name, path) in files.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: name, fileURL: URL(fileURLWithPath: path), compressionMethod: .deflate)
        }
        return try Data(contentsOf: URL(fileURLWithPath: zipPath))
    }

    /// Unpacks into `scratch`; returns the manifest and where each part file is.
    static func unpack(_ data: Data, scratch: String) throws -> (PackageManifest, [String: String]) {
        let zipPath = scratch + "/payload.zip"
        try data.write(to: URL(fileURLWithPath: zipPath))
        guard let archive = try? Archive(url: URL(fileURLWithPath: zipPath), accessMode: .read),
              let entry = archive["manifest.json"] else { throw StoreError.refused(Envelope.damaged) }
        var json = Data()
        _ = try archive.extract(entry) { json.append($0) }
        guard let manifest = try? JSONDecoder().decode(PackageManifest.self, from: json), manifest.format == 1 else {
            throw StoreError.refused(Envelope.damaged)
        }
        var files: [String: String] = [:]
        for file in manifest.parts.map(\.file) + (manifest.catalogue.map { [$0] } ?? []) {
            guard file.allSatisfy({ $0.isNumber || $0.isLetter || $0 == "." }), let e = archive[file] else {
                throw StoreError.refused(Envelope.damaged)
            }
            let out = scratch + "/" + file
            // The payload's SHA-256 was checked whole: the zip's own CRC-32 would check it again.
            _ = try archive.extract(e, to: URL(fileURLWithPath: out), bufferSize: 1 << 18, skipCRC32: true)
            files[file] = out
        }
        return (manifest, files)
    }

    /// A private scratch folder, removed by the caller.
    static func scratchDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "chengxin-exchange-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return dir
    }
}

/// The package's sequence bookkeeping, kept as JSON in a setting.
struct SequenceMark: Codable, Equatable {
    var seq: Int
    var entry: Int64
    var hash: String
    var at: String

    static func decode(_ text: String?) -> SequenceMark? {
        text.flatMap { try? JSONDecoder().decode(SequenceMark.self, from: Data($0.utf8)) }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

extension AppDatabase {
    /// The last audit entry: its id and hash (0 and "" in an empty log).
    static func auditHead(_ db: Database) throws -> (entry: Int64, hash: String) {
        if let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1") {
            return (row[0], row[1])
        }
        return (0, "")
    }

    static func entryHash(_ db: Database, id: Int64) throws -> String? {
        if id == 0 { return "" }
        return try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE id = ?", arguments: [id])
    }

    /// The migrations a database has, in order.
    static func appliedMigrations(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
    }

    /// Whether the table's rowid is its INTEGER PRIMARY KEY column.
    static func hasRowidAlias(_ db: Database, _ table: String) throws -> Bool {
        let pk = try Row.fetchAll(db, sql: "SELECT type FROM pragma_table_info(?) WHERE pk > 0", arguments: [table])
        return pk.count == 1 && (pk[0]["type"] as String).uppercased() == "INTEGER"
    }
}

extension AppDatabase {
    /// Closes the database's connections (after a checkpoint), before its file is replaced.
    public func closeConnections() throws {
        try dbWriter.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try dbWriter.close()
    }
}
