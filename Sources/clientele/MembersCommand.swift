import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele members …`: the users of a client.
struct MembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "A client's members: add, update, remove, list.",
        discussion: """
            Example:
              clientele members add --client-id cli_… --first-name Mia --email mia@nordwind.example --role admin \\
                  --portal-access
            """,
        subcommands: [Add.self, Update.self, Remove.self, ClientQueryCommand<List>.self]
    )

    struct Add: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member (the user is created, or reused by email).")
        static let method = PeopleMethods.Unary.addMember

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "First name.") var firstName: String
        @Option(help: "Last name.") var lastName: String?
        @Option(help: "Email.") var email: String
        @Option(help: "Role: admin or member.") var role: Clientele_V1_MemberRole = .member
        @Flag(help: "Give portal access.") var portalAccess = false

        func request() -> Clientele_V1_AddMemberRequest {
            var request = Clientele_V1_AddMemberRequest()
            request.clientID = self.clientId
            request.firstName = self.firstName
            request.lastName = self.lastName ?? ""
            request.email = self.email
            request.role = self.role
            request.portalAccess = self.portalAccess
            return request
        }
    }

    struct Update: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Change a member's role or portal access.")
        static let method = PeopleMethods.Unary.updateMember

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The member's user id.") var userId: String
        @Option(help: "Role: admin or member.") var role: Clientele_V1_MemberRole?
        @Option(help: "Portal access: true or false.") var portalAccess: Bool?

        func validate() throws {
            guard self.role != nil || self.portalAccess != nil else {
                throw ValidationError("give --role or --portal-access")
            }
        }

        func request() -> Clientele_V1_UpdateMemberRequest {
            var setter = FieldSetter(target: Clientele_V1_UpdateMemberRequest())
            setter.set(self.role, "role", \.role)
            setter.set(self.portalAccess, "portal_access", \.portalAccess)
            var request = setter.target
            request.clientID = self.clientId
            request.userID = self.userId
            request.updatePaths = setter.paths
            return request
        }
    }

    struct Remove: RPCCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member from a client.")
        static let method = PeopleMethods.Unary.removeMember

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Option(help: "The member's user id.") var userId: String

        func request() -> Clientele_V1_RemoveMemberRequest {
            var request = Clientele_V1_RemoveMemberRequest()
            request.clientID = self.clientId
            request.userID = self.userId
            return request
        }
    }

    enum List: ClientQuery {
        static let name = "list"
        static let abstract = "List a client's members."
        static let method = PeopleMethods.Unary.listMembers
        static let columns = ["user_id", "name", "email", "role", "portal_access", "activated"]
    }
}
