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

extension CallOptions {
    /// These options over `defaults`: this timeout if set, else the default's; the
    /// defaults' metadata with each key these options name replaced by their values.
    public func merged(over defaults: CallOptions) -> CallOptions {
        var metadata = defaults.metadata
        for key in Set(self.metadata.map(\.key)) {
            let values = self.metadata.values(key)
            metadata.replace(key, with: values[0])
            for value in values.dropFirst() { metadata.append(key, value) }
        }
        return CallOptions(timeout: self.timeout ?? defaults.timeout, metadata: metadata)
    }
}
