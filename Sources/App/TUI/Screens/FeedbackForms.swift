import Domain
import Store
import UICore

final class FeedbackFormScreen: FormScreen {
    let entry: FeedbackEntry?

    init(_ context: AppContext, entry: FeedbackEntry?) {
        self.entry = entry
        let l = context.language
        let e = entry
        super.init(context, spec: "feedback_form", values: [
            "receivedOn": (e?.receivedOn ?? context.today).description, "source": (e?.source ?? .visit).rawValue,
            "anonymous": e?.anonymous == true ? "1" : "0", "raisedBy": e?.raisedBy ?? "", "contact": e?.contact ?? "",
            "content": e?.content ?? "", "handler": e?.handler ?? "",
            "deadline": (e?.deadline ?? context.today.addingDays(7)).description,
            "status": (e?.status ?? .pending).rawValue,
        ], choices: [
            "feedbackSource": FormScreen.choices(FeedbackSource.self, l),
            // Closing has its own form (F7 in the list), which asks for the outcome.
            "feedbackStatus": [FeedbackStatus.pending, .inProgress].map { Choice(value: $0.rawValue, label: $0.label.text(l)) },
        ])
    }

    override func save() throws -> Action {
        var e = entry ?? FeedbackEntry(receivedOn: context.today, source: .visit, content: "", handler: "", deadline: context.today)
        e.receivedOn = LocalDate(text("receivedOn")) ?? context.today
        e.source = FeedbackSource(rawValue: text("source")) ?? .other
        e.anonymous = form.value("anonymous") == "1"
        e.raisedBy = text("raisedBy")
        e.contact = text("contact")
        e.content = text("content")
        e.handler = text("handler")
        e.deadline = LocalDate(text("deadline")) ?? context.today
        e.status = FeedbackStatus(rawValue: text("status")) ?? .pending
        try context.db.saveFeedback(e, on: context.today)
        return savedAndBack()
    }
}

final class FeedbackCloseFormScreen: FormScreen {
    let entry: FeedbackEntry

    init(_ context: AppContext, entry: FeedbackEntry) {
        self.entry = entry
        super.init(context, spec: "feedback_close_form", values: ["outcome": "", "closedOn": context.today.description])
    }

    override var title: String { spec.title.text(context.language) + " · " + TextWidth.truncate(entry.content, to: 30) }

    override func save() throws -> Action {
        try context.db.closeFeedback(id: entry.id ?? 0, outcome: text("outcome"),
                                     on: LocalDate(text("closedOn")) ?? context.today, today: context.today)
        return savedAndBack()
    }
}

final class FeedbackVoidFormScreen: FormScreen {
    let entry: FeedbackEntry

    init(_ context: AppContext, entry: FeedbackEntry) {
        self.entry = entry
        super.init(context, spec: "feedback_void_form", values: ["voidReason": ""])
    }

    override var title: String { spec.title.text(context.language) + " · " + TextWidth.truncate(entry.content, to: 30) }

    override func save() throws -> Action {
        try context.db.voidFeedback(id: entry.id ?? 0, reason: text("voidReason"), on: context.today)
        return savedAndBack()
    }
}
