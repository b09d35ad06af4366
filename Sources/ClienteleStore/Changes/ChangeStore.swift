/// The change feed: one row per change, appended in the transaction of the write that
/// made it, read from a position (the last sequence a follower has), pruned by age.
/// Sequences come from `AUTOINCREMENT`: never reused, even once every row is pruned.
public protocol ChangeStore {
    /// Appends `change`, giving it the next sequence.
    func append(_ change: ChangeRecord) throws

    /// Where the feed starts and the last sequence ever assigned.
    func bounds() throws -> ChangeBounds

    /// The group's changes after `sequence`, oldest first, at most `limit`; with `clients`,
    /// only the changes of those clients.
    func list(groupID: String, after sequence: Int64, clients: Set<String>?, limit: Int) throws -> [ChangeRecord]

    /// Deletes the oldest changes committed before `cutoff` (unix ms), at most `limit` of
    /// them, stopping at the first one that is not that old. Returns how many went.
    func prune(before cutoff: Int64, limit: Int) throws -> Int

    /// The client's version and status (the contract's number), or `nil` when there is none.
    func clientState(_ clientID: String) throws -> (version: Int64, status: Int)?

    func contactExists(_ contactID: String) throws -> Bool

    func memberExists(clientID: String, userID: String) throws -> Bool

    func staffGrantExists(_ grantID: String) throws -> Bool
}

extension ChangeStore {
    public typealias Bounds = ChangeBounds
}
