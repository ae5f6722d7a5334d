import Domain
import Store
import UICore

/// One person's record.
final class PersonFormScreen: FormScreen {
    let person: Person

    init(_ context: AppContext, person: Person) {
        self.person = person
        super.init(context, spec: "person_form", values: [
            "name": person.name,
            "sex": person.sex.rawValue,
            "idNumber": person.idNumber,
            "birthDate": person.birthDate?.description ?? "",
            "relation": person.relation.rawValue,
            "maritalStatus": person.maritalStatus.rawValue,
            "phone": person.phone,
            "isAssociationMember": person.isAssociationMember ? "1" : "0",
            "migrantStatus": person.migrantStatus.rawValue,
            "whereabouts": person.whereabouts,
            "migrantContact": person.migrantContact,
        ])
    }

    /// A masked screen: the full ID number only with a stated reason (audited).
    var mayReveal: Bool { person.id != nil && !context.db.showsFullNumbers && context.db.may(.revealNumbers) }

    override var commands: [Command] {
        var list = super.commands
        if mayReveal, let id = person.id {
            list.append(Command("F7", Localized("完整号码", "Full number")) { [unowned self] in
                .push(RevealIDScreen(context, personId: id, name: person.name))
            })
        }
        // The 帮带 pairs the person helps in or is helped by.
        if let id = person.id, context.db.may(.readAll) {
            list.insert(Command("F8", Localized("帮带", "Pairs")) { [unowned self] in
                .push(PairingListScreen(context, personId: id))
            }, at: list.firstIndex { $0.name == "Esc" } ?? list.endIndex)
        }
        return list
    }

    override var draftTarget: String? { person.id.map { "person:\($0)" } ?? "person:new:\(person.householdId)" }

    override var title: String {
        person.id == nil ? context.t(Localized("新增成员", "New member")) : "\(spec.title.text(context.language)) · \(person.name)"
    }

    override func save() throws -> Action {
        var p = person
        p.name = Validation.normalizeName(text("name"))
        p.sex = Sex(rawValue: text("sex")) ?? p.sex
        p.idNumber = IDNumber.normalize(text("idNumber"))
        let birth = text("birthDate")
        p.birthDate = birth.isEmpty ? nil : LocalDate(birth)
        p.relation = Relation(rawValue: text("relation")) ?? p.relation
        p.maritalStatus = MaritalStatus(rawValue: text("maritalStatus")) ?? p.maritalStatus
        p.phone = text("phone")
        p.isAssociationMember = text("isAssociationMember") == "1"
        p.migrantStatus = MigrantStatus(rawValue: text("migrantStatus")) ?? p.migrantStatus
        p.whereabouts = text("whereabouts")
        p.migrantContact = text("migrantContact")
        try context.db.savePerson(p)
        return savedAndBack()
    }
}
