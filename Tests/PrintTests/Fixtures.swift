import Domain
import Foundation
@testable import Print

let printRepoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func d(_ s: String) -> LocalDate { LocalDate(s)! }

let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
let givenMen = ["建国", "志强", "文斌", "海涛", "国华", "永福", "德明", "春生"]
let givenWomen = ["秀英", "桂兰", "玉梅", "丽娟", "春燕", "美华", "翠花", "晓红"]

/// A group volume with `households` member households, every section filled.
func sampleVolume(households: Int = 6, pledges: Bool = true) -> ArchiveVolumeInput {
    var roster: [RosterRowInput] = []
    var signatures: [SignatureRowInput] = []
    var sheets: [PledgeSheetInput] = []
    for i in 0..<households {
        let number = String(format: "03%02d", i + 1)
        let man = String(surnames[i % surnames.count]) + givenMen[i % givenMen.count]
        let woman = String(surnames[(i + 7) % surnames.count]) + givenWomen[i % givenWomen.count]
        let id = IDNumber.make(area: "990101", birthDate: d("1988-03-0\(i % 9 + 1)"), sequence: 20 + i)
        roster.append(RosterRowInput(householdNumber: number, headName: man,
                                     coupleNames: i == 2 ? "阿依古丽·买买提" : "\(man)、\(woman)",
                                     idNumber: id, phone: "1391234\(String(format: "%04d", i))",
                                     address: "星光村三社\(i + 1)号", joinedOn: d("2026-03-01"),
                                     note: i == 4 ? "无育龄妇女，本人自愿加入" : ""))
        signatures.append(SignatureRowInput(householdNumber: number, signerName: woman,
                                            kind: i == 1 ? "代签" : "本人签名", signedOn: d("2026-03-10"),
                                            note: i == 1 ? "\(man)（丈夫）代签" : ""))
        if pledges {
            let items = ["按时参加小组活动，如实报告家庭人口变动情况", "自觉抵制非法胎儿性别鉴定",
                         "外出务工前告知组长，按时参加健康检查"]
            sheets.append(PledgeSheetInput(householdNumber: number, headName: man, signerName: woman,
                                           pledgedOn: d("2026-03-15"), signedOn: i == 4 ? nil : d("2026-03-18"), items: items,
                                           checks: [PledgeCheckInput(checkedOn: d("2026-06-30"), item: items[0],
                                                                     result: i == 3 ? "失信" : "守信", checkedBy: "刘组长",
                                                                     note: i == 3 ? "未报告新生儿" : "")]))
        }
    }
    let agreement = AgreementInput(
        title: "星光村三社第一小组诚信计生协议书", version: 1, state: "生效", validFrom: d("2026-03-01"),
        validTo: d("2029-02-28"),
        body: "诚信计生协议书\n\n甲方：星光村村民委员会\n乙方：三社第一小组全体成员\n\n一、村民委员会的权利与义务\n"
            + "1. 围绕落实人口和计划生育法律法规、村民自治章程、村规民约向村民作出公开承诺，并按时兑现。\n"
            + "2. 为本组群众提供政策宣传、信息咨询和代办服务，做好保护群众隐私工作，不泄露个人信息。\n\n"
            + "二、有效期限\n本协议自2026年3月1日起至2029年2月28日止，有效期3年。",
        committeeSigner: "李明", committeeSignedOn: d("2026-03-12"), signatures: signatures)
    return ArchiveVolumeInput(
        village: "星光村", township: "示范镇", county: "示范县", groupName: "三社第一小组", sheName: "三社",
        dateRange: d("2026-03-01")...d("2026-11-25"), retention: .thirtyYears, fondsNumber: "J012",
        catalogueNumber: "2026", fileNumber: "003", roster: roster, leaderName: roster.first.map { _ in "黄秀英" } ?? "",
        elections: [ElectionInput(heldOn: d("2026-03-05"), place: "三社村民会议室", presidedBy: "王主任",
                                  candidates: [(name: "黄秀英", votes: 9), (name: "王建国", votes: 3)], electedName: "黄秀英")],
        agreement: agreement, pledges: sheets,
        fulfilments: [FulfilmentRowInput(householdNumber: "0301", name: "王建国", item: "独生子女家庭医保参合金",
                                         amount: "320元", date: d("2026-09-01"), evidence: "财务凭证12号")],
        assessments: [AssessmentRowInput(date: d("2026-11-20"), assessedBy: "示范镇人民政府", item: "群众满意率",
                                         result: "95%", note: "达标")],
        compiledBy: "赵丽", checkedBy: "", compiledOn: d("2026-11-25"),
        auditHeadHash: "9f2c4e1a7b3d5f60")
}
