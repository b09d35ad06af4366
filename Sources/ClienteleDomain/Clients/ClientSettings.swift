/// Tunables of the client workflows, with the daemon's defaults.
public struct ClientSettings: Sendable {
    /// How long an account owner has to activate before being removed.
    public var activationLifetimeMillis: Int64 = 14 * 24 * 3600 * 1000
    /// For an owner's first password given on create.
    public var passwordCost: PasswordHasher.Cost = .standard

    public init() {}
}
