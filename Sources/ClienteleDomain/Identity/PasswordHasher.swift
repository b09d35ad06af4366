import Crypto
import _CryptoExtras

/// scrypt password hashing with a per-user random salt. The cost parameters
/// are stored in front of the derived key, so they can be raised later
/// without invalidating existing hashes.
public struct PasswordHasher: Sendable {
    public struct Cost: Sendable, Equatable {
        /// log2 of scrypt's N.
        public var logN: UInt8
        public var blockSize: UInt8
        public var parallelism: UInt8

        public init(logN: UInt8, blockSize: UInt8, parallelism: UInt8) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per hash.
        public static let standard = Cost(logN: 15, blockSize: 8, parallelism: 1)
        /// For unit tests only.
        public static let fastForTests = Cost(logN: 4, blockSize: 1, parallelism: 1)
    }

    /// Shortest password accepted.
    public static let minimumLength = 12
    private static let keyLength = 32

    public let cost: Cost

    public init(cost: Cost = .standard) {
        self.cost = cost
    }

    /// A new salt and the hash of `password` under it.
    public func hash(_ password: String) throws -> (hash: [UInt8], salt: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return (try self.derive(password, salt: salt, cost: self.cost), salt)
    }

    /// Whether `password` matches; compares in constant time.
    public func verify(_ password: String, hash: [UInt8], salt: [UInt8]) -> Bool {
        guard hash.count == 3 + Self.keyLength else { return false }
        let cost = Cost(logN: hash[0], blockSize: hash[1], parallelism: hash[2])
        guard cost.logN >= 1, cost.logN <= 20, cost.blockSize >= 1, cost.parallelism >= 1,
            let candidate = try? self.derive(password, salt: salt, cost: cost)
        else { return false }
        return SecretToken.constantTimeEquals(candidate, hash)
    }

    /// Spends the time of one verification, so that an unknown email answers as slowly as a wrong password.
    public func burnVerification(_ password: String) {
        _ = try? self.derive(password, salt: Array(repeating: 0, count: 16), cost: self.cost)
    }

    private func derive(_ password: String, salt: [UInt8], cost: Cost) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            outputByteCount: Self.keyLength,
            rounds: 1 << Int(cost.logN),
            blockSize: Int(cost.blockSize),
            parallelism: Int(cost.parallelism)
        )
        return [cost.logN, cost.blockSize, cost.parallelism] + key.withUnsafeBytes { Array($0) }
    }
}
