import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleTestSupport
import Foundation
import SwiftProtobuf
import Testing

/// The People RPCs end to end through the router, gate, authenticator and store.
@Suite("People RPCs")
struct PeopleRPCTests: RPCCalling {

    func client(_ world: AccessWorld, contactEmail: String? = "pat@acme.io") async throws -> Clientele_V1_Client {
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.ownGroup
        request.fields.accountName = "Acme"
        var contact = Clientele_V1_NewContact()
        contact.firstName = "Pat"
        contact.email = contactEmail ?? ""
        request.contacts = [contact]
        return try await self.call(world, ClientsMethods.createClient, request, token: world.ownOwnerToken)
    }

    func pendingMessages(_ world: AccessWorld) async throws -> [Clientele_V1_OutboxMessage] {
        var request = Clientele_V1_ListPendingMessagesRequest()
        request.groupID = world.ownGroup
        let response: Clientele_V1_ListPendingMessagesResponse = try await self.call(
            world, OutboxMethods.listPending, request, token: world.ownOwnerToken)
        return response.messages
    }

    @Test("inviting without an email is refused; a temporary password must be changed; a resend voids the old one")
    func temporaryPassword() async throws {
        let world = try await AccessWorld.make()
        let noEmail = try await self.client(world, contactEmail: nil)
        var invite = Clientele_V1_InvitePortalUserRequest()
        invite.clientID = noEmail.id
        invite.method = .temporaryPassword
        let refused = try await self.failure(world, PeopleMethods.invitePortalUser, invite, token: world.ownOwnerToken)
        #expect(refused.code == .failedPrecondition)
        #expect(refused.message.contains("has no email"))

        let client = try await self.client(world)
        invite.clientID = client.id
        let first: Clientele_V1_PortalInvitation = try await self.call(
            world, PeopleMethods.invitePortalUser, invite, token: world.ownOwnerToken)
        #expect(first.state == "pending" && first.email == "pat@acme.io")
        let oldPassword = try #require(try await self.pendingMessages(world).last?.data["temporary_password"])
        var resend = Clientele_V1_ResendInvitationRequest()
        resend.clientID = client.id
        resend.invitationID = first.id
        let second: Clientele_V1_PortalInvitation = try await self.call(
            world, PeopleMethods.resendInvitation, resend, token: world.ownOwnerToken)
        #expect(second.id != first.id)
        let newPassword = try #require(try await self.pendingMessages(world).last?.data["temporary_password"])
        #expect(newPassword != oldPassword)

        var login = Clientele_V1_LoginRequest()
        login.groupID = world.ownGroup
        login.email = "pat@acme.io"
        login.password = newPassword
        let mustChange = try await self.failure(world, AccessMethods.login, login, token: nil)
        #expect(mustChange.code == .failedPrecondition)
        var change = Clientele_V1_ChangePasswordRequest()
        change.groupID = world.ownGroup
        change.email = "pat@acme.io"
        change.currentPassword = oldPassword
        change.newPassword = "my own long password"
        #expect(
            try await self.failure(world, AccessMethods.changePassword, change, token: nil).code == .unauthenticated)
        change.currentPassword = newPassword
        let session: Clientele_V1_LoginResponse = try await self.call(
            world, AccessMethods.changePassword, change, token: nil)
        var get = Clientele_V1_GetClientRequest()
        get.clientID = client.id
        let read: Clientele_V1_Client = try await self.call(world, ClientsMethods.getClient, get, token: session.token)
        #expect(read.id == client.id)
        var list = Clientele_V1_ListInvitationsRequest()
        list.clientID = client.id
        let pending: Clientele_V1_ListInvitationsResponse = try await self.call(
            world, PeopleMethods.listInvitations, list, token: world.ownOwnerToken)
        #expect(pending.invitations.isEmpty)
    }

    @Test("an invitation link expires")
    func linkExpiry() async throws {
        let world = try await AccessWorld.make()
        let client = try await self.client(world)
        var invite = Clientele_V1_InvitePortalUserRequest()
        invite.clientID = client.id
        invite.method = .link
        invite.expiresInHours = 1
        _ = try await self.call(
            world, PeopleMethods.invitePortalUser, invite, token: world.ownOwnerToken,
            as: Clientele_V1_PortalInvitation.self)
        let token = try #require(try await self.pendingMessages(world).last?.data["invitation_token"])
        // Age the invitation in the store: an hour has passed.
        try await world.database.write { store in
            for var invitation in try store.invitations.forClient(client.id) {
                invitation.expiresAt = 1
                invitation.id += "-aged"
                invitation.tokenHash = SecretToken.hash(token + "-aged")
                try store.invitations.insert(invitation)
            }
        }
        var accept = Clientele_V1_AcceptInvitationRequest()
        accept.token = token + "-aged"
        accept.password = AccessWorld.password
        #expect(
            try await self.failure(world, AccessMethods.acceptInvitation, accept, token: nil).code
                == .failedPrecondition)
        accept.token = token
        _ = try await self.call(
            world, AccessMethods.acceptInvitation, accept, token: nil, as: Clientele_V1_LoginResponse.self)
    }

    @Test("a transfer keeps accounts in place and the former owner as an admin member")
    func transfer() async throws {
        let world = try await AccessWorld.make()
        let client = try await self.client(world)
        var account = Clientele_V1_CreateAccountRequest()
        account.clientID = client.id
        account.product = "voip"
        account.name = "Main line"
        let created: Clientele_V1_Account = try await self.call(
            world, PeopleMethods.createAccount, account, token: world.ownOwnerToken)
        var transfer = Clientele_V1_TransferOwnershipRequest()
        transfer.clientID = client.id
        transfer.toEmail = "first@acme.io"
        let first: Clientele_V1_Client = try await self.call(
            world, PeopleMethods.transferOwnership, transfer, token: world.ownOwnerToken)
        transfer.toEmail = "second@acme.io"
        let second: Clientele_V1_Client = try await self.call(
            world, PeopleMethods.transferOwnership, transfer, token: world.ownOwnerToken)
        #expect(second.ownerUserID != first.ownerUserID)
        var members = Clientele_V1_ListMembersRequest()
        members.clientID = client.id
        let listed: Clientele_V1_ListMembersResponse = try await self.call(
            world, PeopleMethods.listMembers, members, token: world.ownOwnerToken)
        #expect(listed.members.map(\.userID) == [first.ownerUserID])
        #expect(listed.members.first?.role == .admin)
        var accounts = Clientele_V1_ListAccountsRequest()
        accounts.clientID = client.id
        let held: Clientele_V1_ListAccountsResponse = try await self.call(
            world, PeopleMethods.listAccounts, accounts, token: world.ownOwnerToken)
        #expect(held.accounts.map(\.id) == [created.id])
        // A group named besides the client must be the client's, and a well-formed id.
        accounts.groupID = world.ownGroup
        let inGroup: Clientele_V1_ListAccountsResponse = try await self.call(
            world, PeopleMethods.listAccounts, accounts, token: world.ownOwnerToken)
        #expect(inGroup.accounts.map(\.id) == [created.id])
        accounts.groupID = world.otherGroup
        let elsewhere = try await self.failure(world, PeopleMethods.listAccounts, accounts, token: world.ownOwnerToken)
        #expect(elsewhere.code == .notFound)
        accounts.groupID = String(repeating: "g", count: 65)
        let oversized = try await self.failure(world, PeopleMethods.listAccounts, accounts, token: world.ownOwnerToken)
        #expect(oversized.code == .invalidArgument)
        #expect(oversized.message.contains("group_id"))
    }

    @Test("staff granted one account see that account only; an expired grant shows nothing")
    func staffAccountGrant() async throws {
        let world = try await AccessWorld.make()
        let client = try await self.client(world)
        var accountIDs: [String] = []
        for name in ["Line A", "Line B"] {
            var account = Clientele_V1_CreateAccountRequest()
            account.clientID = client.id
            account.product = "voip"
            account.name = name
            let created: Clientele_V1_Account = try await self.call(
                world, PeopleMethods.createAccount, account, token: world.ownOwnerToken)
            accountIDs.append(created.id)
        }
        let (staffID, staffToken) = try await world.user(
            .partnerStaff, scope: .group(world.ownGroup), in: world.ownGroup)
        var grant = Clientele_V1_GrantStaffAccessRequest()
        grant.clientID = client.id
        grant.userID = staffID
        grant.accountID = accountIDs[0]
        _ = try await self.call(
            world, PeopleMethods.grantStaffAccess, grant, token: world.ownOwnerToken, as: Clientele_V1_StaffGrant.self)
        var accounts = Clientele_V1_ListAccountsRequest()
        accounts.clientID = client.id
        let seen: Clientele_V1_ListAccountsResponse = try await self.call(
            world, PeopleMethods.listAccounts, accounts, token: staffToken)
        #expect(seen.accounts.map(\.id) == [accountIDs[0]])
        var get = Clientele_V1_GetClientRequest()
        get.clientID = client.id
        #expect(try await self.failure(world, ClientsMethods.getClient, get, token: staffToken).code == .notFound)
        // The staff panel lists the grant.
        var panel = Clientele_V1_ListAccessRequest()
        panel.clientID = client.id
        let access: Clientele_V1_ListAccessResponse = try await self.call(
            world, PeopleMethods.listAccess, panel, token: world.ownOwnerToken)
        #expect(access.entries.contains { $0.userID == staffID && $0.through == "account:\(accountIDs[0])" })
        // A whole-client grant that has expired gives nothing.
        try await world.database.write { store in
            for grant in try store.staffGrants.forClient(client.id) { try store.staffGrants.delete(id: grant.id) }
            try store.staffGrants.insert(
                StaffGrantRecordFixture.expired(group: world.ownGroup, client: client.id, user: staffID))
            try store.roles.insert(
                RoleAssignmentRecordFixture.expiredStaff(group: world.ownGroup, client: client.id, user: staffID))
        }
        let afterExpiry = await world.call(PeopleMethods.listAccounts, try accounts.serializedData(), token: staffToken)
        #expect(AccessRPCMatrixTests.code(afterExpiry) == .notFound)
        #expect(try await self.failure(world, ClientsMethods.getClient, get, token: staffToken).code == .notFound)
    }

    @Test("a lapsed staff grant gives way to a new one, a live one is a duplicate, and the audit keeps both")
    func regrantAfterExpiry() async throws {
        let world = try await AccessWorld.make()
        let client = try await self.client(world)
        let staff = try await world.identity.createUser(
            groupID: world.ownGroup, email: "sam@partner.io", name: "Sam", password: nil, role: .member,
            scope: .group(world.ownGroup), .test())
        var grant = Clientele_V1_GrantStaffAccessRequest()
        grant.clientID = client.id
        grant.userID = staff.id
        grant.expiresAtMillis = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
        let first: Clientele_V1_StaffGrant = try await self.call(
            world, PeopleMethods.grantStaffAccess, grant, token: world.ownOwnerToken)
        grant.expiresAtMillis = 0
        #expect(
            try await self.failure(world, PeopleMethods.grantStaffAccess, grant, token: world.ownOwnerToken).code
                == .alreadyExists)
        // The first grant lapses (moved into the past in the store: no waiting on the clock).
        try await world.database.write { store in
            var record = try #require(try store.staffGrants.fetch(id: first.id))
            var role = try #require(try store.roles.fetch(id: first.id))
            record.expiresAt = 1
            role.expiresAt = 1
            _ = try store.staffGrants.delete(id: first.id)
            _ = try store.roles.delete(id: first.id)
            try store.staffGrants.insert(record)
            try store.roles.insert(role)
        }
        let second: Clientele_V1_StaffGrant = try await self.call(
            world, PeopleMethods.grantStaffAccess, grant, token: world.ownOwnerToken)
        #expect(second.id != first.id)
        var audit = Clientele_V1_ListAuditRequest()
        audit.groupID = world.ownGroup
        let entries: Clientele_V1_ListAuditResponse = try await self.call(
            world, AuditMethods.list, audit, token: world.ownOwnerToken)
        let resources = Set(entries.entries.map(\.resource))
        #expect(resources.contains("staff_grant:\(first.id)") && resources.contains("staff_grant:\(second.id)"))
    }

    @Test("a cycle of sub-clients is refused")
    func subClientCycle() async throws {
        let world = try await AccessWorld.make()
        let a = try await self.client(world)
        let b = try await self.client(world)
        let c = try await self.client(world)
        var link = Clientele_V1_SetParentClientRequest()
        link.clientID = b.id
        link.parentClientID = a.id
        _ = try await self.call(
            world, PeopleMethods.setParentClient, link, token: world.ownOwnerToken, as: Clientele_V1_Client.self)
        link.clientID = c.id
        link.parentClientID = b.id
        _ = try await self.call(
            world, PeopleMethods.setParentClient, link, token: world.ownOwnerToken, as: Clientele_V1_Client.self)
        link.clientID = a.id
        link.parentClientID = c.id
        let cycle = try await self.failure(world, PeopleMethods.setParentClient, link, token: world.ownOwnerToken)
        #expect(cycle.code == .failedPrecondition)
        #expect(
            cycle.message == "linking \(a.id) under \(c.id) would make a cycle: \(a.id) → \(c.id) → \(b.id) → \(a.id)")
    }

    @Test(
        "signed in as a client: acts as its owner there, is refused withdrawals and closing, and every call is audited")
    func signInAs() async throws {
        let world = try await AccessWorld.make()
        let client = try await self.client(world)
        var transfer = Clientele_V1_TransferOwnershipRequest()
        transfer.clientID = client.id
        transfer.toEmail = "owner@acme.io"
        _ = try await self.call(
            world, PeopleMethods.transferOwnership, transfer, token: world.ownOwnerToken, as: Clientele_V1_Client.self)
        var signIn = Clientele_V1_SignInAsRequest()
        signIn.clientID = client.id
        let session: Clientele_V1_SignInAsResponse = try await self.call(
            world, PeopleMethods.signInAs, signIn, token: world.ownOwnerToken)
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = client.id
        update.fields.companyName = "Changed inside"
        update.updateMask.paths = ["company_name"]
        _ = try await self.call(
            world, ClientsMethods.updateClient, update, token: session.token, as: Clientele_V1_Client.self)
        var close = Clientele_V1_CloseClientRequest()
        close.clientID = client.id
        let refused = try await self.failure(world, ClientsMethods.closeClient, close, token: session.token)
        #expect(refused.code == .permissionDenied)
        #expect(refused.message.contains("signed in as a client"))
        var withdraw = Clientele_V1_WithdrawRequest()
        withdraw.clientID = client.id
        withdraw.amountMinor = 1
        #expect(
            try await self.failure(world, BillingMethods.withdraw, withdraw, token: session.token).code
                == .permissionDenied)
        // Another client of the group is out of reach.
        let other = try await self.client(world)
        var get = Clientele_V1_GetClientRequest()
        get.clientID = other.id
        #expect(try await self.failure(world, ClientsMethods.getClient, get, token: session.token).code == .notFound)
        // The audit trail shows both identities.
        var audit = Clientele_V1_ListAuditRequest()
        audit.groupID = world.ownGroup
        audit.clientID = client.id
        let trail: Clientele_V1_ListAuditResponse = try await self.call(
            world, AuditMethods.list, audit, token: world.ownOwnerToken)
        let update_ = trail.entries.filter { $0.action == ClientsMethods.updateClient.fullName }
        #expect(!update_.isEmpty)
        #expect(update_.allSatisfy { $0.actor == world.ownOwner && $0.onBehalfOf == session.actingAsUserID })
        #expect(
            trail.entries.contains { $0.action == ClientsMethods.closeClient.fullName && $0.actor == world.ownOwner })
        var sessions = Clientele_V1_ListSignInAsSessionsRequest()
        sessions.clientID = client.id
        let opened: Clientele_V1_ListSignInAsSessionsResponse = try await self.call(
            world, PeopleMethods.listSignInAsSessions, sessions, token: world.ownOwnerToken)
        #expect(opened.sessions.map(\.actorUserID) == [world.ownOwner])
        // Its answer is a token, which a stored answer would keep: an idempotency key is refused, and nothing opened.
        let keyed = await world.call(
            PeopleMethods.signInAs, try signIn.serializedData(), token: world.ownOwnerToken,
            metadata: [("idempotency-key", "sign-in-1")])
        guard case .failure(let refusal) = keyed else {
            Issue.record("SignInAs took an idempotency key")
            return
        }
        #expect(refusal.code == .invalidArgument && refusal.message.hasPrefix("idempotency-key: "))
        let after: Clientele_V1_ListSignInAsSessionsResponse = try await self.call(
            world, PeopleMethods.listSignInAsSessions, sessions, token: world.ownOwnerToken)
        #expect(after.sessions.count == 1)
    }
}
