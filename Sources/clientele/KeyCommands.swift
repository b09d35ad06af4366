import ArgumentParser
import ClienteleAPI
import ClienteleProto

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "API keys for services.",
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a key; its secret is printed once and never again.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: .groupID) var groupId: String
        @Option(help: "A name that says which service uses it.") var name: String
        @Option(help: "Role: \(RoleArgument.allCases.map(\.rawValue).joined(separator: ", ")).") var role: RoleArgument

        func run() async throws {
            var request = Clientele_V1_IssueAPIKeyRequest()
            request.groupID = self.groupId
            request.name = self.name
            request.role = self.role.proto
            try await self.connection.callAndPrint(
                AccessMethods.issueAPIKey, request, Clientele_V1_IssueAPIKeyResponse.self)
        }
    }

    struct List: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's keys with their last use.")
        static let method = AccessMethods.Unary.listAPIKeys
        static let columns = ["id", "name", "prefix", "role", "created_at_millis", "last_used_at_millis", "revoked"]

        @OptionGroup var settings: ReadOptions
        @Option(help: .groupID) var groupId: String

        func request() -> Clientele_V1_ListAPIKeysRequest {
            var request = Clientele_V1_ListAPIKeysRequest()
            request.groupID = self.groupId
            return request
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it stops working within a second.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The key's id.") var keyId: String

        func run() async throws {
            var request = Clientele_V1_RevokeAPIKeyRequest()
            request.keyID = self.keyId
            try await self.connection.callAndPrint(
                AccessMethods.revokeAPIKey, request, Clientele_V1_RevokeAPIKeyResponse.self)
        }
    }
}
