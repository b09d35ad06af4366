public import ClienteleRPC

/// The methods of `clientele.v1.People` (proto/clientele/v1/people.proto).
public enum PeopleMethods {
    public static let service = "clientele.v1.People"
    public static let addMember = MethodDescriptor(service: service, method: "AddMember")
    public static let updateMember = MethodDescriptor(service: service, method: "UpdateMember")
    public static let removeMember = MethodDescriptor(service: service, method: "RemoveMember")
    public static let listMembers = MethodDescriptor(service: service, method: "ListMembers")
    public static let invitePortalUser = MethodDescriptor(service: service, method: "InvitePortalUser")
    public static let resendInvitation = MethodDescriptor(service: service, method: "ResendInvitation")
    public static let revokeInvitation = MethodDescriptor(service: service, method: "RevokeInvitation")
    public static let listInvitations = MethodDescriptor(service: service, method: "ListInvitations")
    public static let transferOwnership = MethodDescriptor(service: service, method: "TransferOwnership")
    public static let grantStaffAccess = MethodDescriptor(service: service, method: "GrantStaffAccess")
    public static let revokeStaffAccess = MethodDescriptor(service: service, method: "RevokeStaffAccess")
    public static let listAccess = MethodDescriptor(service: service, method: "ListAccess")
    public static let createAccount = MethodDescriptor(service: service, method: "CreateAccount")
    public static let linkAccount = MethodDescriptor(service: service, method: "LinkAccount")
    public static let unlinkAccount = MethodDescriptor(service: service, method: "UnlinkAccount")
    public static let listAccounts = MethodDescriptor(service: service, method: "ListAccounts")
    public static let setParentClient = MethodDescriptor(service: service, method: "SetParentClient")
    public static let signInAs = MethodDescriptor(service: service, method: "SignInAs")
    public static let listSignInAsSessions = MethodDescriptor(service: service, method: "ListSignInAsSessions")

    public static let all = [
        addMember, updateMember, removeMember, listMembers, invitePortalUser, resendInvitation, revokeInvitation,
        listInvitations, transferOwnership, grantStaffAccess, revokeStaffAccess, listAccess, createAccount,
        linkAccount, unlinkAccount, listAccounts, setParentClient, signInAs, listSignInAsSessions,
    ]
}
