/// Tunables of sign-in and credentials, with the daemon's defaults.
public struct IdentitySettings: Sendable {
    /// How long a session token lives.
    public var sessionLifetimeMillis: Int64 = 12 * 3600 * 1000
    /// Failed sign-ins allowed before the account is locked for a while.
    public var freeFailedLogins = 5
    /// The first lock lasts this long and doubles with each further failure, up to `maximumLockMillis`.
    public var firstLockMillis: Int64 = 1000
    public var maximumLockMillis: Int64 = 15 * 60 * 1000
    /// How long an authenticated principal is reused without reading the store;
    /// a revoked token or role stops working within this time.
    public var principalCacheMillis: Int64 = 1000
    /// Peer uids recognised as the local operator besides the daemon's own uid and root.
    public var operatorUIDs: Set<UInt32> = []
    public var passwordCost: PasswordHasher.Cost = .standard

    public init() {}
}
