import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import ClienteleStore
import ClienteleTestSupport
import Foundation
import Logging
import SwiftProtobuf

/// Two tenants, each with an owner, behind the real router and gate over a fresh store (`TestStore`).
struct AccessWorld {
    static let password = "correct horse battery"

    let database: any StoreDatabase
    let identity: IdentityService
    let clients: ClientService
    /// GetClient's kept answers: every test reads through them.
    let answers: ClientAnswerCache
    let router: SecuredRouter
    let dispatcher: CallDispatcher
    let ownGroup: String
    let otherGroup: String
    let ownOwner: String
    let ownOwnerToken: String
    let otherOwnerToken: String

    /// `principalCacheMillis`: how long the authenticator reuses a principal (0: never, so that
    /// every call reads the store; revocation tests set it long, to prove they clear the cache).
    static func make(principalCacheMillis: Int64 = 0) async throws -> AccessWorld {
        var settings = IdentitySettings()
        settings.passwordCost = .fastForTests
        settings.principalCacheMillis = principalCacheMillis
        let clock = SystemClock()
        let database = try await TestStore.fresh()
        let identity = IdentityService(
            database: database, clock: clock, ids: RandomIDGenerator(), settings: settings,
            logger: Logger(label: "test")
        )
        let authenticator = Authenticator(database: database, clock: clock, settings: settings, daemonUID: 4242)
        let ids = RandomIDGenerator()
        var peopleSettings = PeopleSettings()
        peopleSettings.passwordCost = .fastForTests
        let people = PeopleService(database: database, clock: clock, ids: ids, settings: peopleSettings)
        var router = SecuredRouter(authenticator: authenticator, clock: clock) { principal, method, context, refusal in
            await people.recordSignedInAsCall(
                principal, method: method.fullName, requestID: context.requestID, refusal: refusal?.message)
        }
        HealthService(storeStatus: { .init() }).register(in: &router)
        ReflectionService().register(in: &router)
        AccessService(identity: identity, authenticator: authenticator).register(in: &router)
        let clients = ClientService(
            database: database, clock: clock, ids: ids, settings: ClientSettings(), logger: Logger(label: "test"))
        let answers = ClientAnswerCache(capacity: 100)
        ClientsService(clients: clients, identity: identity, answers: answers).register(in: &router)
        AuditService(log: AuditLog(database: database), clients: clients, identity: identity).register(in: &router)
        OutboxRPCService(outbox: OutboxService(database: database, clock: clock, ids: ids), identity: identity)
            .register(in: &router)
        BillingRPCService(billing: BillingService(database: database, clock: clock, ids: ids), clients: clients)
            .register(in: &router)
        PeopleRPCService(people: people, clients: clients, identity: identity, clock: clock).register(in: &router)
        ChangesRPCService(
            feed: ChangeFeed(
                database: database, clock: clock, settings: ChangeFeedSettings(), logger: Logger(label: "test")),
            identity: identity
        ).register(in: &router)
        let (own, ownOwner) = try await identity.bootstrapGroup(
            name: "Own", ownerEmail: "own@example.com", ownerName: "Own Owner", ownerPassword: password, .test()
        )
        let (other, _) = try await identity.bootstrapGroup(
            name: "Other", ownerEmail: "other@example.com", ownerName: "Other Owner", ownerPassword: password, .test()
        )
        let ownToken = try await identity.login(groupID: own.id, email: "own@example.com", password: password).token
        let otherToken = try await identity.login(groupID: other.id, email: "other@example.com", password: password)
            .token
        return AccessWorld(
            database: database, identity: identity, clients: clients, answers: answers, router: router,
            dispatcher: CallDispatcher(router: router.router), ownGroup: own.id, otherGroup: other.id,
            ownOwner: ownOwner.id, ownOwnerToken: ownToken, otherOwnerToken: otherToken
        )
    }

    /// A new user holding `role` on `group`; returns a session token.
    func userWithRole(_ role: Role, in group: String) async throws -> String {
        if role == .owner { return self.ownOwnerToken }
        let email = "\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com"
        _ = try await self.identity.createUser(
            groupID: group, email: email, name: role.rawValue, password: Self.password, role: role,
            scope: .group(group), .test()
        )
        return try await self.identity.login(groupID: group, email: email, password: Self.password).token
    }

    /// A request that succeeds for the group's owner; with `missing`, one naming a resource that does not exist.
    func validRequest(for method: MethodDescriptor, in group: String, missing: Bool = false) async throws -> Data {
        let groupID = missing ? "grp_missing" : group
        let target = try await self.identity.createUser(
            groupID: group, email: "target-\(UUID().uuidString.prefix(6))@example.com", name: "Target",
            password: Self.password, role: .member, scope: .group(group), .test()
        )
        switch method.method {
        case "CreateUser":
            var request = Clientele_V1_CreateUserRequest()
            request.groupID = groupID
            request.email = "created-\(UUID().uuidString.prefix(6))@example.com"
            request.name = "Created"
            request.role = .manager
            return try request.serializedData()
        case "UpdateUser":
            var request = Clientele_V1_UpdateUserRequest()
            request.userID = missing ? "usr_missing" : target.id
            request.name = "Renamed"
            return try request.serializedData()
        case "SetUserDisabled":
            var request = Clientele_V1_SetUserDisabledRequest()
            request.userID = target.id
            request.groupID = groupID
            request.disabled = true
            return try request.serializedData()
        case "AssignRole":
            var request = Clientele_V1_AssignRoleRequest()
            request.userID = target.id
            request.role = .manager
            request.scope.groupID = groupID
            return try request.serializedData()
        case "RevokeRole":
            let assignment = try await self.identity.people(inGroup: group).first { $0.0.id == target.id }!.1.first!
            var request = Clientele_V1_RevokeRoleRequest()
            request.assignmentID = missing ? "ra_missing" : assignment.id
            return try request.serializedData()
        case "ListPeople":
            var request = Clientele_V1_ListPeopleRequest()
            request.groupID = groupID
            return try request.serializedData()
        case "IssueAPIKey":
            var request = Clientele_V1_IssueAPIKeyRequest()
            request.groupID = groupID
            request.name = "svc"
            request.role = .billing
            return try request.serializedData()
        case "ListAPIKeys":
            var request = Clientele_V1_ListAPIKeysRequest()
            request.groupID = groupID
            return try request.serializedData()
        case "RevokeAPIKey":
            let owner = try await self.identity.people(inGroup: group).first { $0.1.contains { $0.role == "owner" } }!.0
            let key = try await self.identity.issueAPIKey(
                groupID: group, name: "k", role: .billing, scope: .group(group), origin: .test(by: owner.id))
            var request = Clientele_V1_RevokeAPIKeyRequest()
            request.keyID = missing ? "key_missing" : key.0.id
            return try request.serializedData()
        case "Explain":
            var request = Clientele_V1_ExplainRequest()
            request.userID = target.id
            request.action = "client.read"
            request.groupID = groupID
            return try request.serializedData()
        default:
            fatalError("no request for \(method)")
        }
    }

    func call(
        _ method: MethodDescriptor, _ payload: Data, token: String?, peerUID: UInt32 = 1000,
        metadata extra: [(String, String)] = []
    ) async -> Result<Data, RPCError> {
        var metadata = Metadata()
        if let token { metadata.append("authorization", "Bearer \(token)") }
        for (key, value) in extra { metadata.append(key, value) }
        let context = CallContext(
            method: method, metadata: metadata, peer: PeerCredentials(pid: 1, uid: peerUID, gid: 1), requestID: "t",
            logger: Logger(label: "test")
        )
        return await self.dispatcher.dispatch(payload, context: context)
    }

    /// A new user of `group` with `role` on `scope`: its id and a session token.
    func user(_ role: Role, scope: Scope, in group: String) async throws -> (id: String, token: String) {
        let email = "\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com"
        let user = try await self.identity.createUser(
            groupID: group, email: email, name: role.rawValue, password: AccessWorld.password, role: role,
            scope: scope, .test())
        let token = try await self.identity.login(groupID: group, email: email, password: AccessWorld.password).token
        return (user.id, token)
    }
}
