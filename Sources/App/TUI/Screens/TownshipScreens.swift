import Domain
import Foundation
import Store
import UICore

/// What the title line says of a village's copy opened from the township's table: whose copy,
/// and as of which package.
public struct VillageCopyNote: Sendable {
    public var office: MemberOffice
    /// The township (or county) that holds the copy.
    public var holder: String

    /// "第 3 号包 · 2026-12-07".
    var asOf: Localized {
        let day = office.lastPackageAt.map { String($0.prefix(10)) } ?? "—"
        return Localized("第 \(office.lastSeq) 号包 · \(day)", "package \(office.lastSeq) · \(day)")
    }
}

extension AppContext {
    /// The name the title line shows: the village's; on a copy, the village's marked as the
    /// township's copy; on a township's (or county's) own database, the office's.
    func officeTitle() -> String? {
        if let copyOf { return copyOf.office.name + t(Localized("（副本）", " (copy)")) }
        if let village = try? db.village() { return village.name }
        return (try? db.ownKey())?.name
    }

    /// Whether this database is a township's or a county's: its first screen is its table.
    var isOffice: Bool { ((try? db.officeKind()) ?? .village) != .village }

    /// The folder packages were last written to or read from, for the folder form.
    var lastPackageFolder: String { ((try? db.setting(Self.packageFolderSetting)) ?? nil) ?? "" }

    static let packageFolderSetting = "exchange.folder"
}

/// A township's (or county's) first screen: its villages, one line each, as of each village's
/// last package; lines needing attention in red. Enter opens the village's copy read only; F5
/// imports packages from a folder, F7 writes the acknowledgements.
final class TownshipTableScreen: TableScreen<Noted<MemberOffice, Bool>> {
    /// The note is whether the village is late with its monthly report.
    typealias Row = Noted<MemberOffice, Bool>

    /// The mark of a village late with its monthly report.
    static let lateMark = Localized("迟", "L")

    static let cells: Cells<Row> = [
        "mark": { r, c in r.note ? c.t(lateMark) : needsAttention(r.record) ? c.t(S.alarm) : "" },
        "code": { r, _ in String(r.record.code.suffix(3)) },
        "name": { r, _ in r.record.name },
        "households": { r, _ in figure(r) { "\($0.households)" } },
        "groups": { r, _ in figure(r) { "\($0.groups)" } },
        "coverage": { r, _ in figure(r) { "\($0.householdsInGroups)/\($0.households)" } },
        "agreements": { r, _ in figure(r) { "\($0.agreementsInForce)/\($0.agreementsExpiring)" } },
        "pledgeRate": { r, _ in figure(r) { $0.pledgeAssessed > 0 ? "\($0.pledgeKept * 100 / $0.pledgeAssessed)%" : "—" } },
        "fulfilment": { r, _ in figure(r) { "\($0.fulfilmentDue)/\($0.fulfilmentOverdue)" } },
        "feedback": { r, _ in figure(r) { "\($0.feedbackOpen)/\($0.feedbackOverdue)" } },
        "stars": { r, _ in figure(r) { "\($0.stars)" } },
        "fourHaves": { r, _ in figure(r) { "\($0.fourHaves)/4" } },
        // Month and day: the column is narrow, and a package older than this year is late anyway.
        "lastPackage": { r, _ in r.record.lastPackageAt.map { String($0.prefix(10).dropFirst(5)) } ?? "—" },
    ]

    static func figure(_ r: Row, _ text: (OfficeFigures) -> String) -> String {
        r.record.figures.map(text) ?? "—"
    }

    /// Overdue fulfilment or overdue feedback: the township follows it up.
    static func needsAttention(_ m: MemberOffice) -> Bool {
        guard let f = m.figures else { return false }
        return f.fulfilmentOverdue > 0 || f.feedbackOverdue > 0
    }

    /// The office whose table this is.
    private var own: OfficeKey?

    init(_ context: AppContext) {
        super.init(context, spec: "township_table", cells: Self.cells, loadNow: false)
        own = try? context.db.ownKey()
        load()
    }

    override var title: String {
        guard let own, own.kind == .county else { return super.title }
        return context.t(Localized("各乡镇一览", "Townships"))
    }

    override func fetch() throws -> [Row] {
        let dueDay = ((try? context.db.calendarEntry(code: "monthly-report")) ?? nil)?.dueDay ?? MonthlyReporting.defaultDueDay
        return try context.db.memberOffices().map { m in
            let sent = m.lastPackageAt.flatMap { LocalDate(String($0.prefix(10))) }
            return Row(record: m, note: MonthlyReporting.isLate(lastPackage: sent, today: context.today, dueDay: dueDay))
        }
    }

    override func load() {
        super.load()
        let late = items.filter(\.note).count
        let attention = items.filter { !$0.note && Self.needsAttention($0.record) }.count
        let office = own.map { "\($0.name)（\($0.code)）" } ?? ""
        let count = own?.kind == .county ? Localized.count(items.count, "个乡镇", "township")
            : Localized.count(items.count, "个村", "village")
        let line = context.t(Localized("\(office)　\(count.zh)　迟报 \(late)　需督办 \(attention)　截至 \(context.today)",
                                       "\(office)  \(count.en), \(late) late, \(attention) to follow up, on \(context.today)"))
        header = [(line, late + attention > 0 ? Style(.error, bold: true) : Style(.normal, bold: true))]
    }

    override func rowId(_ r: Row) -> Int64 { Int64(r.record.code) ?? 0 }
    override var openLabel: Localized? {
        own?.kind == .county ? Localized("查看该乡镇", "Open township") : Localized("查看该村", "Open village")
    }

    /// The selected village in full: its code, its last package and when it arrived.
    override func footer() -> [String] {
        guard let m = selected?.record else { return [] }
        let sent = m.lastSeq > 0
            ? context.t(Localized("第 \(m.lastSeq) 号包，写于 \(m.lastPackageAt.map { String($0.prefix(10)) } ?? "")",
                                  "package \(m.lastSeq), written \(m.lastPackageAt.map { String($0.prefix(10)) } ?? "")"))
            : context.t(Localized("尚未报送", "nothing sent yet"))
        let late = selected?.note == true ? context.t(Localized("　迟报", "  late")) : ""
        return ["\(m.code) \(m.name)　" + sent + late]
    }

    /// F4: the township's evaluations of the selected village (乡镇评估), recorded against the
    /// households of its copy and sent down with its acknowledgement; F5 imports; F7 acknowledges.
    override var listCommands: [Command] {
        let evaluate: [Command] = own?.kind == .township ? [Command("F4", Localized("乡镇评估", "Evaluate")) { [unowned self] in
            guard let m = selected?.record else { return .none }
            guard m.lastSeq > 0 else {
                return refuse(Localized("还没有收到\(m.name)的数据包", "No package from \(m.name) has arrived yet"))
            }
            return .push(SurveyRoundListScreen(context, book: TownshipSurveyBook(township: context.db, villageCode: m.code,
                                                                                   villageName: m.name)))
        }] : []
        // Short English labels: the key bar keeps F7 at 80 columns.
        return evaluate + [.write("F5", Localized("导入数据包", "Import")) { [unowned self] in
            .push(PackageFolderScreen(context, purpose: .importPackages))
         },
         .write("F7", Localized("写出回执", "Acknowledge")) { [unowned self] in
             .push(PackageFolderScreen(context, purpose: .writeAcknowledgements))
         }]
    }

    /// Enter: the village's copy, on its own main menu, read only and masked.
    override func open(_ r: Row) -> Action {
        let m = r.record
        guard m.lastSeq > 0 else {
            return refuse(Localized("还没有收到\(m.name)的数据包", "No package from \(m.name) has arrived yet"))
        }
        do {
            let copy = try context.db.openVillageCopy(m.code)
            let copyContext = AppContext(db: copy, language: context.language, catalog: context.catalog, today: context.today)
            copyContext.copyOf = VillageCopyNote(office: m, holder: own?.name ?? "")
            copyContext.bodySize = context.bodySize
            copyContext.progressSink = context.progressSink
            return .push(VillageCopyMenuScreen(copyContext))
        } catch {
            return .message(Message(context.describe(error), kind: .error))
        }
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        super.render(into: &grid, in: rect)
        let marks = [context.t(S.alarm), context.t(Self.lateMark)]
        redrawAlarmRows(into: &grid, in: rect) { marks.contains($0.cells.first ?? "") }
    }
}

/// A village's main menu and dashboard on the township's copy of it: every screen read only,
/// numbers masked. 0 and Esc go back to the township's table.
final class VillageCopyMenuScreen: MainMenuScreen {
    override init(_ context: AppContext) {
        super.init(context)
        if let i = menu.items.firstIndex(where: { $0.id == "quit" }) {
            menu.items[i].label = context.t(Localized("返回各村一览", "Back to the villages"))
        }
    }

    /// "示范镇的副本 · 第 3 号包 · 2026-12-07".
    override var title: String {
        guard let note = context.copyOf else { return super.title }
        return context.t(Localized("\(note.holder)的副本 · \(note.asOf.zh)", "\(note.holder)'s copy · \(note.asOf.en)"))
    }

    override var commands: [Command] {
        [Command("↑↓", S.choose), Command("Enter", S.open, keys: []),
         Command("a–k", Localized("查看概况", "Open a figure"), keys: []),
         Command("0/Esc", Localized("返回各村一览", "Back to the villages"), keys: [])]
    }

    override func open(_ id: String) -> Action {
        switch id {
        case "quit": return .popDiscarding
        case "system":
            return refuse(Localized("这是乡镇保存的副本：系统管理在村里办理", "This is the township's copy: system work is done in the village"))
        default: return super.open(id)
        }
    }
}

/// The folder packages are read from or written to (a USB stick), remembered for next time;
/// saving does the work and shows each package's outcome.
final class PackageFolderScreen: FormScreen {
    enum Purpose {
        /// A township takes in its villages' packages; a village its township's.
        case importPackages
        /// A township writes each village's acknowledgement.
        case writeAcknowledgements
        /// A village writes its package.
        case writePackage
        /// A village writes the packages the township has not acknowledged again, as one new
        /// package (one of them was lost on the way).
        case resendPackages

        var title: Localized {
            switch self {
            case .importPackages: Localized("导入数据包", "Import packages")
            case .writeAcknowledgements: Localized("写出回执", "Write acknowledgements")
            case .writePackage: Localized("写出数据包", "Write the package")
            case .resendPackages: Localized("重写丢失的包", "Write lost packages again")
            }
        }
    }

    let purpose: Purpose

    init(_ context: AppContext, purpose: Purpose) {
        self.purpose = purpose
        super.init(context, spec: "exchange_folder_form", values: ["folder": context.lastPackageFolder])
        form.markClean()
    }

    override var title: String { context.t(purpose.title) }
    /// A folder typed is not work to keep: Esc leaves without asking, and no draft is kept.
    override var hasUnsavedChanges: Bool { false }

    override var commands: [Command] {
        [saveCommand(purpose == .importPackages ? Localized("导入", "Import") : Localized("写出", "Write")), escCommand]
    }

    override func save() throws -> Action {
        let typed = text("folder")
        let folder = (typed as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.invalid([FieldError(field: "folder", message: Localized("没有这个文件夹：\(typed)", "No such folder: \(typed)"))])
        }
        try? context.db.setSetting(AppContext.packageFolderSetting, typed)
        form.markClean()
        switch purpose {
        case .importPackages: return try importAll(from: folder)
        case .writeAcknowledgements:
            let written = try context.db.writeDownPackages(into: folder, today: context.today)
            if written.isEmpty {
                return .sequence([.popDiscarding, refuse(Localized("还没有村报送过数据包，未写出", "No village has sent a package yet; nothing written"))])
            }
            let lines = written.map { context.t(Localized("已写出：", "Written: ")) + $0.path }
            return .replace(TextViewScreen(context, title: title, text: lines.joined(separator: "\n")))
        case .writePackage, .resendPackages:
            // Written again from the first package not acknowledged: the township takes it
            // whichever of those it lacks.
            let resend = purpose == .resendPackages ? try context.db.exchangeStatus().acknowledged + 1 : nil
            let p = try context.db.writeVillagePackage(into: folder, today: context.today, resend: resend)
            let what = p.full ? Localized("全部记录", "all records") : Localized("第 \(p.since) 条日志以来的变化", "changes since entry \(p.since)")
            let instead = p.replaces.map { Localized("代替\($0.packages.zh)；", "in place of \($0.packages.en); ") } ?? Localized("", "")
            let done = Localized("第 \(p.seq) 号包已写出：\(p.path)（\(instead.zh)\(what.zh)，\(p.bytes) 字节）",
                                 "Package \(p.seq) written: \(p.path) (\(instead.en)\(what.en), \(p.bytes) bytes)")
            return .sequence([.popDiscarding, .message(Message(context.t(done)))])
        }
    }

    /// Every package in the folder, in name order (a village's in sequence), each on its own:
    /// one refused does not stop the rest. A village takes only those addressed to it. At a
    /// township, packages from a village not registered yet whose package carries its key wait
    /// for a question to an administrator (see `askToRegister`).
    func importAll(from folder: String) throws -> Action {
        let village = try? context.db.ownKey()
        let isVillage = village?.kind == .village
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix("." + PackageName.fileExtension) }
            .filter { !isVillage || $0.contains("-to\(village?.code ?? "")-") }
            .sorted()
        guard !names.isEmpty else {
            throw StoreError.invalid([FieldError(field: "folder", message: Localized(
                "此文件夹中没有数据包（.cxp）", "There are no packages (.cxp) in this folder"))])
        }
        var outcomes: [ImportOutcome] = []
        for (i, name) in names.enumerated() {
            context.progress(Localized("导入数据包", "Importing packages"), i, names.count)
            let path = (folder as NSString).appendingPathComponent(name)
            var said = outcome(of: path, name: name, isVillage: isVillage)
            var newSender: OfficeKey?
            // Registering is an administrator's: anyone else sees the refusal, which says how.
            if !isVillage, said.refused, context.db.may(.settings), let data = FileManager.default.contents(atPath: path),
               let key = try? context.db.senderKey(ofPackage: data) {
                newSender = key
                said.text = context.t(Localized("\(key.name)（\(key.code)）未登记，待核对指纹", "\(key.name) (\(key.code)): not registered, fingerprint to be compared"))
            }
            outcomes.append(ImportOutcome(name: name, path: path, text: said.text, newSender: newSender))
        }
        context.progress(Localized("导入数据包", "Importing packages"), names.count, names.count)
        return .sequence([.replace(TextViewScreen(context, title: title, text: Self.lines(outcomes))), askToRegister(outcomes)])
    }

    /// A package's file and what became of it; `newSender` is the key carried by a package from a
    /// village not registered yet.
    struct ImportOutcome {
        var name: String
        var path: String
        var text: String
        var newSender: OfficeKey?
    }

    /// The file's name on a line of its own, its outcome under it: the lines then fit the screen.
    static func lines(_ outcomes: [ImportOutcome]) -> String {
        outcomes.flatMap { [$0.name, "  " + $0.text] }.joined(separator: "\n")
    }

    /// The first village not registered whose package carries its key: its name, code and
    /// fingerprint, and 「与村里电话核对指纹后，按 Y 登记此村并导入」. Y registers it from its first
    /// package and imports its packages in order, then asks about the next such village; N (or
    /// Esc) leaves it, and any after it, for another time.
    func askToRegister(_ outcomes: [ImportOutcome]) -> Action {
        guard let key = outcomes.lazy.compactMap(\.newSender).first else { return .none }
        let question = Localized(
            "\(key.name)（\(key.code)）尚未登记。\n包中带有其公钥，指纹：\n\(key.fingerprint)\n与村里电话核对指纹后，按 Y 登记此村并导入",
            "\(key.name) (\(key.code)) is not registered.\nIts package carries its key, fingerprint:\n\(key.fingerprint)\nCompare the fingerprint with the village by telephone, then press Y to register it and import")
        // The form is replaced by the outcomes before the answer: the question holds the screen.
        return .confirm(context.t(question)) { [self] in
            var outcomes = outcomes
            for i in outcomes.indices where outcomes[i].newSender == key {
                outcomes[i].newSender = nil
                outcomes[i].text = registerAndImport(outcomes[i])
            }
            return .sequence([.replace(TextViewScreen(context, title: title, text: Self.lines(outcomes))), askToRegister(outcomes)])
        }
    }

    /// Registers the village from the first of its packages, imports the rest as any package.
    private func registerAndImport(_ o: ImportOutcome) -> String {
        guard let data = FileManager.default.contents(atPath: o.path) else { return context.t(Localized("无法读取文件", "cannot read the file")) }
        do {
            guard (try? context.db.senderKey(ofPackage: data)) != nil else {
                return context.t(try context.db.importUpPackage(data, fileName: o.name, today: context.today).said)
            }
            let done = try context.db.addMember(fromPackage: data, fileName: o.name, today: context.today)
            return context.t(Localized("已登记；", "registered; ")) + context.t(done.said)
        } catch {
            return context.t(Localized("拒收：", "refused: ")) + context.describe(error)
        }
    }

    /// One package's outcome, in words: imported, imported before, or refused with the reason.
    func outcome(of path: String, name: String, isVillage: Bool) -> (text: String, refused: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (context.t(Localized("无法读取文件", "cannot read the file")), true)
        }
        do {
            let done = isVillage ? try context.db.importDownPackage(data)
                : try context.db.importUpPackage(data, fileName: name, today: context.today)
            return (context.t(done.said), false)
        } catch {
            return (context.t(Localized("拒收：", "refused: ")) + context.describe(error), true)
        }
    }
}

extension ClosedRange<Int> {
    /// "第 3 号包", "第 3–4 号包"; "package 3", "packages 3–4".
    var packages: Localized {
        count == 1 ? Localized("第 \(lowerBound) 号包", "package \(lowerBound)")
            : Localized("第 \(lowerBound)–\(upperBound) 号包", "packages \(lowerBound)–\(upperBound)")
    }
}

extension ImportedPackage {
    /// What importing the package did, in words (the CLI ends it with a full stop).
    var said: Localized {
        switch self {
        case .imported(let code, let from, let seq, let entries):
            Localized("\(from)（\(code)）第 \(seq) 号包已导入，\(entries) 条", "package \(seq) of \(from) (\(code)) imported, \(entries) entries")
        case .alreadyImported(let code, let from, let seq):
            Localized("\(from)（\(code)）第 \(seq) 号包此前已导入，未做改动", "package \(seq) of \(from) (\(code)) was imported before; nothing changed")
        case .contained(let code, let from, let seq):
            Localized("\(from)（\(code)）第 \(seq) 号包已由其后重写的包代替，其内容都已导入，未做改动",
                      "package \(seq) of \(from) (\(code)) was replaced by one written again after it, and all it holds is in; nothing changed")
        }
    }
}

/// 数据包报送 on a village: write the package, import the township's, show the fingerprints.
final class ExchangeMenuScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "exchange_menu")
    }

    override func open(_ id: String) -> Action {
        switch id {
        case "export": return .push(PackageFolderScreen(context, purpose: .writePackage))
        case "import": return .push(PackageFolderScreen(context, purpose: .importPackages))
        case "keys": return .push(TextViewScreen(context, title: context.t(Localized("密钥指纹", "Key fingerprints")), text: keysText()))
        case "resend": return .push(PackageFolderScreen(context, purpose: .resendPackages))
        default: return .none
        }
    }

    /// The village's fingerprint and its township's, to read to each other over the telephone.
    func keysText() -> String {
        guard let own = try? context.db.ownKey() else {
            return context.t(Localized("本村还没有密钥：请管理员运行 chengxin village key",
                                       "The village has no keys yet: an administrator runs chengxin village key"))
        }
        var lines = [context.t(Localized("本村 \(own.name)（\(own.code)）", "This village: \(own.name) (\(own.code))")),
                     context.t(Localized("  指纹 ", "  fingerprint ")) + own.fingerprint, ""]
        if let status = try? context.db.exchangeStatus() {
            if let up = status.upstream {
                lines.append(context.t(Localized("报送至 \(up.name)（\(up.code)）", "Sends to \(up.name) (\(up.code))")))
                lines.append(context.t(Localized("  指纹 ", "  fingerprint ")) + up.fingerprint)
            } else {
                lines.append(context.t(Localized("尚未信任乡镇的公钥：请管理员运行 chengxin exchange trust",
                                                 "No township key trusted yet: an administrator runs chengxin exchange trust")))
            }
            lines.append("")
            lines.append(context.t(Localized("已写出 \(status.sent) 个包，乡镇已确认 \(status.acknowledged) 个",
                                             "Packages written: \(status.sent); acknowledged: \(status.acknowledged)")))
            if status.sent > status.acknowledged {
                let waiting = (status.acknowledged + 1 ... status.sent).packages
                lines.append(context.t(Localized("尚未确认：\(waiting.zh)（乡镇若说缺包，用 4 重写）",
                                                 "Not yet acknowledged: \(waiting.en) (if the township says one is missing, 4 writes them again)")))
            }
        }
        return lines.joined(separator: "\n")
    }
}
