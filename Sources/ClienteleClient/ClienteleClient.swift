public import ClienteleRPC
public import NIOPosix

/// The library a Swift service depends on: one connection to the daemon, the
/// credentials and default call options, and a typed client per service
/// (generated from proto/: `clients`, `billing`, `access`, …).
///
/// ```swift
/// let clientele = ClienteleClient(socketPath: "/run/clientele/clienteled.sock", token: apiKey)
/// var request = Clientele_V1_ListClientsRequest()
/// request.groupID = groupID
/// let page = try await clientele.clients.listClients(request)
/// ```
///
/// Calls fail with `RPCError` (its `code` is the ttrpc status code). The connection
/// is opened on first use and again after it is lost; share one value between tasks.
public struct ClienteleClient: Sendable {
    /// The default socket, relative to the working folder (as `clienteled` uses by default).
    public static let defaultSocketPath = "var/run/clienteled.sock"

    public let rpc: RPCClient
    /// Sent with every call (credentials, timeout); a call's own options override them key by key.
    public var defaultOptions: CallOptions

    /// `token`: an API key or session token, sent as `authorization: Bearer …` with every
    /// call; without one, calls are anonymous (or the local operator's, by the socket's peer
    /// credentials). `timeout`: the default deadline of each call.
    public init(
        socketPath: String = Self.defaultSocketPath, token: String? = nil, timeout: Duration? = nil,
        group: MultiThreadedEventLoopGroup = .singleton
    ) {
        self.rpc = RPCClient(socketPath: socketPath, group: group)
        self.defaultOptions = CallOptions(timeout: timeout)
        if let token { self.defaultOptions.metadata.replace("authorization", with: "Bearer \(token)") }
    }

    /// The same connection, calling with `token` (for example the session a Login answered).
    public func signedIn(with token: String) -> ClienteleClient {
        var copy = self
        copy.defaultOptions.metadata.replace("authorization", with: "Bearer \(token)")
        return copy
    }

    /// Closes the connection; the next call reconnects.
    public func close() async {
        await self.rpc.close()
    }
}
