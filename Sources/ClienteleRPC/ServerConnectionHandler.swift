import ClienteleProto
import ClienteleWire
import Foundation
import Logging
import NIOCore

/// One connection's state machine, entirely on its event loop: decodes frames,
/// starts a task per call, enforces the per-connection limits, and writes the
/// answers in any order, flushing once per burst.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct InFlightCall {
        var task: Task<Void, Never>?
        var deadlineTimer: Scheduled<Void>?
        /// The method's metric handles and when the request arrived; nil without metrics.
        var metrics: (method: RPCMetrics.Method, start: ContinuousClock.Instant)?
    }

    private let dispatcher: CallDispatcher
    private let scheduler: FairCallScheduler
    private let configuration: ServerConfiguration
    private let peer: PeerCredentials
    private let logger: Logger
    private let metrics: RPCMetrics?
    private var reader = FrameReader()
    private var calls: [UInt32: InFlightCall] = [:]
    private var context: ChannelHandlerContext?
    private let spreader: CallSpreader?
    /// This connection's event loop, where its calls run unless it is busy (`CallSpreader`).
    private var home: CallSpreader.Loop?
    private var flushScheduled = false
    /// Whether the channel reads by itself (`autoRead`); see `updateReading`.
    private var reading = true
    private var draining = false
    private var frameTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var lastActivity = NIODeadline.now()
    private let connection = CallContext.Connection()

    /// `scheduler` is the server's, shared by all its connections; by default one of this connection's own.
    /// `spreader` is the server's; without one, every call runs on the connection's loop.
    init(
        dispatcher: CallDispatcher,
        configuration: ServerConfiguration,
        peer: PeerCredentials,
        logger: Logger,
        scheduler: FairCallScheduler? = nil,
        spreader: CallSpreader? = nil,
        metrics: RPCMetrics? = nil
    ) {
        self.spreader = spreader
        self.metrics = metrics
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.peer = peer
        self.logger = logger
        self.scheduler = scheduler ?? FairCallScheduler(limit: configuration.maxCallsRunning)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.home = self.spreader?.home(context.eventLoop) ?? CallSpreader.Loop(context.eventLoop)
        self.armIdleTimer(at: .now() + TimeAmount(self.configuration.idleTimeout))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.tearDown()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.tearDown()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.lastActivity = .now()
        self.reader.read(self.unwrapInboundIn(data)) { self.receive($0) }
        if self.reader.isMidFrame {
            if self.frameTimer == nil { self.armFrameTimer() }
        } else {
            self.frameTimer?.cancel()
            self.frameTimer = nil
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.updateReading()
        context.fireChannelWritabilityChanged()
    }

    /// Reads the connection only while its peer takes its answers (a peer that does not
    /// read them cannot make them pile up without bound) and it has fewer than
    /// `readPauseCalls` calls in flight.
    private func updateReading() {
        guard let context = self.context else { return }
        let read = context.channel.isWritable && self.calls.count < self.configuration.readPauseCalls
        guard read != self.reading else { return }
        self.reading = read
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: read)
        if read { context.read() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .drain? = event as? ServerConnectionEvent {
            self.draining = true
            if self.calls.isEmpty { self.close(reason: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("connection error", metadata: ["error": "\(error)"])
        self.close(reason: nil)
    }

    // MARK: Frames

    private func receive(_ inbound: InboundFrame) {
        switch inbound {
        case .oversized(let header):
            self.fail(
                header.streamID,
                RPCError(
                    .resourceExhausted,
                    "message length \(header.length) exceed maximum message size of \(FrameLimits.maximumPayloadSize)"
                )
            )
        case .frame(let frame):
            // A finished frame restarts the clock for the next one.
            self.frameTimer?.cancel()
            self.frameTimer = nil
            self.receive(frame)
        }
    }

    private func receive(_ frame: Frame) {
        let streamID = frame.header.streamID
        guard frame.header.type == .request else {
            return self.fail(streamID, RPCError(.invalidArgument, "frame type \(frame.header.type) is not a request"))
        }
        guard streamID % 2 == 1 else {
            return self.fail(
                streamID,
                RPCError(.invalidArgument, "StreamID must be odd for client initiated streams")
            )
        }
        let request: Ttrpc_Request
        do {
            request = try Ttrpc_Request(serializedBytes: Array(frame.payload.readableBytesView))
        } catch {
            return self.fail(streamID, RPCError(.invalidArgument, "unmarshal request error: not a ttrpc.Request"))
        }
        guard !self.draining else {
            return self.fail(streamID, RPCError(.unavailable, "server is shutting down"))
        }
        guard self.calls[streamID] == nil else {
            return self.fail(streamID, RPCError(.invalidArgument, "stream id \(streamID) is already in use"))
        }
        guard self.calls.count < self.configuration.maxCallsInFlightPerConnection else {
            return self.fail(
                streamID,
                RPCError(
                    .resourceExhausted,
                    "too many calls in flight on this connection (limit \(self.configuration.maxCallsInFlightPerConnection))"
                )
            )
        }
        self.start(request, streamID: streamID)
    }

    // MARK: Calls

    private func start(_ request: Ttrpc_Request, streamID: UInt32) {
        guard let context = self.context, let home = self.home else { return }
        let eventLoop = context.eventLoop
        let metadata = Metadata(request.metadata)
        // Cheap and unique within the daemon's life: no random draw per call.
        let requestID = metadata["request-id"] ?? "\(self.connectionID)-\(streamID)"
        var deadline: ContinuousClock.Instant?
        var deadlineTimer: Scheduled<Void>?
        if request.timeoutNano > 0 {
            deadline = .now + .nanoseconds(request.timeoutNano)
            deadlineTimer = eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(request.timeoutNano)) {
                self.expire(streamID)
            }
        }
        let callContext = CallContext(
            method: MethodDescriptor(service: request.service, method: request.method),
            metadata: metadata,
            peer: self.peer,
            deadline: deadline,
            requestID: requestID,
            logger: self.logger,
            connection: self.connection
        )
        var callMetrics: (method: RPCMetrics.Method, start: ContinuousClock.Instant)?
        if let metrics = self.metrics {
            callMetrics = (metrics.method(service: request.service, method: request.method), .now)
            metrics.inFlight.increment()
        }
        self.calls[streamID] = InFlightCall(task: nil, deadlineTimer: deadlineTimer, metrics: callMetrics)
        let dispatcher = self.dispatcher
        let scheduler = self.scheduler
        let connectionKey = self.schedulerKey
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        let loop = self.spreader?.loop(from: home) ?? home
        loop.enqueued()
        let task = Task(executorPreference: loop.executor) {
            loop.started()
            let result: Result<Data, RPCError>
            let slot = CallSlot(scheduler: scheduler, connection: connectionKey)
            if await slot.acquire() {
                result = await CallSlot.$current.withValue(slot) {
                    await dispatcher.dispatch(request.payload, context: callContext)
                }
                slot.releaseIfHeld()
            } else {
                // Cancelled while waiting for a slot: the deadline passed or the connection closed.
                result = .failure(RPCError(.cancelled, "call cancelled"))
            }
            if eventLoop.inEventLoop {
                handler.value.finish(streamID, result)
            } else {
                eventLoop.execute { handler.value.finish(streamID, result) }
            }
        }
        // The task cannot have finished yet: on this loop it starts after this function returns,
        // and on another its answer comes back through this loop's queue.
        self.calls[streamID]?.task = task
        self.updateReading()
    }

    private func expire(_ streamID: UInt32) {
        guard let call = self.calls[streamID] else { return }
        call.task?.cancel()
        self.finish(streamID, .failure(RPCError(.deadlineExceeded, "deadline exceeded")))
    }

    private func finish(_ streamID: UInt32, _ result: Result<Data, RPCError>) {
        guard let call = self.calls.removeValue(forKey: streamID) else { return }
        if let (method, start) = call.metrics {
            method.record(result.failure?.code, since: start)
            self.metrics?.inFlight.decrement()
        }
        guard let context = self.context else { return }
        call.deadlineTimer?.cancel()
        let frame: ByteBuffer
        switch result {
        case .success(let payload):
            frame = ResponseFrame.success(streamID: streamID, payload: payload, allocator: context.channel.allocator)
        case .failure(let error):
            frame = ResponseFrame.failure(streamID: streamID, error: error, allocator: context.channel.allocator)
        }
        self.write(frame)
        self.updateReading()
        if self.draining && self.calls.isEmpty {
            self.close(reason: nil)
        }
    }

    private func fail(_ streamID: UInt32, _ error: RPCError) {
        self.logger.debug(
            "call refused",
            metadata: ["stream": "\(streamID)", "code": "\(error.code)", "reason": "\(error.message)"]
        )
        guard let context = self.context else { return }
        self.write(ResponseFrame.failure(streamID: streamID, error: error, allocator: context.channel.allocator))
    }

    private func write(_ frame: ByteBuffer) {
        guard let context = self.context else { return }
        context.write(self.wrapOutboundOut(frame), promise: nil)
        self.lastActivity = .now()
        if !context.channel.isWritable, self.unreadAnswerBytes(context) > self.configuration.maxUnreadAnswerBytes {
            // Reading stopped when the socket filled; answers to calls already
            // started would otherwise pile up in memory without bound.
            return self.close(
                reason:
                    "the peer does not read its answers (over \(self.configuration.maxUnreadAnswerBytes) bytes waiting)"
            )
        }
        guard !self.flushScheduled else { return }
        // Answers completed in the same turn of the loop go out in one flush.
        self.flushScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.flushScheduled = false
            self.context?.flush()
        }
    }

    /// Answer bytes written but not yet taken by the peer.
    private func unreadAnswerBytes(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
    }

    // MARK: Timers and teardown

    private func armFrameTimer() {
        guard let context = self.context else { return }
        let limit = self.configuration.frameTimeout
        self.frameTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limit)) {
            self.frameTimer = nil
            self.close(reason: "a frame was not finished within \(limit)")
        }
    }

    private func armIdleTimer(at deadline: NIODeadline) {
        guard let context = self.context else { return }
        self.idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let limit = TimeAmount(self.configuration.idleTimeout)
            let idleUntil = self.lastActivity + limit
            if self.calls.isEmpty && idleUntil <= .now() {
                self.close(reason: "idle for \(self.configuration.idleTimeout)")
            } else {
                self.armIdleTimer(at: max(idleUntil, .now() + .nanoseconds(limit.nanoseconds / 10)))
            }
        }
    }

    private func close(reason: String?) {
        if let reason {
            self.logger.warning("closing connection", metadata: ["reason": "\(reason)", "peer": "\(self.peer)"])
        }
        guard let context = self.context else { return }
        context.flush()
        context.close(promise: nil)
    }

    private func tearDown() {
        self.frameTimer?.cancel()
        self.idleTimer?.cancel()
        self.frameTimer = nil
        self.idleTimer = nil
        for call in self.calls.values {
            call.task?.cancel()
            call.deadlineTimer?.cancel()
            // Never answered: the connection closed first.
            if let (method, start) = call.metrics {
                method.record(.cancelled, since: start)
                self.metrics?.inFlight.decrement()
            }
        }
        self.calls.removeAll()
        self.connection.removeAll()
    }

    /// This connection's turn in the fair scheduler.
    private var schedulerKey: UInt64 { UInt64(UInt(bitPattern: ObjectIdentifier(self).hashValue)) }

    /// Names the connection in request ids and logs.
    private let connectionID = String(UInt32.random(in: 0 ... .max), radix: 16)
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
