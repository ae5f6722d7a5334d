/// The kinds of record screens can show, and the fields each one has.
/// Screen definitions in `Screens/` are checked against this list.
public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case village, villageGroup, household, person
    case honestyGroup, groupMember, election, agreement, agreementTemplate, signature
    case account, auditEntry
    case pledgeItem, householdPledge, checkRound, pledgeCheck, policy, ledger
    case surveyRound, surveyAnswer, starReview, ruleDocument, feedback, rectification
    /// The programme year: an entry of the calendar, and one deadline it gives.
    case calendarEntry, deadline
    case importFile, importMapping, importRow, importBatch
    /// Not a record: where and how a list is written to a file (the export form).
    case exportFile
    /// Two persons who may be one person entered twice (疑似重复人员).
    case duplicatePair

    public var fields: Set<String> {
        switch self {
        case .village: ["name", "township", "county"]
        case .villageGroup: ["number", "name", "householdCount"]
        case .household: ["number", "villageGroupId", "villageGroupName", "address", "headName", "headSex",
                          "headIdNumber", "phone", "memberCount", "formerHeadRelation"]
        case .person: ["name", "sex", "idNumber", "birthDate", "age", "relation", "maritalStatus", "phone",
                       "isAssociationMember", "migrantStatus", "whereabouts", "migrantContact", "householdNumber",
                       "leftOn", "leftReason"]
        case .honestyGroup: ["name", "villageGroupId", "villageGroupName", "formedOn", "note", "memberCount",
                             "leaderName", "agreementState", "agreementValidTo"]
        case .groupMember: ["householdId", "householdNumber", "headName", "coupleNames", "phone", "joinedOn",
                            "leftOn", "leftReason", "ineligibleReason", "eligibility", "eligibilityReason",
                            "currentGroupName", "signatureKind"]
        case .election: ["heldOn", "place", "presidedBy", "electedPersonId", "electedName",
                         "electedIsAssociationMember", "candidates", "votes", "until"]
        case .rectification: ["householdNumber", "headName", "item", "openedOn", "deadline", "stage", "date", "note"]
        case .calendarEntry: ["code", "title", "titleEn", "schedule", "when", "startDate", "dueDate", "dueDay", "evidence",
                              "basis", "state"]
        case .deadline: ["dueOn", "title", "period", "status", "doneOn", "note"]
        case .agreementTemplate: ["name", "version", "adoptedOn", "adoptedBy", "isDefault", "length"]
        case .agreement: ["title", "version", "templateId", "body", "state", "validFrom", "validTo", "validityPeriod",
                          "committeeSigner", "committeeSignedOn", "terminatedOn", "terminationReason", "supersedesId",
                          "signingStartedOn", "groupName"]
        case .account: ["username", "displayName", "role", "groupId", "groupName", "password", "passwordAgain",
                        "disabled", "failedCount", "reason"]
        case .auditEntry: ["at", "username", "action", "table", "rowId", "summary"]
        case .signature: ["householdId", "householdNumber", "signerName", "kind", "proxyName", "proxyRelation",
                          "declineReason", "signedOn", "witness", "note"]
        case .pledgeItem: ["code", "text", "sortOrder", "state", "used"]
        case .householdPledge: ["householdNumber", "headName", "villageGroupName", "honestyGroupName", "pledgedOn",
                                "signedOn", "signer", "itemCount", "standing"]
        case .checkRound: ["name", "heldOn", "checkedCount", "itemRate", "householdRate"]
        case .pledgeCheck: ["code", "text", "result", "note", "recordedBy"]
        case .policy: ["code", "name", "level", "kind", "amount", "recurrence", "requiredStars", "conditional", "eligibility",
                       "state"]
        case .ledger: ["householdNumber", "headName", "policy", "year", "dueOn", "due", "delivered", "state",
                       "deliveredOn", "amount", "detail", "reference", "recordedBy", "note"]
        case .surveyRound: ["name", "heldOn", "conductor", "awarenessTarget", "satisfactionTarget", "note", "asked",
                            "awarenessRate", "satisfactionRate", "result"]
        case .surveyAnswer: ["householdNumber", "headName", "villageGroupName", "aware", "satisfaction", "note"]
        case .starReview: ["reviewedOn", "quarter", "levelApplied", "criteriaMet", "passed", "failureAction",
                           "downgradeTo", "resultingLevel", "reviewer", "note"]
        case .ruleDocument: ["kind", "title", "adoptedOn", "adoptedBy", "note", "state", "body"]
        case .importFile: ["path", "sheet", "mapping", "mappingName"]
        case .importMapping: ["field", "column", "sample"]
        case .importRow: ["line", "outcome", "householdNumber", "villageGroupName", "name", "relation", "sex", "birthDate",
                          "idNumber", "problems"]
        case .importBatch: ["id", "importedAt", "username", "source", "counts", "state"]
        case .exportFile: ["path", "format", "encoding", "numbers"]
        case .feedback: ["mark", "receivedOn", "source", "anonymous", "raisedBy", "contact", "content", "handler",
                         "deadline", "status", "outcome", "closedOn", "voidReason"]
        case .duplicatePair: ["name", "householdNumber", "birthDate", "idNumber", "otherName", "otherHouseholdNumber",
                              "otherBirthDate", "otherIdNumber", "reasons"]
        }
    }
}
