import Domain
import Foundation
import Testing
@testable import App

@Suite struct ScreenCatalogTests {
    @Test func everyScreenFileLoadsAndNamesOnlyDomainFields() throws {
        let catalog = try loadRepoCatalog()
        #expect(Set(catalog.specs.keys) == [
            "main_menu", "village_form", "village_group_list", "village_group_form", "household_list",
            "household_form", "member_table", "person_form", "person_search",
            "honesty_group_list", "honesty_group_form", "group_members", "member_candidates", "group_member_join",
            "group_member_leave", "election_form", "election_list", "agreement", "agreement_form", "agreement_template_list", "signature_form", "rectification_list", "rectification_step_form", "entitlement_batch_form", "entitlement_proposal",
            "committee_signature_form", "agreement_terminate_form", "change_head_form", "person_leave_form",
            "sign_in", "first_admin", "user_form", "user_list", "password_form", "reveal_form", "audit_list",
            "system_menu",
            // Pledges and fulfilment.
            "pledge_menu", "pledge_item_list", "pledge_item_form", "pledge_list", "pledge_form", "check_round_list",
            "check_round_form", "round_households", "check_entry", "rate_table", "policy_list", "policy_form",
            "ledger_list", "household_ledger", "overdue_list", "entitlement_form", "fulfilment_form",
            "assessment_menu", "survey_round_list", "survey_round_form", "survey_answers", "star_review_list",
            "star_review_form", "rule_document_list", "rule_document_form", "feedback_list", "feedback_form",
            "feedback_close_form", "feedback_void_form", "review_measure_list", "review_measure_form",
            "review_measure_close_form", "survey_results", "survey_discussions", "survey_discussion_form",
            "survey_sample_form",
            "calendar", "calendar_entry_list", "calendar_entry_form", "calendar_done_form",
            "print_home", "export_form", "duplicate_pairs",
            // The roster import wizard.
            "import_file_form", "import_mapping", "import_mapping_name_form", "import_preview", "import_history",
            // Meetings and field work, mentor pairs.
            "meeting_list", "meeting_form", "meeting_attendees", "mentor_pairing_list", "mentor_pairing_form",
            "template_meeting_form",
            // The township's table over its villages, and the exchange's folder and menu.
            "township_table", "exchange_folder_form", "exchange_menu",
        ])
        for spec in catalog.specs.values {
            #expect(spec.problems(knownOptions: ScreenCatalog.knownOptions).isEmpty, "\(spec.id)")
            #expect(!spec.title.zh.isEmpty && !spec.title.en.isEmpty)
        }
    }

    @Test func aFieldTheDomainDoesNotHaveIsRejected() throws {
        let json = """
        {"id": "x", "kind": "form", "record": "person", "title": {"zh": "甲", "en": "A"},
         "help": {"zh": "", "en": ""},
         "fields": [{"key": "bloodType", "type": "text", "width": 4, "label": {"zh": "血型", "en": "Blood"}}]}
        """
        let spec = try JSONDecoder().decode(ScreenSpec.self, from: Data(json.utf8))
        #expect(spec.problems(knownOptions: ScreenCatalog.knownOptions)
                == ["x: field bloodType is not a field of person"])
    }

    @Test func aBrokenFolderFailsToLoadNamingTheProblem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("screens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = """
        {"id": "t", "kind": "table", "record": "household", "title": {"zh": "甲", "en": "A"},
         "help": {"zh": "", "en": ""},
         "columns": [{"key": "number", "width": 70, "title": {"zh": "号", "en": "No"}},
                     {"key": "religion", "width": 10, "title": {"zh": "宗教", "en": "R"}}]}
        """
        try json.write(to: dir.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        #expect {
            try ScreenCatalog.load(from: dir)
        } throws: { error in
            let text = "\(error)"
            return text.contains("column religion is not a field of household") && text.contains("more than 78")
        }
    }
}
