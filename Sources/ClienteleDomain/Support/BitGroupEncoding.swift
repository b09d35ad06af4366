/// RFC 4648's encodings without padding: the bytes read as one bit string, cut into groups of
/// `bits` (5 for base32, 6 for base64), each spelled by its letter of `alphabet`; the last
/// group filled with zero bits.
enum BitGroupEncoding {
    static func encode(_ bytes: some Collection<UInt8>, bits: Int, alphabet: [UInt8]) -> String {
        let mask = (1 << bits) - 1
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + bits - 1) / bits)
        var buffer = 0
        var held = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            held += 8
            while held >= bits {
                output.append(alphabet[(buffer >> (held - bits)) & mask])
                held -= bits
            }
            buffer &= (1 << held) - 1
        }
        if held > 0 { output.append(alphabet[(buffer << (bits - held)) & mask]) }
        return String(decoding: output, as: UTF8.self)
    }
}
