import ArgumentParser
import Domain
import Foundation
import Store

/// A person's number as typed: 12 or #12.
func personNumber(_ text: String, _ language: Language) throws -> Int64 {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard let n = Int64(t.hasPrefix("#") ? String(t.dropFirst()) : t), n > 0 else {
        throw UserError(language == .en ? "\(text) is not a person's number (as `persons duplicates` lists them, e.g. 12 or #12)."
                                        : "“\(text)”不是人员编号（即 persons duplicates 列出的编号，如 12 或 #12）。")
    }
    return n
}

/// The reasons of a pair in words: 「身份证号相同、姓名和出生日期相同」.
func reasonsText(_ reasons: [DuplicateReason], _ language: Language) -> String {
    reasons.map { $0.label.text(language) }.joined(separator: language == .en ? "; " : "、")
}

extension PersonsCommand {
    /// `persons duplicates`: the candidate pairs with their reasons.
    struct Duplicates: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "列出疑似重复的人员：身份证号相同、姓名和出生日期相同，或姓名拼音相同且同年出生（张丽/章莉）。已标记“不是重复”的不再列出。",
            "List persons who may be entered twice: the same ID number, the same name and birth date, or the same name in pinyin and born the same year (张丽/章莉). Pairs marked not duplicate are left out."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let village = try requireVillage(db, options.language)
            let l = options.language
            let en = l == .en
            let pairs = try storeCall(l) { try db.duplicatePairs(villageId: village.id) }
            if pairs.isEmpty {
                print(en ? "No persons look entered twice." : "没有疑似重复的人员。")
                return
            }
            func cells(_ p: PersonRow) -> [String] {
                ["#\(p.id)", p.name, p.householdNumber, p.birthDate?.description ?? "", p.idNumber]
            }
            let person = en ? ["Name", "Household", "Born", "ID number"] : ["姓名", "户编号", "出生日期", "身份证号"]
            print(alignedTable([en ? "A" : "甲"] + person + [en ? "B" : "乙"] + person + [en ? "Why" : "原因"],
                               pairs.map { cells($0.first) + cells($0.second) + [reasonsText($0.reasons, l)] }))
            print("")
            print(en ? "\(pairs.count) pair(s). Merge: chengxin persons merge KEEP MERGED; two different people: chengxin persons not-duplicate A B"
                     : "共 \(pairs.count) 对。合并：chengxin persons merge 保留的编号 并入的编号；确是两人：chengxin persons not-duplicate 甲 乙")
        }
    }

    /// `persons merge KEEP MERGED`.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "把一个人员并入另一个：户主、组长选举等对被并入人员的引用都改为保留的人员，保留人员空着的身份证号、出生日期、电话取自被并入人员；被并入人员的记录删除，原样存入合并记录，可用 persons unmerge 撤销。",
            "Merge one person into another: every reference to the merged person (household head, leader elections …) moves to the kept one, whose empty ID number, birth date and phone take the merged person's; the merged record is deleted and kept whole in a merge record, undone with persons unmerge."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("保留的人员编号（persons duplicates 列出的编号）。", en: "The number of the person kept (as persons duplicates lists it).")) var keep: String
        @Argument(help: .zh("并入并删除的人员编号。", en: "The number of the person merged in and removed.")) var merged: String
        func run() throws {
            let l = options.language
            let en = l == .en
            let (keptId, mergedId) = (try personNumber(keep, l), try personNumber(merged, l))
            let db = try options.openDatabase()
            _ = try requireVillage(db, l)
            let m = try storeCall(l) { try db.mergePerson(mergedId, into: keptId, on: LocalDate.today()) }
            let kept = try storeCall(l) { try db.person(id: keptId) }
            let keptNumber = try kept.flatMap { try db.household(id: $0.householdId)?.number } ?? ""
            print(en ? "Merged #\(mergedId) \(m.mergedName) (household \(m.mergedHouseholdNumber)) into #\(keptId) \(m.keptName) (household \(keptNumber)): \(m.movedReferences) reference(s) moved."
                     : "已把 #\(mergedId) \(m.mergedName)（户 \(m.mergedHouseholdNumber)）并入 #\(keptId) \(m.keptName)（户 \(keptNumber)）：改过 \(m.movedReferences) 处引用。")
            if !m.keptChanges.isEmpty {
                let names = m.keptChanges.map { PersonMerge.label(ofField: $0).text(l) }.joined(separator: en ? ", " : "、")
                print(en ? "Taken from the merged person: \(names)." : "保留的人员取用了被并入人员的：\(names)。")
            }
            print(en ? "Merge record \(m.id); undo with: chengxin persons unmerge \(m.id)" : "合并记录 \(m.id)；撤销：chengxin persons unmerge \(m.id)")
        }
    }

    /// `persons not-duplicate A B [--undo]`.
    struct NotDuplicate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "not-duplicate", abstract: helpText(
            "记录两人确是不同的人：这一对不再列为疑似重复。--undo 撤销该记录。",
            "Record that two persons are different people: the pair is no longer listed as duplicates. --undo takes it back."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("一人的编号。", en: "One person's number.")) var first: String
        @Argument(help: .zh("另一人的编号。", en: "The other's number.")) var second: String
        @Flag(help: .zh("撤销“不是重复”的记录。", en: "Take the mark back.")) var undo = false
        func run() throws {
            let l = options.language
            let en = l == .en
            let (a, b) = (try personNumber(first, l), try personNumber(second, l))
            let db = try options.openDatabase()
            _ = try requireVillage(db, l)
            if undo {
                try storeCall(l) { try db.unmarkNotDuplicate(a, b) }
                print(en ? "Taken back: #\(a) and #\(b) may be listed as duplicates again." : "已撤销：#\(a) 与 #\(b) 可再列为疑似重复。")
                return
            }
            try storeCall(l) { try db.markNotDuplicate(a, b) }
            let names = try [a, b].map { id in try storeCall(l) { try db.person(id: id)?.name ?? "" } }
            print(en ? "Recorded: #\(a) \(names[0]) and #\(b) \(names[1]) are different people; the pair is no longer listed."
                     : "已记录：#\(a) \(names[0]) 与 #\(b) \(names[1]) 不是同一人，不再列为疑似重复。")
        }
    }

    /// `persons merges`: the merge records.
    struct Merges: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出人员合并记录，新的在前。", "List the person merge records, newest first."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let en = options.language == .en
            let merges = try storeCall(options.language) { try db.personMerges() }
            if merges.isEmpty {
                print(en ? "No persons have been merged." : "没有人员合并记录。")
                return
            }
            print(alignedTable(
                [en ? "Record" : "记录", en ? "Date" : "日期", en ? "By" : "操作人", en ? "Kept" : "保留", en ? "Merged" : "并入",
                 en ? "Its household" : "原户", en ? "State" : "状态"],
                merges.map { m in
                    [String(m.id), m.mergedOn.description, m.mergedBy, "#\(m.keptPersonId) \(m.keptName)", "#\(m.mergedPersonId) \(m.mergedName)",
                     m.mergedHouseholdNumber, m.undoneOn.map { en ? "undone \($0)" : "已于 \($0) 撤销" } ?? (en ? "merged" : "已合并")]
                }, rightAligned: [0]))
        }
    }

    /// `persons unmerge RECORD`.
    struct Unmerge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "撤销一次合并：被并入的人员按原样恢复，改过的引用改回；合并之后若又有改动涉及这些记录，则拒绝并说明原因。",
            "Undo a merge: the merged person comes back as they were and the moved references move back; refused, saying why, once a later change touched those records."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("合并记录号（persons merges 列出）。", en: "The merge record (as persons merges lists it).")) var record: Int64
        func run() throws {
            let l = options.language
            let db = try options.openDatabase()
            _ = try requireVillage(db, l)
            try storeCall(l) { try db.undoMerge(record, on: LocalDate.today()) }
            let m = try storeCall(l) { try db.personMerges().first { $0.id == record } }
            let who = m.map { "#\($0.mergedPersonId) \($0.mergedName)" } ?? ""
            let number = m?.mergedHouseholdNumber ?? ""
            print(l == .en ? "Merge \(record) undone: \(who) is back in household \(number)." : "已撤销第 \(record) 号合并：\(who) 已恢复到户 \(number)。")
        }
    }
}
