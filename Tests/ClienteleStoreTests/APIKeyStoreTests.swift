import ClienteleStore
import Testing

@Suite("APIKeyStore")
struct APIKeyStoreTests {
    @Test("insert and fetch by hash and by id round trip")
    func roundTrip() async throws {
        let database = try await Fixtures.seededDatabase()
        let key = Fixtures.apiKey()
        try await database.write { try $0.apiKeys.insert(key) }
        #expect(try await database.read { try $0.apiKeys.fetch(keyHash: [7, 7]) } == key)
        #expect(try await database.read { try $0.apiKeys.fetch(id: "key_1") } == key)
        #expect(try await database.read { try $0.apiKeys.fetch(keyHash: [7]) } == nil)
    }

    @Test("a key hash is unique; a key needs its group")
    func constraints() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { try $0.apiKeys.insert(Fixtures.apiKey()) }
        await #expect(throws: StoreError.duplicate(field: "key_hash")) {
            try await database.write { try $0.apiKeys.insert(Fixtures.apiKey("key_2")) }
        }
        await #expect(throws: StoreError.notFound("group grp_9")) {
            try await database.write { try $0.apiKeys.insert(Fixtures.apiKey("key_3", keyHash: [3], groupID: "grp_9")) }
        }
    }

    @Test("list gives the group's keys, newest first")
    func list() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { store in
            try store.groups.insert(Fixtures.group("grp_2"))
            try store.apiKeys.insert(Fixtures.apiKey("key_1", keyHash: [1], createdAt: 1_000))
            try store.apiKeys.insert(Fixtures.apiKey("key_2", keyHash: [2], createdAt: 3_000))
            try store.apiKeys.insert(Fixtures.apiKey("key_3", keyHash: [3], createdAt: 2_000))
            try store.apiKeys.insert(Fixtures.apiKey("key_4", keyHash: [4], groupID: "grp_2", createdAt: 4_000))
        }
        #expect(
            try await database.read { try $0.apiKeys.list(groupID: "grp_1") }.map(\.id) == ["key_2", "key_3", "key_1"])
    }

    @Test("revoke keeps the first time; touch records the latest use only")
    func revokeAndTouch() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { try $0.apiKeys.insert(Fixtures.apiKey()) }
        #expect(try await database.write { try $0.apiKeys.revoke(id: "key_1", at: 2_000) })
        #expect(try await database.write { try $0.apiKeys.revoke(id: "key_1", at: 3_000) })
        #expect(try await database.write { try $0.apiKeys.revoke(id: "key_9", at: 3_000) } == false)
        try await database.write { store in
            try store.apiKeys.touch(id: "key_1", at: 5_000)
            try store.apiKeys.touch(id: "key_1", at: 4_000)
        }
        let key = try await database.read { try $0.apiKeys.fetch(id: "key_1") }
        #expect(key?.revokedAt == 2_000)
        #expect(key?.lastUsedAt == 5_000)
    }
}
