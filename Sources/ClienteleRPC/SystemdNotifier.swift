#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The service manager's notification protocol (`sd_notify(3)`) without libsystemd: each
/// message is one datagram of `KEY=VALUE` lines sent to the AF_UNIX socket named by
/// `$NOTIFY_SOCKET` (a path, or an abstract name written with a leading "@").
/// With no `$NOTIFY_SOCKET` (not started by systemd with `Type=notify`) it sends nothing.
public struct SystemdNotifier: Sendable {
    /// Where messages go; nil: nowhere.
    public let socketPath: String?
    /// Half of `WATCHDOG_USEC` (systemd's advice), when the watchdog is on for this process.
    public let watchdogInterval: Duration?

    public init(socketPath: String?, watchdogInterval: Duration?) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
        self.watchdogInterval = watchdogInterval
    }

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`. The watchdog is on when
    /// `WATCHDOG_USEC` is a positive number and `WATCHDOG_PID`, if set, is this process.
    public static func fromEnvironment() -> SystemdNotifier {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        return Self.from(
            notifySocket: variable("NOTIFY_SOCKET"), watchdogMicros: variable("WATCHDOG_USEC"),
            watchdogPID: variable("WATCHDOG_PID"), pid: getpid())
    }

    public static func from(
        notifySocket: String?, watchdogMicros: String?, watchdogPID: String?, pid: Int32
    )
        -> SystemdNotifier
    {
        var interval: Duration?
        if let text = watchdogMicros, let micros = Int64(text), micros > 0,
            watchdogPID.map({ Int32($0) == pid }) ?? true
        {
            interval = .microseconds(micros / 2)
        }
        return SystemdNotifier(socketPath: notifySocket, watchdogInterval: interval)
    }

    /// True when messages have somewhere to go.
    public var isEnabled: Bool { self.socketPath != nil }

    /// Sends one message (lines such as "READY=1\nSTATUS=serving"). Returns false when there is
    /// no socket or the send failed; a failed notification never stops the daemon.
    @discardableResult
    public func notify(_ message: String) -> Bool {
        guard let path = self.socketPath else { return false }
        return Self.send(message, to: path)
    }

    static func send(_ message: String, to path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity, !bytes.isEmpty, abstract || bytes.first == UInt8(ascii: "/") else {
            return false
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        // An abstract name is exactly its bytes; a path ends with its NUL.
        let length = socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1))
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
        #else
            let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
            let flags: Int32 = 0
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let payload = Array(message.utf8)
        let sent = payload.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, flags, $0, length)
                }
            }
        }
        return sent == payload.count
    }
}
