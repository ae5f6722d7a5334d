import Domain

/// The reports a village and a township print: the village's report of a month, a quarter or
/// a year (村级月报告单 and its kin) and the township's summary over its villages. Both are
/// laid out by display width like every printed document, in the language asked for.
public enum ReportDocuments {
    /// The report's title: 村级月报告单, the quarter's figures for the star review, the yearly summary.
    public static func title(_ period: ReportPeriod) -> Localized {
        switch period.kind {
        case .month: Localized("村级月报告单", "Village monthly report")
        case .quarter: Localized("村级季度报告单（星级评议用）", "Village quarterly figures (star review)")
        case .year: Localized("村级年度报告单", "Village yearly summary")
        }
    }

    /// The lines naming what the figures rest on: the village database as of the day, then
    /// any packages a township copy was built from.
    static func restsOn(_ f: MonthlyFigures, _ l: Language) -> [String] {
        [Localized("本村数据库，截至\(f.asOf.chineseText)", "the village database as of \(f.asOf)").text(l)] + f.restsOn
    }

    /// One village's report.
    public static func village(_ f: MonthlyFigures, language l: Language) -> Document {
        let title = "\(f.villageName)\(l == .en ? " — " : "")\(title(f.period).text(l))"
        var facts = [
            KeyValue(Localized("村", "Village").text(l), f.villageName),
            KeyValue(Localized("区划代码", "Village code").text(l), f.villageCode.isEmpty ? Localized("（未设置）", "(not set)").text(l) : f.villageCode),
            KeyValue(Localized("乡镇", "Township").text(l), f.township),
            KeyValue(Localized("县", "County").text(l), f.county),
            KeyValue(Localized("报告期", "Period").text(l), f.period.title(l)),
            KeyValue(Localized("统计截至", "Figures as of").text(l), l == .en ? f.asOf.description : f.asOf.chineseText),
        ]
        if f.period.kind == .year {
            facts.append(KeyValue(Localized("报送期限", "Due").text(l),
                                  Localized("\(f.period.yearlyDue.chineseText)前", "by \(f.period.yearlyDue)").text(l)))
        }
        var blocks: [Block] = [.heading(title, level: 1), .keyValues(facts)]
        for (i, line) in restsOn(f, l).enumerated() {
            blocks.append(.paragraph((i == 0 ? Localized("依据：", "Rests on: ").text(l) : "　　") + line, indent: false))
        }
        let columns = [DocumentColumn(Localized("项目", "Item").text(l), width: 44),
                       DocumentColumn(Localized("数值", "Value").text(l), width: 28, alignRight: true)]
        // One table, each section a row of its own, so the month fits on one page.
        let lines = f.lines
        let indent = l == .en ? "    " : "　　"
        blocks.append(.table(columns: columns, rows: ReportSection.allCases.flatMap { section in
            [[section.title.text(l), ""]] + lines.filter { $0.section == section }.map { [indent + $0.label.text(l), $0.shown.text(l)] }
        }))
        if !f.starCriteria.isEmpty {
            blocks.append(.heading(Localized("星级评议依据（按记录判断的标准）", "For the star review: the criteria the records decide").text(l), level: 3))
            blocks.append(.table(columns: [DocumentColumn(Localized("标准", "Criterion").text(l), width: 30),
                                           DocumentColumn(Localized("达到", "Met").text(l), width: 4),
                                           DocumentColumn(Localized("依据", "Evidence").text(l), width: 36)],
                                 rows: f.starCriteria.map {
                                     [Localized("\($0.level)星：", "Level \($0.level): ").text(l) + $0.label.text(l), ($0.met ? Localized("是", "yes") : Localized("否", "no")).text(l),
                                      $0.evidence.text(l)]
                                 }))
        }
        blocks.append(.space(1))
        blocks.append(.signatures([Localized("填报人", "Prepared by").text(l), Localized("村委会审核", "Checked by the committee").text(l)]))
        return Document(title: title, parts: [DocumentPart(title: title, blocks: blocks)])
    }

    /// The township's summary: a row per village, the totals, and what it rests on.
    public static func township(_ s: TownshipSummary, language l: Language) -> Document {
        let title = "\(s.township)\(l == .en ? " — " : "")\(Localized("村级报告汇总表", "summary of the villages' reports").text(l))"
        let t = s.totals
        var blocks: [Block] = [
            .heading(title, level: 1),
            .keyValues([
                KeyValue(Localized("乡镇", "Township").text(l), s.township),
                KeyValue(Localized("区划代码", "Code").text(l), s.code),
                KeyValue(Localized("报告期", "Period").text(l), s.period.title(l)),
                KeyValue(Localized("村数", "Villages").text(l), "\(s.villages.count)"),
            ]),
        ]
        func percent(_ r: Rate) -> String { r.percent.map { Rate.format($0) + "%" } ?? "—" }
        let columns = [
            DocumentColumn(Localized("村", "Village").text(l), width: 12),
            DocumentColumn(Localized("户数", "Hh.").text(l), width: 6, alignRight: true),
            DocumentColumn(Localized("入组率", "Cover").text(l), width: 6, alignRight: true),
            DocumentColumn(Localized("协议", "Agr.").text(l), width: 4, alignRight: true),
            DocumentColumn(Localized("守诺率", "Kept").text(l), width: 6, alignRight: true),
            DocumentColumn(Localized("兑现", "Paid").text(l), width: 10, alignRight: true),
            DocumentColumn(Localized("逾期", "Late").text(l), width: 4, alignRight: true),
            DocumentColumn(Localized("反馈", "Fdbk").text(l), width: 4, alignRight: true),
            DocumentColumn(Localized("星级", "Star").text(l), width: 4, alignRight: true),
            DocumentColumn(Localized("四有", "4-H").text(l), width: 4, alignRight: true),
        ]
        func row(_ name: String, _ f: MonthlyFigures, star: String, four: String) -> [String] {
            [name, "\(f.households)", percent(f.coverage), "\(f.agreementsInForce)", percent(f.pledgeRate),
             Money.yuan(f.deliveredFenInPeriod), "\(f.entitlementsOverdue)", "\(f.feedbackOpen)", star, four]
        }
        var rows = s.villages.map { row($0.villageName, $0, star: "\($0.starLevel)", four: "\($0.fourHavesCount)/4") }
        rows.append(row(Localized("合计", "Total").text(l), t, star: "", four: "\(s.villagesWithFourHaves)"))
        blocks.append(.table(columns: columns, rows: rows))
        blocks.append(.paragraph(Localized(
            "说明：兑现为本期兑现金额（元）；逾期为逾期未兑现的项数；反馈为未办结的反馈；合计行的四有为四有齐全的村数。",
            "Notes: Paid is the amount delivered in the period (yuan); Late, the benefits overdue; Fdbk, the feedback open; "
                + "the total's 4-H, the villages with all four.").text(l), indent: false))
        let stars = (0...3).map { i in "\(i == 0 ? Localized("无星级", "no star").text(l) : Localized("\(i)星", "\(i) star").text(l))：\(s.starVillages[i])" }
        blocks.append(.paragraph(Localized("星级村：", "Star villages: ").text(l) + stars.joined(separator: l == .en ? ", " : "，"), indent: false))
        blocks.append(.heading(Localized("合计", "Totals").text(l), level: 3))
        let totals = t.lines.filter { $0.section != .standing && $0.key != "checkRound" }
        blocks.append(.table(columns: [DocumentColumn(Localized("项目", "Item").text(l), width: 44),
                                       DocumentColumn(Localized("数值", "Value").text(l), width: 28, alignRight: true)],
                             rows: totals.map { [$0.label.text(l), $0.shown.text(l)] }))
        blocks.append(.heading(Localized("依据", "Rests on").text(l), level: 3))
        for v in s.villages {
            for line in restsOn(v, l) { blocks.append(.paragraph("\(v.villageName)：\(line)", indent: false)) }
        }
        return Document(title: title, parts: [DocumentPart(title: title, blocks: blocks)])
    }
}
