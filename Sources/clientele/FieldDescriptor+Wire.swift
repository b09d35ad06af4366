import SwiftProtobuf

/// How a field described by a descriptor travels: its wire type, whether it packs, has presence, is a map.
extension Google_Protobuf_FieldDescriptorProto {
    /// The wire type of one value of this field's type.
    var wireType: ProtobufWriter.WireType {
        switch self.type {
        case .double, .fixed64, .sfixed64: .fixed64
        case .float, .fixed32, .sfixed32: .fixed32
        case .string, .bytes, .message, .group: .lengthDelimited
        default: .varint
        }
    }

    /// A repeated scalar of a numeric, bool or enum type: written packed (proto3's default).
    var isPacked: Bool {
        self.label == .repeated && self.wireType != .lengthDelimited
            && !(self.options.hasPacked && !self.options.packed)
    }

    /// Whether a singular field is written (and printed) even at its default value: a message,
    /// a member of a oneof, or a proto3 `optional` (a oneof of its own).
    var hasPresence: Bool { self.label != .repeated && (self.type == .message || self.hasOneofIndex) }

    /// The bare name of its message or enum type: "clientele.v1.Client".
    var typeFullName: String { ProtoCatalog.bare(self.typeName) }

    /// A `map<K, V>` field: its entry message's key (1) and value (2) fields.
    func mapEntry(in catalog: ProtoCatalog) -> (key: Self, value: Self)? {
        guard self.label == .repeated, self.type == .message,
            let entry = catalog.messages[self.typeFullName], entry.options.mapEntry,
            let key = entry.field.first(where: { $0.number == 1 }),
            let value = entry.field.first(where: { $0.number == 2 })
        else { return nil }
        return (key, value)
    }
}
