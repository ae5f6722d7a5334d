import Crypto
import Domain
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// One bad line of an import file.
public struct ImportProblem: Hashable, Sendable {
    /// The line in the file (the header is line 1).
    public var line: Int
    public var message: Localized
    public init(line: Int, message: Localized) {
        self.line = line
        self.message = message
    }
}

/// An import refused as a whole: nothing was written.
public struct ImportRejected: Error, Sendable {
    public var problems: [ImportProblem]
    public init(problems: [ImportProblem]) { self.problems = problems }
}

/// What an import wrote.
public struct ImportReport: Sendable {
    public var households: Int
    public var persons: Int
}

/// The columns of a household roster file, as its header names them.
public enum HouseholdImportColumns {
    public static let number = "户号"
    public static let villageGroup = "社"
    public static let address = "地址"
    public static let headName = "户主姓名"
    public static let sex = "性别"
    public static let idNumber = "身份证号"
    public static let phone = "电话"
    public static let all = [number, villageGroup, address, headName, sex, idNumber, phone]
}

extension AppDatabase {
    /// Imports a roster of households with their heads (CSV, UTF-8, header in
    /// Chinese: 户号,社,地址,户主姓名,性别,身份证号,电话) into the office's village.
    ///
    /// Every line is checked like the household form checks it (number, 社,
    /// name, ID number with its check digit, birth date and sex, phone, numbers
    /// free in the village and in the file). If any line is bad the whole file
    /// is refused with every bad line listed and nothing is written. The file is
    /// read once, line by line: good lines are written as they are checked, in
    /// one transaction that is rolled back at the end if any line was bad, so
    /// memory does not grow with the file. The import is one audit entry naming
    /// `source` and the file's SHA-256, with the hash of every row it wrote in
    /// its manifest (DECISIONS 25). Needs a clerk or administrator once the
    /// database has users.
    @discardableResult
    public func importHouseholds(csv data: Data, source: String = "", on today: LocalDate) throws -> ImportReport {
        let encoding = try FileEncoding.detect(ByteSource.data(data))
        let reader = CSVReader(source: try ByteSource(encoding: encoding, read: ByteSource.data(data)))
        return try importHouseholds(reader: reader, source: source, today: today)
    }

    /// `importHouseholds(csv:source:on:)` reading the file at `path` a piece at
    /// a time, so memory does not grow with the file: a CSV or tab-separated
    /// file in UTF-8 or GBK/GB18030, or the first sheet of an xlsx workbook.
    @discardableResult
    public func importHouseholds(csvFile path: String, on today: LocalDate) throws -> ImportReport {
        try importHouseholds(file: TableFile.open(path), on: today)
    }

    /// `importHouseholds(csv:source:on:)` reading an opened table file.
    @discardableResult
    public func importHouseholds(file: TableFile, on today: LocalDate) throws -> ImportReport {
        try importHouseholds(reader: file.reader(), source: URL(fileURLWithPath: file.path).lastPathComponent, today: today)
    }

    private func importHouseholds(reader: any TableReader, source: String, today: LocalDate) throws -> ImportReport {
        if access.usersExist {
            guard let role = access.session?.role else { throw StoreError.refused(Self.notSignedIn) }
            guard role == .administrator || role == .clerk else { throw StoreError.refused(Self.notAllowed) }
        }
        try requireWrite()
        guard let village = try dbWriter.read({ db in try Village.order(Column("id")).fetchOne(db) }), let villageId = village.id else {
            throw StoreError.refused(Localized("请先在“村庄信息”中填写本村名称", "Please set up the village first"))
        }
        var reader = reader
        guard let header = try reader.next() else {
            throw ImportRejected(problems: [ImportProblem(line: 1, message: Localized("文件是空的", "The file is empty"))])
        }
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() { index[name.trimmed] = i }
        let missing = HouseholdImportColumns.all.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw ImportRejected(problems: [ImportProblem(line: header.line, message: Localized(
                "表头缺少列：\(missing.joined(separator: "、"))（应为 \(HouseholdImportColumns.all.joined(separator: ","))）",
                "The header lacks the columns \(missing.joined(separator: ", ")) (expected \(HouseholdImportColumns.all.joined(separator: ",")))"))])
        }
        let columns = HouseholdImportColumns.all.map { index[$0]! }
        // Foreign keys are not checked row by row: every id written is the import's own
        // or the village's and its 社's, taken from the database above (DECISIONS 25).
        try requireWrite()
        do {
            return try dbWriter.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var report = ImportReport(households: 0, persons: 0)
                try db.inTransaction {
                    report = try importHouseholdRows(db, reader: &reader, columns: columns, villageId: villageId,
                                                     today: today, source: source)
                    return .commit
                }
                return report
            }
        } catch {
            throw StoreError.from(error)
        }
    }

    /// What the import's audit entry says: the file and its SHA-256 (the rows are in its manifest).
    /// With the first and last household numbers written, so the entry can be found by them.
    static func importNote(source: String, fileHash: String, households: Int, persons: Int,
                           numbers: (first: String, last: String)?) -> String {
        var out: [UInt8] = []
        out.append(contentsOf: "{\"file\":".utf8)
        AuditedInserter.appendString(source, to: &out)
        out.append(contentsOf: ",\"sha256\":\"\(fileHash)\",\"households\":\(households),\"persons\":\(persons)".utf8)
        if let numbers {
            out.append(contentsOf: ",\"first_number\":".utf8)
            AuditedInserter.appendString(numbers.first, to: &out)
            out.append(contentsOf: ",\"last_number\":".utf8)
            AuditedInserter.appendString(numbers.last, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private func importHouseholdRows(_ db: Database, reader: inout any TableReader, columns: [Int], villageId: Int64,
                                     today: LocalDate, source: String) throws -> ImportReport {
        // The village as it is: its 社 by number and name.
        var groups: [String: Int64] = [:]
        for g in try VillageGroup.filter(Column("village_id") == villageId).fetchAll(db) {
            groups[String(g.number)] = g.id
            groups[g.name] = g.id
        }
        // Numbers and ID numbers are checked against the database, which holds
        // the good lines written so far in this transaction, not against lists
        // kept in memory: the line a repeated value first appeared on is found
        // from the id of the row it was written as.
        let numberOwner = try db.makeStatement(sql: "SELECT id FROM household WHERE village_id = ? AND number = ?")
        let idOwner = try db.makeStatement(sql: """
            SELECT p.id FROM person p JOIN household h ON h.id = p.household_id
            WHERE p.id_number = ? AND h.village_id = ? AND p.left_on IS NULL LIMIT 1
            """)
        /// The file line of each good line, by its place from the first id.
        var lines: [Int32] = []
        var problems: [ImportProblem] = []

        // Rows are written as they pass; the name index and member counts are
        // filled once at the end instead of by their triggers row by row.
        let suspended = try SuspendedTriggers(db, ["person_name_char_on_insert", "person_counted_on_insert"])
        let inserter = try AuditedInserter(db, username: access.actor, manifest: true)
        let firstPerson = try inserter.nextId("person")
        let firstHousehold = try inserter.nextId("household")
        let checker = try ImportLineChecker(columns: columns, villageId: villageId, groups: groups, today: today,
                                            firstPerson: firstPerson, firstHousehold: firstHousehold,
                                            person: inserter.blankRow("person"), household: inserter.blankRow("household"))
        // The file is read and each line checked, spelled and hashed on another
        // thread while this one writes: on two cores the two halves overlap.
        let pipeline = ImportPipeline(reader: reader, checker: checker)
        pipeline.start()
        defer { pipeline.stopAndWait() }
        var written = 0
        var personEnd = firstPerson
        var firstNumber: String?
        var lastNumber = ""
        /// The line of this file a row was written from, or nil for a row already in the village.
        func line(of id: Int64, from first: Int64) -> Int? {
            id >= first && id - first < Int64(lines.count) ? Int(lines[Int(id - first)]) : nil
        }
        while let batch = try pipeline.next() {
            for item in batch {
                guard let good = item.good else {
                    for m in item.problems { problems.append(ImportProblem(line: item.line, message: m)) }
                    continue
                }
                var messages: [Localized] = []
                if !good.number.isEmpty, let owner = try Int64.fetchOne(numberOwner, arguments: [villageId, good.number]) {
                    if let first = line(of: owner, from: firstHousehold) {
                        messages.append(Localized("户号 \(good.number) 与第 \(first) 行重复", "Household number \(good.number) repeats line \(first)"))
                    } else {
                        messages.append(Localized("户号 \(good.number) 本村已有", "Household number \(good.number) is already in the village"))
                    }
                }
                if !good.idNumber.isEmpty, let owner = try Int64.fetchOne(idOwner, arguments: [good.idNumber, villageId]) {
                    if let first = line(of: owner, from: firstPerson) {
                        messages.append(Localized("身份证号与第 \(first) 行重复", "The ID number repeats line \(first)"))
                    } else {
                        messages.append(Localized("身份证号已在本村登记", "The ID number is already registered in the village"))
                    }
                }
                // Every checked line has its ids, written or not (the ids stay in step with `lines`).
                lines.append(Int32(clamping: item.line))
                if !messages.isEmpty {
                    for m in messages { problems.append(ImportProblem(line: item.line, message: m)) }
                    continue
                }
                // Good lines are written even after a bad one (so later lines are checked
                // against them); the transaction is rolled back at the end. Each head
                // first, then the household pointing at it (foreign keys are checked at commit).
                try inserter.insert("person", values: good.person, rowId: good.personId, hash: good.personHash,
                                    arguments: good.personArguments)
                try inserter.insert("household", values: good.household, rowId: good.householdId, hash: good.householdHash,
                                    arguments: good.householdArguments)
                written += 1
                personEnd = good.personId + 1
                if firstNumber == nil { firstNumber = good.number }
                lastNumber = good.number
            }
        }
        if !problems.isEmpty { throw ImportRejected(problems: problems) }
        if written > 0 {
            // The name index for the new persons, as its trigger would have written it.
            try db.execute(sql: "INSERT OR IGNORE INTO person_name_char(ch, person_id) "
                + Self.nameIndexRows("p", pairs: true, from: "person p, ", filter: "p.id >= ? AND p.id < ?"),
                arguments: [firstPerson, personEnd])
        }
        try suspended.restore()
        try inserter.finish(action: "import", note: Self.importNote(source: source, fileHash: pipeline.fileDigest(),
                                                                        households: written, persons: written,
                                                                        numbers: firstNumber.map { ($0, lastNumber) }))
        return ImportReport(households: written, persons: written)
    }
}

/// One line of an import file as the reading thread left it: its problems, or
/// the rows to write with their ids and hashes.
struct CheckedImportLine: Sendable {
    struct Good: Sendable {
        var number: String
        var idNumber: String
        var personId: Int64
        var householdId: Int64
        var person: [BulkValue]
        var household: [BulkValue]
        var personHash: [UInt8]
        var householdHash: [UInt8]
        var personArguments: StatementArguments
        var householdArguments: StatementArguments
    }
    var line: Int
    var problems: [Localized]
    var good: Good?
}

/// The checks of a household line that need no database: 社, sex, the
/// household and head as their forms check them. A good line gets the next ids
/// (every good line does, so ids match `lines` on the writing side) and its
/// rows with their SHA-256s.
struct ImportLineChecker: Sendable {
    let columns: [Int]
    let villageId: Int64
    let groups: [String: Int64]
    let today: LocalDate
    let firstPerson: Int64
    let firstHousehold: Int64
    let person: AuditedInserter.BlankRow
    let household: AuditedInserter.BlankRow
    private let P: [Int]
    private let H: [Int]
    private static let personColumns = ["id", "household_id", "name", "name_pinyin", "name_initials", "sex", "id_number",
                                        "birth_date", "relation", "marital_status", "phone"]
    private static let householdColumns = ["id", "village_id", "village_group_id", "number", "address", "head_person_id",
                                           "phone", "member_count"]

    init(columns: [Int], villageId: Int64, groups: [String: Int64], today: LocalDate, firstPerson: Int64,
         firstHousehold: Int64, person: AuditedInserter.BlankRow, household: AuditedInserter.BlankRow) throws {
        func places(_ row: AuditedInserter.BlankRow, _ names: [String]) throws -> [Int] {
            try names.map { name in
                guard let i = row.place[name] else {
                    throw StoreError.refused(Localized("内部错误：缺少列 \(name)", "Internal error: no column \(name)"))
                }
                return i
            }
        }
        self.columns = columns
        self.villageId = villageId
        self.groups = groups
        self.today = today
        self.firstPerson = firstPerson
        self.firstHousehold = firstHousehold
        self.person = person
        self.household = household
        P = try places(person, Self.personColumns)
        H = try places(household, Self.householdColumns)
    }

    /// Checks `r`, the `good`-th good line so far (which decides its ids).
    func check(_ r: FileRow, good: Int64, speller: PinyinSpeller) -> CheckedImportLine {
        func field(_ c: Int) -> String {
            let i = columns[c]
            return i < r.fields.count ? r.fields[i].trimmed : ""
        }
        var messages: [Localized] = []
        let number = field(0), she = field(1), sexText = field(4)
        let groupId = groups[she]
        if she.isEmpty {
            messages.append(Localized("社不能为空", "社 is required"))
        } else if groupId == nil {
            messages.append(Localized("本村没有“\(she)”这个社", "The village has no 社 \(she)"))
        }
        let sex: Sex?
        switch sexText {
        case "男", "male", "M", "m": sex = .male
        case "女", "female", "F", "f": sex = .female
        default: sex = nil
        }
        if sex == nil { messages.append(Localized("性别应为“男”或“女”：\(sexText)", "Sex must be 男 or 女: \(sexText)")) }
        let h = AppDatabase.normalized(Household(villageId: villageId, villageGroupId: groupId ?? 0, number: number,
                                                 address: field(2), phone: field(6)))
        // As `normalized(Person)` does, with the caller's today.
        var head = Person(householdId: 0, name: Validation.normalizeName(field(3)), sex: sex ?? .male,
                          idNumber: IDNumber.normalize(field(5)), relation: .head)
        if !head.idNumber.isEmpty, IDNumber.problems(head.idNumber, on: today).isEmpty {
            head.birthDate = IDNumber.birthDate(of: head.idNumber)
        }
        var errors = Validation.validate(h)
        errors += Validation.validate(head, on: today).filter { sex != nil || $0.field != "sex" }
        messages += errors.map(\.message)
        if !messages.isEmpty { return CheckedImportLine(line: r.line, problems: messages, good: nil) }
        let personId = firstPerson + good, householdId = firstHousehold + good
        let spelled = speller.spell(head.name)
        var p = person.values
        for (i, v) in zip(P, [BulkValue.int(personId), .int(householdId), .text(head.name), .text(spelled.full),
                              .text(spelled.initials), .text(head.sex.rawValue), .text(head.idNumber),
                              head.birthDate.map { .text($0.description) } ?? .null, .text(Relation.head.rawValue),
                              .text(head.maritalStatus.rawValue), .text(head.phone)]) { p[i] = v }
        var hh = household.values
        for (i, v) in zip(H, [BulkValue.int(householdId), .int(villageId), .int(h.villageGroupId), .text(h.number),
                              .text(h.address), .int(personId), .text(h.phone), .int(1)]) { hh[i] = v }
        return CheckedImportLine(line: r.line, problems: [], good: CheckedImportLine.Good(
            number: h.number, idNumber: head.idNumber, personId: personId, householdId: householdId,
            person: p, household: hh,
            personHash: Array(SHA256.hash(data: AuditedInserter.jsonBytes(person.columns, p, masked: false))),
            householdHash: Array(SHA256.hash(data: AuditedInserter.jsonBytes(household.columns, hh, masked: false))),
            personArguments: AuditedInserter.arguments(p), householdArguments: AuditedInserter.arguments(hh)))
    }
}

/// Reads and checks an import file on its own thread, handing batches of
/// checked lines to the writing thread through a short queue (so memory stays
/// flat: the reader waits while the queue is full).
final class ImportPipeline: @unchecked Sendable {
    private var reader: any TableReader
    private let checker: ImportLineChecker
    private let condition = NSCondition()
    private var batches: [[CheckedImportLine]] = []
    private var finished = false
    private var stopped = false
    private var failure: Error?
    private var thread: Thread?
    private var running = false
    /// Lines per batch and batches waiting: enough to keep both threads busy, little memory.
    private static let batchSize = 128
    private static let queueLength = 4

    init(reader: any TableReader, checker: ImportLineChecker) {
        self.reader = reader
        self.checker = checker
    }

    func start() {
        running = true
        let t = Thread { [self] in run() }
        t.stackSize = 1 << 20
        thread = t
        t.start()
    }

    private func run() {
        let speller = PinyinSpeller()
        var good: Int64 = 0
        var batch: [CheckedImportLine] = []
        func hand(_ b: [CheckedImportLine]) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= Self.queueLength && !stopped { condition.wait() }
            if stopped { return false }
            batches.append(b)
            condition.broadcast()
            return true
        }
        do {
            while let r = try reader.next() {
                if r.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
                let checked = checker.check(r, good: good, speller: speller)
                if checked.good != nil { good += 1 }
                batch.append(checked)
                if batch.count == Self.batchSize {
                    guard hand(batch) else { break }
                    batch = []
                }
            }
            if !batch.isEmpty { _ = hand(batch) }
        } catch {
            condition.lock()
            failure = error
            condition.unlock()
        }
        condition.lock()
        finished = true
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end of the file; rethrows a reading error.
    func next() throws -> [CheckedImportLine]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if let failure { throw failure }
        if batches.isEmpty { return nil }
        let b = batches.removeFirst()
        condition.broadcast()
        return b
    }

    /// Stops the reading thread (if it is still reading) and waits for it to end.
    func stopAndWait() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    /// The SHA-256 of the whole file, once it has been read to the end.
    func fileDigest() -> String {
        condition.lock()
        defer { condition.unlock() }
        return reader.digest()
    }
}

/// Triggers dropped for the length of a bulk write in the current
/// transaction and created again from their own SQL by `restore()`.
struct SuspendedTriggers {
    private let db: Database
    private let definitions: [String]

    init(_ db: Database, _ names: [String]) throws {
        self.db = db
        var definitions: [String] = []
        for name in names {
            guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                                arguments: [name]) else { continue }
            definitions.append(sql)
            try db.execute(sql: "DROP TRIGGER \"\(name)\"")
        }
        self.definitions = definitions
    }

    func restore() throws {
        for sql in definitions { try db.execute(sql: sql) }
    }
}
