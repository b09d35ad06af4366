import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleStore

/// `clientele.v1.People`: maps requests to `PeopleService` and declares what each method requires.
public struct PeopleRPCService: Sendable {
    let people: PeopleService
    let clients: ClientService
    let identity: IdentityService
    let clock: any Clock

    public init(people: PeopleService, clients: ClientService, identity: IdentityService, clock: any Clock) {
        self.people = people
        self.clients = clients
        self.identity = identity
        self.clock = clock
    }

    public func register(in router: inout SecuredRouter) {
        let (people, clients, identity, clock) = (self.people, self.clients, self.identity, self.clock)
        let replay: @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]? = { origin throws(DomainError) in
            try await people.replay(origin)
        }
        typealias P = PeopleConversions
        let client: @Sendable (ClientView) -> Clientele_V1_Client = ClientConversions.client
        let invitation: @Sendable (InvitationRecord) -> Clientele_V1_PortalInvitation = {
            P.invitation($0, now: clock.nowMillis())
        }

        // Members
        router.registerWrite(
            PeopleMethods.addMember,
            requires: .action(.memberManage) { request, _ in try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: P.member
        ) { (request: Clientele_V1_AddMemberRequest, _, write) throws(DomainError) in
            try await people.addMember(
                request.clientID, firstName: request.firstName, lastName: request.lastName, email: request.email,
                role: request.role.rawValue, portalAccess: request.portalAccess, write)
        }
        router.registerWrite(
            PeopleMethods.updateMember,
            requires: .action(.memberManage) { request, _ in try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: P.member, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_UpdateMemberRequest, _, write) throws(DomainError) in
            try await people.updateMember(
                request.clientID, userID: request.userID, role: request.role.rawValue,
                portalAccess: request.portalAccess, paths: request.updatePaths, write)
        }
        router.registerWrite(
            PeopleMethods.removeMember,
            requires: .action(.memberManage) { request, _ in try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: { (_: Bool) in Clientele_V1_RemoveMemberResponse() }, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_RemoveMemberRequest, _, write) throws(DomainError) in
            try await people.removeMember(request.clientID, userID: request.userID, write)
            return true
        }
        router.register(
            PeopleMethods.listMembers,
            requires: .action(.clientRead) { request, _ in try await ClientsService.target(clients, request.clientID) }
        ) { (request: Clientele_V1_ListMembersRequest, _, _) in
            var response = Clientele_V1_ListMembersResponse()
            response.members = try await ClientsService.run { try await people.members(request.clientID) }.map(P.member)
            return response
        }

        // Portal invitations
        router.registerWrite(
            PeopleMethods.invitePortalUser,
            requires: .action(.invitationManage) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: invitation
        ) { (request: Clientele_V1_InvitePortalUserRequest, _, write) throws(DomainError) in
            try await people.invite(
                request.clientID, userID: request.userID, method: request.method.rawValue,
                expiresInHours: request.expiresInHours, write)
        }
        router.registerWrite(
            PeopleMethods.resendInvitation,
            requires: .action(.invitationManage) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: invitation
        ) { (request: Clientele_V1_ResendInvitationRequest, _, write) throws(DomainError) in
            try await people.resend(request.clientID, invitationID: request.invitationID, write)
        }
        router.registerWrite(
            PeopleMethods.revokeInvitation,
            requires: .action(.invitationManage) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: invitation
        ) { (request: Clientele_V1_RevokeInvitationRequest, _, write) throws(DomainError) in
            try await people.revokeInvitation(request.clientID, invitationID: request.invitationID, write)
        }
        router.register(
            PeopleMethods.listInvitations,
            requires: .action(.invitationManage) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            }
        ) { (request: Clientele_V1_ListInvitationsRequest, _, _) in
            var response = Clientele_V1_ListInvitationsResponse()
            response.invitations = try await ClientsService.run {
                try await people.pendingInvitations(request.clientID)
            }
            .map(invitation)
            return response
        }

        // Ownership
        router.registerWrite(
            PeopleMethods.transferOwnership,
            requires: .action(.clientTransferOwnership) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: client, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_TransferOwnershipRequest, _, write) throws(DomainError) in
            if case .UNRECOGNIZED(let number) = request.formerOwner {
                throw .invalidArgument(field: "former_owner", reason: "has no choice numbered \(number)")
            }
            return try await people.transferOwnership(
                request.clientID, toUserID: request.toUserID, toEmail: request.toEmail, toName: request.toName,
                removeFormer: request.formerOwner == .remove, write)
        }

        // Staff access
        router.registerWrite(
            PeopleMethods.grantStaffAccess,
            requires: .action(.staffGrant) { request, _ in try await ClientsService.target(clients, request.clientID) },
            replay: replay, answer: P.staffGrant
        ) { (request: Clientele_V1_GrantStaffAccessRequest, _, write) throws(DomainError) in
            try await people.grantStaff(
                request.clientID, userID: request.userID, accountID: request.accountID,
                expiresAt: request.expiresAtMillis, write)
        }
        router.registerWrite(
            PeopleMethods.revokeStaffAccess,
            requires: .action(.staffGrant) { request, _ in try await ClientsService.target(clients, request.clientID) },
            replay: replay, answer: { (_: Bool) in Clientele_V1_RevokeStaffAccessResponse() },
            revokesAccess: { _ in true }
        ) { (request: Clientele_V1_RevokeStaffAccessRequest, _, write) throws(DomainError) in
            try await people.revokeStaff(request.clientID, grantID: request.grantID, write)
            return true
        }
        router.register(
            PeopleMethods.listAccess,
            requires: .action(.peopleList) { request, _ in try await ClientsService.target(clients, request.clientID) }
        ) { (request: Clientele_V1_ListAccessRequest, _, _) in
            var response = Clientele_V1_ListAccessResponse()
            response.entries = try await ClientsService.run { try await people.access(request.clientID) }
                .map(P.accessEntry)
            return response
        }

        // Linked accounts and sub-clients
        router.registerWrite(
            PeopleMethods.createAccount,
            requires: .action(.accountLink) { request, _ in
                if request.clientID.isEmpty {
                    return .anyOf(
                        [try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
                }
                return try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: P.account
        ) { (request: Clientele_V1_CreateAccountRequest, _, write) throws(DomainError) in
            try await people.createAccount(
                clientID: request.clientID, groupID: request.groupID, product: request.product, name: request.name,
                externalID: request.externalID, write)
        }
        router.registerWrite(
            PeopleMethods.linkAccount,
            requires: .action(.accountLink) { request, _ in try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: P.account
        ) { (request: Clientele_V1_LinkAccountRequest, _, write) throws(DomainError) in
            try await people.linkAccount(request.clientID, accountID: request.accountID, write)
        }
        router.registerWrite(
            PeopleMethods.unlinkAccount,
            requires: .action(.accountLink) { request, _ in try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: P.account
        ) { (request: Clientele_V1_UnlinkAccountRequest, _, write) throws(DomainError) in
            try await people.unlinkAccount(request.clientID, accountID: request.accountID, write)
        }
        router.register(
            PeopleMethods.listAccounts,
            requires: .action(.accountRead) { request, principal in
                if request.clientID.isEmpty {
                    return .anyOf(
                        [try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
                }
                var target = try await clients.resource(request.clientID)
                // Staff granted single accounts of this client may list those.
                let accounts = principal.grants.filter { $0.scope.kind == .account && $0.groupID == target.groupID }
                    .map { grant in
                        var resource = target
                        resource.accountID = grant.scope.id
                        return resource
                    }
                target.accountID = nil
                return .anyOf([target] + accounts, notFound: "client \(request.clientID)")
            }
        ) { (request: Clientele_V1_ListAccountsRequest, _, principal) in
            guard let principal else { throw RPCError(.unauthenticated, "missing credentials") }
            var response = Clientele_V1_ListAccountsResponse()
            let accounts = try await ClientsService.run {
                request.clientID.isEmpty
                    ? try await people.unlinkedAccounts(groupID: request.groupID)
                    : try await people.accounts(ofClient: request.clientID, inGroup: request.groupID, for: principal)
            }
            response.accounts = accounts.map(P.account)
            return response
        }
        router.registerWrite(
            PeopleMethods.setParentClient,
            requires: .action(.clientUpdate) { request, _ in try await ClientsService.target(clients, request.clientID)
            },
            replay: replay, answer: client
        ) { (request: Clientele_V1_SetParentClientRequest, _, write) throws(DomainError) in
            try await people.setParent(request.clientID, parentID: request.parentClientID, write)
        }

        // Sign in as
        router.register(
            PeopleMethods.signInAs,
            requires: .action(.clientImpersonate) { request, _ in
                try await ClientsService.target(clients, request.clientID)
            }
        ) { (request: Clientele_V1_SignInAsRequest, context, principal) in
            guard let principal else { throw RPCError(.unauthenticated, "missing credentials") }
            let origin = try WriteOrigin(PeopleMethods.signInAs, request, context, principal)
            let (token, session) = try await ClientsService.run {
                try await people.signInAs(request.clientID, by: principal, origin: origin)
            }
            var response = Clientele_V1_SignInAsResponse()
            response.token = token
            response.expiresAtMillis = session.expiresAt
            response.actingAsUserID = session.userID
            return response
        }
        router.register(
            PeopleMethods.listSignInAsSessions,
            requires: .action(.auditRead) { request, _ in try await ClientsService.target(clients, request.clientID) }
        ) { (request: Clientele_V1_ListSignInAsSessionsRequest, _, _) in
            var response = Clientele_V1_ListSignInAsSessionsResponse()
            response.sessions = try await ClientsService.run { try await people.signInAsSessions(request.clientID) }
                .map(P.session)
            return response
        }
    }
}
