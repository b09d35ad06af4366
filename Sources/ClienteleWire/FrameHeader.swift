public import NIOCore

/// The 10-byte header in front of every ttrpc frame:
/// payload length (u32 BE), stream id (u32 BE), type (u8), flags (u8).
public struct FrameHeader: Hashable, Sendable {
    /// The size of an encoded header in bytes.
    public static let size = 10

    /// The number of payload bytes that follow the header.
    public var length: UInt32
    public var streamID: UInt32
    public var type: FrameType
    public var flags: FrameFlags

    public init(length: UInt32, streamID: UInt32, type: FrameType, flags: FrameFlags = []) {
        self.length = length
        self.streamID = streamID
        self.type = type
        self.flags = flags
    }
}

extension ByteBuffer {
    /// Reads a header at `index` without moving the reader index; `nil` when fewer than 10 bytes are there.
    @inlinable
    public func getFrameHeader(at index: Int) -> FrameHeader? {
        guard let length = self.getInteger(at: index, as: UInt32.self),
            let streamID = self.getInteger(at: index + 4, as: UInt32.self),
            let type = self.getInteger(at: index + 8, as: UInt8.self),
            let flags = self.getInteger(at: index + 9, as: UInt8.self)
        else { return nil }
        return FrameHeader(
            length: length,
            streamID: streamID,
            type: FrameType(rawValue: type),
            flags: FrameFlags(rawValue: flags)
        )
    }

    /// Appends the 10-byte encoding of `header`.
    @inlinable
    @discardableResult
    public mutating func writeFrameHeader(_ header: FrameHeader) -> Int {
        self.writeMultipleIntegers(header.length, header.streamID, header.type.rawValue, header.flags.rawValue)
    }
}
