public import ClienteleRPC

/// The methods of `clientele.v1.Access` (proto/clientele/v1/access.proto).
public enum AccessMethods {
    public static let service = "clientele.v1.Access"
    public static let bootstrapGroup = MethodDescriptor(service: service, method: "BootstrapGroup")
    public static let login = MethodDescriptor(service: service, method: "Login")
    public static let logout = MethodDescriptor(service: service, method: "Logout")
    public static let whoAmI = MethodDescriptor(service: service, method: "WhoAmI")
    public static let createUser = MethodDescriptor(service: service, method: "CreateUser")
    public static let updateUser = MethodDescriptor(service: service, method: "UpdateUser")
    public static let setUserDisabled = MethodDescriptor(service: service, method: "SetUserDisabled")
    public static let assignRole = MethodDescriptor(service: service, method: "AssignRole")
    public static let revokeRole = MethodDescriptor(service: service, method: "RevokeRole")
    public static let listPeople = MethodDescriptor(service: service, method: "ListPeople")
    public static let issueAPIKey = MethodDescriptor(service: service, method: "IssueAPIKey")
    public static let listAPIKeys = MethodDescriptor(service: service, method: "ListAPIKeys")
    public static let revokeAPIKey = MethodDescriptor(service: service, method: "RevokeAPIKey")
    public static let explain = MethodDescriptor(service: service, method: "Explain")
    public static let acceptInvitation = MethodDescriptor(service: service, method: "AcceptInvitation")
    public static let changePassword = MethodDescriptor(service: service, method: "ChangePassword")

    public static let all = [
        bootstrapGroup, login, logout, whoAmI, createUser, updateUser, setUserDisabled, assignRole, revokeRole,
        listPeople, issueAPIKey, listAPIKeys, revokeAPIKey, explain, acceptInvitation, changePassword,
    ]
}
