import ArgumentParser
import ClienteleClient
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// Options shared by every subcommand that calls the daemon.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The daemon's socket (default: $CLIENTELE_SOCKET, else var/run/clienteled.sock).")
    var socket: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 10.0

    @Option(help: "Bearer token (default: $CLIENTELE_TOKEN, else the file written by `clientele login`).")
    var token: String?

    var socketPath: String {
        self.socket ?? ProcessInfo.processInfo.environment["CLIENTELE_SOCKET"] ?? ClienteleClient.defaultSocketPath
    }

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

    /// Makes one typed call and prints the answer as JSON; a failure exits with its status code.
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
            throw CallFailure.exit(error)
        }
    }

    /// `call`, then print.
    func callAndPrint<Request: Message, Response: Message>(
        _ method: MethodDescriptor,
        _ request: Request,
        _ response: Response.Type = Response.self,
        anonymous: Bool = false
    ) async throws {
        try JSONOutput.print(try await self.call(method, request, response, anonymous: anonymous))
    }

    func validate() throws {
        guard self.timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }
}
