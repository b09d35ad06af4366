import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele owner transfer`: a client's ownership.
struct OwnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner",
        abstract: "A client's account owner.",
        discussion: """
            Example:
              clientele owner transfer --client-id cli_… --to-email new@nordwind.example --former-owner remove
            """,
        subcommands: [Transfer.self]
    )

    struct Transfer: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move ownership to a user, a member or a new email; accounts stay with the client.",
            discussion:
                "A new email becomes a user invited by link. The former owner stays an admin member unless --former-owner remove."
        )
        static let method = PeopleMethods.Unary.transferOwnership

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The new owner: an existing user (e.g. a member).") var toUserId: String?
        @Option(help: "Or the new owner's email (a new user, invited by link).") var toEmail: String?
        @Option(help: "The new user's name, with --to-email.") var toName: String?
        @Option(help: "keep_as_admin (default) or remove.") var formerOwner: Clientele_V1_FormerOwner = .keepAsAdmin

        func validate() throws {
            guard (self.toUserId == nil) != (self.toEmail == nil) else {
                throw ValidationError("give either --to-user-id or --to-email")
            }
        }

        func request() -> Clientele_V1_TransferOwnershipRequest {
            var request = Clientele_V1_TransferOwnershipRequest()
            request.clientID = self.clientId
            request.toUserID = self.toUserId ?? ""
            request.toEmail = self.toEmail ?? ""
            request.toName = self.toName ?? ""
            request.formerOwner = self.formerOwner
            return request
        }
    }
}
