/// A write as the service layer receives it: where it comes from, and how to
/// encode its answer — the bytes stored with an idempotency key, in the same
/// transaction, so that a replay answers exactly them.
public struct Write<Answer>: Sendable {
    public var origin: WriteOrigin
    public var encode: @Sendable (Answer) throws -> [UInt8]

    public init(origin: WriteOrigin, encode: @escaping @Sendable (Answer) throws -> [UInt8]) {
        self.origin = origin
        self.encode = encode
    }
}
