import ArgumentParser
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// `clientele call`: any RPC, with the request as protobuf JSON and the answer printed as JSON.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any RPC with a JSON request; print the JSON answer.",
        discussion: """
            The request is protobuf JSON (proto field names or lowerCamelCase), given as an argument, \
            as @FILE, or on stdin with - (the default when no request is given and stdin is not a terminal; \
            otherwise the empty request). Examples:
              clientele call clientele.v1.Clients/GetClient '{"client_id": "cli_…"}'
              clientele call clientele.v1.Billing/AddCredit @credit.json --idempotency-key pay-4711
            `clientele call --list` prints every method with its request and response types.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The method, e.g. clientele.v1.Clients/ListClients.")
    var method: String?

    @Argument(help: "The request as JSON, @FILE, or - for stdin.")
    var request: String?

    @Option(help: "Sent as the idempotency-key metadata (writes replay their first answer).")
    var idempotencyKey: String?

    @Option(help: "Extra metadata key=value (repeatable).")
    var metadata: [String] = []

    @Flag(help: "List every method with its request and response message types.")
    var list = false

    func validate() throws {
        guard self.list || self.method != nil else { throw ValidationError("name a method, or use --list") }
        if let method, MethodCatalog.entry(method) == nil {
            throw ValidationError("no method \(method); `clientele call --list` shows them all")
        }
        for pair in self.metadata where !pair.contains("=") {
            throw ValidationError("--metadata takes key=value, not \(pair)")
        }
    }

    func run() async throws {
        if self.list {
            for entry in MethodCatalog.entries {
                print(
                    "\(entry.fullName)  \(entry.requestType.protoMessageName) → \(entry.responseType.protoMessageName)")
            }
            return
        }
        guard let name = self.method, let entry = MethodCatalog.entry(name) else { return }
        let message: any Message
        let json = try self.requestJSON()
        var decoding = JSONDecodingOptions()
        decoding.ignoreUnknownFields = false
        do {
            message = try entry.requestType.init(jsonUTF8Data: json, options: decoding)
        } catch {
            let reason = "the request is not a valid \(entry.requestType.protoMessageName) in JSON: \(error)"
            // A field of the wrong type or value is bad input (INVALID_ARGUMENT, 3) naming the field;
            // an unknown field or JSON that is no object stays a usage error.
            if case JSONDecodingError.unknownField = error { throw ValidationError(reason) }
            if let field = JSONFieldBlame.field(of: json, as: entry.requestType, options: decoding) {
                throw CallFailure.exit(RPCError(.invalidArgument, "\(field): \(reason)"))
            }
            throw ValidationError(reason)
        }
        var options = self.connection.callOptions(anonymous: false, idempotencyKey: self.idempotencyKey)
        for pair in self.metadata {
            let parts = pair.split(separator: "=", maxSplits: 1)
            options.metadata.append(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let client = RPCClient(socketPath: self.connection.socketPath)
        let request: Data = try message.serializedData()
        let payload: Data
        do {
            payload = try await client.call(entry.descriptor, payload: request, options: options)
        } catch {
            throw CallFailure.exit(error)
        }
        let answer: any Message = try entry.responseType.init(serializedBytes: payload)
        try JSONOutput.print(answer)
    }

    private func requestJSON() throws -> Data {
        switch self.request {
        case nil:
            if isatty(STDIN_FILENO) == 1 { return Data("{}".utf8) }
            return FileHandle.standardInput.readDataToEndOfFile()
        case "-"?:
            return FileHandle.standardInput.readDataToEndOfFile()
        case let argument? where argument.hasPrefix("@"):
            let path = String(argument.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read the request file \(path)")
            }
            return data
        case let argument?:
            return Data(argument.utf8)
        }
    }
}
