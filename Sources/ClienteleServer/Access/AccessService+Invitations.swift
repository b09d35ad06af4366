import ClienteleAPI
import ClienteleDomain
import ClienteleProto

extension AccessService {
    /// AcceptInvitation: open (the invitation token is the credential).
    func registerInvitations(in router: inout SecuredRouter) {
        let identity = self.identity
        router.register(AccessMethods.acceptInvitation, requires: .open) {
            (request: Clientele_V1_AcceptInvitationRequest, _, _) in
            let (token, session, user) = try await Self.run {
                try await identity.acceptInvitation(token: request.token, password: request.password)
            }
            var response = Clientele_V1_LoginResponse()
            response.token = token
            response.expiresAtMillis = session.expiresAt
            response.user = AccessConversions.user(user)
            return response
        }

        router.register(AccessMethods.changePassword, requires: .open) {
            (request: Clientele_V1_ChangePasswordRequest, _, _) in
            let (token, session, user) = try await Self.run {
                try await identity.changePassword(
                    groupID: request.groupID, email: request.email, current: request.currentPassword,
                    new: request.newPassword)
            }
            var response = Clientele_V1_LoginResponse()
            response.token = token
            response.expiresAtMillis = session.expiresAt
            response.user = AccessConversions.user(user)
            return response
        }
    }
}
