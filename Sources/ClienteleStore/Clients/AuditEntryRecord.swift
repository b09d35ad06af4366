/// One line of the audit trail: who did what to which resource, when, and why.
public struct AuditEntryRecord: Sendable, Equatable {
    public var id: String
    /// Assigned by the store on insert: the order of the trail.
    public var sequence: Int64
    public var groupID: String
    public var clientID: String?
    public var actor: String
    public var onBehalfOf: String?
    public var action: String
    public var resource: String
    public var requestID: String
    public var changedFields: [String]
    public var detail: String
    public var at: Int64

    public init(
        id: String, groupID: String, clientID: String?, actor: String, onBehalfOf: String?, action: String,
        resource: String, requestID: String, changedFields: [String], detail: String, at: Int64
    ) {
        self.id = id
        self.sequence = 0
        self.groupID = groupID
        self.clientID = clientID
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.action = action
        self.resource = resource
        self.requestID = requestID
        self.changedFields = changedFields
        self.detail = detail
        self.at = at
    }
}
