public import Logging

/// Everything a handler knows about a call besides its request message.
public struct CallContext: Sendable {
    public var method: MethodDescriptor
    public var metadata: Metadata
    /// The caller's process, from the socket's peer credentials.
    public var peer: PeerCredentials
    /// When the caller stops waiting; `nil` when it set no timeout.
    public var deadline: ContinuousClock.Instant?
    /// The caller's `request-id` metadata value, or one made up by the server.
    public var requestID: String
    /// The connection's logger; put `requestID` in the metadata of what you log.
    public var logger: Logger
    private var attributes: [ObjectIdentifier: any Sendable] = [:]

    public init(
        method: MethodDescriptor,
        metadata: Metadata = Metadata(),
        peer: PeerCredentials = .unknown,
        deadline: ContinuousClock.Instant? = nil,
        requestID: String,
        logger: Logger
    ) {
        self.method = method
        self.metadata = metadata
        self.peer = peer
        self.deadline = deadline
        self.requestID = requestID
        self.logger = logger
    }

    /// A value attached by an interceptor.
    public subscript<Key: CallAttributeKey>(_ key: Key.Type) -> Key.Value? {
        get { self.attributes[ObjectIdentifier(key)] as? Key.Value }
        set { self.attributes[ObjectIdentifier(key)] = newValue }
    }

    /// Throws DEADLINE_EXCEEDED once the deadline has passed, CANCELLED when the task was cancelled.
    public func checkAlive() throws(RPCError) {
        if let deadline = self.deadline, ContinuousClock.now >= deadline {
            throw RPCError(.deadlineExceeded, "deadline exceeded")
        }
        if Task.isCancelled {
            throw RPCError(.cancelled, "call cancelled")
        }
    }
}
