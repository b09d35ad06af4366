import ArgumentParser
import ClienteleAPI
import ClienteleProto

struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Role assignments.",
        subcommands: [Assign.self, Revoke.self]
    )

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a user a role on a group.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The user's id.") var userId: String
        @Option(help: "Role: \(RoleArgument.allCases.map(\.rawValue).joined(separator: ", ")).") var role: RoleArgument
        @Option(help: .groupID) var groupId: String
        @Option(help: "Unix milliseconds after which the role lapses.") var expiresAt: Int64?

        func run() async throws {
            var request = Clientele_V1_AssignRoleRequest()
            request.userID = self.userId
            request.role = self.role.proto
            request.scope.groupID = self.groupId
            request.expiresAtMillis = self.expiresAt ?? 0
            try await self.connection.callAndPrint(AccessMethods.assignRole, request, Clientele_V1_RoleAssignment.self)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a role assignment.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The assignment's id.") var assignmentId: String

        func run() async throws {
            var request = Clientele_V1_RevokeRoleRequest()
            request.assignmentID = self.assignmentId
            try await self.connection.callAndPrint(
                AccessMethods.revokeRole, request, Clientele_V1_RevokeRoleResponse.self)
        }
    }
}
