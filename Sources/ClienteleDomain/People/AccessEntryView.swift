/// One line of a client's "Staff" panel: who can access it, with which role, through what.
public struct AccessEntryView: Sendable, Equatable {
    public var userID: String
    public var email: String
    public var name: String
    public var role: String
    /// "group", "client", "assigned" or "account:<id>".
    public var through: String
    public var expiresAt: Int64?
}
