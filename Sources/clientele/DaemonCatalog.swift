import ClienteleAPI
import ClienteleClient
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// The daemon's own description of its API (clientele.v1.Reflection/GetDescriptorSet), cached per
/// daemon version in $XDG_CACHE_HOME/clientele/descriptors/ (else ~/.cache/clientele/descriptors/).
enum DaemonCatalog {
    struct Fetched {
        let catalog: ProtoCatalog
        let bytes: Data
        let version: String
        /// Where it came from: "the daemon", "the cache (FILE)" or "this clientele's built-in set".
        let source: String
    }

    static var cacheFolder: URL {
        let environment = ProcessInfo.processInfo.environment
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".cache")
        return base.appendingPathComponent("clientele/descriptors")
    }

    static func cacheFile(version: String) -> URL {
        let safe = String(version.map { $0.isLetter || $0.isNumber || "._-+".contains($0) ? $0 : "_" })
        return self.cacheFolder.appendingPathComponent("\(safe).pb")
    }

    /// The daemon's set: from the cache when its version's is there, else asked and cached.
    /// Throws the call's error when the daemon cannot be reached or has no Reflection service.
    static func fetch(_ connection: ConnectionOptions, refresh: Bool = false) async throws(RPCError) -> Fetched {
        let client = RPCClient(socketPath: connection.socketPath)
        defer { Task { await client.close() } }
        let options = connection.callOptions(anonymous: true)
        let health = try await client.unary(
            HealthMethods.check, request: Clientele_V1_HealthCheckRequest(),
            response: Clientele_V1_HealthCheckResponse.self, options: options)
        let version = health.serverVersion.isEmpty ? "unknown" : health.serverVersion
        let file = self.cacheFile(version: version)
        if !refresh, version != "unknown", let data = FileManager.default.contents(atPath: file.path),
            let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: data)
        {
            return Fetched(
                catalog: ProtoCatalog(set: set), bytes: data, version: version, source: "the cache (\(file.path))")
        }
        let answer = try await client.unary(
            ReflectionMethods.getDescriptorSet, request: Clientele_V1_GetDescriptorSetRequest(),
            response: Clientele_V1_GetDescriptorSetResponse.self, options: options)
        guard let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: answer.fileDescriptorSet) else {
            throw RPCError(.dataLoss, "the daemon's descriptor set is not a google.protobuf.FileDescriptorSet")
        }
        if version != "unknown" {
            try? FileManager.default.createDirectory(at: self.cacheFolder, withIntermediateDirectories: true)
            try? answer.fileDescriptorSet.write(to: file, options: .atomic)
        }
        return Fetched(
            catalog: ProtoCatalog(set: set), bytes: answer.fileDescriptorSet, version: version, source: "the daemon")
    }

    static var builtIn: Fetched {
        Fetched(
            catalog: .builtIn, bytes: ClienteleDescriptorSet.bytes, version: ClienteleVersion.current,
            source: "this clientele's built-in set")
    }
}
