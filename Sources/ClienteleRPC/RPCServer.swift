public import Logging
import NIOConcurrencyHelpers
public import NIOCore
import NIOPosix
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// The ttrpc server on a Unix socket, run as a service-lifecycle `Service`:
/// it listens until graceful shutdown, then stops accepting, lets calls in
/// flight finish within the grace period and removes its socket file.
public final class RPCServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let dispatcher: CallDispatcher
    private let group: any EventLoopGroup
    private let logger: Logger
    private let connections: ConnectionTable
    private let listening: EventLoopPromise<Void>
    private let scheduler: FairCallScheduler
    private let spreader: CallSpreader
    private let metrics: RPCMetrics?

    /// `metrics`: where calls and connections are counted; `nil` (the default) counts nothing.
    public init(
        configuration: ServerConfiguration,
        dispatcher: CallDispatcher,
        group: any EventLoopGroup,
        logger: Logger,
        metrics: RPCMetrics? = nil
    ) {
        self.metrics = metrics
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.group = group
        self.logger = logger
        self.connections = ConnectionTable(
            maxTotal: configuration.maxConnections,
            maxPerUID: configuration.maxConnectionsPerUID
        )
        self.listening = group.any().makePromise(of: Void.self)
        self.scheduler = FairCallScheduler(limit: configuration.maxCallsRunning)
        self.spreader = CallSpreader(group: group, backlog: configuration.spreadBacklog)
    }

    /// Returns once the socket accepts connections; throws if the server failed to start.
    public func waitUntilListening() async throws {
        try await self.listening.futureResult.get()
    }

    /// Connections open now.
    public var openConnections: Int { self.connections.count }

    public func run() async throws {
        if let inherited = self.configuration.inheritedSocket {
            try await self.run(inherited: inherited)
            return
        }
        let socket = UnixSocketFile(path: self.configuration.socketPath)
        let channel: any Channel
        do {
            if try socket.prepare() {
                self.logger.notice("removed a stale socket file", metadata: ["socket": "\(socket.path)"])
            }
            channel = try await self.bind(socket)
        } catch {
            self.listening.fail(error)
            throw error
        }
        self.logger.info(
            "listening",
            metadata: [
                "socket": "\(socket.path)",
                "mode": "\(String(self.configuration.socketMode, radix: 8))",
            ]
        )
        self.listening.succeed()

        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
        await self.drain()
        socket.remove()
        self.logger.info("stopped", metadata: ["socket": "\(socket.path)"])
    }

    /// Serves on a socket passed by systemd: its path, mode and group are the socket unit's,
    /// so nothing is prepared before nor removed after (the unit keeps listening while the
    /// daemon restarts, and a connection arriving meanwhile waits in its queue).
    private func run(inherited: InheritedSocket) async throws {
        let channel: any Channel
        do {
            channel = try await self.bootstrap().withBoundSocket(inherited.descriptor).get()
        } catch {
            let failure = RPCServerError.socket(
                "cannot serve on the socket passed by systemd (fd \(inherited.descriptor)): \(error)")
            self.listening.fail(failure)
            throw failure
        }
        var metadata: Logger.Metadata = [
            "socket": "\(inherited.path)", "fd": "\(inherited.descriptor)", "activation": "systemd",
        ]
        if let name = inherited.name { metadata["fd-name"] = "\(name)" }
        self.logger.info("listening", metadata: metadata)
        self.listening.succeed()

        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
        await self.drain()
        self.logger.info("stopped", metadata: ["socket": "\(inherited.path)", "activation": "systemd"])
    }

    private func bind(_ socket: UnixSocketFile) async throws -> any Channel {
        let bootstrap = self.bootstrap()
        // The socket is created with no permission for anyone but its owner,
        // then opened up to the configured mode.
        let previousMask = umask(0o177)
        defer { umask(previousMask) }
        let channel = try await bootstrap.bind(unixDomainSocketPath: socket.path).get()
        do {
            try socket.secure(mode: self.configuration.socketMode, group: self.configuration.socketGroup)
        } catch {
            try? await channel.close()
            socket.remove()
            throw error
        }
        return channel
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: self.group)
            // A storm of connections (thousands opened at once) must not fill the accept
            // queue: connect() on a Unix socket fails at once (EAGAIN) when it is full.
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.maxMessagesPerRead, value: 64)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            // One read of at most 4 KiB per connection per turn of the loop: a flooding peer does
            // not hold the loop. A 64 KiB read of pipelined GetClient calls answered from memory
            // is about 600 calls, milliseconds of work ahead of every other connection on the
            // loop (the hostile test's flood phase: probe p99 10 ms with 64 KiB, 4 ms with 4 KiB).
            // A 4 MiB message then takes 1,024 reads; the CSV import benchmark did not slow down.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 4_096)
            )
            .childChannelInitializer {
                [dispatcher, configuration, connections, logger, scheduler, spreader, metrics] channel in
                PeerCredentials.of(channel).flatMap { peer in
                    if let refusal = connections.admit(channel, uid: peer.uid) {
                        metrics?.refused(refusal)
                        logger.warning("connection refused", metadata: ["reason": "\(refusal)", "peer": "\(peer)"])
                        return channel.close()
                    }
                    metrics?.connectionsOpen.increment()
                    channel.closeFuture.whenComplete { _ in
                        connections.remove(channel, uid: peer.uid)
                        metrics?.connectionsOpen.decrement()
                    }
                    let handler = ServerConnectionHandler(
                        dispatcher: dispatcher,
                        configuration: configuration,
                        peer: peer,
                        logger: logger,
                        scheduler: scheduler,
                        spreader: spreader,
                        metrics: metrics
                    )
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
            }
    }

    /// Asks every connection to finish its calls, waits up to the grace period, then closes the rest.
    private func drain() async {
        let open = self.connections.channels
        guard !open.isEmpty else { return }
        self.logger.info("draining connections", metadata: ["connections": "\(open.count)"])
        for channel in open {
            channel.pipeline.fireUserInboundEventTriggered(ServerConnectionEvent.drain)
        }
        let deadline = ContinuousClock.now + self.configuration.shutdownGracePeriod
        while self.connections.count > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = self.connections.channels
        if !remaining.isEmpty {
            self.logger.warning(
                "grace period over; closing connections with calls in flight",
                metadata: ["connections": "\(remaining.count)"]
            )
            for channel in remaining {
                try? await channel.close()
            }
        }
    }
}
