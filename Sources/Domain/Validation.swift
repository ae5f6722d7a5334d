import Foundation

/// One broken rule, attached to the field that breaks it.
public struct FieldError: Hashable, Sendable {
    public var field: String
    public var message: Localized
    public init(field: String, message: Localized) {
        self.field = field
        self.message = message
    }
}

public enum Validation {
    /// Names: CJK ideographs, Latin letters, spaces between Latin words and the middle dot, 1–30 characters.
    public static func nameProblem(_ name: String) -> Localized? {
        let n = name.count
        if n == 0 { return Localized("姓名不能为空", "Name is required") }
        if n > 30 { return Localized("姓名最多30个字，现为\(n)个", "Name has at most 30 characters, not \(n)") }
        for ch in name {
            guard let s = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else {
                return Localized("姓名含有不允许的字符「\(ch)」", "Name contains a character not allowed: \(ch)")
            }
            let v = s.value
            let isCJK = (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
                || (0x20000...0x3134F).contains(v) || (0xF900...0xFAFF).contains(v) || v == 0x3007
            let isLatin = (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || (0xC0...0x24F).contains(v) && v != 0xD7 && v != 0xF7
            let isDot = v == 0xB7 || v == 0x30FB || v == 0x2022 || v == 0xFF0E
            let isSpace = v == 0x20
            if !(isCJK || isLatin || isDot || isSpace) {
                return Localized("姓名含有不允许的字符「\(ch)」", "Name contains a character not allowed: \(ch)")
            }
        }
        if name.first == " " || name.last == " " || name.first == "·" || name.last == "·" {
            return Localized("姓名首尾不能是空格或间隔号", "Name cannot start or end with a space or a middle dot")
        }
        return nil
    }

    /// Normalises the middle dots people type (・ • ．) to U+00B7.
    public static func normalizeName(_ name: String) -> String {
        var s = name.trimmingSpaces()
        // Only names holding one of the dots need the (slow) replacing.
        if s.unicodeScalars.contains(where: { $0 == "・" || $0 == "•" || $0 == "．" }) {
            for dot in ["・", "•", "．"] { s = s.replacingOccurrences(of: dot, with: "·") }
        }
        return s
    }

    /// Phones: an 11-digit mobile (1[3-9]…) or a landline with area code (0xx-xxxxxxxx, 0xxx-xxxxxxx).
    public static func phoneProblem(_ phone: String) -> Localized? {
        if phone.isEmpty { return nil }
        if isMobile(phone) || isLandline(phone) { return nil }
        return Localized("电话应为11位手机号或带区号的固定电话（如 0310-1234567）",
                         "Phone must be an 11-digit mobile or a landline with area code (e.g. 0310-1234567)")
    }

    static func isMobile(_ p: String) -> Bool {
        let u = Array(p.utf8)
        if u.count == 11, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return u[0] == UInt8(ascii: "1") && u[1] >= UInt8(ascii: "3")
        }
        let c = Array(p)
        return c.count == 11 && c.allSatisfy { $0.isASCII && $0.isNumber } && c[0] == "1" && "3456789".contains(c[1])
    }

    static func isLandline(_ p: String) -> Bool {
        let parts = p.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let area = parts[0], local = parts[1]
        let digits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return digits(area) && digits(local) && area.first == "0" && (3...4).contains(area.count)
            && (7...8).contains(local.count) && local.first != "0"
    }

    public static func validate(_ p: Person, on today: LocalDate = .today()) -> [FieldError] {
        var errors: [FieldError] = []
        if let m = nameProblem(p.name) { errors.append(FieldError(field: "name", message: m)) }
        if let born = p.birthDate, born > today {
            errors.append(FieldError(field: "birthDate", message: Localized("出生日期不能晚于今天（\(today)）",
                                                                            "Birth date cannot be after today (\(today))")))
        }
        if !p.idNumber.isEmpty {
            for problem in IDNumber.problems(p.idNumber, birthDate: p.birthDate, sex: p.sex, on: today) {
                let field: String
                switch problem {
                case .birthDateMismatch: field = "birthDate"
                case .sexMismatch: field = "sex"
                default: field = "idNumber"
                }
                errors.append(FieldError(field: field, message: problem.message))
            }
        }
        if let m = phoneProblem(p.phone) { errors.append(FieldError(field: "phone", message: m)) }
        if p.migrantStatus != .resident && p.whereabouts.trimmingSpaces().isEmpty {
            errors.append(FieldError(field: "whereabouts",
                message: Localized("流动人口须填写去向或来源地", "A migrant needs a whereabouts")))
        }
        if p.whereabouts.count > 60 {
            errors.append(FieldError(field: "whereabouts", message: Localized("最多60个字", "At most 60 characters")))
        }
        if let m = phoneProblem(p.migrantContact) { errors.append(FieldError(field: "migrantContact", message: m)) }
        return errors
    }

    public static func validate(_ h: Household) -> [FieldError] {
        var errors: [FieldError] = []
        let n = h.number
        if n.isEmpty {
            errors.append(FieldError(field: "number", message: Localized("户编号不能为空", "Household number is required")))
        } else if n.count > 12 || !n.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter || $0 == "-") }) {
            errors.append(FieldError(field: "number",
                message: Localized("户编号最多12位，只用数字、字母和“-”", "Household number: up to 12 digits, letters or '-'")))
        }
        if h.address.count > 60 {
            errors.append(FieldError(field: "address", message: Localized("地址最多60个字", "Address has at most 60 characters")))
        }
        if let m = phoneProblem(h.phone) { errors.append(FieldError(field: "phone", message: m)) }
        return errors
    }

    public static func validate(_ v: Village) -> [FieldError] {
        var errors: [FieldError] = []
        let name = v.name.trimmingSpaces()
        if name.isEmpty { errors.append(FieldError(field: "name", message: Localized("村名不能为空", "Village name is required"))) }
        if name.count > 20 { errors.append(FieldError(field: "name", message: Localized("村名最多20个字", "At most 20 characters"))) }
        for (key, value) in [("township", v.township), ("county", v.county)] where value.count > 20 {
            errors.append(FieldError(field: key, message: Localized("最多20个字", "At most 20 characters")))
        }
        if !v.code.isEmpty, let problem = RegionCode.problem(v.code) { errors.append(FieldError(field: "code", message: problem)) }
        return errors
    }

    public static func validate(_ g: VillageGroup) -> [FieldError] {
        var errors: [FieldError] = []
        let name = g.name.trimmingSpaces()
        if name.isEmpty { errors.append(FieldError(field: "name", message: Localized("社名不能为空", "Name is required"))) }
        if name.count > 12 { errors.append(FieldError(field: "name", message: Localized("社名最多12个字", "At most 12 characters"))) }
        if !(1...99).contains(g.number) {
            errors.append(FieldError(field: "number", message: Localized("序号应在1到99之间", "Number must be 1 to 99")))
        }
        return errors
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return String(s)
    }

}
