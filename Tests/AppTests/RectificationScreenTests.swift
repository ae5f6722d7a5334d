import Domain
import Store
import Testing
import UICore
@testable import App

/// 失信整改 on the screens (承诺与兑现 → 8), on the pledge fixture whose 0101 broke an
/// item in 2026年第四季度: the case, its steps, and the household ledger saying why its
/// conditional benefits are withheld.
@Suite struct RectificationScreenTests {
    @Test func theCaseListItsStepsAndTheLedgersReason() throws {
        let db = try makePledgeFixture()
        let app = try makeModel(db)
        app.press(.char("6"), .char("8"))
        #expect(app.top is RectificationListScreen)
        expectSnapshot(app.render(), "rectification_list")
        // Out of order: the committee cannot check before the group has reviewed.
        app.press(.function(6))
        #expect(app.message?.kind == .error && app.message!.text.contains("须先记录小组评议"), "\(app.message?.text ?? "")")
        app.press(.function(5))
        expectSnapshot(app.render(), "rectification_step_form")
        app.type("小组评议属实")
        app.press(.function(2))
        #expect(app.screenText.contains("待村委会核实"), "\(app.screenText)")
        // The committee's check needs who checked; the form keeps the date typed.
        app.press(.function(6), .function(2))
        #expect(app.top is RectificationStepFormScreen && app.screenText.contains("请填写核实人"), "\(app.screenText)")
        app.type("村主任 王建国")
        app.press(.function(2))
        #expect(app.screenText.contains("暂停优惠") && app.screenText.contains("暂停守信优惠 1 户次"), "\(app.screenText)")
        app.press(.enter)
        #expect(app.screenText.contains("村委会核实：2026-11-25　村主任 王建国"), "\(app.screenText)")
        app.press(.escape, .escape)
        // The ledger of 0101 says its conditional benefits are withheld, and from when.
        app.press(.char("5"), .enter)
        expectSnapshot(app.render(), "household_ledger_withheld")
        app.press(.escape, .escape, .char("8"))
        app.press(.function(7), .function(2), .function(9), .function(2))
        #expect(app.screenText.contains("已恢复") && app.screenText.contains("未结 0 项"), "\(app.screenText)")
        #expect(try db.withholdingCase(householdId: db.pledgeRows()[0].householdId, on: testToday) == nil)
        #expect(try db.verify().isClean)
    }

    @Test func inEnglish() throws {
        let app = try makeModel(try makePledgeFixture(), language: .en)
        app.press(.char("6"), .char("8"))
        expectSnapshot(app.render(), "rectification_list_en")
        app.press(.function(5))
        expectSnapshot(app.render(), "rectification_step_form_en")
    }
}
