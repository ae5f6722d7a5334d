/// The fields of a roster file of persons, one row per person, keyed by
/// household number, and how a file's header names them.
public enum RosterField: String, CaseIterable, Codable, Sendable {
    case householdNumber, villageGroup, address, name, relation, sex, birthDate, idNumber, maritalStatus, phone,
         associationMember, migrantStatus, whereabouts, migrantContact

    public var label: Localized {
        switch self {
        case .householdNumber: Localized("户编号", "Household number")
        case .villageGroup: Localized("社", "社 (village group)")
        case .address: Localized("地址", "Address")
        case .name: Localized("姓名", "Name")
        case .relation: Localized("与户主关系", "Relation to head")
        case .sex: Localized("性别", "Sex")
        case .birthDate: Localized("出生日期", "Birth date")
        case .idNumber: Localized("身份证号", "ID number")
        case .maritalStatus: Localized("婚姻状况", "Marital status")
        case .phone: Localized("联系电话", "Phone")
        case .associationMember: Localized("计生协会会员", "Association member")
        case .migrantStatus: Localized("流动情况", "Migrant status")
        case .whereabouts: Localized("去向/来源地", "Whereabouts")
        case .migrantContact: Localized("流动联系电话", "Migrant contact")
        }
    }

    /// Fields a roster cannot do without.
    public var isRequired: Bool { self == .householdNumber || self == .name || self == .relation }

    /// Header texts that mean this field, as rosters from Excel and the county's
    /// system write them (compared without spaces, case and brackets' contents).
    public var headers: [String] {
        switch self {
        case .householdNumber: ["户编号", "户号", "户代码", "户码", "家庭编号", "户主编号", "householdnumber", "household"]
        case .villageGroup: ["社", "组", "社别", "所属社", "村民小组", "小组", "社组", "villagegroup", "group"]
        case .address: ["地址", "住址", "家庭住址", "居住地址", "address"]
        case .name: ["姓名", "名字", "成员姓名", "name"]
        case .relation: ["与户主关系", "关系", "家庭关系", "与户主的关系", "relation", "relationtohead"]
        case .sex: ["性别", "sex", "gender"]
        case .birthDate: ["出生日期", "出生年月日", "出生年月", "生日", "birthdate", "born", "dateofbirth"]
        case .idNumber: ["身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "idnumber", "id"]
        case .maritalStatus: ["婚姻状况", "婚姻", "婚姻状态", "maritalstatus", "marital"]
        case .phone: ["联系电话", "电话", "手机", "手机号", "手机号码", "电话号码", "phone", "mobile"]
        case .associationMember: ["计生协会会员", "协会会员", "计生协会员", "会员", "associationmember", "member"]
        case .migrantStatus: ["流动情况", "流动", "流动人口", "流动状态", "人口流动", "migrantstatus", "migrant"]
        case .whereabouts: ["去向/来源地", "去向", "来源地", "流入地/流出地", "流动去向", "whereabouts"]
        case .migrantContact: ["流动联系电话", "流动期间电话", "外出联系电话", "migrantcontact"]
        }
    }

    /// A header cell as compared: no spaces, lower case, no text in brackets.
    static func key(_ header: String) -> String {
        var out = ""
        var depth = 0
        for ch in header {
            switch ch {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            case " ", "\u{3000}", "\t", "*", "＊", "_", "-":
                continue
            default:
                if depth == 0 { out += ch.lowercased() }
            }
        }
        return out
    }

    /// The field each header column means, from the header's texts: each field
    /// takes the first column that names it.
    public static func guess(header: [String]) -> [RosterField: Int] {
        var found: [RosterField: Int] = [:]
        let keys = header.map(key)
        for field in allCases {
            let names = Set(field.headers.map(key))
            if let i = keys.indices.first(where: { names.contains(keys[$0]) && !found.values.contains($0) }) {
                found[field] = i
            }
        }
        return found
    }
}

/// Roster cells read as the values the forms take.
public enum RosterValue {
    /// The case whose label (in either language) or raw value is `text`, ignoring case.
    static func labelled<E: CaseIterable & RawRepresentable>(_ text: String, _ label: (E) -> Localized) -> E?
    where E.RawValue == String {
        let t = text.lowercased()
        return E.allCases.first { $0.rawValue.lowercased() == t || label($0).zh == text || label($0).en.lowercased() == t }
    }

    public static func relation(_ text: String) -> Relation? {
        if let r = labelled(text, \Relation.label) { return r }
        return switch text {
        case "户主", "本人", "户主本人", "head": .head
        case "配偶", "妻", "妻子", "夫", "丈夫", "爱人", "spouse": .spouse
        case "子女", "子", "女", "儿子", "女儿", "长子", "次子", "三子", "长女", "次女", "三女", "养子", "养女", "child": .child
        case "父母", "父", "母", "父亲", "母亲", "parent": .parent
        case "儿媳", "女婿", "儿媳/女婿", "媳", "childInLaw": .childInLaw
        case "孙子女", "孙子", "孙女", "外孙", "外孙女", "外孙子", "grandchild": .grandchild
        case "兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "sibling": .sibling
        case "其他", "other": .other
        default: nil
        }
    }

    public static func sex(_ text: String) -> Sex? {
        if let s = labelled(text, \Sex.label) { return s }
        return switch text {
        case "男", "male", "Male", "M", "m", "1": .male
        case "女", "female", "Female", "F", "f", "2": .female
        default: nil
        }
    }

    public static func maritalStatus(_ text: String) -> MaritalStatus? {
        if let m = labelled(text, \MaritalStatus.label) { return m }
        return switch text {
        case "未婚", "unmarried": .unmarried
        case "已婚", "初婚", "再婚", "复婚", "married": .married
        case "离婚", "离异", "divorced": .divorced
        case "丧偶", "widowed": .widowed
        default: nil
        }
    }

    public static func migrantStatus(_ text: String) -> MigrantStatus? {
        if let m = labelled(text, \MigrantStatus.label) { return m }
        return switch text {
        case "", "常住", "否", "无", "resident": .resident
        case "流出", "外出", "outflow": .outflow
        case "流入", "外来", "inflow": .inflow
        default: nil
        }
    }

    /// 是/否 and the ways Excel and other systems write them; an empty cell is no.
    public static func flag(_ text: String) -> Bool? {
        switch text {
        case "是", "√", "✓", "Y", "y", "yes", "Yes", "TRUE", "true", "1", "会员": true
        case "", "否", "×", "N", "n", "no", "No", "FALSE", "false", "0", "非会员": false
        default: nil
        }
    }

    /// YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD or YYYY年M月D日.
    public static func date(_ text: String) -> LocalDate? {
        if let d = LocalDate(text) { return d }
        let digits = text.filter(\.isASCII)
        if text.count == 8, digits.count == 8, let n = Int(digits) {
            return LocalDate(year: n / 10000, month: n / 100 % 100, day: n % 100)
        }
        var t = text
        if t.hasSuffix("日") { t.removeLast() }
        let parts = t.split(whereSeparator: { "/.-年月".contains($0) })
        guard parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// An ID number a spreadsheet stored as a number: its last digits are gone.
    public static func isIDNumberStoredAsNumber(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for u in text.utf8 {
            if u == UInt8(ascii: "+"), previous == UInt8(ascii: "E") || previous == UInt8(ascii: "e") { return true }
            previous = u
        }
        return false
    }
}
