import ArgumentParser
import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// `clientele describe`: the API as the daemon describes it (clientele.v1.Reflection).
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "List the daemon's services and methods, from its own description (Reflection).",
        discussion: """
            Asks the daemon (not this binary's built-in catalog, which `clientele call --list` prints) \
            for its FileDescriptorSet and prints one method per line with its request and response types. \
            --descriptor-set FILE saves the set for generic tools, e.g. \
            `protoc --descriptor_set_in=FILE --decode=clientele.v1.Client`.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Also write the serialized google.protobuf.FileDescriptorSet to this file.")
    var descriptorSet: String?

    func run() async throws {
        let client = RPCClient(socketPath: self.connection.socketPath)
        let answer: Clientele_V1_GetDescriptorSetResponse
        do {
            answer = try await client.unary(
                ReflectionMethods.getDescriptorSet, request: Clientele_V1_GetDescriptorSetRequest(),
                response: Clientele_V1_GetDescriptorSetResponse.self,
                options: self.connection.callOptions(anonymous: true))
        } catch {
            throw CallFailure.exit(error)
        }
        if let path = self.descriptorSet {
            try answer.fileDescriptorSet.write(to: URL(fileURLWithPath: path))
        }
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: answer.fileDescriptorSet)
        for file in set.file {
            for service in file.service {
                for method in service.method {
                    let input =
                        method.inputType.hasPrefix(".") ? String(method.inputType.dropFirst()) : method.inputType
                    let output =
                        method.outputType.hasPrefix(".") ? String(method.outputType.dropFirst()) : method.outputType
                    print("\(file.package).\(service.name)/\(method.name)  \(input) → \(output)")
                }
            }
        }
    }
}
