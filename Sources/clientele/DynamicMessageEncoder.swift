import Foundation
import SwiftProtobuf

/// Protobuf JSON → protobuf binary for a message known only by its descriptor (the daemon's
/// description of a method this binary was not built with). Takes what SwiftProtobuf's JSON
/// decoding takes: proto or lowerCamelCase field names, 64-bit integers as numbers or strings,
/// enums by name or number, bytes in base64, null for a field's default, a map as an object, a
/// FieldMask as "a.b,c". Other well-known types are taken in their plain message form.
struct DynamicMessageEncoder {
    let catalog: ProtoCatalog

    /// The binary encoding of `value`, a JSON object of the message `name`.
    func encode(_ value: JSONValue, message name: String, path: String = "") throws(DynamicCodecError) -> [UInt8] {
        var writer = ProtobufWriter()
        if name == FieldMaskJSON.typeName {
            guard case .string(let text) = value, let paths = FieldMaskJSON.paths(text) else {
                throw DynamicCodecError(
                    path: path,
                    reason: "a field mask is a string of lowerCamelCase paths, e.g. \"companyName,address.city\"")
            }
            for item in paths {
                writer.tag(1, .lengthDelimited)
                writer.lengthDelimited(Array(item.utf8))
            }
            return writer.bytes
        }
        guard let descriptor = self.catalog.messages[name] else {
            throw DynamicCodecError(path: path, reason: "the daemon's description has no message \(name)")
        }
        guard case .object(let members) = value else {
            throw DynamicCodecError(path: path, reason: "takes a JSON object (\(name))")
        }
        var given: [(field: Google_Protobuf_FieldDescriptorProto, value: JSONValue, path: String)] = []
        var oneofs: [Int32: String] = [:]
        for member in members {
            let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
            guard let field = descriptor.field.first(where: { $0.name == member.key || $0.jsonName == member.key })
            else {
                throw DynamicCodecError(
                    path: path,
                    reason: "\(name) has no field \(member.key); its fields: "
                        + descriptor.field.map(\.name).joined(separator: ", "))
            }
            guard !given.contains(where: { $0.field.number == field.number }) else {
                throw DynamicCodecError(path: memberPath, reason: "given twice")
            }
            if member.value == .null { continue }
            if field.hasOneofIndex {
                if let other = oneofs[field.oneofIndex] {
                    let oneof = descriptor.oneofDecl[Int(field.oneofIndex)].name
                    throw DynamicCodecError(
                        path: memberPath, reason: "\(other) is given too; only one field of the oneof \(oneof) may be")
                }
                oneofs[field.oneofIndex] = field.name
            }
            given.append((field, member.value, memberPath))
        }
        for item in given.sorted(by: { $0.field.number < $1.field.number }) {
            try self.write(item.value, field: item.field, path: item.path, into: &writer)
        }
        return writer.bytes
    }

    private func write(
        _ value: JSONValue, field: Google_Protobuf_FieldDescriptorProto, path: String, into writer: inout ProtobufWriter
    ) throws(DynamicCodecError) {
        if let entry = field.mapEntry(in: self.catalog) {
            guard case .object(let members) = value else {
                throw DynamicCodecError(path: path, reason: "takes an object (a map)")
            }
            for member in members {
                let entryPath = "\(path)[\(JSONRendering.quoted(member.key))]"
                var pair = ProtobufWriter()
                pair.tag(1, entry.key.wireType)
                pair.append(try self.scalar(self.mapKey(member.key, entry.key), field: entry.key, path: entryPath))
                pair.tag(2, entry.value.wireType)
                pair.append(try self.single(member.value, field: entry.value, path: entryPath))
                writer.tag(field.number, .lengthDelimited)
                writer.lengthDelimited(pair.bytes)
            }
            return
        }
        if field.label == .repeated {
            guard case .array(let items) = value else { throw DynamicCodecError(path: path, reason: "takes a list") }
            var packed = ProtobufWriter()
            for (index, item) in items.enumerated() {
                let encoded = try self.single(item, field: field, path: "\(path)[\(index)]")
                if field.isPacked {
                    packed.append(encoded)
                } else {
                    writer.tag(field.number, field.wireType)
                    writer.append(encoded)
                }
            }
            if field.isPacked, !items.isEmpty {
                writer.tag(field.number, .lengthDelimited)
                writer.lengthDelimited(packed.bytes)
            }
            return
        }
        let encoded = try self.single(value, field: field, path: path)
        // Without presence a default value is not written: its encoding is all zero bytes
        // (varint 0, a zero fixed value, an empty string).
        if !field.hasPresence && encoded.allSatisfy({ $0 == 0 }) { return }
        writer.tag(field.number, field.wireType)
        writer.append(encoded)
    }

    /// One value in wire form without its tag (a message or string with its length).
    private func single(
        _ value: JSONValue, field: Google_Protobuf_FieldDescriptorProto, path: String
    ) throws(DynamicCodecError) -> [UInt8] {
        guard field.type == .message else { return try self.scalar(value, field: field, path: path) }
        var writer = ProtobufWriter()
        writer.lengthDelimited(try self.encode(value, message: field.typeFullName, path: path))
        return writer.bytes
    }

    /// A map's key, a JSON object's member name, as the JSON value of the key's type.
    private func mapKey(_ key: String, _ field: Google_Protobuf_FieldDescriptorProto) -> JSONValue {
        guard field.type == .bool else { return .string(key) }
        return key == "true" ? .bool(true) : key == "false" ? .bool(false) : .string(key)
    }

    private func scalar(
        _ value: JSONValue, field: Google_Protobuf_FieldDescriptorProto, path: String
    ) throws(DynamicCodecError) -> [UInt8] {
        var writer = ProtobufWriter()
        let wrong = DynamicCodecError(
            path: path, reason: "takes \(RequestJSON.single(field)), not \(RequestJSON.kind(value))")
        switch (field.type, value) {
        case (.string, .string(let text)): writer.lengthDelimited(Array(text.utf8))
        case (.bytes, .string(let text)):
            guard let data = Self.base64(text) else { throw DynamicCodecError(path: path, reason: "is not base64") }
            writer.lengthDelimited([UInt8](data))
        case (.bool, .bool(let flag)): writer.varint(flag ? 1 : 0)
        case (.enum, .string(let name)):
            let values = self.catalog.enums[field.typeFullName]?.value ?? []
            guard let item = values.first(where: { $0.name == name }) else {
                throw DynamicCodecError(
                    path: path,
                    reason: "\(name) is not a value of \(field.typeFullName); valid: "
                        + values.map(\.name).joined(separator: ", "))
            }
            writer.varint(UInt64(bitPattern: Int64(item.number)))
        case (.enum, .number(let text)):
            guard let number = Int32(text) else { throw wrong }
            writer.varint(UInt64(bitPattern: Int64(number)))
        case (.double, .number(let text)), (.double, .string(let text)):
            guard let number = Self.floatingPoint(text) else { throw wrong }
            writer.fixed64(number.bitPattern)
        case (.float, .number(let text)), (.float, .string(let text)):
            guard let number = Self.floatingPoint(text) else { throw wrong }
            guard Float(number).isFinite || !number.isFinite else {
                throw DynamicCodecError(path: path, reason: "\(text) is out of float's range")
            }
            writer.fixed32(Float(number).bitPattern)
        case (let type, .number(let text)) where Self.integerTypes.contains(type),
            (let type, .string(let text)) where Self.integerTypes.contains(type):
            guard let integer = Self.integer(text) else { throw wrong }
            try Self.write(integer, type: field.type, into: &writer) {
                DynamicCodecError(path: path, reason: "\(text) is out of \(field.type)'s range")
            }
        default:
            throw wrong
        }
        return writer.bytes
    }

    private static let integerTypes: Set<Google_Protobuf_FieldDescriptorProto.TypeEnum> = [
        .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64,
    ]

    /// A JSON number or a string of digits, or an integral number in floating-point notation ("1e3").
    private static func integer(_ text: String) -> (signed: Int64?, unsigned: UInt64?)? {
        let signed: Int64? = Int64(text) ?? Double(text).flatMap { Int64(exactly: $0) }
        let unsigned: UInt64? = UInt64(text) ?? Double(text).flatMap { UInt64(exactly: $0) }
        return signed == nil && unsigned == nil ? nil : (signed, unsigned)
    }

    /// An integer in the wire form of its type: zigzag for sint, little-endian for (s)fixed,
    /// a varint otherwise (negative int32 and int64 as ten bytes).
    private static func write(
        _ integer: (signed: Int64?, unsigned: UInt64?), type: Google_Protobuf_FieldDescriptorProto.TypeEnum,
        into writer: inout ProtobufWriter, outOfRange: () -> DynamicCodecError
    ) throws(DynamicCodecError) {
        switch type {
        case .int32, .sint32, .sfixed32:
            guard let signed = integer.signed, let value = Int32(exactly: signed) else { throw outOfRange() }
            switch type {
            case .sint32: writer.varint(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
            case .sfixed32: writer.fixed32(UInt32(bitPattern: value))
            default: writer.varint(UInt64(bitPattern: Int64(value)))
            }
        case .int64, .sint64, .sfixed64:
            guard let signed = integer.signed else { throw outOfRange() }
            switch type {
            case .sint64: writer.varint(UInt64(bitPattern: (signed << 1) ^ (signed >> 63)))
            case .sfixed64: writer.fixed64(UInt64(bitPattern: signed))
            default: writer.varint(UInt64(bitPattern: signed))
            }
        default:
            guard let unsigned = integer.unsigned else { throw outOfRange() }
            let narrow = type == .uint32 || type == .fixed32
            guard !narrow || unsigned <= UInt64(UInt32.max) else { throw outOfRange() }
            switch type {
            case .fixed32: writer.fixed32(UInt32(unsigned))
            case .fixed64: writer.fixed64(unsigned)
            default: writer.varint(unsigned)
            }
        }
    }

    /// A double from JSON: a number, or a string holding one, "NaN", "Infinity" or "-Infinity".
    private static func floatingPoint(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        default: Double(text).flatMap { $0.isFinite ? $0 : nil }
        }
    }

    /// Standard or URL-safe base64, padded or not (as SwiftProtobuf takes it).
    private static func base64(_ text: String) -> Data? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }
}
