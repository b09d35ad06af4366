import ClienteleRPC
import Foundation
import SwiftProtobuf

/// Typed calls through an `AccessWorld`'s router, for the suites that drive RPCs end to end.
protocol RPCCalling {}

extension RPCCalling {
    /// Calls `method` and decodes the answer, or throws the failure.
    func call<Response: Message>(
        _ world: AccessWorld, _ method: MethodDescriptor, _ request: some Message, token: String?,
        as _: Response.Type = Response.self
    ) async throws -> Response {
        try Response(serializedBytes: try await world.call(method, try request.serializedData(), token: token).get())
    }

    /// The failure of a call expected to fail; throws if it succeeded.
    func failure(
        _ world: AccessWorld, _ method: MethodDescriptor, _ request: some Message, token: String?
    ) async throws -> RPCError {
        guard case .failure(let error) = await world.call(method, try request.serializedData(), token: token) else {
            throw RPCError(.unknown, "\(method) succeeded")
        }
        return error
    }

    /// The answer as "OK" or "CODE: message", with `id` masked: what a caller can tell apart.
    func answer(
        _ world: AccessWorld, _ method: MethodDescriptor, _ request: some Message, token: String?, masking id: String
    ) async throws -> String {
        switch await world.call(method, try request.serializedData(), token: token) {
        case .success: return "OK"
        case .failure(let error):
            return
                "\(error.code): \(id.isEmpty ? error.message : error.message.replacingOccurrences(of: id, with: "<id>"))"
        }
    }
}
