/// Protobuf's binary wire format, written: tags, varints, fixed-width values and length-delimited runs.
struct ProtobufWriter {
    /// The wire types a tag names (proto3 has no groups).
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private(set) var bytes: [UInt8] = []

    mutating func tag(_ number: Int32, _ wireType: WireType) {
        self.varint(UInt64(UInt32(bitPattern: number)) << 3 | UInt64(wireType.rawValue))
    }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            self.bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        self.bytes.append(UInt8(rest))
    }

    /// Little-endian, as fixed32, sfixed32 and float are written.
    mutating func fixed32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Little-endian, as fixed64, sfixed64 and double are written.
    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// A length and then the bytes: a string, bytes, a message or a packed run.
    mutating func lengthDelimited(_ run: [UInt8]) {
        self.varint(UInt64(run.count))
        self.bytes.append(contentsOf: run)
    }

    /// Bytes already in wire form (a value without its tag).
    mutating func append(_ run: [UInt8]) {
        self.bytes.append(contentsOf: run)
    }
}
