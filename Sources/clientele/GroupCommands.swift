import ArgumentParser
import ClienteleAPI
import ClienteleProto
import Foundation

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Groups (tenants).",
        subcommands: [List.self, Bootstrap.self, People.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the groups you hold a role in, with your roles there (from whoami).",
            discussion: """
                From the daemon's WhoAmI: each group's id and name and your roles there. The group \
                of your context (`clientele config set group GROUP_ID`) is marked "context". The local \
                operator without a token holds no role: sign in with `clientele login --group-id … --email …`.
                """
        )

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let answer = try await self.connection.call(
                AccessMethods.whoAmI, Clientele_V1_WhoAmIRequest(), Clientele_V1_WhoAmIResponse.self)
            if answer.kind == .localOperator {
                FileHandle.standardError.write(
                    Data(
                        ("clientele: you are the local operator (uid \(answer.peerUid)) without a token and hold no role; "
                            + "sign in with `clientele login --group-id GROUP_ID --email EMAIL`\n").utf8))
            }
            let whoami = try JSONValue.parse(answer.jsonString(options: JSONOutput.options))
            let json = Self.groups(whoami, context: CLIConfig.current[.group])
            try self.connection.printer.print(json, columns: ["group_id", "name", "roles", "client_ids", "context"])
        }

        /// {"groups":[{"group_id":…,"name":…,"roles":["ROLE_OWNER"],"client_ids":[…],"context":true}]} from a WhoAmI
        /// answer in JSON: one entry per group in the order first granted; roles as in proto JSON (a table
        /// shows them as typed).
        static func groups(_ whoami: JSONValue, context: String?) -> JSONValue {
            var order: [String] = []
            var roles: [String: [String]] = [:]
            var clients: [String: [String]] = [:]
            guard case .array(let grants)? = whoami.value(at: "grants") else {
                return .object([JSONValue.Member(key: "groups", value: .array([]))])
            }
            var names: [String: String] = [:]
            if case .array(let groups)? = whoami.value(at: "groups") {
                for group in groups {
                    if case .string(let id)? = group.value(at: "id"), case .string(let name)? = group.value(at: "name")
                    {
                        names[id] = name
                    }
                }
            }
            for grant in grants {
                var group = ""
                if case .string(let id)? = grant.value(at: "group_id") { group = id }
                if group.isEmpty, case .string(let id)? = grant.value(at: "scope.group_id") { group = id }
                if roles[group] == nil { order.append(group) }
                if case .string(let role)? = grant.value(at: "role"), !roles[group, default: []].contains(role) {
                    roles[group, default: []].append(role)
                } else if roles[group] == nil {
                    roles[group] = []
                }
                if case .string(let client)? = grant.value(at: "scope.client_id") {
                    clients[group, default: []].append(client)
                }
            }
            let items: [JSONValue] = order.map { group in
                var members = [
                    JSONValue.Member(key: "group_id", value: .string(group)),
                    JSONValue.Member(key: "name", value: .string(names[group] ?? "")),
                    JSONValue.Member(key: "roles", value: .array(roles[group, default: []].map(JSONValue.string))),
                ]
                if let ids = clients[group] {
                    members.append(JSONValue.Member(key: "client_ids", value: .array(ids.map(JSONValue.string))))
                }
                if group == context { members.append(JSONValue.Member(key: "context", value: .bool(true))) }
                return .object(members)
            }
            return .object([JSONValue.Member(key: "groups", value: .array(items))])
        }
    }

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
        @Option(help: .groupID) var groupId: String

        func request() -> Clientele_V1_ListPeopleRequest {
            var request = Clientele_V1_ListPeopleRequest()
            request.groupID = self.groupId
            return request
        }
    }
}
