import ArgumentParser
import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// `clientele describe [SERVICE|METHOD|MESSAGE|ENUM]`: the API as the daemon describes it (clientele.v1.Reflection).
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe the daemon's services, methods, messages and enums, from its own description (Reflection).",
        discussion: """
            Asks the daemon for its FileDescriptorSet (cached per daemon version under \
            $XDG_CACHE_HOME/clientele/descriptors, else ~/.cache/clientele/descriptors); when the daemon \
            cannot be asked, describes this binary's built-in set and says so on standard error. \
            Without a name: one method per line with its request and response types. A name may be \
            short: Clients, ListClients, Clients/ListClients, Client, ClientStatus. \
            --descriptor-set FILE saves the set for generic tools, e.g. \
            `protoc --descriptor_set_in=FILE --decode=clientele.v1.Client`.
            Examples:
              clientele describe clientele.v1.Clients
              clientele describe ListClients
              clientele describe clientele.v1.ClientStatus
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "A service, method, message or enum (full or short name).")
    var name: String?

    @Option(help: "Also write the serialized google.protobuf.FileDescriptorSet to this file.")
    var descriptorSet: String?

    @Flag(help: "Describe this binary's built-in set without asking the daemon.") var builtIn = false
    @Flag(help: "Ask the daemon again even when its version's set is cached.") var refresh = false

    func run() async throws {
        var fetched = DaemonCatalog.builtIn
        if !self.builtIn {
            do {
                fetched = try await DaemonCatalog.fetch(self.connection, refresh: self.refresh)
            } catch {
                let (message, _) = CallFailure.explain(error, context: .init(socketPath: self.connection.socketPath))
                FileHandle.standardError.write(
                    Data(
                        "clientele: note: the daemon could not be asked (\(message)); describing \(fetched.source)\n"
                            .utf8))
            }
        }
        if let path = self.descriptorSet {
            try fetched.bytes.write(to: URL(fileURLWithPath: path))
        }
        let text = try Self.describe(self.name, in: fetched.catalog)
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func describe(_ name: String?, in catalog: ProtoCatalog) throws -> String {
        guard let name else {
            return catalog.methods.map { "\($0.fullName)  \($0.inputType) → \($0.outputType)\n" }.joined()
        }
        if let method = self.resolve(name, among: catalog.methods.map(\.fullName), catalog: catalog)
            .flatMap(catalog.method)
        {
            return self.method(method, catalog)
        }
        if let service = self.resolve(name, among: catalog.serviceOrder, catalog: catalog) {
            return self.service(service, catalog)
        }
        if let message = self.resolve(name, among: Array(catalog.messages.keys), catalog: catalog) {
            return self.message(message, catalog)
        }
        if let item = self.resolve(name, among: Array(catalog.enums.keys), catalog: catalog) {
            return self.enumeration(item, catalog)
        }
        let all = catalog.serviceOrder + catalog.methods.map(\.fullName) + catalog.messages.keys + catalog.enums.keys
        let shorts = all.map { $0.split(whereSeparator: { $0 == "." || $0 == "/" }).last.map(String.init) ?? $0 }
        var text = "the daemon's API has no service, method, message or enum \(name)"
        if let guess = Suggestion.closest(to: name, among: shorts).first { text += "; did you mean \(guess)?" }
        throw ValidationError(text + " (`clientele describe` lists the methods)")
    }

    /// The full name `name` stands for: itself, or the one full name it ends (after "." or "/").
    private static func resolve(_ name: String, among names: [String], catalog: ProtoCatalog) -> String? {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        if names.contains(bare) { return bare }
        let matches = names.filter { $0.hasSuffix("." + bare) || $0.hasSuffix("/" + bare) }
        return matches.count == 1 ? matches[0] : nil
    }

    private static func comment(_ key: String, _ catalog: ProtoCatalog, indent: String = "") -> String {
        guard let text = catalog.comments[key], !text.isEmpty else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "\(indent)// \($0.trimmingCharacters(in: .whitespaces))\n" }.joined()
    }

    private static func service(_ name: String, _ catalog: ProtoCatalog) -> String {
        var text = self.comment(name, catalog) + "service \(name)\n"
        for method in catalog.methods where method.service == name {
            text += self.comment(method.fullName, catalog, indent: "  ")
            text += "  \(method.descriptor.name)(\(method.inputType)) returns (\(method.outputType))\n"
        }
        return text
    }

    private static func method(_ method: ProtoCatalog.Method, _ catalog: ProtoCatalog) -> String {
        self.comment(method.fullName, catalog)
            + "rpc \(method.fullName)(\(method.inputType)) returns (\(method.outputType))\n\n"
            + self.message(method.inputType, catalog) + "\n" + self.message(method.outputType, catalog)
    }

    private static func message(_ name: String, _ catalog: ProtoCatalog) -> String {
        guard let message = catalog.messages[name] else { return "message \(name) (not described)\n" }
        var text = self.comment(name, catalog) + "message \(name) {\n"
        for field in message.field {
            text += self.comment("\(name).\(field.name)", catalog, indent: "  ")
            var type = ProtoCatalog.describe(field)
            if field.type == .enum {
                type += " (\(catalog.typedNames(ofEnum: ProtoCatalog.bare(field.typeName)).joined(separator: ", ")))"
            }
            text += "  \(field.name) = \(field.number): \(type)\n"
        }
        return text + "}\n"
    }

    private static func enumeration(_ name: String, _ catalog: ProtoCatalog) -> String {
        guard let item = catalog.enums[name] else { return "" }
        var text = self.comment(name, catalog) + "enum \(name) {\n"
        for value in item.value {
            text +=
                "  \(value.name) = \(value.number)   (typed: \(ProtoCatalog.typedName(of: value.name, in: item.name)))\n"
        }
        return text + "}\n"
    }
}
