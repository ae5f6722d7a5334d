import Foundation

/// Latin spellings of Chinese names, for finding people by pinyin on a Latin keyboard.
public enum Pinyin {
    /// Full toneless pinyin, lowercase, without spaces or dots: 张三 → "zhangsan".
    public static func full(_ text: String) -> String {
        syllables(text).joined()
    }

    /// First letter of each syllable: 张三 → "zs"; Latin words give their first letter.
    public static func initials(_ text: String) -> String {
        String(syllables(text).compactMap(\.first))
    }

    /// Surnames whose reading as a surname differs from the character's most common reading,
    /// which is the one ICU gives (曾 céng → zeng as a surname).
    static let surnameReadings: [Character: String] = [
        "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
        "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "种": "chong", "召": "shao",
        "员": "yun", "句": "gou", "阚": "kan", "秘": "bi", "眭": "sui", "尉": "yu", "长": "chang",
        "重": "chong", "薄": "bo", "柏": "bai", "黑": "he", "隗": "wei",
    ]

    /// Each syllable (or Latin word), lowercase, toneless. A name's first character is read as a surname.
    public static func syllables(_ text: String) -> [String] {
        if let first = text.first, let reading = surnameReadings[first] {
            return [reading] + transliterate(String(text.dropFirst()))
        }
        return transliterate(text)
    }

    static func transliterate(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return plain.lowercased()
            .split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
            .map(String.init)
    }

    /// Whether `query` finds `name`: by its characters, its pinyin initials or its full pinyin.
    public static func matches(name: String, query: String) -> Bool {
        let q = query.lowercased().filter { $0 != " " }
        if q.isEmpty { return true }
        if name.lowercased().contains(q) { return true }
        guard q.allSatisfy({ $0.isASCII }) else { return false }
        return initials(name).hasPrefix(q) || full(name).hasPrefix(q)
    }
}
