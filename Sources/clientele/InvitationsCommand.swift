import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele invitations …`: portal invitations of a client's people.
struct InvitationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invitations",
        abstract: "Portal invitations: send, resend, revoke, list pending ones, accept.",
        discussion: """
            The link token or temporary password travels only in the outbox message. Example:
              clientele invitations send --client-id cli_… --user-id usr_… --method temporary_password
            """,
        subcommands: [Send.self, Resend.self, Revoke.self, ClientQueryCommand<List>.self, Accept.self]
    )

    struct Send: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite a member, or the primary contact when --user-id is left out.")
        static let method = PeopleMethods.Unary.invitePortalUser

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The member's user id (default: the primary contact).") var userId: String?
        @Option(help: "link (a one-time token, the default) or temporary_password.")
        var method: Clientele_V1_InvitationMethod = .link
        @Option(help: "Hours until it expires (0: the daemon's default, 7 days).") var expiresInHours: Int32 = 0

        func request() -> Clientele_V1_InvitePortalUserRequest {
            var request = Clientele_V1_InvitePortalUserRequest()
            request.clientID = self.clientId
            request.userID = self.userId ?? ""
            request.method = self.method
            request.expiresInHours = self.expiresInHours
            return request
        }
    }

    struct Resend: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a new link or password; the previous one stops working.")
        static let method = PeopleMethods.Unary.resendInvitation

        @OptionGroup var settings: WriteOptions
        @OptionGroup var invitation: InvitationOptions

        func request() -> Clientele_V1_ResendInvitationRequest {
            var request = Clientele_V1_ResendInvitationRequest()
            (request.clientID, request.invitationID) = (self.invitation.clientId, self.invitation.invitationId)
            return request
        }
    }

    struct Revoke: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a pending invitation.")
        static let method = PeopleMethods.Unary.revokeInvitation

        @OptionGroup var settings: WriteOptions
        @OptionGroup var invitation: InvitationOptions

        func request() -> Clientele_V1_RevokeInvitationRequest {
            var request = Clientele_V1_RevokeInvitationRequest()
            (request.clientID, request.invitationID) = (self.invitation.clientId, self.invitation.invitationId)
            return request
        }
    }

    struct InvitationOptions: ParsableArguments {
        @Option(help: "The client.") var clientId: String
        @Option(help: "The invitation.") var invitationId: String
    }

    enum List: ClientQuery {
        static let name = "list"
        static let abstract = "List a client's pending invitations."
        static let method = PeopleMethods.Unary.listInvitations
        static let columns = ["id", "user_id", "email", "method", "state", "expires_at_millis"]
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept an invitation with its mailed token: sets your password and signs you in.",
            discussion: """
                The new password is asked for on the terminal, or read from standard input with \
                --password-stdin. With --save the session token is saved like `clientele login` does; \
                otherwise it is printed.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The token from the invitation or activation mail (the request's token field).")
        var invitationToken: String
        @Flag(help: "Read the new password from standard input.") var passwordStdin = false
        @Flag(help: "Save the session token for later commands (mode 0600).") var save = false

        func run() async throws {
            var request = Clientele_V1_AcceptInvitationRequest()
            request.token = self.invitationToken
            request.password = try SecretInput.read(prompt: "New password: ", fromStandardInput: self.passwordStdin)
            var answer = try await self.connection.call(
                AccessMethods.acceptInvitation, request, Clientele_V1_LoginResponse.self, anonymous: true)
            if self.save {
                try Credentials.save(answer.token)
                answer.token = "(saved to \(Credentials.file.path))"
            }
            try self.connection.printer.print(answer)
        }
    }
}
