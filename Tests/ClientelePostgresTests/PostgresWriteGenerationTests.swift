import ClienteleStore
import ClienteleTestSupport
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
}
