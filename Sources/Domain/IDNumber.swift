/// 居民身份证 numbers (GB 11643-1999): 6-digit area code, 8-digit birth date,
/// 3-digit sequence (odd for men, even for women), and a MOD 11-2 check character.
public enum IDNumber {
    public enum Problem: Hashable, Sendable {
        case length(Int)
        case characters
        case checkCharacter(expected: Character)
        case birthDate
        case birthDateInFuture
        case birthDateMismatch(idDate: LocalDate)
        case sexMismatch(idSex: Sex)

        public var message: Localized {
            switch self {
            case .length(let n):
                return Localized("身份证号应为18位，现为\(n)位", "ID number must have 18 characters, not \(n)")
            case .characters:
                return Localized("身份证号前17位须为数字，末位为数字或X",
                                 "ID number: 17 digits followed by a digit or X")
            case .checkCharacter(let c):
                return Localized("身份证号校验位不符（应为\(c)），请核对号码",
                                 "ID number check character is wrong (expected \(c)); please check the number")
            case .birthDate:
                return Localized("身份证号中的出生日期不存在", "ID number holds a birth date that does not exist")
            case .birthDateInFuture:
                return Localized("身份证号中的出生日期晚于今天，请核对号码", "ID number holds a birth date after today; please check it")
            case .birthDateMismatch(let d):
                return Localized("出生日期与身份证号不符（号码中为\(d)）",
                                 "Birth date does not match the ID number (\(d) in the number)")
            case .sexMismatch(let s):
                return Localized("性别与身份证号不符（号码中为\(s.label.zh)）",
                                 "Sex does not match the ID number (\(s.label.en) in the number)")
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character for the first 17 digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Normalises what a clerk typed: trims spaces, lowercase x to X, fullwidth digits to ASCII.
    public static func normalize(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x78, 0xFF58, 0xFF38: out.append("X")
            case 0x20, 0x3000: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static func birthDate(of id: String) -> LocalDate? {
        if let bytes = asciiBytes(id) {
            // The common case, read byte by byte: a county import checks 100,000 of these.
            guard bytes.count == 18, let y = number(bytes[6..<10]), let m = number(bytes[10..<12]),
                  let d = number(bytes[12..<14]) else { return nil }
            return LocalDate(year: y, month: m, day: d)
        }
        let chars = Array(id)
        guard chars.count == 18 else { return nil }
        return LocalDate(String(chars[6..<10]) + "-" + String(chars[10..<12]) + "-" + String(chars[12..<14]))
    }

    public static func sex(of id: String) -> Sex? {
        if let bytes = asciiBytes(id) {
            guard bytes.count == 18, let d = number(bytes[16..<17]) else { return nil }
            return d % 2 == 1 ? .male : .female
        }
        let chars = Array(id)
        guard chars.count == 18, let d = chars[16].wholeNumberValue else { return nil }
        return d % 2 == 1 ? .male : .female
    }

    /// The UTF-8 of `text` when it is all ASCII (every byte one character), else nil.
    static func asciiBytes(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return bytes.allSatisfy({ $0 < 0x80 }) && !bytes.contains(0x0D) ? bytes : nil
    }

    /// The decimal value of ASCII digits; nil if any byte is not a digit.
    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for b in digits {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    /// Every rule the number breaks on its own (length, characters, date, check character).
    public static func problems(_ id: String, on today: LocalDate = .today()) -> [Problem] {
        if let bytes = asciiBytes(id) {
            // The same checks on bytes (ASCII text: one byte per character).
            guard bytes.count == 18 else { return [.length(bytes.count)] }
            guard bytes[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  (bytes[17] >= 0x30 && bytes[17] <= 0x39) || bytes[17] == UInt8(ascii: "X") else { return [.characters] }
            var found: [Problem] = []
            if let born = birthDate(of: id) {
                if born > today { found.append(.birthDateInFuture) }
            } else {
                found.append(.birthDate)
            }
            var sum = 0
            for i in 0..<17 { sum += Int(bytes[i] - 0x30) * weights[i] }
            let expected = checkCharacters[sum % 11]
            if expected.asciiValue != bytes[17] { found.append(.checkCharacter(expected: expected)) }
            return found
        }
        let chars = Array(id)
        guard chars.count == 18 else { return [.length(chars.count)] }
        let body = chars[0..<17]
        guard body.allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[17].isASCII && (chars[17].isNumber || chars[17] == "X") else { return [.characters] }
        var found: [Problem] = []
        if let born = birthDate(of: id) {
            if born > today { found.append(.birthDateInFuture) }
        } else {
            found.append(.birthDate)
        }
        if let expected = checkCharacter(for: String(body)), expected != chars[17] {
            found.append(.checkCharacter(expected: expected))
        }
        return found
    }

    /// Problems of the number checked against the person's other fields.
    public static func problems(_ id: String, birthDate given: LocalDate?, sex: Sex?,
                                on today: LocalDate = .today()) -> [Problem] {
        var found = problems(id, on: today)
        guard found.isEmpty else { return found }
        if let given, let inID = birthDate(of: id), given != inID { found.append(.birthDateMismatch(idDate: inID)) }
        if let sex, let inID = self.sex(of: id), sex != inID { found.append(.sexMismatch(idSex: inID)) }
        return found
    }

    /// Makes a valid number from area, birth date and a sequence (0…999).
    public static func make(area: String, birthDate: LocalDate, sequence: Int) -> String {
        let seq = String(sequence % 1000)
        let body = area + String(birthDate.description.filter { $0 != "-" })
            + String(repeating: "0", count: 3 - seq.count) + seq
        return body + String(checkCharacter(for: body)!)
    }

    /// The number as shown to a role without need for it: first 6, eight stars, last 4.
    public static func masked(_ id: String) -> String {
        // An ID number is ASCII: its bytes are its characters (an export masks hundreds of thousands).
        if id.utf8.count == 18, id.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(id.utf8)
            for i in 6..<14 { bytes[i] = UInt8(ascii: "*") }
            return String(decoding: bytes, as: UTF8.self)
        }
        let chars = Array(id)
        guard chars.count == 18 else { return String(repeating: "*", count: chars.count) }
        return String(chars[0..<6]) + "********" + String(chars[14..<18])
    }
}
