import ClienteleProto
import ClienteleWire
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// A plain socket that sends requests and never reads an answer: the client that
/// leaves the server's answers piling up.
final class UnreadingPeer {
    private let fd: Int32
    /// POLLRDHUP, which Glibc only declares under _GNU_SOURCE.
    private static let peerHungUp: Int16 = 0x2000

    init(path: String) throws {
        self.fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(self.fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit {
        close(self.fd)
    }

    /// Sends `count` requests for `method` with `payload`, in one write.
    func pipeline(_ count: Int, service: String, method: String, payload: Data) throws {
        var buffer = ByteBuffer()
        for index in 0..<count {
            var request = Ttrpc_Request()
            request.service = service
            request.method = method
            request.payload = payload
            let body: [UInt8] = try request.serializedBytes()
            buffer.writeFrameHeader(
                FrameHeader(length: UInt32(body.count), streamID: UInt32(2 * index + 1), type: .request))
            buffer.writeBytes(body)
        }
        let bytes = Array(buffer.readableBytesView)
        let sent = bytes.withUnsafeBytes { send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw POSIXError(.EIO) }
    }

    /// True when the server hangs up within `seconds` (the answers stay unread).
    func isHungUp(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var entry = pollfd(fd: self.fd, events: Self.peerHungUp, revents: 0)
            if poll(&entry, 1, 50) > 0, entry.revents & (Self.peerHungUp | Int16(POLLHUP)) != 0 { return true }
        }
        return false
    }
}
