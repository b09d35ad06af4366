/// An error that ends a call: a gRPC status code and a message a person can act on.
///
/// Internal details belong in the log, never in `message`: the message is sent to the caller.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension RPCError {
    /// One of gRPC's status codes other than OK (1...16). Codes outside that range read as `unknown`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int32, Sendable {
            case cancelled = 1
            case unknown = 2
            case invalidArgument = 3
            case deadlineExceeded = 4
            case notFound = 5
            case alreadyExists = 6
            case permissionDenied = 7
            case resourceExhausted = 8
            case failedPrecondition = 9
            case aborted = 10
            case outOfRange = 11
            case unimplemented = 12
            case `internal` = 13
            case unavailable = 14
            case dataLoss = 15
            case unauthenticated = 16
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The code for a wire value; `nil` for 0 (OK); `unknown` for anything out of range.
        public init?(rawValue: Int32) {
            if rawValue == 0 { return nil }
            self.wrapped = Wrapped(rawValue: rawValue) ?? .unknown
        }

        public var rawValue: Int32 { self.wrapped.rawValue }

        public static let cancelled = Code(.cancelled)
        public static let unknown = Code(.unknown)
        public static let invalidArgument = Code(.invalidArgument)
        public static let deadlineExceeded = Code(.deadlineExceeded)
        public static let notFound = Code(.notFound)
        public static let alreadyExists = Code(.alreadyExists)
        public static let permissionDenied = Code(.permissionDenied)
        public static let resourceExhausted = Code(.resourceExhausted)
        public static let failedPrecondition = Code(.failedPrecondition)
        public static let aborted = Code(.aborted)
        public static let outOfRange = Code(.outOfRange)
        public static let unimplemented = Code(.unimplemented)
        public static let `internal` = Code(.internal)
        public static let unavailable = Code(.unavailable)
        public static let dataLoss = Code(.dataLoss)
        public static let unauthenticated = Code(.unauthenticated)

        /// All codes, in wire order.
        public static let allCases: [Code] = (1...16).compactMap { Code(rawValue: $0) }

        /// The canonical upper-case name, e.g. `NOT_FOUND`.
        public var description: String {
            switch self.wrapped {
            case .cancelled: "CANCELLED"
            case .unknown: "UNKNOWN"
            case .invalidArgument: "INVALID_ARGUMENT"
            case .deadlineExceeded: "DEADLINE_EXCEEDED"
            case .notFound: "NOT_FOUND"
            case .alreadyExists: "ALREADY_EXISTS"
            case .permissionDenied: "PERMISSION_DENIED"
            case .resourceExhausted: "RESOURCE_EXHAUSTED"
            case .failedPrecondition: "FAILED_PRECONDITION"
            case .aborted: "ABORTED"
            case .outOfRange: "OUT_OF_RANGE"
            case .unimplemented: "UNIMPLEMENTED"
            case .internal: "INTERNAL"
            case .unavailable: "UNAVAILABLE"
            case .dataLoss: "DATA_LOSS"
            case .unauthenticated: "UNAUTHENTICATED"
            }
        }
    }
}
