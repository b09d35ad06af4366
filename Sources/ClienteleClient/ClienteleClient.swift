public import ClienteleRPC
public import NIOPosix

/// The entry point for Swift callers: one connection to the daemon, typed
/// clients per service on top of it.
///
/// ```swift
/// let clientele = ClienteleClient(socketPath: "var/run/clienteled.sock")
/// let health = try await clientele.health.check()
/// ```
public struct ClienteleClient: Sendable {
    /// The default socket, relative to the working folder (as `clienteled` uses by default).
    public static let defaultSocketPath = "var/run/clienteled.sock"

    public let rpc: RPCClient

    public init(socketPath: String = Self.defaultSocketPath, group: MultiThreadedEventLoopGroup = .singleton) {
        self.rpc = RPCClient(socketPath: socketPath, group: group)
    }

    public var health: HealthClient { HealthClient(self.rpc) }

    /// Closes the connection; the next call reconnects.
    public func close() async {
        await self.rpc.close()
    }
}
