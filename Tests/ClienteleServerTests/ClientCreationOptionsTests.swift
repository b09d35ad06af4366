import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleTestSupport
import Foundation
import SwiftProtobuf
import Testing

/// What a client is created with (seed 000's and 001's forms), sub-clients read back,
/// connection status, and portal access that really opens and shuts the portal.
@Suite("Client creation options, sub-clients and portal access")
struct ClientCreationOptionsTests: RPCCalling {

    func create(
        _ world: AccessWorld, _ name: String, edit: (inout Clientele_V1_CreateClientRequest) -> Void = { _ in }
    )
        async throws -> Clientele_V1_Client
    {
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.ownGroup
        request.fields.accountName = name
        edit(&request)
        return try await self.call(world, ClientsMethods.createClient, request, token: world.ownOwnerToken)
    }

    func balance(_ world: AccessWorld, _ clientID: String) async throws -> Clientele_V1_Balance {
        var request = Clientele_V1_GetBalanceRequest()
        request.clientID = clientID
        return try await self.call(world, BillingMethods.getBalance, request, token: world.ownOwnerToken)
    }

    @Test("a client created with its owner's password, an opening credit and inactive, in one call")
    func createdInOneCall() async throws {
        let world = try await AccessWorld.make()
        let client = try await self.create(world, "Seed Form") { request in
            request.owner.firstName = "Olive"
            request.owner.email = "olive@form.example"
            request.owner.password = "olive's first password"
            request.openingCredit.amountMinor = 2_500
            request.openingCredit.paymentMethod = "bank_transfer"
            request.openingCredit.paymentReference = "SEPA-1"
            request.inactive = true
        }
        #expect(client.status == .inactive)
        #expect(client.activationDeadlineMillis == 0, "no activation: the owner has a password")
        #expect(try await self.balance(world, client.id).balanceMinor == 2_500)
        let signedIn = try await world.identity.login(
            groupID: world.ownGroup, email: "olive@form.example", password: "olive's first password")
        #expect(signedIn.user.id == client.ownerUserID)
        var pending = Clientele_V1_ListPendingMessagesRequest()
        pending.groupID = world.ownGroup
        let outbox: Clientele_V1_ListPendingMessagesResponse = try await self.call(
            world, OutboxMethods.listPending, pending, token: world.ownOwnerToken)
        #expect(!outbox.messages.contains { $0.clientID == client.id }, "no activation mail")
        // Without a password, the owner is invited as before and the client waits.
        let invited = try await self.create(world, "Invited") { request in
            request.owner.firstName = "Ivy"
            request.owner.email = "ivy@form.example"
        }
        #expect(invited.status == .pending && invited.activationDeadlineMillis > 0)
    }

    @Test("a bad opening credit or a password for an existing account writes nothing")
    func refusedCreatesWriteNothing() async throws {
        let world = try await AccessWorld.make()
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.ownGroup
        request.fields.accountName = "Refused"
        request.openingCredit.amountMinor = -5
        let bad = try await self.failure(world, ClientsMethods.createClient, request, token: world.ownOwnerToken)
        #expect(bad.code == .invalidArgument && bad.message.hasPrefix("opening_credit.amount_minor"))
        request.openingCredit.amountMinor = 100
        request.owner.firstName = "Own"
        request.owner.email = "own@example.com"
        request.owner.password = "a password to take over"
        let taken = try await self.failure(world, ClientsMethods.createClient, request, token: world.ownOwnerToken)
        #expect(taken.code == .failedPrecondition)
        var list = Clientele_V1_ListClientsRequest()
        list.groupID = world.ownGroup
        let listed: Clientele_V1_ListClientsResponse = try await self.call(
            world, ClientsMethods.listClients, list, token: world.ownOwnerToken)
        #expect(listed.clients.isEmpty)
        _ = try await world.identity.login(
            groupID: world.ownGroup, email: "own@example.com", password: AccessWorld.password)
    }

    @Test("sub-clients read back: the parent on the child, the count on the parent, the filters")
    func subClients() async throws {
        let world = try await AccessWorld.make()
        let parent = try await self.create(world, "Parent")
        let child = try await self.create(world, "Child")
        _ = try await self.create(world, "Alone")
        var link = Clientele_V1_SetParentClientRequest()
        link.clientID = child.id
        link.parentClientID = parent.id
        let linked: Clientele_V1_Client = try await self.call(
            world, PeopleMethods.setParentClient, link, token: world.ownOwnerToken)
        #expect(linked.parentClientID == parent.id)
        var get = Clientele_V1_GetClientRequest()
        get.clientID = parent.id
        let reread: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.getClient, get, token: world.ownOwnerToken)
        #expect(reread.subClientCount == 1)
        var list = Clientele_V1_ListClientsRequest()
        list.groupID = world.ownGroup
        list.parentClientID = parent.id
        let subs: Clientele_V1_ListClientsResponse = try await self.call(
            world, ClientsMethods.listClients, list, token: world.ownOwnerToken)
        #expect(subs.clients.map(\.id) == [child.id])
        list.parentClientID = ""
        list.topLevelOnly = true
        let top: Clientele_V1_ListClientsResponse = try await self.call(
            world, ClientsMethods.listClients, list, token: world.ownOwnerToken)
        #expect(Set(top.clients.map(\.fields.accountName)) == ["Parent", "Alone"])
        link.parentClientID = ""
        let _: Clientele_V1_Client = try await self.call(
            world, PeopleMethods.setParentClient, link, token: world.ownOwnerToken)
        let after: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.getClient, get, token: world.ownOwnerToken)
        #expect(after.subClientCount == 0)
    }

    @Test("connection status: connected by default, set on create and update, filtered by")
    func connectionStatus() async throws {
        let world = try await AccessWorld.make()
        let plain = try await self.create(world, "Plain")
        #expect(plain.fields.connectionStatus == .connected)
        let cut = try await self.create(world, "Cut") { $0.fields.connectionStatus = .disconnected }
        #expect(cut.fields.connectionStatus == .disconnected)
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = plain.id
        update.updateMask.paths = ["connection_status"]
        update.fields.connectionStatus = .suspended
        let suspended: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.updateClient, update, token: world.ownOwnerToken)
        #expect(suspended.fields.connectionStatus == .suspended)
        var list = Clientele_V1_ListClientsRequest()
        list.groupID = world.ownGroup
        list.connectionStatus = .disconnected
        let listed: Clientele_V1_ListClientsResponse = try await self.call(
            world, ClientsMethods.listClients, list, token: world.ownOwnerToken)
        #expect(listed.clients.map(\.id) == [cut.id])
    }

    @Test("portal access off ends the member's session at once and refuses sign-in; on restores it")
    func portalAccess() async throws {
        let world = try await AccessWorld.make(principalCacheMillis: 60_000)
        let client = try await self.create(world, "Portal")
        let member = try await world.identity.createUser(
            groupID: world.ownGroup, email: "mo@portal.example", name: "Mo", password: AccessWorld.password,
            role: .manager, scope: .group(world.ownGroup), .test())
        // Only a member: the manager role made the account; take it away again.
        let role = try #require(
            try await world.identity.people(inGroup: world.ownGroup).first { $0.0.id == member.id }?.1.first)
        try await world.identity.revokeRole(role.id, .test())
        var add = Clientele_V1_AddMemberRequest()
        add.clientID = client.id
        add.firstName = "Mo"
        add.email = "mo@portal.example"
        add.role = .member
        add.portalAccess = true
        let _: Clientele_V1_Member = try await self.call(
            world, PeopleMethods.addMember, add, token: world.ownOwnerToken)
        let token = try await world.identity.login(
            groupID: world.ownGroup, email: "mo@portal.example", password: AccessWorld.password
        ).token
        var get = Clientele_V1_GetClientRequest()
        get.clientID = client.id
        let _: Clientele_V1_Client = try await self.call(world, ClientsMethods.getClient, get, token: token)

        var update = Clientele_V1_UpdateMemberRequest()
        update.clientID = client.id
        update.userID = member.id
        update.portalAccess = false
        update.updatePaths = ["portal_access"]
        let _: Clientele_V1_Member = try await self.call(
            world, PeopleMethods.updateMember, update, token: world.ownOwnerToken)
        #expect(try await self.failure(world, ClientsMethods.getClient, get, token: token).code == .unauthenticated)
        await #expect(throws: DomainError.self) {
            _ = try await world.identity.login(
                groupID: world.ownGroup, email: "mo@portal.example", password: AccessWorld.password)
        }
        do {
            _ = try await world.identity.login(
                groupID: world.ownGroup, email: "mo@portal.example", password: AccessWorld.password)
        } catch {
            #expect("\(error)".contains("portal access is turned off"))
        }

        update.portalAccess = true
        let _: Clientele_V1_Member = try await self.call(
            world, PeopleMethods.updateMember, update, token: world.ownOwnerToken)
        let again = try await world.identity.login(
            groupID: world.ownGroup, email: "mo@portal.example", password: AccessWorld.password
        ).token
        let _: Clientele_V1_Client = try await self.call(world, ClientsMethods.getClient, get, token: again)
    }
}
