/// A user's membership of a client: its member role and portal access.
public struct MemberRecord: Sendable, Equatable {
    public var clientID: String
    public var userID: String
    /// "member_admin" or "member".
    public var role: String
    public var portalAccess: Bool
    public var createdAt: Int64

    public init(clientID: String, userID: String, role: String, portalAccess: Bool, createdAt: Int64) {
        self.clientID = clientID
        self.userID = userID
        self.role = role
        self.portalAccess = portalAccess
        self.createdAt = createdAt
    }
}
