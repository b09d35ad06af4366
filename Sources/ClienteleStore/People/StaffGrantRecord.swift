/// Partner staff access to a whole client, or to one of its linked accounts.
public struct StaffGrantRecord: Sendable, Equatable {
    public var id: String
    public var groupID: String
    public var clientID: String
    /// `nil` for the whole client.
    public var accountID: String?
    public var userID: String
    public var grantedBy: String
    public var createdAt: Int64
    public var expiresAt: Int64?

    public init(
        id: String, groupID: String, clientID: String, accountID: String?, userID: String, grantedBy: String,
        createdAt: Int64, expiresAt: Int64?
    ) {
        self.id = id
        self.groupID = groupID
        self.clientID = clientID
        self.accountID = accountID
        self.userID = userID
        self.grantedBy = grantedBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
