/// A one-time link for a user of a client: an owner's activation, or a portal invitation.
public struct InvitationRecord: Sendable, Equatable {
    public var id: String
    /// SHA-256 of the token; the token itself is only in the outbox message.
    public var tokenHash: [UInt8]
    /// "activation", "portal_link" or "portal_password".
    public var kind: String
    /// Where it was sent.
    public var email: String
    public var groupID: String
    public var clientID: String
    public var userID: String
    public var createdBy: String
    public var createdAt: Int64
    public var expiresAt: Int64
    public var acceptedAt: Int64?
    public var revokedAt: Int64?

    public init(
        id: String, tokenHash: [UInt8], kind: String, groupID: String, clientID: String, userID: String,
        createdBy: String, createdAt: Int64, expiresAt: Int64, acceptedAt: Int64? = nil, revokedAt: Int64? = nil,
        email: String = ""
    ) {
        self.email = email
        self.id = id
        self.tokenHash = tokenHash
        self.kind = kind
        self.groupID = groupID
        self.clientID = clientID
        self.userID = userID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt
        self.revokedAt = revokedAt
    }

    public func isOpen(at now: Int64) -> Bool {
        self.acceptedAt == nil && self.revokedAt == nil && now < self.expiresAt
    }
}
