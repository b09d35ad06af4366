import ArgumentParser
import ClienteleAPI
import ClienteleProto
import SwiftProtobuf

/// A request that names a client and nothing else a user must give.
protocol ClientRequest: Message {
    var clientID: String { get set }
}

extension Clientele_V1_GetClientRequest: ClientRequest {}
extension Clientele_V1_GetBalanceRequest: ClientRequest {}
extension Clientele_V1_ListMembersRequest: ClientRequest {}
extension Clientele_V1_ListInvitationsRequest: ClientRequest {}
extension Clientele_V1_ListAccessRequest: ClientRequest {}
extension Clientele_V1_ListAccountsRequest: ClientRequest {}
extension Clientele_V1_SignInAsRequest: ClientRequest {}
extension Clientele_V1_ListSignInAsSessionsRequest: ClientRequest {}

/// What a `ClientQueryCommand` calls: its name, help, method and table columns.
protocol ClientQuery {
    associatedtype Request: ClientRequest
    associatedtype Response: Message
    /// ReadOptions, or WriteOptions for a call that writes.
    associatedtype Settings: CallSettings & ParsableArguments = ReadOptions
    static var name: String { get }
    static var abstract: String { get }
    static var method: UnaryMethod<Request, Response> { get }
    static var columns: [String] { get }
}

extension ClientQuery {
    static var columns: [String] { [] }
}

/// A command whose only option is `--client-id`: `clients get`, `billing balance`, the lists of a client's people.
struct ClientQueryCommand<Query: ClientQuery>: RPCCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Query.name, abstract: Query.abstract)
    }
    static var method: UnaryMethod<Query.Request, Query.Response> { Query.method }
    static var columns: [String] { Query.columns }

    @OptionGroup var settings: Query.Settings
    @Option(help: "The client.") var clientId: String

    func request() -> Query.Request {
        var request = Query.Request()
        request.clientID = self.clientId
        return request
    }
}
