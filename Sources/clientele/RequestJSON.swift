import ArgumentParser
import Foundation
import SwiftProtobuf

/// Reading a request given as JSON, with errors that say where and what: a syntax error's line,
/// column and reason; the field of a wrong type and the type it takes; an unknown enum value with
/// the valid ones; an unknown field with the message's fields.
enum RequestJSON {
    /// A file's bytes, or a usage error with the system's reason ("No such file or directory").
    static func readFile(_ path: String, what: String) throws -> Data {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ValidationError("cannot read \(what) \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        let isFolder = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
        close(descriptor)
        if isFolder { throw ValidationError("cannot read \(what) \(path): it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(what) \(path)")
        }
        return data
    }

    static func decode(
        _ data: Data, as type: any Message.Type, catalog: ProtoCatalog = .builtIn
    ) throws -> any Message {
        let name = type.protoMessageName
        _ = try self.parse(data, message: name, catalog: catalog)
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = false
        do {
            return try type.init(jsonUTF8Data: data, options: options)
        } catch {
            throw ValidationError("the request is not a valid \(name): \(self.words(error))")
        }
    }

    /// The request in protobuf binary for a message known only by the catalog's description
    /// (`clientele call` of a method this binary was not built with): checked as `decode` checks
    /// it, then encoded by `DynamicMessageEncoder`.
    static func encode(_ data: Data, message name: String, catalog: ProtoCatalog) throws -> Data {
        let value = try self.parse(data, message: name, catalog: catalog)
        do {
            return Data(try DynamicMessageEncoder(catalog: catalog).encode(value, message: name))
        } catch {
            throw ValidationError("the request is not a valid \(name): \(error)")
        }
    }

    /// The request as a JSON object of `name`, or a usage error saying where and what is wrong.
    private static func parse(_ data: Data, message name: String, catalog: ProtoCatalog) throws -> JSONValue {
        let bytes = [UInt8](data)
        let value: JSONValue
        do {
            value = try JSONValue.parse(String(decoding: bytes, as: UTF8.self))
        } catch let error as JSONValue.SyntaxError {
            throw ValidationError("the request is not JSON: \(error.describe(in: bytes))")
        }
        guard case .object = value else {
            throw ValidationError("the request must be a JSON object ({…}) of \(name), e.g. {}")
        }
        if let problem = self.problem(in: value, message: name, path: "", catalog: catalog) {
            throw ValidationError("the request is not a valid \(name): \(problem)")
        }
        return value
    }

    /// The first thing in `value` that `message` cannot take, in words; nil when none is found.
    static func problem(in value: JSONValue, message: String, path: String, catalog: ProtoCatalog) -> String? {
        guard let descriptor = catalog.messages[message] else { return nil }
        guard case .object(let members) = value else {
            return "\(path.isEmpty ? "the request" : path) must be a JSON object (\(message)), not \(self.kind(value))"
        }
        for member in members {
            let fieldPath = path.isEmpty ? member.key : "\(path).\(member.key)"
            guard let field = descriptor.field.first(where: { $0.name == member.key || $0.jsonName == member.key })
            else {
                let names = descriptor.field.map(\.name)
                var text = (path.isEmpty ? "" : "field \(fieldPath): ") + "\(message) has no field \(member.key)"
                if let guess = Suggestion.closest(to: member.key, among: names).first {
                    text += " (did you mean \(guess)?)"
                }
                return text + "; its fields: \(names.joined(separator: ", "))"
            }
            if let problem = self.problem(in: member.value, field: field, path: fieldPath, catalog: catalog) {
                return problem
            }
        }
        return nil
    }

    private static func problem(
        in value: JSONValue, field: Google_Protobuf_FieldDescriptorProto, path: String, catalog: ProtoCatalog
    ) -> String? {
        if value == .null { return nil }
        let typeName = ProtoCatalog.bare(field.typeName)
        if field.label == .repeated {
            if field.type == .message, catalog.messages[typeName]?.options.mapEntry == true {
                guard case .object = value else {
                    return "field \(path) takes an object (a map), not \(self.kind(value))"
                }
                return nil
            }
            guard case .array(let items) = value else {
                return "field \(path) takes a list of \(self.single(field)), not \(self.kind(value))"
            }
            for (index, item) in items.enumerated() {
                if let problem = self.problem(in: item, single: field, path: "\(path)[\(index)]", catalog: catalog) {
                    return problem
                }
            }
            return nil
        }
        return self.problem(in: value, single: field, path: path, catalog: catalog)
    }

    private static func problem(
        in value: JSONValue, single field: Google_Protobuf_FieldDescriptorProto, path: String, catalog: ProtoCatalog
    ) -> String? {
        let typeName = ProtoCatalog.bare(field.typeName)
        let wanted = self.single(field)
        let wrong = "field \(path) takes \(wanted), not \(self.kind(value))"
        switch field.type {
        case .string, .bytes:
            if case .string = value { return nil }
            return wrong
        case .bool:
            if case .bool = value { return nil }
            return wrong
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64:
            switch value {
            case .number(let text), .string(let text):
                let unsigned = [.uint32, .uint64, .fixed32, .fixed64].contains(field.type)
                if Int64(text) != nil || UInt64(text) != nil || (Double(text).map { $0 == $0.rounded() } ?? false) {
                    if unsigned, text.hasPrefix("-") { return "field \(path) takes \(wanted) (0 or more), not \(text)" }
                    return nil
                }
                return wrong
            default: return wrong
            }
        case .double, .float:
            switch value {
            case .number: return nil
            case .string(let text) where Double(text) != nil || ["NaN", "Infinity", "-Infinity"].contains(text):
                return nil
            default: return wrong
            }
        case .enum:
            guard let item = catalog.enums[typeName] else { return nil }
            let names = item.value.map(\.name)
            switch value {
            case .string(let text) where names.contains(text): return nil
            case .number(let text) where Int32(text) != nil: return nil
            case .string(let text):
                var message = "field \(path): \(text) is not a value of \(typeName)"
                let guess =
                    names.first { $0.hasSuffix("_" + text.uppercased()) }
                    ?? Suggestion.closest(to: text, among: names).first
                if let guess { message += " (did you mean \(guess)?)" }
                return message + "; valid: \(names.joined(separator: ", "))"
            default: return wrong + "; valid: \(names.joined(separator: ", "))"
            }
        case .message:
            // Well-known types have their own JSON forms (a FieldMask is a string, …).
            if typeName.hasPrefix("google.protobuf.") { return nil }
            return self.problem(in: value, message: typeName, path: path, catalog: catalog)
        default:
            return nil
        }
    }

    /// "a string", "an integer (a number or a string of digits)", "a clientele.v1.Scope object", …
    static func single(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
        switch field.type {
        case .string: "a string"
        case .bytes: "a string (base64)"
        case .bool: "true or false"
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64:
            "an integer (\(field.type), a number or a string of digits)"
        case .double, .float: "a number"
        case .enum: "a \(ProtoCatalog.bare(field.typeName)) name"
        case .message: "a \(ProtoCatalog.bare(field.typeName)) object"
        default: "\(field.type)"
        }
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): "the number \(text)"
        case .string(let text): "the string \(JSONRendering.quoted(String(text.prefix(40))))"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// SwiftProtobuf's decoding errors in words (instead of `malformedString`).
    static func words(_ error: any Error) -> String {
        guard let error = error as? JSONDecodingError else { return "\(error)" }
        switch error {
        case .failure: return "the JSON could not be read"
        case .malformedNumber: return "a number is malformed"
        case .numberRange: return "a number is out of its field's range"
        case .malformedMap: return "a map is malformed"
        case .malformedBool: return "a boolean must be true or false"
        case .malformedString: return "a string is malformed (an escape or quote is wrong)"
        case .invalidUTF8: return "the text is not UTF-8"
        case .missingFieldNames: return "a field name is missing"
        case .schemaMismatch: return "a value does not match its field's type"
        case .unrecognizedEnumValue: return "an enum value is not one of its type's"
        case .illegalNull: return "null is not allowed here"
        case .unquotedMapKey: return "a map key must be in double quotes"
        case .leadingZero: return "a number has a leading zero"
        case .truncated: return "the JSON ends too early"
        case .malformedDuration: return "a duration is malformed (e.g. \"1.5s\")"
        case .malformedTimestamp: return "a timestamp is malformed (RFC 3339, e.g. \"2026-11-01T00:00:00Z\")"
        case .malformedFieldMask: return "a field mask is malformed (e.g. \"fields.companyName,fields.login\")"
        case .trailingGarbage: return "there is text after the JSON object"
        case .conflictingOneOf: return "two fields of the same oneof are set"
        case .messageDepthLimit: return "the JSON is nested too deeply"
        case .unknownField(let name): return "there is no field \(name)"
        @unknown default: return "\(error)"
        }
    }
}
