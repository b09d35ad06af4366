import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele sign-in-as` and `clientele sessions list`: acting inside one client as its owner.
enum SignInAsCommands {
    enum SignIn: ClientQuery {
        typealias Settings = WriteOptions
        static let name = "sign-in-as"
        static let abstract =
            "Get a short-lived token that acts inside one client as its owner (use it with --token or CLIENTELE_TOKEN)."
        static let method = PeopleMethods.Unary.signInAs
    }

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sessions",
            abstract: "The sign-in-as sessions opened on a client.",
            discussion: """
                Example:
                  clientele sessions list --client-id cli_… --output table
                """,
            subcommands: [ClientQueryCommand<List>.self]
        )
    }

    enum List: ClientQuery {
        static let name = "list"
        static let abstract = "List the sign-in-as sessions opened on a client (for its owner)."
        static let method = PeopleMethods.Unary.listSignInAsSessions
        static let columns = [
            "id", "actor_user_id", "acting_as_user_id", "created_at_millis", "expires_at_millis", "revoked",
        ]
    }
}
