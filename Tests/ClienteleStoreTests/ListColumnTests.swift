import Testing

@testable import ClienteleStore

@Suite("List columns")
struct ListColumnTests {
    @Test("service levels read back as written, in order")
    func serviceLevelsRoundTrip() {
        let levels = [
            ServiceLevelRecord(priority: 1, responseMinutes: 240, resolutionMinutes: 2_880),
            ServiceLevelRecord(priority: 2, responseMinutes: 60, resolutionMinutes: 0),
            ServiceLevelRecord(priority: 4, responseMinutes: 5, resolutionMinutes: 1_000_000),
        ]
        #expect(ListColumn.decodeServiceLevels(ListColumn.encode(levels)) == levels)
        #expect(ListColumn.decodeServiceLevels(ListColumn.encode([ServiceLevelRecord]())) == [])
    }

    @Test("the extremes of Int read back (Int.min's magnitude is no Int); one past them is skipped")
    func serviceLevelExtremes() {
        let levels = [ServiceLevelRecord(priority: Int.min, responseMinutes: Int.max, resolutionMinutes: -1)]
        #expect(ListColumn.decodeServiceLevels(ListColumn.encode(levels)) == levels)
        #expect(ListColumn.decodeServiceLevels("-9223372036854775809:1:1") == [])
        #expect(ListColumn.decodeServiceLevels("9223372036854775808:1:1") == [])
    }

    @Test(
        "an item that is not three integers is skipped, the others are kept",
        arguments: [
            "1:2", "1:2:3:4", "1::3", "a:2:3", "1:2:", ":1:2", "1:2:99999999999999999999", "1-:2:3",
        ])
    func malformedItemsAreSkipped(item: String) {
        let text = ["3:30:300", item, "4:40:400"].joined(separator: "\u{1F}")
        #expect(
            ListColumn.decodeServiceLevels(text) == [
                ServiceLevelRecord(priority: 3, responseMinutes: 30, resolutionMinutes: 300),
                ServiceLevelRecord(priority: 4, responseMinutes: 40, resolutionMinutes: 400),
            ])
    }

    @Test("text lists keep empty values and order")
    func textLists() {
        #expect(ListColumn.decode(ListColumn.encode(["a", "", "ü@x"])) == ["a", "", "ü@x"])
        #expect(ListColumn.decode("") == [])
    }
}
