public import ClienteleAccess
import ClienteleDomain

/// What a method demands of its caller. Every method declares one when it is
/// registered on the `SecuredRouter`; there is no default.
public struct AccessRequirement<Request: Sendable>: Sendable {
    /// What an action is taken on.
    public enum Target: Sendable {
        /// Allowed when the policy allows the action on any of these. A caller who may
        /// not see them is told `<notFound> not found`, exactly as if it did not exist.
        case anyOf([Resource], notFound: String)
        /// As `anyOf` on one resource, with what the resolver read to find it (for example
        /// the whole client), handed to the handler as `CallContext.preloaded` once the
        /// call is allowed: a read method then reads the store once, not twice.
        case preloaded(Resource, notFound: String, value: any Sendable)
        /// The caller acting on itself (its own profile, its own session).
        case caller
    }

    /// Loads the target; throws `DomainError` (e.g. NOT_FOUND) when the request names nothing that exists.
    public typealias Resolver = @Sendable (Request, Principal) async throws -> Target

    enum Kind: Sendable {
        case open
        case openVerifyingCredentials
        case authenticated
        case localOperator
        case action(Action, Resolver)
    }

    let kind: Kind

    /// No credentials needed, and any sent are ignored (Login).
    public static var open: Self { Self(kind: .open) }
    /// No credentials needed, but credentials that are sent must be valid (Health).
    public static var openVerifyingCredentials: Self { Self(kind: .openVerifyingCredentials) }
    /// Any valid credentials.
    public static var authenticated: Self { Self(kind: .authenticated) }
    /// Only the local operator, proven by the socket's peer credentials.
    public static var localOperator: Self { Self(kind: .localOperator) }

    /// `action` on the target the resolver loads from the request.
    public static func action(_ action: Action, on resolve: @escaping Resolver) -> Self {
        Self(kind: .action(action, resolve))
    }

    /// Whether the policy is asked per call (beyond holding valid credentials).
    var decidesPerRequest: Bool {
        switch self.kind {
        case .open, .openVerifyingCredentials, .authenticated: false
        case .localOperator, .action: true
        }
    }

    /// A short form for tables and logs.
    public var summary: String {
        switch self.kind {
        case .open: "open"
        case .openVerifyingCredentials: "open (credentials verified if sent)"
        case .authenticated: "authenticated"
        case .localOperator: "local operator"
        case .action(let action, _): action.rawValue
        }
    }
}
