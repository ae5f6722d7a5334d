/// How text sits inside a fixed number of columns.
public enum Alignment: Sendable {
    case left, right, center
}

/// Display width of text in terminal columns. Every widget measures with this.
public enum TextWidth {
    /// Columns taken by one character: 0, 1 or 2.
    /// A grapheme cluster takes the width of its first scalar.
    public static func of(_ c: Character) -> Int {
        guard let s = c.unicodeScalars.first else { return 0 }
        return of(scalar: s)
    }

    /// Columns taken by one Unicode scalar.
    public static func of(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x7F { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        // Hangul medial vowels and final consonants join the preceding syllable.
        if (0x1160...0x11FF).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// Columns taken by a string.
    public static func of(_ s: String) -> Int {
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    /// Columns taken by a run of characters.
    public static func of<S: Sequence>(characters: S) -> Int where S.Element == Character {
        var total = 0
        for c in characters { total += of(c) }
        return total
    }

    /// The longest prefix of `s` that fits in `width` columns.
    public static func prefix(_ s: String, width: Int) -> String {
        guard width > 0 else { return "" }
        var used = 0
        var end = s.startIndex
        for i in s.indices {
            let w = of(s[i])
            if used + w > width { break }
            used += w
            end = s.index(after: i)
        }
        return String(s[s.startIndex..<end])
    }

    /// `s` when it fits; otherwise a prefix followed by "…", all within `width` columns.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        return prefix(s, width: width - 1) + "…"
    }

    /// `s` truncated to `width`, then padded with spaces to exactly `width` columns.
    public static func pad(_ s: String, to width: Int, align: Alignment = .left) -> String {
        guard width > 0 else { return "" }
        let t = truncate(s, to: width)
        let extra = width - of(t)
        guard extra > 0 else { return t }
        switch align {
        case .left: return t + spaces(extra)
        case .right: return spaces(extra) + t
        case .center: return spaces(extra / 2) + t + spaces(extra - extra / 2)
        }
    }

    static func spaces(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }

    /// `s` followed by a mark slot of `slot` columns: the mark (e.g. "✗" or a wide "！")
    /// when there is one, else blanks, so right-aligned figures line up whether marked or not.
    public static func marked(_ s: String, _ mark: String?, slot: Int = 1) -> String {
        let m = mark.map { prefix($0, width: slot) } ?? ""
        return s + m + spaces(slot - of(m))
    }

    /// Whether a scalar is East Asian Wide or Fullwidth.
    public static func isWide(_ v: UInt32) -> Bool {
        if v < wideRanges[0].0 { return false }
        var lo = 0
        var hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.0 { hi = mid - 1 } else if v > r.1 { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, sorted, from EastAsianWidth.txt.
    static let wideRanges: [(UInt32, UInt32)] = [
        (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
        (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
        (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
        (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
        (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728),
        (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
        (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
        // CJK radicals, ideographic description, CJK symbols and punctuation, kana, bopomofo.
        (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFF), (0x3000, 0x303E),
        (0x3041, 0x3096), (0x3099, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x3190, 0x31E5),
        (0x31EF, 0x321E), (0x3220, 0x3247),
        // Enclosed CJK, CJK compatibility, extension A, unified ideographs, Yi.
        (0x3250, 0x4DBF), (0x4E00, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C),
        // Hangul syllables, compatibility ideographs, vertical and small forms, fullwidth forms.
        (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66),
        (0xFE68, 0xFE6B), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6),
        // Tangut, Khitan, Nushu, kana supplements.
        (0x16FE0, 0x16FE4), (0x16FF0, 0x16FF1), (0x17000, 0x187F7), (0x18800, 0x18CD5),
        (0x18D00, 0x18D08), (0x1AFF0, 0x1AFFE), (0x1B000, 0x1B122), (0x1B132, 0x1B132),
        (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB),
        // Emoji presentation.
        (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A),
        (0x1F200, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251),
        (0x1F260, 0x1F265), (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C),
        (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0),
        (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC),
        (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A),
        (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5),
        (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7), (0x1F6DC, 0x1F6DF),
        (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0),
        (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FA7C),
        (0x1FA80, 0x1FA89), (0x1FA8F, 0x1FAC6), (0x1FACE, 0x1FADC), (0x1FADF, 0x1FAE9),
        (0x1FAF0, 0x1FAF8),
        // Supplementary and tertiary ideographic planes (extensions B–G and beyond).
        (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
    ]
}
