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

    /// Each syllable (or Latin word), lowercase, toneless.
    public static func syllables(_ text: String) -> [String] {
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
