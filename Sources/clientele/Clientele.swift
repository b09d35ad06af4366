import ArgumentParser
import ClienteleAPI

/// The `clientele` command line: calls the daemon and prints JSON.
@main
struct Clientele: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clientele",
        abstract: "Talk to a running clienteled over its Unix socket. Answers are printed as JSON.",
        discussion: """
            Exit status: 0 on success; the gRPC status code (1-16) of a failed call, e.g. 14 when \
            no daemon is listening (UNAVAILABLE); 64 for a usage error. \
            Shell completion: clientele --generate-completion-script bash|zsh|fish.
            """,
        version: ClienteleVersion.current,
        subcommands: [
            HealthCommand.self, LoginCommand.self, LogoutCommand.self, WhoAmICommand.self, GroupsCommand.self,
            UsersCommand.self, RolesCommand.self, KeysCommand.self, ExplainCommand.self, CallCommand.self,
            ClientsCommand.self,
        ]
    )
}
