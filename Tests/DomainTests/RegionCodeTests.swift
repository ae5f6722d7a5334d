import Testing
@testable import Domain

/// 统计用区划代码: codes as the statistics bureau publishes them, and the demo's province 99.
@Suite struct RegionCodeTests {
    @Test func aVillagesCodeGivesItsTownshipAndCounty() throws {
        // 北京市东城区东华门街道多福巷社区居委会, as published: 110101001001.
        let beijing = try #require(RegionCode("110101001001"))
        #expect(beijing.county == "110101" && beijing.township == "110101001000" && beijing.countyCode == "110101000000")
        // The demo's 星光村 in 示范县 示范镇, province 99.
        let demo = try #require(RegionCode("990101100201"))
        #expect(demo.province == "99" && demo.township == "990101100000")
        // The county's six digits are where ID numbers of its people start (GB 11643's example 11010519491231002X).
        #expect(RegionCode("110105001201")?.county == String("11010519491231002X".prefix(6)))
    }

    @Test func whatIsNotAVillagesCodeIsRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("99010110020", "12位数字"), ("9901011002011", "12位数字"), ("99010110020a", "12位数字"),
            ("９９0101100201", "12位数字"), ("", "12位数字"),
            ("000101100201", "不是省级代码"), ("980101100201", "不是省级代码"),
            ("990100100201", "第5、6位不能是00"),
            ("990101000201", "第7至9位"),
            ("990101100000", "乡镇的代码不是村的代码"),
        ]
        for (text, reason) in cases {
            #expect(RegionCode.problem(text)?.zh.contains(reason) == true, "\(text)")
            #expect(RegionCode(text) == nil)
        }
        #expect(RegionCode.problem("990101100201") == nil)
    }

    @Test func aVillageWithABadCodeIsNotValid() {
        #expect(Validation.validate(Village(name: "星光村", code: "12345")).map(\.field) == ["code"])
        #expect(Validation.validate(Village(name: "星光村", code: "")).isEmpty)
        #expect(Validation.validate(Village(name: "星光村", code: "990101100201")).isEmpty)
    }
}
