import ClienteleWire
import NIOCore
import NIOTestUtils
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    private func encoded(_ frames: [Frame]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames { try! FrameEncoder().encode(data: frame, out: &buffer) }
        return buffer
    }

    private func frame(_ streamID: UInt32, _ text: String, type: FrameType = .request) -> Frame {
        Frame(streamID: streamID, type: type, payload: ByteBuffer(string: text))
    }

    @Test("decodes every split of a stream of frames")
    func everySplit() throws {
        let frames = [frame(1, "hello"), frame(3, ""), frame(5, String(repeating: "x", count: 300), type: .data)]
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(encoded(frames), frames.map { InboundFrame.frame($0) })],
            decoderFactory: { FrameDecoder() }
        )
    }

    @Test("reports an oversized frame at its header and skips its body, for every split")
    func oversizedEverySplit() throws {
        var input = ByteBuffer()
        let oversized = FrameHeader(length: 40, streamID: 7, type: .request)
        input.writeFrameHeader(oversized)
        input.writeRepeatingByte(0xAB, count: 40)
        var good = encoded([frame(9, "after")])
        input.writeBuffer(&good)
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(input, [.oversized(oversized), .frame(frame(9, "after"))])],
            decoderFactory: { FrameDecoder(maximumPayloadSize: 32) }
        )
    }

    @Test("accepts exactly 4 MiB and reports 4 MiB + 1 before the body arrives")
    func limitBoundary() {
        var decoder = FrameDecoder()
        var atLimit = ByteBuffer()
        atLimit.writeFrameHeader(
            FrameHeader(length: UInt32(FrameLimits.maximumPayloadSize), streamID: 1, type: .request))
        atLimit.writeRepeatingByte(1, count: FrameLimits.maximumPayloadSize)
        guard case .frame(let frame)? = decoder.next(from: &atLimit) else {
            Issue.record("a 4 MiB frame was not decoded")
            return
        }
        #expect(frame.payload.readableBytes == FrameLimits.maximumPayloadSize)

        var overLimit = ByteBuffer()
        let header = FrameHeader(length: UInt32(FrameLimits.maximumPayloadSize + 1), streamID: 3, type: .request)
        overLimit.writeFrameHeader(header)
        // Only the header has arrived: the decoder must not wait for 4 MiB of body.
        #expect(decoder.next(from: &overLimit) == .oversized(header))
        #expect(decoder.bytesToDiscard == FrameLimits.maximumPayloadSize + 1)
    }

    @Test(
        "header fields round-trip big-endian",
        arguments: [
            FrameHeader(length: 0, streamID: 1, type: .request),
            FrameHeader(length: 0x0102_0304, streamID: 0xFFFF_FFFF, type: .response, flags: [.remoteClosed, .noData]),
            FrameHeader(length: 7, streamID: 2, type: FrameType(rawValue: 200), flags: FrameFlags(rawValue: 0xFF)),
        ])
    func headerRoundTrip(header: FrameHeader) {
        var buffer = ByteBuffer()
        #expect(buffer.writeFrameHeader(header) == FrameHeader.size)
        #expect(buffer.getFrameHeader(at: 0) == header)
        #expect(buffer.getInteger(at: 0, as: UInt32.self) == header.length)
        #expect(buffer.getInteger(at: 4, as: UInt32.self) == header.streamID)
    }

    @Test("waits for a full header")
    func partialHeader() {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: [0, 0, 0, 1, 0, 0, 0, 1, 1])
        #expect(decoder.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 9)
    }
}
