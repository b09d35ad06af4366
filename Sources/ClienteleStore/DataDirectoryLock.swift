import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<dataDirectory>/clienteled.lock` (mode 0600) holding our pid,
/// so that no second process writes the same database. The kernel drops the lock when the
/// process dies, so a lock left by `kill -9` never blocks a restart.
public final class DataDirectoryLock: Sendable {
    /// The lock file's descriptor; -1 once released.
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        self.release()
    }

    /// Takes the lock, creating the folder if needed. Throws `.locked` naming the holder's pid
    /// when another process (or another lock in this one) holds it.
    public static func acquire(dataDirectory: String) throws(StoreError) -> DataDirectoryLock {
        try DataDirectory.create(dataDirectory)
        let path = dataDirectory + "/clienteled.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unavailable("cannot open the lock file \(path): \(Self.lastError())") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw .locked(
                    "another clienteled (pid \(holder ?? "unknown")) is using the data folder \(dataDirectory)")
            }
            throw .unavailable("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        let pid = Array("\(getpid())\n".utf8)
        let written = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard fchmod(fd, 0o600) == 0, ftruncate(fd, off_t(pid.count)) == 0, written == pid.count else {
            let message = Self.lastError()
            close(fd)
            throw .unavailable("cannot write the lock file \(path): \(message)")
        }
        return DataDirectoryLock(descriptor: fd)
    }

    /// Gives the lock up; later calls do nothing.
    public func release() {
        self.descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    private static func readPID(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).filter { !$0.isWhitespace }
        return Int32(text).map { String($0) }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
