import ArgumentParser
import ClienteleAPI
import ClienteleProto

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "People who sign in.",
        subcommands: [Create.self, Update.self, Disable.self, Enable.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user with a first role in a group (or give an existing user that role).")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: .groupID) var groupId: String
        @Option(help: "Email (the login).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Role: \(RoleArgument.allCases.map(\.rawValue).joined(separator: ", ")).") var role: RoleArgument
        @Flag(help: "Read a password from standard input (otherwise the user has none yet).") var passwordStdin = false

        func run() async throws {
            var request = Clientele_V1_CreateUserRequest()
            request.groupID = self.groupId
            request.email = self.email
            request.name = self.name
            request.role = self.role.proto
            if self.passwordStdin { request.password = try SecretInput.read(prompt: "", fromStandardInput: true) }
            try await self.connection.callAndPrint(AccessMethods.createUser, request, Clientele_V1_User.self)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a user's name or password (your own, or as the group's owner).")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The user's id.") var userId: String
        @Option(help: "New name.") var name: String?
        @Flag(help: "Read a new password from standard input.") var passwordStdin = false

        func run() async throws {
            var request = Clientele_V1_UpdateUserRequest()
            request.userID = self.userId
            request.name = self.name ?? ""
            if self.passwordStdin { request.password = try SecretInput.read(prompt: "", fromStandardInput: true) }
            try await self.connection.callAndPrint(AccessMethods.updateUser, request, Clientele_V1_User.self)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user; their sessions stop working.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The user's id.") var userId: String
        @Option(help: "The group in which you manage the user.") var groupId: String

        func run() async throws {
            try await UsersCommand.setDisabled(
                true, user: self.userId, group: self.groupId, connection: self.connection)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-enable a disabled user.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The user's id.") var userId: String
        @Option(help: "The group in which you manage the user.") var groupId: String

        func run() async throws {
            try await UsersCommand.setDisabled(
                false, user: self.userId, group: self.groupId, connection: self.connection)
        }
    }

    static func setDisabled(_ disabled: Bool, user: String, group: String, connection: ConnectionOptions) async throws {
        var request = Clientele_V1_SetUserDisabledRequest()
        request.userID = user
        request.groupID = group
        request.disabled = disabled
        try await connection.callAndPrint(AccessMethods.setUserDisabled, request, Clientele_V1_User.self)
    }
}
