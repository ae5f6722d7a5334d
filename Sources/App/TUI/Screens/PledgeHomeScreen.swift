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
            status.append((context.t(Localized("\(round.name)：事项守信率 \(rates.items.text)，户守信率 \(rates.households.text)",
                                               "\(round.name): items kept \(rates.items.text), households kept \(rates.households.text)")),
                           Style(.dim)))
        }
        if let overdue = try? context.db.overdueEntitlements(on: context.today), !overdue.isEmpty {
            status.append((context.t(Localized("！\(overdue.count) 项政策逾期未兑现，见“逾期未兑现”",
                                               "! Overdue entitlements: \(overdue.count); see Overdue")), Style(.error)))
        }
    }

    override func didReappear() { readStatus() }

    override func open(_ id: String) -> Action {
        switch id {
        case "pledgeItems": return .push(PledgeItemListScreen(context))
        case "pledges": return .push(PledgeListScreen(context))
        case "rounds": return .push(CheckRoundListScreen(context))
        case "policies": return .push(PolicyListScreen(context))
        case "ledger": return .push(LedgerListScreen(context))
        case "summary": return .push(FulfilmentSummaryScreen(context))
        case "overdue": return .push(OverdueListScreen(context))
        default: return .none
        }
    }

    override func render(into grid: inout Grid, in rect: Rect) {
        menu.render(into: &grid, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 4))
        for (i, line) in status.enumerated() {
            grid.put(line.0, x: rect.x + 2, y: rect.y + rect.height - 3 + i, maxWidth: rect.width - 4, style: line.1)
        }
    }
}
