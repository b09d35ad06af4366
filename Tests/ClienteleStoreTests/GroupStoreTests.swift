import ClienteleStore
import Testing

@Suite("GroupStore")
struct GroupStoreTests {
    @Test("insert, fetch and list round trip")
    func roundTrip() async throws {
        let database = try AppDatabase.inMemory()
        let first = Fixtures.group("grp_b", name: "Beta", createdAt: 1_000)
        let second = Fixtures.group("grp_a", name: "Alpha", createdAt: 2_000)
        try await database.write { store in
            try store.groups.insert(second)
            try store.groups.insert(first)
        }
        #expect(try await database.read { try $0.groups.fetch(id: "grp_a") } == second)
        #expect(try await database.read { try $0.groups.fetch(id: "grp_missing") } == nil)
        #expect(try await database.read { try $0.groups.all() } == [first, second])
    }

    @Test("a second group with the same id is a duplicate id")
    func duplicateID() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { try $0.groups.insert(Fixtures.group()) }
        await #expect(throws: StoreError.duplicate(field: "id")) {
            try await database.write { try $0.groups.insert(Fixtures.group(name: "Other")) }
        }
    }
}
