import Crypto

/// An `idempotency-key` sent with a write, and a digest of the request it came with.
public struct IdempotencyClaim: Sendable, Equatable {
    public static let maximumKeyLength = 128

    public var key: String
    public var requestHash: [UInt8]

    /// Checks the key (1–128 printable ASCII characters, named in the error) and
    /// digests the method and the request's bytes.
    public init(key: String, method: String, request: [UInt8]) throws(DomainError) {
        guard !key.isEmpty, key.utf8.count <= Self.maximumKeyLength,
            key.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else {
            throw .invalidArgument(
                field: "idempotency-key",
                reason: "must be 1–\(Self.maximumKeyLength) printable ASCII characters without spaces")
        }
        var hasher = SHA256()
        hasher.update(data: Array(method.utf8) + [0])
        hasher.update(data: request)
        self.key = key
        self.requestHash = Array(hasher.finalize())
    }
}
