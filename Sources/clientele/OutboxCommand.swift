import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// `clientele outbox list|ack`: mail waiting for the mail service.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Mail waiting for the mail service: list pending messages, acknowledge delivered ones.",
        discussion: """
            Example:
              clientele outbox ack --group-id grp_… --message-ids msg_1 msg_2
            """,
        subcommands: [List.self, Ack.self]
    )

    struct List: ListCommand {
        static let configuration = CommandConfiguration(abstract: "List pending messages, oldest first.")
        static let method = OutboxMethods.Unary.listPending
        static let columns = ["id", "created_at_millis", "kind", "client_id", "recipient_email", "subject"]

        @OptionGroup var settings: ReadOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: .groupID) var groupId: String

        func request() -> Clientele_V1_ListPendingMessagesRequest {
            var request = Clientele_V1_ListPendingMessagesRequest()
            request.groupID = self.groupId
            return request
        }
    }

    struct Ack: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge delivered messages (their bodies and tokens are erased).")
        static let method = OutboxMethods.Unary.acknowledge

        @OptionGroup var settings: WriteOptions
        @Option(help: .groupID) var groupId: String
        @Option(parsing: .upToNextOption, help: "The delivered messages' ids.") var messageIds: [String]

        func request() -> Clientele_V1_AcknowledgeMessagesRequest {
            var request = Clientele_V1_AcknowledgeMessagesRequest()
            request.groupID = self.groupId
            request.messageIds = self.messageIds
            return request
        }
    }
}
