import ClienteleStore
import Testing

@Suite("SessionStore")
struct SessionStoreTests {
    @Test("insert and fetch by token hash round trip")
    func roundTrip() async throws {
        let database = try await Fixtures.seededDatabase()
        let session = Fixtures.session()
        try await database.write { try $0.sessions.insert(session) }
        #expect(try await database.read { try $0.sessions.fetch(tokenHash: [9, 9, 9]) } == session)
        #expect(try await database.read { try $0.sessions.fetch(tokenHash: [9, 9]) } == nil)
    }

    @Test("a token hash is unique; a session needs its user")
    func constraints() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { try $0.sessions.insert(Fixtures.session()) }
        await #expect(throws: StoreError.duplicate(field: "token_hash")) {
            try await database.write { try $0.sessions.insert(Fixtures.session("ses_2")) }
        }
        await #expect(throws: StoreError.notFound("user usr_9")) {
            try await database.write {
                try $0.sessions.insert(Fixtures.session("ses_3", tokenHash: [3], userID: "usr_9"))
            }
        }
    }

    @Test("revoke keeps the first revocation time and reports unknown ids")
    func revoke() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { try $0.sessions.insert(Fixtures.session()) }
        #expect(try await database.write { try $0.sessions.revoke(id: "ses_1", at: 2_000) })
        #expect(try await database.write { try $0.sessions.revoke(id: "ses_1", at: 3_000) })
        #expect(try await database.write { try $0.sessions.revoke(id: "ses_9", at: 3_000) } == false)
        #expect(try await database.read { try $0.sessions.fetch(tokenHash: [9, 9, 9]) }?.revokedAt == 2_000)
    }

    @Test("revokeAll revokes only the user's live sessions")
    func revokeAll() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { store in
            try store.users.insert(Fixtures.user("usr_2", email: "bob@example.com"))
            try store.sessions.insert(Fixtures.session("ses_1", tokenHash: [1]))
            try store.sessions.insert(Fixtures.session("ses_2", tokenHash: [2]))
            try store.sessions.insert(Fixtures.session("ses_3", tokenHash: [3], userID: "usr_2"))
            try store.sessions.revoke(id: "ses_2", at: 1_500)
            try store.sessions.revokeAll(userID: "usr_1", at: 2_000)
        }
        let revoked = try await database.read { store in
            try [[1], [2], [3]].map { try store.sessions.fetch(tokenHash: $0)?.revokedAt }
        }
        #expect(revoked == [2_000, 1_500, nil])
    }
}
