import Foundation
import SwiftProtobuf

/// Protobuf binary → the JSON the CLI prints (`JSONOutput.options`) for a message known only by
/// its descriptor: proto field names in field-number order; a field without presence left out at
/// its default; 64-bit integers as strings; enums by name (an unknown number as a number); bytes
/// in base64; a map as an object sorted by key; a FieldMask as "a.b,c". Other well-known types
/// are printed in their plain message form. Unknown fields are left out, as SwiftProtobuf does.
struct DynamicMessageDecoder {
    let catalog: ProtoCatalog

    func decode(
        _ bytes: ArraySlice<UInt8>, message name: String, path: String = ""
    ) throws(DynamicCodecError) -> JSONValue {
        // Every value each field number carries, and where its last one was (the last oneof member wins).
        var values: [Int32: [ProtobufReader.Value]] = [:]
        var last: [Int32: Int] = [:]
        var reader = ProtobufReader(bytes)
        do {
            var position = 0
            while let field = try reader.next() {
                values[field.number, default: []].append(field.value)
                last[field.number] = position
                position += 1
            }
        } catch {
            throw DynamicCodecError(path: path, reason: "is not a \(name) in protobuf binary: \(error.reason)")
        }
        if name == FieldMaskJSON.typeName {
            let paths = try (values[1] ?? []).map { value throws(DynamicCodecError) in
                try self.string(value, path: path)
            }
            guard let text = FieldMaskJSON.text(paths) else {
                throw DynamicCodecError(path: path, reason: "a field mask path cannot be written in lowerCamelCase")
            }
            return .string(text)
        }
        guard let descriptor = self.catalog.messages[name] else {
            throw DynamicCodecError(path: path, reason: "the daemon's description has no message \(name)")
        }
        var oneofWinner: [Int32: Int32] = [:]
        for field in descriptor.field where field.hasOneofIndex {
            guard let position = last[field.number] else { continue }
            if let winner = oneofWinner[field.oneofIndex], last[winner]! > position { continue }
            oneofWinner[field.oneofIndex] = field.number
        }
        var members: [JSONValue.Member] = []
        for field in descriptor.field.sorted(by: { $0.number < $1.number }) {
            guard let found = values[field.number] else { continue }
            if field.hasOneofIndex, oneofWinner[field.oneofIndex] != field.number { continue }
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            if let value = try self.field(found, field: field, path: fieldPath) {
                members.append(JSONValue.Member(key: field.name, value: value))
            }
        }
        return .object(members)
    }

    /// A field's JSON from every value it carries; nil when it is left out.
    private func field(
        _ found: [ProtobufReader.Value], field: Google_Protobuf_FieldDescriptorProto, path: String
    ) throws(DynamicCodecError) -> JSONValue? {
        if let entry = field.mapEntry(in: self.catalog) {
            return try self.map(found, key: entry.key, value: entry.value, path: path)
        }
        if field.label == .repeated {
            var items: [JSONValue] = []
            for value in found {
                if field.wireType != .lengthDelimited, case .lengthDelimited(let run) = value {
                    // a packed run (accepted whether the field is declared packed or not)
                    var reader = ProtobufReader(run)
                    while !reader.atEnd {
                        items.append(
                            try self.single(try self.unpack(&reader, field, path: path), field: field, path: path))
                    }
                } else {
                    items.append(try self.single(value, field: field, path: path))
                }
            }
            return items.isEmpty ? nil : .array(items)
        }
        if field.type == .message {
            // A message given more than once is merged: its runs decode as one.
            var merged: [UInt8] = []
            for value in found {
                guard case .lengthDelimited(let run) = value else { throw self.wireTypeError(field, path) }
                merged += run
            }
            return try self.decode(merged[...], message: field.typeFullName, path: path)
        }
        let value = found[found.count - 1]
        if !field.hasPresence && Self.isDefault(value, type: field.type) { return nil }
        return try self.single(value, field: field, path: path)
    }

    /// A map as a JSON object: keys as strings, sorted as SwiftProtobuf sorts them (deterministic
    /// ordering); a key given twice keeps its last value; a missing key or value is its default.
    private func map(
        _ found: [ProtobufReader.Value], key: Google_Protobuf_FieldDescriptorProto,
        value: Google_Protobuf_FieldDescriptorProto, path: String
    ) throws(DynamicCodecError) -> JSONValue? {
        var entries: [(key: JSONValue, value: JSONValue)] = []
        for item in found {
            guard case .lengthDelimited(let run) = item else { throw self.wireTypeError(key, path) }
            var reader = ProtobufReader(run)
            var entryKey = Self.defaultValue(of: key)
            var entryValue = Self.defaultValue(of: value)
            do {
                while let field = try reader.next() {
                    if field.number == 1 { entryKey = field.value }
                    if field.number == 2 { entryValue = field.value }
                }
            } catch {
                throw DynamicCodecError(path: path, reason: "a map entry is malformed: \(error.reason)")
            }
            let decodedKey = try self.single(entryKey, field: key, path: path)
            entries.removeAll { $0.key == decodedKey }
            entries.append((decodedKey, try self.single(entryValue, field: value, path: path)))
        }
        guard !entries.isEmpty else { return nil }
        let members = entries.sorted { Self.isOrderedBefore($0.key, $1.key, type: key.type) }.map { entry in
            switch entry.key {
            case .bool(let flag): JSONValue.Member(key: flag ? "true" : "false", value: entry.value)
            case .string(let text), .number(let text): JSONValue.Member(key: text, value: entry.value)
            default: JSONValue.Member(key: "", value: entry.value)
            }
        }
        return .object(members)
    }

    /// SwiftProtobuf's order of map keys: strings by `<`, integers by value, false before true.
    private static func isOrderedBefore(
        _ a: JSONValue, _ b: JSONValue, type: Google_Protobuf_FieldDescriptorProto.TypeEnum
    ) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return !x && y
        case (.string(let x), .string(let y)) where type == .string: return x < y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)):
            if let i = Int64(x), let j = Int64(y) { return i < j }
            return (UInt64(x) ?? 0) < (UInt64(y) ?? 0)
        default: return false
        }
    }

    /// One value of the field's type as JSON, default or not.
    private func single(
        _ value: ProtobufReader.Value, field: Google_Protobuf_FieldDescriptorProto, path: String
    ) throws(DynamicCodecError) -> JSONValue {
        switch (field.type, value) {
        case (.message, .lengthDelimited(let run)): return try self.decode(run, message: field.typeFullName, path: path)
        case (.string, _): return .string(try self.string(value, path: path))
        case (.bytes, .lengthDelimited(let run)): return .string(Data(run).base64EncodedString())
        case (.bool, .varint(let raw)): return .bool(raw != 0)
        case (.enum, .varint(let raw)):
            let number = Int32(truncatingIfNeeded: raw)
            let item = self.catalog.enums[field.typeFullName]?.value.first { $0.number == number }
            return item.map { .string($0.name) } ?? .number(String(number))
        case (.int32, .varint(let raw)): return .number(String(Int32(truncatingIfNeeded: raw)))
        case (.uint32, .varint(let raw)): return .number(String(UInt32(truncatingIfNeeded: raw)))
        case (.sint32, .varint(let raw)):
            let zigzag = UInt32(truncatingIfNeeded: raw)
            return .number(String(Int32(bitPattern: zigzag >> 1) ^ -Int32(bitPattern: zigzag & 1)))
        case (.int64, .varint(let raw)): return .string(String(Int64(bitPattern: raw)))
        case (.uint64, .varint(let raw)): return .string(String(raw))
        case (.sint64, .varint(let raw)):
            return .string(String(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)))
        case (.fixed32, .fixed32(let raw)): return .number(String(raw))
        case (.sfixed32, .fixed32(let raw)): return .number(String(Int32(bitPattern: raw)))
        case (.fixed64, .fixed64(let raw)): return .string(String(raw))
        case (.sfixed64, .fixed64(let raw)): return .string(String(Int64(bitPattern: raw)))
        case (.float, .fixed32(let raw)): return Self.floatingPoint(Float(bitPattern: raw))
        case (.double, .fixed64(let raw)): return Self.floatingPoint(Double(bitPattern: raw))
        default: throw self.wireTypeError(field, path)
        }
    }

    private func string(_ value: ProtobufReader.Value, path: String) throws(DynamicCodecError) -> String {
        guard case .lengthDelimited(let run) = value, let text = String(validating: run, as: UTF8.self) else {
            throw DynamicCodecError(path: path, reason: "a string is not UTF-8")
        }
        return text
    }

    /// The next value of a packed run, in the field's wire type.
    private func unpack(
        _ reader: inout ProtobufReader, _ field: Google_Protobuf_FieldDescriptorProto, path: String
    ) throws(DynamicCodecError) -> ProtobufReader.Value {
        do {
            switch field.wireType {
            case .fixed32: return .fixed32(UInt32(try reader.fixed(4)))
            case .fixed64: return .fixed64(try reader.fixed(8))
            default: return .varint(try reader.varint())
            }
        } catch {
            throw DynamicCodecError(path: path, reason: "a packed list is malformed: \(error.reason)")
        }
    }

    private func wireTypeError(_ field: Google_Protobuf_FieldDescriptorProto, _ path: String) -> DynamicCodecError {
        DynamicCodecError(path: path, reason: "the answer carries a value of the wrong wire type for \(field.type)")
    }

    /// A float or double as SwiftProtobuf writes it: its shortest form, or "NaN", "Infinity", "-Infinity".
    private static func floatingPoint<Number: BinaryFloatingPoint & CustomDebugStringConvertible>(
        _ number: Number
    ) -> JSONValue {
        if number.isNaN { return .string("NaN") }
        if number.isInfinite { return .string(number < 0 ? "-Infinity" : "Infinity") }
        return .number(number.debugDescription)
    }

    /// A value that SwiftProtobuf does not print for a field without presence (-0.0 included, as `!= 0`).
    private static func isDefault(
        _ value: ProtobufReader.Value, type: Google_Protobuf_FieldDescriptorProto.TypeEnum
    ) -> Bool {
        switch value {
        case .varint(let raw): raw == 0
        case .fixed32(let raw): type == .float ? Float(bitPattern: raw) == 0 : raw == 0
        case .fixed64(let raw): type == .double ? Double(bitPattern: raw) == 0 : raw == 0
        case .lengthDelimited(let run): run.isEmpty
        }
    }

    private static func defaultValue(of field: Google_Protobuf_FieldDescriptorProto) -> ProtobufReader.Value {
        switch field.wireType {
        case .varint: .varint(0)
        case .fixed32: .fixed32(0)
        case .fixed64: .fixed64(0)
        case .lengthDelimited: .lengthDelimited([])
        }
    }
}
