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
