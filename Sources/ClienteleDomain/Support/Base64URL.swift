/// RFC 4648 §5 base64url without padding, for cursors and page tokens: written byte by byte
/// instead of through Foundation's base64 and `replacingOccurrences`, which cost a change feed
/// answer more than its AES (an `NSString` round trip per call on Linux).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Each byte's 6-bit value, 0xFF for a byte outside both alphabets. The standard alphabet's
    /// `+` and `/` are read as `-` and `_`, as the Foundation decoding before did.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "/"))] = 63
        return table
    }()

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        BitGroupEncoding.encode(bytes, bits: 6, alphabet: alphabet)
    }

    /// The bytes of `text`, with or without trailing `=` padding; `nil` for a character outside
    /// the alphabet, a length no encoding has, or unused trailing bits that are not zero (so one
    /// byte string has exactly one spelling).
    static func decode(_ text: String) -> [UInt8]? {
        var units = Substring(text).utf8[...]
        while units.last == UInt8(ascii: "=") { units = units.dropLast() }
        guard units.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(units.count * 3 / 4)
        var buffer = 0
        var bits = 0
        for unit in units {
            let value = values[Int(unit)]
            guard value != 0xFF else { return nil }
            buffer = (buffer << 6) | Int(value)
            bits += 6
            if bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> (bits - 8)))
                bits -= 8
                buffer &= (1 << bits) - 1
            }
        }
        guard buffer == 0 else { return nil }
        return output
    }
}
