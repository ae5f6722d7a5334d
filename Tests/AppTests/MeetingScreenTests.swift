import Domain
import Store
import Testing
import UICore
@testable import App

/// 会议与走访 and 会员帮带 on the screens (评估与监督 → 5 and 6) on the fixture village: the
/// list with the year's counts, the form, the attendee picker, delete and undo, the pairs,
/// and the dashboard's j line.
@Suite struct MeetingScreenTests {
    /// The fixture with two meetings of 2026 (a publicity day and a 社员会议 of 一社).
    static func database() throws -> AppDatabase {
        let db = try makeFixtureDatabase()
        let she = try db.villageGroups()[0].group
        try db.saveMeeting(Meeting(kind: .publicity, heldOn: LocalDate("2026-03-08")!, place: "村文化广场", ledBy: "王芳",
                                   topic: "三八妇女节计生政策宣传", outcome: "发放资料300份"), on: testToday)
        try db.saveMeeting(Meeting(kind: .memberMeeting, heldOn: LocalDate("2026-05-12")!, place: "一社会议室", ledBy: "李明",
                                   topic: "通报履诺检查", villageGroupId: she.id), on: testToday)
        return db
    }

    @Test func theListTheFormAndThePicker() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        app.press(.char("7"), .char("5"))
        #expect(app.top is MeetingListScreen)
        expectSnapshot(app.render(), "meeting_list")
        // F5 on the 社员会议: the picker lists 一社's households and their members.
        app.press(.function(5))
        #expect(app.top is AttendeePickerScreen)
        app.press(.char(" "), .down, .char(" "))
        expectSnapshot(app.render(), "meeting_attendees")
        let meeting = try #require(try db.meetings().first)
        #expect(meeting.households == 1 && meeting.persons == 1)
        // Space again takes the person off; on the household, the household with its persons.
        app.press(.char(" "))
        #expect(try db.meeting(id: meeting.meeting.id!)?.persons == 0)
        app.press(.char(" "), .up, .char(" "))
        #expect(try db.meeting(id: meeting.meeting.id!).map { [$0.households, $0.persons] } == [0, 0])
        #expect(app.screenText.contains("已登记参加：0 户，0 人") && !app.screenText.contains("✓"), "\(app.screenText)")
        app.press(.char(" "))
        app.press(.escape)
        #expect(app.screenText.contains("1户0人"), "\(app.screenText)")
        // A new one: the form refuses a future date and keeps what was typed, then goes on to the picker.
        app.press(.function(3))
        #expect(app.top is MeetingFormScreen)
        expectSnapshot(app.render(), "meeting_form")
        let form = try #require(app.top as? MeetingFormScreen)
        form.form.setValue("heldOn", "2026-11-26")
        form.form.setValue("place", "村卫生室")
        form.form.setValue("ledBy", "王芳")
        form.form.setValue("topic", "婚育新风进万家")
        app.press(.function(2))
        #expect(app.top is MeetingFormScreen && app.screenText.contains("日期不能晚于今天"), "\(app.screenText)")
        #expect(form.form.value("topic") == "婚育新风进万家")
        form.form.setValue("heldOn", "2026-06-10")
        app.press(.function(2))
        #expect(app.top is AttendeePickerScreen, "\(app.screenText)")
        app.press(.escape)
        #expect(app.screenText.contains("宣传 2/4"), "\(app.screenText)")
        #expect(try db.verify().isClean)
    }

    @Test func aDeleteIsUndoneWithU() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        app.press(.char("7"), .char("5"))
        app.press(.function(8), .char("y"))
        #expect(try db.meetings().count == 1 && app.screenText.contains("已删除；按 u 撤销"), "\(app.screenText)")
        app.press(.char("u"))
        #expect(try db.meetings().count == 2, "\(app.screenText)")
        app.press(.char("u"))
        #expect(app.message?.kind == .error)
    }

    @Test func inEnglish() throws {
        let app = try makeModel(try Self.database(), language: .en)
        app.press(.char("7"), .char("5"))
        expectSnapshot(app.render(), "meeting_list_en")
        app.press(.function(5), .char(" "))
        expectSnapshot(app.render(), "meeting_attendees_en")
        app.press(.escape, .function(3))
        expectSnapshot(app.render(), "meeting_form_en")
    }

    @Test func thePairsAndThePersonsKey() throws {
        let db = try Self.database()
        // 李秀英 of 0101 (an association member) helps 阿依古丽·买买提 of 0102 (born 1990).
        let app = try makeModel(db)
        app.press(.char("7"), .char("6"))
        #expect(app.top is PairingListScreen)
        app.press(.function(3))
        expectSnapshot(app.render(), "mentor_pairing_form")
        let form = try #require(app.top as? PairingFormScreen)
        form.form.setValue("helperId", "0101:张三")
        form.form.setValue("womanId", "0102:阿依古丽·买买提")
        app.press(.function(2))
        #expect(app.top is PairingFormScreen && app.screenText.contains("张三不是计生协会会员"), "\(app.screenText)")
        form.form.setValue("helperId", "0101:李秀英")
        form.form.setValue("startedOn", "2026-02-01")
        app.press(.function(2))
        #expect(app.top is PairingListScreen, "\(app.screenText)")
        expectSnapshot(app.render(), "mentor_pairing_list")
        let en = try makeModel(db, language: .en)
        en.press(.char("7"), .char("6"))
        expectSnapshot(en.render(), "mentor_pairing_list_en")
        // The person's form lists the pairs under F8.
        let woman = try db.members(householdId: try db.householdRows(filter: "0102", villageGroupId: nil, sort: .number,
                                                                     ascending: true, offset: 0, limit: 1)[0].id)[0]
        app.apply(.push(PersonFormScreen(app.context, person: woman)))
        app.press(.function(8))
        #expect(app.top is PairingListScreen && app.screenText.contains("李秀英"), "\(app.screenText)")
    }

    @Test func aViewerReadsWithoutWriteKeysAndTheDashboardOpensTheList() throws {
        let (db, _) = try ScreenRoleTests.database()
        try db.signIn(username: "admin", password: "admin2026")
        try db.saveMeeting(Meeting(kind: .publicity, heldOn: LocalDate("2026-03-08")!, place: "村文化广场", ledBy: "王芳",
                                   topic: "三八宣传"), on: testToday)
        db.signOut()
        try db.signIn(username: "town", password: "town2026")
        let app = try makeModel(db)
        #expect(app.screenText.contains("宣传　1/4"), "\(app.screenText)")
        app.press(.char("j"))
        #expect(app.top is MeetingListScreen && app.screenText.contains("三八宣传"))
        for key in ["F3", "F5", "F8"] { #expect(!app.screenText.contains(key + " "), "\(key) hidden from the viewer") }
        app.press(.function(8))
        #expect(app.screenText.contains("无权"), "\(app.screenText)")
        #expect(try db.meetings().count == 1)
    }

    /// F5 on the 协议范本 list: the template's version adopted at the 社员会议 of the register.
    @Test func aTemplateIsAdoptedAtAMeetingOfTheRegister() throws {
        let db = try Self.database()
        for language in [Language.zh, .en] {
            let app = try makeModel(db, language: language)
            app.apply(.push(AgreementTemplateListScreen(app.context)))
            app.press(.function(5))
            #expect(app.top is TemplateMeetingFormScreen)
            // The first time the meeting is chosen; the second time the form shows it.
            if language == .zh { app.press(.right) }
            expectSnapshot(app.render(), language == .zh ? "template_meeting_form" : "template_meeting_form_en")
            app.press(.function(2))
            #expect(app.top is AgreementTemplateListScreen, "\(app.screenText)")
            #expect(app.screenText.contains("2026-05-12"), "\(app.screenText)")
        }
        let template = try #require(try db.agreementTemplates().first)
        #expect(template.meetingId == (try db.decidingMeetings().first?.id) && template.adoptedBy == "社员会议")
        // The pair form in English.
        let en = try makeModel(db, language: .en)
        en.apply(.push(PairingFormScreen(en.context)))
        expectSnapshot(en.render(), "mentor_pairing_form_en")
    }

    /// The audit log reads a meeting in the form's words, its kind as a word.
    @Test func theAuditLogReadsAMeeting() throws {
        let db = try Self.database()
        let app = try makeModel(db)
        let entry = try #require(try db.auditEntries(table: "meeting", limit: 10).first { $0.action == "insert" && $0.after?.contains("三八") == true })
        let summary = AuditText(catalog: app.context.catalog, language: .zh).summary(entry)
        #expect(summary.contains("类别：宣传") && summary.contains("主持人：王芳") && summary.contains("主题：三八妇女节计生政策宣传"),
                "\(summary)")
        #expect(AuditText.tableNames["meeting"]?.zh == "会议与走访")
    }
}
