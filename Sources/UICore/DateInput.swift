import Domain

/// Dates as people type them, turned into YYYY-MM-DD.
public enum DateInput {
    /// "2005/1/1", "2005.1.1", "2005-1-1" and "20050101" all give "2005-01-01".
    /// Full-width digits and separators (／．－) work too. Nil unless it is a real date.
    public static func normalize(_ text: String) -> String? {
        guard let (y, m, d) = parts(text), let date = LocalDate(year: y, month: m, day: d) else { return nil }
        return date.description
    }

    /// Year, month and day when the text has a date's shape: a 4-digit year, then a
    /// 1–2 digit month and day split by '-', '/' or '.', or 8 digits in a row.
    /// The numbers are not checked; "2023-2-30" gives (2023, 2, 30).
    static func parts(_ text: String) -> (Int, Int, Int)? {
        let s = halfwidth(text.trimmingSpaces)
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let pieces: [Substring]
        if s.count == 8, s.allSatisfy(isDigit) {
            let c = Array(s)
            pieces = [Substring(String(c[0..<4])), Substring(String(c[4..<6])), Substring(String(c[6..<8]))]
        } else {
            pieces = s.split(omittingEmptySubsequences: false, whereSeparator: isSeparator)
        }
        guard pieces.count == 3, pieces[0].count == 4, (1...2).contains(pieces[1].count),
              (1...2).contains(pieces[2].count), pieces.allSatisfy({ $0.allSatisfy(isDigit) }),
              let y = Int(pieces[0]), let m = Int(pieces[1]), let d = Int(pieces[2]) else { return nil }
        return (y, m, d)
    }

    /// Characters allowed between year, month and day.
    static func isSeparator(_ c: Character) -> Bool {
        c == "-" || c == "/" || c == "."
    }

    /// Full-width digits and ／．－ to their ASCII forms; everything else unchanged.
    static func halfwidth(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if (0xFF10...0xFF19).contains(u.value) || (0xFF0D...0xFF0F).contains(u.value) {
                out.unicodeScalars.append(Unicode.Scalar(u.value - 0xFEE0)!)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
