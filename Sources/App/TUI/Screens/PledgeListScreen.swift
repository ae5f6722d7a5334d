import Domain
import Store
import UICore

/// Every household with its pledge (承诺书) and where it stands; Enter opens the pledge.
final class PledgeListScreen: TableScreen<PledgeRow> {
    static let cells: Cells<PledgeRow> = [
        "householdNumber": { r, _ in r.householdNumber },
        "headName": { r, _ in r.headName },
        "villageGroupName": { r, _ in r.villageGroupName },
        "honestyGroupName": { r, _ in r.honestyGroupName ?? "" },
        "itemCount": { r, _ in r.pledgeId == nil ? "" : String(r.itemCount) },
        "signedOn": { r, _ in r.signedOn?.description ?? "" },
        "standing": { r, c in (r.standing == .broken ? c.t(S.alarm) : "") + c.t(r.standing.label) },
    ]

    init(_ context: AppContext) {
        super.init(context, spec: "pledge_list", cells: Self.cells)
    }

    override func fetch() throws -> [PledgeRow] { try context.db.pledgeRows() }
    override func rowId(_ r: PledgeRow) -> Int64 { r.householdId }

    override func open(_ row: PledgeRow) -> Action {
        let items = (try? context.db.pledgeItems(includeRetired: true)) ?? []
        if !items.contains(where: { !$0.isRetired }) {
            return refuse(Localized("承诺事项目录为空，请先在“承诺事项目录”中添加事项", "The pledge catalogue is empty; add items first"))
        }
        return .push(PledgeFormScreen(context, row: row))
    }
}
