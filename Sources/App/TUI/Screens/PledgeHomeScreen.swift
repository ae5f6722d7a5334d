import Domain
import Store
import UICore

/// The home of pledges and fulfilment (承诺与兑现): a menu of its lists.
final class PledgeHomeScreen: MenuScreen {
    init(_ context: AppContext) {
        super.init(context, spec: "pledge_menu")
        readStatus()
    }

    /// One line of where things stand: the latest round's rates and what is overdue.
    var status: [(String, Style)] = []

    /// Reads the status lines: when the menu opens and when it comes back.
    func readStatus() {
        status = []
        if let round = (try? context.db.checkRounds())?.first,
           let rates = try? context.db.rates(roundId: round.id, scope: .village) {
            status.append((context.t(Localized("\(round.name)：事项守信率 \(rates.items.text(.zh))，户守信率 \(rates.households.text(.zh))",
                                               "\(round.name): items kept \(rates.items.text(.en)), households kept \(rates.households.text(.en))")),
                           Style(.dim)))
        }
        if let overdue = try? context.db.overdueEntitlements(on: context.today), !overdue.isEmpty {
            status.append((context.t(Localized("！\(overdue.count) 项政策逾期未兑现，见“逾期未兑现”",
                                               "! Overdue entitlements: \(overdue.count); see Overdue")), Style(.error)))
        }
    }

    override func didReappear() { readStatus() }

    override func screen(for id: String) -> (any Screen)? {
        switch id {
        case "pledgeItems": PledgeItemListScreen(context)
        case "pledges": PledgeListScreen(context)
        case "rounds": CheckRoundListScreen(context)
        case "policies": PolicyListScreen(context)
        case "ledger": LedgerListScreen(context)
        case "summary": FulfilmentSummaryScreen(context)
        case "overdue": OverdueListScreen(context)
        case "rectification": RectificationListScreen(context)
        default: nil
        }
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 4))
        for (i, line) in status.enumerated() {
            grid.put(line.0, x: rect.x + 2, y: rect.y + rect.height - 3 + i, maxWidth: rect.width - 4, style: line.1)
        }
    }
}
