import ClienteleStore
import Testing

@Suite("UserStore")
struct UserStoreTests {
    @Test("insert and fetch by id and by email in the group round trip")
    func roundTrip() async throws {
        let database = try await Fixtures.seededDatabase()
        let user = Fixtures.user()
        #expect(try await database.read { try $0.users.fetch(id: "usr_1") } == user)
        #expect(try await database.read { try $0.users.fetch(id: "usr_1", inGroup: "grp_1") } == user)
        #expect(try await database.read { try $0.users.fetch(email: "ann@example.com", inGroup: "grp_1") } == user)
        #expect(try await database.read { try $0.users.fetch(id: "usr_2") } == nil)

        var bare = Fixtures.user("usr_2", email: "bob@example.com")
        bare.passwordHash = nil
        bare.passwordSalt = nil
        bare.disabled = true
        try await database.write { [bare] in try $0.users.insert(bare) }
        #expect(try await database.read { try $0.users.fetch(id: "usr_2") } == bare)
    }

    @Test("another group's account is found neither by id nor by email in this group")
    func lookupsStayInTheGroup() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { store in
            try store.groups.insert(Fixtures.group("grp_2", name: "Other"))
            try store.users.insert(Fixtures.user("usr_2", email: "ann@example.com", groupID: "grp_2"))
        }
        #expect(try await database.read { try $0.users.fetch(id: "usr_2", inGroup: "grp_1") } == nil)
        #expect(
            try await database.read { try $0.users.fetch(email: "ann@example.com", inGroup: "grp_2") }?.id == "usr_2")
        #expect(
            try await database.read { try $0.users.fetch(email: "ann@example.com", inGroup: "grp_1") }?.id == "usr_1")
        #expect(try await database.read { try $0.users.fetch(email: "ann@example.com", inGroup: "grp_3") } == nil)
    }

    @Test("email lookup ignores letter case")
    func emailLookupIgnoresCase() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { store in
            try store.groups.insert(Fixtures.group())
            try store.users.insert(Fixtures.user(email: "Ann@Example.com"))
        }
        let found = try await database.read { try $0.users.fetch(email: "aNN@example.COM", inGroup: "grp_1") }
        #expect(found?.id == "usr_1")
        #expect(found?.email == "Ann@Example.com")
    }

    @Test("email is unique in a group regardless of letter case, not across groups")
    func emailIsUniqueInTheGroup() async throws {
        let database = try await Fixtures.seededDatabase()
        await #expect(throws: StoreError.duplicate(field: "group_id, email")) {
            try await database.write { try $0.users.insert(Fixtures.user("usr_2", email: "ANN@Example.COM")) }
        }
        #expect(try await database.read { try $0.users.fetch(id: "usr_2") } == nil)
        try await database.write { store in
            try store.groups.insert(Fixtures.group("grp_2", name: "Other"))
            try store.users.insert(Fixtures.user("usr_3", email: "ann@example.com", groupID: "grp_2"))
        }
        #expect(try await database.read { try $0.users.fetch(id: "usr_3") }?.groupID == "grp_2")
    }

    @Test("an account needs an existing group")
    func accountNeedsGroup() async throws {
        let database = try AppDatabase.inMemory()
        await #expect(throws: StoreError.self) {
            try await database.write { try $0.users.insert(Fixtures.user(groupID: "grp_missing")) }
        }
    }

    @Test("update stores every field as given")
    func update() async throws {
        let database = try await Fixtures.seededDatabase()
        var user = Fixtures.user()
        user.name = "Ann B."
        user.email = "ann.b@example.com"
        user.passwordHash = [42]
        user.mustChangePassword = false
        user.updatedAt = 2_000
        user.version = 2
        try await database.write { [user] in try $0.users.update(user) }
        #expect(try await database.read { try $0.users.fetch(id: "usr_1") } == user)
    }

    @Test("updating a missing user throws notFound; taking another account's email of the group is a duplicate")
    func updateFailures() async throws {
        let database = try await Fixtures.seededDatabase()
        await #expect(throws: StoreError.notFound("user usr_9")) {
            try await database.write { try $0.users.update(Fixtures.user("usr_9")) }
        }
        try await database.write { try $0.users.insert(Fixtures.user("usr_2", email: "bob@example.com")) }
        await #expect(throws: StoreError.duplicate(field: "group_id, email")) {
            try await database.write { try $0.users.update(Fixtures.user("usr_2", email: "ANN@example.com")) }
        }
    }

    @Test("list returns the users found, by email")
    func list() async throws {
        let database = try await Fixtures.seededDatabase()
        let ids = (0..<600).map { "usr_x\($0)" }
        try await database.write { store in
            for (index, id) in ids.enumerated() {
                try store.users.insert(Fixtures.user(id, email: "u\(1_000 - index)@example.com"))
            }
        }
        let wanted = Array(ids.prefix(550)) + ["usr_missing", "usr_x0"]
        let users = try await database.read { try $0.users.list(ids: wanted) }
        #expect(users.count == 550)
        #expect(Set(users.map(\.id)) == Set(ids.prefix(550)))
        #expect(users.map(\.email) == users.map(\.email).sorted())
        #expect(try await database.read { try $0.users.list(ids: []) }.isEmpty)
    }
}
