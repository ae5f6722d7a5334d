/// Spells many names fast: each character is transliterated once and
/// remembered, so a county's names cost one transliteration per distinct
/// character instead of one per name. Gives the same result as
/// `Pinyin.syllables` (first character read as a surname); a name with
/// anything but Han characters is spelled by `Pinyin.syllables` directly.
/// Not thread-safe: one speller per import or generation.
public final class PinyinSpeller {
    private var characters: [Character: [String]] = [:]
    private var surnames: [Character: [String]] = [:]

    public init() {}

    public func spell(_ name: String) -> (full: String, initials: String) {
        let syllables = self.syllables(name)
        return (syllables.joined(), String(syllables.compactMap(\.first)))
    }

    public func syllables(_ name: String) -> [String] {
        guard let first = name.first, name.unicodeScalars.allSatisfy(Self.isHan) else {
            return Pinyin.syllables(name)
        }
        var out: [String]
        if let s = surnames[first] {
            out = s
        } else {
            out = Pinyin.syllables(String(first))
            surnames[first] = out
        }
        for ch in name.dropFirst() {
            if let s = characters[ch] {
                out += s
            } else {
                let s = Pinyin.transliterate(String(ch))
                characters[ch] = s
                out += s
            }
        }
        return out
    }

    static func isHan(_ u: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(u.value) || (0x3400...0x4DBF).contains(u.value)
            || (0x20000...0x2A6DF).contains(u.value) || (0xF900...0xFAFF).contains(u.value)
    }
}
