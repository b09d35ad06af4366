import ArgumentParser
import ClienteleAPI

/// The `clientele` command line: calls the daemon and prints JSON.
@main
struct Clientele: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clientele",
        abstract: "Talk to a running clienteled over its Unix socket. Answers are printed as JSON.",
        discussion: """
            Every command has --help. Friendly commands print protobuf JSON, or a table with --output table; \
            writes take --idempotency-key. `clientele call` reaches any RPC with a JSON request.
            Credentials: --token, else $CLIENTELE_TOKEN, else the file `clientele login` writes \
            ($XDG_CONFIG_HOME/clientele/token or ~/.config/clientele/token, mode 0600).
            Exit status: 0 on success; the gRPC status code (1-16) of a failed call, e.g. 14 when \
            no daemon is listening (UNAVAILABLE), 5 NOT_FOUND, 9 FAILED_PRECONDITION; 64 for a usage error.
            Shell completion: clientele --generate-completion-script bash|zsh|fish > FILE, e.g. \
            clientele --generate-completion-script bash > /etc/bash_completion.d/clientele.
            """,
        version: ClienteleVersion.description,
        subcommands: [
            HealthCommand.self, LoginCommand.self, LogoutCommand.self, WhoAmICommand.self, GroupsCommand.self,
            UsersCommand.self, RolesCommand.self, KeysCommand.self, ExplainCommand.self,
            ClientsCommand.self, ContactsCommand.self, NotesCommand.self, AuditCommand.self, OutboxCommand.self,
            BillingCommand.self, MembersCommand.self, InvitationsCommand.self, OwnerCommand.self, StaffCommand.self,
            AccountsCommand.self, ClientQueryCommand<SignInAsCommands.SignIn>.self, SignInAsCommands.Sessions.self,
            ChangesCommand.self, CallCommand.self, DescribeCommand.self, ConfigCommand.self,
            MetricsCommand.self,
        ]
    )
}
