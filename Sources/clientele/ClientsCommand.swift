import ArgumentParser

/// `clientele clients …`.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Clients of a group.",
        subcommands: [ClientsTemplateCommand.self, ClientsImportCommand.self]
    )
}
