public import NIOCore

/// One complete ttrpc frame: its header and exactly `header.length` payload bytes.
public struct Frame: Hashable, Sendable {
    public var header: FrameHeader
    public var payload: ByteBuffer

    public init(header: FrameHeader, payload: ByteBuffer) {
        self.header = header
        self.payload = payload
    }

    /// A frame whose header length is taken from `payload`.
    public init(streamID: UInt32, type: FrameType, flags: FrameFlags = [], payload: ByteBuffer) {
        self.header = FrameHeader(
            length: UInt32(payload.readableBytes),
            streamID: streamID,
            type: type,
            flags: flags
        )
        self.payload = payload
    }
}
