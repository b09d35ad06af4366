/// A role held by a user on a scope (a group, or one client) inside a group (the tenant).
public struct RoleAssignmentRecord: Sendable, Equatable, Codable {
    public var id: String
    public var userID: String
    public var role: String
    /// "group" or "client".
    public var scopeKind: String
    public var scopeID: String
    /// The tenant the scope belongs to.
    public var groupID: String
    /// Unix milliseconds.
    public var createdAt: Int64
    public var createdBy: String?
    /// Unix milliseconds; `nil` for a role that does not expire.
    public var expiresAt: Int64?

    public init(
        id: String,
        userID: String,
        role: String,
        scopeKind: String,
        scopeID: String,
        groupID: String,
        createdAt: Int64,
        createdBy: String?,
        expiresAt: Int64?
    ) {
        self.id = id
        self.userID = userID
        self.role = role
        self.scopeKind = scopeKind
        self.scopeID = scopeID
        self.groupID = groupID
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
    }
}
