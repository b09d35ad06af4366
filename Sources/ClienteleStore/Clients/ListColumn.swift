/// Lists stored in one TEXT column, joined by the ASCII unit separator (which
/// validation keeps out of every value).
enum ListColumn {
    static let separator: Character = "\u{1F}"

    static func encode(_ values: [String]) -> String {
        values.joined(separator: String(self.separator))
    }

    static func decode(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: self.separator, omittingEmptySubsequences: false).map(String.init)
    }

    /// `priority:response:resolution`, one per level.
    static func encode(_ levels: [ServiceLevelRecord]) -> String {
        self.encode(levels.map { "\($0.priority):\($0.responseMinutes):\($0.resolutionMinutes)" })
    }

    static func decodeServiceLevels(_ text: String) -> [ServiceLevelRecord] {
        self.decode(text).compactMap { item in
            let parts = item.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return ServiceLevelRecord(priority: parts[0], responseMinutes: parts[1], resolutionMinutes: parts[2])
        }
    }
}
