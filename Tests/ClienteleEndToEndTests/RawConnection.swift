import ClienteleProto
import ClienteleWire
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A connection that writes raw bytes and reads decoded frames: for the
/// protocol-level cases the typed client never produces.
final class RawConnection {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = InboundFrame
        let continuation: AsyncThrowingStream<InboundFrame, any Error>.Continuation

        init(_ continuation: AsyncThrowingStream<InboundFrame, any Error>.Continuation) {
            self.continuation = continuation
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.continuation.yield(self.unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.continuation.finish()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.continuation.finish(throwing: error)
        }
    }

    let channel: any Channel
    private var frames: AsyncThrowingStream<InboundFrame, any Error>.AsyncIterator

    private init(channel: any Channel, frames: AsyncThrowingStream<InboundFrame, any Error>) {
        self.channel = channel
        self.frames = frames.makeAsyncIterator()
    }

    static func connect(_ path: String) async throws -> RawConnection {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: InboundFrame.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation))
                }
            }
            .connect(unixDomainSocketPath: path)
            .get()
        return RawConnection(channel: channel, frames: stream)
    }

    func send(_ bytes: ByteBuffer) async throws {
        try await self.channel.writeAndFlush(bytes)
    }

    func send(header: FrameHeader, payload: [UInt8]) async throws {
        var buffer = ByteBuffer()
        buffer.writeFrameHeader(header)
        buffer.writeBytes(payload)
        try await self.send(buffer)
    }

    func sendRequest(streamID: UInt32, service: String, method: String, payload: Data = Data()) async throws {
        var request = Ttrpc_Request()
        request.service = service
        request.method = method
        request.payload = payload
        let body: [UInt8] = try request.serializedBytes()
        try await self.send(
            header: FrameHeader(length: UInt32(body.count), streamID: streamID, type: .request), payload: body)
    }

    /// Sends `count` requests on streams 1, 3, 5…, one frame after another, without waiting.
    func pipeline(_ count: Int, service: String, method: String, payload: Data) async throws {
        for index in 0..<count {
            try await self.sendRequest(
                streamID: UInt32(2 * index + 1), service: service, method: method, payload: payload)
        }
    }

    /// True when the server closes the connection within `limit`.
    func isClosedByServer(within limit: TimeAmount = .seconds(5)) async -> Bool {
        let promise = self.channel.eventLoop.makePromise(of: Bool.self)
        let settled = NIOLockedValueBox(false)
        let settle: @Sendable (Bool) -> Void = { closed in
            if settled.withLockedValue({ done in
                defer { done = true }; return !done
            }) {
                promise.succeed(closed)
            }
        }
        self.channel.closeFuture.whenComplete { _ in settle(true) }
        let timer = self.channel.eventLoop.scheduleTask(in: limit) { settle(false) }
        let closed = (try? await promise.futureResult.get()) ?? false
        timer.cancel()
        return closed
    }

    /// Reads responses until `count` have arrived or the connection ends.
    func responses(_ count: Int) async throws -> [(UInt32, Ttrpc_Response)] {
        var result: [(UInt32, Ttrpc_Response)] = []
        while result.count < count, let inbound = try await self.frames.next() {
            guard case .frame(let frame) = inbound else { continue }
            let response = try Ttrpc_Response(serializedBytes: Array(frame.payload.readableBytesView))
            result.append((frame.header.streamID, response))
        }
        return result
    }

    func close() async {
        try? await self.channel.close()
    }
}
