/// Why a domain operation was refused, in words a caller can act on.
/// The server maps each case to one gRPC status code.
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field is missing or malformed: its path and why.
    case invalidArgument(field: String, reason: String)
    /// Absent, or not visible to the caller: the two read alike.
    case notFound(String)
    /// A unique field already taken.
    case alreadyExists(field: String)
    case permissionDenied(String)
    case unauthenticated(String)
    case failedPrecondition(String)
    /// Too many attempts; try again later.
    case resourceExhausted(String)
    /// The store cannot serve (disk full, read-only).
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalidArgument(let field, let reason): "\(field): \(reason)"
        case .notFound(let what): "\(what) not found"
        case .alreadyExists(let field): "\(field) is already taken"
        case .permissionDenied(let why), .unauthenticated(let why), .failedPrecondition(let why),
            .resourceExhausted(let why), .unavailable(let why):
            why
        }
    }
}
