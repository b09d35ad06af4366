import Dispatch
import GRDB
import Testing

@testable import ClienteleStore

/// Batching is tested on a file-backed pool, where a commit costs an fsync.
@Suite("Group commit")
struct GroupCommitTests {
    @Test("64 concurrent writes all succeed, are all visible, and share fewer commits")
    func concurrentWrites() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            let counter = CommitCounter()
            database.writer.add(transactionObserver: counter)
            let before = database.committer.statistics
            try await withThrowingTaskGroup { group in
                for index in 0..<64 {
                    group.addTask { try await database.write { try $0.groups.insert(Fixtures.group("grp_\(index)")) } }
                }
                try await group.waitForAll()
            }
            #expect(try await database.read { try $0.groups.all() }.count == 64)
            let after = database.committer.statistics
            #expect(after.writes - before.writes == 64)
            #expect(counter.commits == after.commits - before.commits)
            #expect(counter.commits < 64)
            print("64 concurrent writes: \(counter.commits) commits, largest batch \(after.largestBatch)")
        }
    }

    @Test("a body that throws in a batch fails only its caller and leaves none of its rows")
    func failingBodyInBatch() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            let counter = CommitCounter()
            database.writer.add(transactionObserver: counter)
            let outcomes = await Self.burstInOneBatch(database, count: 64) { store, index in
                // 40 reuses 10's id: a constraint failure, rolled back by SQLite for that statement only.
                try store.groups.insert(Fixtures.group("grp_\(index == 40 ? 10 : index)"))
                try store.users.insert(
                    Fixtures.user("usr_\(index)", email: "u\(index)@example.com", groupID: "grp_\(index)"))
                if index == 32 { throw Boom(index: index) }
            }
            #expect(counter.commits == 1)
            for (index, outcome) in outcomes.enumerated() {
                switch index {
                case 32: #expect(throws: Boom(index: 32)) { try outcome.get() }
                case 40: #expect(throws: StoreError.duplicate(field: "id")) { try outcome.get() }
                default: if case .failure(let error) = outcome { Issue.record("write \(index) failed: \(error)") }
                }
            }
            let (groups, users) = try await database.read { store in
                (try store.groups.all().map(\.id), try store.users.list(ids: (0..<64).map { "usr_\($0)" }).map(\.id))
            }
            #expect(groups.count == 62)
            #expect(!groups.contains("grp_32"))
            #expect(users.count == 62)
            #expect(!users.contains("usr_32") && !users.contains("usr_40"))
        }
    }

    @Test("search rows wait for the end of the batch: a failed body leaves none, a later change of a client wins")
    func searchRowsInBatch() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            try await database.write { store in
                try store.groups.insert(Fixtures.group())
                try store.users.insert(Fixtures.user())
            }
            let counter = CommitCounter()
            database.writer.add(transactionObserver: counter)
            let outcomes = await Self.burstInOneBatch(database, count: 4) { store, index in
                var client = ClientRecord(
                    id: "cli_\(index % 2)", groupID: "grp_1", accountName: "Name\(index)", createdAt: 1_000)
                switch index {
                case 0, 1: try store.clients.insert(client, contacts: [])
                case 2:
                    client.version = 2
                    try store.clients.update(client, contacts: [])
                default:
                    try store.clients.update(client, contacts: [])
                    throw Boom(index: index)
                }
            }
            #expect(counter.commits == 1)
            #expect(outcomes.prefix(3).allSatisfy { (try? $0.get()) != nil })
            #expect(throws: Boom(index: 3)) { try outcomes[3].get() }
            func found(_ text: String) async throws -> [String] {
                try await database.read { store in
                    var query = ClientQuery(groupID: "grp_1")
                    query.search = SearchText.query(text)
                    return try store.clients.list(query).map(\.id)
                }
            }
            #expect(try await found("name0").isEmpty)
            #expect(try await found("name2") == ["cli_0"])
            #expect(try await found("name1") == ["cli_1"])
            #expect(try await found("name3").isEmpty)
            // Their own rows, one per client: the search table holds exactly the two clients.
            #expect(
                try await database.read {
                    try Int.fetchOne(($0.clients as! SQLiteClientStore).db, sql: "SELECT count(*) FROM client_search")
                }
                    == 2)
        }
    }

    @Test("a failed commit fails every write of its batch")
    func failedCommit() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            let counter = CommitCounter()
            database.writer.add(transactionObserver: counter)
            counter.failCommits(true)
            let outcomes = await Self.burstInOneBatch(database, count: 8) { store, index in
                try store.groups.insert(Fixtures.group("grp_\(index)"))
            }
            counter.failCommits(false)
            #expect(outcomes.allSatisfy { (try? $0.get()) == nil })
            #expect(try await database.read { try $0.groups.all() }.isEmpty)
            try await database.write { try $0.groups.insert(Fixtures.group("grp_after")) }
            #expect(try await database.read { try $0.groups.all() }.map(\.id) == ["grp_after"])
        }
    }

    @Test("a body that loses the transaction (as disk full or an I/O error do) fails the whole batch")
    func abortedTransaction() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            let outcomes = await Self.burstInOneBatch(database, count: 8) { store, index in
                try store.groups.insert(Fixtures.group("grp_\(index)"))
                // SQLite rolls the whole transaction back by itself on SQLITE_FULL and some I/O errors.
                if index == 3 { try (store.groups as! SQLiteGroupStore).db.execute(sql: "ROLLBACK") }
            }
            for (index, outcome) in outcomes.enumerated() {
                #expect(throws: StoreError.self, "write \(index)") { try outcome.get() }
            }
            #expect(try await database.read { try $0.groups.all() }.isEmpty)
            try await database.write { try $0.groups.insert(Fixtures.group("grp_after")) }
            #expect(try await database.read { try $0.groups.all() }.map(\.id) == ["grp_after"])
        }
    }

    @Test("bodies of one batch see each other's committed rows in order")
    func bodiesSeeEarlierBodies() async throws {
        let database = try AppDatabase.inMemory()
        let outcomes = await Self.burstInOneBatch(database, count: 16) { store, index in
            try store.groups.insert(Fixtures.group("grp_\(index)"))
            guard try store.groups.all().count == index + 1 else { throw Boom(index: index) }
        }
        #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
        #expect(database.committer.statistics.largestBatch == 16)
    }

    @Test("a batch waits for the callers of the previous batch, so that one commit serves them all")
    func gatherWaitsForPreviousCallers() async throws {
        /// Commits taken by a batch of 4, then 1 write and, once that write has committed
        /// (without a gather) or 200 ms have passed (with one, which holds it), 3 more.
        func commitsForStaggeredWrites(gather: Duration) async throws -> Int {
            let database = try AppDatabase(
                writer: try DatabaseQueue(), logger: Fixtures.quietLogger, commitGather: gather)
            _ = await Self.burstInOneBatch(database, count: 4) { store, index in
                try store.groups.insert(Fixtures.group("grp_first_\(index)"))
            }
            let before = database.committer.statistics
            #expect(before.commits == 1 && before.largestBatch == 4, "the first 4 writes are one batch")
            try await withThrowingTaskGroup { group in
                group.addTask { try await database.write { try $0.groups.insert(Fixtures.group("grp_0")) } }
                // Without a gather the lone write commits at once: waiting for that commit, not
                // a fixed time, keeps a loaded machine from letting the later writes join it.
                // With a gather it is held until they come, so only a short wait is possible.
                let wait: Duration = gather == .zero ? .seconds(30) : .milliseconds(200)
                let deadline = ContinuousClock.now + wait
                while database.committer.statistics.commits == before.commits, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(1))
                }
                for index in 1..<4 {
                    group.addTask { try await database.write { try $0.groups.insert(Fixtures.group("grp_\(index)")) } }
                }
                try await group.waitForAll()
            }
            #expect(try await database.read { try $0.groups.all() }.count == 8)
            return database.committer.statistics.commits - before.commits
        }
        // The limit only bounds the wait: the batch starts as soon as 4 writes are pending.
        // It is long so that a machine busy with other tests cannot reach it.
        #expect(try await commitsForStaggeredWrites(gather: .seconds(30)) == 1)
        #expect(try await commitsForStaggeredWrites(gather: .zero) >= 2)
    }

    /// Holds the writer busy until `count` writes are queued, so that they run as one batch
    /// (in order of `index`), and returns each write's outcome.
    private static func burstInOneBatch(
        _ database: AppDatabase,
        count: Int,
        _ body: @escaping @Sendable (StoreContext, Int) throws -> Void
    ) async -> [Result<Void, any Error>] {
        let gate = DispatchSemaphore(value: 0)
        database.writer.asyncWriteWithoutTransaction { _ in gate.wait() }
        var tasks: [Task<Void, any Error>] = []
        for index in 0..<count {
            tasks.append(Task { try await database.write { store in try body(store, index) } })
            // Queued one at a time, so that the batch runs them in order.
            // Long enough for a machine busy with other tests; the batch is wrong without it.
            let deadline = ContinuousClock.now + .seconds(30)
            while database.committer.pendingCount <= index, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .microseconds(50))
            }
            if database.committer.pendingCount <= index {
                Issue.record("write \(index) was not queued within 30 s")
            }
        }
        gate.signal()
        var outcomes: [Result<Void, any Error>] = []
        for task in tasks { outcomes.append(await task.result) }
        return outcomes
    }
}
