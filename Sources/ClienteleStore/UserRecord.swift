/// A person who signs in. Users are global: one user may hold roles in several groups.
public struct UserRecord: Sendable, Equatable, Codable {
    public var id: String
    /// Unique, compared case-insensitively (ASCII).
    public var email: String
    public var name: String
    public var passwordHash: [UInt8]?
    public var passwordSalt: [UInt8]?
    public var disabled: Bool
    public var mustChangePassword: Bool
    public var failedLogins: Int
    /// Unix milliseconds; sign-in is refused until then.
    public var lockedUntil: Int64?
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds.
    public var updatedAt: Int64
    public var version: Int

    public init(
        id: String,
        email: String,
        name: String,
        passwordHash: [UInt8]?,
        passwordSalt: [UInt8]?,
        disabled: Bool,
        mustChangePassword: Bool,
        failedLogins: Int,
        lockedUntil: Int64?,
        createdAt: Int64,
        updatedAt: Int64,
        version: Int
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.passwordSalt = passwordSalt
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
