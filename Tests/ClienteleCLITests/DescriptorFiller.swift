import SwiftProtobuf

@testable import clientele

/// A populated JSON object for any message of a catalog, from its descriptor alone: what the
/// dynamic codec tests feed SwiftProtobuf to build a request or response with a variety of values.
struct DescriptorFiller {
    /// Which values: every field at a value other than its default; every field at its default
    /// (messages present but empty, a oneof's last member at its default); or every other field,
    /// by its lowerCamelCase name, enums by number, a oneof's last member.
    enum Variant: CaseIterable, Sendable {
        case full, defaults, sparse
    }

    let catalog: ProtoCatalog
    let variant: Variant

    /// Text with everything a JSON writer must escape or pass through: quotes, backslashes, C0
    /// and C1 controls, DEL, wide and combined characters, an emoji.
    static let text = "Zoë \"quoted\" \\ back\nline\ttab \u{1} \u{7F} \u{85} 東京 e\u{301} 🙂 </script>"

    func value(of message: String, depth: Int = 0) -> JSONValue {
        if message == FieldMaskJSON.typeName {
            return .string(self.variant == .defaults ? "" : "companyName,address.city")
        }
        guard let descriptor = self.catalog.messages[message] else { return .object([]) }
        var members: [JSONValue.Member] = []
        var oneofsDone: Set<Int32> = []
        for (index, field) in descriptor.field.enumerated() {
            if self.variant == .sparse && index % 2 == 1 { continue }
            if field.hasOneofIndex {
                // the first member (full) or the last (defaults, sparse), once per oneof
                let members = descriptor.field.filter { $0.hasOneofIndex && $0.oneofIndex == field.oneofIndex }
                let chosen = self.variant == .full ? members.first : members.last
                guard chosen?.number == field.number, !oneofsDone.contains(field.oneofIndex) else { continue }
                oneofsDone.insert(field.oneofIndex)
            }
            if field.type == .message && depth >= 4 { continue }
            let name = self.variant == .sparse ? field.jsonName : field.name
            members.append(JSONValue.Member(key: name, value: self.value(of: field, depth: depth)))
        }
        return .object(members)
    }

    private func value(of field: Google_Protobuf_FieldDescriptorProto, depth: Int) -> JSONValue {
        if let entry = field.mapEntry(in: self.catalog) {
            guard self.variant != .defaults else { return .object([]) }
            let keys = entry.key.type == .string ? ["zeta", "alpha", "Ärger", "10", "9", ""] : ["10", "-3", "9"]
            return .object(
                keys.enumerated().map { index, key in
                    JSONValue.Member(key: key, value: self.single(entry.value, depth: depth, index: index))
                })
        }
        if field.label == .repeated {
            guard self.variant != .defaults else { return .array([]) }
            return .array((0..<3).map { self.single(field, depth: depth, index: $0) })
        }
        return self.single(field, depth: depth, index: 0)
    }

    private func single(_ field: Google_Protobuf_FieldDescriptorProto, depth: Int, index: Int) -> JSONValue {
        let zero = self.variant == .defaults
        switch field.type {
        case .message: return self.value(of: field.typeFullName, depth: depth + 1)
        case .string: return .string(zero ? "" : ["\(field.name) \(Self.text)", "", "x"][index % 3])
        case .bytes: return .string(zero ? "" : ["AP8BAg==", "", "/w"][index % 3])
        case .bool: return .bool(!zero && index != 1)
        case .enum:
            let values = self.catalog.enums[field.typeFullName]?.value ?? []
            guard !zero, let item = values.last else { return .string(values.first?.name ?? "") }
            return self.variant == .sparse ? .number(String(item.number)) : .string(item.name)
        case .int64, .sint64, .sfixed64:
            return zero ? .number("0") : .string(["-9007199254740993", "0", "9223372036854775807"][index % 3])
        case .uint64, .fixed64: return zero ? .string("0") : .string(["18446744073709551615", "0", "1"][index % 3])
        case .int32, .sint32, .sfixed32: return .number(zero ? "0" : ["-2147483648", "0", "7"][index % 3])
        case .uint32, .fixed32: return .number(zero ? "0" : ["4294967295", "0", "1"][index % 3])
        case .double: return zero ? .number("0") : [.number("0.1"), .string("-Infinity"), .number("1e+300")][index % 3]
        case .float: return zero ? .number("0") : [.number("0.1"), .string("NaN"), .number("3.4e+38")][index % 3]
        default: return .null
        }
    }
}
