/// Tunables of the people workflows, with the daemon's defaults.
public struct PeopleSettings: Sendable {
    /// How long a portal invitation is valid unless the caller says otherwise.
    public var invitationLifetimeMillis: Int64 = 7 * 24 * 3600 * 1000
    /// How long a "sign in as" token acts.
    public var signInAsLifetimeMillis: Int64 = 15 * 60 * 1000
    public var passwordCost: PasswordHasher.Cost = .standard

    public init() {}
}
