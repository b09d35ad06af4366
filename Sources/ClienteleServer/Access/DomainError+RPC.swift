import ClienteleDomain
import ClienteleRPC

extension DomainError {
    /// The status code and message the caller gets.
    var rpcError: RPCError {
        switch self {
        case .invalidArgument: RPCError(.invalidArgument, self.description)
        case .notFound: RPCError(.notFound, self.description)
        case .alreadyExists: RPCError(.alreadyExists, self.description)
        case .permissionDenied: RPCError(.permissionDenied, self.description)
        case .unauthenticated: RPCError(.unauthenticated, self.description)
        case .failedPrecondition: RPCError(.failedPrecondition, self.description)
        case .resourceExhausted: RPCError(.resourceExhausted, self.description)
        case .unavailable: RPCError(.unavailable, self.description)
        }
    }
}
