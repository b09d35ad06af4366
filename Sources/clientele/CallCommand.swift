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
            A method this clientele was not built with (a newer daemon's) is called by the daemon's own \
            description (clientele.v1.Reflection, as `clientele describe` shows it, cached per daemon \
            version): the request is encoded and the answer printed from the descriptors, with the same \
            JSON rules and errors as for a built-in method.
            `clientele call --list` prints every method with its request and response types, the \
            daemon's included (those only it has are marked "daemon only").
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

    @Flag(
        help: ArgumentHelp(
            "Encode the request and decode the answer by the daemon's description even for a built-in method "
                + "(for tests of that path).", visibility: .hidden))
    var byReflection = false

    func validate() throws {
        guard self.list || self.method != nil else { throw ValidationError("name a method, or use --list") }
        for pair in self.metadata where !pair.contains("=") {
            throw ValidationError("--metadata takes key=value, not \(pair)")
        }
    }

    func run() async throws {
        if self.list {
            try await self.printList()
            return
        }
        guard let name = self.method else { return }
        if !self.byReflection, let entry = MethodCatalog.entry(name) {
            // Bad local input (not JSON, a field of the wrong type, an unknown field or enum value) is a
            // usage error (64) that says where and what; only the daemon's answers carry its status codes.
            let message = try RequestJSON.decode(try self.requestJSON(), as: entry.requestType)
            let payload = try await self.send(entry.descriptor, try message.serializedData())
            let answer: any Message = try entry.responseType.init(serializedBytes: payload)
            try self.connection.printer.print(answer)
            return
        }
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        let daemon: DaemonCatalog.Fetched
        do {
            daemon = try await DaemonCatalog.fetch(self.connection)
        } catch {
            if self.byReflection { throw self.connection.failure(error) }
            let (reason, _) = CallFailure.explain(error, context: .init(socketPath: self.connection.socketPath))
            throw self.unknownMethod(name, daemon: nil, unasked: reason)
        }
        guard let method = daemon.catalog.method(bare) else { throw self.unknownMethod(name, daemon: daemon) }
        try await self.callByDescription(method, catalog: daemon.catalog)
    }

    /// Sends the request with the options and metadata given; a failed call exits with its status code.
    func send(_ method: MethodDescriptor, _ request: Data) async throws -> Data {
        var options = self.connection.callOptions(anonymous: false, idempotencyKey: self.idempotencyKey)
        for pair in self.metadata {
            let parts = pair.split(separator: "=", maxSplits: 1)
            options.metadata.append(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let client = RPCClient(socketPath: self.connection.socketPath)
        do {
            return try await client.call(method, payload: request, options: options)
        } catch {
            throw self.connection.failure(error)
        }
    }

    /// A method the daemon does not have (nor this binary, unless --by-reflection): its name, a guess;
    /// `unasked`: why the daemon could not be asked.
    private func unknownMethod(
        _ name: String, daemon: DaemonCatalog.Fetched?, unasked: String? = nil
    ) -> ValidationError {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        // the daemon's methods when it could be asked (those are what can be called), else this binary's
        let known = daemon?.catalog.methods.map(\.fullName) ?? MethodCatalog.entries.map(\.fullName)
        var text = "no method \(name)"
        if let daemon { text += " on the daemon (\(daemon.version))" }
        if let unasked { text += " in this clientele, and the daemon could not be asked (\(unasked))" }
        if let guess = Suggestion.closest(to: bare, among: known).first { text += "; did you mean \(guess)?" }
        return ValidationError(text + " (`clientele call --list` or `clientele describe` shows them all)")
    }

    func requestJSON() throws -> Data {
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
