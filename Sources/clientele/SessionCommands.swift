import ArgumentParser
import ClienteleAPI
import ClienteleProto
import Foundation

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in; saves the session token (mode 0600) for later commands.",
        discussion: """
            Accounts belong to one group (tenant): name it with --group-id; the same email may have \
            an account in several groups, each with its own password. The password is asked for on \
            the terminal, or read from standard input with --password-stdin.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("group-id"), help: "The group your account belongs to.") var groupID: String
    @Option(help: "Your email.") var email: String
    @Flag(help: "Read the password from standard input.") var passwordStdin = false
    @Flag(help: "Print the token instead of saving it.") var print = false

    func run() async throws {
        var request = Clientele_V1_LoginRequest()
        request.groupID = self.groupID
        request.email = self.email
        request.password = try SecretInput.read(prompt: "Password: ", fromStandardInput: self.passwordStdin)
        let answer = try await self.connection.call(
            AccessMethods.login, request, Clientele_V1_LoginResponse.self, anonymous: true
        )
        if self.print {
            try self.connection.printer.print(answer)
        } else {
            try Credentials.save(answer.token)
            var context = CLIConfig.current
            if context[.group] == nil {
                // The group signed in to becomes the context's, so that --group-id may be left out.
                context[.group] = self.groupID
                if (try? context.save()) != nil {
                    FileHandle.standardError.write(
                        Data("clientele: note: \(self.groupID) is now your context's group (`clientele config`)\n".utf8)
                    )
                }
            }
            var shown = answer
            shown.token = "(saved to \(Credentials.file.path))"
            try self.connection.printer.print(shown)
        }
    }
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "End the session and forget the saved token.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await self.connection.callAndPrint(
            AccessMethods.logout, Clientele_V1_LogoutRequest(), Clientele_V1_LogoutResponse.self)
        Credentials.forget()
    }
}

struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Show who the daemon thinks you are, with your roles.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await self.connection.callAndPrint(
            AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest(), Clientele_V1_WhoAmIResponse.self)
    }
}

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say whether a user may take an action on a group or client, and by which grant."
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The user's id.") var userId: String
    @Option(help: "An action such as client.update.") var action: String
    @Option(help: .groupID) var groupId: String
    @Option(help: "A client of the group.") var clientId: String?

    func run() async throws {
        var request = Clientele_V1_ExplainRequest()
        request.userID = self.userId
        request.action = self.action
        request.groupID = self.groupId
        request.clientID = self.clientId ?? ""
        try await self.connection.callAndPrint(AccessMethods.explain, request, Clientele_V1_ExplainResponse.self)
    }
}
