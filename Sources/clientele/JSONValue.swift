/// A JSON document with its objects' members in the order written, for rendering
/// protobuf JSON (whose fields come in proto order) as a table.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    struct Member: Equatable {
        let key: String
        let value: JSONValue
    }

    /// Where and why a text is not JSON.
    struct SyntaxError: Error {
        let offset: Int
        var reason = "not JSON"

        /// "line 2, column 5: a comma before '}' (JSON allows no trailing comma)"; lines and
        /// columns count from 1, columns in characters.
        func describe(in bytes: [UInt8]) -> String {
            let (line, column) = Self.position(of: self.offset, in: bytes)
            return "line \(line), column \(column): \(self.reason)"
        }

        static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
            let before = bytes.prefix(min(offset, bytes.count))
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<before.endIndex], as: UTF8.self).count + 1
            return (line, column)
        }
    }

    /// Parses one document; anything after it but whitespace is an error.
    static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.atEnd else {
            throw SyntaxError(offset: parser.offset, reason: parser.unexpected("after the end of the JSON value"))
        }
        return value
    }

    /// The value at a dotted path such as "fields.account_name"; through a list,
    /// the list of each item's value ("roles.role").
    func value(at path: String) -> JSONValue? {
        self.value(at: path.split(separator: ".").map(String.init)[...])
    }

    private func value(at path: ArraySlice<String>) -> JSONValue? {
        guard let key = path.first else { return self }
        switch self {
        case .object(let members): return members.first { $0.key == key }?.value.value(at: path.dropFirst())
        case .array(let items): return .array(items.compactMap { $0.value(at: path) })
        default: return nil
        }
    }
}
