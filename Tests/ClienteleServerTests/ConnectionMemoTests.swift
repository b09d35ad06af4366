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
import Testing

/// Calls that share one connection (and so its credential memo) through the real gate,
/// with the daemon's 1 s principal cache: a revocation made through the API takes effect
/// on the very next call of a connection that has just been answered from its memo.
@Suite("Access: revocation on a connection that repeats its credentials")
struct ConnectionMemoTests {
    struct World {
        let identity: IdentityService
        let dispatcher: CallDispatcher
        let group: String
        let ownerToken: String
        let connection = CallContext.Connection()

        init() async throws {
            var settings = IdentitySettings()
            settings.passwordCost = .fastForTests
            settings.principalCacheMillis = 1000
            let clock = SystemClock()
            let database = try await TestStore.fresh()
            self.identity = IdentityService(
                database: database, clock: clock, ids: RandomIDGenerator(), settings: settings,
                logger: Logger(label: "test")
            )
            let authenticator = Authenticator(database: database, clock: clock, settings: settings, daemonUID: 4242)
            var router = SecuredRouter(authenticator: authenticator, clock: clock)
            HealthService(storeStatus: { .init() }).register(in: &router)
            AccessService(identity: self.identity, authenticator: authenticator).register(in: &router)
            self.dispatcher = CallDispatcher(router: router.router)
            let password = "correct horse battery"
            let (group, _) = try await self.identity.bootstrapGroup(
                name: "Own", ownerEmail: "own@example.com", ownerName: "Own Owner", ownerPassword: password, .test())
            self.group = group.id
            self.ownerToken = try await self.identity.login(
                groupID: group.id, email: "own@example.com", password: password
            ).token
        }

        func call(
            _ method: MethodDescriptor, _ request: some Message, token: String
        ) async throws -> Result<Data, RPCError> {
            var metadata = Metadata()
            metadata.append("authorization", "Bearer \(token)")
            let context = CallContext(
                method: method, metadata: metadata, peer: PeerCredentials(pid: 1, uid: 1000, gid: 1), requestID: "t",
                logger: Logger(label: "test"), connection: self.connection
            )
            return await self.dispatcher.dispatch(try request.serializedData(), context: context)
        }

        func whoAmI(_ token: String) async throws -> RPCError.Code? {
            switch try await self.call(AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest(), token: token) {
            case .success: nil
            case .failure(let error): error.code
            }
        }
    }

    @Test("RevokeAPIKey stops the key on the next call of a connection that was using it")
    func revokeKey() async throws {
        let world = try await World()
        var issue = Clientele_V1_IssueAPIKeyRequest()
        issue.groupID = world.group
        issue.name = "billing"
        issue.role = .billing
        let answer = try await world.call(AccessMethods.issueAPIKey, issue, token: world.ownerToken).get()
        let issued = try Clientele_V1_IssueAPIKeyResponse(serializedBytes: answer)
        for _ in 0..<3 { #expect(try await world.whoAmI(issued.secret) == nil) }
        var revoke = Clientele_V1_RevokeAPIKeyRequest()
        revoke.keyID = issued.key.id
        _ = try await world.call(AccessMethods.revokeAPIKey, revoke, token: world.ownerToken).get()
        #expect(try await world.whoAmI(issued.secret) == .unauthenticated)
    }

    @Test("Logout stops the session on the next call of the same connection")
    func logout() async throws {
        let world = try await World()
        for _ in 0..<3 { #expect(try await world.whoAmI(world.ownerToken) == nil) }
        _ = try await world.call(AccessMethods.logout, Clientele_V1_LogoutRequest(), token: world.ownerToken).get()
        #expect(try await world.whoAmI(world.ownerToken) == .unauthenticated)
    }
}
