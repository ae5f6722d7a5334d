/// A user-facing text in Chinese with its English equivalent.
public struct Localized: Hashable, Sendable, Codable {
    public var zh: String
    public var en: String
    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }
    public func text(_ language: Language) -> String {
        language == .en ? en : zh
    }
}

public enum Language: String, Sendable, Codable, CaseIterable {
    case zh, en

    /// Reads `CHENGXIN_LANG` (zh/en); Chinese unless English is asked for.
    public static func fromEnvironment(_ env: [String: String]) -> Language {
        if let v = env["CHENGXIN_LANG"]?.lowercased(), v.hasPrefix("en") { return .en }
        return .zh
    }
}

extension Language {
    /// Between the items of a list: 「、」 in Chinese, ", " in English.
    public var listSeparator: String { self == .en ? ", " : "、" }
}

extension Localized {
    /// A number with its noun: 「3 个小组」 in Chinese (`zh` follows the number as given);
    /// "1 group", "3 groups" in English (`enPlural` when the plural is not `en` + "s").
    public static func count(_ n: Int, _ zh: String, _ en: String, enPlural: String? = nil) -> Localized {
        Localized("\(n) \(zh)", "\(n) " + englishForm(n, en, enPlural ?? en + "s"))
    }

    /// The English word that agrees with a count: `singular` for 1, `plural` otherwise
    /// ("has"/"have", "household"/"households").
    public static func englishForm(_ n: Int, _ singular: String, _ plural: String) -> String {
        n == 1 ? singular : plural
    }
}
