/// The groups a write body appended changes for, handed to `ChangeSignal` once its
/// group commit has committed (a body whose savepoint rolled back hands nothing over).
final class ChangedGroups {
    private(set) var groups: Set<String> = []

    func insert(_ group: String) {
        self.groups.insert(group)
    }

    /// Takes over `other`'s groups (a write whose savepoint committed).
    func append(_ other: ChangedGroups) {
        self.groups.formUnion(other.groups)
    }
}
