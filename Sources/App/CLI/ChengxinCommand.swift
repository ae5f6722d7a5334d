import ArgumentParser
import CursesBackend
import Domain
import Foundation
import Store
import UICore

/// Options every command takes.
package struct GlobalOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: .zh("数据库文件（默认：$CHENGXIN_DB，否则 ~/.local/share/chengxin/chengxin.sqlite）。", en: "Database file (default: $CHENGXIN_DB, else ~/.local/share/chengxin/chengxin.sqlite)."))
    package var db: String?

    @Option(name: .long, help: .zh("界面和消息的语言：zh 或 en（默认：$CHENGXIN_LANG，否则 zh）。", en: "Language of the interface and messages: zh or en (default: $CHENGXIN_LANG, else zh)."))
    var lang: String?

    @Option(name: .long, help: .zh("登录的用户（默认：$CHENGXIN_USER）。密码取自 $CHENGXIN_PASSWORD，否则在终端输入。", en: "User to sign in as (default: $CHENGXIN_USER). The password comes from $CHENGXIN_PASSWORD, else it is asked for on the terminal."))
    var user: String?

    package var language: Language {
        if let lang { return lang.lowercased().hasPrefix("en") ? .en : .zh }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    var databasePath: String {
        db ?? AppDatabase.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the database, makes sure the default agreement template is
    /// there, and signs in when the database has users (`signIn: false` leaves
    /// that to the app's sign-in screen).
    package func openDatabase(path: String? = nil, signIn: Bool = true) throws -> AppDatabase {
        let p = path ?? databasePath
        let db: AppDatabase
        do {
            db = try AppDatabase.open(path: p)
            try db.installDefaultTemplate(from: Resources.data.appendingPathComponent("agreement_template.txt"))
            try db.installDefaultCatalogues(dataDirectory: Resources.data)
            try db.installStarCriteria(from: Resources.data.appendingPathComponent("star_criteria.json"))
        } catch StoreError.refused(let why) {
            throw UserError(why.text(language))
        } catch {
            throw UserError(language == .en ? "Cannot open the database \(p): \(error)" : "无法打开数据库 \(p)：\(error)")
        }
        if signIn && db.requiresSignIn { try self.signIn(db) }
        // The office's printer setting, unless $CHENGXIN_PRINTER names another.
        if let printer = try? db.setting("printer"), !printer.isEmpty { setenv("CHENGXIN_PRINTER", printer, 0) }
        return db
    }

    /// Signs in with --user / $CHENGXIN_USER and $CHENGXIN_PASSWORD or a password typed on the terminal.
    func signIn(_ db: AppDatabase) throws {
        let env = ProcessInfo.processInfo.environment
        let en = language == .en
        guard let name = user ?? env["CHENGXIN_USER"], !name.isEmpty else {
            throw UserError(en ? "This database needs a user: --user NAME (or $CHENGXIN_USER); the password from $CHENGXIN_PASSWORD or the terminal."
                               : "此数据库需要登录：请用 --user 用户名（或环境变量 CHENGXIN_USER）；密码取自 CHENGXIN_PASSWORD，或在终端输入。")
        }
        guard let password = env["CHENGXIN_PASSWORD"] ?? readPassword(prompt: en ? "Password for \(name): " : "\(name) 的密码：") else {
            throw UserError(en ? "No password: set $CHENGXIN_PASSWORD or run on a terminal." : "没有密码：请设置 CHENGXIN_PASSWORD 或在终端中运行。")
        }
        do {
            try db.signIn(username: name, password: password)
        } catch {
            throw userError(error, language)
        }
    }
}

/// A failure explained to the user in their language; exits with status 1.
package struct UserError: Error, CustomStringConvertible {
    package var description: String
    package init(_ d: String) { description = d }
}

package func loadCatalog() throws -> ScreenCatalog {
    try ScreenCatalog.load(from: Resources.screens)
}

/// The app's own commands. The `chengxin` executable's root command adds the
/// benchmark and the stress driver (target Bench) to these; this one, without
/// them, is App's root.
public struct ChengxinCommand: ParsableCommand {
    public init() {}

    /// Every subcommand App defines, in the order --help lists them.
    public static let appSubcommands: [ParsableCommand.Type] = [
        Open.self, Demo.self, VillageCommand.self, HouseholdsCommand.self,
        PersonsCommand.self, GroupsCommand.self, PrintCommand.self, CheckID.self,
        PledgesCommand.self, PoliciesCommand.self, FulfilCommand.self,
        UsersCommand.self, SettingsCommand.self, Verify.self, Backup.self, Restore.self, AuditCommand.self,
        SurveyCommand.self, StarsCommand.self, RulesCommand.self, FourHavesCommand.self,
        FeedbackCommand.self, ImportCommand.self, ExportCommand.self, RectifyCommand.self, MeasuresCommand.self,
        MeetingsCommand.self, PairsCommand.self, CalendarCommand.self,
        ExchangeCommand.self, TownshipCommand.self, CountyCommand.self,
        ReportCommand.self,
    ]

    /// The root command's configuration (name "chengxin", its abstract, `open` by
    /// default) over `subcommands`.
    public static func rootConfiguration(subcommands: [ParsableCommand.Type]) -> CommandConfiguration {
        CommandConfiguration(
            commandName: "chengxin",
            abstract: helpText("村委会诚信计生工作记录（Chengxin）。", "诚信计生 records for the village office (Chengxin)."),
            subcommands: subcommands,
            defaultSubcommand: Open.self)
    }

    public static let configuration = rootConfiguration(subcommands: appSubcommands)

    /// Runs the command line, printing user errors as plain messages.
    public static func run(arguments: [String]? = nil) {
        run(root: Self.self, arguments: arguments)
    }

    /// Runs the command line with `root` as the root command, printing user errors as plain messages.
    public static func run(root: any ParsableCommand.Type, arguments: [String]? = nil) {
        if arguments == nil, let problem = invalidArgumentBytes(CommandLine.unsafeArgv, count: Int(CommandLine.argc)) {
            let language = Language.fromEnvironment(ProcessInfo.processInfo.environment)
            FileHandle.standardError.write(Data((problem.text(language) + "\n").utf8))
            Foundation.exit(64)
        }
        do {
            var command = try root.parseAsRoot(splittingFusedEquals(arguments ?? Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let e as UserError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            Foundation.exit(1)
        } catch let e as StoreError {
            let language = Language.fromEnvironment(ProcessInfo.processInfo.environment)
            FileHandle.standardError.write(Data(("\(userError(e, language))\n").utf8))
            Foundation.exit(1)
        } catch {
            root.exit(withError: error)
        }
    }
}

/// The first argument whose bytes are not UTF-8, as a refusal: Swift would
/// read such bytes as U+FFFD, and a record would keep the replacement
/// characters instead of what was meant. Nothing runs.
package func invalidArgumentBytes(_ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, count: Int) -> Localized? {
    for i in 1..<max(1, count) {
        guard let p = argv[i] else { continue }
        if String(validatingCString: p) != nil { continue }
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
        // The argument shown with its bad bytes as \xFF, so it can be recognised.
        var shown = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            var it = rest.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            switch parser.parseScalar(from: &it) {
            case .valid(let s):
                shown.unicodeScalars.append(Unicode.UTF8.decode(s))
                rest = rest.dropFirst(s.count)
            case .error(let length):
                for b in rest.prefix(length) { shown += String(format: "\\x%02X", b) }
                rest = rest.dropFirst(length)
            case .emptyInput:
                rest = []
            }
        }
        return Localized(
            "第 \(i) 个参数含有不是 UTF-8 编码的字节：\(shown)。未执行任何操作。请把终端的字符编码设为 UTF-8 后重新输入。",
            "Argument \(i) has bytes that are not UTF-8: \(shown). Nothing was done. Set the terminal's character encoding to UTF-8 and type it again.")
    }
    return nil
}

/// swift-argument-parser finds the "=" of `--name=value` as a Character, so a
/// value that begins with a combining mark or a joiner (which fuses with the
/// "=" into one Character) makes "unknown option". Such an argument is passed
/// as two, `--name` and `value`; nothing after a lone `--` is touched.
func splittingFusedEquals(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var optionsEnded = false
    for a in arguments {
        if optionsEnded || a == "--" {
            optionsEnded = true
            out.append(a)
            continue
        }
        let scalars = a.unicodeScalars
        guard a.hasPrefix("--"), !a.contains("="), let eq = scalars.firstIndex(of: "=") else {
            out.append(a)
            continue
        }
        let name = String(scalars[..<eq])
        guard name.unicodeScalars.allSatisfy(\.isASCII) else { out.append(a); continue }
        out.append(name)
        out.append(String(scalars[scalars.index(after: eq)...]))
    }
    return out
}

/// Opens the full-screen app (the default command).
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: helpText("打开全屏程序（默认）。", "Open the full-screen app (default)."))
    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw UserError(options.language == .en ? "The app needs a terminal; see chengxin --help for commands."
                            : "需要在终端中运行；脚本用法见 chengxin --help")
        }
        try requireInstalledLocale(options.language)
        let db = try options.openDatabase(signIn: false)
        // The day's backup starts once the sign-in screen is up and goes on behind it.
        var backup: DailyBackup?
        TUI.run(AppContext(db: db, language: options.language, catalog: try loadCatalog())) { backup = DailyBackup.start(db) }
        // Quitting stops an unfinished backup; the next start writes it again.
        if let error = backup?.stop() {
            FileHandle.standardError.write(Data("备份失败 / backup failed: \(error)\n".utf8))
        }
    }
}

/// Refuses to open the app in a locale this machine does not have: the screen would be
/// garbled and Chinese could not be typed. Nothing is opened or changed.
func requireInstalledLocale(_ language: Language) throws {
    guard let name = CursesTerminal.missingLocale() else { return }
    throw UserError(language == .en
        ? "The terminal's locale \(name) is not installed on this machine, so Chinese cannot be shown or typed. Install it "
            + "(for zh_CN.GB18030: localedef -i zh_CN -f GB18030 zh_CN.GB18030, or make deps) or open the app with LANG=C.UTF-8. "
            + "Nothing was changed."
        : "终端的区域设置 \(name) 在本机没有安装，中文无法显示和输入。请先安装（zh_CN.GB18030 可用 "
            + "localedef -i zh_CN -f GB18030 zh_CN.GB18030，或 make deps），或用 LANG=C.UTF-8 打开。未做任何改动。")
}

/// Reads a password from the terminal without echoing it; nil without a terminal.
func readPassword(prompt: String) -> String? {
    let fd = open("/dev/tty", O_RDWR)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var old = termios()
    guard tcgetattr(fd, &old) == 0 else { return nil }
    var quiet = old
    quiet.c_lflag &= ~tcflag_t(ECHO)
    _ = write(fd, prompt, prompt.utf8.count)
    tcsetattr(fd, TCSAFLUSH, &quiet)
    defer {
        tcsetattr(fd, TCSAFLUSH, &old)
        _ = write(fd, "\n", 1)
    }
    var bytes: [UInt8] = []
    var c: UInt8 = 0
    while read(fd, &c, 1) == 1, c != 10, c != 13 { bytes.append(c) }
    return String(decoding: bytes, as: UTF8.self)
}

/// Builds the fictional demo village and opens the app on it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: helpText("建立演示村（星光村，虚构）并在其上打开程序。", "Build the demo village (星光村, fictional) and open the app on it."))
    @OptionGroup var options: GlobalOptions
    @Flag(help: .zh("演示数据库已存在也重新建立。", en: "Rebuild the demo database even if it exists.")) var reset = false
    @Flag(name: .customLong("no-open"), help: .zh("只建立数据库，不打开程序。", en: "Only build the database; do not open the app.")) var noOpen = false
    @Flag(help: .zh("建立演示乡镇（示范镇，三个虚构的村，经由真实的数据包）并打开。",
                    en: "Build the demo township (示范镇, three fictional villages, through real packages) and open it.")) var township = false

    static func defaultPath() -> String {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/chengxin/demo.sqlite"
    }

    func run() throws {
        if township { return try runTownship() }
        let path = options.db ?? Self.defaultPath()
        let fm = FileManager.default
        if reset {
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
                try fm.removeItem(atPath: path + suffix)
            }
        }
        let db = try options.openDatabase(path: path, signIn: false)
        if !db.requiresSignIn {
            if try db.village() == nil {
                try DemoVillage.build(into: db, specURL: Resources.data.appendingPathComponent("demo_village.json"))
            }
            // The demo's accounts, shown on its sign-in screen and in the README.
            try db.createFirstAdministrator(username: "admin", displayName: "演示管理员", password: "admin2026")
            try db.addUser(username: "clerk", displayName: "演示专干", role: .clerk, password: "demo2026")
            try db.setSetting("demo", "1")
            db.signOut()
        }
        // Counting needs a reader; the demo clerk is one (unless their password was changed).
        let en = options.language == .en
        if (try? db.signIn(username: "clerk", password: "demo2026")) != nil, let counts = try? db.counts() {
            print(en ? "Demo database \(path): \(counts.households) households, \(counts.persons) persons. Sign in as clerk / demo2026."
                     : "演示数据库 \(path)：\(counts.households) 户，\(counts.persons) 人。登录：clerk / demo2026")
        } else {
            print(en ? "Demo database \(path)." : "演示数据库 \(path)。")
        }
        if noOpen { return }
        guard isatty(0) == 1, isatty(1) == 1 else { return }
        try requireInstalledLocale(options.language)
        db.signOut()
        TUI.run(AppContext(db: db, language: options.language, catalog: try loadCatalog()))
    }

    /// `--township`: the demo township, built the first time (or again with `--reset`), then opened.
    func runTownship() throws {
        let path = options.db ?? DemoTownship.defaultPath()
        if reset { try DemoTownship.remove(at: path) }
        let db = try DemoTownship.build(at: path, options: options)
        let en = options.language == .en
        print(en ? "Demo township \(path): \(DemoTownship.villages.count) villages. Sign in as clerk / demo2026, town / demo2026 (viewer) or admin / admin2026."
                 : "演示乡镇 \(path)：\(DemoTownship.villages.count) 个村。登录：clerk / demo2026（专干）、town / demo2026（查看）或 admin / admin2026")
        if noOpen { return }
        guard isatty(0) == 1, isatty(1) == 1 else { return }
        try requireInstalledLocale(options.language)
        TUI.run(AppContext(db: db, language: options.language, catalog: try loadCatalog()))
    }
}

/// Validates ID numbers from the command line.
struct CheckID: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-id",
        abstract: helpText("校验居民身份证号（GB 11643）；有无效号码时退出状态为 1。", "Check 居民身份证 numbers (GB 11643); exit status 1 if any is invalid."))
    @OptionGroup var options: GlobalOptions
    @Argument(help: .zh("要校验的身份证号。", en: "ID numbers to check.")) var numbers: [String]

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
