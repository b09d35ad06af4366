import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Testing

@Suite("Idempotency keys")
struct IdempotencyTests {
    static func encode(_ view: ClientView) -> [UInt8] { Array("\(view.client.id)@\(view.client.version)".utf8) }

    func create(_ fixture: ClientFixture, name: String, key: String) async throws -> (ClientView, Write<ClientView>) {
        var fields = ClientFieldsInput()
        fields.accountName = name
        let write = try fixture.write("clients/Create", key: key, request: Array(name.utf8), encode: Self.encode)
        return (
            try await fixture.clients.create(
                groupID: fixture.group, fields: fields, contacts: [], owner: nil, by: fixture.ownerPrincipal, write),
            write
        )
    }

    @Test("the first answer is stored with the write; a replay finds it, a changed request is refused")
    func replay() async throws {
        let fixture = try await ClientFixture()
        let (view, write) = try await self.create(fixture, name: "Acme", key: "k-1")
        #expect(try await fixture.clients.replay(write.origin) == Self.encode(view))
        let other = try fixture.write("clients/Create", key: "k-1", request: Array("Other".utf8), encode: Self.encode)
        await #expect(throws: DomainError.self) { _ = try await fixture.clients.replay(other.origin) }
        do {
            _ = try await fixture.clients.replay(other.origin)
        } catch .invalidArgument(let field, _) {
            #expect(field == "idempotency-key")
        }
        // A second write with the same key cannot commit: the key is stored in the write's transaction.
        await #expect(throws: DomainError.alreadyExists(field: "caller, key")) {
            _ = try await self.create(fixture, name: "Acme", key: "k-1")
        }
        #expect(try await fixture.database.read { try $0.clients.count(groupID: fixture.group) } == 1)
    }

    @Test("a failed write stores no key; after 24 hours a key is new again")
    func window() async throws {
        let fixture = try await ClientFixture()
        let bad = try fixture.write("clients/Create", key: "k-2", request: [1], encode: Self.encode)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.create(
                groupID: fixture.group, fields: ClientFieldsInput(), contacts: [], owner: nil,
                by: fixture.ownerPrincipal,
                bad)
        }
        #expect(try await fixture.clients.replay(bad.origin) == nil)
        let (_, write) = try await self.create(fixture, name: "Acme", key: "k-3")
        fixture.clock.advance(millis: 24 * 3600 * 1000 + 1)
        #expect(try await fixture.clients.replay(write.origin) == nil)
        _ = try await self.create(fixture, name: "Acme", key: "k-3")
        #expect(try await fixture.database.read { try $0.clients.count(groupID: fixture.group) } == 2)
    }

    @Test("keys are checked: printable ASCII, at most 128")
    func keyFormat() {
        #expect(throws: DomainError.self) { try IdempotencyClaim(key: "has space", method: "m", request: []) }
        #expect(throws: DomainError.self) {
            try IdempotencyClaim(key: String(repeating: "k", count: 129), method: "m", request: [])
        }
        #expect(throws: Never.self) { try IdempotencyClaim(key: "order-42", method: "m", request: []) }
    }
}
