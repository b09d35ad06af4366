import Foundation
import GRDB
public import Logging

/// The database: one writer connection with group commit, concurrent snapshot reads.
public struct AppDatabase: StoreDatabase {
    let writer: any DatabaseWriter
    let committer: GroupCommitter
    let logger: Logger
    /// Connections for `readByKey`; none for an in-memory database.
    private(set) var inlineReaders = InlineReaders()
    /// Called around each writer's wait for its commit; none by default.
    public var commitWait: CommitWait?

    /// `sqlite_version()`, read once at open.
    public let sqliteVersion: String
    public var engineDescription: String { "SQLite \(self.sqliteVersion)" }
    /// Wakes the followers of a group's change feed after a commit that changed the group.
    public let changeSignal: ChangeSignal
    /// The change feed's cursor key and legacy cursor limit, read once at open.
    public let changeCursorSecret: ChangeCursorSecret

    init(writer: any DatabaseWriter, logger: Logger, commitGather: Duration = .zero) throws {
        try Self.migrator.migrate(writer)
        self.writer = writer
        let changeSignal = ChangeSignal()
        self.changeSignal = changeSignal
        self.committer = GroupCommitter(
            writer: writer, gatherLimit: commitGather, logger: logger, changeSignal: changeSignal)
        self.logger = logger
        self.sqliteVersion = try writer.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") } ?? "?"
        self.changeCursorSecret = try writer.read(SQLiteChangeStore.cursorSecret)
    }

    /// Opens (creating) `<dataDirectory>/clientele.sqlite` as a pool: WAL, `synchronous = FULL`,
    /// foreign keys on, busy timeout 5 s, migrations run. The pool has exactly one writer connection.
    /// The folder and every file in it are made private to their owner first (see
    /// `DataDirectory.makePrivate`), and the database file is made 0600, so that the WAL and
    /// shared-memory files SQLite makes later, with the database file's mode, are private too.
    /// The writer overwrites deleted content (`secure_delete`); see `SecretErasures`.
    /// `commitGather`: how long a batch of writes may wait for the previous batch's callers
    /// to write again before it commits (see `GroupCommitter`). `writerCacheMebibytes`: the
    /// writer's page cache; a batch of writes dirties pages of every index, and a cache smaller
    /// than a batch's pages spills them to the WAL before the commit and reads them back.
    /// `mapMebibytes`: how much of the database file every connection reads through a
    /// memory map instead of `pread` (SQLite caps it, at 2 GiB in Debian's build; 0 maps nothing).
    public static func open(
        dataDirectory: String, logger: Logger, commitGather: Duration = .zero, writerCacheMebibytes: Int = 64,
        mapMebibytes: Int = 2048
    ) throws -> AppDatabase {
        try DataDirectory.create(dataDirectory)
        try DataDirectory.makePrivate(dataDirectory, logger: logger)
        let path = dataDirectory + "/clientele.sqlite"
        try DataDirectory.createPrivateFile(path)
        var configuration = Self.configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Also for readers, whose GRDB default is 10 s.
            try db.execute(sql: "PRAGMA busy_timeout = 5000")
            // A read of pages outside a connection's small page cache (most of them, at a
            // million clients) copies each from the kernel with a system call; mapped, it
            // reads them in place. Pages SQLite changes are still written with `pwrite`.
            try db.execute(sql: "PRAGMA mmap_size = \(mapMebibytes << 20)")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets synchronous = NORMAL on the writer when it enables WAL, after `prepareDatabase`.
            let (synchronous, secureDelete) = try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA cache_size = \(-writerCacheMebibytes * 1024)")
                // Each write of a batch runs in a savepoint, whose undo pages go to a statement
                // journal: in memory, not through a temporary file.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // Deleted or overwritten content (an acknowledged message's token) is zeroed
                // in its page, not left in the page's free space.
                try db.execute(sql: "PRAGMA secure_delete = ON")
                return (
                    try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA secure_delete")
                )
            }
            guard synchronous == 2 else {
                throw StoreError.unavailable(
                    "SQLite refused synchronous = FULL; acknowledged writes would not be durable")
            }
            guard secureDelete == 1 else {
                throw StoreError.unavailable("SQLite refused secure_delete; erased secrets would stay on disk")
            }
            var database = try AppDatabase(writer: pool, logger: logger, commitGather: commitGather)
            // Opened after the migrations. One per core: inline reads do not suspend, so no
            // more run at once than there are threads running them.
            database.inlineReaders = try InlineReaders(
                path: path, count: ProcessInfo.processInfo.activeProcessorCount, configuration: configuration)
            // The WAL and shared-memory files now exist; made by SQLite they are private already.
            try DataDirectory.makePrivate(dataDirectory, logger: logger)
            // A WAL left by a daemon that stopped between an acknowledgement and its checkpoint.
            do {
                try database.checkpoint()
            } catch {
                logger.warning("cannot empty the WAL at open", metadata: ["error": "\(error)"])
            }
            logger.info(
                "database opened with SQLite \(database.sqliteVersion)",
                metadata: ["path": "\(path)", "sqlite_version": "\(database.sqliteVersion)"]
            )
            return database
        } catch {
            throw StoreError.surface(error, logger: logger)
        }
    }

    /// An in-memory database with the schema, for tests.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(
            writer: try DatabaseQueue(configuration: Self.configuration()), logger: Logger(label: "clientele.store"))
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "clientele"
        configuration.prepareDatabase { db in try SearchHitBitmap.install(in: db) }
        return configuration
    }

    /// Changes whenever a write transaction ends, before its callers are answered. Read before
    /// a read begins and found unchanged later, it proves that nothing was committed since:
    /// what the read returned is still current (see `ClientAnswerCache`).
    public func writeGeneration() -> UInt64 { self.committer.generation }

    /// How group commit has batched the writes so far (reported by Health).
    public var groupCommitStatistics: GroupCommitStatistics { self.committer.statistics }

    /// Copies every page of the WAL into the database file and truncates the WAL to zero
    /// bytes. After a bulk load: SQLite's own checkpoints reuse the WAL but keep its size,
    /// and a seeded folder would otherwise carry a gigabyte of stale WAL wherever it is copied.
    public func checkpoint() throws {
        _ = try StoreError.mapping { try self.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) } }
    }

    /// Runs `body` in a write transaction shared with the other writes queued meanwhile
    /// (group commit), inside its own savepoint: if `body` throws, only its changes are
    /// rolled back and only this call fails, with the body's error. Returns once the
    /// transaction committed; if the commit fails, every write of the batch fails.
    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.commitWait.around { try await self.submit(body) }
    }

    private func submit<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        let logger = self.logger
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            self.committer.submit(
                GroupCommitter.Request(
                    perform: { db, searchUpdates, changedGroups in
                        let value = try body(
                            StoreContext(db, searchUpdates: searchUpdates, changedGroups: changedGroups))
                        return { continuation.resume(returning: value) }
                    },
                    fail: { error in continuation.resume(throwing: StoreError.surface(error, logger: logger)) }
                )
            )
        }
    }

    /// Runs `body`, a short read of rows found by key, on the calling thread when an
    /// inline connection is idle (see `InlineReaders`), else as `read` does; in a
    /// snapshot of the last commit either way.
    public func readByKey<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        let inline: T?
        do {
            inline = try self.inlineReaders.read { db in try body(StoreContext(db)) }
        } catch {
            throw StoreError.surface(error, logger: self.logger)
        }
        if let inline { return inline }
        return try await self.read(body)
    }

    /// Runs `body` on a reader connection, in a snapshot of the last commit.
    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        do {
            return try await self.writer.read { db in try body(StoreContext(db)) }
        } catch {
            throw StoreError.surface(error, logger: self.logger)
        }
    }
}
