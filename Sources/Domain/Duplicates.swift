/// Why two person records of a village may be the same person.
public enum DuplicateReason: String, Sendable, CaseIterable, Codable {
    /// The same 居民身份证 number.
    case sameIdNumber
    /// The same name, character for character, and the same birth date.
    case sameNameAndBirthDate
    /// Names spelled the same in toneless pinyin (张丽/章莉 → zhangli) and born in the
    /// same year. Left out when the name and birth date are the same, which always implies it.
    case samePinyinAndBirthYear

    /// The bit the duplicate scan's SQL sums for the reason.
    public var bit: Int {
        switch self {
        case .sameIdNumber: 1
        case .sameNameAndBirthDate: 2
        case .samePinyinAndBirthYear: 4
        }
    }

    /// The reasons whose bits are set in `mask`, in declaration order.
    public static func reasons(_ mask: Int) -> [DuplicateReason] {
        allCases.filter { mask & $0.bit != 0 }
    }

    public var label: Localized {
        switch self {
        case .sameIdNumber: Localized("身份证号相同", "same ID number")
        case .sameNameAndBirthDate: Localized("姓名和出生日期相同", "same name and birth date")
        case .samePinyinAndBirthYear: Localized("姓名拼音相同且同年出生", "same name in pinyin, born the same year")
        }
    }

    /// For a narrow column.
    public var shortLabel: Localized {
        switch self {
        case .sameIdNumber: Localized("同证号", "same ID")
        case .sameNameAndBirthDate: Localized("同名同生日", "name+birth")
        case .samePinyinAndBirthYear: Localized("同音同年", "pinyin+year")
        }
    }
}
