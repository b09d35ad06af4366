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

    /// Every call hands its principal from the gate to the handler and the audit:
    /// one shared, immutable storage makes each of those copies a single retain.
    private final class Storage: Sendable {
        let kind: Kind
        let grants: [Grant]
        let impersonator: String?

        init(kind: Kind, grants: [Grant], impersonator: String?) {
            self.kind = kind
            self.grants = grants
            self.impersonator = impersonator
        }
    }

    private let storage: Storage

    public var kind: Kind { self.storage.kind }
    /// Every role the caller holds; for an API key, exactly the key's role.
    public var grants: [Grant] { self.storage.grants }
    /// Set while acting inside one client through "sign in as": the impersonating user.
    public var impersonator: String? { self.storage.impersonator }

    public init(kind: Kind, grants: [Grant], impersonator: String? = nil) {
        self.storage = Storage(kind: kind, grants: grants, impersonator: impersonator)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.kind == rhs.kind && lhs.grants == rhs.grants && lhs.impersonator == rhs.impersonator)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.kind)
        hasher.combine(self.grants)
        hasher.combine(self.impersonator)
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
