import ClienteleStore
import Dispatch
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// At most `location.poolSize` connections to the PostgreSQL server, made when first needed and
/// replaced when lost. Borrowed synchronously by the worker threads that run transactions.
final class PostgresConnectionPool: Sendable {
    private let location: PostgresLocation
    private let eventLoops: any EventLoopGroup
    private let logger: Logger
    /// One permit per connection the pool may hold.
    private let permits: DispatchSemaphore
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)

    init(location: PostgresLocation, eventLoops: any EventLoopGroup, logger: Logger) {
        self.location = location
        self.eventLoops = eventLoops
        self.logger = logger
        self.permits = DispatchSemaphore(value: location.poolSize)
    }

    /// Runs `body` with a connection; a connection `body` found lost is closed, not returned.
    /// Blocks the calling thread (never an event loop) while every connection is borrowed.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        self.permits.wait()
        defer { self.permits.signal() }
        let connection = try self.idleConnection() ?? self.connect()
        do {
            let result = try body(connection)
            self.idle.withLock { $0.append(connection) }
            return result
        } catch {
            if !self.keeps(connection, after: error) {
                // Closed before it is dropped (postgres-nio asserts that); this is a worker thread.
                let closing: EventLoopFuture<Void> = connection.close()
                _ = try? connection.waitForAnswer(closing)
            }
            throw error
        }
    }

    /// Runs `body` on an idle connection, one on `loop` if there is one, without blocking: from a
    /// task, with no worker thread between it and the connection (on the caller's event loop, no
    /// thread switch at all). `nil` when every connection is borrowed or none is open: the
    /// caller then takes a worker thread and `withConnection`, which waits or connects.
    func withIdleConnection<T: Sendable>(
        preferring loop: (any EventLoop)?, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T? {
        guard self.permits.wait(timeout: .now()) == .success else { return nil }
        defer { self.permits.signal() }
        // A closed one is left for `idleConnection()` to close and drop.
        guard
            let connection = self.idle.withLock({ idle -> PostgresConnection? in
                let index =
                    idle.lastIndex { !$0.isClosed && $0.eventLoop === loop } ?? idle.lastIndex { !$0.isClosed }
                return index.map { idle.remove(at: $0) }
            })
        else { return nil }
        do {
            let result = try await body(connection)
            self.idle.withLock { $0.append(connection) }
            return result
        } catch {
            if !self.keeps(connection, after: error) { try? await connection.close() }
            throw error
        }
    }

    /// After a body failed on `connection`: puts it back idle and returns true, unless the
    /// failure lost it (then the caller closes it).
    private func keeps(_ connection: PostgresConnection, after error: any Error) -> Bool {
        guard !StoreError.isConnectionLost(error), !connection.isClosed else { return false }
        self.idle.withLock { $0.append(connection) }
        return true
    }

    /// An idle connection still open. One the server ended while it sat idle (a restart,
    /// `pg_terminate_backend`, `idle_session_timeout`) is closed and dropped here: a statement
    /// sent on it would wait forever (postgres-nio never answers a query on a closed channel).
    private func idleConnection() -> PostgresConnection? {
        while let connection = self.idle.withLock({ $0.popLast() }) {
            guard connection.isClosed else { return connection }
            let closing: EventLoopFuture<Void> = connection.close()
            _ = try? connection.waitForAnswer(closing)
        }
        return nil
    }

    /// Closes every idle connection (at shutdown).
    func close() {
        for connection in self.idle.withLock({ idle in
            defer { idle = [] }; return idle
        }) {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = try? connection.waitForAnswer(closing)
        }
    }

    private func connect() throws -> PostgresConnection {
        let id = self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        do {
            return try PostgresConnection.connect(
                on: self.eventLoops.next(), configuration: self.location.connectionConfiguration, id: id,
                logger: self.logger
            ).wait()
        } catch let error as PSQLError where error.code == .server {
            throw StoreError(postgres: error) ?? StoreError.unavailable("the database server refused the connection")
        } catch {
            self.logger.warning(
                "cannot connect to the database server",
                metadata: ["store": "\(self.location)", "error": "\(String(describing: error))"])
            throw StoreError.unavailable("the database server cannot be reached (\(self.location.endpointDescription))")
        }
    }
}
