import ArgumentParser
import ClienteleAPI
import ClienteleDomain
import ClientelePostgres
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import ClienteleStore
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// The Clientele daemon: serves the API over a Unix socket until SIGTERM or SIGINT.
@main
struct Clienteled: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clienteled",
        abstract: "Clientele daemon: client management over ttrpc on a Unix socket.",
        discussion: """
            Run from the repository folder with no options, it keeps its socket in var/run/ \
            and its data in var/data/. Stop it with SIGTERM or SIGINT (Ctrl-C): it stops accepting, \
            lets calls in flight finish within --shutdown-grace seconds and removes the socket file. \
            A second daemon on the same data folder or socket refuses to start.
            Under systemd (packaging/systemd/): it serves on the socket the clienteled.socket unit \
            passes (LISTEN_FDS), leaving that socket file alone, and tells systemd READY=1, \
            WATCHDOG=1 and STOPPING=1 through $NOTIFY_SOCKET (Type=notify, WatchdogSec=).
            """,
        version: ClienteleVersion.description
    )

    @OptionGroup var options: DaemonOptions
    @OptionGroup(title: "Configuration") var configFile: ConfigFileOptions

    /// The instant (2026-01-01T00:00:00Z) and seed of `--test-deterministic`.
    static let deterministicMillis: Int64 = 1_767_225_600_000
    static let deterministicSeed: UInt64 = 0x0C11_E47E_1E

    func run() async throws {
        var serverConfiguration = try self.options.serverConfiguration()
        let logLevel = self.options.logLevel
        switch self.options.logFormat.resolved {
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = logLevel
                return handler
            }
        case .text, .auto:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = logLevel
                return handler
            }
        }
        let logger = Logger(label: "clienteled")
        // Before the store, services and server make their metric handles (off: none are kept).
        let metricsEndpoint = try self.options.metricsEndpoint()
        let metrics = metricsEndpoint.map { _ in DaemonMetrics.bootstrap() }
        if metrics != nil { SignInMetrics.register() }
        logger.info(
            "starting",
            metadata: [
                "version": "\(ClienteleVersion.current)",
                "commit": "\(ClienteleVersion.commit)",
                "data-dir": "\(self.options.dataDir)",
                "pid": "\(ProcessInfo.processInfo.processIdentifier)",
            ]
        )

        // A socket passed by systemd (socket activation); the LISTEN_* variables are unset here.
        do {
            serverConfiguration.inheritedSocket = try InheritedSocket.fromEnvironment()
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        }
        let notifier = SystemdNotifier.fromEnvironment()

        // The server's event loops; PostgreSQL's connections live on them too, so that a call
        // asks the database from its own thread.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: serverConfiguration.eventLoopThreads)
        let lock: DataDirectoryLock?
        let database: any StoreDatabase
        do {
            (database, lock) = try await self.openStore(logger: logger, eventLoops: group)
        } catch {
            try? await group.shutdownGracefully()
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        }
        defer { lock?.release() }

        let clock: any Clock
        let ids: any IDGenerator
        if self.options.testDeterministic {
            logger.warning(
                "--test-deterministic: fixed clock and PREDICTABLE ids and tokens; for contract tests only, never in production"
            )
            clock = FixedClock(millis: Self.deterministicMillis)
            ids = SeededIDGenerator(seed: Self.deterministicSeed)
        } else {
            clock = SystemClock()
            ids = TimeOrderedIDGenerator(clock: clock)
        }
        let settings = self.options.identitySettings()
        let authenticator = Authenticator(database: database, clock: clock, settings: settings, daemonUID: getuid())
        let identity = IdentityService(database: database, clock: clock, ids: ids, settings: settings, logger: logger)
        let people = PeopleService(
            database: database, clock: clock, ids: ids, settings: self.options.peopleSettings())
        var router = SecuredRouter(authenticator: authenticator, clock: clock) { principal, method, context, refusal in
            await people.recordSignedInAsCall(
                principal, method: method.fullName, requestID: context.requestID, refusal: refusal?.message)
        }
        HealthService(storeStatus: { Self.storeStatus(database) }).register(in: &router)
        ReflectionService().register(in: &router)
        AccessService(identity: identity, authenticator: authenticator).register(in: &router)
        let clients = ClientService(
            database: database, clock: clock, ids: ids, settings: self.options.clientSettings(), logger: logger)
        ClientsService(
            clients: clients, identity: identity,
            answers: ClientAnswerCache(capacity: self.options.answerCacheEntries)
        ).register(in: &router)
        let auditLog = AuditLog(database: database, tokenKey: self.options.changeFeedSettings().cursorKey)
        AuditService(log: auditLog, clients: clients, identity: identity).register(in: &router)
        OutboxRPCService(outbox: OutboxService(database: database, clock: clock, ids: ids), identity: identity)
            .register(in: &router)
        BillingRPCService(billing: BillingService(database: database, clock: clock, ids: ids), clients: clients)
            .register(in: &router)
        PeopleRPCService(people: people, clients: clients, identity: identity, clock: clock).register(in: &router)
        let changes = ChangeFeed(
            database: database, clock: clock, settings: self.options.changeFeedSettings(), logger: logger)
        ChangesRPCService(feed: changes, identity: identity).register(in: &router)
        let sweeper = ActivationSweeper(database: database, clock: clock, ids: ids, logger: logger)
        let sweepInterval = Duration.milliseconds(Int64(self.options.sweepInterval * 1000))
        let sweeping = Task { await sweeper.run(every: sweepInterval) }
        defer { sweeping.cancel() }
        let pruning = Task { await changes.runPruning(every: sweepInterval) }
        defer { pruning.cancel() }

        let server = RPCServer(
            configuration: serverConfiguration,
            dispatcher: CallDispatcher(router: router.router, interceptors: [LoggingInterceptor()]),
            group: group,
            logger: logger,
            metrics: metrics.map { _ in RPCMetrics(methods: router.router.methods) }
        )
        var metricsServices: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let metrics, let metricsEndpoint {
            let dataDirectory = self.options.dataDir
            metricsServices.append(
                .init(
                    service: MetricsServer(endpoint: metricsEndpoint, group: group, logger: logger) {
                        await metrics.render(dataDirectory: dataDirectory, database: database, logger: logger)
                    }))
        }
        let services = ServiceGroup(
            configuration: .init(
                // Shut down in reverse: the followers' long polls are answered first, so that
                // the server's drain does not wait for them.
                services: metricsServices + [
                    .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: ChangeFeedStopper(feed: changes)),
                    // Last: hears the shutdown first, so STOPPING=1 goes out before the drain.
                    .init(
                        service: ServiceManagerNotices(
                            notifier: notifier, server: server, group: group, logger: logger,
                            readyStatus:
                                "serving on \(serverConfiguration.inheritedSocket?.path ?? serverConfiguration.socketPath)"
                        )),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await services.run()
        } catch let error as RPCServerError {
            logger.critical("cannot start: \(error)")
            // The store first: PostgreSQL's connections live on the group's event loops.
            await Self.closeStore(database)
            try? await group.shutdownGracefully()
            throw ExitCode(1)
        }
        await Self.closeStore(database)
        try await group.shutdownGracefully()
    }
}
