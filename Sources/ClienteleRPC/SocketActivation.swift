#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A listening socket handed over by systemd (or `systemd-socket-activate`) under the
/// socket-activation protocol: `LISTEN_PID` names this process, `LISTEN_FDS` counts the
/// descriptors passed from fd 3 on, `LISTEN_FDNAMES` (optional) names them. The daemon
/// serves on it as it is: it never creates, chmods or removes the socket's path, which
/// belongs to the socket unit.
public struct InheritedSocket: Sendable, Equatable {
    /// The descriptor (3: the first passed).
    public let descriptor: CInt
    /// The path the socket is bound to, as `getsockname` reports it ("@name" for an
    /// abstract socket, "" for an unnamed one).
    public let path: String
    /// The name from `LISTEN_FDNAMES`, when given.
    public let name: String?

    public init(descriptor: CInt, path: String, name: String?) {
        self.descriptor = descriptor
        self.path = path
        self.name = name
    }

    /// The first descriptor passed (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: CInt = 3

    /// The variables the protocol sets; `fromEnvironment()` unsets them after reading.
    public static let variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]

    /// Reads and checks the passed socket, then unsets the `LISTEN_*` variables (a child
    /// process must not take the socket for its own). Returns nil when no socket was passed
    /// (`LISTEN_FDS` unset): the daemon then binds its own socket as usual.
    public static func fromEnvironment() throws(RPCServerError) -> InheritedSocket? {
        var environment: [String: String] = [:]
        for name in Self.variables {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        defer { for name in Self.variables { unsetenv(name) } }
        return try Self.from(environment: environment, pid: getpid())
    }

    /// The checks of `fromEnvironment()` on given values (for tests).
    public static func from(
        environment: [String: String], pid: Int32, descriptor: CInt = firstDescriptor
    ) throws(RPCServerError) -> InheritedSocket? {
        guard let count = environment["LISTEN_FDS"] else {
            if environment["LISTEN_PID"] != nil {
                throw .socket("socket activation: LISTEN_PID is set but LISTEN_FDS is not")
            }
            return nil
        }
        guard let listenPID = environment["LISTEN_PID"] else {
            throw .socket("socket activation: LISTEN_FDS is set but LISTEN_PID is not")
        }
        guard let expected = pid_t(listenPID), expected == pid else {
            throw .socket(
                "socket activation: LISTEN_PID=\(listenPID) is not this process (pid \(pid)); the sockets were meant for another"
            )
        }
        guard let number = Int(count), number >= 1 else {
            throw .socket("socket activation: LISTEN_FDS=\(count) passes no socket")
        }
        guard number == 1 else {
            throw .socket(
                "socket activation: LISTEN_FDS=\(count) passes \(count) sockets; clienteled serves exactly one (one ListenStream= in the socket unit)"
            )
        }
        let name = environment["LISTEN_FDNAMES"].flatMap { $0.split(separator: ":").first.map(String.init) }
        let path = try Self.checkListeningUnixStream(descriptor)
        // Not inherited by anything the daemon might start.
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        return InheritedSocket(descriptor: descriptor, path: path, name: name)
    }

    /// Checks that `descriptor` is a listening AF_UNIX stream socket; returns its path.
    static func checkListeningUnixStream(_ descriptor: CInt) throws(RPCServerError) -> String {
        let prefix = "socket activation: fd \(descriptor)"
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .socket("\(prefix) is not open: \(UnixSocketFile.lastError())")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .socket("\(prefix) is not a socket")
        }
        var type: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else {
            throw .socket("\(prefix): getsockopt(SO_TYPE) failed: \(UnixSocketFile.lastError())")
        }
        #if canImport(Glibc)
            let stream = CInt(SOCK_STREAM.rawValue)
        #else
            let stream = SOCK_STREAM
        #endif
        guard type == stream else {
            throw .socket("\(prefix) is not a stream socket (ListenStream= in the socket unit)")
        }
        var address = sockaddr_un()
        var addressLength = socklen_t(MemoryLayout<sockaddr_un>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &addressLength) }
        }
        guard named == 0 else {
            throw .socket("\(prefix): getsockname failed: \(UnixSocketFile.lastError())")
        }
        guard address.sun_family == sa_family_t(AF_UNIX) else {
            throw .socket(
                "\(prefix) is not a Unix socket (family \(address.sun_family)); clienteled serves on AF_UNIX only")
        }
        var accepting: CInt = 0
        length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 else {
            throw .socket("\(prefix): getsockopt(SO_ACCEPTCONN) failed: \(UnixSocketFile.lastError())")
        }
        guard accepting != 0 else {
            throw .socket("\(prefix) is not listening (the socket unit must have Accept=no)")
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        let pathLength = max(0, Int(addressLength) - pathOffset)
        return withUnsafeBytes(of: &address.sun_path) { raw in
            let bytes = Array(raw.prefix(pathLength))
            if let first = bytes.first, first == 0 {
                return "@" + String(decoding: bytes.dropFirst(), as: UTF8.self)
            }
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
