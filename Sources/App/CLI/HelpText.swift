import ArgumentParser
import Domain
import Foundation

/// The language `--help` is written in: `--lang` on the command line, else
/// $CHENGXIN_LANG (`Language.fromEnvironment`: Chinese unless English is asked for).
/// Read once, when the first command description is built.
enum HelpLanguage {
    static let current = resolve(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

    static func resolve(arguments: [String], environment: [String: String]) -> Language {
        for (i, arg) in arguments.enumerated() {
            var value: String?
            if arg == "--lang", i + 1 < arguments.count { value = arguments[i + 1] }
            if arg.hasPrefix("--lang=") { value = String(arg.dropFirst("--lang=".count)) }
            if let value { return value.lowercased().hasPrefix("en") ? .en : .zh }
        }
        return Language.fromEnvironment(environment)
    }
}

/// A command's abstract in the help language.
package func helpText(_ zh: String, _ en: String) -> String {
    Localized(zh, en).text(HelpLanguage.current)
}

extension ArgumentHelp {
    /// An option's help in the help language.
    package static func zh(_ zh: String, en: String) -> ArgumentHelp {
        ArgumentHelp(helpText(zh, en))
    }
}
