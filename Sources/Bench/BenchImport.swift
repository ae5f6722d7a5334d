import App
import Domain
import Foundation
import Print
import Store
import UICore

extension BenchRun {
    // MARK: Import

    /// A roster CSV of `rows` households in the 社 named, deterministic.
    static func rosterCSV(rows: Int, sheNames: [String]) -> String {
        var rng = SplitMix64(seed: 7)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = Array("明华建国秀英兰芳军平伟强丽敏静磊洋勇艳杰")
        var out = HouseholdImportColumns.all.joined(separator: ",") + "\n"
        out.reserveCapacity(rows * 90)
        for i in 0..<rows {
            let she = sheNames.isEmpty ? "1" : sheNames[i % sheNames.count]
            let born = LocalDate(year: 1950 + Int(rng.next() % 50), month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28))!
            let male = rng.next() % 5 != 0
            let id = IDNumber.make(area: String(format: "52%04d", 1000 + i / 500), birthDate: born, sequence: (i % 500) * 2 + (male ? 1 : 0))
            let name = String(surnames[Int(rng.next() % UInt64(surnames.count))]) + String(given[Int(rng.next() % UInt64(given.count))])
                + String(given[Int(rng.next() % UInt64(given.count))])
            out += "I\(String(format: "%07d", i + 1)),\(she),\(she)\(i + 1)号,\(name),\(male ? "男" : "女"),\(id),13\(String(format: "%09d", i))\n"
        }
        return out
    }

    mutating func measureImport(rows count: Int, dir: String, sheNames: [String]) throws {
        let csvPath = dir + "/roster.csv"
        let csv = Self.rosterCSV(rows: count, sheNames: sheNames)
        try csv.write(toFile: csvPath, atomically: false, encoding: .utf8)
        var samples: [Double] = []
        var verified = true
        var baseline: [Double] = []
        var bareBaseline: [Double] = []
        let template = dir + "/import-template.sqlite"
        let imports = min(runs, 3)
        for i in 0..<imports {
            // A fresh village database with the same 社 and a clerk, as an office would import into.
            let path = dir + "/import-\(i).sqlite"
            let db = try AppDatabase.open(path: path, passwordCost: Self.passwordCost)
            let village = try db.saveVillage(Village(name: "导入测试村", township: "城关镇", county: "明溪县"))
            for (n, name) in sheNames.enumerated() {
                try db.saveVillageGroup(VillageGroup(villageId: village.id ?? 1, number: n + 1, name: name))
            }
            _ = try db.createFirstAdministrator(username: "admin", displayName: "", password: Self.adminPassword)
            try db.addUser(username: "clerk", displayName: "", role: .clerk, password: Self.clerkPassword)
            if i == 0 { try db.backup(to: template) }
            db.signOut()
            try db.signIn(username: "clerk", password: Self.clerkPassword)
            let data = try Data(contentsOf: URL(fileURLWithPath: csvPath))
            let start = monotonicSeconds()
            let report = try db.importHouseholds(csv: data, on: .today())
            samples.append(monotonicSeconds() - start)
            if i == 0 {
                try db.signIn(username: "admin", password: Self.adminPassword)
                let v = try db.verify()
                verified = v.isClean && report.households == count
            }
            // The baselines: the sqlite3 shell importing the same file into a bare
            // table, and into the same tables of the same fresh village.
            if let sqlite = Output.findProgram("sqlite3") {
                let bare = dir + "/bare-\(i).sqlite"
                let s = monotonicSeconds()
                if (try? ChildProcess.run([sqlite, "-cmd", ".mode csv", bare, ".import \(csvPath) roster"])) != nil {
                    bareBaseline.append(monotonicSeconds() - s)
                }
                let scriptPath = dir + "/same-\(i).sql"
                if let script = try? AppDatabase.sqliteImportScript(template: template, into: dir + "/same-\(i).sqlite", csvPath: csvPath),
                   (try? script.write(toFile: scriptPath, atomically: false, encoding: .utf8)) != nil {
                    let s = monotonicSeconds()
                    if let r = try? ChildProcess.run([sqlite, "-bail", dir + "/same-\(i).sqlite", ".read '\(scriptPath)'"]), r.status == 0 {
                        baseline.append(monotonicSeconds() - s)
                    } else {
                        notes.append(t(Localized("sqlite3 导入同样的表失败", "sqlite3 import into the same tables failed")))
                    }
                }
            }
        }
        // The real command's peak memory, through GNU time, on a fresh village with the same 社.
        var importPeak: Double?
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
            let path = dir + "/import-cli.sqlite"
            let db = try AppDatabase.open(path: path)
            let village = try db.saveVillage(Village(name: "导入测试村", township: "城关镇", county: "明溪县"))
            for (n, name) in sheNames.enumerated() {
                try db.saveVillageGroup(VillageGroup(villageId: village.id ?? 1, number: n + 1, name: name))
            }
            if let r = try? ChildProcess.run(["/usr/bin/time", "-f", "maxrss=%M", Self.executablePath(), "import", "households",
                                              csvPath, "--db", path]),
               let line = r.text.split(separator: "\n").last(where: { $0.hasPrefix("maxrss=") }),
               let kb = Double(line.dropFirst("maxrss=".count)) {
                importPeak = kb / 1024
            }
        }
        if let importPeak {
            rows.append(BenchRow(label: Localized("峰值内存（真实程序：chengxin import households \(count) 行）", "Peak RSS (real binary: chengxin import households, \(count) rows)"),
                                 samples: [importPeak], baseline: [], baselineLabel: Localized("—", "—"), budget: 60, unit: .megabytes))
        }
        rows.append(BenchRow(label: Localized("导入 \(count) 行户籍 CSV（逐行校验、审计、一个事务）", "Import a \(count)-row roster CSV (every line checked, audited, one transaction)"),
                             samples: samples, baseline: baseline,
                             baselineLabel: Localized("sqlite3 导入同样的表", "sqlite3 importing into the same tables"),
                             budget: 5.0, unit: .seconds,
                             note: Localized(verified ? "导入后 verify() 通过" : "导入后 verify() 未通过！",
                                             verified ? "verify() clean after import" : "verify() NOT clean after import!"),
                             ratioBudget: 3.0))
        rows.append(BenchRow(label: Localized("同一导入（参考）", "The same import (for reference)"),
                             samples: samples, baseline: bareBaseline,
                             baselineLabel: Localized("sqlite3 .import 到空表", "sqlite3 .import into a bare table"),
                             budget: nil, unit: .seconds))
    }

    // MARK: Bytes to the terminal

    mutating func measureTerminal(path: String) throws {
        let exe = Self.executablePath()
        let s = try PtySession([exe, "--db", path], environment: Self.terminalEnvironment())
        defer { s.terminate() }
        guard s.waitFor(["Esc"], timeoutSeconds: 60) != nil else {
            notes.append(t(Localized("伪终端上未见到登录界面：未测终端字节", "No sign-in screen on the pty: terminal bytes not measured")))
            return
        }
        _ = s.drain()
        // The same keys in this process, to count the cells each one changes.
        let db = try AppDatabase.open(path: path)
        let model = AppModel(context: AppContext(db: db, language: .zh, catalog: try loadCatalog()))
        var grid = model.render()
        func changedCells(_ key: Key) -> Int {
            model.handle(key)
            let next = model.render()
            var n = 0
            for y in 0..<next.height { for x in 0..<next.width where next[x: x, y: y] != grid[x: x, y: y] { n += 1 } }
            grid = next
            return n
        }
        // Typing into the sign-in form.
        var formBytes: [Double] = []
        var formCells: [Double] = []
        for ch in "clerk" {
            s.send(String(ch))
            formBytes.append(Double(s.drain(quietMilliseconds: 100)))
            formCells.append(Double(changedCells(.char(ch))))
        }
        s.send("\t")
        _ = s.drain()
        _ = changedCells(.tab)
        var mark = s.output.count
        s.send(Self.clerkPassword + "\r")
        let menuTime = s.waitFor(["主菜单"], from: mark, timeoutSeconds: 120)
        _ = s.drain(quietMilliseconds: 300, maxSeconds: 30)
        for ch in Self.clerkPassword { model.handle(.char(ch)) }
        let menuStart = monotonicSeconds()
        model.handle(.enter)
        _ = model.render()
        let menuInProcess = monotonicSeconds() - menuStart
        // The household list (main menu 3), then the cursor down the table.
        mark = s.output.count
        s.send("3")
        let listTime = s.waitFor(["户卡管理"], from: mark, timeoutSeconds: 120)
        _ = s.drain(quietMilliseconds: 300, maxSeconds: 30)
        model.handle(.char("3"))
        if menuTime == nil || listTime == nil {
            notes.append(t(Localized("伪终端上未等到主菜单或户卡列表", "The main menu or the household list did not appear on the pty")))
        }
        rows.append(BenchRow(label: Localized("登录后到主菜单画出（真实程序；含 scrypt 与协议提醒）", "Sign-in to main menu drawn (real binary; scrypt and agreement alerts)"),
                             samples: menuTime.map { [$0] } ?? [], baseline: [menuInProcess],
                             baselineLabel: Localized("进程内同样步骤", "the same step in process"), budget: nil, unit: .seconds))
        rows.append(BenchRow(label: Localized("主菜单 3 打开户卡列表（真实程序）", "Main menu 3 opens the household list (real binary)"),
                             samples: listTime.map { [$0] } ?? [], baseline: [], baselineLabel: Localized("—", "—"),
                             budget: nil, unit: .seconds))
        grid = model.render()
        var moveBytes: [Double] = []
        var moveCells: [Double] = []
        for _ in 0..<30 {
            s.send("\u{1B}OB")
            moveBytes.append(Double(s.drain(quietMilliseconds: 100)))
            moveCells.append(Double(changedCells(.down)))
        }
        let appPeak = Double(s.peakResidentKB() ?? 0) / 1024
        rows.append(BenchRow(label: Localized("终端字节：表格中每次光标移动", "Terminal bytes per cursor move in a table"),
                             samples: moveBytes, baseline: moveCells,
                             baselineLabel: Localized("变化的单元格数", "cells changed"), budget: 200, unit: .bytes))
        rows.append(BenchRow(label: Localized("终端字节：表单中每次按键", "Terminal bytes per keystroke in a form"),
                             samples: formBytes, baseline: formCells,
                             baselineLabel: Localized("变化的单元格数", "cells changed"), budget: 200, unit: .bytes))
        rows.append(BenchRow(label: Localized("峰值内存（真实程序：登录、户卡列表、滚动）", "Peak RSS (real binary: sign-in, household list, scrolling)"),
                             samples: [appPeak], baseline: [], baselineLabel: Localized("—", "—"), budget: 60, unit: .megabytes))
    }
}
