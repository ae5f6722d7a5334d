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

    override var hints: [KeyHint] {
        mayReveal ? super.hints + [context.hint("F7", Localized("完整号码", "Full number"))] : super.hints
    }

    override func handle(_ key: Key) -> Action {
        if key == .function(7), mayReveal, let id = person.id {
            return .push(RevealIDScreen(context, personId: id, name: person.name))
        }
        return super.handle(key)
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

/// Person rows from the store, one window at a time.
final class PersonTableSource: TableSource {
    let db: AppDatabase
    let language: Language

    init(db: AppDatabase, language: Language) {
        self.db = db
        self.language = language
    }

    func count(_ query: TableQuery) -> Int {
        (try? db.personCount(filter: query.filter)) ?? 0
    }

    /// The last capped count, and what it found: the table asks for the count, then for
    /// its first window, after each keystroke.
    private var found: PersonMatches?

    func count(_ query: TableQuery, atMost limit: Int) -> Int {
        found = try? db.personMatches(filter: query.filter, atMost: limit)
        return found?.count ?? 0
    }

    func rows(_ query: TableQuery, offset: Int, limit: Int) -> [TableRow] {
        let rows = (try? db.personRows(filter: query.filter, offset: offset, limit: limit, after: found)) ?? []
        return rows.map {
            TableRow(id: $0.id, cells: [$0.name, $0.sex.label.text(language), $0.birthDate?.description ?? "",
                                        IDNumber.masked($0.idNumber), $0.relation.label.text(language), $0.householdNumber])
        }
    }
}

/// Everyone in the village, found by name or pinyin.
final class PersonSearchScreen: Screen {
    let context: AppContext
    let spec: ScreenSpec
    var table: Table

    init(_ context: AppContext) {
        self.context = context
        spec = context.catalog["person_search"]
        table = Table(columns: spec.columns(context.language),
                      source: PersonTableSource(db: context.db, language: context.language),
                      countLimit: Self.countLimit)
        table.language = context.language
        table.rowNoun = Localized("人", "persons")
    }

    /// A search matching more persons than this says "1000+" until the list is scrolled past them:
    /// counting every 王 in a county took longer than a keystroke may (DECISIONS 31).
    static let countLimit = AppDatabase.personCountLimit

    var title: String { spec.title.text(context.language) }
    var helpLines: [String] { spec.helpLines(context.language) }
    var hints: [KeyHint] {
        [context.hint("Enter", S.open), context.hint("/", S.filter), context.hint("Esc", S.back)]
    }

    func didReappear() { table.reload() }

    func handle(_ key: Key) -> Action {
        switch table.handle(key) {
        case .none: return .none
        case .cancel: return .pop
        case .activate(let id):
            guard let p = try? context.db.person(id: id) else { return .none }
            return .push(PersonFormScreen(context, person: p))
        }
    }

    func render(into grid: inout Grid, in rect: Rect) {
        table.render(into: &grid, in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height))
    }
}
