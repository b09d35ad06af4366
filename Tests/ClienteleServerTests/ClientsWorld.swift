import ClienteleAPI
import ClienteleAccess
import ClienteleDomain
import ClienteleProto
import ClienteleRPC
import ClienteleStore
import ClienteleTestSupport
import Foundation
import SwiftProtobuf

/// An `AccessWorld` with a target client (two contacts, a note by the caller),
/// another client in the same group and one in the other tenant, and a caller
/// holding one role placed as a matrix situation asks.
struct ClientsWorld {
    let world: AccessWorld
    let target: String
    let callerID: String
    let callerToken: String
    let noteID: String
    let secondContactID: String
    let sibling: String

    static func make(role: Role, situation: ClientsRPCMatrixTests.Situation) async throws -> ClientsWorld {
        let world = try await AccessWorld.make()
        let ownerPrincipal = Principal(
            kind: .user(id: world.ownOwner),
            grants: [
                Grant(role: .owner, scope: .group(world.ownGroup), groupID: world.ownGroup, source: .assignment("o"))
            ])
        func client(_ name: String, in group: String, contacts: [ContactInput] = []) async throws -> ClientView {
            var fields = ClientFieldsInput()
            fields.accountName = name
            let principal = Principal(
                kind: .user(id: "usr_setup"),
                grants: [Grant(role: .owner, scope: .group(group), groupID: group, source: .assignment("s"))])
            return try await world.clients.create(
                groupID: group, fields: fields, contacts: contacts, owner: nil, by: principal, Self.write(principal))
        }
        var first = ContactInput()
        first.firstName = "Ann"
        var second = ContactInput()
        second.firstName = "Bob"
        let target = try await client("Target", in: world.ownGroup, contacts: [first, second])
        let sibling = try await client("Sibling", in: world.ownGroup)
        let foreign = try await client("Foreign", in: world.otherGroup)

        let (callerID, token): (String, String)
        if role == .owner && situation != .clientGrant && situation != .otherClientGrant {
            (callerID, token) = (world.ownOwner, world.ownOwnerToken)
        } else {
            let scope: Scope =
                switch situation {
                case .clientGrant: .client(target.client.id)
                case .otherClientGrant: .client(sibling.client.id)
                case .assigned, .unassigned, .otherTenant: .group(world.ownGroup)
                }
            let email = "\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com"
            let user = try await world.identity.createUser(
                groupID: world.ownGroup, email: email, name: role.rawValue, password: AccessWorld.password, role: role,
                scope: scope, .test())
            (callerID, token) = (
                user.id,
                try await world.identity.login(groupID: world.ownGroup, email: email, password: AccessWorld.password)
                    .token
            )
        }
        if situation == .assigned {
            // Placed directly: the policy, not the manager rule of CreateClient, is under test.
            try await world.database.write { store in
                var record = try store.clients.fetch(id: target.client.id)!
                record.managerUserID = callerID
                try store.clients.update(record, contacts: target.contacts)
            }
        }
        let targetID = situation == .otherTenant ? foreign.client.id : target.client.id
        // Prepare what each state change needs, on a copy the requests pick by method.
        let callerPrincipal = Principal(kind: .user(id: callerID), grants: ownerPrincipal.grants)
        let note = try await world.clients.addNote(targetID, text: "by the caller", Self.write(callerPrincipal))
        let contacts = try await world.clients.get(targetID).contacts
        return ClientsWorld(
            world: world, target: targetID, callerID: callerID, callerToken: token, noteID: note.id,
            secondContactID: contacts.last?.id ?? "", sibling: sibling.client.id)
    }

    static func write<Answer>(_ principal: Principal) -> Write<Answer> {
        Write(origin: WriteOrigin(principal: principal, action: "setup", requestID: "setup"), encode: { _ in [] })
    }

    /// A request naming `client` that the group's owner could make successfully,
    /// after bringing the client into the state the method needs.
    func request(for method: MethodDescriptor, client: String) async throws -> Data {
        let setup = Principal(kind: .user(id: "usr_setup"), grants: [])
        func prepare(_ transition: ClientTransition) async throws {
            guard client == self.target else { return }
            _ = try await self.world.clients.change(
                client, transition, reason: "setup", expectedVersion: 0, Self.write(setup))
        }
        var state = Clientele_V1_ChangeClientStateRequest()
        state.clientID = client
        state.reason = "matrix"
        switch method {
        case ClientsMethods.getClient:
            var request = Clientele_V1_GetClientRequest()
            request.clientID = client
            return try request.serializedData()
        case ClientsMethods.updateClient:
            var request = Clientele_V1_UpdateClientRequest()
            request.clientID = client
            request.fields.companyName = "Renamed"
            request.updateMask.paths = ["company_name"]
            return try request.serializedData()
        case ClientsMethods.blockClient, ClientsMethods.suspendClient, ClientsMethods.deactivateClient:
            return try state.serializedData()
        case ClientsMethods.unblockClient:
            try await prepare(.block)
            return try state.serializedData()
        case ClientsMethods.resumeClient:
            try await prepare(.suspend)
            return try state.serializedData()
        case ClientsMethods.activateClient:
            try await prepare(.deactivate)
            return try state.serializedData()
        case ClientsMethods.closeClient:
            var request = Clientele_V1_CloseClientRequest()
            request.clientID = client
            return try request.serializedData()
        case ClientsMethods.addContact:
            var request = Clientele_V1_AddContactRequest()
            request.clientID = client
            request.contact.firstName = "Cleo"
            return try request.serializedData()
        case ClientsMethods.updateContact:
            var request = Clientele_V1_UpdateContactRequest()
            request.clientID = client
            request.contactID = self.secondContactID
            request.contact.phone = "+1 555 0100"
            request.updateMask.paths = ["phone"]
            return try request.serializedData()
        case ClientsMethods.removeContact:
            var request = Clientele_V1_RemoveContactRequest()
            request.clientID = client
            request.contactID = self.secondContactID
            return try request.serializedData()
        case ClientsMethods.addNote:
            var request = Clientele_V1_AddNoteRequest()
            request.clientID = client
            request.text = "matrix"
            return try request.serializedData()
        case ClientsMethods.listNotes:
            var request = Clientele_V1_ListNotesRequest()
            request.clientID = client
            return try request.serializedData()
        case ClientsMethods.deleteNote:
            var request = Clientele_V1_DeleteNoteRequest()
            request.clientID = client
            request.noteID = self.noteID
            return try request.serializedData()
        case AuditMethods.list:
            var request = Clientele_V1_ListAuditRequest()
            let group = try await self.world.clients.resource(self.target).groupID
            request.groupID = group
            request.clientID = client
            return try request.serializedData()
        case BillingMethods.addCredit:
            var request = Clientele_V1_AddCreditRequest()
            request.clientID = client
            request.amountMinor = 1_000
            request.payment.method = "bank_transfer"
            return try request.serializedData()
        case BillingMethods.charge:
            _ = try await self.post(.credit, 1_000, on: client)
            var request = Clientele_V1_ChargeRequest()
            request.clientID = client
            request.amountMinor = 100
            return try request.serializedData()
        case BillingMethods.issueCreditNote:
            var request = Clientele_V1_IssueCreditNoteRequest()
            request.clientID = client
            request.packageName = "refund"
            request.negativePackageAmountMinor = -250
            return try request.serializedData()
        case BillingMethods.correctPayment:
            var request = Clientele_V1_CorrectPaymentRequest()
            request.clientID = client
            request.entryID = try await self.post(.credit, 1_000, on: client) ?? "ent_missing"
            request.amountMinor = 100
            return try request.serializedData()
        case BillingMethods.withdraw:
            _ = try await self.post(.credit, 1_000, on: client)
            var request = Clientele_V1_WithdrawRequest()
            request.clientID = client
            request.amountMinor = 100
            return try request.serializedData()
        case BillingMethods.settleDebt:
            if client == self.target {
                _ = try await self.billing.changeTerms(
                    client, mode: 2, creditLimitMinor: 10_000, reason: "", Self.write(setup))
                _ = try await self.post(.charge, 500, on: client)
            }
            var request = Clientele_V1_SettleDebtRequest()
            request.clientID = client
            request.amountMinor = 100
            return try request.serializedData()
        case BillingMethods.getBalance:
            var request = Clientele_V1_GetBalanceRequest()
            request.clientID = client
            return try request.serializedData()
        case BillingMethods.listEntries:
            var request = Clientele_V1_ListEntriesRequest()
            request.clientID = client
            return try request.serializedData()
        case BillingMethods.changeTerms:
            var request = Clientele_V1_ChangeTermsRequest()
            request.clientID = client
            request.billingMode = .postpaid
            request.creditLimitMinor = 5_000
            return try request.serializedData()
        case BillingMethods.changeCurrency:
            var request = Clientele_V1_ChangeCurrencyRequest()
            request.clientID = client
            request.currency = "USD"
            return try request.serializedData()
        case BillingMethods.issueStatement:
            try await self.giveInvoiceRecipient(client)
            var request = Clientele_V1_IssueStatementRequest()
            request.clientID = client
            request.periodStartMillis = 1
            request.periodEndMillis = SystemClock().nowMillis() - 1_000
            return try request.serializedData()
        case BillingMethods.listStatements:
            var request = Clientele_V1_ListStatementsRequest()
            request.clientID = client
            return try request.serializedData()
        case BillingMethods.getStatement:
            var request = Clientele_V1_GetStatementRequest()
            request.statementID = try await self.statement(on: client)
            return try request.serializedData()
        case PeopleMethods.addMember:
            var request = Clientele_V1_AddMemberRequest()
            request.clientID = client
            request.firstName = "Mia"
            request.email = "mia-\(UUID().uuidString.prefix(6))@example.com"
            request.role = .member
            return try request.serializedData()
        case PeopleMethods.updateMember, PeopleMethods.removeMember:
            let member = try await self.member(on: client)
            if method == PeopleMethods.removeMember {
                var request = Clientele_V1_RemoveMemberRequest()
                request.clientID = client
                request.userID = member
                return try request.serializedData()
            }
            var request = Clientele_V1_UpdateMemberRequest()
            request.clientID = client
            request.userID = member
            request.role = .admin
            request.updatePaths = ["role"]
            return try request.serializedData()
        case PeopleMethods.listMembers:
            var request = Clientele_V1_ListMembersRequest()
            request.clientID = client
            return try request.serializedData()
        case PeopleMethods.invitePortalUser:
            var request = Clientele_V1_InvitePortalUserRequest()
            request.clientID = client
            request.userID = try await self.member(on: client)
            return try request.serializedData()
        case PeopleMethods.resendInvitation, PeopleMethods.revokeInvitation:
            var invitation = "inv_missing"
            if client == self.target {
                let member = try await self.member(on: client)
                invitation = try await self.people.invite(
                    client, userID: member, method: 1, expiresInHours: 0, Self.write(setup)
                ).id
            }
            if method == PeopleMethods.resendInvitation {
                var request = Clientele_V1_ResendInvitationRequest()
                request.clientID = client
                request.invitationID = invitation
                return try request.serializedData()
            }
            var request = Clientele_V1_RevokeInvitationRequest()
            request.clientID = client
            request.invitationID = invitation
            return try request.serializedData()
        case PeopleMethods.listInvitations:
            var request = Clientele_V1_ListInvitationsRequest()
            request.clientID = client
            return try request.serializedData()
        case PeopleMethods.transferOwnership:
            var request = Clientele_V1_TransferOwnershipRequest()
            request.clientID = client
            request.toEmail = "new-owner-\(UUID().uuidString.prefix(6))@example.com"
            return try request.serializedData()
        case PeopleMethods.grantStaffAccess:
            var request = Clientele_V1_GrantStaffAccessRequest()
            request.clientID = client
            request.userID = self.world.ownOwner
            return try request.serializedData()
        case PeopleMethods.revokeStaffAccess:
            var grant = "sg_missing"
            if client == self.target {
                // A bystander: a grant to the caller would change what the caller may see.
                let bystander = try await self.member(on: client)
                grant = try await self.people.grantStaff(
                    client, userID: bystander, accountID: "", expiresAt: 0, Self.write(setup)
                ).id
            }
            var request = Clientele_V1_RevokeStaffAccessRequest()
            request.clientID = client
            request.grantID = grant
            return try request.serializedData()
        case PeopleMethods.listAccess:
            var request = Clientele_V1_ListAccessRequest()
            request.clientID = client
            return try request.serializedData()
        case PeopleMethods.createAccount:
            var request = Clientele_V1_CreateAccountRequest()
            request.clientID = client
            request.product = "voip"
            request.name = "Line"
            return try request.serializedData()
        case PeopleMethods.linkAccount, PeopleMethods.unlinkAccount:
            var account = "acc_missing"
            if client == self.target {
                let group = try await self.world.clients.resource(client).groupID
                let linked = method == PeopleMethods.unlinkAccount
                account = try await self.people.createAccount(
                    clientID: linked ? client : "", groupID: group, product: "voip", name: "Line", externalID: "",
                    Self.write(setup)
                ).id
            }
            if method == PeopleMethods.linkAccount {
                var request = Clientele_V1_LinkAccountRequest()
                request.clientID = client
                request.accountID = account
                return try request.serializedData()
            }
            var request = Clientele_V1_UnlinkAccountRequest()
            request.clientID = client
            request.accountID = account
            return try request.serializedData()
        case PeopleMethods.listAccounts:
            var request = Clientele_V1_ListAccountsRequest()
            request.clientID = client
            return try request.serializedData()
        case PeopleMethods.setParentClient:
            var request = Clientele_V1_SetParentClientRequest()
            request.clientID = client
            request.parentClientID = self.sibling
            return try request.serializedData()
        case PeopleMethods.signInAs:
            if client == self.target {
                _ = try await self.people.transferOwnership(
                    client, toUserID: "", toEmail: "owned-\(UUID().uuidString.prefix(6))@example.com", toName: "",
                    removeFormer: true, Self.write(setup))
            }
            var request = Clientele_V1_SignInAsRequest()
            request.clientID = client
            return try request.serializedData()
        case PeopleMethods.listSignInAsSessions:
            var request = Clientele_V1_ListSignInAsSessionsRequest()
            request.clientID = client
            return try request.serializedData()
        default:
            fatalError("no client request for \(method)")
        }
    }

    var people: PeopleService {
        var settings = PeopleSettings()
        settings.passwordCost = .fastForTests
        return PeopleService(
            database: self.world.database, clock: SystemClock(), ids: RandomIDGenerator(), settings: settings)
    }

    /// A member of the target, added as setup (a placeholder id for another client).
    func member(on client: String) async throws -> String {
        guard client == self.target else { return "usr_missing" }
        let setup = Principal(kind: .user(id: "usr_setup"), grants: [])
        return try await self.people.addMember(
            client, firstName: "Max", lastName: "", email: "max-\(UUID().uuidString.prefix(6))@example.com", role: 2,
            portalAccess: true, Self.write(setup)
        ).user.id
    }

    var billing: BillingService {
        BillingService(database: self.world.database, clock: SystemClock(), ids: RandomIDGenerator())
    }

    /// Posts an entry on the target as setup; the entry's id (`nil` for another client).
    func post(_ kind: EntryKind, _ amount: Int64, on client: String) async throws -> String? {
        guard client == self.target else { return nil }
        let setup = Principal(kind: .user(id: "usr_setup"), grants: [])
        return try await self.billing.post(client, EntryDraft(kind: kind, amountMinor: amount), Self.write(setup)).entry
            .id
    }

    /// Gives `client` (when it exists, in either tenant) a billing email, so that it has an invoice recipient.
    func giveInvoiceRecipient(_ client: String) async throws {
        try await self.world.database.write { store in
            guard var record = try store.clients.fetch(id: client) else { return }
            record.billingEmails = ["billing@example.com"]
            try store.clients.update(record, contacts: try store.contacts.forClient(client))
        }
    }

    /// A statement of `client` issued as setup (a placeholder id for a client that does not exist).
    func statement(on client: String) async throws -> String {
        guard client != "cli_missing" else { return "stm_missing" }
        try await self.giveInvoiceRecipient(client)
        let setup = Principal(kind: .user(id: "usr_setup"), grants: [])
        return try await self.billing.issueStatement(
            client, periodStartMillis: 1, periodEndMillis: SystemClock().nowMillis() - 1_000, Self.write(setup)
        ).statement.id
    }

    /// An import in `group` begun by the caller (through the domain: the policy is under test).
    func callerImport(in group: String) async throws -> String {
        let principal = Principal(kind: .user(id: self.callerID), grants: [])
        let write = Write<ClientImportTicket>(
            origin: WriteOrigin(principal: principal, action: "setup", requestID: "setup"), encode: { _ in [] })
        return try await self.world.clients.beginImport(
            groupID: group, columns: ["account_name"], mode: .allOrNothing, dryRun: false, write
        ).importID
    }

    /// A request naming `group` that its owner could make successfully.
    func request(for method: MethodDescriptor, group: String) async throws -> Data {
        switch method {
        case ClientsMethods.createClient:
            var request = Clientele_V1_CreateClientRequest()
            request.groupID = group
            request.fields.accountName = "Created"
            return try request.serializedData()
        case ClientsMethods.listClients:
            var request = Clientele_V1_ListClientsRequest()
            request.groupID = group
            return try request.serializedData()
        case ClientsMethods.beginClientImport:
            var request = Clientele_V1_BeginClientImportRequest()
            request.groupID = group
            request.columns = ["account_name"]
            return try request.serializedData()
        case ClientsMethods.addClientImportRows:
            var request = Clientele_V1_AddClientImportRowsRequest()
            request.importID = try await self.callerImport(in: group)
            var row = Clientele_V1_ClientImportRow()
            row.rowNumber = 2
            row.values = ["Imported"]
            request.rows = [row]
            return try request.serializedData()
        case ClientsMethods.commitClientImport:
            var request = Clientele_V1_CommitClientImportRequest()
            request.importID = try await self.callerImport(in: group)
            return try request.serializedData()
        case OutboxMethods.listPending:
            var request = Clientele_V1_ListPendingMessagesRequest()
            request.groupID = group
            return try request.serializedData()
        case OutboxMethods.acknowledge:
            var request = Clientele_V1_AcknowledgeMessagesRequest()
            request.groupID = group
            request.messageIds = ["msg_none"]
            return try request.serializedData()
        case ChangesMethods.follow:
            var request = Clientele_V1_FollowChangesRequest()
            request.groupID = group
            return try request.serializedData()
        default:
            fatalError("no group request for \(method)")
        }
    }
}
