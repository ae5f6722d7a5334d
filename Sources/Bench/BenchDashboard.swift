import App
import Domain
import Foundation
import Store

extension BenchRun {
    /// The main screen's figures read on the county: `dashboard(on:)`, every line of it
    /// (groups, agreements, pledges, fulfilment, feedback, stars, 四有, review measures).
    mutating func measureDashboard(_ db: AppDatabase, context: AppContext) throws {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = monotonicSeconds()
            _ = try db.dashboard(on: context.today)
            samples.append(monotonicSeconds() - start)
        }
        rows.append(BenchRow(label: Localized("主界面概况：读取全部数字（含评议整改）", "Main screen figures: every figure read (review measures included)"),
                             samples: samples, baseline: [], baselineLabel: Localized("—", "—"), budget: 0.150, unit: .seconds))
    }
}
