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

/// Every Clients, Audit and Outbox RPC × every role × where the caller's grant
/// sits relative to the resource, through the real router, gate and store. The
/// expected answer of each cell comes from the tables written out here.
@Suite("Clients, Audit and Outbox RPCs × roles × scopes")
struct ClientsRPCMatrixTests {
    /// Where the caller's grant sits relative to the client the request names.
    enum Situation: String, CaseIterable, Sendable {
        /// A grant on the client's group, and the caller is the client's manager.
        case assigned
        /// A grant on the client's group; someone else (or nobody) manages the client.
        case unassigned
        /// A grant on that very client.
        case clientGrant
        /// A grant on another client of the same group.
        case otherClientGrant
        /// A grant on the caller's own group; the client belongs to another tenant.
        case otherTenant
    }

    typealias Allowed = [Situation: Set<Role>]

    static let read: Allowed = [
        .assigned: [.owner, .manager], .unassigned: [.owner, .manager],
        .clientGrant: [.owner, .partnerStaff, .memberAdmin, .member],
    ]
    static let managerWrite: Allowed = [.assigned: [.owner, .manager], .unassigned: [.owner], .clientGrant: [.owner]]
    static let ownerOnly: Allowed = [.assigned: [.owner], .unassigned: [.owner], .clientGrant: [.owner]]
    static let contacts: Allowed = [
        .assigned: [.owner, .manager], .unassigned: [.owner], .clientGrant: [.owner, .memberAdmin],
    ]
    static let notes: Allowed = [
        .assigned: [.owner, .manager], .unassigned: [.owner], .clientGrant: [.owner, .partnerStaff],
    ]

    static let credit: Allowed = [.assigned: [.owner, .manager], .unassigned: [.owner], .clientGrant: []]
    static let groupOwnerOnly: Allowed = [.assigned: [.owner], .unassigned: [.owner], .clientGrant: []]
    static let charge: Allowed = [
        .assigned: [.owner, .billing], .unassigned: [.owner, .billing], .clientGrant: [.billing],
    ]
    static let statementIssue: Allowed = [
        .assigned: [.owner, .manager, .billing], .unassigned: [.owner, .billing], .clientGrant: [.billing],
    ]
    static let billingRead: Allowed = [
        .assigned: [.owner, .manager, .billing], .unassigned: [.owner, .billing],
        .clientGrant: [.owner, .memberAdmin, .billing],
    ]

    static let peopleList: Allowed = [
        .assigned: [.owner, .manager], .unassigned: [.owner, .manager], .clientGrant: [],
    ]
    static let impersonate: Allowed = [
        .assigned: [.owner, .manager], .unassigned: [.owner], .clientGrant: [.owner, .partnerStaff],
    ]

    /// Methods that name one client, with who may call them.
    static let clientMethods: [(MethodDescriptor, Allowed)] = [
        (ClientsMethods.getClient, read),
        (ClientsMethods.updateClient, managerWrite),
        (ClientsMethods.blockClient, managerWrite),
        (ClientsMethods.unblockClient, managerWrite),
        (ClientsMethods.suspendClient, managerWrite),
        (ClientsMethods.resumeClient, managerWrite),
        (ClientsMethods.activateClient, managerWrite),
        (ClientsMethods.deactivateClient, managerWrite),
        (ClientsMethods.closeClient, ownerOnly),
        (ClientsMethods.addContact, contacts),
        (ClientsMethods.updateContact, contacts),
        (ClientsMethods.removeContact, contacts),
        (ClientsMethods.addNote, notes),
        (ClientsMethods.listNotes, read),
        (ClientsMethods.deleteNote, notes),
        (AuditMethods.list, managerWrite),
        (BillingMethods.addCredit, credit),
        (BillingMethods.charge, charge),
        (BillingMethods.issueCreditNote, credit),
        (BillingMethods.correctPayment, credit),
        (BillingMethods.withdraw, groupOwnerOnly),
        (BillingMethods.settleDebt, credit),
        (BillingMethods.getBalance, billingRead),
        (BillingMethods.listEntries, billingRead),
        (BillingMethods.changeTerms, groupOwnerOnly),
        (BillingMethods.changeCurrency, groupOwnerOnly),
        (BillingMethods.issueStatement, statementIssue),
        (BillingMethods.listStatements, billingRead),
        (BillingMethods.getStatement, billingRead),
        (PeopleMethods.addMember, contacts),
        (PeopleMethods.updateMember, contacts),
        (PeopleMethods.removeMember, contacts),
        (PeopleMethods.listMembers, read),
        (PeopleMethods.invitePortalUser, contacts),
        (PeopleMethods.resendInvitation, contacts),
        (PeopleMethods.revokeInvitation, contacts),
        (PeopleMethods.listInvitations, contacts),
        (PeopleMethods.transferOwnership, ownerOnly),
        (PeopleMethods.grantStaffAccess, groupOwnerOnly),
        (PeopleMethods.revokeStaffAccess, groupOwnerOnly),
        (PeopleMethods.listAccess, peopleList),
        (PeopleMethods.createAccount, managerWrite),
        (PeopleMethods.linkAccount, managerWrite),
        (PeopleMethods.unlinkAccount, managerWrite),
        (PeopleMethods.listAccounts, read),
        (PeopleMethods.setParentClient, managerWrite),
        (PeopleMethods.signInAs, impersonate),
        (PeopleMethods.listSignInAsSessions, managerWrite),
    ]

    /// Methods that name a group: who may call them with a group-wide grant, and with a client grant.
    static let groupMethods: [(MethodDescriptor, group: Set<Role>, client: Set<Role>)] = [
        (ClientsMethods.createClient, [.owner, .manager], []),
        (ClientsMethods.listClients, [.owner, .manager], [.owner, .partnerStaff, .memberAdmin, .member]),
        (ClientsMethods.beginClientImport, [.owner, .manager], []),
        (ClientsMethods.addClientImportRows, [.owner, .manager], []),
        (ClientsMethods.commitClientImport, [.owner, .manager], []),
        (OutboxMethods.listPending, [.owner, .mailer], []),
        (OutboxMethods.acknowledge, [.owner, .mailer], []),
        (ChangesMethods.follow, [.owner, .follower], [.owner]),
    ]

    struct Cell: Sendable, CustomTestStringConvertible {
        var method: MethodDescriptor
        var role: Role
        var situation: Situation
        var testDescription: String { "\(method.fullName) as \(role.rawValue) (\(situation.rawValue))" }
    }

    static let clientCells: [Cell] = clientMethods.flatMap { method, _ in
        Role.allCases.flatMap { role in Situation.allCases.map { Cell(method: method, role: role, situation: $0) } }
    }

    static let groupCells: [Cell] = groupMethods.flatMap { method, _, _ in
        Role.allCases.flatMap { role in
            [Situation.unassigned, .clientGrant, .otherTenant].map { Cell(method: method, role: role, situation: $0) }
        }
    }

    @Test("each client-level cell answers as the table says", arguments: clientCells)
    func clientCell(_ cell: Cell) async throws {
        let setting = try await ClientsWorld.make(role: cell.role, situation: cell.situation)
        let allowed = Self.clientMethods.first { $0.0 == cell.method }!.1
        let mayRead = Self.read[cell.situation]?.contains(cell.role) ?? false
        let expected: RPCError.Code? =
            (allowed[cell.situation]?.contains(cell.role) ?? false) ? nil : (mayRead ? .permissionDenied : .notFound)
        let request = try await setting.request(for: cell.method, client: setting.target)
        let result = await setting.world.call(cell.method, request, token: setting.callerToken)
        #expect(AccessRPCMatrixTests.code(result) == expected, "\(cell.testDescription): \(result)")
        if expected == .notFound, case .failure(let hidden) = result {
            // Exactly what a missing client answers.
            let missing = try await setting.request(for: cell.method, client: "cli_missing")
            guard case .failure(let absent) = await setting.world.call(cell.method, missing, token: setting.callerToken)
            else {
                Issue.record("\(cell.testDescription): a missing client was found")
                return
            }
            #expect(absent.code == .notFound)
            #expect(Self.masked(absent.message) == Self.masked(hidden.message))
        }
        try await Self.expectExplainAgrees(setting, cell, allowed: expected == nil)
    }

    /// `Access/Explain`, asked by the group's owner about this caller, this method's action and
    /// this client, says what the gate did; a client of another group is NOT_FOUND to it.
    static func expectExplainAgrees(_ setting: ClientsWorld, _ cell: Cell, allowed: Bool) async throws {
        var explain = Clientele_V1_ExplainRequest()
        explain.userID = setting.callerID
        explain.action = try #require(setting.world.router.requirements[cell.method])
        explain.groupID = setting.world.ownGroup
        explain.clientID = setting.target
        let answer = await setting.world.call(
            AccessMethods.explain, try explain.serializedData(), token: setting.world.ownOwnerToken)
        if cell.situation == .otherTenant {
            #expect(AccessRPCMatrixTests.code(answer) == .notFound, "\(cell.testDescription): \(answer)")
            return
        }
        let decision = try Clientele_V1_ExplainResponse(serializedBytes: try answer.get())
        #expect(decision.allowed == allowed, "\(cell.testDescription): Explain says \(decision.reason)")
    }

    @Test("each group-level cell answers as the table says", arguments: groupCells)
    func groupCell(_ cell: Cell) async throws {
        let setting = try await ClientsWorld.make(role: cell.role, situation: cell.situation)
        let row = Self.groupMethods.first { $0.0 == cell.method }!
        let expected: RPCError.Code? =
            switch cell.situation {
            case .otherTenant: .notFound
            case .clientGrant: row.client.contains(cell.role) ? nil : .notFound
            default: row.group.contains(cell.role) ? nil : .permissionDenied
            }
        let group = cell.situation == .otherTenant ? setting.world.otherGroup : setting.world.ownGroup
        let request = try await setting.request(for: cell.method, group: group)
        let result = await setting.world.call(cell.method, request, token: setting.callerToken)
        #expect(AccessRPCMatrixTests.code(result) == expected, "\(cell.testDescription): \(result)")
    }

    @Test("without credentials every Clients, Audit and Outbox method is UNAUTHENTICATED")
    func unauthenticated() async throws {
        let setting = try await ClientsWorld.make(role: .owner, situation: .unassigned)
        for (method, _) in Self.clientMethods {
            let request = try await setting.request(for: method, client: setting.target)
            #expect(
                AccessRPCMatrixTests.code(await setting.world.call(method, request, token: nil)) == .unauthenticated)
        }
        for (method, _, _) in Self.groupMethods {
            let request = try await setting.request(for: method, group: setting.world.ownGroup)
            #expect(
                AccessRPCMatrixTests.code(await setting.world.call(method, request, token: nil)) == .unauthenticated)
        }
    }

    static func masked(_ message: String) -> String {
        message.replacingOccurrences(
            of: #"\b(grp|usr|cli|con|note|ent|stm)_[a-z0-9]+"#, with: "<id>", options: .regularExpression)
    }
}
