import ClienteleStore
import Dispatch
import Testing

@testable import ClientelePostgres

@Suite("PostgreSQL group commit")
struct PostgresGroupCommitTests {
    @Test("64 concurrent writes all land and share fewer transactions")
    func concurrentWrites() async throws {
        let database = try await PostgresTestDatabase.fresh(poolSize: 8)
        try await database.write { try $0.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)") }
        let before = database.groupCommitStatistics
        try await withThrowingTaskGroup { group in
            for index in 0..<64 {
                group.addTask {
                    try await database.write { try $0.execute("INSERT INTO t VALUES ($1)", [Int64(index)]) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await database.read { try $0.value(Int64.self, "SELECT count(*) FROM t") } == 64)
        let after = database.groupCommitStatistics
        #expect(after.writes - before.writes == 64)
        #expect(after.commits - before.commits < 64)
        await database.close()
    }

    @Test("in one batch, a body that throws or breaks a constraint fails alone and leaves none of its rows")
    func failingBodiesInBatch() async throws {
        let database = try await Self.database(with: ["t (id BIGINT PRIMARY KEY)", "u (id BIGINT PRIMARY KEY)"])
        struct Refused: Error, Equatable { let index: Int }
        let outcomes = await Self.burstInOneBatch(database, count: 32) { session, index in
            try session.execute("INSERT INTO u VALUES ($1)", [Int64(index)])
            // 20 reuses 10's id: PostgreSQL aborts the statement, the savepoint undoes u's row too.
            _ = try StoreError.mappingPostgres {
                try session.execute("INSERT INTO t VALUES ($1)", [Int64(index == 20 ? 10 : index)])
            }
            if index == 7 { throw Refused(index: index) }
        }
        #expect(database.groupCommitStatistics.largestBatch == 30)
        for (index, outcome) in outcomes.enumerated() {
            switch index {
            case 7: #expect(throws: Refused(index: 7)) { try outcome.get() }
            case 20: #expect(throws: StoreError.duplicate(field: "id")) { try outcome.get() }
            default: if case .failure(let error) = outcome { Issue.record("write \(index) failed: \(error)") }
            }
        }
        let (t, u) = try await database.read { session in
            (
                try session.rows("SELECT id FROM t ORDER BY id").map { try $0["id"].decode(Int64.self) },
                try session.rows("SELECT id FROM u ORDER BY id").map { try $0["id"].decode(Int64.self) }
            )
        }
        let expected = (0..<32).filter { $0 != 7 && $0 != 20 }.map(Int64.init)
        #expect(t == expected)
        #expect(u == expected)
        await database.close()
    }

    @Test("in one batch, an enqueued statement that fails fails its own body alone, mapped as its store maps it")
    func failingEnqueuedStatements() async throws {
        let database = try await Self.database(with: [
            "t (id BIGINT PRIMARY KEY)", "child (id BIGINT PRIMARY KEY, parent BIGINT NOT NULL REFERENCES t (id))",
        ])
        let outcomes = await Self.burstInOneBatch(database, count: 24) { session, index in
            // 12 and 21 reuse 6's id; 18's child names a parent that does not exist. None waits.
            session.enqueue("INSERT INTO t VALUES ($1)", [Int64(index == 12 || index == 21 ? 6 : index)])
            session.enqueue(
                "INSERT INTO child VALUES ($1, $2)", [Int64(index), Int64(index == 18 ? 1_000 : index)],
                missing: "parent of \(index)")
            // What was enqueued is visible to the body's next read.
            if index == 3 {
                let seen = try session.value(Int64.self, "SELECT count(*) FROM child WHERE id = 3")
                if seen != 1 { throw StoreError.notFound("child 3 after enqueueing it") }
            }
            // 21 then fails for a reason of its own: the duplicate, sent first, is what it reports.
            if index == 21 { throw StoreError.locked("21 refuses") }
        }
        for (index, outcome) in outcomes.enumerated() {
            switch index {
            case 12, 21: #expect(throws: StoreError.duplicate(field: "id")) { try outcome.get() }
            case 18: #expect(throws: StoreError.notFound("parent of 18")) { try outcome.get() }
            default: if case .failure(let error) = outcome { Issue.record("write \(index) failed: \(error)") }
            }
        }
        let rows = try await database.read { session in
            try session.rows("SELECT id FROM child ORDER BY id").map { try $0["id"].decode(Int64.self) }
        }
        #expect(rows == (0..<24).filter { ![12, 18, 21].contains($0) }.map(Int64.init))
        await database.close()
    }

    @Test("batches racing with writers that skip the write-order lock: every increment lands once (retried, not lost)")
    func batchesRetried() async throws {
        let a = try await PostgresTestDatabase.fresh(poolSize: 4)
        let b = try await PostgresDatabase.open(location: a.location, logger: PostgresTestDatabase.logger)
        try await a.write { session in
            try session.execute("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)")
            try session.execute("INSERT INTO counter VALUES (1, 0)")
        }
        @Sendable func increment(_ session: PostgresSession) throws {
            // read, then write what was read plus one: lost updates if not serializable
            let n = try session.value(Int64.self, "SELECT n FROM counter WHERE id = 1") ?? 0
            try session.execute("UPDATE counter SET n = $1 WHERE id = 1", [n + 1])
        }
        try await withThrowingTaskGroup { group in
            for index in 0..<128 {
                // a's writes in batches; b's one by one without the lock, so their snapshots
                // overlap a's batches and one side fails with a serialization error.
                group.addTask {
                    if index.isMultiple(of: 2) {
                        try await a.write(increment)
                    } else {
                        try await b.writeBeforeSchema(increment)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await a.read { try $0.value(Int64.self, "SELECT n FROM counter") } == 128)
        #expect(a.groupCommitStatistics.writes == 65)
        await a.close()
        await b.close()
    }

    /// Runs `count` writes in one batch, in order: a first write holds the batch lane until all are queued.
    /// A fresh database (8 connections) with `tables` made, each the body of a CREATE TABLE.
    private static func database(with tables: [String]) async throws -> PostgresDatabase {
        let database = try await PostgresTestDatabase.fresh(poolSize: 8)
        try await database.write { session in
            for table in tables { try session.execute("CREATE TABLE \(table)") }
        }
        return database
    }

    private static func burstInOneBatch(
        _ database: PostgresDatabase, count: Int, _ body: @escaping @Sendable (PostgresSession, Int) throws -> Void
    ) async -> [Result<Void, any Error>] {
        let (entered, gate) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let holder = Task {
            try await database.write { _ in
                entered.signal()
                gate.wait()
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                entered.wait()
                continuation.resume()
            }
        }
        var tasks: [Task<Void, any Error>] = []
        for index in 0..<count {
            tasks.append(Task { try await database.write { session in try body(session, index) } })
            // Queued one at a time, so that the batch runs them in order.
            let deadline = ContinuousClock.now + .seconds(30)
            while database.committer.pendingCount <= index, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .microseconds(50))
            }
            if database.committer.pendingCount <= index { Issue.record("write \(index) was not queued within 30 s") }
        }
        gate.signal()
        _ = await holder.result
        var outcomes: [Result<Void, any Error>] = []
        for task in tasks { outcomes.append(await task.result) }
        return outcomes
    }
}
