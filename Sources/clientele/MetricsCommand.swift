import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `clientele metrics`: fetches the daemon's Prometheus text from the HTTP endpoint that
/// `clienteled --metrics-listen` serves (GET /metrics) and prints it, all of it or the
/// metrics whose names start with the given prefixes.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the daemon's metrics (Prometheus text) from its --metrics-listen endpoint.",
        discussion: """
            The daemon serves them only when started with --metrics-listen (off by default); give \
            the same address here: a loopback HOST:PORT or the Unix socket path. \
            Exit status 14 (UNAVAILABLE) when nothing answers there.
            """
    )

    @Option(
        name: .customLong("metrics-listen"),
        help: "Where clienteled serves its metrics: HOST:PORT (127.0.0.1:9464, [::1]:9464) or a Unix socket path.")
    var address = "127.0.0.1:9464"

    @Argument(help: "Print only the metrics whose names start with one of these (e.g. clientele_rpc_).")
    var prefixes: [String] = []

    func run() throws {
        let response: HTTPScrape.Response
        do {
            response = try HTTPScrape.get(path: "/metrics", from: self.address)
        } catch {
            FileHandle.standardError.write(Data("clientele metrics: \(error)\n".utf8))
            throw ExitCode(14)
        }
        guard response.status == 200 else {
            FileHandle.standardError.write(
                Data("clientele metrics: \(self.address) answered HTTP \(response.status)\n".utf8))
            throw ExitCode(1)
        }
        var text = String(decoding: response.body, as: UTF8.self)
        if !self.prefixes.isEmpty {
            text = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
                let name = line.hasPrefix("# ") ? line.split(separator: " ").dropFirst(2).first ?? "" : line
                return self.prefixes.contains { name.hasPrefix($0) }
            }.map { $0 + "\n" }.joined()
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// One HTTP/1.1 GET over a TCP or Unix stream socket (the daemon answers `Connection: close`).
enum HTTPScrape {
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func get(path: String, from address: String) throws -> Response {
        let fd = try self.connect(address)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "cannot send to \(address): \(Self.lastError())") }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "cannot read from \(address): \(Self.lastError())") }
            received += chunk[..<n]
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = received.indices.first(where: { received[$0...].starts(with: separator) }) else {
            throw Failure(description: "\(address) did not answer HTTP")
        }
        let head = String(decoding: received[..<end], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/1."), let status = Int(fields[1]) else {
            throw Failure(description: "\(address) did not answer HTTP")
        }
        return Response(status: status, body: Array(received[(end + separator.count)...]))
    }

    /// A connected socket to `HOST:PORT` (IP literals and localhost) or to a Unix socket path.
    private static func connect(_ address: String) throws -> Int32 {
        if address.contains("/") {
            var unixAddress = sockaddr_un()
            unixAddress.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(address.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: unixAddress.sun_path) else {
                throw Failure(description: "socket path \(address) is too long")
            }
            withUnsafeMutableBytes(of: &unixAddress.sun_path) { $0.copyBytes(from: bytes) }
            return try self.connect(family: AF_UNIX, address, &unixAddress)
        }
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw Failure(description: "\(address) is neither HOST:PORT nor a socket path")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { host = "127.0.0.1" }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            return try self.connect(family: AF_INET, address, &v4)
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            return try self.connect(family: AF_INET6, address, &v6)
        }
        throw Failure(description: "\(host) is not an IP address (give 127.0.0.1, [::1] or localhost)")
    }

    private static func connect<Address>(family: Int32, _ name: String, _ address: inout Address) throws -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "cannot open a socket: \(Self.lastError())") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
        guard connected == 0 else {
            let error = Self.lastError()
            close(fd)
            throw Failure(
                description:
                    "nothing answers at \(name) (\(error)); is clienteled running with --metrics-listen \(name)?")
        }
        return fd
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
