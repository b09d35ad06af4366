/// One row of the change feed: which object of a group changed, in commit order.
/// `kind` is the number of the contract's `ChangeKind`.
public struct ChangeRecord: Sendable, Equatable {
    /// Assigned by the store on insert (never reused): the feed's order and cursor.
    public var sequence: Int64
    public var groupID: String
    /// The client the object belongs to; `nil` for an object of the group alone.
    public var clientID: String?
    public var kind: Int
    public var objectID: String
    /// The client's version after the change, for the kinds that change it; 0 otherwise.
    public var version: Int64
    /// The object is gone.
    public var deleted: Bool
    public var changedFields: [String]
    public var at: Int64

    public init(
        groupID: String, clientID: String?, kind: Int, objectID: String, version: Int64, deleted: Bool,
        changedFields: [String], at: Int64
    ) {
        self.sequence = 0
        self.groupID = groupID
        self.clientID = clientID
        self.kind = kind
        self.objectID = objectID
        self.version = version
        self.deleted = deleted
        self.changedFields = changedFields
        self.at = at
    }
}
