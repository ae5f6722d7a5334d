import App
import Domain
import Foundation
import Print
import Store
import UICore

extension BenchRun {
    // MARK: The county

    /// Generates the county into `path` (or reuses a generated file); returns the
    /// 50-household honesty group and the 1,000-household 社.
    mutating func prepareCounty(path: String, options: GlobalOptions, households: Int, seed: UInt64) throws
        -> (CountySummary?, Int64, Int64) {
        let fresh = try options.openDatabase(path: path, signIn: false)
        if fresh.requiresSignIn {
            say("沿用已生成的数据库 \(path)", "Reusing the generated database \(path)")
        } else {
            say("正在生成县级数据库（\(households) 户，种子 \(seed)）：\(path)",
                "Generating the county (\(households) households, seed \(seed)) into \(path)")
            let db = fresh
            guard let template = try db.agreementTemplates().first(where: \.isDefault) ?? db.agreementTemplates().first,
                  let templateId = template.id else { throw UserError("没有协议书范本 / no agreement template") }
            let start = monotonicSeconds()
            var lastShown = start
            let summary = try db.generateCounty(households: households, seed: seed, templateId: templateId) { done in
                let now = monotonicSeconds()
                if now - lastShown > 5 {
                    lastShown = now
                    FileHandle.standardError.write(Data("  … \(done) 户 / households\n".utf8))
                }
            }
            let seconds = monotonicSeconds() - start
            let checksum = try db.recordsChecksum()
            say("生成行校验和：\(checksum)", "Rows checksum: \(checksum)")
            // The bench's own accounts, hashed at a lower cost: signing in is not what is measured.
            let owner = try AppDatabase.open(path: path, passwordCost: Self.passwordCost)
            _ = try owner.createFirstAdministrator(username: "admin", displayName: "测试管理员", password: Self.adminPassword)
            try owner.addUser(username: "clerk", displayName: "测试专干", role: .clerk, password: Self.clerkPassword)
            owner.signOut()
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? Int) ?? 0
            say(String(format: "生成完毕，用时 %.1f 秒：%ld 个村、%ld 个社、%ld 户、%ld 人、%ld 个诚信计生小组、%ld 份协议、%ld 条审计记录；文件 %.0f MB",
                       seconds, summary.villages, summary.villageGroups, summary.households, summary.persons,
                       summary.honestyGroups, summary.agreements, summary.auditEntries, Double(size) / 1e6),
                String(format: "Generated in %.1f s: %ld villages, %ld 社, %ld households, %ld persons, %ld honesty groups, %ld agreements, %ld audit entries; file %.0f MB",
                       seconds, summary.villages, summary.villageGroups, summary.households, summary.persons,
                       summary.honestyGroups, summary.agreements, summary.auditEntries, Double(size) / 1e6))
        }
        // The cases: the largest honesty group (50 households) and the largest 社 (1,000).
        let db = try options.openDatabase(path: path, signIn: false)
        try db.signIn(username: "clerk", password: Self.clerkPassword)
        let groups = try db.honestyGroups()
        guard let large = groups.max(by: { ($0.memberCount, -($0.group.id ?? 0)) < ($1.memberCount, -($1.group.id ?? 0)) }),
              let roster = try db.villageGroups().max(by: { ($0.householdCount, -($0.group.id ?? 0)) < ($1.householdCount, -($1.group.id ?? 0)) })
        else { throw UserError("生成的数据库没有小组 / the database has no groups") }
        say("测试用例：小组「\(large.group.name)」\(large.memberCount) 户；社「\(roster.group.name)」\(roster.householdCount) 户",
            "Cases: honesty group \(large.group.name) with \(large.memberCount) households; 社 \(roster.group.name) with \(roster.householdCount) households")
        return (nil, large.group.id ?? 0, roster.group.id ?? 0)
    }
}
