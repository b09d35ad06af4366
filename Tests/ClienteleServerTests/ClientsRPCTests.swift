import ClienteleAPI
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf
import Testing

/// The Clients, Audit and Outbox RPCs as a caller sees them: status codes,
/// messages naming fields, idempotent replays byte for byte.
@Suite("Clients RPCs")
struct ClientsRPCTests {
    func create(
        _ world: AccessWorld, name: String, key: String? = nil, owner: String? = nil
    ) async -> Result<Data, RPCError> {
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.ownGroup
        request.fields.accountName = name
        if let owner {
            request.owner.firstName = "Pat"
            request.owner.email = owner
        }
        return await world.call(
            ClientsMethods.createClient, try! request.serializedData(), token: world.ownOwnerToken,
            metadata: key.map { [("idempotency-key", $0)] } ?? [])
    }

    @Test("a replayed idempotency key answers the first answer byte for byte and writes nothing")
    func replay() async throws {
        let world = try await AccessWorld.make()
        let first = try await self.create(world, name: "Acme", key: "create-acme-1").get()
        let second = try await self.create(world, name: "Acme", key: "create-acme-1").get()
        #expect(first == second)
        let other = await self.create(world, name: "Other", key: "create-acme-1")
        guard case .failure(let error) = other else {
            Issue.record("a reused key with other parameters was accepted")
            return
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.hasPrefix("idempotency-key: create-acme-1 was first used with different parameters"))
        _ = try await self.create(world, name: "Acme", key: "create-acme-2").get()
        var list = Clientele_V1_ListClientsRequest()
        list.groupID = world.ownGroup
        let listed = try Clientele_V1_ListClientsResponse(
            serializedBytes: try await world.call(
                ClientsMethods.listClients, try list.serializedData(), token: world.ownOwnerToken
            ).get())
        #expect(listed.clients.count == 2)
    }

    @Test("bad fields are INVALID_ARGUMENT naming the path; a stale version is FAILED_PRECONDITION")
    func errors() async throws {
        let world = try await AccessWorld.make()
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.ownGroup
        request.fields.accountName = "Acme"
        request.fields.billingEmails = ["ok@acme.io", "nope"]
        let bad = await world.call(
            ClientsMethods.createClient, try request.serializedData(), token: world.ownOwnerToken)
        #expect(AccessRPCMatrixTests.code(bad) == .invalidArgument)
        if case .failure(let error) = bad {
            #expect(error.message == "fields.billing_emails[1]: is not an email address")
        }
        request.fields.billingEmails = []
        request.fields.billingMode = .UNRECOGNIZED(7)
        let unknownEnum = await world.call(
            ClientsMethods.createClient, try request.serializedData(), token: world.ownOwnerToken)
        if case .failure(let error) = unknownEnum {
            #expect(error.message.hasPrefix("fields.billing_mode:"))
        } else {
            Issue.record("an unknown enum value was accepted")
        }
        let created = try Clientele_V1_Client(serializedBytes: try await self.create(world, name: "Acme").get())
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = created.id
        update.fields.companyName = "Acme Inc"
        update.updateMask.paths = ["company_name"]
        update.expectedVersion = created.version + 1
        let stale = await world.call(
            ClientsMethods.updateClient, try update.serializedData(), token: world.ownOwnerToken)
        #expect(AccessRPCMatrixTests.code(stale) == .failedPrecondition)
        if case .failure(let error) = stale { #expect(error.message.contains("is at version 1")) }
        update.updateMask.paths = []
        let noMask = await world.call(
            ClientsMethods.updateClient, try update.serializedData(), token: world.ownOwnerToken)
        if case .failure(let error) = noMask {
            #expect(error.message.hasPrefix("update_mask:"))
        } else {
            Issue.record("an update without a mask was accepted")
        }
    }

    @Test("an owner's activation mail reaches the outbox; accepting it signs in and activates the client")
    func activation() async throws {
        let world = try await AccessWorld.make()
        let client = try Clientele_V1_Client(
            serializedBytes: try await self.create(world, name: "Acme", owner: "pat@acme.io").get())
        #expect(client.status == .pending)
        var pending = Clientele_V1_ListPendingMessagesRequest()
        pending.groupID = world.ownGroup
        let messages = try Clientele_V1_ListPendingMessagesResponse(
            serializedBytes: try await world.call(
                OutboxMethods.listPending, try pending.serializedData(), token: world.ownOwnerToken
            ).get())
        let token = try #require(messages.messages.first?.data["activation_token"])
        var accept = Clientele_V1_AcceptInvitationRequest()
        accept.token = token
        accept.password = AccessWorld.password
        let login = try Clientele_V1_LoginResponse(
            serializedBytes: try await world.call(
                AccessMethods.acceptInvitation, try accept.serializedData(), token: nil
            )
            .get())
        // The new owner reads their client with their own session.
        var get = Clientele_V1_GetClientRequest()
        get.clientID = client.id
        let read = try Clientele_V1_Client(
            serializedBytes: try await world.call(
                ClientsMethods.getClient, try get.serializedData(), token: login.token
            )
            .get())
        #expect(read.status == .active)
        // The owner of another tenant cannot tell it from a missing client.
        let hidden = await world.call(ClientsMethods.getClient, try get.serializedData(), token: world.otherOwnerToken)
        get.clientID = "cli_missing"
        let missing = await world.call(ClientsMethods.getClient, try get.serializedData(), token: world.otherOwnerToken)
        guard case .failure(let hiddenError) = hidden, case .failure(let missingError) = missing else {
            Issue.record("another tenant read the client")
            return
        }
        #expect(hiddenError.code == .notFound && missingError.code == .notFound)
        #expect(ClientsRPCMatrixTests.masked(hiddenError.message) == ClientsRPCMatrixTests.masked(missingError.message))
    }

    @Test("the audit trail names who changed what, with the request id")
    func audit() async throws {
        let world = try await AccessWorld.make()
        let client = try Clientele_V1_Client(serializedBytes: try await self.create(world, name: "Acme").get())
        var block = Clientele_V1_ChangeClientStateRequest()
        block.clientID = client.id
        block.reason = "unpaid invoices"
        _ = try await world.call(ClientsMethods.blockClient, try block.serializedData(), token: world.ownOwnerToken)
            .get()
        var list = Clientele_V1_ListAuditRequest()
        list.groupID = world.ownGroup
        list.clientID = client.id
        let trail = try Clientele_V1_ListAuditResponse(
            serializedBytes: try await world.call(
                AuditMethods.list, try list.serializedData(), token: world.ownOwnerToken
            )
            .get())
        #expect(
            trail.entries.map(\.action) == ["clientele.v1.Clients/BlockClient", "clientele.v1.Clients/CreateClient"])
        #expect(trail.entries[0].actor == world.ownOwner)
        #expect(trail.entries[0].changedFields == ["blocked"])
        #expect(trail.entries[0].detail == "unpaid invoices")
        #expect(trail.entries[0].requestID == "t")
    }
}
