/// Counts of the group committer's transactions and of the writes they carried, since start.
public struct GroupCommitStatistics: Sendable, Equatable {
    public var commits = 0
    public var writes = 0
    public var largestBatch = 0

    package init() {}

    /// As Health's store detail shows it.
    public var summary: String {
        "group commit: \(self.writes) writes in \(self.commits) transactions, largest \(self.largestBatch)"
    }
}
