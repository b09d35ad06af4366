import Crypto

/// Bearer secrets: 256 random bits behind a readable prefix (`clt_s_` for
/// sessions, `clt_k_` for API keys). Only their SHA-256 is stored.
public enum SecretToken {
    public enum Kind: String, Sendable {
        case session = "clt_s_"
        case apiKey = "clt_k_"
    }

    public static func make(_ kind: Kind, using random: any IDGenerator) -> String {
        kind.rawValue + Base32.encode(random.randomBytes(32))
    }

    public static func kind(of token: String) -> Kind? {
        var token = token
        return token.withUTF8 { self.kind(of: UnsafeRawBufferPointer($0)) }
    }

    static func kind(of token: UnsafeRawBufferPointer) -> Kind? {
        for kind in [Kind.session, .apiKey] where token.starts(with: kind.rawValue.utf8) {
            return kind
        }
        return nil
    }

    public static func hash(_ token: String) -> [UInt8] {
        self.digest(token).bytes
    }

    /// The SHA-256 of the token's UTF-8 as four words: hashable and cheap to keep as a cache key.
    public static func digest(_ token: String) -> Digest {
        var token = token
        return token.withUTF8 { self.digest(UnsafeRawBufferPointer($0)) }
    }

    static func digest(_ token: UnsafeRawBufferPointer) -> Digest {
        SHA256.hash(data: token).withUnsafeBytes { raw in
            Digest(
                a: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                b: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                c: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                d: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            )
        }
    }

    /// A SHA-256 value, held inline.
    public struct Digest: Hashable, Sendable {
        let a: UInt64
        let b: UInt64
        let c: UInt64
        let d: UInt64

        public var bytes: [UInt8] {
            withUnsafeBytes(of: (self.a, self.b, self.c, self.d)) { Array($0) }
        }
    }

    /// Equal contents, in time that depends only on the length.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
