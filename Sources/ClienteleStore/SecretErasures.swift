import GRDB
import Synchronization

/// Watches the writer's transactions for erased secrets: an outbox message's body or data
/// overwritten (at acknowledgement, `OutboxStore.markDelivered`) or a message deleted. With
/// `secure_delete` on, the committed pages hold no trace of the old text, but the WAL still
/// holds the frames written before, text in clear, until a TRUNCATE checkpoint empties it
/// (SQLite's own checkpoints reuse the WAL and keep old frames until overwritten). A commit
/// that erased secrets leaves such a checkpoint owed until one succeeds; `GroupCommitter`
/// runs it after the commit.
final class SecretErasures: TransactionObserver, Sendable {
    private struct State {
        /// The open transaction erased a secret (changes in savepoints rolled back are not told).
        var erasing = false
        /// A committed transaction erased a secret that may still be in the WAL.
        var owed = false
    }

    private let state = Mutex(State())

    /// A TRUNCATE checkpoint is owed.
    var owed: Bool { self.state.withLock { $0.owed } }

    /// The WAL was emptied: nothing committed before is in it any more.
    func settle() {
        self.state.withLock { $0.owed = false }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .update(let table, let columns): table == "outbox" && !columns.isDisjoint(with: ["body", "data"])
        case .delete(let table): table == "outbox"
        case .insert: false
        }
    }

    func databaseDidChange(with event: DatabaseEvent) {
        self.state.withLock { $0.erasing = true }
        // One change is enough to know; the rest of the transaction need not be told.
        self.stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseWillCommit() throws {}

    func databaseDidCommit(_ db: Database) {
        self.state.withLock { state in
            state.owed = state.owed || state.erasing
            state.erasing = false
        }
    }

    func databaseDidRollback(_ db: Database) {
        self.state.withLock { $0.erasing = false }
    }
}
