/// Filters for `AuditStore.list`; `nil` filters nothing.
public struct AuditFilter: Sendable {
    public var groupID: String
    public var clientID: String?
    public var actor: String?
    public var actionPrefix: String?
    public var since: Int64?
    public var until: Int64?
    /// The sequence of the last entry of the previous page.
    public var beforeSequence: Int64?
    public var limit = 50

    public init(groupID: String) {
        self.groupID = groupID
    }
}
