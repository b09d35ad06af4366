import ClienteleProto
import ClienteleWire
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import ClienteleRPC

/// The connection handler on an `EmbeddedChannel`: protocol errors are answered
/// without a socket and without running any handler.
@Suite("Server pipeline")
struct ServerPipelineTests {
    private func channel(maxPayload: Int = FrameLimits.maximumPayloadSize) throws -> EmbeddedChannel {
        var configuration = ServerConfiguration(socketPath: "/unused")
        configuration.frameTimeout = .seconds(1)
        let handler = ServerConnectionHandler(
            dispatcher: CallDispatcher(router: RPCRouter()),
            configuration: configuration,
            peer: .unknown,
            logger: Logger(label: "test")
        )
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/unused")).wait()
        return channel
    }

    private func frame(_ streamID: UInt32, type: FrameType = .request, payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeFrameHeader(FrameHeader(length: UInt32(payload.count), streamID: streamID, type: type))
        buffer.writeBytes(payload)
        return buffer
    }

    private func answer(_ channel: EmbeddedChannel) throws -> (UInt32, Google_Rpc_Status) {
        channel.embeddedEventLoop.run()
        var buffer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let header = try #require(buffer.getFrameHeader(at: buffer.readerIndex))
        #expect(header.type == .response)
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        let response = try Ttrpc_Response(serializedBytes: Array(buffer.readableBytesView))
        return (header.streamID, response.status)
    }

    private func request(service: String, method: String) throws -> [UInt8] {
        var request = Ttrpc_Request()
        request.service = service
        request.method = method
        return try request.serializedBytes()
    }

    @Test("an oversized frame gets ttrpc's RESOURCE_EXHAUSTED and the connection goes on")
    func oversized() throws {
        let channel = try channel()
        var header = ByteBuffer()
        let length = FrameLimits.maximumPayloadSize + 1
        header.writeFrameHeader(FrameHeader(length: UInt32(length), streamID: 1, type: .request))
        try channel.writeInbound(header)
        let (stream, status) = try answer(channel)
        #expect(stream == 1)
        #expect(status.code == 8)
        #expect(status.message == "message length 4194305 exceed maximum message size of 4194304")
        // The body is discarded as it arrives; the next frame is served.
        try channel.writeInbound(ByteBuffer(repeating: 0, count: length))
        try channel.writeInbound(frame(3, payload: try request(service: "x.Nope", method: "M")))
        let (next, unimplemented) = try answer(channel)
        #expect(next == 3)
        #expect(unimplemented.code == 12)
        #expect(channel.isActive)
    }

    @Test("an even stream id is INVALID_ARGUMENT on that stream")
    func evenStream() throws {
        let channel = try channel()
        try channel.writeInbound(frame(2, payload: try request(service: "a", method: "b")))
        let (stream, status) = try answer(channel)
        #expect(stream == 2)
        #expect(status.code == 3)
        #expect(status.message == "StreamID must be odd for client initiated streams")
    }

    @Test("a malformed envelope is INVALID_ARGUMENT and the connection stays open")
    func malformed() throws {
        let channel = try channel()
        try channel.writeInbound(frame(1, payload: [0xFF, 0xFF, 0xFF, 0xFF]))
        let (_, status) = try answer(channel)
        #expect(status.code == 3)
        #expect(status.message.hasPrefix("unmarshal request error"))
        #expect(channel.isActive)
    }

    @Test("frame types other than request are refused with a clear error", arguments: [2, 3, 9] as [UInt8])
    func unknownType(type: UInt8) throws {
        let channel = try channel()
        try channel.writeInbound(frame(1, type: FrameType(rawValue: type), payload: []))
        let (_, status) = try answer(channel)
        #expect(status.code == 3)
        #expect(status.message.contains("is not a request"))
    }

    @Test("a frame not finished in time closes the connection")
    func frameTimeout() throws {
        let channel = try channel()
        var partial = ByteBuffer()
        partial.writeFrameHeader(FrameHeader(length: 100, streamID: 1, type: .request))
        try channel.writeInbound(partial)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(2))
        #expect(!channel.isActive)
    }
}
