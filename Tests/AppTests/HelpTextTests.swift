import ArgumentParser
import Domain
import Foundation
import Testing
@testable import App
import Bench

@Suite struct HelpTextTests {
    @Test func theHelpLanguageComesFromLangThenTheEnvironment() {
        #expect(HelpLanguage.resolve(arguments: ["chengxin", "--help"], environment: [:]) == .zh)
        #expect(HelpLanguage.resolve(arguments: ["chengxin", "--help"], environment: ["CHENGXIN_LANG": "en"]) == .en)
        #expect(HelpLanguage.resolve(arguments: ["chengxin", "print", "--lang", "en", "--help"], environment: [:]) == .en)
        #expect(HelpLanguage.resolve(arguments: ["chengxin", "--lang=zh", "--help"], environment: ["CHENGXIN_LANG": "en"]) == .zh)
    }

    /// Every command, from the root down.
    func allCommands(_ command: ParsableCommand.Type = ChengxinRootCommand.self, path: String = "chengxin") -> [(String, ParsableCommand.Type)] {
        let c = command.configuration
        return [(path, command)] + c.subcommands.flatMap {
            allCommands($0, path: path + " " + ($0.configuration.commandName ?? String(describing: $0).lowercased()))
        }
    }

    @Test func everyCommandHasAnAbstractInTheHelpLanguage() {
        let commands = allCommands()
        #expect(commands.count > 60)
        for (path, command) in commands {
            let abstract = command.configuration.abstract
            #expect(!abstract.isEmpty, "\(path) has no abstract")
            guard HelpLanguage.current == .zh else { continue }
            let han = abstract.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
            let latin = abstract.unicodeScalars.filter { $0.isASCII && CharacterSet.letters.contains($0) }.count
            #expect(han > latin, "\(path): \(abstract)")
        }
    }

    @Test func helpIsChineseByDefaultAndEnglishWithLangEn() throws {
        let db = temporaryDatabase()
        var r = try runCLI(["pledges", "--help"], db: db)
        #expect(r.status == 0)
        #expect(r.output.contains("家庭承诺书、检查轮次和守信率。"), "\(r.output)")
        #expect(r.output.contains("列出检查轮次及全村守信率。"))
        r = try runCLI(["pledges", "rate", "--help"], db: db)
        #expect(r.output.contains("轮次名称（默认最新一轮）。"), "\(r.output)")
        #expect(r.output.contains("数据库文件（默认：$CHENGXIN_DB"))
        r = try runCLI(["pledges", "rate", "--help", "--lang", "en"], db: db)
        #expect(r.output.contains("The round's name (default the latest)."), "\(r.output)")
        #expect(!r.output.contains("轮次名称"))
    }
}
