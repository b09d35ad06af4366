import ClienteleStore

/// Lists stored in one TEXT column, as SQLite's store writes them (`ListColumn`, internal to
/// ClienteleStore): the values joined by the ASCII unit separator, which validation keeps out
/// of every value; service levels as `priority:response:resolution`. Read back the same way,
/// so a list round-trips exactly as it does on SQLite (`[""]` reads back as `[]` on both).
enum PostgresListColumn {
    static func encode(_ values: [String]) -> String {
        values.joined(separator: "\u{1F}")
    }

    static func decode(_ text: String) -> [String] {
        text.isEmpty
            ? []
            : text.utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
    }

    static func encode(_ levels: [ServiceLevelRecord]) -> String {
        self.encode(levels.map { "\($0.priority):\($0.responseMinutes):\($0.resolutionMinutes)" })
    }

    /// An item that is not three integers joined by `:` is skipped, as `ListColumn` skips it.
    /// (One difference: `ListColumn` traps on `-9223372036854775808`, whose digits overflow
    /// before the sign applies; here that item is skipped as any other overflowing one.)
    static func decodeServiceLevels(_ text: String) -> [ServiceLevelRecord] {
        var levels: [ServiceLevelRecord] = []
        var parts = (0, 0, 0)
        var count = 0  // numbers finished in this item
        var number = 0
        var sign = 1
        var digits = 0
        var valid = true
        func endNumber() {
            if digits == 0 { valid = false }
            switch count {
            case 0: parts.0 = sign &* number
            case 1: parts.1 = sign &* number
            case 2: parts.2 = sign &* number
            default: valid = false
            }
            count += 1
            (number, sign, digits) = (0, 1, 0)
        }
        func endItem() {
            endNumber()
            if valid, count == 3 {
                levels.append(
                    ServiceLevelRecord(priority: parts.0, responseMinutes: parts.1, resolutionMinutes: parts.2))
            }
            (count, valid) = (0, true)
        }
        guard !text.isEmpty else { return [] }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (product, overflowProduct) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = product.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
                if overflowProduct || overflowSum { valid = false }
                number = sum
                digits += 1
            case UInt8(ascii: "-") where digits == 0 && sign == 1: sign = -1
            case UInt8(ascii: ":"): endNumber()
            case 0x1F: endItem()
            default: valid = false
            }
        }
        endItem()
        return levels
    }
}
