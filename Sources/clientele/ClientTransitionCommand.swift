import ArgumentParser
import ClienteleAPI
import ClienteleProto

/// One of the state changes that share `ChangeClientStateRequest`: its name, help and method.
protocol ClientTransition {
    static var name: String { get }
    static var abstract: String { get }
    static var method: UnaryMethod<Clientele_V1_ChangeClientStateRequest, Clientele_V1_Client> { get }
}

/// `clients block|unblock|suspend|resume|activate|deactivate`: the same options, another method.
struct ClientTransitionCommand<Transition: ClientTransition>: RPCCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Transition.name, abstract: Transition.abstract)
    }
    static var method: UnaryMethod<Clientele_V1_ChangeClientStateRequest, Clientele_V1_Client> { Transition.method }

    @OptionGroup var settings: WriteOptions
    @Option(help: "The client.") var clientId: String
    @Option(help: "Why (required to block and suspend).") var reason: String?
    @Option(help: "Refuse unless the client is at this version (0: any).") var expectedVersion: Int64 = 0

    func request() -> Clientele_V1_ChangeClientStateRequest {
        var request = Clientele_V1_ChangeClientStateRequest()
        request.clientID = self.clientId
        request.reason = self.reason ?? ""
        request.expectedVersion = self.expectedVersion
        return request
    }
}
