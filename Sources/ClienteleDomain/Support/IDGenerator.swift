/// Makes resource ids: a type prefix and 128 random bits in lower-case base32,
/// e.g. `usr_5k2…`. Injectable so recordings can be deterministic.
public protocol IDGenerator: Sendable {
    func make(_ prefix: String) -> String
}

/// Random ids from the system's generator.
public struct RandomIDGenerator: IDGenerator {
    public init() {}

    public func make(_ prefix: String) -> String {
        // Two draws of 64 bits: each draw is a system call.
        var generator = SystemRandomNumberGenerator()
        let words = (generator.next() as UInt64, generator.next() as UInt64)
        return prefix + "_" + Base32.encode(withUnsafeBytes(of: words) { Array($0) })
    }
}
