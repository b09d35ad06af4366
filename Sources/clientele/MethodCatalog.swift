import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import SwiftProtobuf

/// Every RPC of the contract with its request and response message types, for `clientele call`.
enum MethodCatalog {
    struct Entry {
        let method: MethodDescriptor
        let request: any Message.Type
        let response: any Message.Type
    }

    static let entries: [Entry] =
        health + reflection + access + clients + audit + outbox + billing + people + changes

    static func entry(_ fullName: String) -> Entry? {
        let name = fullName.hasPrefix("/") ? String(fullName.dropFirst()) : fullName
        return self.entries.first { $0.method.fullName == name }
    }

    private static func e(
        _ method: MethodDescriptor, _ request: any Message.Type, _ response: any Message.Type
    ) -> Entry {
        Entry(method: method, request: request, response: response)
    }

    private static let health = [
        e(HealthMethods.check, Clientele_V1_HealthCheckRequest.self, Clientele_V1_HealthCheckResponse.self)
    ]

    private static let reflection = [
        e(
            ReflectionMethods.getDescriptorSet, Clientele_V1_GetDescriptorSetRequest.self,
            Clientele_V1_GetDescriptorSetResponse.self)
    ]

    private static let access = [
        e(
            AccessMethods.bootstrapGroup, Clientele_V1_BootstrapGroupRequest.self,
            Clientele_V1_BootstrapGroupResponse.self),
        e(AccessMethods.login, Clientele_V1_LoginRequest.self, Clientele_V1_LoginResponse.self),
        e(AccessMethods.logout, Clientele_V1_LogoutRequest.self, Clientele_V1_LogoutResponse.self),
        e(AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest.self, Clientele_V1_WhoAmIResponse.self),
        e(AccessMethods.createUser, Clientele_V1_CreateUserRequest.self, Clientele_V1_User.self),
        e(AccessMethods.updateUser, Clientele_V1_UpdateUserRequest.self, Clientele_V1_User.self),
        e(AccessMethods.setUserDisabled, Clientele_V1_SetUserDisabledRequest.self, Clientele_V1_User.self),
        e(AccessMethods.assignRole, Clientele_V1_AssignRoleRequest.self, Clientele_V1_RoleAssignment.self),
        e(AccessMethods.revokeRole, Clientele_V1_RevokeRoleRequest.self, Clientele_V1_RevokeRoleResponse.self),
        e(AccessMethods.listPeople, Clientele_V1_ListPeopleRequest.self, Clientele_V1_ListPeopleResponse.self),
        e(AccessMethods.issueAPIKey, Clientele_V1_IssueAPIKeyRequest.self, Clientele_V1_IssueAPIKeyResponse.self),
        e(AccessMethods.listAPIKeys, Clientele_V1_ListAPIKeysRequest.self, Clientele_V1_ListAPIKeysResponse.self),
        e(AccessMethods.revokeAPIKey, Clientele_V1_RevokeAPIKeyRequest.self, Clientele_V1_RevokeAPIKeyResponse.self),
        e(AccessMethods.explain, Clientele_V1_ExplainRequest.self, Clientele_V1_ExplainResponse.self),
        e(AccessMethods.acceptInvitation, Clientele_V1_AcceptInvitationRequest.self, Clientele_V1_LoginResponse.self),
        e(AccessMethods.changePassword, Clientele_V1_ChangePasswordRequest.self, Clientele_V1_LoginResponse.self),
    ]

    private static let clients = [
        e(ClientsMethods.createClient, Clientele_V1_CreateClientRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.getClient, Clientele_V1_GetClientRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.updateClient, Clientele_V1_UpdateClientRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.listClients, Clientele_V1_ListClientsRequest.self, Clientele_V1_ListClientsResponse.self),
        e(ClientsMethods.blockClient, Clientele_V1_ChangeClientStateRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.unblockClient, Clientele_V1_ChangeClientStateRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.suspendClient, Clientele_V1_ChangeClientStateRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.resumeClient, Clientele_V1_ChangeClientStateRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.activateClient, Clientele_V1_ChangeClientStateRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.deactivateClient, Clientele_V1_ChangeClientStateRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.closeClient, Clientele_V1_CloseClientRequest.self, Clientele_V1_CloseClientResponse.self),
        e(ClientsMethods.addContact, Clientele_V1_AddContactRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.updateContact, Clientele_V1_UpdateContactRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.removeContact, Clientele_V1_RemoveContactRequest.self, Clientele_V1_Client.self),
        e(ClientsMethods.addNote, Clientele_V1_AddNoteRequest.self, Clientele_V1_Note.self),
        e(ClientsMethods.listNotes, Clientele_V1_ListNotesRequest.self, Clientele_V1_ListNotesResponse.self),
        e(ClientsMethods.deleteNote, Clientele_V1_DeleteNoteRequest.self, Clientele_V1_DeleteNoteResponse.self),
        e(
            ClientsMethods.beginClientImport, Clientele_V1_BeginClientImportRequest.self,
            Clientele_V1_BeginClientImportResponse.self),
        e(
            ClientsMethods.addClientImportRows, Clientele_V1_AddClientImportRowsRequest.self,
            Clientele_V1_AddClientImportRowsResponse.self),
        e(
            ClientsMethods.commitClientImport, Clientele_V1_CommitClientImportRequest.self,
            Clientele_V1_ClientImportReport.self),
    ]

    private static let changes = [
        e(ChangesMethods.follow, Clientele_V1_FollowChangesRequest.self, Clientele_V1_FollowChangesResponse.self)
    ]

    private static let audit = [
        e(AuditMethods.list, Clientele_V1_ListAuditRequest.self, Clientele_V1_ListAuditResponse.self)
    ]

    private static let outbox = [
        e(
            OutboxMethods.listPending, Clientele_V1_ListPendingMessagesRequest.self,
            Clientele_V1_ListPendingMessagesResponse.self),
        e(
            OutboxMethods.acknowledge, Clientele_V1_AcknowledgeMessagesRequest.self,
            Clientele_V1_AcknowledgeMessagesResponse.self),
    ]

    private static let billing = [
        e(BillingMethods.addCredit, Clientele_V1_AddCreditRequest.self, Clientele_V1_PostEntryResponse.self),
        e(BillingMethods.charge, Clientele_V1_ChargeRequest.self, Clientele_V1_PostEntryResponse.self),
        e(
            BillingMethods.issueCreditNote, Clientele_V1_IssueCreditNoteRequest.self,
            Clientele_V1_PostEntryResponse.self),
        e(BillingMethods.correctPayment, Clientele_V1_CorrectPaymentRequest.self, Clientele_V1_PostEntryResponse.self),
        e(BillingMethods.withdraw, Clientele_V1_WithdrawRequest.self, Clientele_V1_PostEntryResponse.self),
        e(BillingMethods.settleDebt, Clientele_V1_SettleDebtRequest.self, Clientele_V1_PostEntryResponse.self),
        e(BillingMethods.getBalance, Clientele_V1_GetBalanceRequest.self, Clientele_V1_Balance.self),
        e(BillingMethods.listEntries, Clientele_V1_ListEntriesRequest.self, Clientele_V1_ListEntriesResponse.self),
        e(BillingMethods.changeTerms, Clientele_V1_ChangeTermsRequest.self, Clientele_V1_Balance.self),
        e(BillingMethods.changeCurrency, Clientele_V1_ChangeCurrencyRequest.self, Clientele_V1_Balance.self),
        e(BillingMethods.issueStatement, Clientele_V1_IssueStatementRequest.self, Clientele_V1_Statement.self),
        e(
            BillingMethods.listStatements, Clientele_V1_ListStatementsRequest.self,
            Clientele_V1_ListStatementsResponse.self),
        e(BillingMethods.getStatement, Clientele_V1_GetStatementRequest.self, Clientele_V1_Statement.self),
    ]

    private static let people = [
        e(PeopleMethods.addMember, Clientele_V1_AddMemberRequest.self, Clientele_V1_Member.self),
        e(PeopleMethods.updateMember, Clientele_V1_UpdateMemberRequest.self, Clientele_V1_Member.self),
        e(PeopleMethods.removeMember, Clientele_V1_RemoveMemberRequest.self, Clientele_V1_RemoveMemberResponse.self),
        e(PeopleMethods.listMembers, Clientele_V1_ListMembersRequest.self, Clientele_V1_ListMembersResponse.self),
        e(
            PeopleMethods.invitePortalUser, Clientele_V1_InvitePortalUserRequest.self,
            Clientele_V1_PortalInvitation.self),
        e(
            PeopleMethods.resendInvitation, Clientele_V1_ResendInvitationRequest.self,
            Clientele_V1_PortalInvitation.self),
        e(
            PeopleMethods.revokeInvitation, Clientele_V1_RevokeInvitationRequest.self,
            Clientele_V1_PortalInvitation.self),
        e(
            PeopleMethods.listInvitations, Clientele_V1_ListInvitationsRequest.self,
            Clientele_V1_ListInvitationsResponse.self),
        e(PeopleMethods.transferOwnership, Clientele_V1_TransferOwnershipRequest.self, Clientele_V1_Client.self),
        e(PeopleMethods.grantStaffAccess, Clientele_V1_GrantStaffAccessRequest.self, Clientele_V1_StaffGrant.self),
        e(
            PeopleMethods.revokeStaffAccess, Clientele_V1_RevokeStaffAccessRequest.self,
            Clientele_V1_RevokeStaffAccessResponse.self),
        e(PeopleMethods.listAccess, Clientele_V1_ListAccessRequest.self, Clientele_V1_ListAccessResponse.self),
        e(PeopleMethods.createAccount, Clientele_V1_CreateAccountRequest.self, Clientele_V1_Account.self),
        e(PeopleMethods.linkAccount, Clientele_V1_LinkAccountRequest.self, Clientele_V1_Account.self),
        e(PeopleMethods.unlinkAccount, Clientele_V1_UnlinkAccountRequest.self, Clientele_V1_Account.self),
        e(PeopleMethods.listAccounts, Clientele_V1_ListAccountsRequest.self, Clientele_V1_ListAccountsResponse.self),
        e(PeopleMethods.setParentClient, Clientele_V1_SetParentClientRequest.self, Clientele_V1_Client.self),
        e(PeopleMethods.signInAs, Clientele_V1_SignInAsRequest.self, Clientele_V1_SignInAsResponse.self),
        e(
            PeopleMethods.listSignInAsSessions, Clientele_V1_ListSignInAsSessionsRequest.self,
            Clientele_V1_ListSignInAsSessionsResponse.self),
    ]
}
