import App
import Domain
import Foundation
import Store

extension BenchRun {
    // MARK: Output

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        let sorted = xs.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(0, rank), sorted.count - 1)]
    }

    func format(_ x: Double, _ unit: BenchUnit) -> String {
        if x.isNaN { return "—" }
        switch unit {
        case .seconds: return x >= 1 ? String(format: "%.2f s", x) : String(format: "%.1f ms", x * 1000)
        case .bytes, .count: return String(format: "%.0f", x)
        case .megabytes: return String(format: "%.1f MB", x)
        }
    }

    func printTable() {
        let header = en ? ["Figure", "min", "median", "p99", "baseline (median)", "ratio", "budget", "result"]
                        : ["项目", "最小", "中位", "p99", "基线（中位）", "比值", "预算", "结果"]
        var table: [[String]] = []
        var footnotes: [String] = []
        for r in rows {
            let p99 = Self.percentile(r.samples, 0.99)
            let median = Self.percentile(r.samples, 0.5)
            let base = Self.percentile(r.baseline, 0.5)
            let ratio = base.isNaN || base == 0 ? Double.nan : median / base
            var result = "—"
            var budgetText = "—"
            if let b = r.budget {
                budgetText = "< " + format(b, r.unit)
                var pass = p99 < b
                if let rb = r.ratioBudget {
                    budgetText += en ? String(format: ", ≤ %.0f×", rb) : String(format: "，≤ %.0f×", rb)
                    if !ratio.isNaN { pass = pass && ratio <= rb }
                }
                result = pass ? "PASS" : "MISS"
            }
            table.append([t(r.label), format(r.samples.min() ?? .nan, r.unit), format(median, r.unit), format(p99, r.unit),
                          format(base, r.unit == .bytes ? .count : r.unit) + (r.baseline.isEmpty ? "" : "（\(t(r.baselineLabel))）"),
                          ratio.isNaN ? "—" : String(format: "%.1f×", ratio), budgetText, result])
            if let note = r.note { footnotes.append("· " + t(r.label) + "：" + t(note)) }
        }
        print("")
        print(alignedTable(header, table, rightAligned: [1, 2, 3, 5]))
        for f in footnotes + notes.map({ "· " + $0 }) { print(f) }
        print(en ? "Samples per figure: \(runs) runs (per keystroke / per move figures: every key of every run)."
                 : "每项样本：\(runs) 次（逐键、逐行的项目为每次的每个按键）。")
    }
}
