import ArgumentParser
import ClienteleClient
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// Options shared by every subcommand that calls the daemon.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help:
            "The daemon's socket (default: $CLIENTELE_SOCKET, else the context's socket, else var/run/clienteled.sock)."
    )
    var socket: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 10.0

    @Option(help: "Bearer token (default: $CLIENTELE_TOKEN, else the file written by `clientele login`).")
    var token: String?

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp(
            "Print the answer as json (protobuf JSON), table or yaml (default: the context's output, else json).",
            valueName: "format"))
    var outputOption: OutputFormat?

    @Option(
        help: ArgumentHelp(
            "Only these keys (json, yaml) or columns (table), comma-separated dotted paths, e.g. id,fields.account_name.",
            valueName: "a,b,c"))
    var fields: String?

    var socketPath: String {
        self.socket ?? ProcessInfo.processInfo.environment["CLIENTELE_SOCKET"] ?? CLIConfig.current[.socket]
            ?? ClienteleClient.defaultSocketPath
    }

    /// The format: --output, else the context's, else json.
    var output: OutputFormat {
        self.outputOption ?? CLIConfig.current[.output].flatMap(OutputFormat.init(rawValue:)) ?? .json
    }

    var printer: Printer { Printer(format: self.output, fields: Printer.parseFields(self.fields)) }

    /// Call options with the bearer token, unless `anonymous` (for calls that take none:
    /// health, login, and bootstrap, which the local operator makes without a token).
    /// An `idempotencyKey` is sent as the `idempotency-key` metadata of a write.
    func callOptions(anonymous: Bool = false, idempotencyKey: String? = nil) -> CallOptions {
        var metadata = Metadata()
        if !anonymous, let token = Credentials.token(flag: self.token) {
            metadata.append("authorization", "Bearer \(token)")
        }
        if let idempotencyKey { metadata.append("idempotency-key", idempotencyKey) }
        return CallOptions(timeout: .milliseconds(Int64(self.timeout * 1000)), metadata: metadata)
    }

    /// Prints a failed call, with what the CLI knows of it (socket, token source), and gives its exit code.
    func failure(_ error: RPCError, anonymous: Bool = false) -> ExitCode {
        let source = anonymous ? nil : (Credentials.resolve(flag: self.token)?.source ?? Credentials.Source.none)
        return CallFailure.exit(
            error,
            context: CallFailure.Context(socketPath: self.socketPath, tokenSource: source, anonymous: anonymous))
    }

    /// Makes one typed call; a failure exits with its status code.
    func call<Request: Message, Response: Message>(
        _ method: MethodDescriptor,
        _ request: Request,
        _ response: Response.Type = Response.self,
        anonymous: Bool = false,
        idempotencyKey: String? = nil
    ) async throws -> Response {
        let client = RPCClient(socketPath: self.socketPath)
        do {
            return try await client.unary(
                method, request: request, response: response,
                options: self.callOptions(anonymous: anonymous, idempotencyKey: idempotencyKey)
            )
        } catch {
            throw self.failure(error, anonymous: anonymous)
        }
    }

    /// `call`, then print in the chosen format.
    func callAndPrint<Request: Message, Response: Message>(
        _ method: MethodDescriptor,
        _ request: Request,
        _ response: Response.Type = Response.self,
        anonymous: Bool = false,
        columns: [String] = []
    ) async throws {
        try self.printer.print(try await self.call(method, request, response, anonymous: anonymous), columns: columns)
    }

    func validate() throws {
        guard self.timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }
}
