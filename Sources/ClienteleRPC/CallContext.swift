public import Logging
import Synchronization

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
    /// What the calls of one connection share: one per connection, a new one per context made elsewhere.
    public var connection: Connection
    private var attributes: [ObjectIdentifier: any Sendable] = [:]

    public init(
        method: MethodDescriptor,
        metadata: Metadata = Metadata(),
        peer: PeerCredentials = .unknown,
        deadline: ContinuousClock.Instant? = nil,
        requestID: String,
        logger: Logger,
        connection: Connection = Connection()
    ) {
        self.method = method
        self.metadata = metadata
        self.peer = peer
        self.deadline = deadline
        self.requestID = requestID
        self.logger = logger
        self.connection = connection
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

extension CallContext {
    /// Values that live as long as one connection and are shared by its calls, at most one of each
    /// class (for example an authenticator's memo of the connection's last credentials).
    public final class Connection: Sendable {
        private let values = Mutex<[(type: ObjectIdentifier, value: AnyObject)]>([])

        public init() {}

        /// The connection's `Value`, made by `make` on first use.
        public func value<Value: AnyObject & Sendable>(_ make: () -> Value) -> Value {
            let type = ObjectIdentifier(Value.self)
            if let found = self.values.withLock({ $0.first { $0.type == type }?.value }) {
                return unsafeDowncast(found, to: Value.self)
            }
            let made = make()
            return self.values.withLock { values in
                if let found = values.first(where: { $0.type == type })?.value {
                    return unsafeDowncast(found, to: Value.self)
                }
                values.append((type, made))
                return made
            }
        }

        /// Drops every value (when the connection closes).
        public func removeAll() {
            self.values.withLock { $0.removeAll() }
        }
    }
}
