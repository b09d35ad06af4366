import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Testing

@Suite("Clients: listing, filters and cursors")
struct ClientListTests {
    func request(
        _ fixture: ClientFixture, _ configure: (inout ClientListRequest) -> Void = { _ in }
    ) -> ClientListRequest {
        var request = ClientListRequest()
        request.groupID = fixture.group
        configure(&request)
        return request
    }

    func names(
        _ fixture: ClientFixture, _ request: ClientListRequest, as principal: Principal? = nil
    ) async throws -> [String] {
        try await fixture.clients.list(request, for: principal ?? fixture.ownerPrincipal).clients.map(
            \.client.accountName)
    }

    @Test("every filter narrows the listing")
    func filters() async throws {
        let fixture = try await ClientFixture()
        let alpha = try await fixture.create("Alpha") {
            $0.address.country = "DE"; $0.currency = "EUR"; $0.login = "alpha"
        }
        _ = try await fixture.create("Beta") {
            $0.address.country = "FR"; $0.currency = "USD"; $0.connectionKind = 2
        }
        _ = try await fixture.create("Gamma") {
            $0.companyName = "Gamma Holdings"; $0.billingEmails = ["ap@gamma.io"]
        }
        _ = try await fixture.clients.change(
            alpha.client.id, .block, reason: "r", expectedVersion: 0, try fixture.write())
        #expect(try await self.names(fixture, self.request(fixture)) == ["Alpha", "Beta", "Gamma"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.block = 1 }) == ["Alpha"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.block = 2 }) == ["Beta", "Gamma"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.country = "fr" }) == ["Beta"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.currency = "USD" }) == ["Beta"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.login = "ALPHA" }) == ["Alpha"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.connectionKind = 2 }) == ["Beta"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.email = "ap@gamma.io" }) == ["Gamma"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.search = "holding" }) == ["Gamma"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.search = "gam ap@" }).isEmpty == false)
        #expect(try await self.names(fixture, self.request(fixture) { $0.statuses = [3] }).isEmpty)
        #expect(
            try await self.names(
                fixture,
                self.request(fixture) {
                    $0.sort = 2; $0.descending = true
                }
            ).first == "Gamma")
        #expect(
            try await self.names(fixture, self.request(fixture) { $0.search = "  " }) == ["Alpha", "Beta", "Gamma"])
        await #expect(
            throws: DomainError.invalidArgument(field: "search", reason: "has no letter or digit to search for")
        ) {
            _ = try await self.names(fixture, self.request(fixture) { $0.search = "@ ." })
        }
        await #expect(throws: DomainError.invalidArgument(field: "page_size", reason: "must be between 1 and 500")) {
            _ = try await self.names(fixture, self.request(fixture) { $0.pageSize = 501 })
        }
        await #expect(
            throws: DomainError.invalidArgument(field: "block", reason: "has no block filter numbered 999")
        ) {
            _ = try await self.names(fixture, self.request(fixture) { $0.block = 999 })
        }
    }

    @Test("closed clients are left out unless asked for")
    func closed() async throws {
        let fixture = try await ClientFixture()
        let id = try await fixture.create("Gone").client.id
        _ = try await fixture.create("Here")
        _ = try await fixture.clients.close(id, dryRun: false, reason: "", expectedVersion: 0, try fixture.write())
        #expect(try await self.names(fixture, self.request(fixture)) == ["Here"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.includeClosed = true }) == ["Gone", "Here"])
        #expect(try await self.names(fixture, self.request(fixture) { $0.statuses = [4] }) == ["Gone"])
    }

    @Test("the cursor stays correct while clients are inserted and renamed, in every order")
    func stableCursor() async throws {
        let fixture = try await ClientFixture()
        for index in 0..<30 {
            _ = try await fixture.create(String(format: "Client %02d", index)) { $0.companyName = "Co \(index % 7)" }
        }
        for sort in [1, 2, 3, 4] {
            for descending in [false, true] {
                var seen: [String] = []
                var token = ""
                var inserted = 0
                repeat {
                    let page = try await fixture.clients.list(
                        self.request(fixture) {
                            $0.pageSize = 7; $0.pageToken = token; $0.sort = sort; $0.descending = descending
                        },
                        for: fixture.ownerPrincipal)
                    seen += page.clients.map(\.client.id)
                    token = page.nextPageToken
                    // Writes between pages must not make the listing skip or repeat the rows that existed.
                    _ = try await fixture.create("Inserted \(sort)-\(descending)-\(inserted)")
                    inserted += 1
                } while !token.isEmpty
                #expect(Set(seen).count == seen.count, "sort \(sort) descending \(descending): a row came twice")
                let original = try await fixture.database.read { store in
                    try store.clients.list(
                        {
                            var q = ClientQuery(groupID: fixture.group); q.limit = 10_000; return q
                        }())
                }
                .filter { $0.accountName.hasPrefix("Client ") }.map(\.id)
                #expect(
                    Set(original).isSubset(of: Set(seen)), "sort \(sort) descending \(descending): a row was skipped")
            }
        }
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.list(
                self.request(fixture) { $0.pageToken = "garbage!" }, for: fixture.ownerPrincipal)
        }
    }

    @Test("sorted by status and filtered to one status, pages continue within that status")
    func oneStatusPages() async throws {
        let fixture = try await ClientFixture()
        var inactive: [String] = []
        for index in 0..<7 {
            let id = try await fixture.create("C\(index)").client.id
            if index % 2 == 0 {
                _ = try await fixture.clients.change(
                    id, .deactivate, reason: "", expectedVersion: 0, try fixture.write())
                inactive.append(id)
            }
        }
        var seen: [String] = []
        var token = ""
        repeat {
            let page = try await fixture.clients.list(
                self.request(fixture) {
                    $0.sort = 3; $0.statuses = [3]; $0.pageSize = 3; $0.pageToken = token
                },
                for: fixture.ownerPrincipal)
            seen += page.clients.map(\.client.id)
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(seen == inactive.sorted())
    }

    @Test("a page token only continues the listing it came from")
    func tokenBoundToFilters() async throws {
        let fixture = try await ClientFixture()
        for index in 0..<3 { _ = try await fixture.create("C\(index)") }
        let page = try await fixture.clients.list(
            self.request(fixture) { $0.pageSize = 1 }, for: fixture.ownerPrincipal)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.list(
                self.request(fixture) {
                    $0.pageSize = 1; $0.sort = 2; $0.pageToken = page.nextPageToken
                },
                for: fixture.ownerPrincipal)
        }
    }

    @Test("a holder of client-scoped grants lists only those clients; a manager filters its own")
    func visibility() async throws {
        let fixture = try await ClientFixture()
        let mine = try await fixture.create("Mine").client.id
        _ = try await fixture.create("Not mine")
        let member = Principal(
            kind: .user(id: "usr_member"),
            grants: [Grant(role: .member, scope: .client(mine), groupID: fixture.group, source: .assignment("a"))])
        #expect(try await self.names(fixture, self.request(fixture), as: member) == ["Mine"])
        let manager = try await fixture.base.identity.createUser(
            groupID: fixture.group, email: "m@example.com", name: "M", password: nil, role: .manager,
            scope: .group(fixture.group), .test())
        let managerPrincipal = Principal(
            kind: .user(id: manager.id),
            grants: [
                Grant(role: .manager, scope: .group(fixture.group), groupID: fixture.group, source: .assignment("b"))
            ])
        var fields = ClientFieldsInput()
        fields.accountName = "Managed"
        _ = try await fixture.clients.create(
            groupID: fixture.group, fields: fields, contacts: [], owner: nil, by: managerPrincipal, try fixture.write())
        #expect(
            try await self.names(fixture, self.request(fixture) { $0.own = true }, as: managerPrincipal) == ["Managed"])
        #expect(try await self.names(fixture, self.request(fixture), as: managerPrincipal).count == 3)
        #expect(try await self.names(fixture, self.request(fixture) { $0.managerUserID = manager.id }) == ["Managed"])
    }
}
