/// Protobuf's binary wire format, read one field at a time: its number and its undecoded value.
struct ProtobufReader {
    /// A field's value as the wire carries it; what it means depends on the field's type.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    /// Bytes that are not a protobuf message (truncated, a bad tag, a group).
    struct Malformed: Error {
        let reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    var atEnd: Bool { self.offset >= self.bytes.endIndex }

    /// The next field, or nil at the end.
    mutating func next() throws(Malformed) -> (number: Int32, value: Value)? {
        guard !self.atEnd else { return nil }
        let tag = try self.varint()
        let number = tag >> 3
        guard number > 0, number <= 536_870_911 else { throw Malformed(reason: "field number \(number)") }
        switch tag & 7 {
        case 0: return (Int32(number), .varint(try self.varint()))
        case 1: return (Int32(number), .fixed64(try self.fixed(8)))
        case 2:
            let length = try self.varint()
            guard length <= UInt64(self.bytes.endIndex - self.offset) else {
                throw Malformed(reason: "field \(number) is longer than the bytes left")
            }
            let start = self.offset
            self.offset += Int(length)
            return (Int32(number), .lengthDelimited(self.bytes[start..<self.offset]))
        case 5: return (Int32(number), .fixed32(UInt32(try self.fixed(4))))
        default: throw Malformed(reason: "field \(number) has wire type \(tag & 7) (groups are not proto3)")
        }
    }

    mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard !self.atEnd else { throw Malformed(reason: "a varint is cut off") }
            let byte = self.bytes[self.offset]
            self.offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
        }
        throw Malformed(reason: "a varint is longer than 10 bytes")
    }

    /// A little-endian value of `width` bytes.
    mutating func fixed(_ width: Int) throws(Malformed) -> UInt64 {
        guard self.bytes.endIndex - self.offset >= width else { throw Malformed(reason: "a fixed value is cut off") }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(self.bytes[self.offset + index]) << (8 * index) }
        self.offset += width
        return value
    }
}
