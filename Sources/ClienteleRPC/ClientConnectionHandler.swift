import ClienteleProto
import ClienteleWire
import Foundation
import NIOCore

/// The client side of one connection: numbers calls with odd stream ids,
/// matches answers to callers in any order, and fails every waiting caller if
/// the connection drops.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct PendingCall {
        var promise: EventLoopPromise<Data>
        var timer: Scheduled<Void>?
    }

    private let socketPath: String
    private var reader = FrameReader()
    private var pending: [UInt32: PendingCall] = [:]
    private var nextStreamID: UInt32 = 1
    private var context: ChannelHandlerContext?
    private var flushScheduled = false
    /// The last call's metadata and its envelope encoding: callers repeat the same credentials
    /// on every call, and re-encoding them each time cost more than comparing them.
    private var encodedMetadata: (metadata: Metadata, bytes: Data)?

    init(socketPath: String) {
        self.socketPath = socketPath
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.failAll(RPCError(.unavailable, "connection to the daemon at \(self.socketPath) was closed"))
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(RPCError(.unavailable, "connection to the daemon at \(self.socketPath) was lost"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Sends one call; `promise` completes with the response payload or an `RPCError`.
    func send(_ method: MethodDescriptor, payload: Data, options: CallOptions, promise: EventLoopPromise<Data>) {
        guard let context = self.context, context.channel.isActive else {
            promise.fail(RPCError(.unavailable, "connection to the daemon at \(self.socketPath) is closed"))
            return
        }
        guard self.nextStreamID < UInt32.max - 1 else {
            promise.fail(RPCError(.unavailable, "stream ids of this connection are used up; reconnect"))
            context.close(promise: nil)
            return
        }
        let streamID = self.nextStreamID
        self.nextStreamID += 2

        var request = Ttrpc_Request()
        request.service = method.service
        request.method = method.method
        request.payload = payload
        var timer: Scheduled<Void>?
        if let timeout = options.timeout {
            let nanos = max(1, Self.nanoseconds(timeout))
            request.timeoutNano = nanos
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanos)) {
                self.complete(streamID, .failure(RPCError(.deadlineExceeded, "deadline exceeded")))
            }
        }
        // The metadata's fields follow the others' as bytes encoded once: a protobuf message may
        // carry its fields in any order, and a repeated field's entries may come in several runs.
        var body: Data
        do {
            body = try request.serializedData()
            body.append(try self.encoded(options.metadata))
        } catch {
            promise.fail(RPCError(.internal, "cannot encode the request envelope"))
            return
        }
        guard body.count <= FrameLimits.maximumPayloadSize else {
            timer?.cancel()
            promise.fail(
                RPCError(
                    .resourceExhausted,
                    "request of \(body.count) bytes exceeds the maximum message size of \(FrameLimits.maximumPayloadSize)"
                )
            )
            return
        }
        self.pending[streamID] = PendingCall(promise: promise, timer: timer)
        var buffer = context.channel.allocator.buffer(capacity: FrameHeader.size + body.count)
        buffer.writeFrameHeader(FrameHeader(length: UInt32(body.count), streamID: streamID, type: .request))
        buffer.writeBytes(body)
        context.write(self.wrapOutboundOut(buffer), promise: nil)
        self.scheduleFlush()
    }

    /// The envelope fields (`metadata`, field 5) for `metadata`, from the cache when unchanged.
    private func encoded(_ metadata: Metadata) throws -> Data {
        if metadata.isEmpty { return Data() }
        if let cached = self.encodedMetadata, cached.metadata == metadata { return cached.bytes }
        var fields = Ttrpc_Request()
        fields.metadata = metadata.keyValues
        let bytes: Data = try fields.serializedData()
        self.encodedMetadata = (metadata, bytes)
        return bytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.reader.read(self.unwrapInboundIn(data)) { inbound in
            switch inbound {
            case .oversized(let header):
                self.complete(
                    header.streamID,
                    .failure(RPCError(.resourceExhausted, "response of \(header.length) bytes is over the 4 MiB limit"))
                )
            case .frame(let frame) where frame.header.type == .response:
                self.complete(frame.header.streamID, Self.decode(frame.payload))
            case .frame:
                break  // Data frames belong to streams, which this client does not open.
            }
        }
    }

    private static func decode(_ payload: ByteBuffer) -> Result<Data, RPCError> {
        guard let response = try? Ttrpc_Response(serializedBytes: Array(payload.readableBytesView)) else {
            return .failure(RPCError(.internal, "the daemon sent a response that is not a ttrpc.Response"))
        }
        if response.hasStatus, let error = RPCError(status: response.status) {
            return .failure(error)
        }
        return .success(response.payload)
    }

    private func complete(_ streamID: UInt32, _ result: Result<Data, RPCError>) {
        guard let call = self.pending.removeValue(forKey: streamID) else { return }
        call.timer?.cancel()
        call.promise.completeWith(result.mapError { $0 as any Error })
    }

    private func scheduleFlush() {
        guard !self.flushScheduled, let context = self.context else { return }
        self.flushScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.flushScheduled = false
            self.context?.flush()
        }
    }

    private func failAll(_ error: RPCError) {
        let calls = self.pending
        self.pending.removeAll()
        for call in calls.values {
            call.timer?.cancel()
            call.promise.fail(error)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product &+ attoseconds / 1_000_000_000
    }
}
