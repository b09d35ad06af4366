import GRDB
import Synchronization

/// A few read-only connections for short reads — rows found by key — run on the
/// calling thread. A read through the pool hops to a reader's dispatch queue and
/// back: two thread switches, which on a busy 2-core machine cost more than the
/// read itself. Here the caller borrows an idle connection and reads inline, in
/// its own snapshot of the last commit; when every connection is borrowed it gets
/// none and takes the pool's path. Only reads bounded by a key belong here, never
/// a scan: the caller's thread is an event loop.
final class InlineReaders: Sendable {
    private let idle: Mutex<[DatabaseQueue]>

    /// No connections: every read takes the pool's path (in-memory databases).
    init() {
        self.idle = Mutex([])
    }

    init(path: String, count: Int, configuration: Configuration) throws {
        var configuration = configuration
        configuration.readonly = true
        self.idle = Mutex(try (0..<count).map { _ in try DatabaseQueue(path: path, configuration: configuration) })
    }

    /// `body`'s result, or `nil` when no connection is idle.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        guard let reader = self.idle.withLock({ $0.popLast() }) else { return nil }
        defer { self.idle.withLock { $0.append(reader) } }
        // One deferred transaction: the body's statements share a snapshot. (`read` would
        // also switch `query_only` on and off around it; the connection is read-only already.)
        // BEGIN and COMMIT run as cached statements: `inTransaction` parses both on every call.
        return try reader.inDatabase { db in
            try db.execute(cached: "BEGIN DEFERRED TRANSACTION")
            let result: T
            do {
                result = try body(db)
            } catch {
                try? db.execute(cached: "ROLLBACK TRANSACTION")
                throw error
            }
            try db.execute(cached: "COMMIT TRANSACTION")
            return result
        }
    }
}
