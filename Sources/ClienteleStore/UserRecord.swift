/// A person's account in one group (tenant). Accounts are owned by their group:
/// the same email may have an account in several groups, each with its own
/// credentials, and no group can see or change another group's accounts.
public struct UserRecord: Sendable, Equatable, Codable {
    public var id: String
    /// The group that owns the account; only its owners manage it.
    public var groupID: String
    /// Unique within the group, compared case-insensitively (ASCII).
    public var email: String
    public var name: String
    public var passwordHash: [UInt8]?
    public var passwordSalt: [UInt8]?
    public var disabled: Bool
    public var mustChangePassword: Bool
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds.
    public var updatedAt: Int64
    public var version: Int

    public init(
        id: String,
        groupID: String,
        email: String,
        name: String,
        passwordHash: [UInt8]?,
        passwordSalt: [UInt8]?,
        disabled: Bool,
        mustChangePassword: Bool,
        createdAt: Int64,
        updatedAt: Int64,
        version: Int
    ) {
        self.id = id
        self.groupID = groupID
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.passwordSalt = passwordSalt
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// A new account without a password, as invitations and member lists make them.
    public static func invited(id: String, groupID: String, email: String, name: String, now: Int64) -> Self {
        Self(
            id: id, groupID: groupID, email: email, name: name, passwordHash: nil, passwordSalt: nil,
            disabled: false, mustChangePassword: false, createdAt: now, updatedAt: now, version: 1)
    }
}
