import Foundation
import Testing

@testable import ClienteleDomain

/// Cursors and page tokens are spelled by `Base64URL`: the same text Foundation's base64 gave
/// them before (so tokens handed out by an older daemon still decode), read back strictly.
@Suite("Base64url")
struct Base64URLTests {
    /// Foundation's base64 turned into base64url without padding: the spelling before.
    static func foundation(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("every length from 0 to 64 bytes: Foundation's spelling, and back to the same bytes")
    func matchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for count in 0...64 {
            for _ in 0..<20 {
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let text = Base64URL.encode(bytes)
                #expect(text == Self.foundation(bytes))
                #expect(Base64URL.decode(text) == bytes)
            }
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64URL.encode(all) == Self.foundation(all))
        #expect(Base64URL.decode(Base64URL.encode(all)) == all)
    }

    @Test("padding and the standard alphabet are read; anything else is refused")
    func decodingRules() {
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("+/8=") == [0xFB, 0xFF])
        #expect(Base64URL.decode("QQ==") == [0x41])
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("Q") == nil, "no encoding is 1 character past a multiple of 4")
        #expect(Base64URL.decode("QR") == nil, "unused trailing bits must be zero")
        #expect(Base64URL.decode("QQ!A") == nil)
        #expect(Base64URL.decode("QQ A") == nil)
        #expect(Base64URL.decode("Q=Q") == nil)
        #expect(Base64URL.decode("é") == nil)
    }

    @Test("base32, which shares the bit grouping, still spells RFC 4648's test vectors (ids are made of it)")
    func base32Vectors() {
        let vectors = [
            "": "", "f": "my", "fo": "mzxq", "foo": "mzxw6", "foob": "mzxw6yq", "fooba": "mzxw6ytb",
            "foobar": "mzxw6ytboi",
        ]
        for (text, spelled) in vectors { #expect(Base32.encode(Array(text.utf8)) == spelled, "\(text)") }
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64URL.encode(Array("fo".utf8)) == "Zm8")
    }
}
