import Foundation

/// RFC 4180 CSV: fields separated by commas (or another separator), records by
/// CRLF or LF; a field in double quotes may hold separators, line breaks and
/// doubled quotes. A leading UTF-8 byte order mark is skipped. Reads UTF-8 (see
/// TextEncoding for the other encodings); writes UTF-8 with commas.
enum CSVFormat {
    /// What separates the fields of a record.
    enum Separator: Equatable, Sendable, CaseIterable, CustomStringConvertible {
        case comma, semicolon, tab

        var byte: UInt8 {
            switch self {
            case .comma: UInt8(ascii: ",")
            case .semicolon: UInt8(ascii: ";")
            case .tab: UInt8(ascii: "\t")
            }
        }

        var description: String {
            switch self {
            case .comma: ","
            case .semicolon: ";"
            case .tab: "tab"
            }
        }

        /// `,` `;` or a tab, also written `comma`, `semicolon`, `tab` or `\t`.
        init?(name: String) {
            switch name.lowercased() {
            case ",", "comma": self = .comma
            case ";", "semicolon": self = .semicolon
            case "\t", "\\t", "tab": self = .tab
            default: return nil
            }
        }

        /// The separator of a file's text (UTF-8), from its first line (the header): a
        /// semicolon or a tab when the line has no comma but has one of them (the more
        /// frequent; a tab when as many), otherwise a comma.
        static func detect(_ text: [UInt8]) -> Separator {
            let line = text.prefix(while: { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") })
            func count(_ separator: Separator) -> Int { line.count(where: { $0 == separator.byte }) }
            guard count(.comma) == 0 else { return .comma }
            let semicolons = count(.semicolon), tabs = count(.tab)
            if tabs > 0 && tabs >= semicolons { return .tab }
            return semicolons > 0 ? .semicolon : .comma
        }
    }

    /// One record and where it is in the file (the first record is 1, as a spreadsheet numbers rows).
    struct Record: Equatable {
        var number: Int
        var fields: [String]

        /// A line with nothing on it.
        var isBlank: Bool { self.fields.count == 1 && self.fields[0].isEmpty }
    }

    struct Failure: Error, CustomStringConvertible {
        var record: Int
        var reason: String
        var description: String { "row \(self.record): \(self.reason)" }
    }

    /// The records of UTF-8 text; a byte sequence that is not UTF-8 becomes U+FFFD,
    /// so the text is checked first (TextEncoding.decode).
    static func parse(_ bytes: [UInt8], separator: Separator = .comma) throws(Failure) -> [Record] {
        let quote = UInt8(ascii: "\""), delimiter = separator.byte, cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var quoted = false
        var afterQuote = false
        var atFieldStart = true
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
            afterQuote = false
            atFieldStart = true
        }
        func endRecord() {
            endField()
            records.append(Record(number: records.count + 1, fields: fields))
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter: endField()
            case lf: endRecord()
            case cr:
                if index < bytes.count && bytes[index] == lf { index += 1 }
                endRecord()
            case quote where atFieldStart:
                quoted = true
                atFieldStart = false
            default:
                guard !afterQuote else {
                    throw Failure(
                        record: records.count + 1,
                        reason: "text after a closing quote (a quote inside a quoted field is written \"\")")
                }
                guard byte != quote else {
                    throw Failure(
                        record: records.count + 1,
                        reason: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                field.append(byte)
                atFieldStart = false
            }
        }
        if quoted { throw Failure(record: records.count + 1, reason: "a quoted field is not closed") }
        if !fields.isEmpty || !field.isEmpty || afterQuote || !atFieldStart { endRecord() }
        return records
    }

    /// The row that text ending in `prefix` is on: one more than the records ended in
    /// `prefix` (line breaks outside quotes; CRLF is one), numbered as `parse` numbers them.
    static func row(after prefix: some Collection<UInt8>) -> Int {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var row = 1
        var quoted = false
        var afterCR = false
        for byte in prefix {
            // A doubled quote inside quotes leaves and re-enters them: the same state.
            if byte == quote { quoted.toggle() }
            if !quoted && (byte == cr || (byte == lf && !afterCR)) { row += 1 }
            afterCR = !quoted && byte == cr
        }
        return row
    }

    /// One record, quoting the fields that need it, ending in CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        .joined(separator: ",") + "\r\n"
    }
}
