import Foundation
import GRDB
import Logging
import Synchronization

/// Group commit: the write bodies queued while the writer is busy run together in
/// one IMMEDIATE transaction, each in its own savepoint, and share one commit.
/// Callers are answered only after that commit, and, when the batch erased secrets, after
/// the WAL that still held them is emptied (see `SecretErasures`).
final class GroupCommitter: Sendable {
    /// One caller's write.
    struct Request: Sendable {
        /// Runs the body in the open transaction, queueing its search-index rows and noting the
        /// groups it appended changes for, and returns what answers the caller after the commit.
        var perform: @Sendable (Database, SearchUpdates, ChangedGroups) throws -> @Sendable () -> Void
        /// Answers the caller with an error.
        var fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Request] = []
        var scheduled = false
        /// Writes in the last committed batch: how many callers may be about to write again.
        var lastBatch = 0
        var statistics = GroupCommitStatistics()
    }

    private let writer: any DatabaseWriter
    /// Batches ended (committed or rolled back), counted after the transaction ends and
    /// before any of its callers is answered: see `AppDatabase.writeGeneration()`.
    private let batchesEnded = Atomic<UInt64>(0)
    private let maximumBatch: Int
    private let gatherLimit: Duration
    private let state = Mutex(State())
    private let erasures = SecretErasures()
    private let logger: Logger
    /// Told which groups got changes once a batch has committed.
    private let changeSignal: ChangeSignal
    private let metrics = StoreMetrics()

    /// `gatherLimit`: how long a batch may wait for the callers of the previous batch
    /// (see `gather`); zero starts every batch at once.
    init(
        writer: any DatabaseWriter, maximumBatch: Int = 256, gatherLimit: Duration = .zero,
        logger: Logger = Logger(label: "clientele.store"), changeSignal: ChangeSignal = ChangeSignal()
    ) {
        self.writer = writer
        self.changeSignal = changeSignal
        self.maximumBatch = maximumBatch
        self.gatherLimit = gatherLimit
        self.logger = logger
        writer.add(transactionObserver: self.erasures)
    }

    var statistics: GroupCommitStatistics { self.state.withLock { $0.statistics } }

    var generation: UInt64 { self.batchesEnded.load(ordering: .sequentiallyConsistent) }

    /// Bodies waiting for the writer.
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
        self.writer.asyncWriteWithoutTransaction { db in self.runBatch(db) }
    }

    private enum Outcome {
        case wrote(@Sendable () -> Void)
        case failed(any Error)
    }

    /// The callers answered by the last commit send their next writes a moment later,
    /// one by one: started at the first of them, a batch would carry it alone and the
    /// rest would wait for a second fsync. So a batch waits, up to `gatherLimit`, until
    /// as many writes are pending as the last batch carried (PostgreSQL's commit_delay,
    /// made adaptive). A lone caller (last batch of one) never waits.
    private func gather() {
        guard self.gatherLimit > .zero else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + self.gatherLimit
        while clock.now < deadline {
            let gathered = self.state.withLock { state in
                state.pending.count >= min(state.lastBatch, self.maximumBatch)
            }
            if gathered { return }
            usleep(50)
        }
    }

    /// Copies the WAL into the database file and truncates it to zero bytes, taking the
    /// frames that held erased secrets with it. Acknowledgements are rare; this costs the
    /// batch's callers one more fsync or two, and waits (up to the busy timeout) for reads
    /// begun before it. If it fails, the commit stands and the next batch tries again.
    private func emptyWAL(_ db: Database) {
        do {
            _ = try db.checkpoint(.truncate)
            self.erasures.settle()
        } catch {
            self.logger.warning(
                "erased outbox secrets may still be in the WAL: its checkpoint failed; trying again after the next write",
                metadata: ["error": "\(error)"])
        }
    }

    private func runBatch(_ db: Database) {
        self.gather()
        let batch = self.state.withLock { state in
            let batch = Array(state.pending.prefix(self.maximumBatch))
            state.pending.removeFirst(batch.count)
            return batch
        }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(batch.count)
        var batchError: (any Error)?
        let changedGroups = ChangedGroups()
        let began = ContinuousClock.now
        var committing: ContinuousClock.Instant?
        do {
            try db.inTransaction(.immediate) {
                let searchUpdates = SearchUpdates()
                for request in batch {
                    do {
                        var answer: (@Sendable () -> Void)?
                        let written = SearchUpdates()
                        let changed = ChangedGroups()
                        try db.inSavepoint {
                            answer = try request.perform(db, written, changed)
                            return .commit
                        }
                        searchUpdates.append(written)
                        changedGroups.append(changed)
                        outcomes.append(.wrote(answer!))
                    } catch {
                        // SQLite rolls the whole transaction back on some errors (disk full, I/O):
                        // then the batch is lost, not only this body.
                        guard db.isInsideTransaction else { throw error }
                        outcomes.append(.failed(error))
                    }
                }
                // In the same transaction: if these fail, the whole batch does.
                try searchUpdates.write(db)
                committing = .now
                return .commit
            }
        } catch {
            batchError = error
        }
        if batchError == nil {
            let ended = ContinuousClock.now
            self.metrics.commit.record(since: began, until: ended)
            if let committing { self.metrics.sync.record(since: committing, until: ended) }
        } else {
            self.metrics.failed.increment()
        }
        self.batchesEnded.add(1, ordering: .sequentiallyConsistent)
        // Also after a batch that failed: a checkpoint owed by an earlier one is tried again.
        if self.erasures.owed { self.emptyWAL(db) }

        let reschedule = self.state.withLock { state in
            if batchError == nil {
                let writes = outcomes.count(where: { if case .wrote = $0 { true } else { false } })
                state.statistics.commits += 1
                state.statistics.writes += writes
                state.statistics.largestBatch = max(state.statistics.largestBatch, writes)
                self.metrics.batchWrites.record(writes)
            }
            state.lastBatch = batch.count
            state.scheduled = !state.pending.isEmpty
            return state.scheduled
        }
        if reschedule { self.schedule() }

        for (index, request) in batch.enumerated() {
            switch (index < outcomes.count ? outcomes[index] : nil, batchError) {
            case (.failed(let error), _): request.fail(error)
            case (.wrote(let answer), nil): answer()
            case (_, let error?): request.fail(error)
            case (nil, nil): preconditionFailure("every body of a committed batch has an outcome")
            }
        }
        // Committed: the followers of its groups may read the new changes now, woken after the
        // writers are answered so that their reads do not queue ahead of the answers.
        if batchError == nil { self.changeSignal.notify(heads: changedGroups.heads) }
    }
}
