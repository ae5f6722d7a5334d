import GRDB

/// How a list filter becomes SQL: characters contained (case-insensitive for
/// Latin letters), or a prefix of the pinyin initials or the full pinyin.
package struct SearchText {
    /// The text as typed, trimmed; for "contains" matches.
    let text: String
    /// Lowercase ASCII letters without spaces or dots; nil if the query is not Latin.
    let latin: String?

    package init(_ filter: String) {
        text = filter.trimmed
        let compact = text.lowercased().filter { $0 != " " && $0 != "·" }
        latin = !compact.isEmpty && compact.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } ? compact : nil
    }

    var isEmpty: Bool { text.isEmpty }

    var containsPattern: String { "%" + Self.escape(text) + "%" }

    var prefixPattern: String? { latin.map { Self.escape($0) + "%" } }

    /// The least string above every string that starts with `prefix` (binary order):
    /// `x >= prefix AND x < bound` finds the prefix through an index, which LIKE cannot
    /// (LIKE ignores ASCII case, the indexes do not).
    static func prefixUpperBound(_ prefix: String) -> String {
        prefix + "\u{10FFFF}"
    }

    /// Escapes LIKE wildcards; pair with `ESCAPE '\'`.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// The name condition on a person table alias, with its arguments.
    func nameCondition(alias p: String) -> (sql: String, arguments: StatementArguments) {
        var sql = "\(p).name LIKE ? ESCAPE '\\'"
        var arguments: StatementArguments = [containsPattern]
        if let prefix = prefixPattern {
            sql += " OR \(p).name_initials LIKE ? ESCAPE '\\' OR \(p).name_pinyin LIKE ? ESCAPE '\\'"
            arguments += [prefix, prefix]
        }
        return (sql, arguments)
    }
}
