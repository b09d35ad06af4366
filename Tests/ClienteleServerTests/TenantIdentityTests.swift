import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleTestSupport
import Foundation
import SwiftProtobuf
import Testing

/// The identity layer under attack, through the router, gate, authenticator and store:
/// tenant A naming tenant B's people, "sign in as" sessions reaching for identities, and
/// revocations that must hold on the very next call even with the principal cache on.
@Suite("Tenant-safe identity")
struct TenantIdentityTests: RPCCalling {

    func client(_ world: AccessWorld, token: String) async throws -> Clientele_V1_Client {
        var request = Clientele_V1_CreateClientRequest()
        request.groupID = world.ownGroup
        request.fields.accountName = "Acme \(UUID().uuidString.prefix(4))"
        return try await self.call(world, ClientsMethods.createClient, request, token: token)
    }

    func otherOwnerID(_ world: AccessWorld) async throws -> String {
        let people = try await world.identity.people(inGroup: world.otherGroup)
        return try #require(people.first { $0.1.contains { $0.role == Role.owner.rawValue } }?.0.id)
    }

    @Test("an email of another group makes a new account here; that group's owner keeps theirs")
    func emailOfAnotherGroup() async throws {
        let world = try await AccessWorld.make()
        let victim = try await self.otherOwnerID(world)
        var create = Clientele_V1_CreateUserRequest()
        create.groupID = world.ownGroup
        create.email = "other@example.com"
        create.name = "Not Otto"
        create.role = .member
        let made: Clientele_V1_User = try await self.call(
            world, AccessMethods.createUser, create, token: world.ownOwnerToken)
        #expect(made.id != victim)
        #expect(made.groupID == world.ownGroup)
        #expect(made.name == "Not Otto", "the answer holds only what the caller typed")
        // The victim still signs in to their own group with their own password, and nowhere else.
        var login = Clientele_V1_LoginRequest()
        login.groupID = world.otherGroup
        login.email = "other@example.com"
        login.password = AccessWorld.password
        let signedIn: Clientele_V1_LoginResponse = try await self.call(world, AccessMethods.login, login, token: nil)
        #expect(signedIn.user.id == victim)
        login.groupID = world.ownGroup
        let refused = try await self.answer(world, AccessMethods.login, login, token: nil, masking: "")
        #expect(refused == "UNAUTHENTICATED: wrong email or password")
    }

    @Test(
        "naming another group's user id answers exactly as naming an id that does not exist",
        arguments: ["UpdateUser", "SetUserDisabled", "AssignRole", "Explain", "GrantStaffAccess", "TransferOwnership"]
    )
    func foreignUserIDs(method: String) async throws {
        let world = try await AccessWorld.make()
        let victim = try await self.otherOwnerID(world)
        let client = try await self.client(world, token: world.ownOwnerToken)
        let random = "usr_\(UUID().uuidString.prefix(26).lowercased())"
        func request(naming id: String) -> (MethodDescriptor, any Message) {
            switch method {
            case "UpdateUser":
                var r = Clientele_V1_UpdateUserRequest()
                r.userID = id
                r.password = "a brand new password"
                return (AccessMethods.updateUser, r)
            case "SetUserDisabled":
                var r = Clientele_V1_SetUserDisabledRequest()
                r.userID = id
                r.groupID = world.ownGroup
                r.disabled = true
                return (AccessMethods.setUserDisabled, r)
            case "AssignRole":
                var r = Clientele_V1_AssignRoleRequest()
                r.userID = id
                r.role = .manager
                r.scope.groupID = world.ownGroup
                return (AccessMethods.assignRole, r)
            case "Explain":
                var r = Clientele_V1_ExplainRequest()
                r.userID = id
                r.action = "client.read"
                r.groupID = world.ownGroup
                return (AccessMethods.explain, r)
            case "GrantStaffAccess":
                var r = Clientele_V1_GrantStaffAccessRequest()
                r.clientID = client.id
                r.userID = id
                return (PeopleMethods.grantStaffAccess, r)
            default:
                var r = Clientele_V1_TransferOwnershipRequest()
                r.clientID = client.id
                r.toUserID = id
                return (PeopleMethods.transferOwnership, r)
            }
        }
        let (method, foreign) = request(naming: victim)
        let (_, unknown) = request(naming: random)
        let foreignAnswer = try await self.answer(world, method, foreign, token: world.ownOwnerToken, masking: victim)
        let unknownAnswer = try await self.answer(world, method, unknown, token: world.ownOwnerToken, masking: random)
        #expect(foreignAnswer == unknownAnswer)
        #expect(foreignAnswer.hasPrefix("NOT_FOUND"))
        // The victim is untouched: still enabled, still signed in, same password.
        var whoAmI = Clientele_V1_WhoAmIResponse()
        whoAmI = try await self.call(
            world, AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest(), token: world.otherOwnerToken)
        #expect(whoAmI.user.id == victim && !whoAmI.user.disabled)
        _ = try await world.identity.login(
            groupID: world.otherGroup, email: "other@example.com", password: AccessWorld.password)
    }

    @Test("signed in as a client, staff can change no identity, and the session ends with the grant behind it")
    func signInAsIsDerived() async throws {
        let world = try await AccessWorld.make(principalCacheMillis: 60_000)
        var create = Clientele_V1_CreateClientRequest()
        create.groupID = world.ownGroup
        create.fields.accountName = "Owned"
        create.owner.firstName = "Olive"
        create.owner.email = "olive@owned.example"
        let client: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.createClient, create, token: world.ownOwnerToken)
        let staff = try await world.identity.createUser(
            groupID: world.ownGroup, email: "sam@partner.example", name: "Sam", password: AccessWorld.password,
            role: .member, scope: .group(world.ownGroup), .test())
        var grant = Clientele_V1_GrantStaffAccessRequest()
        grant.clientID = client.id
        grant.userID = staff.id
        let granted: Clientele_V1_StaffGrant = try await self.call(
            world, PeopleMethods.grantStaffAccess, grant, token: world.ownOwnerToken)
        let staffToken = try await world.identity.login(
            groupID: world.ownGroup, email: "sam@partner.example", password: AccessWorld.password
        ).token
        var signIn = Clientele_V1_SignInAsRequest()
        signIn.clientID = client.id
        let session: Clientele_V1_SignInAsResponse = try await self.call(
            world, PeopleMethods.signInAs, signIn, token: staffToken)
        var get = Clientele_V1_GetClientRequest()
        get.clientID = client.id
        let seen: Clientele_V1_Client = try await self.call(world, ClientsMethods.getClient, get, token: session.token)
        #expect(seen.id == client.id)

        // The impersonated owner's own id is not "myself" for UpdateUser; adding oneself as a member is refused.
        var update = Clientele_V1_UpdateUserRequest()
        update.userID = session.actingAsUserID
        update.password = "taken over password"
        #expect(
            try await self.answer(world, AccessMethods.updateUser, update, token: session.token, masking: "")
                == "PERMISSION_DENIED: user.update is not allowed while signed in as a client")
        var add = Clientele_V1_AddMemberRequest()
        add.clientID = client.id
        add.firstName = "Sam"
        add.email = "sam@partner.example"
        add.role = .admin
        #expect(
            try await self.answer(world, PeopleMethods.addMember, add, token: session.token, masking: "")
                .hasPrefix("PERMISSION_DENIED"))

        var revoke = Clientele_V1_RevokeStaffAccessRequest()
        revoke.clientID = client.id
        revoke.grantID = granted.id
        let _: Clientele_V1_RevokeStaffAccessResponse = try await self.call(
            world, PeopleMethods.revokeStaffAccess, revoke, token: world.ownOwnerToken)
        #expect(
            try await self.answer(world, ClientsMethods.getClient, get, token: session.token, masking: "")
                == "UNAUTHENTICATED: invalid, expired or revoked credentials")
    }

    @Test(
        "a manager's sign-in-as session ends at once when the role goes, or the client gets another manager or owner",
        arguments: ["role revoked", "unassigned", "transferred"]
    )
    func managerSignInAsEnds(change: String) async throws {
        let world = try await AccessWorld.make(principalCacheMillis: 60_000)
        for email in ["max@acme.example", "mo@acme.example"] {
            _ = try await world.identity.createUser(
                groupID: world.ownGroup, email: email, name: "Manager", password: AccessWorld.password,
                role: .manager, scope: .group(world.ownGroup), .test())
        }
        let managerToken = try await world.identity.login(
            groupID: world.ownGroup, email: "max@acme.example", password: AccessWorld.password
        ).token
        var create = Clientele_V1_CreateClientRequest()
        create.groupID = world.ownGroup
        create.fields.accountName = "Managed"
        create.owner.firstName = "Olive"
        create.owner.email = "olive@managed.example"
        let client: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.createClient, create, token: managerToken)
        var signIn = Clientele_V1_SignInAsRequest()
        signIn.clientID = client.id
        let session: Clientele_V1_SignInAsResponse = try await self.call(
            world, PeopleMethods.signInAs, signIn, token: managerToken)
        var get = Clientele_V1_GetClientRequest()
        get.clientID = client.id
        let _: Clientele_V1_Client = try await self.call(world, ClientsMethods.getClient, get, token: session.token)
        let people = try await world.identity.people(inGroup: world.ownGroup)
        switch change {
        case "role revoked":
            let role = try #require(people.first { $0.0.email == "max@acme.example" }?.1.first)
            var revoke = Clientele_V1_RevokeRoleRequest()
            revoke.assignmentID = role.id
            let _: Clientele_V1_RevokeRoleResponse = try await self.call(
                world, AccessMethods.revokeRole, revoke, token: world.ownOwnerToken)
        case "unassigned":
            let other = try #require(people.first { $0.0.email == "mo@acme.example" })
            var update = Clientele_V1_UpdateClientRequest()
            update.clientID = client.id
            update.updateMask.paths = ["manager_user_id"]
            update.fields.managerUserID = other.0.id
            let _: Clientele_V1_Client = try await self.call(
                world, ClientsMethods.updateClient, update, token: world.ownOwnerToken)
        default:
            var transfer = Clientele_V1_TransferOwnershipRequest()
            transfer.clientID = client.id
            transfer.toEmail = "new-owner@managed.example"
            transfer.formerOwner = .remove
            let _: Clientele_V1_Client = try await self.call(
                world, PeopleMethods.transferOwnership, transfer, token: world.ownOwnerToken)
        }
        #expect(
            try await self.answer(world, ClientsMethods.getClient, get, token: session.token, masking: "")
                == "UNAUTHENTICATED: invalid, expired or revoked credentials")
    }

    @Test("a client update keeps the cached principals unless it names the manager")
    func clientUpdateClearsCacheOnlyForManager() async throws {
        let world = try await AccessWorld.make(principalCacheMillis: 60_000)
        let (user, token) = try await world.user(.manager, scope: .group(world.ownGroup), in: world.ownGroup)
        let whoAmI = Clientele_V1_WhoAmIRequest()
        let _: Clientele_V1_WhoAmIResponse = try await self.call(world, AccessMethods.whoAmI, whoAmI, token: token)
        // Ended behind the authenticator's back: only a cleared cache makes the next call see it.
        try await world.database.write { try $0.sessions.revokeAll(userID: user, at: 1) }
        let client = try await self.client(world, token: world.ownOwnerToken)
        var update = Clientele_V1_UpdateClientRequest()
        update.clientID = client.id
        update.updateMask.paths = ["account_name", "phone"]
        update.fields.accountName = "Renamed"
        let _: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.updateClient, update, token: world.ownOwnerToken)
        let _: Clientele_V1_WhoAmIResponse = try await self.call(world, AccessMethods.whoAmI, whoAmI, token: token)
        update.updateMask.paths = ["manager_user_id"]
        update.fields.managerUserID = user
        let _: Clientele_V1_Client = try await self.call(
            world, ClientsMethods.updateClient, update, token: world.ownOwnerToken)
        #expect(
            try await self.answer(world, AccessMethods.whoAmI, whoAmI, token: token, masking: "")
                == "UNAUTHENTICATED: invalid, expired or revoked credentials")
    }

    @Test("disabling a user ends their live session on the very next call, cache or not")
    func disableIsImmediate() async throws {
        let world = try await AccessWorld.make(principalCacheMillis: 60_000)
        let (user, token) = try await world.user(.manager, scope: .group(world.ownGroup), in: world.ownGroup)
        let _: Clientele_V1_WhoAmIResponse = try await self.call(
            world, AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest(), token: token)
        var disable = Clientele_V1_SetUserDisabledRequest()
        disable.userID = user
        disable.groupID = world.ownGroup
        disable.disabled = true
        let _: Clientele_V1_User = try await self.call(
            world, AccessMethods.setUserDisabled, disable, token: world.ownOwnerToken)
        #expect(
            try await self.answer(world, AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest(), token: token, masking: "")
                == "UNAUTHENTICATED: invalid, expired or revoked credentials")
    }

    @Test("a password-less account of another group cannot be claimed through this group's invitations")
    func passwordlessAccountOfAnotherGroup() async throws {
        let world = try await AccessWorld.make()
        // Tenant B has a member without a password yet.
        let victim = try await world.identity.createUser(
            groupID: world.otherGroup, email: "mia@shared.example", name: "Mia", password: nil, role: .member,
            scope: .group(world.otherGroup), .test())
        // Tenant A adds that email to its own client and sends a temporary password to its own outbox.
        let client = try await self.client(world, token: world.ownOwnerToken)
        var add = Clientele_V1_AddMemberRequest()
        add.clientID = client.id
        add.firstName = "Mia"
        add.email = "mia@shared.example"
        add.role = .member
        add.portalAccess = true
        let member: Clientele_V1_Member = try await self.call(
            world, PeopleMethods.addMember, add, token: world.ownOwnerToken)
        #expect(member.userID != victim.id)
        var invite = Clientele_V1_InvitePortalUserRequest()
        invite.clientID = client.id
        invite.userID = member.userID
        invite.method = .temporaryPassword
        let _: Clientele_V1_PortalInvitation = try await self.call(
            world, PeopleMethods.invitePortalUser, invite, token: world.ownOwnerToken)
        var pending = Clientele_V1_ListPendingMessagesRequest()
        pending.groupID = world.ownGroup
        let outbox: Clientele_V1_ListPendingMessagesResponse = try await self.call(
            world, OutboxMethods.listPending, pending, token: world.ownOwnerToken)
        let temporary = try #require(outbox.messages.compactMap { $0.data["temporary_password"] }.last)
        // With it, A signs in to A's own account only: B's account still has no password.
        var change = Clientele_V1_ChangePasswordRequest()
        change.groupID = world.otherGroup
        change.email = "mia@shared.example"
        change.currentPassword = temporary
        change.newPassword = "attacker chosen password"
        #expect(
            try await self.answer(world, AccessMethods.changePassword, change, token: nil, masking: "")
                == "UNAUTHENTICATED: wrong email or password")
        change.groupID = world.ownGroup
        let signedIn: Clientele_V1_LoginResponse = try await self.call(
            world, AccessMethods.changePassword, change, token: nil)
        #expect(signedIn.user.id == member.userID)
        let stored = try #require(try await world.database.read { try $0.users.fetch(id: victim.id) })
        #expect(stored.passwordHash == nil && stored.groupID == world.otherGroup)
    }
}
