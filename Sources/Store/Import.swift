import Domain
import Foundation
import GRDB

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
    /// Every line is checked first like the household form checks it (number,
    /// 社, name, ID number with its check digit, birth date and sex, phone,
    /// numbers free in the village and in the file). If any line is bad the
    /// whole file is refused with every bad line listed and nothing is written;
    /// otherwise all households go in in one transaction, each row with its
    /// audit entry. Needs a clerk or administrator once the database has users.
    @discardableResult
    public func importHouseholds(csv data: Data, on today: LocalDate) throws -> ImportReport {
        if access.usersExist {
            guard let role = access.session?.role else { throw StoreError.refused(Self.notSignedIn) }
            guard role == .administrator || role == .clerk else { throw StoreError.refused(Self.notAllowed) }
        }
        try requireWrite()
        guard let village = try dbWriter.read({ db in try Village.order(Column("id")).fetchOne(db) }), let villageId = village.id else {
            throw StoreError.refused(Localized("请先在“村庄信息”中填写本村名称", "Please set up the village first"))
        }
        let records = CSVReader.records(data)
        guard let header = records.first else {
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
        let speller = PinyinSpeller()
        return try write { db in
            // The village as it is: its 社 by number and name, numbers already taken.
            var groups: [String: Int64] = [:]
            for g in try VillageGroup.filter(Column("village_id") == villageId).fetchAll(db) {
                groups[String(g.number)] = g.id
                groups[g.name] = g.id
            }
            var takenNumbers = Set(try String.fetchAll(db, sql: "SELECT number FROM household WHERE village_id = ?",
                                                       arguments: [villageId]))
            var takenIds: [String: Int] = [:]
            for id in try String.fetchAll(db, sql: """
                SELECT p.id_number FROM person p JOIN household h ON h.id = p.household_id
                WHERE h.village_id = ? AND p.id_number <> '' AND p.left_on IS NULL
                """, arguments: [villageId]) { takenIds[id] = 0 }
            var seenNumbers: [String: Int] = [:]
            var problems: [ImportProblem] = []
            var rows: [(Household, Person)] = []
            rows.reserveCapacity(records.count)
            func field(_ r: CSVReader.Record, _ name: String) -> String {
                let i = index[name]!
                return i < r.fields.count ? r.fields[i].trimmed : ""
            }
            for r in records.dropFirst() {
                if r.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
                var messages: [Localized] = []
                let number = field(r, HouseholdImportColumns.number)
                let she = field(r, HouseholdImportColumns.villageGroup)
                let sexText = field(r, HouseholdImportColumns.sex)
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
                let household = Self.normalized(Household(villageId: villageId, villageGroupId: groupId ?? 0, number: number,
                                                          address: field(r, HouseholdImportColumns.address),
                                                          phone: field(r, HouseholdImportColumns.phone)))
                // As `normalized(Person)` does, with the caller's today.
                var head = Person(householdId: 0, name: Validation.normalizeName(field(r, HouseholdImportColumns.headName)),
                                  sex: sex ?? .male, idNumber: IDNumber.normalize(field(r, HouseholdImportColumns.idNumber)),
                                  relation: .head)
                if !head.idNumber.isEmpty, IDNumber.problems(head.idNumber, on: today).isEmpty {
                    head.birthDate = IDNumber.birthDate(of: head.idNumber)
                }
                var errors = Validation.validate(household)
                errors += Validation.validate(head, on: today).filter { sex != nil || $0.field != "sex" }
                messages += errors.map(\.message)
                if !household.number.isEmpty {
                    if takenNumbers.contains(household.number) {
                        messages.append(Localized("户号 \(household.number) 本村已有", "Household number \(household.number) is already in the village"))
                    } else if let first = seenNumbers[household.number] {
                        messages.append(Localized("户号 \(household.number) 与第 \(first) 行重复", "Household number \(household.number) repeats line \(first)"))
                    } else {
                        seenNumbers[household.number] = r.line
                    }
                }
                if !head.idNumber.isEmpty {
                    if let first = takenIds[head.idNumber] {
                        messages.append(first == 0
                            ? Localized("身份证号已在本村登记", "The ID number is already registered in the village")
                            : Localized("身份证号与第 \(first) 行重复", "The ID number repeats line \(first)"))
                    } else {
                        takenIds[head.idNumber] = r.line
                    }
                }
                if messages.isEmpty {
                    rows.append((household, head))
                } else {
                    for m in messages { problems.append(ImportProblem(line: r.line, message: m)) }
                }
            }
            if !problems.isEmpty { throw ImportRejected(problems: problems) }
            takenNumbers.removeAll()
            // All good: each head first, then the household pointing at it (the
            // foreign keys are checked at commit), with its audit entries.
            let inserter = try AuditedInserter(db, username: access.actor)
            var householdId = try inserter.nextId("household")
            var personId = try inserter.nextId("person")
            for (h, p) in rows {
                let spelled = speller.spell(p.name)
                try inserter.insert("person", [
                    "id": .int(personId), "household_id": .int(householdId), "name": .text(p.name),
                    "name_pinyin": .text(spelled.full), "name_initials": .text(spelled.initials),
                    "sex": .text(p.sex.rawValue), "id_number": .text(p.idNumber),
                    "birth_date": p.birthDate.map { .text($0.description) } ?? .null,
                    "relation": .text(Relation.head.rawValue), "marital_status": .text(p.maritalStatus.rawValue),
                    "phone": .text(p.phone),
                ])
                try inserter.insert("household", [
                    "id": .int(householdId), "village_id": .int(villageId), "village_group_id": .int(h.villageGroupId),
                    "number": .text(h.number), "address": .text(h.address), "head_person_id": .int(personId),
                    "phone": .text(h.phone), "member_count": .int(1),
                ])
                householdId += 1
                personId += 1
            }
            try inserter.finish()
            return ImportReport(households: rows.count, persons: rows.count)
        }
    }
}

/// A small CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF),
/// keeping the line each record starts on.
enum CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func records(_ data: Data) -> [Record] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var out: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var i = 0
        let n = bytes.count
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if b == UInt8(ascii: ",") {
                endField()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField()
                out.append(Record(line: recordLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            out.append(Record(line: recordLine, fields: fields))
        }
        return out
    }
}
