/// A village's 统计用区划代码, the National Bureau of Statistics' 12-digit code: the county's
/// six digits (the area code an ID number starts with), three for the township and three for
/// the village. The township's and the county's codes are the village's with the trailing
/// digits zero. Province 99 is the demo's fictional province and is accepted.
public struct RegionCode: Hashable, Sendable {
    public let digits: String

    /// The provinces' two-digit codes (GB/T 2260), and 99 for the demo.
    static let provinces: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "99",
    ]

    public init?(_ text: String) {
        guard Self.problem(text) == nil else { return nil }
        digits = text
    }

    /// The province's two digits.
    public var province: String { String(digits.prefix(2)) }
    /// The county's six digits, as ID numbers begin.
    public var county: String { String(digits.prefix(6)) }
    /// The township's code, as 12 digits.
    public var township: String { String(digits.prefix(9)) + "000" }
    /// The county's code, as 12 digits.
    public var countyCode: String { county + "000000" }

    /// Why `text` is not a village's code, or nil.
    public static func problem(_ text: String) -> Localized? {
        guard text.count == 12, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            return Localized("区划代码应为12位数字，如 990101100201（县6位、乡镇3位、村3位）",
                             "The code is 12 digits, e.g. 990101100201 (county 6, township 3, village 3)")
        }
        let d = Array(text)
        if !provinces.contains(String(d[0..<2])) {
            return Localized("区划代码的前两位 \(String(d[0..<2])) 不是省级代码", "The first two digits \(String(d[0..<2])) are not a province's")
        }
        if String(d[4..<6]) == "00" {
            return Localized("区划代码的前六位应为县级代码（第5、6位不能是00）",
                             "The first six digits must be a county's (digits 5 and 6 cannot be 00)")
        }
        if String(d[6..<9]) == "000" {
            return Localized("区划代码的第7至9位是乡镇，不能是000", "Digits 7 to 9 are the township and cannot be 000")
        }
        if String(d[9..<12]) == "000" {
            return Localized("区划代码的末三位是村，不能是000；乡镇的代码不是村的代码",
                             "The last three digits are the village and cannot be 000: a township's code is not a village's")
        }
        return nil
    }
}
