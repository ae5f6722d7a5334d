import Domain

/// A 社 with the number of households in it.
public struct VillageGroupSummary: Hashable, Sendable {
    public var group: VillageGroup
    public var householdCount: Int
    public init(group: VillageGroup, householdCount: Int) {
        self.group = group
        self.householdCount = householdCount
    }
}

/// Orders of the household list.
public enum HouseholdSort: String, Sendable, CaseIterable {
    case number, villageGroup, headName, address, memberCount
}

/// One line of the household list.
public struct HouseholdRow: Hashable, Sendable {
    public var id: Int64
    public var number: String
    public var villageGroupName: String
    public var headName: String
    public var headIdNumber: String
    public var address: String
    public var phone: String
    public var memberCount: Int
    public init(id: Int64, number: String, villageGroupName: String, headName: String, headIdNumber: String,
                address: String, phone: String, memberCount: Int) {
        self.id = id
        self.number = number
        self.villageGroupName = villageGroupName
        self.headName = headName
        self.headIdNumber = headIdNumber
        self.address = address
        self.phone = phone
        self.memberCount = memberCount
    }
}

/// One line of the person search list.
public struct PersonRow: Hashable, Sendable {
    public var id: Int64
    public var householdId: Int64
    public var householdNumber: String
    public var name: String
    public var sex: Sex
    public var idNumber: String
    public var birthDate: LocalDate?
    public var relation: Relation
    public init(id: Int64, householdId: Int64, householdNumber: String, name: String, sex: Sex, idNumber: String,
                birthDate: LocalDate?, relation: Relation) {
        self.id = id
        self.householdId = householdId
        self.householdNumber = householdNumber
        self.name = name
        self.sex = sex
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.relation = relation
    }
}
