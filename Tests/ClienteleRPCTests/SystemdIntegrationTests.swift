import ClienteleRPC
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A Unix socket of `type` bound to a fresh path; listening when asked.
private func unixSocket(_ type: Int32, listening: Bool) throws -> (fd: Int32, path: String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sd-\(UUID().uuidString.prefix(8)).sock")
        .path
    let fd = socket(AF_UNIX, type, 0)
    #expect(fd >= 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(bound == 0)
    if listening { #expect(listen(fd, 4) == 0) }
    return (fd, path)
}

private let stream = Int32(SOCK_STREAM.rawValue)
private let datagram = Int32(SOCK_DGRAM.rawValue)

@Suite("Socket activation (LISTEN_FDS)")
struct SocketActivationTests {
    @Test("no LISTEN_FDS: no inherited socket, the daemon binds its own")
    func absent() throws {
        #expect(try InheritedSocket.from(environment: [:], pid: 42) == nil)
    }

    @Test("a listening Unix stream socket is taken, with its path and LISTEN_FDNAMES")
    func accepted() throws {
        let (fd, path) = try unixSocket(stream, listening: true)
        defer { close(fd); unlink(path) }
        let socket = try InheritedSocket.from(
            environment: ["LISTEN_FDS": "1", "LISTEN_PID": "42", "LISTEN_FDNAMES": "clienteled"], pid: 42,
            descriptor: fd)
        #expect(socket == InheritedSocket(descriptor: fd, path: path, name: "clienteled"))
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
    }

    @Test(
        "what the daemon cannot serve on is a startup error that says why",
        arguments: [
            (["LISTEN_FDS": "1", "LISTEN_PID": "41"], "is not this process"),
            (["LISTEN_FDS": "1"], "LISTEN_PID is not"),
            (["LISTEN_PID": "42"], "LISTEN_FDS is not"),
            (["LISTEN_FDS": "2", "LISTEN_PID": "42"], "exactly one"),
            (["LISTEN_FDS": "0", "LISTEN_PID": "42"], "passes no socket"),
        ])
    func badVariables(environment: [String: String], expected: String) throws {
        let (fd, path) = try unixSocket(stream, listening: true)
        defer { close(fd); unlink(path) }
        #expect {
            _ = try InheritedSocket.from(environment: environment, pid: 42, descriptor: fd)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("a socket not listening, a datagram socket and a pipe are refused")
    func badDescriptors() throws {
        let environment = ["LISTEN_FDS": "1", "LISTEN_PID": "42"]
        let (idle, idlePath) = try unixSocket(stream, listening: false)
        let (dgram, dgramPath) = try unixSocket(datagram, listening: false)
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        defer {
            close(idle); unlink(idlePath); close(dgram); unlink(dgramPath); close(pipeEnds[0]); close(pipeEnds[1])
        }
        for (fd, expected) in [
            (idle, "is not listening"), (dgram, "is not a stream socket"), (pipeEnds[0], "is not a socket"),
        ] {
            #expect {
                _ = try InheritedSocket.from(environment: environment, pid: 42, descriptor: fd)
            } throws: { error in
                "\(error)".contains(expected)
            }
        }
    }

    @Test("fromEnvironment unsets LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES, even when it refuses")
    func unsets() throws {
        setenv("LISTEN_PID", "1", 1)
        setenv("LISTEN_FDS", "1", 1)
        setenv("LISTEN_FDNAMES", "x", 1)
        #expect(throws: RPCServerError.self) { _ = try InheritedSocket.fromEnvironment() }
        #expect(getenv("LISTEN_PID") == nil && getenv("LISTEN_FDS") == nil && getenv("LISTEN_FDNAMES") == nil)
    }
}

@Suite("sd_notify")
struct SystemdNotifierTests {
    private func receive(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, 2000) == 1 else { return nil }
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : nil
    }

    @Test("a message reaches a socket named by its path")
    func path() throws {
        let (fd, path) = try unixSocket(datagram, listening: false)
        defer { close(fd); unlink(path) }
        let notifier = SystemdNotifier(socketPath: path, watchdogInterval: nil)
        #expect(notifier.notify("READY=1\nSTATUS=serving"))
        #expect(self.receive(fd) == "READY=1\nSTATUS=serving")
    }

    @Test("a message reaches an abstract socket (@name)")
    func abstract() throws {
        let name = "clientele-test-\(UUID().uuidString.prefix(8))"
        let fd = socket(AF_UNIX, datagram, 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in name.utf8.enumerated() { raw[index + 1] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + 1 + name.utf8.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        #expect(bound == 0)
        #expect(SystemdNotifier(socketPath: "@" + name, watchdogInterval: nil).notify("STOPPING=1"))
        #expect(self.receive(fd) == "STOPPING=1")
    }

    @Test("no NOTIFY_SOCKET: nothing is sent")
    func disabled() {
        let notifier = SystemdNotifier(socketPath: nil, watchdogInterval: nil)
        #expect(!notifier.isEnabled)
        #expect(!notifier.notify("READY=1"))
    }

    @Test("the watchdog pings every half WATCHDOG_USEC, only when WATCHDOG_PID is this process or unset")
    func watchdog() {
        #expect(
            SystemdNotifier.from(notifySocket: "/x", watchdogMicros: "3000000", watchdogPID: nil, pid: 7)
                .watchdogInterval == .milliseconds(1500))
        #expect(
            SystemdNotifier.from(notifySocket: "/x", watchdogMicros: "3000000", watchdogPID: "7", pid: 7)
                .watchdogInterval == .milliseconds(1500))
        #expect(
            SystemdNotifier.from(notifySocket: "/x", watchdogMicros: "3000000", watchdogPID: "8", pid: 7)
                .watchdogInterval == nil)
        #expect(
            SystemdNotifier.from(notifySocket: "/x", watchdogMicros: "0", watchdogPID: nil, pid: 7).watchdogInterval
                == nil)
        #expect(
            SystemdNotifier.from(notifySocket: "/x", watchdogMicros: nil, watchdogPID: nil, pid: 7).watchdogInterval
                == nil)
    }
}
