import GRDB
import Synchronization

/// Group commit: the write bodies queued while the writer is busy run together in
/// one IMMEDIATE transaction, each in its own savepoint, and share one commit.
/// Callers are answered only after that commit.
final class GroupCommitter: Sendable {
    /// One caller's write.
    struct Request: Sendable {
        /// Runs the body in the open transaction and returns what answers the caller after the commit.
        var perform: @Sendable (Database) throws -> @Sendable () -> Void
        /// Answers the caller with an error.
        var fail: @Sendable (any Error) -> Void
    }

    /// Counts of committed transactions and of the bodies they carried.
    struct Statistics: Sendable, Equatable {
        var commits = 0
        var writes = 0
        var largestBatch = 0
    }

    private struct State {
        var pending: [Request] = []
        var scheduled = false
        var statistics = Statistics()
    }

    private let writer: any DatabaseWriter
    private let maximumBatch: Int
    private let state = Mutex(State())

    init(writer: any DatabaseWriter, maximumBatch: Int = 256) {
        self.writer = writer
        self.maximumBatch = maximumBatch
    }

    var statistics: Statistics { self.state.withLock { $0.statistics } }

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

    private func runBatch(_ db: Database) {
        let batch = self.state.withLock { state in
            let batch = Array(state.pending.prefix(self.maximumBatch))
            state.pending.removeFirst(batch.count)
            return batch
        }
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(batch.count)
        var batchError: (any Error)?
        do {
            try db.inTransaction(.immediate) {
                for request in batch {
                    do {
                        var answer: (@Sendable () -> Void)?
                        try db.inSavepoint {
                            answer = try request.perform(db)
                            return .commit
                        }
                        outcomes.append(.wrote(answer!))
                    } catch {
                        // SQLite rolls the whole transaction back on some errors (disk full, I/O):
                        // then the batch is lost, not only this body.
                        guard db.isInsideTransaction else { throw error }
                        outcomes.append(.failed(error))
                    }
                }
                return .commit
            }
        } catch {
            batchError = error
        }

        let reschedule = self.state.withLock { state in
            if batchError == nil {
                let writes = outcomes.count(where: { if case .wrote = $0 { true } else { false } })
                state.statistics.commits += 1
                state.statistics.writes += writes
                state.statistics.largestBatch = max(state.statistics.largestBatch, writes)
            }
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
    }
}
