import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf
import Testing

@testable import ClienteleServer

/// GetClient's kept answers: served only while no write has ended since they were read,
/// and authorized per caller like a read of the store.
@Suite("Client answer cache")
struct ClientAnswerCacheTests {
    static func answer(_ client: String, _ bytes: [UInt8]) -> ClientAnswerCache.Answer {
        ClientAnswerCache.Answer(resource: Resource(groupID: "grp_1", clientID: client), encoded: Data(bytes))
    }

    @Test("an answer is served only at the write generation it was read at")
    func generations() {
        let cache = ClientAnswerCache(capacity: 10)
        cache.remember(Self.answer("cli_a", [1]), for: "cli_a", at: 5)
        #expect(cache.answer(for: "cli_a", at: 5)?.encoded == Data([1]))
        #expect(cache.answer(for: "cli_a", at: 6) == nil)
        #expect(cache.answer(for: "cli_b", at: 5) == nil)
        // Read before generation 6 began: already stale, not kept.
        cache.remember(Self.answer("cli_a", [2]), for: "cli_a", at: 4)
        #expect(cache.answer(for: "cli_a", at: 5)?.encoded == Data([1]))
        // A newer generation drops every older answer.
        cache.remember(Self.answer("cli_b", [3]), for: "cli_b", at: 6)
        #expect(cache.count == 1)
        #expect(cache.answer(for: "cli_b", at: 6)?.encoded == Data([3]))
        #expect(cache.answer(for: "cli_a", at: 6) == nil)
    }

    @Test("a full cache starts over; capacity 0 keeps nothing")
    func capacity() {
        let cache = ClientAnswerCache(capacity: 2)
        cache.remember(Self.answer("cli_a", [1]), for: "cli_a", at: 1)
        cache.remember(Self.answer("cli_b", [2]), for: "cli_b", at: 1)
        cache.remember(Self.answer("cli_b", [3]), for: "cli_b", at: 1)
        #expect(cache.count == 2)
        cache.remember(Self.answer("cli_c", [4]), for: "cli_c", at: 1)
        #expect(cache.count == 1)
        #expect(cache.answer(for: "cli_c", at: 1)?.encoded == Data([4]))
        let none = ClientAnswerCache(capacity: 0)
        none.remember(Self.answer("cli_a", [1]), for: "cli_a", at: 1)
        #expect(none.answer(for: "cli_a", at: 1) == nil)
        #expect(none.count == 0)
    }

    func get(_ world: AccessWorld, _ clientID: String, token: String) async -> Result<Data, RPCError> {
        var request = Clientele_V1_GetClientRequest()
        request.clientID = clientID
        return await world.call(ClientsMethods.getClient, try! request.serializedData(), token: token)
    }

    @Test("GetClient answers every acknowledged write, through the RPCs or the service, after keeping an answer")
    func writesAreSeen() async throws {
        let world = try await AccessWorld.make()
        let created = try Clientele_V1_Client(
            serializedBytes: try await ClientsRPCTests().create(world, name: "Acme").get())
        let first = try await self.get(world, created.id, token: world.ownOwnerToken).get()
        #expect(world.answers.count == 1)
        #expect(try await self.get(world, created.id, token: world.ownOwnerToken).get() == first)

        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = created.id
        update.fields.companyName = "Acme Inc"
        update.updateMask.paths = ["company_name"]
        _ = try await world.call(ClientsMethods.updateClient, try update.serializedData(), token: world.ownOwnerToken)
            .get()
        let updated = try Clientele_V1_Client(
            serializedBytes: try await self.get(world, created.id, token: world.ownOwnerToken).get())
        #expect(updated.fields.companyName == "Acme Inc")
        #expect(updated.version == created.version + 1)

        // A write that does not go through the Clients RPCs.
        var contact = ContactInput()
        contact.firstName = "Ann"
        contact.email = "ann@acme.io"
        let principal = Principal(
            kind: .user(id: world.ownOwner),
            grants: [
                Grant(role: .owner, scope: .group(world.ownGroup), groupID: world.ownGroup, source: .assignment("o"))
            ])
        _ = try await world.clients.addContact(
            created.id, contact, expectedVersion: 0, ClientsWorld.write(principal))
        let withContact = try Clientele_V1_Client(
            serializedBytes: try await self.get(world, created.id, token: world.ownOwnerToken).get())
        #expect(withContact.contacts.map(\.email) == ["ann@acme.io"])
    }

    @Test("a kept answer reads as NOT_FOUND to another tenant, as a stored one does")
    func tenants() async throws {
        let world = try await AccessWorld.make()
        let created = try Clientele_V1_Client(
            serializedBytes: try await ClientsRPCTests().create(world, name: "Acme").get())
        _ = try await self.get(world, created.id, token: world.ownOwnerToken).get()
        #expect(world.answers.count == 1)
        let foreign = await self.get(world, created.id, token: world.otherOwnerToken)
        #expect(AccessRPCMatrixTests.code(foreign) == .notFound)
        if case .failure(let error) = foreign { #expect(error.message == "client \(created.id) not found") }
        let missing = await self.get(world, "cli_missing", token: world.otherOwnerToken)
        if case .failure(let foreignError) = foreign, case .failure(let missingError) = missing {
            #expect(
                foreignError.message.replacingOccurrences(of: created.id, with: "cli_missing") == missingError.message)
        }
    }
}
