import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Testing

@Suite("Clients: account owner, activation and the sweeper")
struct ClientOwnerTests {
    static let owner = AccountOwnerInput(firstName: "Pat", lastName: "Owner", email: "Pat@Example.com")

    @Test("naming an owner creates the user, the role, a 14-day invitation and an outbox mail in one create")
    func ownerInvited() async throws {
        let fixture = try await ClientFixture()
        let view = try await fixture.create("Acme", owner: Self.owner)
        #expect(view.status == .pending)
        #expect(view.client.activationDeadline == fixture.clock.nowMillis() + 14 * 24 * 3600 * 1000)
        let ownerID = try #require(view.client.ownerUserID)
        let user = try #require(try await fixture.database.read { try $0.users.fetch(id: ownerID) })
        #expect(user.email == "pat@example.com" && user.passwordHash == nil)
        let roles = try await fixture.database.read { try $0.roles.forUser(ownerID) }
        #expect(roles.map(\.role) == ["owner"] && roles[0].scopeID == view.client.id)
        let messages = try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages
        #expect(messages.count == 1)
        #expect(messages[0].recipientEmail == "pat@example.com")
        #expect(messages[0].data["activation_token"]?.hasPrefix("clt_i_") == true)
    }

    @Test("accepting sets the password, activates the client and signs in; a used token is refused")
    func accept() async throws {
        let fixture = try await ClientFixture()
        let view = try await fixture.create("Acme", owner: Self.owner)
        let token = try #require(
            try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages.first?
                .data["activation_token"])
        let session = try await fixture.base.identity.acceptInvitation(token: token, password: IdentityFixture.password)
        #expect(session.user.id == view.client.ownerUserID)
        let activated = try await fixture.clients.get(view.client.id)
        #expect(activated.status == .active && activated.client.activationDeadline == nil)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.base.identity.acceptInvitation(token: token, password: IdentityFixture.password)
        }
        await #expect(throws: DomainError.notFound("invitation")) {
            _ = try await fixture.base.identity.acceptInvitation(
                token: "clt_i_forged", password: IdentityFixture.password)
        }
    }

    @Test("an owner who does not activate in time is removed by the sweeper, audited as the system")
    func sweeper() async throws {
        let fixture = try await ClientFixture()
        let view = try await fixture.create("Acme", owner: Self.owner)
        let ownerID = try #require(view.client.ownerUserID)
        fixture.clock.advance(millis: 14 * 24 * 3600 * 1000 - 1)
        #expect(try await fixture.sweeper.sweep() == 0)
        fixture.clock.advance(millis: 1)
        #expect(try await fixture.sweeper.sweep() == 1)
        let swept = try await fixture.clients.get(view.client.id)
        #expect(swept.client.ownerUserID == nil && swept.client.activationDeadline == nil)
        #expect(try await fixture.database.read { try $0.roles.forUser(ownerID) }.isEmpty)
        var query = AuditQuery()
        query.groupID = fixture.group
        query.actor = "system"
        let entries = try await fixture.audit.list(query).entries
        #expect(entries.count == 1)
        #expect(entries[0].detail.contains("not activated"))
        // The invitation died with it.
        let token = try #require(
            try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages.first?
                .data["activation_token"])
        await #expect(throws: DomainError.self) {
            _ = try await fixture.base.identity.acceptInvitation(token: token, password: IdentityFixture.password)
        }
        #expect(try await fixture.sweeper.sweep() == 0)
    }

    @Test("an acknowledged message leaves the outbox and loses its token")
    func acknowledge() async throws {
        let fixture = try await ClientFixture()
        _ = try await fixture.create("Acme", owner: Self.owner)
        let message = try #require(
            try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages.first)
        #expect(
            try await fixture.outbox.acknowledge(
                groupID: fixture.group, ids: [message.id, "msg_other"], try fixture.write()) == 1)
        #expect(
            try await fixture.outbox.acknowledge(groupID: fixture.group, ids: [message.id], try fixture.write()) == 0)
        #expect(try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages.isEmpty)
    }
}
