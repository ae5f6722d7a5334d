import ArgumentParser
import Domain
import Foundation
import Store

/// Writes an office's public key file and says its fingerprint.
func writePublicKey(_ key: OfficeKey, to output: String?, _ language: Language) throws {
    let en = language == .en
    if let output {
        do {
            try Data(key.fileText.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw UserError(en ? "Cannot write \(output)." : "无法写入 \(output)。")
        }
        print(en ? "Public key of \(key.name) (\(key.code)) written to \(output)." : "\(key.name)（\(key.code)）的公钥已写入 \(output)。")
    } else {
        print(key.fileText, terminator: "")
    }
    print(en ? "Fingerprint: \(key.fingerprint)" : "指纹：\(key.fingerprint)")
}

/// Reads a public key file, refusing anything else.
func readPublicKey(_ path: String, _ language: Language) throws -> OfficeKey {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UserError(language == .en ? "Cannot read \(path)." : "无法读取 \(path)。")
    }
    do { return try OfficeKey.parse(data) } catch { throw userError(error, language) }
}

/// Shows a key's fingerprint and asks for it to be confirmed (compared by telephone); `--yes`
/// confirms for scripts. Anything but yes changes nothing.
func confirmFingerprint(_ key: OfficeKey, yes: Bool, _ language: Language) throws {
    let en = language == .en
    print(en ? "\(key.kind.label.en) \(key.name) (\(key.code))\nFingerprint: \(key.fingerprint)"
             : "\(key.kind.label.zh) \(key.name)（\(key.code)）\n指纹：\(key.fingerprint)")
    if yes { return }
    print(en ? "Compare the fingerprint with the other office by telephone. Type yes if it is the same: "
             : "请与对方电话核对指纹。相同请输入 yes：", terminator: "")
    guard let answer = readLine(), answer.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
        throw UserError(en ? "Not confirmed; nothing was changed." : "未确认，未做任何改动。")
    }
}

struct ExchangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exchange",
        abstract: helpText("村与乡镇之间交换数据包（签名并加密，用 U 盘带送）。",
                           "Exchange packages between village and township (signed and encrypted, carried on a USB stick)."),
        subcommands: [Trust.self, Export.self, Import.self, Status.self, Restore.self])

    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "信任上级（村：乡镇；乡镇：县）的公钥：显示指纹并请确认。", "Trust the key of the office above (a village its township's, a township its county's): shows the fingerprint and asks."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("上级的公钥文件。", en: "The public key file of the office above.")) var keyFile: String
        @Flag(help: .zh("不询问，直接确认（用于脚本）。", en: "Confirm without asking (for scripts).")) var yes = false
        func run() throws {
            let db = try options.openDatabase()
            let key = try readPublicKey(keyFile, options.language)
            try confirmFingerprint(key, yes: yes, options.language)
            do { try db.trustUpstream(key) } catch { throw userError(error, options.language) }
            print(options.language == .en ? "Trusted." : "已信任。")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "写出数据包：村写出上次乡镇确认以来的变化；乡镇写出给各村的回执。",
            "Write packages: a village writes its changes since the township's last acknowledgement; a township writes each village's acknowledgement."))
        @OptionGroup var options: GlobalOptions
        @Option(name: .short, help: .zh("写入的文件夹（如 U 盘）。", en: "The folder to write to (a USB stick, say).")) var output: String
        @Option(help: .zh("（在村）第 N 号包丢失了：写一个代替它及其后各包的包（乡镇会说缺哪一号）。",
                          en: "(At a village) package N was lost: write one in place of it and those after it (the township says which number is missing)."))
        var resend: Int?
        func run() throws {
            let db = try options.openDatabase()
            let en = options.language == .en
            let today = LocalDate.today()
            do {
                if try db.officeKind() == .village {
                    let p = try db.writeVillagePackage(into: output, today: today, resend: resend)
                    let what = p.full ? (en ? "all records" : "全部记录")
                        : (en ? "changes since entry \(p.since)" : "第 \(p.since) 条日志以来的变化")
                    let instead = p.replaces.map { en ? "in place of \($0.packages.en); " : "代替\($0.packages.zh)；" } ?? ""
                    print(en ? "Package \(p.seq) written: \(p.path) (\(instead)\(what), \(p.entries) audit entries, \(p.bytes) bytes)."
                             : "第 \(p.seq) 号包已写出：\(p.path)（\(instead)\(what)，审计日志 \(p.entries) 条，\(p.bytes) 字节）。")
                } else {
                    guard resend == nil else {
                        throw UserError(en ? "--resend is for a village's packages." : "--resend 只用于村写出的包。")
                    }
                    let written = try db.writeDownPackages(into: output, today: today)
                    if written.isEmpty { print(en ? "No office below has sent a package yet; no acknowledgement written." : "下级还没有报送过数据包，未写出回执。") }
                    for p in written { print(en ? "Acknowledgement written: \(p.path)" : "回执已写出：\(p.path)") }
                    if try db.officeKind() == .township, try db.upstreamKey() != nil {
                        let p = try db.writeCountyPackage(into: output, today: today)
                        print(en ? "Package \(p.seq) for the county written: \(p.path) (\(p.entries) audit entries, \(p.bytes) bytes)."
                                 : "报县的第 \(p.seq) 号包已写出：\(p.path)（审计日志 \(p.entries) 条，\(p.bytes) 字节）。")
                    }
                }
            } catch { throw userError(error, options.language) }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "导入数据包：乡镇导入各村报送的包，村导入乡镇的回执。每个包全部导入或全不导入；重复导入不改动。",
            "Import packages: a township its villages' packages, a village the township's acknowledgements. Each package goes in whole or not at all; the same one twice changes nothing."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("数据包文件（.cxp）。", en: "Package files (.cxp).")) var packages: [String]
        func run() throws {
            let db = try options.openDatabase()
            let en = options.language == .en
            var failures = 0
            for path in packages {
                let name = (path as NSString).lastPathComponent
                guard let data = FileManager.default.contents(atPath: path) else {
                    print(en ? "\(name): cannot read the file." : "\(name)：无法读取文件。")
                    failures += 1
                    continue
                }
                do {
                    let outcome = try db.importPackage(data, fileName: name, today: LocalDate.today())
                    print((en ? "\(name): " : "\(name)：") + outcome.said.text(options.language) + (en ? "." : "。"))
                } catch {
                    print("\(name)：" + ((userError(error, options.language) as? UserError)?.description ?? "\(error)"))
                    failures += 1
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "村的电脑坏了：乡镇用 --village 与新电脑的公钥写出恢复包；新电脑用该包重建本村数据库。",
            "A village's machine died: the township writes a restore package with --village and the new machine's key; the new machine rebuilds the village from it."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("（在村）乡镇写出的恢复包。", en: "(At the village) the restore package the township wrote.")) var package: String?
        @Option(help: .zh("（在乡镇）要恢复的村的区划代码。", en: "(At the township) the code of the village to restore.")) var village: String?
        @Option(help: .zh("（在乡镇）新电脑的公钥文件。", en: "(At the township) the new machine's public key file.")) var key: String?
        @Option(name: .short, help: .zh("（在乡镇）写入的文件夹。", en: "(At the township) the folder to write to.")) var output: String?
        @Flag(help: .zh("不询问，直接确认新公钥（用于脚本）。", en: "Confirm the new key without asking (for scripts).")) var yes = false
        func run() throws {
            let en = options.language == .en
            if let village {
                guard let key, let output else {
                    throw UserError(en ? "At the township: --village CODE --key NEW.pub -o FOLDER." : "在乡镇：--village 区划代码 --key 新公钥文件 -o 文件夹。")
                }
                let db = try options.openDatabase()
                let newKey = try readPublicKey(key, options.language)
                try confirmFingerprint(newKey, yes: yes, options.language)
                do {
                    let p = try db.writeRestorePackage(village: village, newKey: newKey, into: output, today: LocalDate.today())
                    print(en ? "Restore package written: \(p.path) (as of package \(p.seq)). The new key replaces the old one."
                             : "恢复包已写出：\(p.path)（截至第 \(p.seq) 号包）。新公钥已取代旧公钥。")
                } catch { throw userError(error, options.language) }
                return
            }
            guard let package, let data = FileManager.default.contents(atPath: package) else {
                throw UserError(en ? "Name the restore package file (or, at the township, --village)." : "请给出恢复包文件（在乡镇则用 --village）。")
            }
            do {
                let r = try AppDatabase.restoreVillage(from: data, path: options.databasePath)
                let day = String(r.packageWritten.prefix(10))
                print(en ? "Rebuilt from the township's copy as of package \(r.seq), written \(day). Records entered after \(day) were not sent and must be entered again."
                         : "已从乡镇的副本重建，截至第 \(r.seq) 号包（\(day) 写出）。\(day) 之后录入的记录未曾报送，需要重新录入。")
            } catch { throw userError(error, options.language) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText(
            "显示本单位的密钥指纹和数据包往来。", "Show this office's key fingerprint and its packages."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            let en = options.language == .en
            guard let own = try db.ownKey() else {
                print(en ? "No keys yet: run chengxin village key (or township init)." : "还没有密钥：请运行 chengxin village key（或 township init）。")
                return
            }
            print(en ? "\(own.kind.label.en) \(own.name) (\(own.code)), fingerprint \(own.fingerprint)"
                     : "\(own.kind.label.zh) \(own.name)（\(own.code)），指纹 \(own.fingerprint)")
            if own.kind == .village {
                let s = try db.exchangeStatus()
                if let up = s.upstream {
                    print(en ? "Sends to \(up.name) (\(up.code)), fingerprint \(up.fingerprint)"
                             : "报送至 \(up.name)（\(up.code)），指纹 \(up.fingerprint)")
                }
                print(en ? "Packages written: \(s.sent); acknowledged: \(s.acknowledged)" : "已写出 \(s.sent) 个包，上级已确认 \(s.acknowledged) 个")
                if let line = unacknowledgedLine(sent: s.sent, acknowledged: s.acknowledged) { print(line.text(options.language)) }
            } else {
                print(try officeTable(db, en: en))
            }
        }
    }
}

/// The villages (or townships) an office holds, one line each.
func officeTable(_ db: AppDatabase, en: Bool) throws -> String {
    let rows = try db.memberOffices().map { m -> [String] in
        let f = m.figures
        return [m.code, m.name, String(m.lastSeq), m.lastPackageAt.map { String($0.prefix(10)) } ?? "—",
                f.map { String($0.households) } ?? "—", f.map { "\($0.groups)" } ?? "—",
                f.map { "\($0.agreementsInForce)" } ?? "—", f.map { "\($0.fulfilmentOverdue)" } ?? "—",
                f.map { "\($0.feedbackOverdue)" } ?? "—"]
    }
    return alignedTable(en ? ["Code", "Name", "Pkg", "Last package", "Households", "Groups", "Agreements", "Overdue", "Late feedback"]
                           : ["区划代码", "名称", "包号", "最近报送", "户数", "小组", "协议", "逾期兑现", "超期反馈"],
                        rows, rightAligned: [2, 4, 5, 6, 7, 8])
}

struct TownshipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "township",
        abstract: helpText("乡镇数据库：建立、公钥、登记村、各村一览。", "The township's database: set up, key, register villages, the villages' table."),
        subcommands: [Init.self, Key.self, AddVillage.self, Villages.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("建立乡镇数据库及其密钥。", "Make a township database and its key pair."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("乡镇的12位区划代码（末三位000），如 990101100000。", en: "The township's 12-digit code (ending 000), e.g. 990101100000.")) var code: String
        @Option(help: .zh("乡镇名称。", en: "The township's name.")) var name: String
        func run() throws { try initOffice(.township, options: options, code: code, name: name) }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("写出乡镇的公钥文件并显示指纹。", "Write the township's public key file and show its fingerprint."))
        @OptionGroup var options: GlobalOptions
        @Option(name: .short, help: .zh("公钥文件。", en: "The public key file.")) var output: String?
        func run() throws { try writeOfficeKey(.township, options: options, output: output) }
    }

    struct AddVillage: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-village", abstract: helpText(
            "登记一个村的公钥（显示指纹并请确认），此后可导入其数据包。", "Register a village's key (shows the fingerprint and asks); its packages can then be imported."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("村的公钥文件。", en: "The village's public key file.")) var keyFile: String?
        @Option(name: .customLong("from-package"), help: .zh(
            "或者：从村的第一个数据包登记（包中带有村的公钥），然后导入该包。",
            en: "Or: register the village from its first package (which carries the village's key), then import that package."))
        var package: String?
        @Flag(help: .zh("不询问，直接确认（用于脚本）。", en: "Confirm without asking (for scripts).")) var yes = false
        func run() throws {
            switch (keyFile, package) {
            case (let keyFile?, nil): try registerMember(options: options, keyFile: keyFile, yes: yes)
            case (nil, let package?): try registerFromPackage(options: options, path: package, yes: yes)
            default:
                throw UserError(options.language == .en ? "Give the village's key file or --from-package PACKAGE (one of them)."
                                                        : "请给出村的公钥文件或 --from-package 数据包（二者之一）。")
            }
        }
    }

    struct Villages: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("各村一览（截至各村最近的数据包）。", "The villages' table (as of each village's last package)."))
        @OptionGroup var options: GlobalOptions
        func run() throws { try printOfficeTable(options) }
    }
}

struct CountyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "county",
        abstract: helpText("县数据库：建立及其密钥。", "The county's database: set up and its key."),
        subcommands: [Init.self, Key.self, AddTownship.self, Offices.self])

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("写出县的公钥文件并显示指纹。", "Write the county's public key file and show its fingerprint."))
        @OptionGroup var options: GlobalOptions
        @Option(name: .short, help: .zh("公钥文件。", en: "The public key file.")) var output: String?
        func run() throws { try writeOfficeKey(.county, options: options, output: output) }
    }

    struct AddTownship: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-township", abstract: helpText(
            "登记一个乡镇的公钥（显示指纹并请确认），此后可导入其数据包。", "Register a township's key (shows the fingerprint and asks); its packages can then be imported."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("乡镇的公钥文件。", en: "The township's public key file.")) var keyFile: String
        @Flag(help: .zh("不询问，直接确认（用于脚本）。", en: "Confirm without asking (for scripts).")) var yes = false
        func run() throws { try registerMember(options: options, keyFile: keyFile, yes: yes) }
    }

    struct Offices: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("各乡镇和村一览（截至最近的数据包）。", "The townships' and villages' table (as of the last packages)."))
        @OptionGroup var options: GlobalOptions
        func run() throws { try printOfficeTable(options) }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("建立县数据库及其密钥。", "Make a county database and its key pair."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("县的12位区划代码（末六位000000），如 990101000000。", en: "The county's 12-digit code (ending 000000), e.g. 990101000000.")) var code: String
        @Option(help: .zh("县名称。", en: "The county's name.")) var name: String
        func run() throws { try initOffice(.county, options: options, code: code, name: name) }
    }
}

/// `township key` and `county key`: the office's public key file and fingerprint.
func writeOfficeKey(_ kind: OfficeKind, options: GlobalOptions, output: String?) throws {
    let db = try options.openDatabase()
    guard let key = try db.ownKey(), key.kind == kind else {
        let en = options.language == .en
        throw UserError(en ? "This is not a \(kind.label.en.lowercased())'s database: run chengxin \(kind.rawValue) init first."
                           : "这不是\(kind.label.zh)的数据库：请先运行 chengxin \(kind.rawValue) init。")
    }
    try writePublicKey(key, to: output, options.language)
}

/// `township add-village` and `county add-township`: registers a key after its fingerprint is confirmed.
func registerMember(options: GlobalOptions, keyFile: String, yes: Bool) throws {
    let db = try options.openDatabase()
    // Who may not register is told so before being asked to compare a fingerprint.
    try storeCall(options.language) { try db.require(.settings) }
    let key = try readPublicKey(keyFile, options.language)
    try confirmFingerprint(key, yes: yes, options.language)
    do { try db.addMember(key) } catch { throw userError(error, options.language) }
    print(options.language == .en ? "Registered." : "已登记。")
}

/// `township add-village --from-package`: the key the package carries, its fingerprint confirmed,
/// registered; then the package imported.
func registerFromPackage(options: GlobalOptions, path: String, yes: Bool) throws {
    let db = try options.openDatabase()
    let en = options.language == .en
    try storeCall(options.language) { try db.require(.settings) }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UserError(en ? "Cannot read \(path)." : "无法读取 \(path)。")
    }
    do {
        let key = try db.senderKey(ofPackage: data)
        try confirmFingerprint(key, yes: yes, options.language)
        let name = (path as NSString).lastPathComponent
        let outcome = try db.addMember(fromPackage: data, fileName: name, today: LocalDate.today())
        print(en ? "Registered." : "已登记。")
        print((en ? "\(name): " : "\(name)：") + outcome.said.text(options.language) + (en ? "." : "。"))
    } catch let error as UserError {
        throw error
    } catch { throw userError(error, options.language) }
}

/// "尚未确认：第 3–4 号包" at a village with packages the township has not acknowledged.
func unacknowledgedLine(sent: Int, acknowledged: Int) -> Localized? {
    guard sent > acknowledged else { return nil }
    let waiting = (acknowledged + 1 ... sent).packages
    return Localized("尚未确认：\(waiting.zh)（乡镇若说缺某号包，可用 chengxin exchange export --resend 该号 重写）",
                     "Not yet acknowledged: \(waiting.en) (if the township says one is missing, write it again with chengxin exchange export --resend NUMBER)")
}

func printOfficeTable(_ options: GlobalOptions) throws {
    let db = try options.openDatabase()
    do { print(try officeTable(db, en: options.language == .en)) } catch { throw userError(error, options.language) }
}

func initOffice(_ kind: OfficeKind, options: GlobalOptions, code: String, name: String) throws {
    let db = try options.openDatabase()
    do {
        let key = try db.initOffice(kind: kind, code: code, name: name)
        let en = options.language == .en
        print(en ? "\(kind.label.en) database of \(key.name) (\(key.code)) ready. Fingerprint: \(key.fingerprint)"
                 : "\(key.name)（\(key.code)）的\(kind.label.zh)数据库已建立。指纹：\(key.fingerprint)")
    } catch { throw userError(error, options.language) }
}
