/// Lists stored in one TEXT column, joined by the ASCII unit separator (which
/// validation keeps out of every value).
enum ListColumn {
    static let separator: Character = "\u{1F}"

    static func encode(_ values: [String]) -> String {
        values.joined(separator: String(self.separator))
    }

    static func decode(_ text: String) -> [String] {
        // Split on the byte, not on Characters: the separator is ASCII, and this runs for every row read.
        text.isEmpty
            ? []
            : text.utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
    }

    /// `priority:response:resolution`, one per level.
    static func encode(_ levels: [ServiceLevelRecord]) -> String {
        self.encode(levels.map { "\($0.priority):\($0.responseMinutes):\($0.resolutionMinutes)" })
    }

    static func decodeServiceLevels(_ text: String) -> [ServiceLevelRecord] {
        self.decode(text).compactMap { item in
            let parts = item.utf8.split(separator: UInt8(ascii: ":")).compactMap { Int(Substring($0)) }
            guard parts.count == 3 else { return nil }
            return ServiceLevelRecord(priority: parts[0], responseMinutes: parts[1], resolutionMinutes: parts[2])
        }
    }
}
