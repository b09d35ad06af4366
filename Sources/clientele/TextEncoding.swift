/// The text encodings `clientele clients import --encoding` reads. The file is turned
/// into UTF-8 before its CSV is parsed, strictly: a byte that is not text in the
/// encoding is an error naming its row and byte offset, never a U+FFFD.
enum TextEncoding: Equatable, Sendable, CaseIterable, CustomStringConvertible {
    /// The default; a byte order mark is skipped.
    case utf8
    /// Either byte order, named by the byte order mark the file must start with.
    case utf16
    case utf16LE
    case utf16BE
    case windows1252
    case isoLatin1

    var description: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16: "utf-16"
        case .utf16LE: "utf-16le"
        case .utf16BE: "utf-16be"
        case .windows1252: "windows-1252"
        case .isoLatin1: "iso-8859-1"
        }
    }

    /// The names `--encoding` accepts, case, `-`, `_` and spaces ignored.
    private static let aliases: [String: TextEncoding] = [
        "utf8": .utf8,
        "utf16": .utf16, "utf16le": .utf16LE, "utf16be": .utf16BE,
        "windows1252": .windows1252, "cp1252": .windows1252, "win1252": .windows1252, "ms1252": .windows1252,
        "iso88591": .isoLatin1, "latin1": .isoLatin1, "isolatin1": .isoLatin1, "l1": .isoLatin1, "cp819": .isoLatin1,
    ]

    /// `name` or one of its aliases (latin1, cp1252, utf16, UTF_8…); nil for any other name.
    init?(name: String) {
        let key = String(name.lowercased().filter { !"-_ ".contains($0) })
        guard let encoding = Self.aliases[key] else { return nil }
        self = encoding
    }

    /// Why a file could not be read in its encoding; `row` and `offset` (from 0, the
    /// start of the file, byte order mark included) say where, when it is one place.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var message: String
        var row: Int?
        var offset: Int?
        var description: String { self.message }
    }

    private static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The file's text as UTF-8, without a byte order mark.
    func decode(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        if self != .utf8 && bytes.starts(with: Self.utf8BOM) {
            throw Failure(
                message: "the file starts with a UTF-8 byte order mark (0xEF 0xBB 0xBF), so it is UTF-8, "
                    + "not \(self): leave out --encoding or say --encoding utf-8",
                row: 1, offset: 0)
        }
        switch self {
        case .utf8: return try Self.validateUTF8(bytes)
        case .utf16:
            if bytes.starts(with: [0xFF, 0xFE]) { return try Self.decodeUTF16(bytes, from: 2, bigEndian: false) }
            if bytes.starts(with: [0xFE, 0xFF]) { return try Self.decodeUTF16(bytes, from: 2, bigEndian: true) }
            throw Failure(
                message: "the file has no UTF-16 byte order mark (0xFF 0xFE or 0xFE 0xFF) to tell its byte order; "
                    + "name it with --encoding utf-16le or utf-16be")
        case .utf16LE, .utf16BE:
            let bigEndian = self == .utf16BE
            let own: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            let other: [UInt8] = bigEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            if bytes.starts(with: other) {
                throw Failure(
                    message: "the file starts with a \(bigEndian ? "little" : "big")-endian byte order mark "
                        + "(\(Self.hex(other))), not \(self): say --encoding utf-16", row: 1, offset: 0)
            }
            return try Self.decodeUTF16(bytes, from: bytes.starts(with: own) ? 2 : 0, bigEndian: bigEndian)
        case .windows1252, .isoLatin1:
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count + bytes.count / 8)
            for (offset, byte) in bytes.enumerated() {
                guard byte >= 0x80 else {
                    text.append(byte)
                    continue
                }
                var scalar = UInt32(byte)
                if self == .windows1252 && byte < 0xA0 {
                    scalar = UInt32(Self.windows1252High[Int(byte - 0x80)])
                    guard scalar != 0 else {
                        let row = CSVFormat.row(after: text)
                        throw Failure(
                            message: "the file is not valid windows-1252: row \(row), byte offset \(offset) "
                                + "(0x\(Self.hex(byte)) is no character in windows-1252)",
                            row: row, offset: offset)
                    }
                }
                Self.append(scalar, to: &text)
            }
            return text
        }
    }

    /// True when `bytes` are valid UTF-8 and not all ASCII: such a file read as
    /// windows-1252 or iso-8859-1 most likely shows Ã¼ where it means ü.
    static func looksLikeUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.contains(where: { $0 >= 0x80 }) && (try? validateUTF8(bytes)) != nil
    }

    /// `bytes` without a byte order mark, when every sequence is well-formed UTF-8
    /// (Unicode's table 3-7: no overlong forms, surrogates or values above U+10FFFF).
    private static func validateUTF8(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw Failure(
                message: "the file starts with a UTF-16 byte order mark (\(Self.hex(Array(bytes.prefix(2))))), "
                    + "so it is not UTF-8: name its encoding with --encoding utf-16",
                row: 1, offset: 0)
        }
        let start = bytes.starts(with: Self.utf8BOM) ? 3 : 0
        var index = start
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The valid range of the second byte, and how many bytes the sequence has.
            let second: ClosedRange<UInt8>
            let length: Int
            switch lead {
            case 0xC2...0xDF: (second, length) = (0x80...0xBF, 2)
            case 0xE0: (second, length) = (0xA0...0xBF, 3)
            case 0xE1...0xEC, 0xEE...0xEF: (second, length) = (0x80...0xBF, 3)
            case 0xED: (second, length) = (0x80...0x9F, 3)
            case 0xF0: (second, length) = (0x90...0xBF, 4)
            case 0xF1...0xF3: (second, length) = (0x80...0xBF, 4)
            case 0xF4: (second, length) = (0x80...0x8F, 4)
            default: throw Self.notUTF8(bytes, start: start, at: index)
            }
            guard index + length <= bytes.count, second.contains(bytes[index + 1]),
                bytes[(index + 2)..<(index + length)].allSatisfy({ (0x80...0xBF).contains($0) })
            else { throw Self.notUTF8(bytes, start: start, at: index) }
            index += length
        }
        return start == 0 ? bytes : Array(bytes[start...])
    }

    private static func notUTF8(_ bytes: [UInt8], start: Int, at offset: Int) -> Failure {
        let row = CSVFormat.row(after: bytes[start..<offset])
        return Failure(
            message: "the file is not valid UTF-8: row \(row), byte offset \(offset) (0x\(Self.hex(bytes[offset]))); "
                + "name its encoding with --encoding windows-1252 (or iso-8859-1, utf-16)",
            row: row, offset: offset)
    }

    private static func decodeUTF16(_ bytes: [UInt8], from start: Int, bigEndian: Bool) throws(Failure) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        func unit(_ offset: Int) -> UInt32 {
            bigEndian
                ? UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1])
                : UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset])
        }
        func failure(_ offset: Int, _ what: String) -> Failure {
            let row = CSVFormat.row(after: text)
            let shown = Self.hex(Array(bytes[offset..<min(offset + 2, bytes.count)]))
            return Failure(
                message: "the file is not valid UTF-16 (\(bigEndian ? "big" : "little")-endian): row \(row), "
                    + "byte offset \(offset) (\(shown): \(what))",
                row: row, offset: offset)
        }
        var offset = start
        while offset < bytes.count {
            guard offset + 1 < bytes.count else { throw failure(offset, "half a character at the end") }
            let first = unit(offset)
            switch first {
            case 0xD800...0xDBFF:
                guard offset + 3 < bytes.count, case let second = unit(offset + 2), (0xDC00...0xDFFF).contains(second)
                else { throw failure(offset, "a high surrogate without its low surrogate") }
                Self.append(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), to: &text)
                offset += 4
            case 0xDC00...0xDFFF: throw failure(offset, "a low surrogate without its high surrogate")
            default:
                Self.append(first, to: &text)
                offset += 2
            }
        }
        return text
    }

    /// Windows-1252's characters for the bytes 0x80–0x9F (0 where it has none); the
    /// other bytes are the same as in ISO 8859-1, which is Unicode's first 256.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// Appends a scalar (never a surrogate) as UTF-8.
    private static func append(_ scalar: UInt32, to text: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: text.append(UInt8(scalar))
        case 0x80..<0x800:
            text.append(UInt8(0xC0 | scalar >> 6))
            text.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            text.append(UInt8(0xE0 | scalar >> 12))
            text.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            text.append(UInt8(0x80 | scalar & 0x3F))
        default:
            text.append(UInt8(0xF0 | scalar >> 18))
            text.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            text.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            text.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { "0x" + Self.hex($0) }.joined(separator: " ") }
}
