import ClienteleStore
import Testing

@Suite("RoleStore")
struct RoleStoreTests {
    @Test("insert, fetch, find, forUser and inGroup round trip")
    func roundTrip() async throws {
        let database = try await Fixtures.seededDatabase()
        let owner = Fixtures.role("ra_1", role: "owner", createdAt: 1_000)
        let member = Fixtures.role("ra_2", role: "member", scopeKind: "client", scopeID: "cli_1", createdAt: 2_000)
        let elsewhere = Fixtures.role("ra_3", role: "manager", scopeID: "grp_2", groupID: "grp_2", createdAt: 3_000)
        let other = Fixtures.role("ra_4", userID: "usr_2", role: "staff", createdAt: 4_000)
        try await database.write { store in
            try store.groups.insert(Fixtures.group("grp_2"))
            try store.users.insert(Fixtures.user("usr_2", email: "bob@example.com"))
            for record in [other, elsewhere, member, owner] { try store.roles.insert(record) }
        }
        #expect(try await database.read { try $0.roles.fetch(id: "ra_2") } == member)
        #expect(try await database.read { try $0.roles.fetch(id: "ra_9") } == nil)
        #expect(try await database.read { try $0.roles.forUser("usr_1") } == [owner, member, elsewhere])
        #expect(try await database.read { try $0.roles.inGroup("grp_1") } == [owner, member, other])
        #expect(
            try await database.read {
                try $0.roles.find(userID: "usr_1", role: "member", scopeKind: "client", scopeID: "cli_1")
            }
                == member
        )
        #expect(
            try await database.read {
                try $0.roles.find(userID: "usr_1", role: "member", scopeKind: "group", scopeID: "cli_1")
            }
                == nil
        )
    }

    @Test("the same role on the same scope twice is a duplicate")
    func duplicateAssignment() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { try $0.roles.insert(Fixtures.role("ra_1")) }
        await #expect(throws: StoreError.duplicate(field: "user_id, role, scope_kind, scope_id")) {
            try await database.write { try $0.roles.insert(Fixtures.role("ra_2")) }
        }
    }

    @Test("a role for a missing user or group is notFound")
    func missingReferences() async throws {
        let database = try await Fixtures.seededDatabase()
        await #expect(throws: StoreError.notFound("user usr_9 or group grp_1")) {
            try await database.write { try $0.roles.insert(Fixtures.role(userID: "usr_9")) }
        }
        await #expect(throws: StoreError.notFound("user usr_1 or group grp_9")) {
            try await database.write { try $0.roles.insert(Fixtures.role(groupID: "grp_9")) }
        }
    }

    @Test("delete removes an assignment and says whether there was one")
    func delete() async throws {
        let database = try await Fixtures.seededDatabase()
        try await database.write { try $0.roles.insert(Fixtures.role()) }
        #expect(try await database.write { try $0.roles.delete(id: "ra_1") })
        #expect(try await database.write { try $0.roles.delete(id: "ra_1") } == false)
        #expect(try await database.read { try $0.roles.fetch(id: "ra_1") } == nil)
    }
}
