import Domain
import Store

/// The report of `AppDatabase.verify()` in words of the interface language, for
/// `chengxin verify` and the system menu's integrity check. Rows are named the way
/// the audit log names them: 「人员 #1」, "person #1".
struct VerifyText {
    /// Names tables and actions as the audit log does.
    let names: AuditText
    var language: Language { names.language }

    init(catalog: ScreenCatalog, language: Language) {
        names = AuditText(catalog: catalog, language: language)
    }

    /// 「！」 in Chinese, "! " in English: marks a line that needs attention.
    var alarm: String { language == .en ? "! " : "！" }

    /// One row out of step: 「人员 #1：在本程序之外被改动」, "person #1: changed outside the app".
    func finding(_ r: RowOutOfStep) -> String {
        let record = "\(names.table(r.table)) #\(r.rowId)"
        let colon = names.colon
        switch r.problem {
        case .changed:
            return record + colon + Localized("在本程序之外被改动", "changed outside the app").text(language)
        case .deleted:
            return record + colon + Localized("在本程序之外被删除", "deleted outside the app").text(language)
        case .noEntry:
            return record + colon + Localized("没有审计记录", "no audit entry").text(language)
        case .manifestChanged:
            return Localized("审计记录第 \(r.rowId) 条（导入）：导入的行清单在本程序之外被改动",
                             "Audit entry \(r.rowId) (import): its row manifest was changed outside the app").text(language)
        }
    }

    /// The whole report; at most `limit` rows out of step are listed, then how many more there are.
    func text(_ r: VerifyReport, limit: Int = 50) -> String {
        let l = language
        var lines: [String] = []
        lines.append(Localized("审计记录：\(r.entries) 条", "Audit entries: \(r.entries)").text(l))
        lines.append(Localized("数据库完整性：", "Database integrity: ").text(l)
                     + (r.integrity == ["ok"] ? Localized("正常", "ok").text(l)
                                               : r.integrity.joined(separator: l == .en ? "; " : "；")))
        if let e = r.firstBrokenEntry {
            let what = [e.at, e.username, names.action(e.action)].joined(separator: " ")
                + (e.table.isEmpty ? "" : " " + names.record(e))
            lines.append(Localized("！审计链在第 \(e.id) 条断开（\(what)）：该条或其后的记录被绕过程序改动",
                                   "! The chain breaks at entry \(e.id) (\(what)): it or a later entry was altered outside the app").text(l))
        } else {
            lines.append(Localized("审计链：完整", "Audit chain: whole").text(l))
        }
        for m in r.missingTriggers { lines.append(Localized("！缺少审计触发器：", "! Missing audit trigger: ").text(l) + m) }
        for row in r.rowsOutOfStep.prefix(limit) { lines.append(alarm + finding(row)) }
        if r.rowsOutOfStep.count > limit {
            let more = r.rowsOutOfStep.count - limit
            lines.append(Localized("……另有 \(more) 条", "… and \(more) more").text(l))
        }
        lines.append("")
        lines.append(r.isClean ? Localized("结论：未发现问题", "Result: no problems found").text(l)
                               : Localized("结论：发现问题，请从备份恢复或联系上级", "Result: problems found; restore a backup or ask for help").text(l))
        return lines.joined(separator: "\n")
    }
}

/// The report of `verify()` in words, or why it could not be made.
func verifyText(_ context: AppContext) -> String {
    do {
        return VerifyText(catalog: context.catalog, language: context.language).text(try context.db.verify())
    } catch {
        return context.describe(error)
    }
}
