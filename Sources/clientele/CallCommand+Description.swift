import ArgumentParser
import ClienteleRPC
import Foundation

/// `clientele call` of a method known only by the daemon's description (Reflection): the request
/// encoded and the answer printed by `DynamicMessageEncoder` and `DynamicMessageDecoder`.
extension CallCommand {
    func callByDescription(_ method: ProtoCatalog.Method, catalog: ProtoCatalog) async throws {
        if method.descriptor.clientStreaming || method.descriptor.serverStreaming {
            throw ValidationError("\(method.fullName) streams; clientele call makes unary calls only")
        }
        let request = try RequestJSON.encode(try self.requestJSON(), message: method.inputType, catalog: catalog)
        let payload = try await self.send(
            MethodDescriptor(service: method.service, method: method.descriptor.name), request)
        let answer: JSONValue
        do {
            answer = try DynamicMessageDecoder(catalog: catalog).decode(
                [UInt8](payload)[...], message: method.outputType)
        } catch {
            throw self.connection.failure(
                RPCError(.dataLoss, "the daemon's answer is not a valid \(method.outputType): \(error)"))
        }
        try self.connection.printer.print(answer)
    }

    /// Every method this binary knows, and the daemon's when it can be asked: those only the daemon
    /// has marked "daemon only", those it lacks "not on the daemon".
    func printList() async throws {
        let daemon = try? await DaemonCatalog.fetch(self.connection)
        var lines: [String] = []
        for entry in MethodCatalog.entries {
            let missing = daemon.map { $0.catalog.method(entry.fullName) == nil } ?? false
            lines.append(
                "\(entry.fullName)  \(entry.requestType.protoMessageName) → \(entry.responseType.protoMessageName)"
                    + (missing ? "  (not on the daemon)" : ""))
        }
        for method in daemon?.catalog.methods ?? [] where MethodCatalog.entry(method.fullName) == nil {
            lines.append("\(method.fullName)  \(method.inputType) → \(method.outputType)  (daemon only)")
        }
        if daemon == nil {
            FileHandle.standardError.write(
                Data("clientele: note: the daemon could not be asked; these are this clientele's methods\n".utf8))
        }
        print(lines.joined(separator: "\n"))
    }
}
