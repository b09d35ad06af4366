import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele staff …`: partner staff access to a client.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Partner staff access: grant, revoke, and list who can access a client.",
        discussion: """
            Example:
              clientele staff grant --client-id cli_… --user-id usr_… --account-id acc_…
            """,
        subcommands: [Grant.self, Revoke.self, ClientQueryCommand<List>.self]
    )

    struct Grant: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant a staff member access to a client, or to one of its linked accounts.")
        static let method = PeopleMethods.Unary.grantStaffAccess

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The staff member's user id.") var userId: String
        @Option(help: "Only this linked account (default: the whole client).") var accountId: String?
        @Option(help: "Until this time (Unix milliseconds; 0: no end).") var expiresAtMillis: Int64 = 0

        func request() -> Clientele_V1_GrantStaffAccessRequest {
            var request = Clientele_V1_GrantStaffAccessRequest()
            request.clientID = self.clientId
            request.userID = self.userId
            request.accountID = self.accountId ?? ""
            request.expiresAtMillis = self.expiresAtMillis
            return request
        }
    }

    struct Revoke: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a staff grant.")
        static let method = PeopleMethods.Unary.revokeStaffAccess

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The grant.") var grantId: String

        func request() -> Clientele_V1_RevokeStaffAccessRequest {
            var request = Clientele_V1_RevokeStaffAccessRequest()
            (request.clientID, request.grantID) = (self.clientId, self.grantId)
            return request
        }
    }

    enum List: ClientQuery {
        static let name = "list"
        static let abstract = "Who can access a client and through what (the Staff panel)."
        static let method = PeopleMethods.Unary.listAccess
        static let columns = ["user_id", "name", "email", "role", "through", "expires_at_millis"]
    }
}
