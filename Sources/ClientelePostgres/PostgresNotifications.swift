import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// What the daemons sharing one database tell each other, over PostgreSQL's LISTEN/NOTIFY on
/// one channel: "changes <group>" when a commit appended to a group's change feed (sent by
/// the committing transaction itself, so it is delivered only if it commits), "access" when
/// access was revoked (credential caches must forget). Every daemon, the sender included,
/// receives each notification once it is committed.
///
/// One dedicated connection listens; when it is lost it is made again (every 0.1–2 s), and on
/// each new connection every handler is run once as if notified: what was missed meanwhile
/// is treated as changed.
final class PostgresNotifications: Sendable {
    static let channel = "clientele"

    private let location: PostgresLocation
    private let logger: Logger
    private let onChanges: @Sendable (Set<String>) -> Void
    private let onAccessRevoked: Mutex<[@Sendable () -> Void]> = Mutex([])
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let onReconnect: @Sendable () -> Void
    /// The listening connection, and whether it holds the periodic jobs' lock.
    private let listening = Mutex<(connection: PostgresConnection, leads: Bool)?>(nil)
    /// The session-level advisory lock the daemon running the periodic jobs holds.
    static let periodicJobsLockKey: Int64 = 0x636c_6965_6e74_0002

    init(
        location: PostgresLocation, logger: Logger, onChanges: @escaping @Sendable (Set<String>) -> Void,
        onReconnect: @escaping @Sendable () -> Void
    ) {
        self.location = location
        self.logger = logger
        self.onChanges = onChanges
        self.onReconnect = onReconnect
    }

    /// The payload announcing changes to `group`.
    static func changesPayload(_ group: String) -> String { "changes " + group }
    static let accessPayload = "access"

    func addAccessRevokedHandler(_ handler: @escaping @Sendable () -> Void) {
        self.onAccessRevoked.withLock { $0.append(handler) }
    }

    /// Starts listening; returns once the first LISTEN is in place (or failed once: it keeps trying).
    func start() async {
        let ready = AsyncStream<Void>.makeStream()
        let task = Task { [self] in
            var delay: Duration = .milliseconds(100)
            var first = true
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(
                        on: MultiThreadedEventLoopGroup.singleton.next(),
                        configuration: self.location.connectionConfiguration, id: 0, logger: self.logger)
                    self.listening.withLock { $0 = (connection, false) }
                    // A link cut without a reset leaves the listen waiting forever: the heartbeat
                    // closes a connection that stops answering, which ends the listen.
                    let heartbeat = Task { await self.heartbeat(connection) }
                    defer { heartbeat.cancel() }
                    var lost: (any Error)?
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            if first { ready.continuation.yield() } else { self.everythingChanged() }
                            first = false
                            delay = .milliseconds(100)
                            for try await notification in notifications { self.deliver(notification.payload) }
                        }
                    } catch {
                        lost = error
                    }
                    self.listening.withLock { $0 = nil }
                    // Closed before it is let go (stop() cancels the listen while it is open):
                    // PostgresNIO asserts that a connection it frees was closed.
                    try? await connection.close()
                    if let lost { throw lost }
                } catch {
                    if Task.isCancelled { break }
                    self.logger.warning(
                        "lost the database's notifications; reconnecting",
                        metadata: ["error": "\(String(describing: error))"])
                }
                if first { ready.continuation.yield() }
                first = false
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
        self.task.withLock { $0 = task }
        for await _ in ready.stream { break }
    }

    /// Whether this daemon holds the periodic jobs' lock, taking it if it is free. The lock lives
    /// as long as the listening connection: a daemon that dies or loses the database frees it.
    func leadsPeriodicJobs() async -> Bool {
        guard let (connection, leads) = self.listening.withLock({ $0 }) else { return false }
        if leads { return true }
        do {
            let rows = try await connection.query(
                "SELECT pg_try_advisory_lock(\(Self.periodicJobsLockKey))", logger: self.logger)
            var taken = false
            for try await (value) in rows.decode(Bool.self) { taken = value }
            if taken {
                let first = self.listening.withLock { current -> Bool in
                    guard current?.connection === connection, current?.leads == false else { return false }
                    current?.leads = true
                    return true
                }
                if first { self.logger.info("this daemon runs the periodic jobs (sweeper, pruning)") }
            }
            return taken
        } catch {
            return false
        }
    }

    /// Asks `connection` every second for an answer; closes it when one takes over 3 s.
    private func heartbeat(_ connection: PostgresConnection) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled { return }
            let answered = Atomic<Bool>(false)
            connection.query(PostgresQuery(unsafeSQL: "SELECT 1"), logger: self.logger).whenComplete { result in
                if case .success = result { answered.store(true, ordering: .releasing) }
            }
            let deadline = ContinuousClock.now + .seconds(3)
            while !answered.load(ordering: .acquiring), ContinuousClock.now < deadline, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if Task.isCancelled { return }
            guard answered.load(ordering: .acquiring) else {
                self.logger.warning("the database stopped answering the notifications connection; reconnecting")
                self.listening.withLock { current in
                    if current?.connection === connection { current?.leads = false }
                }
                let closing: EventLoopFuture<Void> = connection.close()
                _ = closing
                return
            }
        }
    }

    func stop() {
        self.task.withLock { $0?.cancel() }
    }

    private func deliver(_ payload: String) {
        if payload == Self.accessPayload {
            for handler in self.onAccessRevoked.withLock({ $0 }) { handler() }
        } else if payload.hasPrefix("changes ") {
            self.onChanges([String(payload.dropFirst("changes ".count))])
        }
    }

    /// After a gap in listening: whatever was announced meanwhile is lost, so assume everything.
    private func everythingChanged() {
        for handler in self.onAccessRevoked.withLock({ $0 }) { handler() }
        self.onReconnect()
    }
}
