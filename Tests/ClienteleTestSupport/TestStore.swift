public import ClientelePostgres
public import ClienteleStore
import Foundation

/// The store a domain or server test runs on: SQLite in memory, or with
/// `CLIENTELE_TEST_STORE=postgres` a new database on the test PostgreSQL server (see
/// `TestPostgres`). The same tests run on both engines: scripts/test runs them twice.
public enum TestStore {
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    /// `$CLIENTELE_TEST_STORE`: `postgres`, or SQLite (the default).
    public static let engine: Engine = {
        switch ProcessInfo.processInfo.environment["CLIENTELE_TEST_STORE"]?.lowercased() {
        case "postgres", "postgresql": .postgres
        case nil, "", "sqlite": .sqlite
        case let other?: fatalError("CLIENTELE_TEST_STORE=\(other): expected sqlite or postgres")
        }
    }()

    /// A new, empty, migrated store. On PostgreSQL it is closed, and its database emptied for
    /// another test, once the test lets go of it (or at `close`).
    public static func fresh() async throws -> any StoreDatabase {
        switch Self.engine {
        case .sqlite:
            return try AppDatabase.inMemory()
        case .postgres:
            return try await PostgresTestStore.open()
        }
    }

    /// Closes a store made by `fresh` now rather than when the test lets go of it (SQLite: nothing).
    public static func close(_ database: any StoreDatabase) async {
        if let store = database as? PostgresTestStore { await store.close() }
    }
}

/// A `PostgresStore` on a test database of its own, counted against `PostgresTestStore.slots`.
/// Every call goes to `store`; closing (at the latest when the last reference goes) closes the
/// store, empties the database for another test (`TestPostgres.recycle`) and frees the slot.
public final class PostgresTestStore: StoreDatabase {
    public let store: PostgresStore
    /// The test database's name.
    public let name: String
    private let closing: Closing

    /// At most this many test stores are open at once (`$CLIENTELE_TEST_POSTGRES_STORES`,
    /// default 24): each holds up to 4 pooled connections and one listening, and the test
    /// cluster allows 200 connections to every test process and engineer together.
    static let slots = Slots(
        Int(ProcessInfo.processInfo.environment["CLIENTELE_TEST_POSTGRES_STORES"] ?? "") ?? 24)

    static func open() async throws -> PostgresTestStore {
        await Self.slots.acquire()
        do {
            let location = try await TestPostgres.takeDatabase(poolSize: 4)
            do {
                let store = try await PostgresStore.open(location: location, logger: TestPostgres.logger)
                return PostgresTestStore(store: store, name: location.database)
            } catch {
                await TestPostgres.drop(location.database)
                throw error
            }
        } catch {
            await Self.slots.release()
            throw error
        }
    }

    private init(store: PostgresStore, name: String) {
        self.store = store
        self.name = name
        self.closing = Closing(store: store, name: name)
    }

    deinit {
        let closing = self.closing
        Task { await closing.run() }
    }

    /// Closes the store, empties the database for another test and frees the slot (the first call does).
    public func close() async { await self.closing.run() }

    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.store.write(body)
    }

    public func readByKey<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.store.readByKey(body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreContext) throws -> T) async throws -> T {
        try await self.store.read(body)
    }

    public func writeGeneration() async throws -> UInt64 { try await self.store.writeGeneration() }
    public var changeSignal: ChangeSignal { self.store.changeSignal }
    public var changeCursorSecret: ChangeCursorSecret { self.store.changeCursorSecret }
    public var commitWait: CommitWait? { self.store.commitWait }
    public var engineDescription: String { self.store.engineDescription }
    public func announceAccessRevoked() async { await self.store.announceAccessRevoked() }

    public func onAccessRevokedElsewhere(_ handler: @escaping @Sendable () -> Void) {
        self.store.onAccessRevokedElsewhere(handler)
    }

    public func runsPeriodicJobs() async -> Bool { await self.store.runsPeriodicJobs() }

    private actor Closing {
        let store: PostgresStore
        let name: String
        var done = false

        init(store: PostgresStore, name: String) {
            self.store = store
            self.name = name
        }

        func run() async {
            guard !self.done else { return }
            self.done = true
            await self.store.close()
            await TestPostgres.recycle(self.name)
            await PostgresTestStore.slots.release()
        }
    }

    /// A counting semaphore for tasks.
    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { self.free = max(1, count) }

        func acquire() async {
            if self.free > 0 {
                self.free -= 1
                return
            }
            await withCheckedContinuation { self.waiting.append($0) }
        }

        func release() {
            if self.waiting.isEmpty {
                self.free += 1
            } else {
                self.waiting.removeFirst().resume()
            }
        }
    }
}
