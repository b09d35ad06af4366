import ArgumentParser

/// `clientele clients …`: the client record and its lifecycle.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Clients: create, read, update, list, their lifecycle, and CSV import.",
        discussion: """
            Examples:
              clientele clients create --group-id grp_… --account-name Nordwind --country DE --login nordwind
              clientele clients list --group-id grp_… --country DE --sort account_name --output table
              clientele clients update --client-id cli_… --company-name "Nordwind GmbH" --expected-version 1
              clientele clients template > clients.csv
              clientele clients import clients.csv --group-id grp_… --dry-run
            """,
        subcommands: subcommands
    )

    /// One line per subcommand; a new one is registered by adding it here.
    static let subcommands: [any ParsableCommand.Type] = [
        Create.self,
        ClientQueryCommand<Get>.self,
        Update.self,
        List.self,
        ClientTransitionCommand<Block>.self,
        ClientTransitionCommand<Unblock>.self,
        ClientTransitionCommand<Suspend>.self,
        ClientTransitionCommand<Resume>.self,
        ClientTransitionCommand<Activate>.self,
        ClientTransitionCommand<Deactivate>.self,
        Close.self,
        SetParent.self,
        ClientsTemplateCommand.self,
        ClientsImportCommand.self,
    ]
}
