import ArgumentParser
import ClienteleAPI
import SwiftProtobuf

/// A friendly subcommand: it builds one request from its options, calls one
/// method and prints the answer (`--output json|table`). A conforming command
/// declares only its method, its options and `request()`.
protocol RPCCommand: AsyncParsableCommand {
    associatedtype Request: Message
    associatedtype Response: Message
    associatedtype Settings: CallSettings & ParsableArguments

    static var method: UnaryMethod<Request, Response> { get }
    /// Dotted paths of the columns of `--output table` for a list; empty for one record.
    static var columns: [String] { get }
    var settings: Settings { get }

    func request() throws -> Request
}

extension RPCCommand {
    static var columns: [String] { [] }

    func run() async throws {
        try self.settings.printer.print(try await self.send(try self.request()), columns: Self.columns)
    }

    func send(_ request: Request) async throws -> Response {
        try await self.settings.connection.call(
            Self.method.descriptor, request, Response.self, idempotencyKey: self.settings.idempotencyKey)
    }
}
