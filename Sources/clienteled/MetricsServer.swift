import ArgumentParser
import ClienteleRPC
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Where `--metrics-listen` serves: a loopback address and port, or a Unix socket path.
enum MetricsEndpoint: Equatable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`, or a path (it has a "/").
    /// Any other host is refused: the metrics are for the host's own scraper.
    init(parsing text: String) throws {
        if text.contains("/") {
            self = .unix(path: text)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port)
        else {
            throw ValidationError(
                "--metrics-listen must be HOST:PORT on loopback (127.0.0.1:9464, [::1]:9464) or a socket path with a /, not \(text)"
            )
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { host = "127.0.0.1" }
        guard Self.isLoopback(host) else {
            throw ValidationError(
                "--metrics-listen \(text): the metrics are served on loopback only (127.0.0.1, ::1) or on a Unix socket path"
            )
        }
        self = .tcp(host: host, port: port)
    }

    private static func isLoopback(_ host: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
    }

    var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): path
        }
    }
}

/// A small HTTP/1.1 server (NIOHTTP1) for the Prometheus scraper: GET (or HEAD) /metrics
/// answers the text exposition format, anything else 404 (405 for another method on
/// /metrics). One request per connection (`Connection: close`). A Unix socket is made with
/// mode 0660 and removed at shutdown, as the RPC socket is.
struct MetricsServer: Service {
    let endpoint: MetricsEndpoint
    let group: any EventLoopGroup
    let logger: Logger
    /// The exposition text, rendered at each scrape (the sampled gauges are read then).
    let render: @Sendable () async -> [UInt8]

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    func run() async throws {
        let server: NIOAsyncChannel<Connection, Never>
        var socketFile: UnixSocketFile?
        do {
            let bootstrap = ServerBootstrap(group: self.group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 64)
            let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
            switch self.endpoint {
            case .tcp(let host, let port):
                server = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
            case .unix(let path):
                let file = UnixSocketFile(path: path)
                _ = try file.prepare()
                let previousMask = umask(0o177)
                defer { umask(previousMask) }
                server = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: initializer)
                socketFile = file
                try file.secure(mode: 0o660, group: nil)
            }
        } catch {
            throw RPCServerError.socket("cannot serve metrics on \(self.endpoint): \(error)")
        }
        self.logger.info("serving metrics", metadata: ["metrics-listen": "\(self.endpoint)", "path": "/metrics"])
        defer { socketFile?.remove() }
        // Cancelled at graceful shutdown: stops accepting and ends the connections' tasks.
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        tasks.addTask { await self.serve(connection) }
                    }
                }
            }
        }
    }

    /// How long a connection may take to send its request before it is closed, so that a
    /// silent client does not hold a connection (and a task) until shutdown.
    static let requestTimeout = TimeAmount.seconds(10)

    private func serve(_ connection: Connection) async {
        let channel = connection.channel
        let deadline = channel.eventLoop.scheduleTask(in: Self.requestTimeout) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let request): head = request
                case .body: continue
                case .end:
                    guard let request = head else { return }
                    try await self.answer(request, outbound, allocator: connection.channel.allocator)
                    return
                }
            }
        }
    }

    private func answer(
        _ request: HTTPRequestHead, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        allocator: ByteBufferAllocator
    ) async throws {
        let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let status: HTTPResponseStatus
        var body: ByteBuffer
        var headers = HTTPHeaders()
        if path != "/metrics" {
            status = .notFound
            body = allocator.buffer(string: "not found: the metrics are at /metrics\n")
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        } else if request.method != .GET && request.method != .HEAD {
            status = .methodNotAllowed
            body = allocator.buffer(string: "only GET and HEAD\n")
            headers.add(name: "Allow", value: "GET, HEAD")
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        } else {
            status = .ok
            body = allocator.buffer(bytes: await self.render())
            headers.add(name: "Content-Type", value: Self.contentType)
        }
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Connection", value: "close")
        if request.method == .HEAD { body.clear() }
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if body.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(body))) }
        try await outbound.write(.end(nil))
    }
}
