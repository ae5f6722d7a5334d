/// The kinds of record screens can show, and the fields each one has.
/// Screen definitions in `Screens/` are checked against this list.
public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case village, villageGroup, household, person

    public var fields: Set<String> {
        switch self {
        case .village: ["name", "township", "county"]
        case .villageGroup: ["number", "name", "householdCount"]
        case .household: ["number", "villageGroupId", "villageGroupName", "address", "headName", "headSex",
                          "headIdNumber", "phone", "memberCount"]
        case .person: ["name", "sex", "idNumber", "birthDate", "age", "relation", "maritalStatus", "phone",
                       "isAssociationMember", "migrantStatus", "whereabouts", "migrantContact", "householdNumber"]
        }
    }
}
