/// One role on one scope, held by the caller, with where it came from.
public struct Grant: Hashable, Codable, Sendable {
    public enum Source: Hashable, Codable, Sendable {
        /// A role assignment (its id).
        case assignment(String)
        /// The role an API key was issued with (the key's id).
        case apiKey(String)
    }

    public var role: Role
    public var scope: Scope
    /// The tenant the grant belongs to.
    public var groupID: String
    /// Unix milliseconds after which the grant no longer counts; `nil` for never.
    public var expiresAt: Int64?
    public var source: Source

    public init(role: Role, scope: Scope, groupID: String, expiresAt: Int64? = nil, source: Source) {
        self.role = role
        self.scope = scope
        self.groupID = groupID
        self.expiresAt = expiresAt
        self.source = source
    }

    public func isLive(at now: Int64) -> Bool {
        self.expiresAt.map { now < $0 } ?? true
    }
}
