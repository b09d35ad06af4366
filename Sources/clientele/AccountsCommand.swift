import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele accounts …`: product accounts linked to a client, or unlinked in the group.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Linked accounts: create, link, unlink, list a client's, list the group's unlinked ones.",
        discussion: """
            Example:
              clientele accounts create --client-id cli_… --product hosting --name "Web 1" --external-id h-42
            """,
        subcommands: [Create.self, Link.self, Unlink.self, ClientQueryCommand<List>.self, Unlinked.self]
    )

    struct Create: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account under a client (--client-id), or unlinked in a group (--group-id).")
        static let method = PeopleMethods.Unary.createAccount

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client that holds it.") var clientId: String?
        @Option(help: "Or the group, for an unlinked account.") var groupId: String?
        @Option(help: "The product, e.g. hosting.") var product: String
        @Option(help: "The account's name.") var name: String
        @Option(help: "An external id, unique in the group.") var externalId: String?

        func validate() throws {
            guard self.clientId != nil || self.groupId != nil else {
                throw ValidationError("give --client-id, or --group-id for an unlinked account")
            }
        }

        func request() -> Clientele_V1_CreateAccountRequest {
            var request = Clientele_V1_CreateAccountRequest()
            request.clientID = self.clientId ?? ""
            request.groupID = self.groupId ?? ""
            request.product = self.product
            request.name = self.name
            request.externalID = self.externalId ?? ""
            return request
        }
    }

    struct Link: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link one of the group's unlinked accounts to a client.")
        static let method = PeopleMethods.Unary.linkAccount

        @OptionGroup var settings: WriteOptions
        @OptionGroup var account: AccountOptions

        func request() -> Clientele_V1_LinkAccountRequest {
            var request = Clientele_V1_LinkAccountRequest()
            (request.clientID, request.accountID) = (self.account.clientId, self.account.accountId)
            return request
        }
    }

    struct Unlink: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlink an account from a client (it stays in the group).")
        static let method = PeopleMethods.Unary.unlinkAccount

        @OptionGroup var settings: WriteOptions
        @OptionGroup var account: AccountOptions

        func request() -> Clientele_V1_UnlinkAccountRequest {
            var request = Clientele_V1_UnlinkAccountRequest()
            (request.clientID, request.accountID) = (self.account.clientId, self.account.accountId)
            return request
        }
    }

    struct AccountOptions: ParsableArguments {
        @Option(help: "The client.") var clientId: String
        @Option(help: "The account.") var accountId: String
    }

    enum List: ClientQuery {
        static let name = "list"
        static let abstract = "List a client's accounts."
        static let method = PeopleMethods.Unary.listAccounts
        static let columns = ["id", "product", "name", "external_id", "client_id", "created_at_millis"]
    }

    struct Unlinked: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "List the group's unlinked accounts.")
        static let method = List.method
        static let columns = List.columns

        @OptionGroup var settings: ReadOptions
        @Option(help: .groupID) var groupId: String

        func request() -> Clientele_V1_ListAccountsRequest {
            var request = Clientele_V1_ListAccountsRequest()
            request.groupID = self.groupId
            return request
        }
    }
}
