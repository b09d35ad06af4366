import ArgumentParser
import Foundation
import SwiftProtobuf

/// How a command prints its answer.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Protobuf JSON with proto field names, one document on one line.
    case json
    /// Rows and columns for a list; field and value lines for one record. Enum values as they
    /// are typed (`active`), times in RFC 3339, amounts with their currency (`12.50 EUR`).
    case table
    /// The JSON document as YAML.
    case yaml
}

/// Prints an answer in the format and with the fields the user asked for.
struct Printer {
    var format: OutputFormat = .json
    /// `--fields a,b.c`: the keys (json, yaml) or columns (table) to keep; nil keeps all.
    var fields: [String]? = nil

    static func parseFields(_ text: String?) -> [String]? {
        guard let text else { return nil }
        let fields = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return fields.isEmpty ? nil : fields
    }

    /// `columns`: dotted paths into each record of the answer's list, for a table (empty for one record).
    func print(_ message: any Message, columns: [String] = []) throws {
        FileHandle.standardOutput.write(Data(try self.render(message, columns: columns).utf8))
    }

    func render(_ message: any Message, columns: [String] = []) throws -> String {
        let json = try message.jsonString(options: JSONOutput.options)
        if self.format == .json && self.fields == nil {
            // Byte for byte what SwiftProtobuf writes.
            return json + "\n"
        }
        return self.render(try JSONValue.parse(json), columns: columns)
    }

    func print(_ value: JSONValue, columns: [String] = []) throws {
        FileHandle.standardOutput.write(Data(self.render(value, columns: columns).utf8))
    }

    func render(_ value: JSONValue, columns: [String] = []) -> String {
        switch self.format {
        case .json: return JSONRendering.compact(self.select(value, columns: columns)) + "\n"
        case .yaml: return YAMLRendering.document(self.select(value, columns: columns))
        case .table: return TableOutput.render(value, columns: self.fields ?? columns, picked: self.fields != nil)
        }
    }

    /// The answer with only `--fields`: of each record when the answer is a list of records, else of the answer.
    func select(_ value: JSONValue, columns: [String]) -> JSONValue {
        guard let fields = self.fields, case .object(let members) = value else { return value }
        if let index = members.firstIndex(where: { TableOutput.isRecordList($0.value) }),
            !members.contains(where: { fields.contains($0.key) })
        {
            var kept = members
            if case .array(let items) = members[index].value {
                kept[index] = JSONValue.Member(
                    key: members[index].key, value: .array(items.map { Self.pick(fields, from: $0) }))
            }
            return .object(kept)
        }
        return Self.pick(fields, from: value)
    }

    /// The members at these dotted paths, nested as they were; absent paths left out.
    static func pick(_ paths: [String], from value: JSONValue) -> JSONValue {
        var result: [JSONValue.Member] = []
        for path in paths {
            guard let found = value.value(at: path), found != .array([]) || Self.isArrayPath(path, in: value) else {
                continue
            }
            result = Self.insert(found, at: path.split(separator: ".").map(String.init)[...], into: result)
        }
        return .object(result)
    }

    private static func isArrayPath(_ path: String, in value: JSONValue) -> Bool {
        guard let head = path.split(separator: ".").first, case .object(let members) = value else { return false }
        return members.contains { $0.key == head }
    }

    private static func insert(
        _ value: JSONValue, at path: ArraySlice<String>, into members: [JSONValue.Member]
    )
        -> [JSONValue.Member]
    {
        guard let key = path.first else { return members }
        var members = members
        if path.count == 1 {
            members.append(JSONValue.Member(key: key, value: value))
            return members
        }
        if let index = members.firstIndex(where: { $0.key == key }), case .object(let inner) = members[index].value {
            members[index] = JSONValue.Member(
                key: key, value: .object(self.insert(value, at: path.dropFirst(), into: inner)))
        } else {
            members.append(
                JSONValue.Member(key: key, value: .object(self.insert(value, at: path.dropFirst(), into: []))))
        }
        return members
    }
}

/// JSON text of a `JSONValue`, compact as SwiftProtobuf writes it (no spaces, members in order, the
/// same escapes), so a JSONValue parsed from SwiftProtobuf's output is written back byte for byte.
enum JSONRendering {
    static func compact(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return self.quoted(text)
        case .array(let items): return "[" + items.map(self.compact).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { self.quoted($0.key) + ":" + self.compact($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                // C0 and C1 control characters and DEL as \u00XX, as SwiftProtobuf writes them
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// YAML text of a `JSONValue` (block style; strings quoted when YAML would read them otherwise).
enum YAMLRendering {
    static func document(_ value: JSONValue) -> String {
        switch value {
        case .object(let members) where !members.isEmpty:
            return self.lines(value, indent: 0).joined(separator: "\n") + "\n"
        case .array(let items) where !items.isEmpty: return self.lines(value, indent: 0).joined(separator: "\n") + "\n"
        default: return self.scalar(value) + "\n"
        }
    }

    private static func lines(_ value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let members):
            return members.flatMap { member -> [String] in
                let key = self.key(member.key)
                switch member.value {
                case .object(let inner) where !inner.isEmpty:
                    return ["\(pad)\(key):"] + self.lines(member.value, indent: indent + 1)
                case .array(let items) where !items.isEmpty:
                    return ["\(pad)\(key):"] + self.lines(member.value, indent: indent)
                default:
                    return ["\(pad)\(key): \(self.scalar(member.value))"]
                }
            }
        case .array(let items):
            return items.flatMap { item -> [String] in
                guard self.isNonEmptyCollection(item) else { return ["\(pad)- \(self.scalar(item))"] }
                var nested = self.lines(item, indent: indent + 1)
                let inner = String(repeating: "  ", count: indent + 1)
                nested[0] = pad + "- " + nested[0].dropFirst(inner.count)
                return nested
            }
        default:
            return [pad + self.scalar(value)]
        }
    }

    private static func isNonEmptyCollection(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): !members.isEmpty
        case .array(let items): !items.isEmpty
        default: false
        }
    }

    private static func key(_ key: String) -> String {
        self.isPlain(key) ? key : JSONRendering.quoted(key)
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return self.isPlain(text) ? text : JSONRendering.quoted(text)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// Whether YAML reads `text` back as this same string when written without quotes.
    static func isPlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        if reserved.contains(text.lowercased()) { return false }
        if Double(text) != nil || Int(text) != nil { return false }
        if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) || last == " " { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        return !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }
    }
}
