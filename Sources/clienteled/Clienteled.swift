import ArgumentParser
import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import ClienteleServer
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
            lets calls in flight finish within --shutdown-grace seconds and removes the socket file.
            """,
        version: ClienteleVersion.current
    )

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let serverConfiguration = try self.options.serverConfiguration()
        let logLevel = self.options.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "clienteled")

        try FileManager.default.createDirectory(
            atPath: self.options.dataDir,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )

        let group = MultiThreadedEventLoopGroup(numberOfThreads: serverConfiguration.eventLoopThreads)
        let health = HealthService(storeStatus: {
            var status = Clientele_V1_StoreStatus()
            status.engine = "none"
            status.detail = "this build has no store yet"
            return status
        })
        var router = RPCRouter()
        health.register(in: &router)
        let server = RPCServer(
            configuration: serverConfiguration,
            dispatcher: CallDispatcher(router: router, interceptors: [LoggingInterceptor()]),
            group: group,
            logger: logger
        )
        let services = ServiceGroup(
            configuration: .init(
                services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        logger.info(
            "starting",
            metadata: [
                "version": "\(ClienteleVersion.current)",
                "data-dir": "\(self.options.dataDir)",
                "pid": "\(ProcessInfo.processInfo.processIdentifier)",
            ]
        )
        do {
            try await services.run()
        } catch let error as RPCServerError {
            logger.critical("cannot start: \(error)")
            try? await group.shutdownGracefully()
            throw ExitCode(1)
        }
        try await group.shutdownGracefully()
    }
}
