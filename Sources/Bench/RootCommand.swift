import App
import ArgumentParser

/// The `chengxin` executable's root command: App's commands, the stress driver
/// (`stress-saves`, hidden) and the benchmark (`bench`).
public struct ChengxinRootCommand: ParsableCommand {
    public init() {}

    public static let configuration = ChengxinCommand.rootConfiguration(
        subcommands: ChengxinCommand.appSubcommands + [StressSaves.self, BenchCommand.self])

    /// Runs the command line, printing user errors as plain messages.
    public static func run(arguments: [String]? = nil) {
        ChengxinCommand.run(root: Self.self, arguments: arguments)
    }
}
