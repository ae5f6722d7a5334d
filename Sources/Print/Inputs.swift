import Domain

// Plain values the app fills from the store. Nothing here reads a database: the
// composers turn these into `Document`s. Pledge, fulfilment and assessment rows are
// simple strings and dates so that whoever records those can fill them without
// changing this module; an empty list prints "无".

/// How long a volume is kept (保管期限, DA/T 22).
public enum Retention: String, Hashable, Sendable, CaseIterable {
    case permanent = "永久"
    case thirtyYears = "30年"
    case tenYears = "10年"
}

/// One member household on the roster (花名册).
public struct RosterRowInput: Hashable, Sendable {
    public var householdNumber: String
    /// The household head.
    public var headName: String
    /// "张三、李秀英": the couple, as the group knows them.
    public var coupleNames: String
    /// The ID number of the person who signs for the household (masked unless the document needs it).
    public var idNumber: String
    public var phone: String
    public var address: String
    public var joinedOn: LocalDate
    public var leftOn: LocalDate?
    /// Why the household left, or why it joined without being eligible.
    public var note: String

    public init(householdNumber: String, headName: String, coupleNames: String, idNumber: String = "",
                phone: String = "", address: String = "", joinedOn: LocalDate, leftOn: LocalDate? = nil, note: String = "") {
        self.householdNumber = householdNumber
        self.headName = headName
        self.coupleNames = coupleNames
        self.idNumber = idNumber
        self.phone = phone
        self.address = address
        self.joinedOn = joinedOn
        self.leftOn = leftOn
        self.note = note
    }
}

/// A leader election (民主选举诚信计生小组长).
public struct ElectionInput: Hashable, Sendable {
    public var heldOn: LocalDate
    public var place: String
    public var presidedBy: String
    /// Candidates with their votes, most votes first.
    public var candidates: [(name: String, votes: Int)]
    public var electedName: String

    public init(heldOn: LocalDate, place: String, presidedBy: String, candidates: [(name: String, votes: Int)],
                electedName: String) {
        self.heldOn = heldOn
        self.place = place
        self.presidedBy = presidedBy
        self.candidates = candidates
        self.electedName = electedName
    }

    public static func == (a: ElectionInput, b: ElectionInput) -> Bool {
        a.heldOn == b.heldOn && a.place == b.place && a.presidedBy == b.presidedBy && a.electedName == b.electedName
            && a.candidates.map(\.name) == b.candidates.map(\.name) && a.candidates.map(\.votes) == b.candidates.map(\.votes)
    }

    public func hash(into h: inout Hasher) {
        h.combine(heldOn)
        h.combine(electedName)
    }
}

/// A member household's signature on the agreement.
public struct SignatureRowInput: Hashable, Sendable {
    public var householdNumber: String
    public var signerName: String
    /// "本人签名", "代签", "按手印", "拒签", "待签".
    public var kind: String
    public var signedOn: LocalDate?
    /// The proxy and relation, the reason to decline, the witness.
    public var note: String

    public init(householdNumber: String, signerName: String, kind: String, signedOn: LocalDate? = nil, note: String = "") {
        self.householdNumber = householdNumber
        self.signerName = signerName
        self.kind = kind
        self.signedOn = signedOn
        self.note = note
    }
}

/// The group's agreement (《诚信计生协议书》) as signed.
public struct AgreementInput: Hashable, Sendable {
    public var title: String
    public var version: Int
    /// "生效", "签署中" …
    public var state: String
    public var validFrom: LocalDate
    public var validTo: LocalDate
    /// The frozen text (or the draft rendered for signing).
    public var body: String
    public var committeeSigner: String
    public var committeeSignedOn: LocalDate?
    public var signatures: [SignatureRowInput]

    public init(title: String, version: Int, state: String, validFrom: LocalDate, validTo: LocalDate, body: String,
                committeeSigner: String = "", committeeSignedOn: LocalDate? = nil, signatures: [SignatureRowInput] = []) {
        self.title = title
        self.version = version
        self.state = state
        self.validFrom = validFrom
        self.validTo = validTo
        self.body = body
        self.committeeSigner = committeeSigner
        self.committeeSignedOn = committeeSignedOn
        self.signatures = signatures
    }
}

/// One check of a pledged item (守信 / 失信).
public struct PledgeCheckInput: Hashable, Sendable {
    public var checkedOn: LocalDate
    public var item: String
    /// "守信" or "失信".
    public var result: String
    public var checkedBy: String
    public var note: String

    public init(checkedOn: LocalDate, item: String, result: String, checkedBy: String = "", note: String = "") {
        self.checkedOn = checkedOn
        self.item = item
        self.result = result
        self.checkedBy = checkedBy
        self.note = note
    }
}

/// A household's pledge sheet (承诺书) with its checks.
public struct PledgeSheetInput: Hashable, Sendable {
    public var householdNumber: String
    public var headName: String
    public var signerName: String
    /// The date of the pledge (承诺日期); nil on a blank sheet to fill in.
    public var pledgedOn: LocalDate?
    /// When the household signed it (签字日期); nil while not signed.
    public var signedOn: LocalDate?
    /// The pledged items, in order.
    public var items: [String]
    public var checks: [PledgeCheckInput]

    public init(householdNumber: String, headName: String, signerName: String = "", pledgedOn: LocalDate? = nil,
                signedOn: LocalDate? = nil, items: [String], checks: [PledgeCheckInput] = []) {
        self.householdNumber = householdNumber
        self.headName = headName
        self.signerName = signerName
        self.pledgedOn = pledgedOn
        self.signedOn = signedOn
        self.items = items
        self.checks = checks
    }
}

/// A benefit or service delivered to a household (兑现记录).
public struct FulfilmentRowInput: Hashable, Sendable {
    public var householdNumber: String
    public var name: String
    public var item: String
    /// As printed: "500元", "医保参合金".
    public var amount: String
    public var date: LocalDate
    public var evidence: String

    public init(householdNumber: String, name: String, item: String, amount: String, date: LocalDate, evidence: String = "") {
        self.householdNumber = householdNumber
        self.name = name
        self.item = item
        self.amount = amount
        self.date = date
        self.evidence = evidence
    }
}

/// One line of an assessment (评估结果): self-assessment or the township's evaluation.
public struct AssessmentRowInput: Hashable, Sendable {
    public var date: LocalDate
    public var assessedBy: String
    public var item: String
    public var result: String
    public var note: String

    public init(date: LocalDate, assessedBy: String, item: String, result: String, note: String = "") {
        self.date = date
        self.assessedBy = assessedBy
        self.item = item
        self.result = result
        self.note = note
    }
}

/// A meeting or piece of field work that concerns the group, as its volume files it.
public struct MeetingInput: Hashable, Sendable {
    public var heldOn: LocalDate
    public var kind: String
    public var place: String
    public var ledBy: String
    public var topic: String
    public var outcome: String
    public var attachments: String
    /// Who attended, a line per household ("0101 张三户：张三、李四").
    public var attendees: [String]

    public init(heldOn: LocalDate, kind: String, place: String, ledBy: String, topic: String, outcome: String = "",
                attachments: String = "", attendees: [String] = []) {
        self.heldOn = heldOn
        self.kind = kind
        self.place = place
        self.ledBy = ledBy
        self.topic = topic
        self.outcome = outcome
        self.attachments = attachments
        self.attendees = attendees
    }
}

/// Everything one group's archive volume (一组一卷) prints.
public struct ArchiveVolumeInput: Hashable, Sendable {
    /// The village: 全宗名称 is "\(village)村民委员会".
    public var village: String
    public var township: String
    public var county: String
    public var groupName: String
    /// The 社 the group belongs to.
    public var sheName: String
    public var dateRange: ClosedRange<LocalDate>
    public var retention: Retention
    /// 全宗号, 目录号, 案卷号: the 档号 is their join with "-".
    public var fondsNumber: String
    public var catalogueNumber: String
    public var fileNumber: String
    /// 归档号, when the office uses one.
    public var archiveNumber: String
    public var roster: [RosterRowInput]
    public var leaderName: String
    public var elections: [ElectionInput]
    public var agreement: AgreementInput?
    public var pledges: [PledgeSheetInput]
    public var fulfilments: [FulfilmentRowInput]
    public var assessments: [AssessmentRowInput]
    /// The meetings that concern the group, oldest first.
    public var meetings: [MeetingInput]
    /// 立卷人 and 检查人: blank lines to sign when empty.
    public var compiledBy: String
    public var checkedBy: String
    public var compiledOn: LocalDate
    /// The audit log's newest hash at printing time, once the audit log exists.
    public var auditHeadHash: String?

    public init(village: String, township: String = "", county: String = "", groupName: String, sheName: String,
                dateRange: ClosedRange<LocalDate>, retention: Retention = .thirtyYears, fondsNumber: String = "",
                catalogueNumber: String = "", fileNumber: String = "", archiveNumber: String = "",
                roster: [RosterRowInput], leaderName: String = "", elections: [ElectionInput] = [],
                agreement: AgreementInput? = nil, pledges: [PledgeSheetInput] = [], fulfilments: [FulfilmentRowInput] = [],
                assessments: [AssessmentRowInput] = [], meetings: [MeetingInput] = [], compiledBy: String = "",
                checkedBy: String = "", compiledOn: LocalDate, auditHeadHash: String? = nil) {
        self.village = village
        self.township = township
        self.county = county
        self.groupName = groupName
        self.sheName = sheName
        self.dateRange = dateRange
        self.retention = retention
        self.fondsNumber = fondsNumber
        self.catalogueNumber = catalogueNumber
        self.fileNumber = fileNumber
        self.archiveNumber = archiveNumber
        self.roster = roster
        self.leaderName = leaderName
        self.elections = elections
        self.agreement = agreement
        self.pledges = pledges
        self.fulfilments = fulfilments
        self.assessments = assessments
        self.meetings = meetings
        self.compiledBy = compiledBy
        self.checkedBy = checkedBy
        self.compiledOn = compiledOn
        self.auditHeadHash = auditHeadHash
    }

    /// 案卷题名: "星光村一社第一小组诚信计生档案" (the 社 is left out when the group's name starts with it).
    public var volumeTitle: String {
        let she = groupName.hasPrefix(sheName) ? "" : sheName
        let kind = groupName.contains("诚信计生") ? "" : "诚信计生"
        return village + she + groupName + kind + "档案"
    }

    /// 档号: 全宗号-目录号-案卷号.
    public var referenceCode: String {
        [fondsNumber, catalogueNumber, fileNumber].map { $0.isEmpty ? "___" : $0 }.joined(separator: "-")
    }
}

/// A household card (一户一卡).
public struct HouseholdCardInput: Hashable, Sendable {
    public struct Member: Hashable, Sendable {
        public var name: String
        public var relation: String
        public var sex: String
        public var idNumber: String
        public var birthDate: LocalDate?
        public var maritalStatus: String
        public var phone: String
        /// 流入/流出 and whereabouts, or "".
        public var migrant: String
        public init(name: String, relation: String, sex: String, idNumber: String, birthDate: LocalDate?,
                    maritalStatus: String, phone: String = "", migrant: String = "") {
            self.name = name
            self.relation = relation
            self.sex = sex
            self.idNumber = idNumber
            self.birthDate = birthDate
            self.maritalStatus = maritalStatus
            self.phone = phone
            self.migrant = migrant
        }
    }

    public var village: String
    public var sheName: String
    public var householdNumber: String
    public var address: String
    public var headName: String
    public var phone: String
    public var groupName: String
    public var members: [Member]
    public var printedOn: LocalDate

    public init(village: String, sheName: String, householdNumber: String, address: String, headName: String,
                phone: String, groupName: String = "", members: [Member], printedOn: LocalDate) {
        self.village = village
        self.sheName = sheName
        self.householdNumber = householdNumber
        self.address = address
        self.headName = headName
        self.phone = phone
        self.groupName = groupName
        self.members = members
        self.printedOn = printedOn
    }
}

/// The village's public disclosure board (阳光计生公开栏): lines per category.
public struct DisclosureBoardInput: Hashable, Sendable {
    public static let categories = ["机构类", "政策类", "程序类", "服务类", "维权类", "动态类"]

    public var village: String
    /// Lines for each of `categories`; a missing or empty category prints "无".
    public var lines: [String: [String]]
    public var postedOn: LocalDate
    /// The period the board stands for (公开期间), when it states one.
    public var period: ClosedRange<LocalDate>?

    public init(village: String, lines: [String: [String]], postedOn: LocalDate, period: ClosedRange<LocalDate>? = nil) {
        self.village = village
        self.lines = lines
        self.postedOn = postedOn
        self.period = period
    }
}
