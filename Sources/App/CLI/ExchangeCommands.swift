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
        subcommands: [Trust.self, Export.self, Import.self, Status.self])

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
        func run() throws {
            let db = try options.openDatabase()
            let en = options.language == .en
            let today = LocalDate.today()
            do {
                if try db.officeKind() == .village {
                    let p = try db.writeVillagePackage(into: output, today: today)
                    let what = p.full ? (en ? "all records" : "全部记录")
                        : (en ? "changes since entry \(p.since)" : "第 \(p.since) 条日志以来的变化")
                    print(en ? "Package \(p.seq) written: \(p.path) (\(what), \(p.entries) audit entries, \(p.bytes) bytes)."
                             : "第 \(p.seq) 号包已写出：\(p.path)（\(what)，审计日志 \(p.entries) 条，\(p.bytes) 字节）。")
                } else {
                    let written = try db.writeDownPackages(into: output, today: today)
                    if written.isEmpty { print(en ? "No village has sent a package yet; nothing written." : "还没有村报送过数据包，未写出。") }
                    for p in written { print(en ? "Written: \(p.path)" : "已写出：\(p.path)") }
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
            let kind = try db.officeKind()
            var failures = 0
            for path in packages {
                let name = (path as NSString).lastPathComponent
                guard let data = FileManager.default.contents(atPath: path) else {
                    print(en ? "\(name): cannot read the file." : "\(name)：无法读取文件。")
                    failures += 1
                    continue
                }
                do {
                    let outcome = kind == .village ? try db.importDownPackage(data)
                        : try db.importUpPackage(data, fileName: name, today: LocalDate.today())
                    switch outcome {
                    case .imported(let code, let from, let seq, let entries):
                        print(en ? "\(name): package \(seq) of \(from) (\(code)) imported, \(entries) entries."
                                 : "\(name)：\(from)（\(code)）第 \(seq) 号包已导入，\(entries) 条。")
                    case .alreadyImported(let code, let from, let seq):
                        print(en ? "\(name): package \(seq) of \(from) (\(code)) was imported before; nothing changed."
                                 : "\(name)：\(from)（\(code)）第 \(seq) 号包此前已导入，未做改动。")
                    }
                } catch {
                    print("\(name)：" + ((userError(error, options.language) as? UserError)?.description ?? "\(error)"))
                    failures += 1
                }
            }
            if failures > 0 { throw ExitCode(1) }
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
            } else {
                print(try officeTable(db, en: en))
            }
        }
    }
}

/// The villages (or townships) an office holds, one line each.
package func officeTable(_ db: AppDatabase, en: Bool) throws -> String {
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
        func run() throws {
            let db = try options.openDatabase()
            guard let key = try db.ownKey(), key.kind != .village else {
                throw UserError(options.language == .en ? "This is not a township's database: run chengxin township init first."
                                                        : "这不是乡镇的数据库：请先运行 chengxin township init。")
            }
            try writePublicKey(key, to: output, options.language)
        }
    }

    struct AddVillage: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-village", abstract: helpText(
            "登记一个村的公钥（显示指纹并请确认），此后可导入其数据包。", "Register a village's key (shows the fingerprint and asks); its packages can then be imported."))
        @OptionGroup var options: GlobalOptions
        @Argument(help: .zh("村的公钥文件。", en: "The village's public key file.")) var keyFile: String
        @Flag(help: .zh("不询问，直接确认（用于脚本）。", en: "Confirm without asking (for scripts).")) var yes = false
        func run() throws {
            let db = try options.openDatabase()
            let key = try readPublicKey(keyFile, options.language)
            try confirmFingerprint(key, yes: yes, options.language)
            do { try db.addMember(key) } catch { throw userError(error, options.language) }
            print(options.language == .en ? "Registered." : "已登记。")
        }
    }

    struct Villages: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("各村一览（截至各村最近的数据包）。", "The villages' table (as of each village's last package)."))
        @OptionGroup var options: GlobalOptions
        func run() throws {
            let db = try options.openDatabase()
            do { print(try officeTable(db, en: options.language == .en)) } catch { throw userError(error, options.language) }
        }
    }
}

struct CountyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "county",
        abstract: helpText("县数据库：建立及其密钥。", "The county's database: set up and its key."),
        subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: helpText("建立县数据库及其密钥。", "Make a county database and its key pair."))
        @OptionGroup var options: GlobalOptions
        @Option(help: .zh("县的12位区划代码（末六位000000），如 990101000000。", en: "The county's 12-digit code (ending 000000), e.g. 990101000000.")) var code: String
        @Option(help: .zh("县名称。", en: "The county's name.")) var name: String
        func run() throws { try initOffice(.county, options: options, code: code, name: name) }
    }
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
