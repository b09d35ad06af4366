import ClienteleRPC
import Logging
import NIOCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// What the daemon tells systemd (`Type=notify`): READY=1 once the store is open and the
/// socket accepts, WATCHDOG=1 every half `WATCHDOG_USEC` while it serves, STOPPING=1 when
/// a graceful shutdown starts. Listed last in the service group, so that it hears the
/// shutdown first: STOPPING=1 goes out before the server drains.
struct ServiceManagerNotices: Service {
    let notifier: SystemdNotifier
    let server: RPCServer
    let group: any EventLoopGroup
    let logger: Logger
    /// The STATUS= line sent with READY=1.
    let readyStatus: String

    func run() async throws {
        do {
            try await self.server.waitUntilListening()
        } catch {
            // The server failed to start and stops the group; nothing to announce.
            try? await gracefulShutdown()
            return
        }
        self.notifier.notify("READY=1\nSTATUS=\(self.readyStatus)\nMAINPID=\(getpid())")
        if let interval = self.notifier.watchdogInterval {
            let millis = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
            self.logger.info("systemd watchdog on", metadata: ["interval-ms": "\(millis)"])
            try? await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    // A ping proves an event loop still runs tasks, not only this timer.
                    try await self.group.any().submit {}.get()
                    self.notifier.notify("WATCHDOG=1")
                }
            }
        }
        // Returns at once when the shutdown has begun (the watchdog loop ends with it).
        try? await gracefulShutdown()
        self.notifier.notify("STOPPING=1\nSTATUS=stopping: finishing calls in flight")
    }
}
