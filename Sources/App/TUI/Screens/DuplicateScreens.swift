import Domain
import Store
import UICore

/// 疑似重复人员: pairs of the village's persons who may be one person entered twice.
/// F5 merges B into A, F7 A into B (each after a confirmation), F8 marks the pair as two
/// people, u undoes the screen's last merge or mark; Enter shows both persons.
final class DuplicatePairsScreen: TableScreen<DuplicatePair> {
    /// What `u` takes back.
    enum Done {
        case merged(recordId: Int64, Localized)
        case marked(Int64, Int64, Localized)
    }
    var lastDone: Done?

    static let cells: Cells<DuplicatePair> = [
        "name": { p, _ in p.first.name },
        "householdNumber": { p, _ in p.first.householdNumber },
        "birthDate": { p, _ in p.first.birthDate?.description ?? "" },
        "otherName": { p, _ in p.second.name },
        "otherHouseholdNumber": { p, _ in p.second.householdNumber },
        "otherBirthDate": { p, _ in p.second.birthDate?.description ?? "" },
        "reasons": { p, c in p.reasons.map { c.t($0.shortLabel) }.joined(separator: c.language == .en ? ", " : "、") },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "duplicate_pairs", cells: Self.cells)
    }

    override func fetch() throws -> [DuplicatePair] {
        try context.db.duplicatePairs(villageId: try context.db.village()?.id)
    }

    override func load() {
        super.load()
        header = [(context.t(Localized("共 \(items.count) 对疑似重复；甲是先登记的一人。合并前请核对两人的详情（回车）。",
                                       "\(items.count) pair(s); A was entered first. Check both persons (Enter) before merging.")),
                   .normal)]
    }

    /// Persons have ids below 2³¹ in any village; the pair's id is both.
    override func rowId(_ p: DuplicatePair) -> Int64 { (p.first.id << 32) | p.second.id }
    override var openLabel: Localized? { Localized("详情", "Details") }
    override var showsSort: Bool { false }
    override func open(_ p: DuplicatePair) -> Action {
        .push(TextViewScreen(context, title: context.t(Localized("疑似重复：两人详情", "Possible duplicate: both persons")), text: detail(p)))
    }

    override var listCommands: [Command] {
        var list = [Command.write("F5", Localized("留甲合并", "Merge→A")) { [unowned self] in selected.map { merge($0, keepFirst: true) } ?? .none },
                    Command.write("F7", Localized("留乙合并", "Merge→B")) { [unowned self] in selected.map { merge($0, keepFirst: false) } ?? .none },
                    Command.write("F8", Localized("不是重复", "Not dup.")) { [unowned self] in selected.map(markNotDuplicate) ?? .none }]
        if let done = lastDone {
            list.append(.write("u", Localized("撤销", "Undo")) { [unowned self] in undo(done) })
        }
        return list
    }

    /// The selected pair's two persons under the table, numbers as the role may see them.
    override func footer() -> [String] {
        guard let p = selected else { return [] }
        return [line(context.t(Localized("甲", "A")), p.first), line(context.t(Localized("乙", "B")), p.second)]
    }

    func line(_ side: String, _ p: PersonRow) -> String {
        let id = p.idNumber.isEmpty ? context.t(Localized("（无身份证号）", "(no ID number)")) : p.idNumber
        return "\(side) #\(p.id) \(p.name) \(context.t(p.sex.label)) \(context.t(p.relation.label)) \(id)"
    }

    /// Enter: both persons' records side by side, read when asked.
    func detail(_ p: DuplicatePair) -> String {
        var out = [context.t(Localized("原因：", "Why: ")) + p.reasons.map { context.t($0.label) }.joined(separator: context.language == .en ? "; " : "、"), ""]
        for (side, row) in [(Localized("甲", "A"), p.first), (Localized("乙", "B"), p.second)] {
            let person = try? context.db.person(id: row.id)
            let t = context.t
            out.append("\(t(side)) #\(row.id) \(row.name)")
            out.append("  " + t(Localized("户编号：", "Household: ")) + row.householdNumber + "　" + t(Localized("与户主关系：", "Relation: ")) + t(row.relation.label))
            out.append("  " + t(Localized("性别：", "Sex: ")) + t(row.sex.label) + "　" + t(Localized("出生日期：", "Born: ")) + (row.birthDate?.description ?? "—"))
            out.append("  " + t(Localized("身份证号：", "ID number: ")) + (row.idNumber.isEmpty ? "—" : row.idNumber))
            if let person {
                out.append("  " + t(Localized("婚姻状况：", "Marital status: ")) + t(person.maritalStatus.label) + "　"
                           + t(Localized("电话：", "Phone: ")) + (person.phone.isEmpty ? "—" : person.phone))
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// F5/F7: asks, then merges the other person into the one kept.
    func merge(_ p: DuplicatePair, keepFirst: Bool) -> Action {
        let (kept, merged) = keepFirst ? (p.first, p.second) : (p.second, p.first)
        let (k, m) = keepFirst ? (Localized("甲", "A"), Localized("乙", "B")) : (Localized("乙", "B"), Localized("甲", "A"))
        let question = Localized(
            "把\(m.zh)“\(merged.name)”（#\(merged.id)，户 \(merged.householdNumber)）并入\(k.zh)“\(kept.name)”（#\(kept.id)，户 \(kept.householdNumber)）吗？\(m.zh)的记录将删除，原样存入合并记录；按 u 可撤销。",
            "Merge \(m.en), \(merged.name) (#\(merged.id), household \(merged.householdNumber)), into \(k.en), \(kept.name) (#\(kept.id), household \(kept.householdNumber))? \(m.en)'s record is deleted and kept whole in a merge record; u undoes it.")
        return .confirm(context.t(question), onYes: { [unowned self] in
            let done = Localized("已把“\(merged.name)”并入“\(kept.name)”（合并记录 ", "Merged \(merged.name) into \(kept.name) (merge record ")
            do {
                let record = try context.db.mergePerson(merged.id, into: kept.id, on: context.today)
                lastDone = .merged(recordId: record.id, Localized("已撤销合并：“\(merged.name)”已恢复", "Merge undone: \(merged.name) is back"))
                load()
                return .message(Message(context.t(Localized(done.zh + "\(record.id)）", done.en + "\(record.id))"))))
            } catch {
                return .message(Message(context.describe(error), kind: .error))
            }
        })
    }

    /// F8: the pair are two people; no question, `u` takes it back.
    func markNotDuplicate(_ p: DuplicatePair) -> Action {
        change(Localized("已记为不是重复：\(p.first.name)／\(p.second.name)（按 u 撤销）", "Marked as two people: \(p.first.name) / \(p.second.name) (u undoes)")) {
            try context.db.markNotDuplicate(p.first.id, p.second.id)
            lastDone = .marked(p.first.id, p.second.id, Localized("已撤销标记：\(p.first.name)／\(p.second.name)", "Mark taken back: \(p.first.name) / \(p.second.name)"))
            load()
        }
    }

    /// u: undoes the last merge or mark made here.
    func undo(_ done: Done) -> Action {
        switch done {
        case .merged(let id, let said):
            return change(said) {
                try context.db.undoMerge(id, on: context.today)
                lastDone = nil
                load()
            }
        case .marked(let a, let b, let said):
            return change(said) {
                try context.db.unmarkNotDuplicate(a, b)
                lastDone = nil
                load()
            }
        }
    }
}
