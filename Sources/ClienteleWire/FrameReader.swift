public import NIOCore

/// Accumulates bytes from a connection and hands out decoded frames.
///
/// Unlike `ByteToMessageHandler`, it tells its owner whether a frame has been
/// started but not finished (`isMidFrame`), so that a server can put a time
/// limit on finishing a frame.
public struct FrameReader: Sendable {
    private var decoder: FrameDecoder
    private var buffer: ByteBuffer?

    public init(maximumPayloadSize: Int = FrameLimits.maximumPayloadSize) {
        self.decoder = FrameDecoder(maximumPayloadSize: maximumPayloadSize)
    }

    /// True while part of a frame (or of an oversized payload being skipped) is outstanding.
    public var isMidFrame: Bool {
        self.decoder.bytesToDiscard > 0 || (self.buffer?.readableBytes ?? 0) > 0
    }

    /// The bytes held while waiting for the rest of a frame.
    public var bufferedBytes: Int {
        self.buffer?.readableBytes ?? 0
    }

    /// Appends `bytes` and passes every frame now complete to `receive`, in order.
    public mutating func read(
        _ bytes: ByteBuffer,
        _ receive: (InboundFrame) throws -> Void
    ) rethrows {
        var buffer: ByteBuffer
        if var pending = self.buffer.take(), pending.readableBytes > 0 {
            pending.writeImmutableBuffer(bytes)
            buffer = pending
        } else {
            buffer = bytes
        }
        defer {
            if buffer.readableBytes > 0 {
                if buffer.readerIndex > 16 * 1024 { buffer.discardReadBytes() }
                self.buffer = buffer
            }
        }
        while let frame = self.decoder.next(from: &buffer) {
            try receive(frame)
        }
    }
}
