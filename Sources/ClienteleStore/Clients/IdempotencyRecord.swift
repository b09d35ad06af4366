/// The first answer to a write made with an idempotency key, kept to answer replays.
public struct IdempotencyRecord: Sendable, Equatable {
    /// Whose key it is (keys of different callers never collide).
    public var caller: String
    public var key: String
    public var method: String
    /// SHA-256 of the request, to refuse a reuse with different parameters.
    public var requestHash: [UInt8]
    /// The serialized response.
    public var response: [UInt8]
    public var createdAt: Int64

    public init(caller: String, key: String, method: String, requestHash: [UInt8], response: [UInt8], createdAt: Int64)
    {
        self.caller = caller
        self.key = key
        self.method = method
        self.requestHash = requestHash
        self.response = response
        self.createdAt = createdAt
    }
}
