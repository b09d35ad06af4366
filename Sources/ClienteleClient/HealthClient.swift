import ClienteleAPI
public import ClienteleProto
public import ClienteleRPC

/// Typed calls to `clientele.v1.Health`.
public struct HealthClient: Sendable {
    public let rpc: RPCClient

    public init(_ rpc: RPCClient) {
        self.rpc = rpc
    }

    /// Liveness, version, store state and uptime; needs no credentials.
    public func check(options: CallOptions = .defaults) async throws(RPCError) -> Clientele_V1_HealthCheckResponse {
        try await self.rpc.unary(HealthMethods.check, request: Clientele_V1_HealthCheckRequest(), options: options)
    }
}
