public import NIOCore

/// Splits a byte stream into ttrpc frames.
///
/// The declared length is checked against the limit as soon as the header is
/// complete, before any of the body is awaited: an oversized frame is reported
/// at once and its body is then discarded as it arrives.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = InboundFrame

    public let maximumPayloadSize: Int
    /// Bytes of an oversized payload still to be skipped.
    public private(set) var bytesToDiscard = 0

    public init(maximumPayloadSize: Int = FrameLimits.maximumPayloadSize) {
        self.maximumPayloadSize = maximumPayloadSize
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> InboundFrame? {
        self.next(from: &buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> InboundFrame? {
        self.next(from: &buffer)
    }

    /// The next frame in `buffer`, or `nil` when more bytes are needed. Never fails:
    /// every header is acceptable to the framing layer.
    public mutating func next(from buffer: inout ByteBuffer) -> InboundFrame? {
        self.discard(from: &buffer)
        guard self.bytesToDiscard == 0,
            let header = buffer.getFrameHeader(at: buffer.readerIndex)
        else { return nil }

        let length = Int(header.length)
        if length > self.maximumPayloadSize {
            buffer.moveReaderIndex(forwardBy: FrameHeader.size)
            self.bytesToDiscard = length
            self.discard(from: &buffer)
            return .oversized(header)
        }
        guard buffer.readableBytes >= FrameHeader.size + length else { return nil }
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        let payload = buffer.readSlice(length: length)!
        return .frame(Frame(header: header, payload: payload))
    }

    private mutating func discard(from buffer: inout ByteBuffer) {
        guard self.bytesToDiscard > 0 else { return }
        let count = min(self.bytesToDiscard, buffer.readableBytes)
        buffer.moveReaderIndex(forwardBy: count)
        self.bytesToDiscard -= count
    }
}
