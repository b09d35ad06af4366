import ArgumentParser
import ClienteleAPI
import ClienteleProto

extension ClientsCommand {
    enum Block: ClientTransition {
        static let name = "block"
        static let abstract = "Block a client (a flag beside its status), with a reason."
        static let method = ClientsMethods.Unary.blockClient
    }

    enum Unblock: ClientTransition {
        static let name = "unblock"
        static let abstract = "Lift a client's block."
        static let method = ClientsMethods.Unary.unblockClient
    }

    enum Suspend: ClientTransition {
        static let name = "suspend"
        static let abstract = "Suspend a client (a flag beside its status), with a reason."
        static let method = ClientsMethods.Unary.suspendClient
    }

    enum Resume: ClientTransition {
        static let name = "resume"
        static let abstract = "Lift a client's suspension."
        static let method = ClientsMethods.Unary.resumeClient
    }

    enum Activate: ClientTransition {
        static let name = "activate"
        static let abstract = "Make a pending or inactive client active."
        static let method = ClientsMethods.Unary.activateClient
    }

    enum Deactivate: ClientTransition {
        static let name = "deactivate"
        static let abstract = "Make an active client inactive."
        static let method = ClientsMethods.Unary.deactivateClient
    }

    struct Close: RPCCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a client (instead of deleting it); refused with the list of what blocks it.",
            discussion: "With --dry-run only reports whether it could be closed and what blocks it."
        )
        static let method = ClientsMethods.Unary.closeClient

        @OptionGroup var settings: WriteOptions
        @Option(help: "The client.") var clientId: String
        @Flag(help: "Only report what would block closing.") var dryRun = false
        @Option(help: "Why.") var reason: String?
        @Option(help: "Refuse unless the client is at this version (0: any).") var expectedVersion: Int64 = 0

        func request() -> Clientele_V1_CloseClientRequest {
            var request = Clientele_V1_CloseClientRequest()
            request.clientID = self.clientId
            request.dryRun = self.dryRun
            request.reason = self.reason ?? ""
            request.expectedVersion = self.expectedVersion
            return request
        }
    }
}
