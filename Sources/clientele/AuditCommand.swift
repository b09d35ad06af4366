import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele audit list`: the audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit trail: who did what, to which resource, when.",
        discussion: """
            Example:
              clientele audit list --group-id grp_… --client-id cli_… --output table
            """,
        subcommands: [List.self]
    )

    struct List: ListCommand {
        static let configuration = CommandConfiguration(abstract: "List audit entries, newest first.")
        static let method = AuditMethods.Unary.list
        static let columns = ["at_millis", "actor", "on_behalf_of", "action", "resource", "changed_fields", "detail"]

        @OptionGroup var settings: ReadOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: .groupID) var groupId: String
        @Option(help: "Only entries about this client.") var clientId: String?
        @Option(help: "Only this actor (a user id, key:<id>, operator:<uid> or system).") var actor: String?
        @Option(help: "Prefix of the action, e.g. clientele.v1.Clients/.") var actionPrefix: String?
        @Option(help: "From this time (Unix milliseconds, inclusive).") var sinceMillis: Int64 = 0
        @Option(help: "Until this time (Unix milliseconds, exclusive).") var untilMillis: Int64 = 0

        func request() -> Clientele_V1_ListAuditRequest {
            var request = Clientele_V1_ListAuditRequest()
            request.groupID = self.groupId
            request.clientID = self.clientId ?? ""
            request.actor = self.actor ?? ""
            request.actionPrefix = self.actionPrefix ?? ""
            request.sinceMillis = self.sinceMillis
            request.untilMillis = self.untilMillis
            return request
        }
    }
}
