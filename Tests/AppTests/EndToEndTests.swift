import Foundation
import Print
import Testing

/// The real `chengxin` binary in a real terminal: tmux types, capture-pane reads.
struct Tmux {
    let session = "chengxin-test-\(UUID().uuidString.prefix(8))"
    let width: Int
    let height: Int

    init(width: Int = 80, height: Int = 24) {
        self.width = width
        self.height = height
    }

    /// A tmux server of the tests' own, apart from any the user runs.
    static let socket = "chengxin-tests"

    /// The server's settings, read when it starts. It stays when its last session ends: suites
    /// run side by side, and a session started just as another suite ended the last one would
    /// otherwise go down with a server on its way out. Panes stay once their program ends.
    static let config: String = {
        let path = NSTemporaryDirectory() + "chengxin-tests-tmux.conf"
        try? "set-option -s exit-empty off\nset-option -g remain-on-exit on\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// Runs a tmux command and returns what it printed.
    @discardableResult
    static func run(_ args: [String]) throws -> String {
        try ChildProcess.run(["tmux", "-L", socket] + args).text
    }

    func start(_ command: String) throws {
        // The first call starts the tmux server, which would keep a pipe open forever: no pipes here.
        // The pane waits while the session is told to keep it once its program ends, then runs the
        // command: a program that ends at once (a refusal) still leaves its screen to be read.
        _ = try ChildProcess.run(["tmux", "-L", Self.socket, "-f", Self.config, "new-session", "-d", "-s", session,
                                  "-x", String(width), "-y", String(height), "sleep 3600"], captureOutput: false)
        try Self.run(["set-option", "-t", session, "remain-on-exit", "on"])
        try Self.run(["respawn-pane", "-k", "-t", session, command])
    }

    /// Keys by tmux name (F2, Escape, Enter, Tab, Down …).
    func keys(_ names: String...) throws {
        for n in names { try Self.run(["send-keys", "-t", session, n]) }
    }

    /// Text sent in one write, as an IME commits it.
    func type(_ text: String) throws {
        try Self.run(["send-keys", "-t", session, "-l", text])
    }

    func capture() throws -> String {
        try Self.run(["capture-pane", "-p", "-t", session])
    }

    /// Waits until the screen contains `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) {
                // A screen caught while the app is still drawing it is read again until it holds still.
                Thread.sleep(forTimeInterval: 0.05)
                let again = try capture()
                if again == screen { return screen }
                continue
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for \(text); screen was:\n\(screen)")
        throw CancellationError()
    }

    /// Whether the program in the pane is still running.
    func isRunning() -> Bool {
        (try? Self.run(["list-panes", "-t", session, "-F", "#{pane_dead}"]))?.hasPrefix("0") == true
    }

    /// The first run of a new database: creates admin / admin2026 and lands on the main menu.
    func createAdministrator() throws {
        try waitFor("设立管理员")
        try keys("Tab", "Tab")
        try type("admin2026")
        try keys("Tab")
        try type("admin2026")
        try keys("F2")
        try waitFor("管理员已设立")
    }

    /// Signs in on the sign-in screen.
    func signIn(_ user: String = "admin", _ password: String = "admin2026") throws {
        try waitFor("用户名")
        try type(user)
        try keys("Tab")
        try type(password)
        try keys("Enter")
    }

    func kill() {
        _ = try? Self.run(["kill-session", "-t", session])
    }
}

/// The built binary: next to the test bundle in .build/<config>/.
let chengxinBinary: String = {
    if let p = ProcessInfo.processInfo.environment["CHENGXIN_BIN"] { return p }
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let p = candidate.appendingPathComponent("chengxin").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return repoRoot.appendingPathComponent(".build/debug/chengxin").path
}()

/// Runs the binary as `user` (used only once the database has users).
func runCLI(_ args: [String], db: String, user: String = "admin", password: String = "admin2026") throws -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["CHENGXIN_DB"] = db
    env["CHENGXIN_LANG"] = "zh"
    env["CHENGXIN_USER"] = user
    env["CHENGXIN_PASSWORD"] = password
    let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
    return (r.status, r.text)
}

func temporaryDatabase() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-e2e-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("test.sqlite").path
}

let tmuxAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

@Suite(.serialized, .enabled(if: tmuxAvailable, "tmux is installed by `make deps`"))
struct EndToEndTests {
    func appCommand(db: String, extra: String = "") -> String {
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen CHENGXIN_LANG=zh CHENGXIN_DB='\(db)' \(extra) '\(chengxinBinary)'"
    }

    @Test func createAHouseholdTypedInChineseQuitRelaunchAndFindItByPinyin() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try runCLI(["village", "add-group", "1", "一社"], db: db).status == 0)

        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db))
        try t.createAdministrator()
        try t.waitFor("户卡管理")
        try t.keys("3")
        try t.waitFor("（无记录）")
        try t.keys("F3")
        try t.waitFor("户主姓名")
        try t.type("0901")
        try t.keys("Tab", "Tab")
        try t.type("星光村一社9号")
        try t.keys("Tab", "Tab")
        try t.type("欧阳明月")
        try t.keys("F2")
        try t.waitFor("已保存")
        try t.keys("Escape")
        try t.waitFor("0901")
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("Escape")
        try t.waitFor("人员查询")
        try t.keys("q")
        try t.waitFor("退出诚信计生")
        try t.keys("y")
        let deadline = Date().addingTimeInterval(5)
        while t.isRunning() && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }

        // Relaunch and find the household by its head's pinyin initials.
        let t2 = Tmux()
        defer { t2.kill() }
        try t2.start(appCommand(db: db))
        try t2.signIn()
        try t2.waitFor("户卡管理")
        try t2.keys("3")
        try t2.waitFor("0901")
        try t2.keys("/")
        try t2.type("oymy")
        let screen = try t2.waitFor("筛选：oymy")
        #expect(screen.contains("欧阳明月"))
        #expect(screen.contains("星光村一社9号"))

        let list = try runCLI(["households", "list", "--filter", "ouyang"], db: db)
        #expect(list.output.contains("欧阳明月"))
    }

    @Test func escapeThenDigitWorksAsAFunctionKeyAndTheCursorFollowsCJKInput() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db))
        try t.createAdministrator()
        try t.waitFor("户卡管理")
        try t.keys("1")
        try t.waitFor("乡镇")
        try t.keys("End")
        try t.type("二组")
        Thread.sleep(forTimeInterval: 0.3)
        let cursor = try Tmux.run(["display-message", "-p", "-t", t.session, "#{cursor_x},#{cursor_y}"])
        let screen = try t.capture()
        let line = screen.split(separator: "\n", omittingEmptySubsequences: false).first { $0.contains("星光村二组") }
        let row = try #require(line)
        // The caret sits right after 星光村二组 (5 wide characters = 10 columns).
        let before = row.components(separatedBy: "星光村二组")[0]
        let expectedX = before.reduce(0) { $0 + ($1.unicodeScalars.first!.value >= 0x1100 ? 2 : 1) } + 10
        #expect(cursor.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("\(expectedX),"))
        // Esc then 2 = F2: save.
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 0.05)
        try t.keys("2")
        try t.waitFor("已保存")
        #expect(try runCLI(["village", "show"], db: db).output.contains("星光村二组"))
    }

    @Test func aSmallTerminalAsksToEnlargeAndRecovers() throws {
        let db = temporaryDatabase()
        let t = Tmux(width: 60, height: 20)
        defer { t.kill() }
        try t.start(appCommand(db: db))
        try t.waitFor("请放大到至少 80×24")
        try Tmux.run(["resize-window", "-t", t.session, "-x", "80", "-y", "24"])
        try t.waitFor("设立管理员")
    }

    /// A terminal set to a locale the machine does not have is told so, with what to do, and
    /// nothing is opened or made.
    @Test func aLocaleTheMachineLacksIsNamedAndNothingIsOpened() throws {
        let db = temporaryDatabase()
        let t = Tmux()
        defer { t.kill() }
        try t.start("env LANG=xx_XX.UTF-8 LC_ALL=xx_XX.UTF-8 TERM=screen CHENGXIN_LANG=zh CHENGXIN_DB='\(db)' '\(chengxinBinary)'")
        try t.waitFor("未做任何改动")
        // The dead pane's notice can scroll the first line into the history: read it too, with the
        // lines the message wrapped at the pane's width joined.
        let screen = try Tmux.run(["capture-pane", "-p", "-J", "-S", "-", "-t", t.session])
        #expect(screen.contains("终端的区域设置 xx_XX.UTF-8 在本机没有安装") && screen.contains("LANG=C.UTF-8"), "\(screen)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    /// An old Chinese terminal: the app runs in zh_CN.GB18030 behind luit, which converts to tmux's UTF-8.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/luit"), "luit is installed by `make deps`"))
    func worksInAGB18030Locale() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["village", "set", "--name", "星光村"], db: db).status == 0)
        #expect(try runCLI(["village", "add-group", "1", "一社"], db: db).status == 0)
        let t = Tmux()
        defer { t.kill() }
        try t.start("luit -encoding GB18030 -- env LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 TERM=screen "
                    + "CHENGXIN_LANG=zh CHENGXIN_DB='\(db)' '\(chengxinBinary)'")
        try t.createAdministrator()
        let menu = try t.waitFor("户卡管理（一户一卡）")
        #expect(menu.contains("+-------- 主菜单 --------+"), "ASCII lines outside UTF-8")
        try t.keys("3")
        try t.waitFor("（无记录）")
        try t.keys("F3")
        try t.waitFor("户主姓名")
        try t.type("0777")
        try t.keys("Tab", "Tab", "Tab", "Tab")
        try t.type("诸葛孔明")
        try t.waitFor("诸葛孔明")
        try t.keys("F2")
        let saved = try t.waitFor("已保存")
        #expect(saved.contains("户卡 0777"))
        let list = try runCLI(["households", "list"], db: db)
        #expect(list.output.contains("诸葛孔明"))
    }

    /// 人员查询 on the real binary: the name typed through the terminal (as an IME commits it)
    /// starts the search at once, and Enter opens the person found.
    @Test func findAPersonByTypingTheName() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let list = try runCLI(["households", "list"], db: db).output
        let row = try #require(list.split(separator: "\n").first { $0.hasPrefix("0101") })
        let head = String(row.split(separator: " ", omittingEmptySubsequences: true)[2])
        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn("clerk", "demo2026")
        try t.waitFor("诚信计生小组")
        try t.keys("4")
        try t.waitFor("人员查询")
        try t.type(head)
        let found = try t.waitFor("筛选：\(head)")
        #expect(found.contains(head))
        try t.keys("Enter")
        // A label only the form shows: the search's columns say 与户主关系 and its footer 人员信息.
        let person = try t.waitFor("婚姻状况")
        #expect(person.contains(head) && person.contains("身份证号") && !person.contains("筛选："))
    }

    /// The roster import wizard on the real binary at 80×24: a workbook written by
    /// openpyxl, the path completed by Tab, the columns guessed, the preview, the
    /// import, and undo from the history.
    @Test func importARosterFromExcelAndUndoIt() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("Tests/StoreTests/Fixtures/rosters/persons_openpyxl.xlsx"),
                                         to: dir.appendingPathComponent("花名册.xlsx"))
        let t = Tmux()
        defer { t.kill() }
        try t.start("cd '\(dir.path)' && " + appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn("clerk", "demo2026")
        try t.waitFor("诚信计生小组")
        try t.keys("9")
        try t.waitFor("修改我的密码")
        try t.keys("7")
        try t.waitFor("导入花名册：选择文件")
        try t.type("花")
        try t.keys("Tab")
        try t.waitFor("花名册.xlsx")
        try t.keys("F2")
        let columns = try t.waitFor("列已对应好")
        #expect(columns.contains("A 户编号") && columns.contains("990101********0035"))
        try t.keys("F2")
        let preview = try t.waitFor("新增 8 人")
        #expect(preview.contains("有误 0 行；新户 3 户") && preview.contains("欧阳建国"))
        try t.keys("F2")
        try t.waitFor("已导入第 1 批")
        #expect(try runCLI(["persons", "list"], db: db).output.contains("欧阳建国"))
        try t.keys("F8")
        try t.waitFor("请确认")
        try t.keys("y")
        try t.waitFor("已撤销第 1 批导入")
        #expect(!(try runCLI(["persons", "list"], db: db).output.contains("欧阳建国")))
        #expect(try runCLI(["verify"], db: db).output.contains("未发现问题"))
    }

    /// 疑似重复人员 on the real binary at 80×24, on the demo's two planted pairs: both
    /// persons shown, a merge confirmed and undone with u, a pair marked as two people.
    @Test func findPersonsEnteredTwiceMergeUndoAndMarkAPair() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn("clerk", "demo2026")
        try t.waitFor("诚信计生小组")
        try t.keys("9")
        try t.waitFor("修改我的密码")
        try t.keys("8")
        let list = try t.waitFor("共 2 对疑似重复")
        #expect(list.contains("彭英") && list.contains("章洋春") && list.contains("同名同生日"))
        try t.keys("Enter")
        let detail = try t.waitFor("两人详情")
        #expect(detail.contains("甲 #7 彭英") && detail.contains("乙 #979 彭英"))
        try t.keys("Escape")
        try t.waitFor("共 2 对疑似重复")
        try t.keys("F5")
        try t.waitFor("请确认")
        try t.keys("y")
        try t.waitFor("已把“彭英”并入“彭英”")
        try t.waitFor("共 1 对疑似重复")
        #expect(try runCLI(["persons", "merges"], db: db).output.contains("彭英"))
        try t.keys("u")
        try t.waitFor("已撤销合并")
        try t.waitFor("共 2 对疑似重复")
        try t.keys("Down")
        try t.keys("F8")
        try t.waitFor("已记为不是重复：张洋春／章洋春")
        let after = try t.waitFor("共 1 对疑似重复")
        #expect(after.contains("0837") && !after.contains("0836"), "the marked pair (章洋春 of 0836) is gone")
        let cli = try runCLI(["persons", "duplicates"], db: db).output
        #expect(cli.contains("彭英") && !cli.contains("章洋春"))
        #expect(try runCLI(["verify"], db: db).output.contains("未发现问题"))
    }

    /// §四.2 on the real binary at 80×24: a check finds an item broken (CLI), the case is
    /// reviewed and checked in 失信整改, the village rules' benefit is then refused with the
    /// reason, and the mending and a further review give it back.
    @Test func aBrokenPledgeWithholdsTheBenefitUntilMendedAndRestored() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        func cli(_ args: String...) throws -> (status: Int32, output: String) { try cli(args) }
        func cli(_ args: [String]) throws -> (status: Int32, output: String) {
            var env = ProcessInfo.processInfo.environment
            env["CHENGXIN_DB"] = db
            env["CHENGXIN_LANG"] = "zh"
            env["CHENGXIN_USER"] = "clerk"
            env["CHENGXIN_PASSWORD"] = "demo2026"
            env["CHENGXIN_TODAY"] = "2026-11-25"
            let r = try ChildProcess.run([chengxinBinary] + args, environment: env)
            return (r.status, r.text)
        }
        #expect(try cli("pledges", "add-round", "2026年第四季度", "--date", "2026-11-20").status == 0)
        #expect(try cli("pledges", "check", "--round", "2026年第四季度", "--household", "0101", "--item", "P05",
                        "--result", "broken", "--note", "外出未报告去向", "--on", "2026-11-20").status == 0)
        #expect(try cli("fulfil", "due", "0101", "--policy", "C-JTFH", "--due", "2026-12-01").status == 0)
        let deliver = ["fulfil", "record", "0101", "--policy", "C-JTFH", "--year", "2026", "--date", "2026-11-25",
                       "--amount", "200", "--ref", "兑-2026-099", "--by", "王会计"]
        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        try t.signIn("clerk", "demo2026")
        try t.waitFor("诚信计生小组")
        try t.keys("6")
        try t.waitFor("承诺与兑现")
        try t.keys("8")
        // The demo has cases of its own (one withheld); the line that counts is the new case's.
        func row(_ screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains("0101") && $0.contains("2026-11-20") }.map(String.init) ?? ""
        }
        func openCount(_ screen: String) -> Int? {
            guard let r = screen.range(of: #"未结 (\d+) 项"#, options: .regularExpression) else { return nil }
            return Int(screen[r].filter(\.isNumber))
        }
        // Waits until the new case's line shows `stage`; returns the screen.
        @discardableResult func waitForCase(_ stage: String) throws -> String {
            for _ in 0..<100 {
                let screen = try t.capture()
                if row(screen).contains(stage) { return screen }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("the case of 0101 never showed \(stage):\n\(try t.capture())")
            throw CancellationError()
        }
        // The main screen's 整改 line (open cases, households withheld), then back to the list.
        func dashboard() throws -> (open: Int, withheld: Int) {
            for _ in 0..<2 {
                Thread.sleep(forTimeInterval: 0.3)
                try t.keys("Escape")
            }
            let screen = try t.waitFor("h 整改")
            let line = screen.split(separator: "\n").first { $0.contains("h 整改") }.map(String.init) ?? ""
            let numbers = line.components(separatedBy: "h 整改").last?.split(whereSeparator: { !$0.isNumber })
                .compactMap { Int($0) } ?? []
            try t.keys("6")
            try t.waitFor("承诺与兑现")
            try t.keys("8")
            try t.waitFor("整改期限")
            guard numbers.count == 3 else {
                Issue.record("the 整改 line reads \(line)")
                throw CancellationError()
            }
            return (numbers[0], numbers[2])
        }
        /// One step on the selected (newest) case: its key, the note typed, the stage it leads to.
        func step(_ key: String, _ note: String, _ stage: String) throws {
            try t.keys(key)
            try t.waitFor("整改步骤")
            try t.type(note)
            try t.keys("F2")
            try waitForCase(stage)
        }
        let list = try waitForCase("待评议")
        let openBefore = try #require(openCount(list))
        let start = try dashboard()
        try step("F5", "小组评议属实", "待村委会核实")
        #expect(try dashboard() == start, "the group's review alone withholds nothing")
        try step("F6", "村主任王建国", "暂停优惠")
        #expect(try dashboard() == (start.open, start.withheld + 1))
        // Withheld: the delivery is refused, saying why.
        let refused = try cli(deliver)
        #expect(refused.status != 0 && refused.output.contains("暂停享受守信优惠"), "\(refused.output)")
        try step("F7", "已补报外出去向", "已改正待恢复")
        #expect(try dashboard() == (start.open, start.withheld + 1), "mending alone restores nothing")
        try step("F9", "小组评议：已改正", "已恢复")
        #expect(openCount(try t.capture()) == openBefore - 1)
        #expect(try dashboard() == (start.open - 1, start.withheld))
        let delivered = try cli(deliver)
        #expect(delivered.status == 0, "\(delivered.output)")
        #expect(try runCLI(["verify"], db: db).output.contains("未发现问题"))
    }

    /// The heart of the programme on the demo village: a group in 二社, two member households,
    /// an election, the agreement from the default template, every signature, "in force".
    @Test func formAGroupElectSignAndSeeItInForce() throws {
        let db = temporaryDatabase()
        #expect(try runCLI(["demo", "--no-open", "--db", db], db: db).status == 0)
        let t = Tmux()
        defer { t.kill() }
        try t.start(appCommand(db: db, extra: "CHENGXIN_TODAY=2026-11-25"))
        let signIn = try t.waitFor("演示数据库账户")
        #expect(signIn.contains("clerk / demo2026"))
        try t.signIn("clerk", "demo2026")
        try t.waitFor("诚信计生小组")
        try t.keys("5")
        try t.waitFor("小组名称")
        try t.keys("F3")
        try t.waitFor("成立日期")
        try t.keys("Right", "Tab")                 // 二社
        try t.type("二社互助小组")
        try t.keys("F2")
        try t.waitFor("已建立小组")
        for _ in 0..<2 {
            try t.keys("F3")
            try t.waitFor("选择成员户")
            try t.keys("Enter")
            try t.waitFor("入组日期")
            try t.keys("Tab")
            try t.type("本人自愿")
            try t.keys("F2")
            try t.waitFor("户已加入小组")
        }
        try t.waitFor("成员：2 户")
        try t.keys("F5")
        try t.waitFor("组长选举")
        try t.keys("F3")
        try t.waitFor("当选组长")
        try t.keys("Tab")
        try t.type("二社村民会议")
        try t.keys("Tab")
        try t.type("村主任")
        try t.keys("Tab", "Tab")                  // the first vote field: the elected (first choice) gets 9 votes
        try t.type("9")
        try t.keys("F2")
        try t.waitFor("现任")
        Thread.sleep(forTimeInterval: 0.1)
        try t.keys("Escape")
        try t.waitFor("当选")
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("F7")
        try t.waitFor("本组还没有协议")
        try t.keys("F3")
        try t.waitFor("协议范本")
        try t.keys("F2")
        try t.waitFor("草稿")
        try t.keys("F5")
        try t.waitFor("文本将冻结")
        try t.keys("y")
        try t.waitFor("签署中")
        try t.keys("Enter")
        try t.waitFor("签字方式")
        try t.keys("F2")
        try t.waitFor("1/2")
        try t.keys("Down", "Enter")
        try t.waitFor("签字方式")
        try t.keys("F2")
        try t.waitFor("成员户已签/拒签：2/2")
        try t.keys("F6")
        try t.waitFor("村委会签字")
        try t.type("李明")
        try t.keys("F2")
        try t.waitFor("状态：生效")
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 0.4)
        try t.keys("Escape")
        let list = try t.waitFor("有效期至")
        let row = list.split(separator: "\n").first { $0.contains("二社互助小组") }.map(String.init) ?? ""
        #expect(row.contains("生效"), "\(list)")
        let show = try runCLI(["groups", "show", "二社互助小组"], db: db)
        #expect(show.output.contains("生效"))
    }
}
