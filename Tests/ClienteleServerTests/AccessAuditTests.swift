import ClienteleAPI
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf
import Testing

/// The Access writes in the audit trail, and which of them take an idempotency key.
@Suite("Access RPCs: audit and idempotency")
struct AccessAuditTests {
    func call<Response: Message>(
        _ world: AccessWorld, _ method: MethodDescriptor, _ request: some Message, key: String? = nil,
        as _: Response.Type = Response.self
    ) async throws -> Response {
        try Response(serializedBytes: try await self.raw(world, method, request, key: key).get())
    }

    func raw(
        _ world: AccessWorld, _ method: MethodDescriptor, _ request: some Message, key: String? = nil
    ) async throws -> Result<Data, RPCError> {
        await world.call(
            method, try request.serializedData(), token: world.ownOwnerToken,
            metadata: key.map { [("idempotency-key", $0)] } ?? [])
    }

    func audit(_ world: AccessWorld, group: String, token: String) async throws -> [Clientele_V1_AuditEntry] {
        var request = Clientele_V1_ListAuditRequest()
        request.groupID = group
        request.actionPrefix = AccessMethods.service
        request.pageSize = 500
        return try Clientele_V1_ListAuditResponse(
            serializedBytes: try await world.call(AuditMethods.list, try request.serializedData(), token: token).get()
        ).entries
    }

    func newUser(_ world: AccessWorld, email: String, password: String = "") -> Clientele_V1_CreateUserRequest {
        var request = Clientele_V1_CreateUserRequest()
        request.groupID = world.ownGroup
        request.email = email
        request.name = "Max"
        request.password = password
        request.role = .member
        return request
    }

    @Test("user, role and API key writes are audited in their group, by whom, with no secret in any entry")
    func audited() async throws {
        let world = try await AccessWorld.make()
        let user: Clientele_V1_User = try await self.call(
            world, AccessMethods.createUser,
            self.newUser(world, email: "max@example.com", password: AccessWorld.password))
        var assign = Clientele_V1_AssignRoleRequest()
        assign.userID = user.id
        assign.role = .manager
        assign.scope.groupID = world.ownGroup
        let assignment: Clientele_V1_RoleAssignment = try await self.call(world, AccessMethods.assignRole, assign)
        var issue = Clientele_V1_IssueAPIKeyRequest()
        issue.groupID = world.ownGroup
        issue.name = "billing"
        issue.role = .billing
        let issued: Clientele_V1_IssueAPIKeyResponse = try await self.call(world, AccessMethods.issueAPIKey, issue)
        var revokeKey = Clientele_V1_RevokeAPIKeyRequest()
        revokeKey.keyID = issued.key.id
        let _: Clientele_V1_RevokeAPIKeyResponse = try await self.call(world, AccessMethods.revokeAPIKey, revokeKey)
        var revokeRole = Clientele_V1_RevokeRoleRequest()
        revokeRole.assignmentID = assignment.id
        let _: Clientele_V1_RevokeRoleResponse = try await self.call(world, AccessMethods.revokeRole, revokeRole)
        var rename = Clientele_V1_UpdateUserRequest()
        rename.userID = user.id
        rename.name = "Maxine"
        rename.password = "another long password"
        let _: Clientele_V1_User = try await self.call(world, AccessMethods.updateUser, rename)
        var disable = Clientele_V1_SetUserDisabledRequest()
        disable.userID = user.id
        disable.groupID = world.ownGroup
        disable.disabled = true
        let _: Clientele_V1_User = try await self.call(world, AccessMethods.setUserDisabled, disable)

        let entries = try await self.audit(world, group: world.ownGroup, token: world.ownOwnerToken)
        let mine = Array(entries.filter { $0.actor == world.ownOwner }.reversed())  // oldest first
        let seen = mine.map { "\($0.action.split(separator: "/").last!) \($0.resource) \($0.changedFields)" }
        #expect(
            seen == [
                "CreateUser user:\(user.id) [\"email\", \"name\", \"password\"]",
                "CreateUser role_assignment:\(mine[1].resource.dropFirst("role_assignment:".count)) [\"role\"]",
                "AssignRole role_assignment:\(assignment.id) [\"role\"]",
                "IssueAPIKey api_key:\(issued.key.id) [\"name\", \"role\", \"scope\"]",
                "RevokeAPIKey api_key:\(issued.key.id) []",
                "RevokeRole role_assignment:\(assignment.id) []",
                "UpdateUser user:\(user.id) [\"name\", \"password\"]",
                "SetUserDisabled user:\(user.id) [\"disabled\"]",
            ])
        #expect(
            mine.first { $0.action.hasSuffix("/AssignRole") }?.detail
                == "assigned: manager on group \(world.ownGroup) for \(user.id)")
        #expect(mine.allSatisfy { $0.requestID == "t" })
        let text = try entries.map { try $0.jsonString() }.joined()
        for secret in [issued.secret, AccessWorld.password, "another long password"] {
            #expect(!text.contains(secret))
        }
        // Another tenant's owner sees none of it.
        let other = try await self.audit(world, group: world.otherGroup, token: world.otherOwnerToken)
        #expect(!other.contains { $0.actor == world.ownOwner })
    }

    @Test("Access writes replay their idempotency key, passwords left out of it; IssueAPIKey refuses one")
    func idempotency() async throws {
        let world = try await AccessWorld.make()
        let create = self.newUser(world, email: "max@example.com", password: AccessWorld.password)
        let created = try await self.raw(world, AccessMethods.createUser, create, key: "user-1").get()
        // The same request but its password: the password is not in the key's fingerprint.
        var otherPassword = create
        otherPassword.password = "another long password"
        #expect(try await self.raw(world, AccessMethods.createUser, otherPassword, key: "user-1").get() == created)
        var otherEmail = create
        otherEmail.email = "eve@example.com"
        guard
            case .failure(let reusedUser) = try await self.raw(
                world, AccessMethods.createUser, otherEmail, key: "user-1")
        else {
            Issue.record("a reused key with another email was accepted")
            return
        }
        #expect(reusedUser.code == .invalidArgument && reusedUser.message.hasPrefix("idempotency-key: user-1"))
        let user = try Clientele_V1_User(serializedBytes: created)
        // The replays wrote nothing: the first password still signs in.
        var login = Clientele_V1_LoginRequest()
        login.groupID = world.ownGroup
        login.email = "max@example.com"
        login.password = AccessWorld.password
        _ = try await world.call(AccessMethods.login, try login.serializedData(), token: nil).get()

        var assign = Clientele_V1_AssignRoleRequest()
        assign.userID = user.id
        assign.role = .manager
        assign.scope.groupID = world.ownGroup
        let first = try await self.raw(world, AccessMethods.assignRole, assign, key: "assign-1").get()
        let again = try await self.raw(world, AccessMethods.assignRole, assign, key: "assign-1").get()
        #expect(first == again)
        var listPeople = Clientele_V1_ListPeopleRequest()
        listPeople.groupID = world.ownGroup
        let people: Clientele_V1_ListPeopleResponse = try await self.call(world, AccessMethods.listPeople, listPeople)
        #expect(people.people.first { $0.user.id == user.id }?.roles.map(\.role) == [.member, .manager])
        #expect(!people.people.contains { $0.user.email == "eve@example.com" })

        var issue = Clientele_V1_IssueAPIKeyRequest()
        issue.groupID = world.ownGroup
        issue.name = "billing"
        issue.role = .billing
        guard case .failure(let refused) = try await self.raw(world, AccessMethods.issueAPIKey, issue, key: "key-1")
        else {
            Issue.record("IssueAPIKey took an idempotency key")
            return
        }
        #expect(refused.code == .invalidArgument)
        #expect(refused.message.hasPrefix("idempotency-key: clientele.v1.Access/IssueAPIKey takes none"))
        // Refused before anything was written.
        var keys = Clientele_V1_ListAPIKeysRequest()
        keys.groupID = world.ownGroup
        let listed: Clientele_V1_ListAPIKeysResponse = try await self.call(world, AccessMethods.listAPIKeys, keys)
        #expect(listed.keys.isEmpty)
    }
}
