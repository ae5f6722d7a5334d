import Domain
import Store
import UICore

/// Makes another adult member the head; the former head takes the relation chosen here.
final class ChangeHeadFormScreen: FormScreen {
    let household: Household
    let newHead: Person

    init(_ context: AppContext, household: Household, newHead: Person) {
        self.household = household
        self.newHead = newHead
        let relations = Relation.allCases.filter { $0 != .head }
            .map { Choice(value: $0.rawValue, label: $0.label.text(context.language)) }
        super.init(context, spec: "change_head_form", values: ["formerHeadRelation": Relation.spouse.rawValue],
                   choices: ["formerHeadRelation": relations])
    }

    override var title: String { spec.title.text(context.language) + " · " + newHead.name }

    override func save() throws -> Action {
        try context.db.changeHead(householdId: household.id ?? 0, newHeadId: newHead.id ?? 0,
                                  formerHeadRelation: Relation(rawValue: text("formerHeadRelation")) ?? .other,
                                  on: context.today)
        return savedAndBack()
    }
}

/// A member leaves the household: date and reason; the record stays as history.
final class PersonLeaveFormScreen: FormScreen {
    let person: Person

    init(_ context: AppContext, person: Person) {
        self.person = person
        super.init(context, spec: "person_leave_form", values: ["leftOn": context.today.description, "leftReason": ""])
    }

    override var title: String { spec.title.text(context.language) + " · " + person.name }

    override func save() throws -> Action {
        try context.db.personLeaves(personId: person.id ?? 0, on: LocalDate(text("leftOn")) ?? context.today,
                                    reason: text("leftReason"))
        return savedAndBack()
    }
}
