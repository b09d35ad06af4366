/// Ids that sort by creation time, as ULIDs do: a type prefix, the time in milliseconds
/// (48 bits) and 80 random bits, in a base32 alphabet in ASCII order, e.g.
/// `cli_01jd…`. New rows then land at the end of every index keyed by id (the
/// table's own, and the many keyed by client id) instead of on a random page of
/// each: a write dirties, and fsyncs, far fewer pages. Ids are names, not secrets:
/// tokens come from `SecretToken`.
public struct TimeOrderedIDGenerator: IDGenerator {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    let clock: any Clock

    public init(clock: any Clock = SystemClock()) {
        self.clock = clock
    }

    public func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        var output = Array(prefix.utf8)
        output.append(UInt8(ascii: "_"))
        // 10 characters of time (50 bits, the top 2 always 0), then 16 of randomness.
        let time = UInt64(max(0, self.clock.nowMillis())) & ((1 << 48) - 1)
        for shift in stride(from: 45, through: 0, by: -5) {
            output.append(Self.alphabet[Int((time >> UInt64(shift)) & 31)])
        }
        // 80 random bits: 60 from one word, 20 from another.
        let words: [UInt64] = [generator.next(), generator.next()]
        for index in 0..<16 {
            let word = words[index / 12]
            let shift = UInt64((index % 12) * 5)
            output.append(Self.alphabet[Int((word >> shift) & 31)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    public func randomBytes(_ count: Int) -> [UInt8] {
        RandomIDGenerator().randomBytes(count)
    }
}
