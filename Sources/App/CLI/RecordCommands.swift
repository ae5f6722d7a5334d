import ArgumentParser
import Domain
import Foundation
import Store
import UICore

/// Lays out rows as columns aligned by display width (CJK = 2 columns), for scripts and printouts.
package func alignedTable(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { TextWidth.of($0[i]) }.max() ?? 0 }
    return all.map { row in
        row.indices.map { i in
            TextWidth.pad(row[i], to: widths[i], align: rightAligned.contains(i) ? .right : .left)
        }.joined(separator: "  ").trimmedTrailingSpaces
    }.joined(separator: "\n")
}

extension String {
    var trimmedTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// Explains a store error in the user's language, one line per problem.
package func userError(_ error: Error, _ language: Language, form: String? = nil) -> Error {
    switch error {
    case StoreError.invalid(let errors):
        let labels = fieldLabels(language, form: form)
        return UserError(errors.map { "\(labels[$0.field] ?? $0.field)：\($0.message.text(language))" }
            .joined(separator: "\n"))
    case StoreError.refused(let why):
        return UserError(why.text(language))
    case StoreError.notFound:
        return UserError(language == .en ? "No such record." : "没有这条记录。")
    default:
        return error
    }
}

/// The labels the screens give each field key, for naming fields in command-line errors: those
/// of `form` (the screen the command stands for) first, then the other screens' in the order of
/// their names, so a key two screens share is named the same way every time.
func fieldLabels(_ language: Language, form: String? = nil) -> [String: String] {
    let specs = (try? loadCatalog())?.specs ?? [:]
    var labels: [String: String] = [:]
    let ordered = (form.flatMap { specs[$0] }.map { [$0] } ?? []) + specs.sorted { $0.key < $1.key }.map(\.value)
    for spec in ordered {
        for f in spec.fields ?? [] where labels[f.key] == nil { labels[f.key] = f.label.text(language) }
    }
    return labels
}

package func requireVillage(_ db: AppDatabase, _ language: Language) throws -> Village {
    guard let v = try db.village() else {
        throw UserError(language == .en ? "No village yet: run `chengxin village set --name NAME` first."
                        : "尚未设置村庄：请先运行 chengxin village set --name 村名")
    }
    return v
}

struct VillageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "village",
        abstract: helpText("查看或设置本村及其村民小组（社）。", "Show or set the village and its village groups (社)."),
        subcommands: [Show.self, Set.self, Groups.self, AddGroup.self, Key.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("显示本村。", "Show the village."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let v = try requireVillage(db, options.language)
            let en = options.language == .en
            print(alignedTable([en ? "Village" : "村名", en ? "Township" : "乡镇", en ? "County" : "县"],
                               [[v.name, v.township, v.county]]))
            if let code = RegionCode(v.code) {
                print(en ? "Code \(code.digits) (township \(code.township), county \(code.countyCode))"
                         : "区划代码 \(code.digits)（乡镇 \(code.township)，县 \(code.countyCode)）")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("设置本村名称、所属乡镇和县。", "Set the village's name, township and county."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("村名（第一次设置时必填）。", en: "Village name (needed the first time).")) var name: String?
        @Option(help: .zh("乡镇。", en: "Township (乡镇).")) var township: String?
        @Option(help: .zh("县/市/区。", en: "County (县/市/区).")) var county: String?
        @Option(help: .zh("12 位统计用区划代码：县 6 位、乡镇 3 位、村 3 位，如 990101100201。",
                          en: "The 12-digit statistical code: county 6, township 3, village 3, e.g. 990101100201."))
        var code: String?
        func run() throws {
            let db = try options.openDatabase()
            guard var v = try db.village() ?? name.map({ Village(name: $0) }) else {
                throw UserError(options.language == .en ? "The first time, --name is needed." : "首次设置须提供 --name 村名。")
            }
            if let name { v.name = name }
            if let township { v.township = township }
            if let county { v.county = county }
            if let code { v.code = code }
            do { try db.saveVillage(v) } catch { throw userError(error, options.language) }
            print(options.language == .en ? "Saved." : "已保存。")
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "本村的密钥：第一次运行时生成，写出公钥文件并显示指纹（交乡镇登记）。",
            "The village's keys: made the first time, then the public key file is written and its fingerprint shown (for the township to register)."))
        @OptionGroup var options: GlobalOptions
        @Option(name: .short, help: .zh("公钥文件。", en: "The public key file.")) var output: String?
        func run() throws {
            let db = try options.openDatabase()
            let v = try requireVillage(db, options.language)
            do {
                let key = try db.makeOfficeKeys(kind: .village, code: v.code, name: v.name)
                try writePublicKey(key, to: output, options.language)
            } catch let error as UserError { throw error } catch { throw userError(error, options.language) }
        }
    }

    struct Groups: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出村民小组（社）。", "List the village groups (社)."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let en = options.language == .en
            let rows = try db.villageGroups().map { [String($0.group.number), $0.group.name, String($0.householdCount)] }
            print(alignedTable([en ? "No." : "序号", en ? "Name" : "社名", en ? "Households" : "户数"], rows,
                               rightAligned: [0, 2]))
        }
    }

    struct AddGroup: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-group", abstract: helpText("新增村民小组（社）。", "Add a village group (社)."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("序号，1–99。", en: "Order number, 1–99.")) var number: Int
        @Argument(help: .zh("名称，如 一社。", en: "Name, e.g. 一社.")) var name: String
        func run() throws {
            let db = try options.openDatabase()
            let v = try requireVillage(db, options.language)
            do { try db.saveVillageGroup(VillageGroup(villageId: v.id ?? 0, number: number, name: name)) }
            catch { throw userError(error, options.language) }
            print(options.language == .en ? "Saved." : "已保存。")
        }
    }
}

struct HouseholdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "households",
        abstract: helpText("列出、查看、新增户卡（一户一卡）。", "List, show and add household cards (一户一卡)."),
        subcommands: [List.self, Show.self, Add.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出户；--filter 可填户编号、姓名或拼音。", "List households; --filter takes a number, name or pinyin."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("户编号、户主姓名、拼音首字母（zs）或全拼（zhangsan）。", en: "Household number, head's name, pinyin initials (zs) or full pinyin (zhangsan).")) var filter = ""
        @Option(help: .zh("最多显示这么多行。", en: "At most this many rows.")) var limit = 1000
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let en = options.language == .en
            let rows = try db.householdRows(filter: filter, villageGroupId: nil, sort: .number, ascending: true,
                                            offset: 0, limit: limit)
            print(alignedTable(
                [en ? "No." : "户编号", en ? "Group" : "社", en ? "Head" : "户主", en ? "Head's ID" : "户主身份证号",
                 en ? "Address" : "地址", en ? "Members" : "人数"],
                rows.map { [$0.number, $0.villageGroupName, $0.headName, IDNumber.masked($0.headIdNumber),
                            $0.address, String($0.memberCount)] }, rightAligned: [5]))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("显示一张户卡及其成员。", "Show one household card and its members."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("户编号。", en: "Household number.")) var number: String
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let l = options.language
            let en = l == .en
            guard let row = try db.householdRows(filter: number, villageGroupId: nil, sort: .number, ascending: true,
                                                 offset: 0, limit: 50).first(where: { $0.number == number }),
                  let h = try db.household(id: row.id) else {
                throw UserError(en ? "No household numbered \(number)." : "没有户编号为 \(number) 的户。")
            }
            print(alignedTable([en ? "No." : "户编号", en ? "Group" : "社", en ? "Address" : "地址", en ? "Phone" : "电话"],
                               [[h.number, row.villageGroupName, h.address, maskedPhone(h.phone)]]))
            print("")
            let members = try db.members(householdId: row.id)
            print(alignedTable(
                [en ? "Name" : "姓名", en ? "Relation" : "关系", en ? "Sex" : "性别", en ? "Born" : "出生日期",
                 en ? "ID number" : "身份证号"],
                members.map { [$0.name, $0.relation.label.text(l), $0.sex.label.text(l),
                               $0.birthDate?.description ?? "", IDNumber.masked($0.idNumber)] }))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("新增户卡及户主。", "Add a household card with its head."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("户编号，在本村内唯一。", en: "Household number, unique in the village.")) var number: String
        @Option(help: .zh("所在村民小组（社），名称或序号。", en: "Village group (社) by name or number.")) var group: String
        @Option(help: .zh("户主姓名。", en: "Head's name.")) var head: String
        @Option(help: .zh("户主性别：男/女 或 male/female。", en: "Head's sex: 男/女 or male/female.")) var sex: String
        @Option(help: .zh("户主身份证号。", en: "Head's ID number.")) var id = ""
        @Option(help: .zh("住址。", en: "Address.")) var address = ""
        @Option(help: .zh("家庭电话：11 位手机号或带区号的固定电话。", en: "Household phone: 11-digit mobile or landline with area code.")) var phone = ""
        @Flag(help: .zh("登记为生活困难户（部分政策的享受条件）。", en: "Mark the household as in hardship (a condition of some benefits).")) var hardship = false
        func run() throws {
            let db = try options.openDatabase()
            let v = try requireVillage(db, options.language)
            let en = options.language == .en
            guard let g = try db.villageGroups().first(where: { $0.group.name == group || String($0.group.number) == group })?.group else {
                throw UserError(en ? "No village group named or numbered \(group)." : "没有名称或序号为 \(group) 的社。")
            }
            guard let s = parseSex(sex) else { throw UserError(en ? "Sex must be male or female." : "性别应为 男 或 女。") }
            let h = Household(villageId: v.id ?? 0, villageGroupId: g.id ?? 0, number: number, address: address, phone: phone,
                              isHardship: hardship)
            let p = Person(householdId: 0, name: Validation.normalizeName(head), sex: s,
                           idNumber: IDNumber.normalize(id), relation: .head)
            do { try db.createHousehold(h, head: p) } catch { throw userError(error, options.language) }
            print(en ? "Saved." : "已保存。")
        }
    }
}

/// The enum case named by its raw value or its Chinese or English label (儿媳 and 女婿 both mean childInLaw).
func choose<E: CaseIterable & RawRepresentable>(_: E.Type, _ text: String) -> E? where E.RawValue == String {
    let t = text.trimmedSpaces
    return E.allCases.first { e in
        guard let labelled = e as? any Labelled else { return e.rawValue == t }
        let label = labelled.label
        return e.rawValue.lowercased() == t.lowercased() || label.zh == t || label.en.lowercased() == t.lowercased()
            || label.zh.split(separator: "/").contains { String($0) == t }
    }
}

func choices<E: CaseIterable & RawRepresentable>(_: E.Type) -> String where E.RawValue == String {
    E.allCases.map { e in (e as? any Labelled).map { "\($0.label.zh)(\(e.rawValue))" } ?? e.rawValue }
        .joined(separator: " ")
}

/// Domain enums that carry a user-facing label.
protocol Labelled { var label: Localized { get } }
extension Relation: Labelled {}
extension MaritalStatus: Labelled {}
extension Sex: Labelled {}
extension FeedbackSource: Labelled {}
extension MigrantStatus: Labelled {}
extension PolicyKind: Labelled {}
extension PolicyLevel: Labelled {}
extension Recurrence: Labelled {}
extension FamilyCondition: Labelled {}
extension Domain.Role: Labelled {}
extension RuleDocumentKind: Labelled {}
extension SignatureKind: Labelled {}
extension StarFailureAction: Labelled {}
extension SurveyConductor: Labelled {}

func parseSex(_ s: String) -> Sex? {
    switch s.lowercased() {
    case "男", "male", "m": .male
    case "女", "female", "f": .female
    default: nil
    }
}

struct PersonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "persons",
        abstract: helpText("查找人员并把人员加入户；疑似重复的人员及其合并。", "Find persons and add them to households; persons entered twice, and merging them."),
        subcommands: [List.self, Add.self, Duplicates.self, Merge.self, NotDuplicate.self, Merges.self, Unmerge.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("列出人员；--filter 可填姓名或拼音。", "List persons; --filter takes a name or pinyin."))
        @OptionGroup var options: GlobalOptions
        @Option var filter = ""
        @Option var limit = 1000
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let l = options.language
            let en = l == .en
            let rows = try db.personRows(filter: filter, offset: 0, limit: limit)
            print(alignedTable(
                [en ? "Name" : "姓名", en ? "Sex" : "性别", en ? "Born" : "出生日期", en ? "ID number" : "身份证号",
                 en ? "Relation" : "关系", en ? "Household" : "户编号"],
                rows.map { [$0.name, $0.sex.label.text(l), $0.birthDate?.description ?? "", IDNumber.masked($0.idNumber),
                            $0.relation.label.text(l), $0.householdNumber] }))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("向一户添加人员。", "Add a person to a household."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("户编号。", en: "Household number.")) var household: String
        @Option var name: String
        @Option(help: .zh("男/女 或 male/female。", en: "男/女 or male/female.")) var sex: String
        @Option(help: .zh("配偶/子女/父母/儿媳/女婿/孙子女/兄弟姐妹/其他，或 spouse、child、parent、childInLaw、grandchild、sibling、other。", en: "配偶/子女/父母/儿媳/女婿/孙子女/兄弟姐妹/其他, or spouse, child, parent, childInLaw, grandchild, sibling, other.")) var relation: String
        @Option var id = ""
        @Option(help: .zh("YYYY-MM-DD；不填时取自身份证号。", en: "YYYY-MM-DD; taken from the ID number when omitted.")) var born = ""
        @Option(help: .zh("未婚/已婚/离婚/丧偶，或 unmarried、married、divorced、widowed。", en: "未婚/已婚/离婚/丧偶, or unmarried, married, divorced, widowed.")) var marital = "unmarried"
        @Option var phone = ""
        func run() throws {
            let db = try options.openDatabase()
            _ = try requireVillage(db, options.language)
            let en = options.language == .en
            guard let row = try db.householdRows(filter: household, villageGroupId: nil, sort: .number, ascending: true,
                                                 offset: 0, limit: 50).first(where: { $0.number == household }) else {
                throw UserError(en ? "No household numbered \(household)." : "没有户编号为 \(household) 的户。")
            }
            guard let s = parseSex(sex) else { throw UserError(en ? "Sex must be male or female." : "性别应为 男 或 女。") }
            guard let r = choose(Relation.self, relation) else {
                throw UserError((en ? "Unknown relation \(relation); one of: " : "未知的关系 \(relation)，可用：") + choices(Relation.self))
            }
            guard let m = choose(MaritalStatus.self, marital) else {
                throw UserError((en ? "Unknown marital status \(marital); one of: " : "未知的婚姻状况 \(marital)，可用：") + choices(MaritalStatus.self))
            }
            var birth: LocalDate?
            if !born.isEmpty {
                guard let d = LocalDate(born) else {
                    throw UserError(en ? "Birth date must be a real date YYYY-MM-DD." : "出生日期格式应为 YYYY-MM-DD（如 2024-03-15）。")
                }
                birth = d
            }
            let p = Person(householdId: row.id, name: Validation.normalizeName(name), sex: s, idNumber: IDNumber.normalize(id),
                           birthDate: birth, relation: r, maritalStatus: m, phone: phone)
            do { try db.savePerson(p) } catch { throw userError(error, options.language) }
            print(en ? "Saved." : "已保存。")
        }
    }
}
