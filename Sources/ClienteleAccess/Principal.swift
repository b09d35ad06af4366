/// Who is calling, after authentication.
public struct Principal: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The daemon's uid, root, or a uid given by option, proven by the socket's peer credentials.
        case localOperator(uid: UInt32)
        /// A signed-in user.
        case user(id: String)
        /// A service holding an API key (its id), issued by a user.
        case apiKey(id: String, issuedBy: String)
    }

    public var kind: Kind
    /// Every role the caller holds; for an API key, exactly the key's role.
    public var grants: [Grant]
    /// Set while acting inside one client through "sign in as": the impersonating user.
    public var impersonator: String?

    public init(kind: Kind, grants: [Grant], impersonator: String? = nil) {
        self.kind = kind
        self.grants = grants
        self.impersonator = impersonator
    }

    /// The user the caller acts as, if any.
    public var userID: String? {
        switch self.kind {
        case .user(let id): id
        case .apiKey, .localOperator: nil
        }
    }

    public var isLocalOperator: Bool {
        if case .localOperator = self.kind { return true }
        return false
    }
}
