/// RFC 4648 base32 in lower case without padding: safe in ids, tokens and file names.
enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        BitGroupEncoding.encode(bytes, bits: 5, alphabet: alphabet)
    }
}
