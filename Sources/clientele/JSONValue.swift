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

    struct SyntaxError: Error {
        let offset: Int
    }

    /// Parses one document; anything after it but whitespace is an error.
    static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.atEnd else { throw SyntaxError(offset: parser.offset) }
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
