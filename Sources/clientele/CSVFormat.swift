import Foundation

/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in
/// double quotes may hold commas, line breaks and doubled quotes. A leading UTF-8
/// byte order mark is skipped.
enum CSVFormat {
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

    static func parse(_ bytes: [UInt8]) throws(Failure) -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
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
            case comma: endField()
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

    /// One record, quoting the fields that need it, ending in CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        .joined(separator: ",") + "\r\n"
    }
}
