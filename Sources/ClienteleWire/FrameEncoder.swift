public import NIOCore

/// Writes frames as a 10-byte header followed by the payload.
public struct FrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = Frame

    public init() {}

    public func encode(data: Frame, out: inout ByteBuffer) throws {
        out.reserveCapacity(minimumWritableBytes: FrameHeader.size + data.payload.readableBytes)
        out.writeFrameHeader(data.header)
        out.writeImmutableBuffer(data.payload)
    }
}
