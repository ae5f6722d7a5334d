import Domain
import Foundation
import GRDB

/// What a person row of a roster file becomes.
public enum ImportOutcome: String, Sendable, Codable {
    /// A person the village does not have yet.
    case new
    /// A person already registered, every field as the file has it.
    case matched
    /// A person already registered whose fields the file changes.
    case changed
    /// A row with a problem: it blocks the import.
    case refused

    public var label: Localized {
        switch self {
        case .new: Localized("新增", "New")
        case .matched: Localized("已有", "Matched")
        case .changed: Localized("更新", "Changed")
        case .refused: Localized("有误", "Refused")
        }
    }
}

/// A row of the file as it will be stored, for the preview.
public struct ImportPreviewRow: Sendable, Hashable {
    public var line: Int
    public var outcome: ImportOutcome
    public var householdNumber: String
    public var villageGroup: String
    public var person: Person
    public var problems: [Localized]
    /// The relation as the file wrote it, when it is not one the forms know.
    public var unknownRelation = ""
    /// Persons already registered (or earlier in the file) this new person may be: not a
    /// problem, a hint to look at 疑似重复人员 after the import.
    public var possibleDuplicates: [Localized] = []
}

/// What an import of persons found (a dry run) or wrote.
public struct PersonImportSummary: Sendable {
    public var rows = 0
    public var householdsNew = 0
    public var householdsChanged = 0
    public var householdsMatched = 0
    public var personsNew = 0
    public var personsMatched = 0
    public var personsChanged = 0
    public var refusedRows = 0
    /// New persons who look like someone registered (same name and birth date, or the
    /// same pinyin and birth year): imported, and listed under 疑似重复人员 afterwards.
    /// Counted by the dry run (the preview) only.
    public var possibleDuplicates = 0
    /// Every problem, by line (the import is blocked while there are any).
    public var problems: [ImportProblem] = []
    /// The first rows as they will be stored, then the refused rows after them.
    public var preview: [ImportPreviewRow] = []
    /// The batch written; nil for a dry run or a refused import.
    public var batchId: Int64?
    /// The SHA-256 of the file.
    public var fileDigest = ""
}

extension AppDatabase {
    /// Reads `file` with `mapping` and says what an import would do, writing nothing.
    public func planPersonImport(file: TableFile, mapping: ImportMapping, on today: LocalDate, previewRows: Int = 20,
                                 progress: ((Int, Int) -> Void)? = nil) throws -> PersonImportSummary {
        try runPersonImport(file: file, mapping: mapping, today: today, commit: false, previewRows: previewRows,
                            progress: progress)
    }

    /// Imports the persons of `file`, one row per person keyed by household number,
    /// in one transaction: households are made or matched by number (the head is the
    /// row whose relation is 户主); a person is matched by ID number within the
    /// village, else by name and birth date within the household. Any refused row
    /// blocks the whole import (`ImportRejected`, nothing written). The batch can be
    /// undone as a whole (`undoImport`). Empty cells leave a matched person's
    /// stored values as they are.
    @discardableResult
    public func importPersons(file: TableFile, mapping: ImportMapping, on today: LocalDate,
                              progress: ((Int, Int) -> Void)? = nil) throws -> PersonImportSummary {
        let summary = try runPersonImport(file: file, mapping: mapping, today: today, commit: true, previewRows: 0,
                                          progress: progress)
        if !summary.problems.isEmpty { throw ImportRejected(problems: summary.problems) }
        return summary
    }

    private func runPersonImport(file: TableFile, mapping: ImportMapping, today: LocalDate, commit: Bool,
                                 previewRows: Int, progress: ((Int, Int) -> Void)?) throws -> PersonImportSummary {
        try requireImportRole()
        guard let village = try dbWriter.read({ db in try Village.order(Column("id")).fetchOne(db) }),
              let villageId = village.id else {
            throw StoreError.refused(Localized("请先在“村庄信息”中填写本村名称", "Please set up the village first"))
        }
        // The header, then the rows read once: the total for the progress line is an estimate.
        guard let headerRow = try file.firstRows(1).first else {
            throw ImportRejected(problems: [ImportProblem(line: 1, message: Localized("文件是空的", "The file is empty"))])
        }
        let header = headerRow.fields, headerLine = headerRow.line
        let columns = mapping.columns(in: header)
        let total = (try? file.estimatedRows()) ?? 0
        let headerProblems = mapping.problems(in: header)
        if !headerProblems.isEmpty {
            throw ImportRejected(problems: headerProblems.map { ImportProblem(line: headerLine, message: $0) })
        }
        var summary = PersonImportSummary()
        do {
            try dbWriter.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                try db.inTransaction {
                    var run = try PersonImportRun(db: db, villageId: villageId, today: today, columns: columns,
                                                  username: access.actor, previewRows: previewRows)
                    // Possible duplicates are for the preview (three index lookups a new row); the
                    // import itself leaves them to 疑似重复人员, which finds the same pairs afterwards.
                    run.checksDuplicates = !commit
                    var done = 0
                    let digest = try file.forEachRow { row in
                        if row.line == headerLine { return }
                        try run.take(row)
                        done += 1
                        if done % 1000 == 0 { progress?(done, max(total, done)) }
                    }
                    progress?(done, done)
                    try run.finishHouseholds()
                    summary = run.summary(rows: done)
                    guard commit, summary.problems.isEmpty else { return .rollback }
                    summary.batchId = try run.write(file: file, digest: digest)
                    return .commit
                }
            }
        } catch let rejected as ImportRejected {
            throw rejected
        } catch {
            throw StoreError.from(error)
        }
        return summary
    }
}

/// One import in progress inside its transaction: rows are checked, new rows
/// written as they pass (rolled back at the end if any row is refused).
private struct PersonImportRun {
    /// The households the file makes, in the order it names them, as columns: a
    /// county's file names tens of thousands, and a dictionary of whole records
    /// would be most of the import's memory. Household `i` gets the id `first + i`.
    struct NewHouseholds {
        var index: [String: Int32] = [:]
        var numbers: [String] = []
        var groupIds: [Int64] = []
        var addresses: [String] = []
        /// The head's person id, 0 while the file has given none.
        var heads: [Int64] = []
        var members: [Int32] = []
        var firstLines: [Int32] = []
        /// The line of the household's head row, 0 before it.
        var headLines: [Int32] = []

        var count: Int { numbers.count }

        mutating func add(number: String, groupId: Int64, address: String, line: Int) -> Int {
            index[number] = Int32(numbers.count)
            numbers.append(number)
            groupIds.append(groupId)
            addresses.append(address)
            heads.append(0)
            members.append(0)
            firstLines.append(Int32(clamping: line))
            headLines.append(0)
            return numbers.count - 1
        }
    }
    struct KnownHousehold {
        var household: Household
        var headName: String
    }

    let db: Database
    let villageId: Int64
    let today: LocalDate
    let columns: [RosterField: Int]
    /// The line of the head row of each household the village had, when the file has one.
    var knownHeadLines: [String: Int] = [:]
    let previewRows: Int
    let inserter: AuditedInserter
    let suspended: SuspendedTriggers
    let firstPerson: Int64
    let firstHousehold: Int64
    var nextPerson: Int64
    var nextHousehold: Int64
    var groups: [String: (id: Int64, name: String)] = [:]
    var groupNames: [Int64: String] = [:]
    var known: [String: KnownHousehold] = [:]
    var added = NewHouseholds()
    /// The line of each new person, by id from `firstPerson`: a new person is written as
    /// its row passes, so an ID number the file repeats is found in the database, and
    /// this names the earlier line (a county's file has a hundred thousand rows).
    var newLines: [Int32] = []
    /// The ID numbers of refused rows (not written), with their line.
    var refusedIdLines: [String: Int] = [:]
    /// Persons matched so far (a person is matched once).
    var matchedIds: Set<Int64> = []
    /// Changed persons: the row before and after.
    var changes: [(before: Person, after: Person)] = []
    var changedHouseholds: [(before: Household, after: Household)] = []
    var grownHouseholds: Set<Int64> = []
    /// Households the village had that the file names.
    var seenKnown: Set<Int64> = []
    let username: String
    var counts = PersonImportSummary()
    let byId: Statement
    let byName: Statement
    let speller = PinyinSpeller()
    /// Whether new rows are looked up among the registered persons for possible duplicates.
    var checksDuplicates = true

    init(db: Database, villageId: Int64, today: LocalDate, columns: [RosterField: Int], username: String,
         previewRows: Int) throws {
        self.db = db
        self.villageId = villageId
        self.today = today
        self.columns = columns
        self.previewRows = previewRows
        self.username = username
        for g in try VillageGroup.filter(Column("village_id") == villageId).fetchAll(db) {
            guard let id = g.id else { continue }
            groups[String(g.number)] = (id, g.name)
            groups[g.name] = (id, g.name)
            groupNames[id] = g.name
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT h.*, COALESCE(p.name, '') AS head_name FROM household h LEFT JOIN person p ON p.id = h.head_person_id
            WHERE h.village_id = ?
            """, arguments: [villageId]) {
            let h = Household(row: row)
            known[h.number] = KnownHousehold(household: h, headName: row["head_name"])
        }
        // The village's persons, and the ones this import has written (whose new households
        // are written at the end).
        byId = try db.makeStatement(sql: """
            SELECT p.* FROM person p LEFT JOIN household h ON h.id = p.household_id
            WHERE p.id_number = ? AND p.left_on IS NULL AND (h.village_id = ? OR p.id >= ?) LIMIT 1
            """)
        byName = try db.makeStatement(sql: """
            SELECT * FROM person WHERE household_id = ? AND name = ? AND birth_date IS ? AND left_on IS NULL LIMIT 1
            """)
        // New persons are written as they pass; their name index and the member
        // counts are filled at the end instead of by triggers row by row.
        suspended = try SuspendedTriggers(db, ["person_name_char_on_insert", "person_counted_on_insert"])
        // A 2 MB page cache, not the bulk writer's 6 MB: the families import holds more of its
        // own (the new households, the line of each new person), and its budget is 60 MB.
        inserter = try AuditedInserter(db, username: username, manifest: true,
                                       cacheKiB: 2048)
        firstPerson = try inserter.nextId("person")
        firstHousehold = try inserter.nextId("household")
        nextPerson = firstPerson
        nextHousehold = firstHousehold
    }

    func cell(_ row: FileRow, _ field: RosterField) -> String {
        guard let i = columns[field], i < row.fields.count else { return "" }
        return row.fields[i].trimmed
    }

    /// Checks one row and writes it when it is a new person.
    mutating func take(_ row: FileRow) throws {
        var problems: [Localized] = []
        let number = cell(row, .householdNumber)
        let she = cell(row, .villageGroup)
        let relationText = cell(row, .relation)
        let relation = RosterValue.relation(relationText)
        if relation == nil {
            problems.append(relationText.isEmpty ? Localized("与户主关系不能为空", "Relation to head is required")
                : Localized("与户主关系无法识别：\(relationText)（可填 户主、配偶、子女、父母、儿媳/女婿、孙子女、兄弟姐妹、其他）",
                            "Unknown relation to head: \(relationText)"))
        }
        // The household: one the village has, or one this file makes.
        var householdId: Int64?
        var isKnown = false
        if number.isEmpty {
            problems.append(Localized("户编号不能为空", "Household number is required"))
        } else if let k = known[number] {
            householdId = k.household.id
            isKnown = true
            if let id = k.household.id { seenKnown.insert(id) }
            if !she.isEmpty, let g = groups[she], g.id != k.household.villageGroupId {
                var after = k.household
                after.villageGroupId = g.id
                noteHouseholdChange(k.household, after)
            } else if !she.isEmpty, groups[she] == nil {
                problems.append(Localized("本村没有“\(she)”这个社", "The village has no 社 \(she)"))
            }
            let address = cell(row, .address)
            if !address.isEmpty, address != k.household.address, relation == .head {
                var after = changedHouseholds.first(where: { $0.before.id == k.household.id })?.after ?? k.household
                after.address = address
                noteHouseholdChange(k.household, after)
            }
        } else if let i = added.index[number] {
            householdId = firstHousehold + Int64(i)
        } else {
            let g = groups[she]
            if she.isEmpty {
                problems.append(Localized("新户须填写社", "A new household needs its 社"))
            } else if g == nil {
                problems.append(Localized("本村没有“\(she)”这个社", "The village has no 社 \(she)"))
            }
            let h = AppDatabase.normalized(Household(villageId: villageId, villageGroupId: g?.id ?? 0, number: number,
                                                     address: cell(row, .address)))
            problems += Validation.validate(h).map(\.message)
            if problems.isEmpty {
                _ = added.add(number: number, groupId: g!.id, address: h.address, line: row.line)
                householdId = nextHousehold
                nextHousehold += 1
            }
        }
        if relation == .head, !number.isEmpty {
            let newIndex = added.index[number].map(Int.init)
            let first = newIndex.map { Int(added.headLines[$0]) } ?? knownHeadLines[number] ?? 0
            if first > 0 {
                problems.append(Localized("户 \(number) 已有户主行（第 \(first) 行）：每户只有一位户主",
                                          "Household \(number) has a head row already (line \(first)): one head per household"))
            } else if let i = newIndex {
                added.headLines[i] = Int32(clamping: row.line)
            } else {
                knownHeadLines[number] = row.line
            }
        }
        // The person: matched by ID number, else by name and birth date in the household.
        let idText = cell(row, .idNumber)
        let idNumber = IDNumber.normalize(idText)
        let idLost = RosterValue.isIDNumberStoredAsNumber(idText)
        if idLost {
            problems.append(Localized("身份证号被表格存成了数字（\(idText)），后几位已丢失：请把该列设为“文本”，重新填写后再导入",
                                      "The spreadsheet stored the ID number as a number (\(idText)) and lost its last digits: format the column as text, type the numbers again and import"))
        } else if let first = refusedIdLines[idNumber] {
            problems.append(Self.repeated(line: first))
        }
        let name = Validation.normalizeName(cell(row, .name))
        let birthText = cell(row, .birthDate)
        var birth: LocalDate?
        if !birthText.isEmpty {
            birth = RosterValue.date(birthText)
            if birth == nil {
                problems.append(Localized("出生日期无法识别：\(birthText)（应为 YYYY-MM-DD）", "Unreadable birth date: \(birthText) (YYYY-MM-DD)"))
            }
        } else if !idNumber.isEmpty, IDNumber.problems(idNumber, on: today).isEmpty {
            birth = IDNumber.birthDate(of: idNumber)
        }
        var existing: Person?
        if !idNumber.isEmpty, !idLost, let p = try Person.fetchOne(byId, arguments: [idNumber, villageId, firstPerson]) {
            if let id = p.id, id >= firstPerson {
                problems.append(Self.repeated(line: Int(newLines[Int(id - firstPerson)])))
            } else if p.householdId != householdId, householdId != nil {
                let other = try String.fetchOne(db, sql: "SELECT number FROM household WHERE id = ?", arguments: [p.householdId]) ?? ""
                problems.append(Localized("身份证号已在户 \(other) 登记（\(p.name)）；迁户请在户卡中办理",
                                          "The ID number is registered in household \(other) (\(p.name)); move the person on the household card"))
            } else {
                existing = p
            }
        } else if isKnown, let hid = householdId, !name.isEmpty,
                  let p = try Person.fetchOne(byName, arguments: [hid, name, birth?.description]) {
            existing = p
        }
        if let p = existing, let id = p.id {
            if matchedIds.contains(id) {
                problems.append(Localized("与前面一行是同一个人（\(p.name)）", "The same person as an earlier row (\(p.name))"))
            }
            matchedIds.insert(id)
        }
        // The values as stored: a matched person keeps what the file leaves empty.
        var p = existing ?? Person(householdId: householdId ?? 0, name: name, sex: .male, relation: relation ?? .other)
        if !name.isEmpty { p.name = name }
        if let relation { p.relation = relation }
        if !idNumber.isEmpty && !idLost { p.idNumber = idNumber }
        if let birth { p.birthDate = birth }
        let sexText = cell(row, .sex)
        if !sexText.isEmpty {
            if let s = RosterValue.sex(sexText) { p.sex = s } else {
                problems.append(Localized("性别应为“男”或“女”：\(sexText)", "Sex must be 男 or 女: \(sexText)"))
            }
        } else if existing == nil {
            if !p.idNumber.isEmpty, let s = IDNumber.sex(of: p.idNumber) { p.sex = s } else {
                problems.append(Localized("性别不能为空", "Sex is required"))
            }
        }
        let maritalText = cell(row, .maritalStatus)
        if !maritalText.isEmpty {
            if let m = RosterValue.maritalStatus(maritalText) { p.maritalStatus = m } else {
                problems.append(Localized("婚姻状况无法识别：\(maritalText)（可填 未婚、已婚、离婚、丧偶）", "Unknown marital status: \(maritalText)"))
            }
        }
        let phone = cell(row, .phone)
        if !phone.isEmpty { p.phone = phone }
        let memberText = cell(row, .associationMember)
        if !memberText.isEmpty {
            if let f = RosterValue.flag(memberText) { p.isAssociationMember = f } else {
                problems.append(Localized("计生协会会员应填“是”或“否”：\(memberText)", "Association member must be 是 or 否: \(memberText)"))
            }
        }
        let migrantText = cell(row, .migrantStatus)
        if !migrantText.isEmpty {
            if let m = RosterValue.migrantStatus(migrantText) { p.migrantStatus = m } else {
                problems.append(Localized("流动情况应为 常住、流出 或 流入：\(migrantText)", "Migrant status must be 常住, 流出 or 流入: \(migrantText)"))
            }
        }
        let whereabouts = cell(row, .whereabouts)
        if !whereabouts.isEmpty { p.whereabouts = whereabouts }
        let contact = cell(row, .migrantContact)
        if !contact.isEmpty { p.migrantContact = contact }
        p = AppDatabase.normalized(p)
        if let householdId { p.householdId = householdId }
        if name.isEmpty && existing == nil {
            problems.append(Localized("姓名不能为空", "Name is required"))
        } else {
            problems += Validation.validate(p, on: today).map(\.message)
        }
        // The head: one per household, and a household's head changes on its card only.
        if relation == .head, let k = known[number], let headId = k.household.headPersonId, existing?.id != headId {
            problems.append(Localized("户 \(number) 已有户主（\(k.headName)）；更换户主请在户卡中办理",
                                      "Household \(number) already has a head (\(k.headName)); change the head on the household card"))
        }
        if let e = existing, e.relation == .head, relation != nil, relation != .head {
            problems.append(Localized("\(e.name) 是户主；更换户主请在户卡中办理", "\(e.name) is the head; change the head on the household card"))
        }
        var duplicateNotes: [Localized] = []
        // Dedupe messages a check may give twice.
        var seen: Set<String> = []
        problems = problems.filter { seen.insert($0.zh).inserted }
        let outcome: ImportOutcome
        if !problems.isEmpty {
            outcome = .refused
            counts.refusedRows += 1
            if !idNumber.isEmpty, !idLost, refusedIdLines[idNumber] == nil { refusedIdLines[idNumber] = row.line }
            for m in problems { counts.problems.append(ImportProblem(line: row.line, message: m)) }
        } else if let e = existing {
            if e == p {
                outcome = .matched
                counts.personsMatched += 1
            } else {
                outcome = .changed
                counts.personsChanged += 1
                changes.append((e, p))
            }
        } else {
            outcome = .new
            counts.personsNew += 1
            for c in checksDuplicates ? try AppDatabase.duplicateCandidates(db, name: p.name, birthDate: p.birthDate,
                                                                            idNumber: p.idNumber, villageId: villageId) : [] {
                let why = c.reasons.map(\.label)
                duplicateNotes.append(Localized("可能与户 \(c.person.householdNumber) 的 \(c.person.name) 是同一人（\(why.map(\.zh).joined(separator: "、"))）",
                                                "May be \(c.person.name) of household \(c.person.householdNumber) (\(why.map(\.en).joined(separator: ", ")))"))
            }
            if !duplicateNotes.isEmpty { counts.possibleDuplicates += 1 }
            p.id = nextPerson
            nextPerson += 1
            newLines.append(Int32(clamping: row.line))
            try inserter.insert("person", Self.values(of: p, speller: speller))
            if let i = added.index[number].map(Int.init) {
                added.members[i] += 1
                if relation == .head { added.heads[i] = p.id! }
            } else if let hid = householdId {
                grownHouseholds.insert(hid)
            }
        }
        // The first rows, then every refused row (up to 200 more), so the preview shows each problem.
        let notable = outcome == .refused || !duplicateNotes.isEmpty
        if counts.preview.count < previewRows || (notable && previewRows > 0 && counts.preview.count < previewRows + 200) {
            counts.preview.append(ImportPreviewRow(line: row.line, outcome: outcome, householdNumber: number,
                                                   villageGroup: groups[she]?.name ?? she, person: p, problems: problems,
                                                   unknownRelation: relation == nil ? relationText : "",
                                                   possibleDuplicates: duplicateNotes))
        }
    }

    static func repeated(line: Int) -> Localized {
        Localized("身份证号与第 \(line) 行重复", "The ID number repeats line \(line)")
    }

    mutating func noteHouseholdChange(_ before: Household, _ after: Household) {
        if let i = changedHouseholds.firstIndex(where: { $0.before.id == before.id }) {
            changedHouseholds[i].after = after
        } else {
            changedHouseholds.append((before, after))
        }
    }

    /// Every new household needs its head row.
    mutating func finishHouseholds() throws {
        for i in 0..<added.count where added.heads[i] == 0 && added.headLines[i] == 0 {
            let number = added.numbers[i]
            counts.problems.append(ImportProblem(line: Int(added.firstLines[i]), message: Localized(
                "新户 \(number) 没有户主行（与户主关系为“户主”的一行）", "New household \(number) has no head row (relation 户主)")))
        }
        counts.problems.sort { $0.line < $1.line }
    }

    func summary(rows: Int) -> PersonImportSummary {
        var s = counts
        s.rows = rows
        s.householdsNew = added.count
        s.householdsChanged = changedHouseholds.count
        s.householdsMatched = seenKnown.count - changedHouseholds.count
        return s
    }

    /// A person's columns as the bulk writer takes them (as `Person.encode` writes them).
    static func values(of p: Person, speller: PinyinSpeller) -> [String: BulkValue] {
        let spelled = speller.spell(p.name)
        return ["id": p.id.map { .int($0) } ?? .null, "household_id": .int(p.householdId), "name": .text(p.name),
                "name_pinyin": .text(spelled.full), "name_initials": .text(spelled.initials), "sex": .text(p.sex.rawValue),
                "id_number": .text(p.idNumber), "birth_date": p.birthDate.map { .text($0.description) } ?? .null,
                "relation": .text(p.relation.rawValue), "marital_status": .text(p.maritalStatus.rawValue),
                "phone": .text(p.phone), "is_association_member": .int(p.isAssociationMember ? 1 : 0),
                "migrant_status": .text(p.migrantStatus.rawValue), "whereabouts": .text(p.whereabouts),
                "migrant_contact": .text(p.migrantContact), "left_on": p.leftOn.map { .text($0.description) } ?? .null,
                "left_reason": .text(p.leftReason)]
    }

    /// A record's columns as the bulk writer takes them.
    static func values<R: MutablePersistableRecord>(of record: R) throws -> [String: BulkValue] {
        var out: [String: BulkValue] = [:]
        for (column, value) in try record.databaseDictionary {
            switch value.storage {
            case .int64(let n): out[column] = .int(n)
            case .string(let s): out[column] = .text(s)
            case .double(let d): out[column] = .int(Int64(d))
            case .null, .blob: out[column] = .null
            }
        }
        return out
    }

    /// Writes the new households, the batch and its before-images, the one audit
    /// entry, then the changed rows (each with its own entry). Returns the batch id.
    /// Writes the households, the batch and its audit entry; `digest` is the file's SHA-256.
    mutating func write(file: TableFile, digest: String) throws -> Int64 {
        for i in 0..<added.count {
            let id = firstHousehold + Int64(i)
            let h = Household(id: id, villageId: villageId, villageGroupId: added.groupIds[i], number: added.numbers[i],
                              address: added.addresses[i], headPersonId: added.heads[i] == 0 ? nil : added.heads[i])
            var v = try Self.values(of: h)
            v["member_count"] = .int(Int64(added.members[i]))
            try inserter.insert("household", v)
        }
        let batchId = try inserter.nextId("import_batch")
        let auditFirst = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log") ?? 1
        let personsAdded = nextPerson - firstPerson, householdsAdded = nextHousehold - firstHousehold
        try inserter.insert("import_batch", [
            "id": .int(batchId), "kind": .text("persons"), "source": .text(URL(fileURLWithPath: file.path).lastPathComponent),
            "sha256": .text(""), "format": .text(file.format.rawValue), "encoding": .text(file.encoding.rawValue),
            "sheet": .text(file.sheet ?? ""), "imported_at": .text(Self.now()), "username": .text(username),
            "households_new": .int(householdsAdded), "households_changed": .int(Int64(changedHouseholds.count)),
            "persons_new": .int(personsAdded), "persons_changed": .int(Int64(changes.count)),
            "persons_matched": .int(Int64(counts.personsMatched)),
            "person_first": personsAdded > 0 ? .int(firstPerson) : .null,
            "person_last": personsAdded > 0 ? .int(nextPerson - 1) : .null,
            "household_first": householdsAdded > 0 ? .int(firstHousehold) : .null,
            "household_last": householdsAdded > 0 ? .int(nextHousehold - 1) : .null,
            "audit_first": .int(auditFirst),
        ])
        var rowId = try inserter.nextId("import_batch_row")
        let personJSON = Audit.fullJSON(try Audit.columns(db, "person"), prefix: "")
        let householdJSON = Audit.fullJSON(try Audit.columns(db, "household"), prefix: "")
        for (table, id, json) in changes.map({ ("person", $0.before.id!, personJSON) })
            + changedHouseholds.map({ ("household", $0.before.id!, householdJSON) }) {
            let image = try String.fetchOne(db, sql: "SELECT \(json) FROM \"\(table)\" WHERE id = ?", arguments: [id]) ?? "{}"
            try inserter.insert("import_batch_row", ["id": .int(rowId), "batch_id": .int(batchId), "table_name": .text(table),
                                                     "row_id": .int(id), "before_image": .text(image)])
            rowId += 1
        }
        if personsAdded > 0 {
            try db.execute(sql: "INSERT OR IGNORE INTO person_name_char(ch, person_id) "
                + AppDatabase.nameIndexRows("p", pairs: true, from: "person p, ", filter: "p.id >= ? AND p.id < ?"),
                arguments: [firstPerson, nextPerson])
        }
        try suspended.restore()
        try inserter.finish(action: "import", note: AppDatabase.importNote(
            source: URL(fileURLWithPath: file.path).lastPathComponent, fileHash: digest,
            households: Int(householdsAdded), persons: Int(personsAdded), numbers: nil))
        // After the one entry: each change is audited by its own triggers, with the row before and after.
        for (_, after) in changes { var a = after; try a.update(db) }
        for (_, after) in changedHouseholds { var a = after; try a.update(db) }
        if !grownHouseholds.isEmpty {
            try db.execute(sql: """
                UPDATE household SET member_count = (SELECT COUNT(*) FROM person WHERE household_id = household.id AND left_on IS NULL)
                WHERE id IN (\(grownHouseholds.map(String.init).joined(separator: ",")))
                """)
        }
        try db.execute(sql: "UPDATE import_batch SET sha256 = ?, audit_last = (SELECT MAX(id) FROM audit_log) WHERE id = ?",
                       arguments: [digest, batchId])
        return batchId
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
