import Domain
import Foundation
import Store

/// The audit log in words people read: tables by their Chinese (or English) names and
/// changes as 「字段：旧→新」 with the field labels of the screen files. The log's own
/// text already has ID and phone numbers masked; this only rearranges it.
struct AuditText {
    let catalog: ScreenCatalog
    let language: Language
    /// Names the row a reference column points at (table, column, id), e.g. from
    /// `AppDatabase.referenceLabel`; without it references show as numbers.
    var names: ((String, String, Int64) -> String?)? = nil

    /// A name for every table of the schema ("" is an event that changes no row: sign-in, backup …).
    static let tableNames: [String: Localized] = [
        "agreement": Localized("协议", "agreement"),
        "agreement_template": Localized("协议范本", "agreement template"),
        "app_user": Localized("用户账户", "user account"),
        "calendar_done": Localized("日程已办登记", "calendar mark"),
        "calendar_entry": Localized("日程事项", "calendar entry"),
        "audit_log": Localized("审计日志", "audit log"),
        "import_batch": Localized("导入批次", "import batch"),
        "import_batch_row": Localized("导入前的记录", "row before an import"),
        "import_mapping": Localized("列对应方案", "column mapping"),
        "meeting": Localized("会议与走访", "meeting"),
        "meeting_attendee": Localized("参加人员", "meeting attendee"),
        "mentor_pairing": Localized("会员帮带", "mentor pairing"),
        "check_round": Localized("检查轮次", "check round"),
        "draft": Localized("未存草稿", "draft"),
        "election": Localized("组长选举", "leader election"),
        "election_candidate": Localized("选举候选人", "election candidate"),
        "entitlement": Localized("应兑现", "entitlement"),
        "feedback": Localized("信息反馈", "feedback"),
        "fulfilment": Localized("兑现登记", "fulfilment"),
        "group_member": Localized("小组成员", "group member"),
        "honesty_group": Localized("诚信计生小组", "honesty group"),
        "household": Localized("户", "household"),
        "household_pledge": Localized("户承诺", "household pledge"),
        "household_pledge_item": Localized("户承诺事项", "pledged item"),
        "person": Localized("人员", "person"),
        "person_merge": Localized("人员合并", "person merge"),
        "person_name_char": Localized("姓名索引", "name index"),
        "person_not_duplicate": Localized("不是重复的两人", "pair not duplicate"),
        "rectification_case": Localized("失信整改", "rectification of a broken pledge"),
        "pledge_check": Localized("承诺检查", "pledge check"),
        "pledge_item": Localized("承诺事项", "pledge item"),
        "policy": Localized("奖扶政策", "policy"),
        "review_finding": Localized("评议问题", "review finding"),
        "review_measure": Localized("评议整改", "review measure"),
        "rule_document": Localized("制度文件", "rule document"),
        "setting": Localized("设置", "setting"),
        "signature": Localized("协议签字", "signature"),
        "star_criterion": Localized("星级标准", "star criterion"),
        "star_review": Localized("星级评定", "star review"),
        "survey_answer": Localized("调查回答", "survey answer"),
        "survey_discussion": Localized("座谈", "survey discussion"),
        "survey_item": Localized("问卷题目", "questionnaire item"),
        "survey_item_answer": Localized("问卷答案", "item answer"),
        "survey_sample": Localized("调查抽样", "survey sample"),
        "survey_round": Localized("满意度调查", "survey round"),
        "village": Localized("村", "village"),
        "village_group": Localized("社/组", "village group"),
    ]

    /// The record kind whose screen files label a table's fields.
    static let recordKinds: [String: RecordKind] = [
        "village": .village, "village_group": .villageGroup, "household": .household, "person": .person,
        "honesty_group": .honestyGroup, "group_member": .groupMember, "election": .election,
        "agreement": .agreement, "signature": .signature, "app_user": .account, "pledge_item": .pledgeItem,
        "household_pledge": .householdPledge, "check_round": .checkRound, "pledge_check": .pledgeCheck,
        "policy": .policy, "entitlement": .ledger, "fulfilment": .ledger, "survey_round": .surveyRound,
        "survey_answer": .surveyAnswer, "star_review": .starReview, "rule_document": .ruleDocument,
        "feedback": .feedback, "survey_discussion": .surveyDiscussion, "review_measure": .reviewMeasure,
        "review_finding": .reviewMeasure, "meeting": .meeting, "mentor_pairing": .mentorPairing,
        "calendar_entry": .calendarEntry, "calendar_done": .deadline,
    ]

    /// Labels for the columns no form shows: keys to other records and bookkeeping
    /// ("table.column" where a column name means different things in different tables).
    static let commonLabels: [String: Localized] = [
        "id": Localized("编号", "id"),
        "village_id": Localized("村", "village"),
        "village_group_id": Localized("社", "village group"),
        "household_id": Localized("户", "household"),
        "person_id": Localized("人员", "person"),
        "head_person_id": Localized("户主", "head"),
        "group_id": Localized("小组", "group"),
        "agreement_id": Localized("协议", "agreement"),
        "template_id": Localized("协议范本", "template"),
        "round_id": Localized("轮次", "round"),
        "policy_id": Localized("政策", "policy"),
        "entitlement_id": Localized("应兑现", "entitlement"),
        "election_id": Localized("选举", "election"),
        "meeting_id": Localized("会议", "meeting"),
        "honesty_group_id": Localized("诚信计生小组", "honesty group"),
        "helper_person_id": Localized("帮带人", "helper"),
        "woman_person_id": Localized("被帮带妇女", "woman helped"),
        "deleted_on": Localized("删除日期", "deleted on"),
        "item_id": Localized("事项", "item"),
        "pledge_id": Localized("户承诺", "pledge"),
        "user_id": Localized("用户", "user"),
        "created_at": Localized("建立时间", "created"),
        "updated_at": Localized("修改时间", "changed"),
        "failed_count": Localized("连续登录失败次数", "failed sign-ins"),
        "file": Localized("文件", "file"), "sha256": Localized("文件的 SHA-256", "SHA-256 of the file"),
        "households": Localized("户数", "households"), "persons": Localized("人数", "persons"),
        "first_number": Localized("首户号", "first household"), "last_number": Localized("末户号", "last household"),
        "name_pinyin": Localized("姓名拼音", "name pinyin"),
        "name_initials": Localized("姓名首字母", "name initials"),
        "locked_until": Localized("锁定至", "locked until"),
        "voided_on": Localized("作废日期", "voided on"),
        "other_person_id": Localized("另一人", "other person"),
        "kept_person_id": Localized("保留的人员", "kept person"),
        "merged_person_id": Localized("并入的人员", "merged person"),
        "merged_name": Localized("并入人员姓名", "merged person's name"),
        "merged_household_number": Localized("并入人员的户", "merged person's household"),
        "merged_on": Localized("合并日期", "merged on"), "merged_by": Localized("合并人", "merged by"),
        "moved_refs": Localized("改过的引用", "references moved"),
        "kept_changes": Localized("保留人员取用的字段", "fields taken by the kept person"),
        "undone_on": Localized("撤销日期", "undone on"), "undone_by": Localized("撤销人", "undone by"),
        "key": Localized("设置项", "key"),
        "value": Localized("值", "value"),
        "list": Localized("列表", "list"), "rows": Localized("行数", "rows"), "numbers": Localized("号码", "numbers"),
        "is_hardship": Localized("生活困难", "hardship"), "is_conditional": Localized("守信优惠", "for keeping"),
        "eligible_family": Localized("家庭类型", "family"), "needs_association_member": Localized("须协会会员", "association member"),
        "min_age": Localized("年龄下限", "lowest age"), "max_age": Localized("年龄上限", "highest age"),
        "needs_hardship": Localized("须生活困难", "hardship needed"), "star_shares": Localized("按星级比例", "share by stars"),
        "min_base_fen": Localized("起付基数（分）", "lowest base (fen)"), "base_fen": Localized("基数（分）", "base (fen)"),
        "answer_id": Localized("调查回答", "survey answer"), "finding_id": Localized("评议问题", "finding"),
        "position": Localized("题号", "item number"), "text_zh": Localized("题目", "item"),
        "text_en": Localized("题目（英文）", "item (English)"), "right_answer": Localized("正确答案", "right answer"),
        "review_finding.text": Localized("发现的问题", "finding"), "survey_item.kind": Localized("类别", "kind"),
        "entry_id": Localized("日程事项", "calendar entry"), "start_on": Localized("开始", "start"),
        "due_on": Localized("期限", "due"), "sort_order": Localized("顺序", "order"), "body": Localized("正文", "text"),
    ]

    /// Stored codes in words, by column, or "table.column" where a column name means
    /// different things in different tables. Flags (0/1) read 是/否.
    static let valueLabels: [String: [String: Localized]] = {
        func labels<E: RawRepresentable & CaseIterable>(_ e: E.Type, _ label: (E) -> Localized) -> [String: Localized]
            where E.RawValue == String {
            Dictionary(uniqueKeysWithValues: E.allCases.map { ($0.rawValue, label($0)) })
        }
        let flag = ["0": Localized("否", "no"), "1": Localized("是", "yes")]
        return [
            "sex": labels(Sex.self, \.label), "relation": labels(Relation.self, \.label),
            "former_head_relation": labels(Relation.self, \.label),
            "marital_status": labels(MaritalStatus.self, \.label), "migrant_status": labels(MigrantStatus.self, \.label),
            "satisfaction": labels(Satisfaction.self, \.label), "role": labels(Role.self, \.label),
            "conductor": labels(SurveyConductor.self, \.label), "result": labels(CheckResult.self, \.label),
            "failure_action": labels(StarFailureAction.self, \.label), "recurrence": labels(Recurrence.self, \.label),
            "feedback.status": labels(FeedbackStatus.self, \.label), "feedback.source": labels(FeedbackSource.self, \.label),
            "agreement.state": labels(AgreementState.self, \.label), "signature.kind": labels(SignatureKind.self, \.label),
            "policy.level": labels(PolicyLevel.self, \.label), "policy.kind": labels(PolicyKind.self, \.label),
            "rule_document.kind": labels(RuleDocumentKind.self, \.label), "meeting.kind": labels(MeetingKind.self, \.label),
            "schedule": labels(CalendarSchedule.self, \.label), "evidence": labels(CalendarEvidence.self, \.label),
            "anonymous": flag, "aware": flag, "is_association_member": flag, "is_default": flag, "is_retired": flag,
            "passed": flag, "disabled": flag, "is_hardship": flag, "is_conditional": flag, "needs_association_member": flag,
            "needs_hardship": flag, "eligible_family": labels(FamilyCondition.self, \.label),
            "right_answer": flag,
            "survey_item.kind": labels(SurveyItemKind.self, \.label),
            "survey_item_answer.value": ["yes": Localized("是", "yes"), "no": Localized("否", "no")]
                .merging(labels(Satisfaction.self, \.label)) { a, _ in a },
            "app_user.disabled": ["0": Localized("正常", "enabled"), "1": Localized("停用", "disabled")],
            "numbers": ["full": Localized("完整（未隐去）", "in full (not masked)")],
        ]
    }()

    static let actionNames: [String: Localized] = [
        "insert": Localized("新增", "insert"), "update": Localized("修改", "update"), "delete": Localized("删除", "delete"),
        "baseline": Localized("起点", "baseline"), "reveal": Localized("查看号码", "reveal"),
        "sign-in": Localized("登录", "sign in"), "sign-in failed": Localized("登录失败", "failed sign-in"),
        "backup": Localized("备份", "backup"), "import": Localized("导入", "import"),
        "export": Localized("导出", "export"),
    ]

    /// Between a field and its value: 「住址：…」, "Address: …".
    var colon: String { language == .en ? ": " : "：" }

    /// Reference names read from `db`, each looked up once.
    static func names(_ db: AppDatabase) -> (String, String, Int64) -> String? {
        final class Cache { var labels: [String: String?] = [:] }
        let cache = Cache()
        return { table, column, id in
            let key = "\(table).\(column).\(id)"
            if let known = cache.labels[key] { return known }
            let label = (try? db.referenceLabel(table: table, column: column, id: id)) ?? nil
            cache.labels[key] = label
            return label
        }
    }

    func action(_ a: String) -> String { Self.actionNames[a]?.text(language) ?? a }

    /// "户", or the raw name for a table added after this list.
    func table(_ t: String) -> String { Self.tableNames[t]?.text(language) ?? t }

    /// "户 #12".
    func record(_ e: AuditEntry) -> String {
        e.rowId.map { "\(table(e.table)) #\($0)" } ?? table(e.table)
    }

    /// The label of a column: the screen files' label for the field, a common label, else the column name.
    func field(_ column: String, of table: String) -> String {
        let key = Self.camelCase(column)
        if let kind = Self.recordKinds[table] {
            let specs = catalog.specs.values.filter { $0.record == kind }.sorted { $0.id < $1.id }
            for s in specs {
                if let f = s.fields?.first(where: { $0.key == key }) { return f.label.text(language) }
            }
            for s in specs {
                if let c = s.columns?.first(where: { $0.key == key }), !c.title.text(language).isEmpty {
                    return c.title.text(language)
                }
            }
        }
        return (Self.commonLabels["\(table).\(column)"] ?? Self.commonLabels[column])?.text(language) ?? column
    }

    /// "village_group_id" → "villageGroupId".
    static func camelCase(_ column: String) -> String {
        let parts = column.split(separator: "_")
        guard let first = parts.first else { return column }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A JSON value as text: empty and null as 「空」.
    func value(_ v: Any?) -> String {
        switch v {
        case nil, is NSNull: return language == .en ? "(empty)" : "（空）"
        case let s as String: return s.isEmpty ? (language == .en ? "(empty)" : "（空）") : s
        case let n as NSNumber: return n.stringValue
        default: return "\(v!)"
        }
    }

    /// A value of `column` in `table`, its code in words where known.
    func value(_ v: Any?, _ column: String, _ table: String) -> String {
        let raw = value(v)
        // A reference: 「户：0101 曾海强」 rather than 「户：1」.
        if column.hasSuffix("_id"), let n = v as? NSNumber, let names, let label = names(table, column, n.int64Value),
           !label.isEmpty {
            return label
        }
        // An export names its list by screen file: 「列表：户卡管理」.
        if column == "list", let spec = catalog.specs[raw] { return spec.title.text(language) }
        let labels = Self.valueLabels["\(table).\(column)"] ?? Self.valueLabels[column]
        return labels?[raw]?.text(language) ?? raw
    }

    static func object(_ text: String?) -> [String: Any]? {
        guard let text else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// The entry's content as lines: 「字段：旧→新」 for a change, 「字段：值」 for what was
    /// added or deleted (empty fields left out), the note for an event.
    func lines(_ e: AuditEntry, maxValue: Int? = nil) -> [String] {
        func cut(_ s: String) -> String {
            let one = s.replacingOccurrences(of: "\n", with: " ")
            guard let maxValue, one.count > maxValue else { return one }
            return String(one.prefix(maxValue)) + "…"
        }
        let before = Self.object(e.before), after = Self.object(e.after)
        switch (before, after) {
        case let (b?, a?):
            let keys = a.keys.sorted().filter { value(a[$0]) != value(b[$0]) }
            return keys.map { k in
                "\(field(k, of: e.table))\(colon)\(cut(value(b[k], k, e.table)))→\(cut(value(a[k], k, e.table)))"
            }
        case let (nil, a?):
            return fieldLines(a, e.table, cut)
        case let (b?, nil):
            return fieldLines(b, e.table, cut)
        default:
            // An event: its note, as written.
            return [e.after ?? e.before ?? ""].filter { !$0.isEmpty }.map(cut)
        }
    }

    private func fieldLines(_ o: [String: Any], _ table: String, _ cut: (String) -> String) -> [String] {
        // The row's own id is already in the record column ("户 #12").
        o.keys.sorted().filter { $0 != "id" }.compactMap { k in
            let v = o[k]
            if v == nil || v is NSNull || (v as? String)?.isEmpty == true { return nil }
            return "\(field(k, of: table))\(colon)\(cut(value(v, k, table)))"
        }
    }

    /// One line for the list and the CLI.
    func summary(_ e: AuditEntry) -> String {
        lines(e, maxValue: 40).joined(separator: language == .en ? "; " : "；")
    }

    /// The whole entry for reading.
    func detail(_ e: AuditEntry) -> String {
        let l = language
        var out = ["#\(e.id)  \(e.at)  \(e.username)", Localized("操作：", "Action: ").text(l) + action(e.action)
                   + (e.table.isEmpty ? "" : Localized("　记录：", "  Record: ").text(l) + record(e))]
        let body = lines(e)
        let heading: Localized
        switch (e.before != nil, e.after != nil, e.table.isEmpty) {
        case (_, _, true): heading = Localized("说明：", "Note:")
        case (true, true, _): heading = Localized("改动（字段：改前→改后）：", "Changes (field: before→after):")
        case (false, true, _): heading = Localized("新增内容：", "Added:")
        default: heading = Localized("删除前内容：", "Before deleting:")
        }
        out += ["", heading.text(l)]
        out += body.isEmpty ? [Localized("（无改动）", "(no change)").text(l)] : body.map { "  " + $0 }
        return out.joined(separator: "\n")
    }
}
