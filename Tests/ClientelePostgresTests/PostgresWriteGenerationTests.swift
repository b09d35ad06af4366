import ClienteleStore
import ClienteleTestSupport
import NIOCore
import NIOPosix
import Testing

@testable import ClientelePostgres

/// What GetClient's answer cache relies on across daemons (`StoreDatabase.writeGeneration()`).
@Suite("PostgreSQL write generation")
struct PostgresWriteGenerationTests {
    @Test("a write acknowledged on one daemon has changed the generation every other daemon reads")
    func sharedAcrossDaemons() async throws {
        let location = try await TestPostgres.emptyDatabase(poolSize: 4)
        let a = try await PostgresStore.open(location: location, logger: PostgresTestDatabase.logger)
        let b = try await PostgresStore.open(location: location, logger: PostgresTestDatabase.logger)
        var seen = try await b.writeGeneration()
        #expect(try await b.writeGeneration() == seen)
        for round in 0..<3 {
            try await a.write {
                try $0.groups.insert(GroupRecord(id: "grp_\(round)", name: "G\(round)", createdAt: 1, version: 1))
            }
            let now = try await b.writeGeneration()
            #expect(now > seen)
            #expect(try await a.writeGeneration() == now)
            seen = now
        }
        // A write whose body failed wrote nothing: no reason to drop what was read.
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await a.write { _ in throw Refused() } }
        #expect(try await b.writeGeneration() == seen)
        await a.close()
        await b.close()
    }

    @Test("connections lost between calls: one call fails UNAVAILABLE at most, then they are made again")
    func reconnects() async throws {
        let location = try await TestPostgres.emptyDatabase(poolSize: 4)
        let store = try await PostgresStore.open(location: location, logger: PostgresTestDatabase.logger)
        let before = try await store.writeGeneration()
        // Every session of the store ends, from another connection.
        let killer = PostgresDatabase(location: location, logger: PostgresTestDatabase.logger)
        let ended = try await killer.autocommit { session in
            try session.rows(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).count
        }
        await killer.close()
        #expect(ended >= 2)
        // The servers' sessions end asynchronously: let their connections see it while idle
        // (a statement written in the very instant its connection closes is another matter).
        try await Task.sleep(for: .milliseconds(200))
        do {
            _ = try await store.writeGeneration()
        } catch let error as StoreError {
            guard case .unavailable = error else { throw error }
        }
        #expect(try await store.writeGeneration() == before)
        try await store.write { try $0.groups.insert(GroupRecord(id: "grp_1", name: "G", createdAt: 1, version: 1)) }
        #expect(try await store.writeGeneration() > before)
        await store.close()
    }

    @Test("a task's one-statement read takes an idle connection on its own event loop, never waiting for one")
    func idleConnectionOnTheCallersLoop() async throws {
        let location = try await TestPostgres.emptyDatabase(poolSize: 4)
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let database = PostgresDatabase(location: location, logger: PostgresTestDatabase.logger, eventLoops: loops)
        // Nothing open yet: no idle connection to take; the worker thread's way answers (and opens one).
        #expect(try await database.pool.withIdleConnection(preferring: nil) { _ in 1 } == nil)
        #expect(try await database.autocommitValue(Int64.self, "SELECT 7") == 7)
        #expect(try await database.autocommitValue(Int64.self, "SELECT NULL::bigint") == nil)
        // Four at once: connections on both loops (each new one on the group's next loop).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { try await database.autocommit { _ = try $0.execute("SELECT pg_sleep(0.05)") } }
            }
            try await group.waitForAll()
        }
        for loop in [loops.next(), loops.next()] {
            #expect(try await database.pool.withIdleConnection(preferring: loop) { $0.eventLoop === loop } == true)
        }
        // Taken from the task, the statement's answer is the server's, prepared on the connection
        // the first time and run again after (a bigint, an integer, a NULL, decoded from binary).
        for _ in 0..<2 {
            #expect(try await database.autocommitValue(Int64.self, "SELECT 8") == 8)
            #expect(try await database.autocommitValue(Int64.self, "SELECT 9::bigint") == 9)
            #expect(try await database.autocommitValue(Int64.self, "SELECT NULL::bigint") == nil)
        }
        await database.close()
        try await loops.shutdownGracefully()
    }

    @Test("an answer a closed connection never gives fails UNAVAILABLE after the grace, from a worker or a task")
    func closedConnectionNeverAnswering() async throws {
        let database = try await PostgresTestDatabase.fresh(poolSize: 2)
        let connection = try await database.autocommit { session in session.connection }
        try await connection.close()
        // What postgres-nio leaves behind for a statement written as its channel closed.
        let never = connection.eventLoop.makePromise(of: Int.self)
        let unavailable = StoreError.unavailable(
            "the database connection closed before it answered; the daemon reconnects by itself")
        await #expect(throws: unavailable) {
            try await connection.answer(never.futureResult, grace: .milliseconds(200))
        }
        #expect(throws: unavailable) { try connection.waitForAnswer(never.futureResult, grace: .milliseconds(200)) }
        never.succeed(0)
        // An answer that comes is the answer.
        #expect(try await connection.answer(connection.eventLoop.makeSucceededFuture(5)) == 5)
        await database.close()
    }

    @Test("a prepared statement whose session ends fails UNAVAILABLE, as any other statement does")
    func preparedStatementSessionEnds() async throws {
        let database = try await PostgresTestDatabase.fresh(poolSize: 2)
        // A worker's statement opens a connection; the task's statements then take it, idle.
        #expect(try await database.autocommitValue(Int64.self, "SELECT 1") == 1)
        do {
            _ = try await database.autocommitValue(Bool.self, "SELECT pg_terminate_backend(pg_backend_pid())")
            Issue.record("the statement that ended its own session answered")
        } catch let error as StoreError {
            guard case .unavailable = error else { throw error }
        }
        #expect(try await database.autocommitValue(Int64.self, "SELECT 2") == 2)
        await database.close()
    }
}
