import ClienteleWire
import NIOCore
import Testing

@Suite("Frame reader")
struct FrameReaderTests {
    @Test("knows when a frame is half read, byte by byte")
    func midFrame() {
        var whole = ByteBuffer()
        try! FrameEncoder().encode(
            data: Frame(streamID: 1, type: .request, payload: ByteBuffer(string: "abc")),
            out: &whole
        )
        var reader = FrameReader()
        var frames: [InboundFrame] = []
        let bytes = Array(whole.readableBytesView)
        for (index, byte) in bytes.enumerated() {
            reader.read(ByteBuffer(bytes: [byte])) { frames.append($0) }
            #expect(reader.isMidFrame == (index < bytes.count - 1))
        }
        #expect(frames.count == 1)
        #expect(reader.bufferedBytes == 0)
    }

    @Test("stays mid-frame while an oversized body is being skipped")
    func skippingOversized() {
        var reader = FrameReader(maximumPayloadSize: 4)
        var header = ByteBuffer()
        header.writeFrameHeader(FrameHeader(length: 10, streamID: 1, type: .request))
        var frames: [InboundFrame] = []
        reader.read(header) { frames.append($0) }
        #expect(frames.count == 1)
        #expect(reader.isMidFrame)
        reader.read(ByteBuffer(repeating: 0, count: 9)) { frames.append($0) }
        #expect(reader.isMidFrame)
        reader.read(ByteBuffer(repeating: 0, count: 1)) { frames.append($0) }
        #expect(!reader.isMidFrame)
        #expect(reader.bufferedBytes == 0)
    }
}
