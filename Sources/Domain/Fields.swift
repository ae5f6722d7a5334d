/// The kinds of record screens can show, and the fields each one has.
/// Screen definitions in `Screens/` are checked against this list.
public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case village, villageGroup, household, person
    case honestyGroup, groupMember, election, agreement, agreementTemplate, signature
    case account, auditEntry
    case pledgeItem, householdPledge, checkRound, pledgeCheck, policy, ledger
    case surveyRound, surveyAnswer, starReview, ruleDocument, feedback, rectification
    /// A survey's results per 社 and per item, its 座谈 records, and the 评议整改 measures.
    case surveyResult, surveyDiscussion, reviewMeasure
    /// The programme year: an entry of the calendar, and one deadline it gives.
    case calendarEntry, deadline
    case importFile, importMapping, importRow, importBatch
    /// Not a record: where and how a list is written to a file (the export form).
    case exportFile
    /// Two persons who may be one person entered twice (疑似重复人员).
    case duplicatePair
    /// A meeting or piece of field work, one who attended it, an association member's 帮带 of a woman.
    case meeting, meetingAttendee, mentorPairing
    /// A village (or township) whose packages a township (or county) takes in, as its table
    /// shows it; and the folder packages are written to or read from.
    case memberOffice, exchangeFolder

    public var fields: Set<String> {
        switch self {
        case .village: ["name", "township", "county", "code"]
        case .villageGroup: ["number", "name", "householdCount"]
        case .household: ["number", "villageGroupId", "villageGroupName", "address", "headName", "headSex",
                          "headIdNumber", "phone", "memberCount", "formerHeadRelation", "hardship"]
        case .person: ["name", "sex", "idNumber", "birthDate", "age", "relation", "maritalStatus", "phone",
                       "isAssociationMember", "migrantStatus", "whereabouts", "migrantContact", "householdNumber",
                       "leftOn", "leftReason"]
        case .honestyGroup: ["name", "villageGroupId", "villageGroupName", "formedOn", "note", "memberCount",
                             "leaderName", "agreementState", "agreementValidTo"]
        case .groupMember: ["householdId", "householdNumber", "headName", "coupleNames", "phone", "joinedOn",
                            "leftOn", "leftReason", "ineligibleReason", "eligibility", "eligibilityReason",
                            "currentGroupName", "signatureKind"]
        case .election: ["heldOn", "place", "presidedBy", "electedPersonId", "electedName",
                         "electedIsAssociationMember", "candidates", "votes", "until", "meetingId"]
        case .surveyResult: ["group", "asked", "awarenessRate", "satisfactionRate", "result"]
        case .surveyDiscussion: ["heldOn", "participantCount", "participants", "points"]
        case .reviewMeasure: ["finding", "foundOn", "measure", "owner", "deadline", "state", "closedOn", "closedNote"]
        case .rectification: ["householdNumber", "headName", "item", "openedOn", "deadline", "stage", "date", "note"]
        case .calendarEntry: ["code", "title", "titleEn", "schedule", "when", "startDate", "dueDate", "dueDay", "evidence",
                              "basis", "state"]
        case .deadline: ["dueOn", "title", "period", "status", "doneOn", "note"]
        case .agreementTemplate: ["name", "version", "adoptedOn", "adoptedBy", "isDefault", "length", "meetingId"]
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
                       "state", "family", "associationMember", "minAge", "maxAge", "hardship", "percentByStars", "minBase",
                       "criteria"]
        case .ledger: ["householdNumber", "headName", "policy", "year", "dueOn", "due", "delivered", "state", "base",
                       "grounds", "groupName", "keep", "criteria",
                       "deliveredOn", "amount", "detail", "reference", "recordedBy", "note"]
        case .surveyRound: ["name", "heldOn", "conductor", "awarenessTarget", "satisfactionTarget", "note", "asked",
                            "awarenessRate", "satisfactionRate", "result", "sampleSize", "sampleSeed", "awarenessThreshold"]
        case .surveyAnswer: ["householdNumber", "headName", "villageGroupName", "aware", "satisfaction", "note"]
        case .starReview: ["reviewedOn", "quarter", "levelApplied", "criteriaMet", "passed", "failureAction",
                           "downgradeTo", "resultingLevel", "reviewer", "note"]
        case .ruleDocument: ["kind", "title", "adoptedOn", "adoptedBy", "note", "state", "meetingId", "body"]
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
        case .meeting: ["kind", "heldOn", "place", "ledBy", "topic", "outcome", "attachments", "villageGroupId",
                        "villageGroupName", "honestyGroupId", "honestyGroupName", "attendance"]
        case .meetingAttendee: ["mark", "householdNumber", "villageGroupName", "name", "sex", "age"]
        case .mentorPairing: ["helperName", "helperHouseholdNumber", "womanName", "womanHouseholdNumber", "startedOn",
                              "endedOn", "note", "state", "helperId", "womanId"]
        case .memberOffice: ["mark", "code", "name", "households", "groups", "coverage", "agreements", "pledgeRate",
                             "fulfilment", "feedback", "stars", "fourHaves", "lastPackage", "lastSeq"]
        case .exchangeFolder: ["folder"]
        }
    }
}
