import Domain
import Store
import UICore

final class FulfilmentSummaryScreen: Screen {
    let context: AppContext
    var summary: FulfilmentSummary?
    var top = 0

    init(_ context: AppContext) {
        self.context = context
        summary = try? context.db.fulfilmentSummary(on: context.today)
    }

    var title: String { context.t(Localized("兑现汇总", "Fulfilment summary")) }
    var helpLines: [String] {
        [context.t(Localized("全村应兑现与已兑现的对照：件数和金额（资金类），以及每项政策的情况。逾期：过了应兑现日期仍未兑现完毕。",
                             "Promised against delivered for the whole village, in count and money, and per policy. Overdue: past the due date and not delivered in full.")),
         context.t(Localized("上下键滚动。", "Up/Down scroll."))]
    }
    var commands: [Command] {
        [.eachKey("↑↓", Localized("滚动", "Scroll"), keys: [.up, .down]) { [unowned self] key in
            scroll(by: key == .up ? -1 : 1)
        },
         context.backCommand]
    }

    func didReappear() { summary = try? context.db.fulfilmentSummary(on: context.today) }

    /// ↑↓: the policy lines move by one, the last one staying on screen.
    func scroll(by step: Int) -> Action {
        top = min(max(0, (summary?.byPolicy.count ?? 0) - 1), max(0, top + step))
        return .none
    }

    /// Every key of this screen is a command.
    func handle(_ key: Key) -> Action { .none }

    func render(into grid: inout Grid, in rect: Rect) {
        let x = rect.x + 2
        let w = rect.width - 4
        guard let s = summary else {
            grid.put(context.t(Localized("（无法读取）", "(cannot read)")), x: x, y: rect.y, style: Style(.dim))
            return
        }
        let pct: (Int, Int) -> String = { a, b in b == 0 ? "—" : Rate.format(Double(a) * 100 / Double(b)) + "%" }
        let l = context.language
        var y = rect.y
        grid.put(context.t(Localized("截至 \(context.today)", "As of \(context.today)")), x: x, y: y, style: Style(.dim))
        y += 1
        grid.put(l == .en
                 ? "Entitlements \(s.dueCount), delivered \(s.deliveredCount) (\(pct(s.deliveredCount, s.dueCount))), overdue \(s.overdueCount)"
                 : "应兑现 \(s.dueCount) 项，已兑现 \(s.deliveredCount) 项（\(pct(s.deliveredCount, s.dueCount))），逾期 \(s.overdueCount) 项",
                 x: x, y: y, maxWidth: w, style: s.overdueCount > 0 ? Style(.normal, bold: true) : .normal)
        y += 1
        grid.put(l == .en
                 ? "Money promised \(Money.yuan(s.dueFen)) yuan, paid \(Money.yuan(s.deliveredFen)) yuan (\(pct(s.deliveredFen, s.dueFen)))"
                 : "应兑现资金 \(Money.yuan(s.dueFen)) 元，已兑现 \(Money.yuan(s.deliveredFen)) 元（\(pct(s.deliveredFen, s.dueFen))）",
                 x: x, y: y, maxWidth: w)
        y += 2
        let widths = [28, 6, 6, 6, 12, 12]
        let header = (l == .en ? ["Policy", "Due", "Done", "Late", "Promised", "Paid"]
                               : ["政策", "应兑现", "已兑现", "逾期", "应兑现(元)", "已兑现(元)"])
        let line: ([String]) -> String = { cells in
            cells.enumerated().map { i, c in TextWidth.pad(c, to: widths[i], align: i == 0 ? .left : .right) }.joined(separator: " ")
        }
        grid.fill(Rect(x: x, y: y, width: w, height: 1), style: Style(.header, bold: true))
        grid.put(line(header), x: x, y: y, maxWidth: w, style: Style(.header, bold: true))
        y += 1
        for p in s.byPolicy.dropFirst(top) {
            guard y < rect.y + rect.height else { break }
            let money = p.policy.kind == .money
            let cells = [p.policy.name, String(p.dueCount), String(p.deliveredCount),
                         p.overdueCount > 0 ? context.t(S.alarm) + "\(p.overdueCount)" : "0",
                         money ? Money.yuan(p.dueFen) : "—", money ? Money.yuan(p.deliveredFen) : "—"]
            grid.put(line(cells), x: x, y: y, maxWidth: w, style: p.overdueCount > 0 ? Style(.error) : .normal)
            y += 1
        }
        if s.byPolicy.isEmpty {
            grid.put(context.t(Localized("（尚无应兑现事项）", "(nothing due yet)")), x: x, y: y, style: Style(.dim))
        }
    }
}
