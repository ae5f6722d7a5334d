/// A calendar date without time or zone, written YYYY-MM-DD.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil unless the date exists in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        if u.count == 10 {
            // YYYY-MM-DD read as bytes; any other length cannot match.
            func digits(_ r: Range<Int>) -> Int? {
                var n = 0
                for i in r {
                    guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }
                    n = n * 10 + Int(u[i] - 0x30)
                }
                return n
            }
            guard u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"), let y = digits(0..<4), let m = digits(5..<7),
                  let d = digits(8..<10) else { return nil }
            self.init(year: y, month: m, day: d)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        if (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) {
            // YYYY-MM-DD from the digits (a roster export writes one per person).
            let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
            let bytes: [UInt8] = [zero + UInt8(year / 1000), zero + UInt8(year / 100 % 10), zero + UInt8(year / 10 % 10),
                                  zero + UInt8(year % 10), dash, zero + UInt8(month / 10), zero + UInt8(month % 10), dash,
                                  zero + UInt8(day / 10), zero + UInt8(day % 10)]
            return String(decoding: bytes, as: UTF8.self)
        }
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Whole years of age on `date` for someone born on `self`.
    public func age(on date: LocalDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }
}
