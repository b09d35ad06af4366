/// Lists stored in one TEXT column, joined by the ASCII unit separator (which
/// validation keeps out of every value).
package enum ListColumn {
    static let separator: Character = "\u{1F}"

    package static func encode(_ values: [String]) -> String {
        values.joined(separator: String(self.separator))
    }

    package static func decode(_ text: String) -> [String] {
        // Split on the byte, not on Characters: the separator is ASCII, and this runs for every row read.
        text.isEmpty
            ? []
            : text.utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
    }

    /// `priority:response:resolution`, one per level.
    package static func encode(_ levels: [ServiceLevelRecord]) -> String {
        self.encode(levels.map { "\($0.priority):\($0.responseMinutes):\($0.resolutionMinutes)" })
    }

    /// Read in one pass over the bytes (this runs for every client read): an item that is
    /// not three integers joined by `:` is skipped.
    package static func decodeServiceLevels(_ text: String) -> [ServiceLevelRecord] {
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
            case 0: parts.0 = number
            case 1: parts.1 = number
            case 2: parts.2 = number
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
                // Accumulated with its sign, so that Int.min reads back (its magnitude is no Int).
                let digit = Int(byte &- UInt8(ascii: "0"))
                let (sum, overflowSum) =
                    sign < 0 ? product.subtractingReportingOverflow(digit) : product.addingReportingOverflow(digit)
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
