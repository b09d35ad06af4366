import Synchronization

/// TEST ONLY: ids and secrets from a seeded pseudo-random stream (SplitMix64), the
/// same in every run, so that contract recordings can be replayed byte for byte.
/// Its tokens are predictable: never use it where real clients connect.
public final class SeededIDGenerator: IDGenerator {
    private let state: Mutex<UInt64>

    public init(seed: UInt64) {
        self.state = Mutex(seed)
    }

    public func make(_ prefix: String) -> String {
        prefix + "_" + Base32.encode(self.randomBytes(16))
    }

    public func randomBytes(_ count: Int) -> [UInt8] {
        self.state.withLock { state in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count + 7)
            while bytes.count < count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                withUnsafeBytes(of: z.littleEndian) { bytes.append(contentsOf: $0) }
            }
            return Array(bytes.prefix(count))
        }
    }
}
