/// The database the services run their transactions on: SQLite in a data folder
/// (`AppDatabase`, the default) or PostgreSQL shared by several daemons (ClientelePostgres).
///
/// A body runs in one transaction with the stores of `StoreContext`, on a thread where it may
/// block, and must not let the context escape. A write body may run more than once on an
/// engine that retries conflicting transactions: it must only read and write through the
/// context (what it computes from those reads is recomputed each time).
public protocol StoreDatabase: Sendable {
    /// Runs `body` in a write transaction; returns once it committed. If `body` throws,
    /// nothing it wrote is kept and the error is rethrown.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T

    /// Runs `body`, a short read of rows found by key, in a snapshot of the last commit
    /// (inline on the calling thread where the engine can).
    func readByKey<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T

    /// Runs `body` in a snapshot of the last commit.
    func read<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T

    /// Changes whenever a write may have been acknowledged (by any daemon sharing the store).
    /// Read before a read begins and found unchanged later, it proves that what the read
    /// returned is still current (see `ClientAnswerCache`). SQLite counts its own commits;
    /// PostgreSQL reads a number every daemon's commits raise (one round trip).
    func writeGeneration() async throws -> UInt64

    /// Wakes the followers of a group's change feed after a commit that changed the group
    /// (on any daemon sharing the store).
    var changeSignal: ChangeSignal { get }

    /// The change feed's cursor key and legacy cursor limit, read once at open.
    var changeCursorSecret: ChangeCursorSecret { get }

    /// Called around each wait that needs none of the cores (a writer's commit, a follower's
    /// wait for changes), so the daemon can lend the call's running slot meanwhile; none by default.
    var commitWait: CommitWait? { get }

    /// What the store runs on, for Health and the log: "SQLite 3.40.1", "PostgreSQL 15.18".
    var engineDescription: String { get }

    /// Tells the other daemons sharing the store that access was revoked, so that their
    /// credential caches forget at once. Nothing to do for a store no other daemon shares.
    func announceAccessRevoked() async

    /// Registers `handler`, run when another daemon announces a revocation.
    func onAccessRevokedElsewhere(_ handler: @escaping @Sendable () -> Void)

    /// Whether this daemon runs the periodic jobs (the activation sweeper, pruning) now: of the
    /// daemons sharing a store, one at a time does; another takes over when it is gone.
    func runsPeriodicJobs() async -> Bool
}

extension StoreDatabase {
    public func announceAccessRevoked() async {}
    public func onAccessRevokedElsewhere(_ handler: @escaping @Sendable () -> Void) {}
    public func runsPeriodicJobs() async -> Bool { true }
}
