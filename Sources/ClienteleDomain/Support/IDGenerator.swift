/// Makes resource ids: a type prefix and 128 random bits in lower-case base32,
/// e.g. `usr_5k2…`. Injectable so recordings can be deterministic.
public protocol IDGenerator: Sendable {
    func make(_ prefix: String) -> String
}

/// Random ids from the system's generator.
public struct RandomIDGenerator: IDGenerator {
    public init() {}

    public func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + "_" + Base32.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
