import ClienteleStore
import GRDB
import Testing

@Suite("Client store")
struct ClientStoreTests {
    func database() async throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try await database.write { store in
            try store.groups.insert(Fixtures.group())
            try store.users.insert(Fixtures.user())
        }
        return database
    }

    func client(_ id: String, name: String, login: String? = nil) -> ClientRecord {
        var client = ClientRecord(id: id, groupID: "grp_1", accountName: name, createdAt: 1_000)
        client.login = login
        client.billingEmails = ["\(id)@example.com"]
        client.address = AddressRecord(country: "DE", lines: ["Line 1", "Line 2"])
        client.serviceLevels = [ServiceLevelRecord(priority: 2, responseMinutes: 60, resolutionMinutes: 600)]
        client.blocked = StateFlagRecord(reason: "why", by: "usr_1", at: 5)
        return client
    }

    @Test("a client reads back exactly as written, lists and flags included")
    func roundTrip() async throws {
        let database = try await self.database()
        let written = self.client("cli_1", name: "Acme", login: "acme")
        try await database.write { try $0.clients.insert(written, contacts: []) }
        #expect(try await database.read { try $0.clients.fetch(id: "cli_1") } == written)
    }

    @Test("renames and new emails reach the search index and the lookup rows; old ones leave")
    func indexFollowsUpdates() async throws {
        let database = try await self.database()
        var client = self.client("cli_1", name: "Acme")
        let original = client
        try await database.write { try $0.clients.insert(original, contacts: []) }
        client.accountName = "Zenith"
        client.billingEmails = ["new@zenith.io"]
        let updated = client
        try await database.write { try $0.clients.update(updated, contacts: []) }
        func ids(_ configure: @escaping @Sendable (inout ClientQuery) -> Void) async throws -> [String] {
            try await database.read { store in
                var query = ClientQuery(groupID: "grp_1")
                configure(&query)
                return try store.clients.list(query).map(\.id)
            }
        }
        #expect(try await ids { $0.search = SearchText.query("zen") } == ["cli_1"])
        #expect(try await ids { $0.search = SearchText.query("zenith.io") } == ["cli_1"])
        #expect(try await ids { $0.search = SearchText.query("acm") }.isEmpty)
        #expect(try await ids { $0.email = "new@zenith.io" } == ["cli_1"])
        #expect(try await ids { $0.email = "cli_1@example.com" }.isEmpty)
    }

    @Test(
        "a search lists the same clients whether it matches a few (its hits drive the page) or more than a thousand (the sort index drives)",
        // "01" also starts the digits of the billing emails cli_0100…cli_0199@example.com (Meadow 1000…1099).
        arguments: [("meadow", Array(0..<1_100)), ("meadow 01", Array(100..<200) + Array(1_000..<1_100))])
    func searchPagesNarrowAndBroad(search: String, matching: [Int]) async throws {
        let database = try await self.database()
        try await database.write { store in
            for number in 0..<1_200 {
                // 1,100 meadows (every tenth one in Sweden), then 100 others; ids run against the names.
                let name = number < 1_100 ? String(format: "Meadow %04d", number) : "Other \(number)"
                var client = self.client(String(format: "cli_%04d", 1_199 - number), name: name)
                if number % 10 == 0 { client.address.country = "SE" }
                try store.clients.insert(client, contacts: [])
            }
        }
        func pages(_ configure: @escaping @Sendable (inout ClientQuery) -> Void) async throws -> [String] {
            var names: [String] = []
            var after: ClientQuery.PageKey?
            repeat {
                let page = try await database.read { [after] store in
                    var query = ClientQuery(groupID: "grp_1")
                    query.search = SearchText.query(search)
                    query.limit = 70
                    query.after = after
                    configure(&query)
                    return try store.clients.list(query)
                }
                names += page.map(\.accountName)
                after = page.last.map { ClientQuery.PageKey(value: .text($0.accountName), id: $0.id) }
            } while after != nil
            return names
        }
        let expected = matching.map { String(format: "Meadow %04d", $0) }
        let narrow = matching.count < 1_000  // its hits drive the page
        #expect(try await pages { _ in } == expected)
        #expect(try await pages { $0.descending = true } == expected.reversed())
        #expect(try await pages { $0.country = "SE" } == expected.filter { $0.hasSuffix("0") })
        // With an email lookup leading the join, the search only filters.
        let one = String(format: "cli_%04d", 1_199 - (narrow ? 150 : 10))
        #expect(try await pages { $0.email = "\(one)@example.com" } == [narrow ? "Meadow 0150" : "Meadow 0010"])
        #expect(try await pages { $0.email = "cli_0000@example.com" }.isEmpty)
    }

    @Test("the schema allows at most one primary contact per client")
    func onePrimary() async throws {
        let database = try await self.database()
        try await database.write { try $0.clients.insert(self.client("cli_1", name: "Acme"), contacts: []) }
        @Sendable func contact(_ id: String, position: Int) -> ContactRecord {
            ContactRecord(
                id: id, clientID: "cli_1", position: position, firstName: id, lastName: "", email: "", phone: "",
                isPrimary: true, address: AddressRecord())
        }
        try await database.write { try $0.contacts.insert(contact("con_1", position: 0)) }
        await #expect(throws: StoreError.duplicate(field: "client_id")) {
            try await database.write { try $0.contacts.insert(contact("con_2", position: 1)) }
        }
    }

    @Test("audit entries get increasing sequence numbers and list newest first")
    func auditSequence() async throws {
        let database = try await self.database()
        try await database.write { store in
            for index in 0..<3 {
                try store.audit.append(
                    AuditEntryRecord(
                        id: "aud_\(index)", groupID: "grp_1", clientID: nil, actor: "usr_1", onBehalfOf: nil,
                        action: "a", resource: "r", requestID: "q", changedFields: ["x", "y"], detail: "", at: 1))
            }
        }
        let entries = try await database.read { try $0.audit.list(AuditStore.Filter(groupID: "grp_1")) }
        #expect(entries.map(\.id) == ["aud_2", "aud_1", "aud_0"])
        #expect(entries.map(\.sequence) == [3, 2, 1])
        #expect(entries[0].changedFields == ["x", "y"])
    }

    @Test("an idempotency key is unique per caller")
    func idempotencyKey() async throws {
        let database = try await self.database()
        let record = IdempotencyRecord(
            caller: "usr_1", key: "k", method: "m", requestHash: [1], response: [2, 3], createdAt: 1)
        try await database.write { try $0.idempotency.insert(record) }
        await #expect(throws: StoreError.duplicate(field: "caller, key")) {
            try await database.write { try $0.idempotency.insert(record) }
        }
        var other = record
        other.caller = "usr_2"
        let second = other
        try await database.write { try $0.idempotency.insert(second) }
        #expect(try await database.read { try $0.idempotency.fetch(caller: "usr_1", key: "k") } == record)
    }
}
