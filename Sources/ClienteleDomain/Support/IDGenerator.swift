/// Makes resource ids (a type prefix and 128 random bits in lower-case base32,
/// e.g. `usr_5k2…`) and the random bytes of secrets (tokens, temporary
/// passwords). Injectable so recordings can be deterministic.
public protocol IDGenerator: Sendable {
    func make(_ prefix: String) -> String
    /// `count` random bytes for a secret.
    func randomBytes(_ count: Int) -> [UInt8]
}

/// Random ids and secrets from the system's generator.
public struct RandomIDGenerator: IDGenerator {
    public init() {}

    public func make(_ prefix: String) -> String {
        prefix + "_" + Base32.encode(self.randomBytes(16))
    }

    public func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
