/// The groups a write body appended changes for, each with the last sequence appended, handed
/// to `ChangeSignal` once its group commit has committed (a body whose savepoint rolled back
/// hands nothing over).
final class ChangedGroups {
    private(set) var heads: [String: Int64] = [:]

    func insert(_ group: String, sequence: Int64) {
        self.heads[group] = max(self.heads[group] ?? sequence, sequence)
    }

    /// Takes over `other`'s groups (a write whose savepoint committed).
    func append(_ other: ChangedGroups) {
        self.heads.merge(other.heads, uniquingKeysWith: max)
    }
}
