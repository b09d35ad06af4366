/// A signed-in session. Only the hash of its token is stored.
public struct SessionRecord: Sendable, Equatable, Codable {
    public var id: String
    public var tokenHash: [UInt8]
    public var userID: String
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds.
    public var expiresAt: Int64
    /// Unix milliseconds.
    public var revokedAt: Int64?
    /// The client a staff member signed in as, for an impersonation session.
    public var impersonatedClientID: String?
    /// The staff member behind an impersonation session.
    public var actorUserID: String?

    public init(
        id: String,
        tokenHash: [UInt8],
        userID: String,
        createdAt: Int64,
        expiresAt: Int64,
        revokedAt: Int64?,
        impersonatedClientID: String?,
        actorUserID: String?
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.impersonatedClientID = impersonatedClientID
        self.actorUserID = actorUserID
    }
}
