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
            try await a.write { try $0.groups.insert(GroupRecord(id: "grp_\(round)", name: "G\(round)", createdAt: 1, version: 1)) }
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
}
