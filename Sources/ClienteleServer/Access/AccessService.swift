import ClienteleAPI
import ClienteleAccess
public import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleStore

/// `clientele.v1.Access`: maps requests to `IdentityService` and declares what each method requires.
public struct AccessService: Sendable {
    let identity: IdentityService
    let authenticator: Authenticator

    public init(identity: IdentityService, authenticator: Authenticator) {
        self.identity = identity
        self.authenticator = authenticator
    }

    public func register(in router: inout SecuredRouter) {
        let identity = self.identity
        let authenticator = self.authenticator
        typealias C = AccessConversions

        let replay: @Sendable (WriteOrigin) async throws(DomainError) -> [UInt8]? = identity.replay
        router.registerWrite(
            AccessMethods.bootstrapGroup, requires: .localOperator, replay: replay,
            answer: { (group: GroupRecord, owner: UserRecord) in
                var response = Clientele_V1_BootstrapGroupResponse()
                response.group = C.group(group)
                response.owner = C.user(owner)
                return response
            }
        ) { (request: Clientele_V1_BootstrapGroupRequest, _, write) throws(DomainError) in
            try await identity.bootstrapGroup(
                name: request.groupName, ownerEmail: request.ownerEmail, ownerName: request.ownerName,
                ownerPassword: request.ownerPassword, write
            )
        }

        self.registerInvitations(in: &router)

        router.register(AccessMethods.login, requires: .open) { (request: Clientele_V1_LoginRequest, _, principal) in
            let (token, session, user) = try await Self.run {
                try await identity.login(groupID: request.groupID, email: request.email, password: request.password)
            }
            var response = Clientele_V1_LoginResponse()
            response.token = token
            response.expiresAtMillis = session.expiresAt
            response.user = C.user(user)
            return response
        }

        router.register(AccessMethods.logout, requires: .authenticated) {
            (_: Clientele_V1_LogoutRequest, context, principal) in
            guard let header = context.metadata["authorization"], let token = Authenticator.bearerToken(header),
                SecretToken.kind(of: token) == .session
            else {
                throw RPCError(.failedPrecondition, "only a session signs out; API keys are revoked with RevokeAPIKey")
            }
            try await Self.run { try await identity.logout(token: token) }
            authenticator.forget(token: token)
            return Clientele_V1_LogoutResponse()
        }

        router.register(AccessMethods.whoAmI, requires: .authenticated) {
            (_: Clientele_V1_WhoAmIRequest, context, principal) in
            let principal = try Self.principal(principal)
            var response = Clientele_V1_WhoAmIResponse()
            response.peerUid = context.peer.uid
            switch principal.kind {
            case .localOperator:
                response.kind = .localOperator
            case .user(let id):
                response.kind = .user
                response.user = C.user(try await Self.run { try await identity.user(id) })
            case .apiKey(let id, _):
                response.kind = .apiKey
                response.apiKeyID = id
            }
            response.grants = principal.grants.map { C.grant($0, userID: principal.userID ?? "") }
            let groupIDs = Set(principal.grants.map(\.groupID))
            response.groups = try await Self.run { try await identity.groups(groupIDs) }.map(C.group)
            return response
        }

        router.registerWrite(
            AccessMethods.createUser,
            requires: .action(.userCreate) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            },
            replay: replay, answer: C.user
        ) { (request: Clientele_V1_CreateUserRequest, _, write) throws(DomainError) in
            try await identity.createUser(
                groupID: request.groupID,
                email: request.email,
                name: request.name,
                password: request.password.isEmpty ? nil : request.password,
                role: try C.role(request.role, field: "role"),
                scope: C.scope(request.hasScope ? request.scope : nil, defaultGroup: request.groupID),
                write
            )
        }

        router.registerWrite(
            AccessMethods.updateUser,
            requires: .action(.userUpdate) { request, principal in
                // Acting on oneself holds only for one's own session: under "sign in as" the
                // principal's user is the impersonated one (the gate refuses those first).
                if request.userID == principal.userID && principal.impersonator == nil { return .caller }
                let group = try await identity.accountGroup(request.userID)
                return .anyOf([.group(group)], notFound: "user \(request.userID)")
            },
            replay: replay, answer: C.user, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_UpdateUserRequest, _, write) throws(DomainError) in
            try await identity.updateUser(
                request.userID,
                name: request.name.isEmpty ? nil : request.name,
                password: request.password.isEmpty ? nil : request.password,
                write
            )
        }

        router.registerWrite(
            AccessMethods.setUserDisabled,
            requires: .action(.userDisable) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            },
            replay: replay, answer: C.user, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_SetUserDisabledRequest, principal, write) throws(DomainError) in
            guard request.userID != principal.userID else {
                throw DomainError.failedPrecondition("you cannot disable yourself")
            }
            return try await identity.setDisabled(
                request.userID, disabled: request.disabled, groupID: request.groupID, write)
        }

        router.registerWrite(
            AccessMethods.assignRole,
            requires: .action(.roleAssign) { request, _ in
                guard request.hasScope else { throw DomainError.invalidArgument(field: "scope", reason: "is required") }
                let group = try await identity.scopeGroup(C.scope(request.scope, defaultGroup: ""))
                return .anyOf([.group(group)], notFound: Self.scopeName(request.scope))
            },
            replay: replay, answer: C.assignment
        ) { (request: Clientele_V1_AssignRoleRequest, _, write) throws(DomainError) in
            let scope = C.scope(request.scope, defaultGroup: "")
            return try await identity.assignRole(
                userID: request.userID,
                role: try C.role(request.role, field: "role"),
                scope: scope,
                groupID: try await identity.scopeGroup(scope),
                expiresAt: request.expiresAtMillis == 0 ? nil : request.expiresAtMillis,
                write
            )
        }

        router.registerWrite(
            AccessMethods.revokeRole,
            requires: .action(.roleRevoke) { request, _ in
                .anyOf(
                    [.group(try await identity.assignment(request.assignmentID).groupID)],
                    notFound: "role assignment \(request.assignmentID)"
                )
            },
            replay: replay, answer: { Clientele_V1_RevokeRoleResponse() }, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_RevokeRoleRequest, _, write) throws(DomainError) in
            try await identity.revokeRole(request.assignmentID, write)
        }

        router.register(
            AccessMethods.listPeople,
            requires: .action(.peopleList) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_ListPeopleRequest, _, principal) in
            let people = try await Self.run { try await identity.people(inGroup: request.groupID) }
            var response = Clientele_V1_ListPeopleResponse()
            response.people = people.map { user, roles in
                var person = Clientele_V1_Person()
                person.user = C.user(user)
                person.roles = roles.map(C.assignment)
                return person
            }
            return response
        }

        router.register(
            AccessMethods.issueAPIKey,
            requires: .action(.apiKeyIssue) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_IssueAPIKeyRequest, context, principal) in
            let origin = try WriteOrigin(AccessMethods.issueAPIKey, request, context, try Self.principal(principal))
            let (key, secret) = try await Self.run {
                try await identity.issueAPIKey(
                    groupID: request.groupID,
                    name: request.name,
                    role: try C.role(request.role, field: "role"),
                    scope: C.scope(request.hasScope ? request.scope : nil, defaultGroup: request.groupID),
                    origin: origin
                )
            }
            var response = Clientele_V1_IssueAPIKeyResponse()
            response.key = C.apiKey(key)
            response.secret = secret
            return response
        }

        router.register(
            AccessMethods.listAPIKeys,
            requires: .action(.apiKeyList) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_ListAPIKeysRequest, _, principal) in
            var response = Clientele_V1_ListAPIKeysResponse()
            response.keys = try await Self.run { try await identity.apiKeys(inGroup: request.groupID) }.map(C.apiKey)
            return response
        }

        router.registerWrite(
            AccessMethods.revokeAPIKey,
            requires: .action(.apiKeyRevoke) { request, _ in
                .anyOf([.group(try await identity.apiKey(request.keyID).groupID)], notFound: "API key \(request.keyID)")
            },
            replay: replay, answer: { Clientele_V1_RevokeAPIKeyResponse() }, revokesAccess: { _ in true }
        ) { (request: Clientele_V1_RevokeAPIKeyRequest, _, write) throws(DomainError) in
            try await identity.revokeAPIKey(request.keyID, write)
        }

        router.register(
            AccessMethods.explain,
            requires: .action(.accessExplain) { request, _ in
                .anyOf([try await identity.groupResource(request.groupID)], notFound: "group \(request.groupID)")
            }
        ) { (request: Clientele_V1_ExplainRequest, _, principal) in
            guard let action = Action(rawValue: request.action) else {
                throw RPCError(
                    .invalidArgument,
                    "action: unknown action \(request.action); known: \(Action.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let resource = Resource(
                groupID: request.groupID, clientID: request.clientID.isEmpty ? nil : request.clientID)
            let decision = try await Self.run {
                try await identity.explain(userID: request.userID, action: action, resource: resource)
            }
            var response = Clientele_V1_ExplainResponse()
            response.allowed = decision.allowed
            response.reason = decision.reason
            if let grant = decision.grant { response.grant = C.grant(grant, userID: request.userID) }
            return response
        }
    }

    /// Runs domain work, turning its errors into status codes.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DomainError { throw error.rpcError }
    }

    /// "group grp_…" or "client cli_…", as NOT_FOUND names it.
    static func scopeName(_ scope: Clientele_V1_Scope) -> String {
        switch scope.kind {
        case .clientID(let id)?: "client \(id)"
        case .groupID(let id)?: "group \(id)"
        case nil: "scope"
        }
    }

    static func principal(_ principal: Principal?) throws(RPCError) -> Principal {
        guard let principal else {
            throw RPCError(.unauthenticated, "missing credentials")
        }
        return principal
    }
}
