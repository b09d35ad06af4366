/// Per-call settings on the client side.
public struct CallOptions: Sendable {
    /// How long to wait for the answer; sent to the server as `timeout_nano`. `nil` waits forever.
    public var timeout: Duration?
    /// Sent with the call, e.g. `authorization`, `idempotency-key`, `request-id`.
    public var metadata: Metadata

    public init(timeout: Duration? = nil, metadata: Metadata = Metadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }

    public static let defaults = CallOptions()
}
