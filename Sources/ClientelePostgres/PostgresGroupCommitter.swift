import ClienteleStore
import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// Group commit on PostgreSQL: the writes queued while this daemon's batch runs go together
/// in the next SERIALIZABLE transaction, each in its own savepoint, and share its write-order
/// lock (see `PostgresDatabase.writeOrderLock`) and its commit's WAL flush. A daemon runs one
/// batch at a time: every write takes that lock anyway, so a second batch would only wait for it.
///
/// A body that throws rolls back to its savepoint and fails alone. A serialization failure or a
/// deadlock anywhere rolls the whole batch back and runs it again (every body again, in the same
/// order; bodies are safe to run twice), up to `PostgresDatabase.maxAttempts`. A lost connection
/// or a failed commit fails every write of the batch.
final class PostgresGroupCommitter: Sendable {
    /// One caller's write.
    struct Request: Sendable {
        /// Runs the body in the open transaction; returns what answers the caller after the commit.
        var perform: @Sendable (PostgresSession) throws -> @Sendable () -> Void
        /// Answers the caller with an error.
        var fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Request] = []
        var scheduled = false
        var statistics = GroupCommitStatistics()
    }

    private enum Outcome {
        case wrote(@Sendable () -> Void)
        case failed(any Error)

        var wrote: Bool { if case .wrote = self { true } else { false } }
    }

    /// Savepoints of a batch nest (none is released: releasing costs a round trip each), and
    /// PostgreSQL keeps up to 64 subtransactions per backend in shared memory before other
    /// backends' snapshots must look them up on disk.
    static let maximumBatch = 64

    /// In every batch that wrote: see `PostgresStore.writeGeneration()`.
    static let raiseGeneration = "UPDATE write_generation SET generation = generation + 1 WHERE id = 1"

    private let pool: PostgresConnectionPool
    private let workers: NIOThreadPool
    private let logger: Logger
    private let state = Mutex(State())
    private let metrics = StoreMetrics()

    init(pool: PostgresConnectionPool, workers: NIOThreadPool, logger: Logger) {
        self.pool = pool
        self.workers = workers
        self.logger = logger
    }

    var statistics: GroupCommitStatistics { self.state.withLock { $0.statistics } }

    /// Writes waiting for the next batch.
    var pendingCount: Int { self.state.withLock { $0.pending.count } }

    func submit(_ request: Request) {
        let schedule = self.state.withLock { state in
            state.pending.append(request)
            defer { state.scheduled = true }
            return !state.scheduled
        }
        if schedule { self.schedule() }
    }

    private func schedule() {
        self.workers.submit { work in
            guard case .active = work else { return self.failPending(StoreError.unavailable("the store is closed")) }
            self.runBatch()
        }
    }

    private func failPending(_ error: any Error) {
        let pending = self.state.withLock { state in
            defer {
                state.pending = []
                state.scheduled = false
            }
            return state.pending
        }
        for request in pending { request.fail(error) }
    }

    /// On a worker thread.
    private func runBatch() {
        let batch = self.state.withLock { state in
            let batch = Array(state.pending.prefix(Self.maximumBatch))
            state.pending.removeFirst(batch.count)
            return batch
        }
        let began = ContinuousClock.now
        var outcomes: [Outcome] = []
        var batchError: (any Error)?
        var attempt = 1
        while true {
            do {
                outcomes = try self.pool.withConnection { connection in
                    try self.runOnce(batch, session: PostgresSession(connection: connection, logger: self.logger))
                }
                break
            } catch  where StoreError.isRetryable(error) && attempt < PostgresDatabase.maxAttempts {
                PostgresDatabase.backOff(attempt: attempt)
                attempt += 1
            } catch {
                batchError = error
                break
            }
        }
        if batchError == nil {
            self.metrics.commit.record(since: began)
        } else {
            self.metrics.failed.increment()
        }

        let reschedule = self.state.withLock { state in
            if batchError == nil {
                let writes = outcomes.count(where: \.wrote)
                state.statistics.commits += 1
                state.statistics.writes += writes
                state.statistics.largestBatch = max(state.statistics.largestBatch, writes)
                self.metrics.batchWrites.record(writes)
            }
            state.scheduled = !state.pending.isEmpty
            return state.scheduled
        }
        if reschedule { self.schedule() }

        for (index, request) in batch.enumerated() {
            if let batchError {
                request.fail(StoreError.surfacePostgres(batchError, logger: self.logger))
            } else {
                switch outcomes[index] {
                case .wrote(let answer): answer()
                case .failed(let error): request.fail(StoreError.surfacePostgres(error, logger: self.logger))
                }
            }
        }
    }

    /// One attempt: the batch's transaction, committed unless every body failed.
    private func runOnce(_ batch: [Request], session: PostgresSession) throws -> [Outcome] {
        // A lone write needs no savepoint: if its body fails, the transaction is rolled back.
        let savepoints = batch.count > 1
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(batch.count)
        // Statements without an answer to read are enqueued: the worker thread waits at the
        // body's first read, and once more at the body's end (see `PostgresSession`).
        session.enqueue("BEGIN ISOLATION LEVEL SERIALIZABLE")
        do {
            session.enqueue(PostgresDatabase.writeOrderLock)
            for request in batch {
                if savepoints { session.enqueue("SAVEPOINT w") }
                do {
                    let answer = try request.perform(session)
                    // The body's enqueued statements fail the body, not the next one.
                    try session.flush()
                    outcomes.append(.wrote(answer))
                } catch {
                    // These end the batch, not only this body: the body's own failure or that of
                    // a statement it enqueued and did not wait for.
                    let unsettled = session.flushFailure()
                    for failure in [error, unsettled].compactMap(\.self)
                    where StoreError.isRetryable(failure) || StoreError.isConnectionLost(failure)
                        || session.connection.isClosed
                    {
                        throw failure
                    }
                    if savepoints { try session.execute("ROLLBACK TO SAVEPOINT w") }
                    // An enqueued statement that failed was sent before the body threw: its
                    // failure came first, as it would have had the body waited for it.
                    outcomes.append(.failed(unsettled ?? error))
                }
            }
            if outcomes.contains(where: \.wrote) {
                session.enqueue(Self.raiseGeneration)
                try session.execute("COMMIT")
            } else {
                try session.execute("ROLLBACK")
            }
        } catch {
            // The ROLLBACK also waits for what was enqueued (its failures are the rollback's to undo).
            if !session.connection.isClosed { _ = try? session.execute("ROLLBACK") }
            throw error
        }
        return outcomes
    }
}
