import ArgumentParser
import ClienteleAPI
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
        guard let name = self.method else { return }
        guard let entry = MethodCatalog.entry(name) else {
            throw try await self.unknownMethod(name)
        }
        // Bad local input (not JSON, a field of the wrong type, an unknown field or enum value) is a
        // usage error (64) that says where and what; only the daemon's answers carry its status codes.
        let json = try self.requestJSON()
        let message = try RequestJSON.decode(json, as: entry.requestType)
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
            throw self.connection.failure(error)
        }
        let answer: any Message = try entry.responseType.init(serializedBytes: payload)
        try self.connection.printer.print(answer)
    }

    /// A method this binary does not know: asks the daemon's description whether it has it.
    private func unknownMethod(_ name: String) async throws -> ValidationError {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        let daemon = try? await DaemonCatalog.fetch(self.connection)
        if let daemon, let method = daemon.catalog.method(bare) {
            return ValidationError(
                "the daemon (\(daemon.version)) has \(method.fullName) (\(method.inputType) → \(method.outputType)) "
                    + "but this clientele (\(ClienteleVersion.description)) does not know its messages, and calling "
                    + "a method by the daemon's description alone is not supported; `clientele describe \(method.fullName)` "
                    + "shows it; upgrade clientele to call it")
        }
        let known = (daemon?.catalog.methods.map(\.fullName) ?? []) + MethodCatalog.entries.map(\.fullName)
        var text = "no method \(name)"
        if let guess = Suggestion.closest(to: bare, among: known).first { text += "; did you mean \(guess)?" }
        return ValidationError(text + " (`clientele call --list` or `clientele describe` shows them all)")
    }

    private func requestJSON() throws -> Data {
        switch self.request {
        case nil:
            if isatty(STDIN_FILENO) == 1 { return Data("{}".utf8) }
            return FileHandle.standardInput.readDataToEndOfFile()
        case "-"?:
            return FileHandle.standardInput.readDataToEndOfFile()
        case let argument? where argument.hasPrefix("@"):
            return try RequestJSON.readFile(String(argument.dropFirst()), what: "the request file")
        case let argument?:
            return Data(argument.utf8)
        }
    }
}
