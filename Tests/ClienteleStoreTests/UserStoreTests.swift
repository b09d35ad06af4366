import ClienteleStore
import Testing

@Suite("UserStore")
struct UserStoreTests {
    @Test("insert and fetch by id and by email round trip")
    func roundTrip() async throws {
        let database = try AppDatabase.inMemory()
        var user = Fixtures.user()
        user.lockedUntil = 7_000
        user.failedLogins = 3
        try await database.write { [user] in try $0.users.insert(user) }
        #expect(try await database.read { try $0.users.fetch(id: "usr_1") } == user)
        #expect(try await database.read { try $0.users.fetch(email: "ann@example.com") } == user)
        #expect(try await database.read { try $0.users.fetch(id: "usr_2") } == nil)

        var bare = Fixtures.user("usr_2", email: "bob@example.com")
        bare.passwordHash = nil
        bare.passwordSalt = nil
        bare.disabled = true
        try await database.write { [bare] in try $0.users.insert(bare) }
        #expect(try await database.read { try $0.users.fetch(id: "usr_2") } == bare)
    }

    @Test("email lookup ignores letter case")
    func emailLookupIgnoresCase() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { try $0.users.insert(Fixtures.user(email: "Ann@Example.com")) }
        let found = try await database.read { try $0.users.fetch(email: "aNN@example.COM") }
        #expect(found?.id == "usr_1")
        #expect(found?.email == "Ann@Example.com")
    }

    @Test("email is unique regardless of letter case")
    func emailIsUniqueIgnoringCase() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { try $0.users.insert(Fixtures.user(email: "ann@example.com")) }
        await #expect(throws: StoreError.duplicate(field: "email")) {
            try await database.write { try $0.users.insert(Fixtures.user("usr_2", email: "ANN@Example.COM")) }
        }
        #expect(try await database.read { try $0.users.fetch(id: "usr_2") } == nil)
    }

    @Test("update stores every field as given")
    func update() async throws {
        let database = try await Fixtures.seededDatabase()
        var user = Fixtures.user()
        user.name = "Ann B."
        user.email = "ann.b@example.com"
        user.passwordHash = [42]
        user.mustChangePassword = false
        user.failedLogins = 2
        user.lockedUntil = 3_000
        user.updatedAt = 2_000
        user.version = 2
        try await database.write { [user] in try $0.users.update(user) }
        #expect(try await database.read { try $0.users.fetch(id: "usr_1") } == user)
    }

    @Test("updating a missing user throws notFound; taking another user's email is a duplicate")
    func updateFailures() async throws {
        let database = try await Fixtures.seededDatabase()
        await #expect(throws: StoreError.notFound("user usr_9")) {
            try await database.write { try $0.users.update(Fixtures.user("usr_9")) }
        }
        try await database.write { try $0.users.insert(Fixtures.user("usr_2", email: "bob@example.com")) }
        await #expect(throws: StoreError.duplicate(field: "email")) {
            try await database.write { try $0.users.update(Fixtures.user("usr_2", email: "ANN@example.com")) }
        }
    }

    @Test("list returns the users found, by email")
    func list() async throws {
        let database = try AppDatabase.inMemory()
        let ids = (0..<600).map { "usr_\($0)" }
        try await database.write { store in
            for (index, id) in ids.enumerated() {
                try store.users.insert(Fixtures.user(id, email: "u\(1_000 - index)@example.com"))
            }
        }
        let wanted = Array(ids.prefix(550)) + ["usr_missing", "usr_0"]
        let users = try await database.read { try $0.users.list(ids: wanted) }
        #expect(users.count == 550)
        #expect(Set(users.map(\.id)) == Set(ids.prefix(550)))
        #expect(users.map(\.email) == users.map(\.email).sorted())
        #expect(try await database.read { try $0.users.list(ids: []) }.isEmpty)
    }
}
