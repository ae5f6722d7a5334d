/// The village the office runs.
public struct Village: Hashable, Sendable, Codable {
    public var id: Int64?
    public var name: String
    public var township: String
    public var county: String
    /// The 12-digit 统计用区划代码 (`RegionCode`); empty until it is set.
    public var code: String

    public init(id: Int64? = nil, name: String, township: String = "", county: String = "", code: String = "") {
        self.id = id
        self.name = name
        self.township = township
        self.county = county
        self.code = code
    }
}

/// A village group (社/组) inside the village.
public struct VillageGroup: Hashable, Sendable, Codable {
    public var id: Int64?
    public var villageId: Int64
    /// Order within the village (1 for 一社 …).
    public var number: Int
    public var name: String

    public init(id: Int64? = nil, villageId: Int64, number: Int, name: String) {
        self.id = id
        self.villageId = villageId
        self.number = number
        self.name = name
    }
}

/// A household card (一户一卡).
public struct Household: Hashable, Sendable, Codable {
    public var id: Int64?
    public var villageId: Int64
    public var villageGroupId: Int64
    /// Household number, unique in the village.
    public var number: String
    public var address: String
    /// The person who heads the household (a member of it).
    public var headPersonId: Int64?
    public var phone: String
    /// Marked 生活困难 by the village (a condition of some benefits).
    public var isHardship: Bool

    public init(id: Int64? = nil, villageId: Int64, villageGroupId: Int64, number: String,
                address: String = "", headPersonId: Int64? = nil, phone: String = "", isHardship: Bool = false) {
        self.id = id
        self.villageId = villageId
        self.villageGroupId = villageGroupId
        self.number = number
        self.address = address
        self.headPersonId = headPersonId
        self.phone = phone
        self.isHardship = isHardship
    }
}

public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female
    public var label: Localized { self == .male ? Localized("男", "Male") : Localized("女", "Female") }
}

public enum Relation: String, Sendable, Codable, CaseIterable {
    case head, spouse, child, parent, childInLaw, grandchild, sibling, other
    public var label: Localized {
        switch self {
        case .head: Localized("户主", "Head")
        case .spouse: Localized("配偶", "Spouse")
        case .child: Localized("子女", "Child")
        case .parent: Localized("父母", "Parent")
        case .childInLaw: Localized("儿媳/女婿", "Child-in-law")
        case .grandchild: Localized("孙子女", "Grandchild")
        case .sibling: Localized("兄弟姐妹", "Sibling")
        case .other: Localized("其他", "Other")
        }
    }
}

public enum MaritalStatus: String, Sendable, Codable, CaseIterable {
    case unmarried, married, divorced, widowed
    public var label: Localized {
        switch self {
        case .unmarried: Localized("未婚", "Unmarried")
        case .married: Localized("已婚", "Married")
        case .divorced: Localized("离婚", "Divorced")
        case .widowed: Localized("丧偶", "Widowed")
        }
    }
}

public enum MigrantStatus: String, Sendable, Codable, CaseIterable {
    case resident, outflow, inflow
    public var label: Localized {
        switch self {
        case .resident: Localized("常住", "Resident")
        case .outflow: Localized("流出", "Moved out")
        case .inflow: Localized("流入", "Moved in")
        }
    }
}

/// A person in a household.
public struct Person: Hashable, Sendable, Codable {
    public var id: Int64?
    public var householdId: Int64
    public var name: String
    public var sex: Sex
    /// 居民身份证 number; empty when not yet known.
    public var idNumber: String
    public var birthDate: LocalDate?
    public var relation: Relation
    public var maritalStatus: MaritalStatus
    public var phone: String
    public var isAssociationMember: Bool
    public var migrantStatus: MigrantStatus
    /// Where a migrant is (for outflow) or came from (for inflow).
    public var whereabouts: String
    /// How to reach a migrant.
    public var migrantContact: String
    /// The day the person left the household (moved away, died …); nil while a member.
    /// The row is kept as history.
    public var leftOn: LocalDate?
    public var leftReason: String

    public init(id: Int64? = nil, householdId: Int64, name: String, sex: Sex, idNumber: String = "",
                birthDate: LocalDate? = nil, relation: Relation, maritalStatus: MaritalStatus = .unmarried,
                phone: String = "", isAssociationMember: Bool = false, migrantStatus: MigrantStatus = .resident,
                whereabouts: String = "", migrantContact: String = "", leftOn: LocalDate? = nil,
                leftReason: String = "") {
        self.id = id
        self.householdId = householdId
        self.name = name
        self.sex = sex
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.relation = relation
        self.maritalStatus = maritalStatus
        self.phone = phone
        self.isAssociationMember = isAssociationMember
        self.migrantStatus = migrantStatus
        self.whereabouts = whereabouts
        self.migrantContact = migrantContact
        self.leftOn = leftOn
        self.leftReason = leftReason
    }

    /// Still a member of the household on `date` (has not left by then).
    public func isMember(on date: LocalDate) -> Bool {
        guard let leftOn else { return true }
        return date < leftOn
    }
}
