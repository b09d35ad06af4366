import ArgumentParser
import ClienteleAPI
import ClienteleProto

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Groups (tenants).",
        subcommands: [Bootstrap.self, People.self]
    )

    struct Bootstrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create a group and its first owner. Only the local operator (the daemon's uid or root) may; no token is sent.",
            discussion:
                "The owner's password is asked for on the terminal, or read from standard input with --password-stdin."
        )

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The group's name.") var name: String
        @Option(help: "The first owner's email.") var ownerEmail: String
        @Option(help: "The first owner's name.") var ownerName: String
        @Flag(help: "Read the owner's password from standard input.") var passwordStdin = false

        func run() async throws {
            var request = Clientele_V1_BootstrapGroupRequest()
            request.groupName = self.name
            request.ownerEmail = self.ownerEmail
            request.ownerName = self.ownerName
            request.ownerPassword = try SecretInput.read(
                prompt: "Owner's password: ", fromStandardInput: self.passwordStdin)
            try await self.connection.callAndPrint(
                AccessMethods.bootstrapGroup, request, Clientele_V1_BootstrapGroupResponse.self, anonymous: true
            )
        }
    }

    struct People: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's people with their roles.")
        static let method = AccessMethods.Unary.listPeople
        static let columns = ["user.id", "user.name", "user.email", "user.disabled", "roles.role"]

        @OptionGroup var settings: ReadOptions
        @Option(help: "The group.") var group: String

        func request() -> Clientele_V1_ListPeopleRequest {
            var request = Clientele_V1_ListPeopleRequest()
            request.groupID = self.group
            return request
        }
    }
}
