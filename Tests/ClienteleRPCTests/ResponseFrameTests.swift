import ClienteleProto
import ClienteleWire
import Foundation
import NIOCore
import Testing

@testable import ClienteleRPC

@Suite("Response frames")
struct ResponseFrameTests {
    private func envelope(_ buffer: ByteBuffer) throws -> (FrameHeader, Ttrpc_Response) {
        var buffer = buffer
        let header = try #require(buffer.getFrameHeader(at: 0))
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        #expect(Int(header.length) == buffer.readableBytes)
        return (header, try Ttrpc_Response(serializedBytes: Array(buffer.readableBytesView)))
    }

    @Test("a hand-encoded success equals SwiftProtobuf's encoding", arguments: [0, 1, 127, 128, 300, 70_000])
    func successMatchesSwiftProtobuf(size: Int) throws {
        let payload = Data((0..<size).map { UInt8(truncatingIfNeeded: $0) })
        let frame = ResponseFrame.success(streamID: 5, payload: payload, allocator: ByteBufferAllocator())
        var expected = Ttrpc_Response()
        expected.payload = payload
        let (header, decoded) = try envelope(frame)
        #expect(header == FrameHeader(length: header.length, streamID: 5, type: .response))
        #expect(decoded == expected)
        var body = frame
        body.moveReaderIndex(forwardBy: FrameHeader.size)
        #expect(Data(body.readableBytesView) == (try expected.serializedData()))
    }

    @Test("a failure carries the status code and message")
    func failure() throws {
        let frame = ResponseFrame.failure(
            streamID: 9,
            error: RPCError(.notFound, "client c-1 not found"),
            allocator: ByteBufferAllocator()
        )
        let (header, decoded) = try envelope(frame)
        #expect(header.streamID == 9)
        #expect(decoded.status.code == 5)
        #expect(decoded.status.message == "client c-1 not found")
        #expect(decoded.payload.isEmpty)
    }

    @Test("a response over 4 MiB becomes RESOURCE_EXHAUSTED instead of an oversized frame")
    func tooLarge() throws {
        let payload = Data(count: FrameLimits.maximumPayloadSize)
        let frame = ResponseFrame.success(streamID: 1, payload: payload, allocator: ByteBufferAllocator())
        let (header, decoded) = try envelope(frame)
        #expect(Int(header.length) < 1000)
        #expect(decoded.status.code == RPCError.Code.resourceExhausted.rawValue)
    }
}
