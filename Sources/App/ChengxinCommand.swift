import ArgumentParser
import Domain
import Foundation
import Store
import UICore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Database file (default: $CHENGXIN_DB, else ~/.local/share/chengxin/chengxin.sqlite).")
    var db: String?

    @Option(name: .long, help: "Language of the interface and messages: zh or en (default: $CHENGXIN_LANG, else zh).")
    var lang: String?

    var language: Language {
        if let lang { return lang.lowercased().hasPrefix("en") ? .en : .zh }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    var databasePath: String {
        db ?? AppDatabase.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the database and makes sure the default agreement template is there.
    func openDatabase(path: String? = nil) throws -> AppDatabase {
        let p = path ?? databasePath
        do {
            let db = try AppDatabase.open(path: p)
            try db.installDefaultTemplate(from: Resources.data.appendingPathComponent("agreement_template.txt"))
            return db
        } catch {
            throw UserError(language == .en ? "Cannot open the database \(p): \(error)" : "无法打开数据库 \(p)：\(error)")
        }
    }
}

/// A failure explained to the user in their language; exits with status 1.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func loadCatalog() throws -> ScreenCatalog {
    try ScreenCatalog.load(from: Resources.screens)
}

public struct ChengxinCommand: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(
        commandName: "chengxin",
        abstract: "诚信计生 records for the village office (Chengxin).",
        subcommands: [Open.self, Demo.self, VillageCommand.self, HouseholdsCommand.self,
                      PersonsCommand.self, GroupsCommand.self, PrintCommand.self, CheckID.self],
        defaultSubcommand: Open.self)

    /// Runs the command line, printing user errors as plain messages.
    public static func run(arguments: [String]? = nil) {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let e as UserError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// Opens the full-screen app (the default command).
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the full-screen app (default).")
    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw UserError(options.language == .en ? "The app needs a terminal; see chengxin --help for commands."
                            : "需要在终端中运行；脚本用法见 chengxin --help")
        }
        let db = try options.openDatabase()
        TUI.run(AppContext(db: db, language: options.language, catalog: try loadCatalog()))
    }
}

/// Builds the fictional demo village and opens the app on it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: "Build the demo village (星光村, fictional) and open the app on it.")
    @OptionGroup var options: GlobalOptions
    @Flag(help: "Rebuild the demo database even if it exists.") var reset = false
    @Flag(name: .customLong("no-open"), help: "Only build the database; do not open the app.") var noOpen = false

    static func defaultPath() -> String {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/chengxin/demo.sqlite"
    }

    func run() throws {
        let path = options.db ?? Self.defaultPath()
        let fm = FileManager.default
        if reset {
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
                try fm.removeItem(atPath: path + suffix)
            }
        }
        let db = try options.openDatabase(path: path)
        if try db.village() == nil {
            try DemoVillage.build(into: db, specURL: Resources.data.appendingPathComponent("demo_village.json"))
        }
        let counts = try db.counts()
        let en = options.language == .en
        print(en ? "Demo database \(path): \(counts.households) households, \(counts.persons) persons."
                 : "演示数据库 \(path)：\(counts.households) 户，\(counts.persons) 人。")
        if noOpen { return }
        guard isatty(0) == 1, isatty(1) == 1 else { return }
        TUI.run(AppContext(db: db, language: options.language, catalog: try loadCatalog()))
    }
}

/// Validates ID numbers from the command line.
struct CheckID: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-id",
        abstract: "Check 居民身份证 numbers (GB 11643); exit status 1 if any is invalid.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "ID numbers to check.") var numbers: [String]

    func run() throws {
        var bad = false
        for raw in numbers {
            let id = IDNumber.normalize(raw)
            let problems = IDNumber.problems(id)
            if problems.isEmpty {
                let sex = IDNumber.sex(of: id)?.label.text(options.language) ?? ""
                let born = IDNumber.birthDate(of: id)?.description ?? ""
                print("\(id)\tOK\t\(born)\t\(sex)")
            } else {
                bad = true
                print("\(raw)\t" + problems.map { $0.message.text(options.language) }.joined(separator: "；"))
            }
        }
        if bad { throw ExitCode(1) }
    }
}
