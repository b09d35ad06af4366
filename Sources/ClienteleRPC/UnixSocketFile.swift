#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The socket file on disk: checked before binding, secured after, removed at shutdown.
/// (Also the metrics endpoint's, `clienteled --metrics-listen PATH`.)
public struct UnixSocketFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Makes the path ready to bind: creates the parent folder, refuses when a
    /// live daemon answers there, and removes a stale socket left by a crash.
    /// Returns true when a stale file was removed.
    public func prepare() throws(RPCServerError) -> Bool {
        guard self.path.utf8.count < 108 else {
            throw .socket("socket path \(self.path) is longer than the 107 bytes a Unix socket path may have")
        }
        try self.createParentFolder()
        var info = stat()
        guard lstat(self.path, &info) == 0 else { return false }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .socket("\(self.path) exists and is not a socket; refusing to replace it")
        }
        if Self.answers(self.path) {
            throw .socket("another daemon is already listening on \(self.path)")
        }
        guard unlink(self.path) == 0 else {
            throw .socket("cannot remove the stale socket \(self.path): \(Self.lastError())")
        }
        return true
    }

    /// Sets the mode and, when given, the owning group (a name or a numeric id).
    public func secure(mode: UInt32, group: String?) throws(RPCServerError) {
        if let group {
            let gid: gid_t
            if let number = gid_t(group) {
                gid = number
            } else if let entry = getgrnam(group) {
                gid = entry.pointee.gr_gid
            } else {
                throw .socket("unknown group \(group) for the socket")
            }
            guard chown(self.path, uid_t.max, gid) == 0 else {
                throw .socket("cannot give \(self.path) to group \(group): \(Self.lastError())")
            }
        }
        guard chmod(self.path, mode_t(mode)) == 0 else {
            throw .socket("cannot set the mode of \(self.path): \(Self.lastError())")
        }
    }

    public func remove() {
        unlink(self.path)
    }

    private func createParentFolder() throws(RPCServerError) {
        guard let slash = self.path.lastIndex(of: "/"), slash != self.path.startIndex else { return }
        let parent = String(self.path[..<slash])
        var components: [Substring] = []
        for component in parent.split(separator: "/", omittingEmptySubsequences: false) {
            components.append(component)
            let prefix = components.joined(separator: "/")
            if prefix.isEmpty { continue }
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                throw .socket("cannot create the folder \(prefix): \(Self.lastError())")
            }
        }
    }

    /// True when something accepts a connection on `path`.
    private static func answers(_ path: String) -> Bool {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
