import Foundation
import Testing

@testable import clientele

/// The issue's file: a header and one row with umlauts and an ß.
private let text = "account_name,city\nMüller Straße,Köln\n"

private func utf16(_ string: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
    let units = (bom ? [0xFEFF] : []) + Array(string.utf16)
    return units.flatMap { unit in
        bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
}

/// The UTF-8 of `text` and then `tail`.
private func bytes(_ text: String, _ tail: UInt8...) -> [UInt8] { Array(text.utf8) + tail }

/// Latin-1 bytes of a string whose characters are all below U+0100.
private func latin1(_ string: String) -> [UInt8] { string.unicodeScalars.map { UInt8($0.value) } }

@Suite("Import file: encodings")
struct TextEncodingTests {
    @Test(
        "--encoding takes the names and their common aliases",
        arguments: [
            ("utf-8", TextEncoding.utf8), ("UTF8", .utf8), ("utf_8", .utf8),
            ("utf-16", .utf16), ("utf16", .utf16), ("UTF-16LE", .utf16LE), ("utf-16be", .utf16BE),
            ("windows-1252", .windows1252), ("cp1252", .windows1252), ("Windows1252", .windows1252),
            ("iso-8859-1", .isoLatin1), ("ISO8859-1", .isoLatin1), ("latin1", .isoLatin1), ("Latin-1", .isoLatin1),
        ])
    func names(name: String, encoding: TextEncoding) {
        #expect(TextEncoding(name: name) == encoding)
    }

    @Test("other names are refused", arguments: ["", "utf-32", "latin2", "iso-8859-15", "ebcdic", "windows-1250"])
    func unknownNames(name: String) {
        #expect(TextEncoding(name: name) == nil)
    }

    @Test("every canonical name reads back as itself", arguments: TextEncoding.allCases)
    func canonicalNames(encoding: TextEncoding) {
        #expect(TextEncoding(name: encoding.description) == encoding)
    }

    @Test(
        "each encoding decodes the issue's file to the same text",
        arguments: [
            (TextEncoding.utf8, bytes(text)),
            (.utf8, bytes("\u{FEFF}" + text)),
            (.utf16, utf16(text, bigEndian: false, bom: true)),
            (.utf16, utf16(text, bigEndian: true, bom: true)),
            (.utf16LE, utf16(text, bigEndian: false, bom: false)),
            (.utf16LE, utf16(text, bigEndian: false, bom: true)),
            (.utf16BE, utf16(text, bigEndian: true, bom: false)),
            (.utf16BE, utf16(text, bigEndian: true, bom: true)),
            (.windows1252, latin1(text)),
            (.isoLatin1, latin1(text)),
        ] as [(TextEncoding, [UInt8])])
    func decodes(encoding: TextEncoding, bytes: [UInt8]) throws {
        #expect(try encoding.decode(bytes) == Array(text.utf8))
    }

    @Test(
        "characters beyond Latin-1: windows-1252's 0x80–0x9F and UTF-16 surrogate pairs",
        arguments: [
            (TextEncoding.windows1252, [0x80, 0x96, 0x9F, 0x8A, 0xFF], "€–ŸŠÿ"),
            (.isoLatin1, [0x41, 0xA0, 0xFF], "A\u{A0}ÿ"),
            (.utf16LE, utf16("a😀b", bigEndian: false, bom: false), "a😀b"),
            (.utf16BE, utf16("😀", bigEndian: true, bom: false), "😀"),
            (.utf8, bytes("a😀ü€"), "a😀ü€"),
        ] as [(TextEncoding, [UInt8], String)])
    func wideCharacters(encoding: TextEncoding, bytes: [UInt8], expected: String) throws {
        #expect(try encoding.decode(bytes) == Array(expected.utf8))
    }

    @Test("windows-1252 agrees with Foundation on every byte it defines")
    func windows1252AgreesWithFoundation() throws {
        for byte in UInt8(0x80)...0xFF where ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) {
            let foundation = try #require(String(data: Data([byte]), encoding: .windowsCP1252))
            #expect(try TextEncoding.windows1252.decode([byte]) == Array(foundation.utf8), "byte \(byte)")
        }
    }

    @Test(
        "a file that is not UTF-8 is refused at its first bad byte, by row and offset",
        arguments: [
            // The issue's file in windows-1252: the header is 18 bytes, "M" is 18, ü (0xFC) is 19.
            (latin1(text), 2, 19),
            (latin1("acc\u{FF}ount\n"), 1, 3),
            // A byte order mark is counted in the offset; a truncated sequence at the end.
            (bytes("\u{FEFF}account_name\nK", 0xC3), 2, 17),
            // A sequence cut short by an ASCII byte: the offset is its first byte.
            (bytes("account_name\nK", 0xE4, 0x62), 2, 14),
            // Overlong, surrogate, above U+10FFFF, a lone continuation byte.
            (bytes("a\n", 0xC0, 0x80), 2, 2),
            (bytes("a\n", 0xED, 0xA0, 0x80), 2, 2),
            (bytes("a\n", 0xF4, 0x90, 0x80, 0x80), 2, 2),
            (bytes("a\nb\n", 0x80), 3, 4),
            // Rows as the CSV numbers them: a line break inside quotes is no new row, CRLF is one
            // break, a blank line is a row.
            (bytes("account_name,city\n\"a\nb\",", 0xFC), 2, 24),
            (bytes("h\r\nx\r\n", 0xFC), 3, 6),
            (bytes("h\n\n", 0xFC), 3, 3),
            (bytes("h\r\r", 0xFC), 3, 3),
        ] as [([UInt8], Int, Int)])
    func notUTF8(bytes: [UInt8], row: Int, offset: Int) {
        #expect(throws: TextEncoding.Failure.self) { try TextEncoding.utf8.decode(bytes) }
        do {
            _ = try TextEncoding.utf8.decode(bytes)
        } catch {
            #expect(error.row == row)
            #expect(error.offset == offset)
            #expect(
                error.message
                    == "the file is not valid UTF-8: row \(row), byte offset \(offset) "
                    + "(0x\(String(bytes[offset], radix: 16, uppercase: true))); "
                    + "name its encoding with --encoding windows-1252 (or iso-8859-1, utf-16)")
        }
    }

    @Test(
        "other unreadable files name the trouble",
        arguments: [
            (TextEncoding.utf8, [0xFF, 0xFE, 0x61, 0x00], "UTF-16 byte order mark (0xFF 0xFE)", 1, 0),
            (.utf8, [0xFE, 0xFF, 0x00, 0x61], "--encoding utf-16", 1, 0),
            (.utf16, bytes("account_name"), "no UTF-16 byte order mark", nil, nil),
            (.utf16LE, [0xFE, 0xFF, 0x00, 0x61], "big-endian byte order mark (0xFE 0xFF), not utf-16le", 1, 0),
            (.utf16BE, [0xFF, 0xFE, 0x61, 0x00], "little-endian byte order mark (0xFF 0xFE), not utf-16be", 1, 0),
            (.windows1252, [0xEF, 0xBB, 0xBF, 0x61], "UTF-8 byte order mark", 1, 0),
            (.isoLatin1, [0xEF, 0xBB, 0xBF, 0x61], "it is UTF-8, not iso-8859-1", 1, 0),
            (.utf16, [0xEF, 0xBB, 0xBF, 0x61], "it is UTF-8, not utf-16", 1, 0),
            (.windows1252, bytes("a\nb", 0x81), "row 2, byte offset 3 (0x81 is no character", 2, 3),
            (.utf16LE, [0x61, 0x00, 0x0A, 0x00, 0x62], "row 2, byte offset 4 (0x62: half a character", 2, 4),
            (.utf16LE, [0x61, 0x00, 0x3D, 0xD8], "0x3D 0xD8: a high surrogate without its low", 1, 2),
            (.utf16LE, [0x3D, 0xD8, 0x61, 0x00], "a high surrogate without its low", 1, 0),
            (
                .utf16BE, [0xFE, 0xFF, 0x00, 0x0A, 0xDE, 0x00], "(big-endian): row 2, byte offset 4 (0xDE 0x00: a low",
                2, 4
            ),
        ] as [(TextEncoding, [UInt8], String, Int?, Int?)])
    func otherFailures(encoding: TextEncoding, bytes: [UInt8], message: String, row: Int?, offset: Int?) {
        do {
            let decoded = try encoding.decode(bytes)
            Issue.record("decoded to \(decoded)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.row == row)
            #expect(error.offset == offset)
        }
    }

    @Test(
        "valid UTF-8 with non-ASCII bytes is noticed (a warning under windows-1252 or iso-8859-1)",
        arguments: [
            (bytes(text), true), (latin1(text), false), (bytes("account_name\nabc\n"), false),
        ] as [([UInt8], Bool)])
    func looksLikeUTF8(bytes: [UInt8], expected: Bool) {
        #expect(TextEncoding.looksLikeUTF8(bytes) == expected)
    }
}

@Suite("Import file: separators")
struct SeparatorTests {
    @Test(
        "the separator comes from the header line",
        arguments: [
            ("account_name,city", CSVFormat.Separator.comma),
            ("account_name;city;country", .semicolon),
            ("account_name\tcity\tcountry", .tab),
            ("account_name", .comma),
            ("account_name;city,country", .comma),
            ("a;b\tc", .tab),
            ("a;b;c\td", .semicolon),
            ("account_name\nx;y", .comma),
            ("a;b\r\nc,d", .semicolon),
            ("", .comma),
        ])
    func detect(text: String, expected: CSVFormat.Separator) {
        #expect(CSVFormat.Separator.detect(Array(text.utf8)) == expected)
    }

    @Test(
        "--separator takes a character or its name",
        arguments: [
            (",", CSVFormat.Separator.comma), ("comma", .comma), (";", .semicolon), ("semicolon", .semicolon),
            ("\t", .tab), ("\\t", .tab), ("tab", .tab), ("TAB", .tab),
        ])
    func names(name: String, expected: CSVFormat.Separator) {
        #expect(CSVFormat.Separator(name: name) == expected)
    }

    @Test("other separators are refused", arguments: ["|", "", ",;", "space", " "])
    func unknownNames(name: String) {
        #expect(CSVFormat.Separator(name: name) == nil)
    }

    @Test(
        "fields split on the separator only; quotes still hold it",
        arguments: [
            (
                "account_name;city\n\"Müller; Söhne\";Köln,DE\n", CSVFormat.Separator.semicolon,
                [["account_name", "city"], ["Müller; Söhne", "Köln,DE"]]
            ),
            (
                "account_name\tcity\r\nMüller, Söhne\t\"K\tln\"\r\n", .tab,
                [["account_name", "city"], ["Müller, Söhne", "K\tln"]]
            ),
            ("account_name,city\na;b,c\n", .comma, [["account_name", "city"], ["a;b", "c"]]),
        ])
    func parse(text: String, separator: CSVFormat.Separator, expected: [[String]]) throws {
        #expect(try CSVFormat.parse(Array(text.utf8), separator: separator).map(\.fields) == expected)
    }

    @Test("the issue's file in windows-1252 with semicolons reads as its text")
    func decodedAndSplit() throws {
        let bytes = latin1("account_name;city;country\r\nMüller Straße;Köln;DE\r\n")
        let decoded = try TextEncoding.windows1252.decode(bytes)
        let separator = CSVFormat.Separator.detect(decoded)
        #expect(separator == .semicolon)
        #expect(
            try CSVFormat.parse(decoded, separator: separator).map(\.fields) == [
                ["account_name", "city", "country"], ["Müller Straße", "Köln", "DE"],
            ])
    }

    @Test("the template is still written with commas, in UTF-8, and reads back as two records")
    func templateUnaffected() throws {
        #expect(CSVFormat.line(["a;b", "c\td", "e"]) == "a;b,c\td,e\r\n")
        let bytes = Array(ClientImportTemplate.csv.utf8)
        #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let decoded = try TextEncoding.utf8.decode(bytes)
        #expect(CSVFormat.Separator.detect(decoded) == .comma)
        let records = try CSVFormat.parse(decoded)
        #expect(records.map(\.fields) == [ClientImportTemplate.names, ClientImportTemplate.columns.map(\.example)])
    }
}
