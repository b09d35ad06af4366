/// What the frame decoder produces from the byte stream.
public enum InboundFrame: Hashable, Sendable {
    /// A complete frame within the size limit.
    case frame(Frame)
    /// A header declaring a payload over the limit. The payload is skipped as it
    /// arrives, without being buffered; the connection stays usable.
    case oversized(FrameHeader)
}
