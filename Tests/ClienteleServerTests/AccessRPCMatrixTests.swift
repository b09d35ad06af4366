import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import ClienteleStore
import Foundation
import Logging
import SwiftProtobuf
import Testing

/// Every Access RPC × every role (held on a group) × own tenant / another
/// tenant, through the real router, gate and store: each cell's status code is
/// asserted against a table written out here.
@Suite("Access RPCs × roles × tenants")
struct AccessRPCMatrixTests {
    enum Tenant: String, CaseIterable, Sendable {
        case own
        case other
    }

    struct Cell: Sendable, CustomTestStringConvertible {
        var method: MethodDescriptor
        var role: Role
        var tenant: Tenant
        var testDescription: String { "\(method.method) as \(role.rawValue) on \(tenant.rawValue) tenant" }
    }

    /// On its own group, which Access methods each role may call (the rest: PERMISSION_DENIED).
    static let allowedOnOwnGroup: [Role: Set<String>] = [
        .owner: [
            "CreateUser", "UpdateUser", "SetUserDisabled", "AssignRole", "RevokeRole", "ListPeople", "IssueAPIKey",
            "ListAPIKeys", "RevokeAPIKey", "Explain",
        ],
        .manager: ["ListPeople"],
        .partnerStaff: [],
        .memberAdmin: [],
        .member: [],
        .billing: [],
        .mailer: [],
        .follower: [],
    ]

    static let guarded: [MethodDescriptor] = [
        AccessMethods.createUser, AccessMethods.updateUser, AccessMethods.setUserDisabled, AccessMethods.assignRole,
        AccessMethods.revokeRole, AccessMethods.listPeople, AccessMethods.issueAPIKey, AccessMethods.listAPIKeys,
        AccessMethods.revokeAPIKey, AccessMethods.explain,
    ]

    static let cells: [Cell] = guarded.flatMap { method in
        Role.allCases.flatMap { role in Tenant.allCases.map { Cell(method: method, role: role, tenant: $0) } }
    }

    @Test("each cell answers as the table says", arguments: cells)
    func cell(_ cell: Cell) async throws {
        let world = try await AccessWorld.make()
        let caller = try await world.userWithRole(cell.role, in: world.ownGroup)
        let group = cell.tenant == .own ? world.ownGroup : world.otherGroup
        let request = try await world.validRequest(for: cell.method, in: group)
        let result = await world.call(cell.method, request, token: caller)
        let expected: RPCError.Code? =
            cell.tenant == .other
            ? .notFound : (Self.allowedOnOwnGroup[cell.role]!.contains(cell.method.method) ? nil : .permissionDenied)
        switch result {
        case .success:
            #expect(expected == nil, "\(cell.testDescription): succeeded, expected \(String(describing: expected))")
        case .failure(let error):
            #expect(error.code == expected, "\(cell.testDescription): \(error)")
            if cell.tenant == .other {
                // Exactly what a missing resource answers.
                let missing = try await world.validRequest(for: cell.method, in: group, missing: true)
                let answer = await world.call(cell.method, missing, token: caller)
                guard case .failure(let missingError) = answer else {
                    Issue.record("\(cell.testDescription): a missing resource was found")
                    return
                }
                #expect(missingError.code == error.code)
                #expect(Self.masked(missingError.message) == Self.masked(error.message), "\(cell.testDescription)")
            }
        }
    }

    /// The failure's code; `nil` on success.
    static func code(_ result: Result<Data, RPCError>) -> RPCError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    /// The message with resource ids replaced, so that two ids compare equal.
    static func masked(_ message: String) -> String {
        message.replacingOccurrences(of: #"\b(grp|usr|ra|key)_[a-z0-9]+"#, with: "<id>", options: .regularExpression)
    }

    /// The contract's table is generated from proto/ (scripts/codegen): an RPC added there
    /// without a server handler, or a handler for no RPC of the contract, fails here.
    @Test("every method of the contract is registered with a declared requirement, and only these")
    func everyMethodDeclared() async throws {
        let world = try await AccessWorld.make()
        let registered = Set(world.router.requirements.keys)
        let contract = Set(ClienteleContract.methods.map(\.descriptor))
        #expect(contract.count == ClienteleContract.methods.count, "a method is listed twice")
        #expect(registered.subtracting(contract).isEmpty, "handlers for methods the contract lacks")
        #expect(contract.subtracting(registered).isEmpty, "methods of the contract without a handler")
        #expect(world.router.requirements[AccessMethods.bootstrapGroup] == "local operator")
        #expect(world.router.requirements[AccessMethods.login] == "open")
        #expect(world.router.requirements[AccessMethods.acceptInvitation] == "open")
        #expect(world.router.requirements[AccessMethods.changePassword] == "open")
        #expect(world.router.requirements[HealthMethods.check] == "open (credentials verified if sent)")
        #expect(
            world.router.requirements[ReflectionMethods.getDescriptorSet] == "open (credentials verified if sent)")
    }

    @Test("without credentials every guarded method is UNAUTHENTICATED", arguments: guarded)
    func unauthenticated(method: MethodDescriptor) async throws {
        let world = try await AccessWorld.make()
        let request = try await world.validRequest(for: method, in: world.ownGroup)
        let result = await world.call(method, request, token: nil, peerUID: 1000)
        #expect(Self.code(result) == .unauthenticated)
    }

    @Test("Health needs no credentials, but refuses invalid ones")
    func healthCredentials() async throws {
        let world = try await AccessWorld.make()
        let payload = try Clientele_V1_HealthCheckRequest().serializedData()
        #expect(Self.code(await world.call(HealthMethods.check, payload, token: nil)) == nil)
        #expect(Self.code(await world.call(HealthMethods.check, payload, token: world.ownOwnerToken)) == nil)
        #expect(Self.code(await world.call(HealthMethods.check, payload, token: "clt_s_forged")) == .unauthenticated)
    }

    @Test("Reflection needs no credentials, refuses invalid ones, and describes every registered method")
    func reflection() async throws {
        let world = try await AccessWorld.make()
        let payload = try Clientele_V1_GetDescriptorSetRequest().serializedData()
        let method = ReflectionMethods.getDescriptorSet
        #expect(Self.code(await world.call(method, payload, token: "clt_s_forged")) == .unauthenticated)
        #expect(Self.code(await world.call(method, payload, token: world.ownOwnerToken)) == nil)
        guard case .success(let bytes) = await world.call(method, payload, token: nil) else {
            Issue.record("Reflection refused a caller without credentials")
            return
        }
        let response = try Clientele_V1_GetDescriptorSetResponse(serializedBytes: bytes)
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: response.fileDescriptorSet)
        var described: Set<String> = []
        for file in set.file {
            for service in file.service {
                for rpc in service.method { described.insert("\(file.package).\(service.name)/\(rpc.name)") }
            }
        }
        #expect(described == Set(world.router.requirements.keys.map(\.fullName)))
        #expect(Set(response.services) == Set(world.router.requirements.keys.map(\.service)))
        // Dependencies first: every import is described before the file importing it.
        var seen: Set<String> = []
        for file in set.file {
            #expect(file.dependency.allSatisfy(seen.contains), "\(file.name) comes before its imports")
            seen.insert(file.name)
        }
    }

    @Test("only the local operator bootstraps; a signed-in owner may not")
    func bootstrapIsOperatorOnly() async throws {
        let world = try await AccessWorld.make()
        var request = Clientele_V1_BootstrapGroupRequest()
        request.groupName = "New"
        request.ownerEmail = "new@example.com"
        request.ownerName = "New Owner"
        request.ownerPassword = "a long enough password"
        let asOperator = await world.call(
            AccessMethods.bootstrapGroup, try request.serializedData(), token: nil, peerUID: 0)
        #expect((try? asOperator.get()) != nil)
        request.groupName = "Second"
        let asOwner = await world.call(
            AccessMethods.bootstrapGroup, try request.serializedData(), token: world.ownOwnerToken)
        #expect(Self.code(asOwner) == .permissionDenied)
        let asStranger = await world.call(
            AccessMethods.bootstrapGroup, try request.serializedData(), token: nil, peerUID: 1000)
        #expect(Self.code(asStranger) == .unauthenticated)
    }
}
