import Domain
import Foundation
import GRDB

/// A person merged into another, as the merge record keeps it.
public struct PersonMerge: Hashable, Sendable {
    public var id: Int64
    public var keptPersonId: Int64
    /// The kept person's name now.
    public var keptName: String
    public var mergedPersonId: Int64
    public var mergedName: String
    public var mergedHouseholdNumber: String
    public var mergedOn: LocalDate
    public var mergedBy: String
    /// How many references to the merged person moved to the kept one.
    public var movedReferences: Int
    /// The kept person's fields the merge filled from the merged one (or, for
    /// `relation`, changed to head): field keys as the forms name them.
    public var keptChanges: [String]
    public var undoneOn: LocalDate?

    /// A field of `keptChanges` in words.
    public static func label(ofField key: String) -> Localized {
        AppDatabase.columnNames.first { AppDatabase.fieldKey($0.key) == key }?.value ?? Localized(key, key)
    }
}

extension AppDatabase {
    /// The kept person's columns a merge may change, in words.
    static let columnNames: [String: Localized] = [
        "id_number": Localized("身份证号", "ID number"), "birth_date": Localized("出生日期", "birth date"),
        "phone": Localized("电话", "phone"), "relation": Localized("与户主关系", "relation to the head"),
    ]

    /// Merges person `mergedId` into person `keptId`, in one transaction, every step
    /// audited: every reference to the merged person (every foreign key that points at
    /// `person`, found in the schema) moves to the kept one; the kept person's empty ID
    /// number, birth date and phone take the merged person's; the merged person's full
    /// row is kept in the merge record and the row deleted. Refused, with the reason,
    /// when the merge would break a rule (see `mergeRefusal`). `undoMerge` takes it back.
    @discardableResult
    public func mergePerson(_ mergedId: Int64, into keptId: Int64, on date: LocalDate) throws -> PersonMerge {
        let id = try write { db -> Int64 in
            guard let kept = try Person.fetchOne(db, key: keptId) else { throw StoreError.refused(Self.noSuchPerson(keptId)) }
            guard let merged = try Person.fetchOne(db, key: mergedId) else { throw StoreError.refused(Self.noSuchPerson(mergedId)) }
            let takesHead = try Self.checkMerge(db, kept: kept, merged: merged)
            let columns = try Audit.columns(db, "person")
            let image = "SELECT \(Audit.fullJSON(columns, prefix: "")) FROM person WHERE id = ?"
            let mergedImage = try String.fetchOne(db, sql: image, arguments: [mergedId]) ?? "{}"
            let keptImage = try String.fetchOne(db, sql: image, arguments: [keptId]) ?? "{}"
            let mergedNumber = try String.fetchOne(db, sql: "SELECT number FROM household WHERE id = ?",
                                                   arguments: [merged.householdId]) ?? ""
            // Every reference to the merged person moves, whatever table holds it.
            var moved: [[String]] = []
            for (table, column) in try Self.referencesToPerson(db) {
                let rows = try Int64.fetchAll(db, sql: "SELECT rowid FROM \"\(table)\" WHERE \"\(column)\" = ?", arguments: [mergedId])
                if rows.isEmpty { continue }
                do {
                    try db.execute(sql: "UPDATE \"\(table)\" SET \"\(column)\" = ? WHERE \"\(column)\" = ?", arguments: [keptId, mergedId])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    let label = Self.recordLabel(table)
                    throw StoreError.refused(Localized("合并会与\(label.zh)中已有的记录冲突（\(column)），未做任何改动",
                                                       "The merge would clash with records of \(label.en) (\(column)); nothing was changed"))
                }
                moved += rows.map { [table, column, String($0)] }
            }
            try Person.deleteOne(db, key: mergedId)
            // The kept person takes what only the merged one had.
            var changes: [(String, (any DatabaseValueConvertible)?)] = []
            if takesHead && kept.relation != .head { changes.append(("relation", Relation.head.rawValue)) }
            if kept.idNumber.isEmpty, !merged.idNumber.isEmpty,
               try Self.idNumberError(db, merged.idNumber, villageId: try Self.villageId(db, kept), excluding: keptId) == nil {
                changes.append(("id_number", merged.idNumber))
            }
            if kept.birthDate == nil, let born = merged.birthDate { changes.append(("birth_date", born.description)) }
            if kept.phone.isEmpty, !merged.phone.isEmpty { changes.append(("phone", merged.phone)) }
            if !changes.isEmpty {
                try db.execute(sql: "UPDATE person SET " + changes.map { "\($0.0) = ?" }.joined(separator: ", ") + " WHERE id = ?",
                               arguments: StatementArguments(changes.map(\.1) + [keptId]))
            }
            let refs = String(decoding: try JSONSerialization.data(withJSONObject: moved), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO person_merge(kept_person_id, merged_person_id, merged_name, merged_household_number, merged_on,
                                         merged_by, merged_image, kept_image, moved_refs, kept_changes)
                VALUES (?, ?, ?, ?, ?, cx_user(), ?, ?, ?, ?)
                """, arguments: [keptId, mergedId, merged.name, mergedNumber, date.description, mergedImage, keptImage, refs,
                                 changes.map(\.0).joined(separator: ",")])
            return db.lastInsertedRowID
        }
        guard let record = try personMerges().first(where: { $0.id == id }) else { throw StoreError.notFound }
        return record
    }

    /// Refuses a merge that would break a rule; true when the kept person becomes
    /// their household's head (the merged person headed it).
    static func checkMerge(_ db: Database, kept: Person, merged: Person) throws -> Bool {
        guard let keptId = kept.id, let mergedId = merged.id else { throw StoreError.notFound }
        let a = "\(kept.name)（#\(keptId)）", b = "\(merged.name)（#\(mergedId)）"
        let ae = "\(kept.name) (#\(keptId))", be = "\(merged.name) (#\(mergedId))"
        if keptId == mergedId {
            throw StoreError.refused(Localized("不能把人员并入自己（#\(keptId)）", "A person cannot be merged into themselves (#\(keptId))"))
        }
        if try villageId(db, kept) != villageId(db, merged) {
            throw StoreError.refused(Localized("\(a)与\(b)不在同一个村，不能合并", "\(ae) and \(be) are not in the same village"))
        }
        for p in [kept, merged] {
            if let left = p.leftOn {
                throw StoreError.refused(Localized("\(p.name)（#\(p.id ?? 0)）已于 \(left) 离户，离户记录是历史，不能合并",
                                                   "\(p.name) (#\(p.id ?? 0)) left the household on \(left); that record is history and is not merged"))
            }
        }
        if try markedNotDuplicate(db, keptId, mergedId) {
            throw StoreError.refused(Localized("已记录\(a)与\(b)不是同一人；如确属同一人，请先撤销该标记",
                                               "\(ae) and \(be) are marked as two different people; take that mark back first"))
        }
        // A household's head stays in the household.
        let number = { (id: Int64) in try String.fetchOne(db, sql: "SELECT number FROM household WHERE id = ?", arguments: [id]) ?? "" }
        let keptHeads = try Int64.fetchAll(db, sql: "SELECT id FROM household WHERE head_person_id = ?", arguments: [keptId])
        var takesHead = false
        for household in try Int64.fetchAll(db, sql: "SELECT id FROM household WHERE head_person_id = ?", arguments: [mergedId]) {
            if household == kept.householdId {
                takesHead = true
                continue
            }
            let n = try number(household)
            if let other = keptHeads.first {
                let m = try number(other)
                throw StoreError.refused(Localized(
                    "\(a)是户 \(m) 的户主，\(b)是户 \(n) 的户主：两户的户主不能合并；请先更换其中一户的户主",
                    "\(ae) heads household \(m) and \(be) heads household \(n): two heads are not merged; change one household's head first"))
            }
            throw StoreError.refused(Localized(
                "\(b)是户 \(n) 的户主，\(a)不在该户：请先在户 \(n) 更换户主，或保留\(b)、把\(a)并入",
                "\(be) heads household \(n) and \(ae) is not a member of it: change its head first, or keep \(be) and merge \(ae) into them"))
        }
        // One candidate per election: two would lose one count of votes.
        if let row = try Row.fetchOne(db, sql: """
            SELECT e.held_on, g.name FROM election_candidate c1
            JOIN election_candidate c2 ON c2.election_id = c1.election_id AND c2.person_id = ?
            JOIN election e ON e.id = c1.election_id JOIN honesty_group g ON g.id = e.group_id
            WHERE c1.person_id = ? LIMIT 1
            """, arguments: [mergedId, keptId]) {
            let held: String = row["held_on"], group: String = row["name"]
            throw StoreError.refused(Localized(
                "\(a)和\(b)都是\(group) \(held) 组长选举的候选人，合并会把两人的得票并成一人；请先核对选举记录",
                "\(ae) and \(be) were both candidates in the \(held) leader election of \(group); a merge would join their votes. Check the election record first"))
        }
        return takesHead
    }

    static func villageId(_ db: Database, _ p: Person) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT village_id FROM household WHERE id = ?", arguments: [p.householdId]) ?? 0
    }

    /// Every (table, column) whose foreign key points at `person`, from the schema itself,
    /// so a table added later is covered without anyone remembering to.
    package static func referencesToPerson(_ db: Database) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            for fk in try Row.fetchAll(db, sql: "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)", arguments: [table])
            where (fk["table"] as String) == "person" {
                out.append((table, fk["from"]))
            }
        }
        return out
    }

    /// The merge records, newest first.
    public func personMerges() throws -> [PersonMerge] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.*, COALESCE(p.name, '') AS kept_name FROM person_merge m LEFT JOIN person p ON p.id = m.kept_person_id
                ORDER BY m.id DESC
                """).map { r in
                let refs: String = r["moved_refs"], changes: String = r["kept_changes"]
                let moved = (try? JSONSerialization.jsonObject(with: Data(refs.utf8))) as? [Any]
                return PersonMerge(id: r["id"], keptPersonId: r["kept_person_id"], keptName: r["kept_name"],
                                   mergedPersonId: r["merged_person_id"], mergedName: r["merged_name"],
                                   mergedHouseholdNumber: r["merged_household_number"], mergedOn: r.date("merged_on") ?? LocalDate(year: 2000, month: 1, day: 1)!,
                                   mergedBy: r["merged_by"], movedReferences: moved?.count ?? 0,
                                   keptChanges: changes.split(separator: ",").map { Self.fieldKey(String($0)) },
                                   undoneOn: r.date("undone_on"))
            }
        }
    }

    /// "id_number" → "idNumber", the forms' key.
    static func fieldKey(_ column: String) -> String {
        let parts = column.split(separator: "_")
        return String(parts.first ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Takes merge `id` back, in one transaction, each step audited: the merged person's
    /// row comes back from the merge record with its own id, the references the merge
    /// moved point at it again and the kept person's filled fields are emptied again.
    /// Refused, naming what blocks it, once a later change touched what it would undo.
    public func undoMerge(_ id: Int64, on date: LocalDate) throws {
        try write { db in
            guard let m = try Row.fetchOne(db, sql: "SELECT * FROM person_merge WHERE id = ?", arguments: [id]) else {
                throw StoreError.refused(Localized("没有第 \(id) 号合并记录", "There is no merge record \(id)"))
            }
            let blockers = try Self.unmergeBlockers(db, m)
            if !blockers.isEmpty {
                throw StoreError.refused(Localized("无法撤销第 \(id) 号合并：" + blockers.map(\.zh).joined(separator: "；"),
                                                   "Merge \(id) cannot be undone: " + blockers.map(\.en).joined(separator: "; ")))
            }
            let keptId: Int64 = m["kept_person_id"], mergedId: Int64 = m["merged_person_id"]
            let mergedImage: String = m["merged_image"], keptImage: String = m["kept_image"]
            // The person's row as it was, with the columns the image has.
            let columns = try Audit.columns(db, "person")
            let keys = Set(try String.fetchAll(db, sql: "SELECT key FROM json_each(?)", arguments: [mergedImage]))
            let restored = columns.filter(keys.contains)
            try db.execute(sql: """
                INSERT INTO person(\(restored.map { "\"\($0)\"" }.joined(separator: ", ")))
                SELECT \(restored.map { "json_extract(?1, '$.\($0)')" }.joined(separator: ", "))
                """, arguments: [mergedImage])
            let refs: String = m["moved_refs"]
            for ref in (try JSONSerialization.jsonObject(with: Data(refs.utf8)) as? [[String]]) ?? [] where ref.count == 3 {
                try db.execute(sql: "UPDATE \"\(ref[0])\" SET \"\(ref[1])\" = ? WHERE rowid = ?", arguments: [mergedId, Int64(ref[2])])
            }
            let changes = (m["kept_changes"] as String).split(separator: ",").map(String.init).filter(columns.contains)
            if !changes.isEmpty {
                try db.execute(sql: "UPDATE person SET " + changes.map { "\($0) = json_extract(?1, '$.\($0)')" }.joined(separator: ", ")
                               + " WHERE id = ?2", arguments: [keptImage, keptId])
            }
            try db.execute(sql: "UPDATE person_merge SET undone_on = ?, undone_by = cx_user() WHERE id = ?",
                           arguments: [date.description, id])
        }
    }

    /// What keeps merge record `m` from being undone; empty when it can be. Undo puts
    /// back what the merge changed, so each change must still be as the merge left it:
    /// the kept person is the one the record was made with (not merged again since), each
    /// moved reference still points at them, each filled field still holds the merged
    /// person's value, and the merged person's household and ID number are free for them.
    static func unmergeBlockers(_ db: Database, _ m: Row) throws -> [Localized] {
        let keptId: Int64 = m["kept_person_id"], mergedId: Int64 = m["merged_person_id"]
        if let undone: String = m["undone_on"] {
            return [Localized("已于 \(undone) 撤销", "it was undone on \(undone)")]
        }
        let mergedImage: String = m["merged_image"], keptImage: String = m["kept_image"]
        func value(_ image: String, _ column: String) throws -> DatabaseValue {
            try DatabaseValue.fetchOne(db, sql: "SELECT json_extract(?, '$.' || ?)", arguments: [image, column]) ?? .null
        }
        var out: [Localized] = []
        let original = try value(keptImage, "id")
        if original != keptId.databaseValue {
            out.append(Localized("保留的人员之后又被并入 #\(keptId)：请先撤销那次合并",
                                 "the kept person was merged into #\(keptId) since: undo that merge first"))
            return out
        }
        if try Person.fetchOne(db, key: mergedId) != nil {
            out.append(Localized("编号 #\(mergedId) 已有人员", "person #\(mergedId) exists"))
        }
        let householdId = Int64.fromDatabaseValue(try value(mergedImage, "household_id")) ?? 0
        let idNumber = String.fromDatabaseValue(try value(mergedImage, "id_number")) ?? ""
        if let villageId = try Int64.fetchOne(db, sql: "SELECT village_id FROM household WHERE id = ?", arguments: [householdId]) {
            if !idNumber.isEmpty, let taken = try idNumberError(db, idNumber, villageId: villageId, excluding: keptId) {
                out.append(taken.message)
            }
        } else {
            out.append(Localized("被合并人员原来的户已删除", "the merged person's household no longer exists"))
        }
        for column in (m["kept_changes"] as String).split(separator: ",").map(String.init) {
            let expected = column == "relation" ? Relation.head.rawValue.databaseValue : try value(mergedImage, column)
            let now = try DatabaseValue.fetchOne(db, sql: "SELECT \"\(column)\" FROM person WHERE id = ?", arguments: [keptId]) ?? .null
            if now != expected {
                let name = columnNames[column] ?? Localized(column, column)
                out.append(Localized("保留的人员 #\(keptId) 的\(name.zh)在合并后又有改动", "the kept person #\(keptId)'s \(name.en) was changed after the merge"))
            }
        }
        let refs: String = m["moved_refs"]
        for ref in (try JSONSerialization.jsonObject(with: Data(refs.utf8)) as? [[String]]) ?? [] where ref.count == 3 {
            guard let rowId = Int64(ref[2]) else { continue }
            let label = recordLabel(ref[0])
            let now = try Int64?.fetchOne(db, sql: "SELECT \"\(ref[1])\" FROM \"\(ref[0])\" WHERE rowid = ?", arguments: [rowId])
            switch now {
            case nil:
                out.append(Localized("\(label.zh)中的一条记录（#\(rowId)）已删除", "a record of \(label.en) (#\(rowId)) was deleted"))
            case let value? where value != keptId:
                out.append(Localized("\(label.zh)中的一条记录（#\(rowId)）在合并后又有改动", "a record of \(label.en) (#\(rowId)) was changed after the merge"))
            default:
                break
            }
        }
        return out
    }
}
