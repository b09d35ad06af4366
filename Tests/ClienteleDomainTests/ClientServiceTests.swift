import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Testing

@Suite("Clients: create, read, update, lifecycle")
struct ClientServiceTests {
    @Test("a name is enough; every other field takes its default")
    func createMinimal() async throws {
        let fixture = try await ClientFixture()
        let view = try await fixture.create("  Acme Ltd ")
        #expect(view.client.accountName == "Acme Ltd")
        #expect(view.client.billingName == "Acme Ltd")
        #expect(view.status == .active)
        #expect(view.client.currency == "EUR")
        #expect(view.client.billingMode == 1)
        #expect(view.client.timezone == "UTC")
        #expect(view.client.version == 1)
        #expect(view.client.login == nil && view.client.legalID == nil)
        #expect(try await fixture.clients.get(view.client.id) == view)
        let trail = try await fixture.audit.list(Self.auditQuery(fixture.group, client: view.client.id))
        #expect(trail.entries.count == 1)
        #expect(trail.entries[0].resource == "client:\(view.client.id)")
        #expect(trail.entries[0].actor == fixture.owner)
        #expect(trail.entries[0].changedFields.contains("account_name"))
    }

    @Test("every seed field is stored and read back")
    func createFull() async throws {
        let fixture = try await ClientFixture()
        let view = try await fixture.create(
            "Nordwind", contacts: [ClientFixture.contact("Nina", email: "nina@nordwind.de")]
        ) { fields in
            fields.companyName = "Nordwind GmbH"
            fields.legalID = "DE123456789"
            fields.login = "Nordwind"
            fields.billingEmails = ["billing@nordwind.de", "ap@nordwind.de", "BILLING@nordwind.de"]
            fields.address = AddressRecord(
                country: "de", region: "Berlin", city: "Berlin", lines: ["Hauptstr. 1"], postalCode: "10115")
            fields.currency = "eur"
            fields.billingMode = 2
            fields.creditLimitMinor = 50_000
            fields.pricingModel = 2
            fields.timezone = "Europe/Berlin"
            fields.moderation = true
            fields.connectionKind = 3
            fields.serviceLevels = [
                ServiceLevelRecord(priority: 4, responseMinutes: 15, resolutionMinutes: 240),
                ServiceLevelRecord(priority: 1, responseMinutes: 480, resolutionMinutes: 4800),
            ]
            fields.phone = "+49 30 1234567"
        }
        let client = view.client
        #expect(client.login == "nordwind")
        #expect(client.billingEmails == ["billing@nordwind.de", "ap@nordwind.de"])
        #expect(client.address.country == "DE")
        #expect(client.taxRegion == "EU")
        #expect(client.serviceLevels.map(\.priority) == [1, 4])
        #expect(client.billingMode == 2 && client.creditLimitMinor == 50_000)
        #expect(view.contacts.count == 1 && view.contacts[0].isPrimary)
        #expect(view.invitationRecipient == "nina@nordwind.de")
        #expect(view.invoiceRecipient == "nina@nordwind.de")
        #expect(try await fixture.clients.get(client.id) == view)
    }

    static let invalidFields: [(String, @Sendable (inout ClientFieldsInput) -> Void)] = [
        ("fields.account_name", { f in f.accountName = "  " }),
        ("fields.billing_emails[1]", { f in f.billingEmails = ["a@b.co", "not-an-email"] }),
        ("fields.address.country", { f in f.address.country = "XX" }),
        ("fields.currency", { f in f.currency = "EUX" }),
        ("fields.timezone", { f in f.timezone = "Mars/Olympus" }),
        ("fields.credit_limit_minor", { f in f.creditLimitMinor = 100 }),
        ("fields.billing_mode", { f in f.billingMode = 9 }),
        ("fields.connection_kind", { f in f.connectionKind = -1 }),
        ("fields.login", { f in f.login = "a b" }),
        ("fields.phone", { f in f.phone = "call me" }),
        (
            "fields.service_levels[0].resolution_minutes",
            { f in
                f.serviceLevels = [ServiceLevelRecord(priority: 2, responseMinutes: 60, resolutionMinutes: 30)]
            }
        ),
        ("fields.manager_user_id", { f in f.managerUserID = "usr_nobody" }),
    ]

    @Test(
        "each bad field is named, and nothing is written", arguments: invalidFields
    )
    func invalidField(field: String, configure: @Sendable (inout ClientFieldsInput) -> Void) async throws {
        let fixture = try await ClientFixture()
        var fields = ClientFieldsInput()
        fields.accountName = "Acme"
        configure(&fields)
        let error = await #expect(throws: DomainError.self) {
            try await fixture.clients.create(
                groupID: fixture.group, fields: fields, contacts: [], owner: nil, by: fixture.ownerPrincipal,
                try fixture.write())
        }
        guard case .invalidArgument(let named, _) = error else {
            Issue.record("expected INVALID_ARGUMENT, got \(String(describing: error))")
            return
        }
        #expect(named == field)
        #expect(try await fixture.database.read { try $0.clients.count(groupID: fixture.group) } == 0)
    }

    @Test("a taken login or legal id is ALREADY_EXISTS naming the field; legal ids are per group")
    func duplicates() async throws {
        let fixture = try await ClientFixture()
        _ = try await fixture.create("One") {
            $0.login = "acme"; $0.legalID = "L-1"
        }
        await #expect(throws: DomainError.alreadyExists(field: "fields.login")) {
            _ = try await fixture.create("Two") { $0.login = "ACME" }
        }
        await #expect(throws: DomainError.alreadyExists(field: "fields.legal_id")) {
            _ = try await fixture.create("Three") { $0.legalID = "L-1" }
        }
        let (otherGroup, otherOwner) = try await fixture.base.bootstrap("Other", email: "other@example.com")
        var fields = ClientFieldsInput()
        fields.accountName = "Elsewhere"
        fields.legalID = "L-1"
        let principal = Principal(
            kind: .user(id: otherOwner),
            grants: [Grant(role: .owner, scope: .group(otherGroup), groupID: otherGroup, source: .assignment("x"))])
        let elsewhere = try await fixture.clients.create(
            groupID: otherGroup, fields: fields, contacts: [], owner: nil, by: principal, try fixture.write())
        #expect(elsewhere.client.legalID == "L-1")
    }

    @Test("an update changes only the masked fields, checks the version, and is audited")
    func update() async throws {
        let fixture = try await ClientFixture()
        let created = try await fixture.create("Acme") {
            $0.companyName = "Acme Inc"; $0.address.city = "Oslo"
        }
        var fields = ClientFieldsInput()
        fields.companyName = "Acme Group"
        fields.address.city = "ignored"
        let updated = try await fixture.clients.update(
            created.client.id, fields: fields, paths: ["company_name"], expectedVersion: 1, try fixture.write())
        #expect(updated.client.companyName == "Acme Group")
        #expect(updated.client.address.city == "Oslo")
        #expect(updated.client.version == 2)
        await #expect(throws: DomainError.failedPrecondition("client \(created.client.id) is at version 2, not 1")) {
            _ = try await fixture.clients.update(
                created.client.id, fields: fields, paths: ["company_name"], expectedVersion: 1, try fixture.write())
        }
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.update(
                created.client.id, fields: fields, paths: ["nonsense"], expectedVersion: 0, try fixture.write())
        }
        let trail = try await fixture.audit.list(Self.auditQuery(fixture.group))
        #expect(trail.entries.first?.changedFields == ["company_name"])
    }

    @Test("block, suspend and the status move as the lifecycle allows")
    func transitions() async throws {
        let fixture = try await ClientFixture()
        let id = try await fixture.create("Acme").client.id
        await #expect(throws: DomainError.invalidArgument(field: "reason", reason: "is required")) {
            _ = try await fixture.clients.change(id, .block, reason: "", expectedVersion: 0, try fixture.write())
        }
        let blocked = try await fixture.clients.change(
            id, .block, reason: "unpaid", expectedVersion: 0, try fixture.write())
        #expect(blocked.client.blocked?.reason == "unpaid")
        #expect(blocked.client.blocked?.by == fixture.owner)
        await #expect(throws: DomainError.failedPrecondition("client \(id) is already blocked")) {
            _ = try await fixture.clients.change(id, .block, reason: "again", expectedVersion: 0, try fixture.write())
        }
        _ = try await fixture.clients.change(id, .suspend, reason: "audit", expectedVersion: 0, try fixture.write())
        let inactive = try await fixture.clients.change(
            id, .deactivate, reason: "", expectedVersion: 0, try fixture.write())
        #expect(inactive.status == .inactive)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.change(id, .deactivate, reason: "", expectedVersion: 0, try fixture.write())
        }
        let active = try await fixture.clients.change(
            id, .activate, reason: "", expectedVersion: 0, try fixture.write())
        #expect(active.status == .active)
        let resumed = try await fixture.clients.change(id, .resume, reason: "", expectedVersion: 0, try fixture.write())
        #expect(resumed.client.suspended == nil && resumed.client.blocked != nil)
    }

    @Test("closing is refused with its blockers, a dry run writes nothing, and a closed client stays closed")
    func close() async throws {
        let fixture = try await ClientFixture()
        let owner = AccountOwnerInput(firstName: "Pat", lastName: "Owner", email: "pat@example.com")
        let id = try await fixture.create("Acme", owner: owner).client.id
        let dryRun = try await fixture.clients.close(
            id, dryRun: true, reason: "", expectedVersion: 0, try fixture.write())
        #expect(!dryRun.closable)
        #expect(dryRun.blockers.count == 2)
        #expect(dryRun.view.client.version == 1)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.close(id, dryRun: false, reason: "", expectedVersion: 0, try fixture.write())
        }
        // Deliver the mail, let the owner accept: nothing blocks any more.
        let message = try #require(
            try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages.first)
        let token = try #require(message.data["activation_token"])
        _ = try await fixture.base.identity.acceptInvitation(token: token, password: IdentityFixture.password)
        let oversized = String(repeating: "m", count: 1 << 20)
        await #expect(
            throws: DomainError.invalidArgument(field: "message_ids[1]", reason: "is longer than 64 characters")
        ) {
            _ = try await fixture.outbox.acknowledge(
                groupID: fixture.group, ids: [message.id, oversized], try fixture.write())
        }
        #expect(
            try await fixture.outbox.acknowledge(groupID: fixture.group, ids: [message.id], try fixture.write()) == 1)
        let closed = try await fixture.clients.close(
            id, dryRun: false, reason: "left", expectedVersion: 0, try fixture.write())
        #expect(closed.closable && closed.view.status == .closed)
        #expect(closed.view.client.closedAt == fixture.clock.nowMillis())
        await #expect(throws: DomainError.failedPrecondition("client \(id) is closed")) {
            _ = try await fixture.clients.change(id, .block, reason: "x", expectedVersion: 0, try fixture.write())
        }
    }

    static func auditQuery(_ group: String, client: String = "") -> AuditQuery {
        var query = AuditQuery()
        query.groupID = group
        query.clientID = client
        return query
    }
}
