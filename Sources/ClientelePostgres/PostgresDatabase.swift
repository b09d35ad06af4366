public import ClienteleStore
import Foundation
public import Logging
public import NIOCore
import NIOPosix
import PostgresNIO

/// The PostgreSQL store: transactions run on worker threads, each on a pooled connection.
///
/// Writes run SERIALIZABLE and run again (up to `maxAttempts`) when PostgreSQL reports a
/// serialization failure or a deadlock, so the rules a transaction checks before writing (a
/// ledger's floor, a version precondition, an idempotency key) hold with writers on other
/// daemons. A transaction body must therefore be safe to run twice: it only reads and writes
/// the session, as the stores' bodies do. Reads run REPEATABLE READ READ ONLY: one snapshot.
public final class PostgresDatabase: Sendable {
    public let location: PostgresLocation
    let pool: PostgresConnectionPool
    let workers: NIOThreadPool
    let logger: Logger
    let committer: PostgresGroupCommitter
    let prepared = PostgresPreparedQueries()
    static let maxAttempts = 25

    /// Connects lazily: the first transaction opens the first connection. `eventLoops`: where the
    /// connections live: the daemon's own, so that a call finds one on its event loop (`nil`:
    /// NIO's shared ones).
    public init(
        location: PostgresLocation, logger: Logger,
        eventLoops: (any EventLoopGroup)? = nil
    ) {
        self.location = location
        self.logger = logger
        self.pool = PostgresConnectionPool(
            location: location, eventLoops: eventLoops ?? MultiThreadedEventLoopGroup.singleton, logger: logger)
        self.workers = NIOThreadPool(numberOfThreads: location.poolSize)
        self.workers.start()
        self.committer = PostgresGroupCommitter(pool: self.pool, workers: self.workers, logger: logger)
    }

    /// Connects, migrates the schema (see `PostgresMigrator`) and returns the store.
    public static func open(
        location: PostgresLocation, logger: Logger,
        eventLoops: (any EventLoopGroup)? = nil
    ) async throws -> PostgresDatabase {
        let database = PostgresDatabase(location: location, logger: logger, eventLoops: eventLoops)
        do {
            try await PostgresMigrator.migrate(database)
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// A write, in a transaction shared with the other writes queued meanwhile (group commit,
    /// see `PostgresGroupCommitter`), inside its own savepoint: if `body` throws, only its changes
    /// are rolled back and only this call fails. `body` may run more than once (see the type's
    /// comment). Returns once the transaction committed.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            self.committer.submit(
                PostgresGroupCommitter.Request(
                    perform: { session in
                        let value = try body(session)
                        return { continuation.resume(returning: value) }
                    },
                    fail: { error in continuation.resume(throwing: error) }
                )
            )
        }
    }

    /// How group commit has batched the writes so far (reported by Health).
    public var groupCommitStatistics: GroupCommitStatistics { self.committer.statistics }

    /// Taken by every write before its first query, so before its snapshot (LOCK takes none):
    /// writes commit one at a time across daemons. Every audited write appends to one numbered
    /// sequence (the audit trail's, the change feed's: gap-free, in commit order), so any two
    /// overlapping writes conflict; without the lock SERIALIZABLE lets one of them fail and run
    /// again, which under load costs more than waiting (800 writes from two daemons: 6.6–8.2 s,
    /// ~6,500 retries and ~60 writes out of attempts, against 2.6 s and none with the lock).
    /// Readers are not blocked (SHARE ROW EXCLUSIVE conflicts with writers only).
    static let writeOrderLock = "LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE"

    /// A write before the schema exists (the migrations): without the write-order lock.
    func writeBeforeSchema<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await self.transaction(begin: ["BEGIN ISOLATION LEVEL SERIALIZABLE"], body)
    }

    /// A read in one snapshot.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await self.transaction(begin: ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], body)
    }

    /// Runs one statement outside a transaction (CREATE DATABASE cannot run in one).
    public func autocommit(_ sql: String) async throws {
        try await self.autocommit { session in _ = try session.execute(sql) }
    }

    /// Runs `body` outside a transaction: each statement commits on its own.
    public func autocommit<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        do {
            return try await self.workers.runIfActive {
                try self.pool.withConnection { connection in
                    let session = PostgresSession(connection: connection, logger: self.logger)
                    let value = try body(session)
                    try session.flush()
                    return value
                }
            }
        } catch let error as NIOThreadPoolError.ThreadPoolInactive {
            _ = error
            throw StoreError.unavailable("the store is closed")
        } catch {
            throw StoreError.surfacePostgres(error, logger: self.logger)
        }
    }

    /// The first column of the first row of `sql` (no parameters), one statement outside a
    /// transaction, asked from the calling task on an idle connection
    /// (`PostgresConnectionPool.withIdleConnection`: on the caller's event loop when it has one
    /// there, so the round trip to the server is the whole cost), prepared on it once
    /// (`PostgresPreparedQueries`); else on a worker thread, as `autocommit` does.
    func autocommitValue<T: PostgresDecodable & Sendable>(_ type: T.Type, _ sql: String) async throws -> T? {
        let asked: T??
        do {
            asked = try await self.pool.withIdleConnection(preferring: MultiThreadedEventLoopGroup.currentEventLoop) {
                connection in
                try await self.prepared.value(type, sql, on: connection)
            }
        } catch {
            throw StoreError.surfacePostgres(error, logger: self.logger)
        }
        if let asked { return asked }
        return try await self.autocommit { session in try session.value(type, sql) }
    }

    /// Stops the workers and closes the connections.
    public func close() async {
        try? await self.workers.shutdownGracefully()
        self.pool.close()
    }

    private func transaction<T: Sendable>(
        begin: [String], _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        do {
            return try await self.workers.runIfActive {
                try self.runWithRetries(begin: begin, body)
            }
        } catch let error as NIOThreadPoolError.ThreadPoolInactive {
            _ = error
            throw StoreError.unavailable("the store is closed")
        } catch {
            throw StoreError.surfacePostgres(error, logger: self.logger)
        }
    }

    /// On a worker thread.
    func runWithRetries<T>(begin: [String], _ body: (PostgresSession) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try self.pool.withConnection { connection in
                    try Self.runOnce(begin: begin, connection: connection, logger: self.logger, body)
                }
            } catch  where StoreError.isRetryable(error) && attempt < Self.maxAttempts {
                Self.backOff(attempt: attempt)
                attempt += 1
            }
        }
    }

    /// Before running a transaction again: a little, more each time, with jitter, so racing
    /// writers spread out.
    static func backOff(attempt: Int) {
        usleep(UInt32.random(in: 0...(UInt32(min(attempt, 10)) * 500)))
    }

    private static func runOnce<T>(
        begin: [String], connection: PostgresConnection, logger: Logger, _ body: (PostgresSession) throws -> T
    ) throws -> T {
        let session = PostgresSession(connection: connection, logger: logger)
        for statement in begin { session.enqueue(statement) }
        let result: T
        do {
            result = try body(session)
            try session.execute("COMMIT")
        } catch {
            if !connection.isClosed { _ = try? session.execute("ROLLBACK") }
            throw error
        }
        return result
    }
}
