/// A service key acting with one role on one scope of a group. Only the hash of its secret is stored.
public struct APIKeyRecord: Sendable, Equatable, Codable {
    public var id: String
    public var keyHash: [UInt8]
    /// The first characters of the secret, to recognise a key in lists.
    public var prefix: String
    public var name: String
    public var groupID: String
    public var role: String
    /// "group" or "client".
    public var scopeKind: String
    public var scopeID: String
    public var createdBy: String
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds.
    public var lastUsedAt: Int64?
    /// Unix milliseconds.
    public var revokedAt: Int64?

    public init(
        id: String,
        keyHash: [UInt8],
        prefix: String,
        name: String,
        groupID: String,
        role: String,
        scopeKind: String,
        scopeID: String,
        createdBy: String,
        createdAt: Int64,
        lastUsedAt: Int64?,
        revokedAt: Int64?
    ) {
        self.id = id
        self.keyHash = keyHash
        self.prefix = prefix
        self.name = name
        self.groupID = groupID
        self.role = role
        self.scopeKind = scopeKind
        self.scopeID = scopeID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
