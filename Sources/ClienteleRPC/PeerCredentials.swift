/// Who is at the other end of a Unix socket, as the kernel reports it (`SO_PEERCRED`).
/// It cannot be forged by the peer; it is how the local operator is recognised.
public struct PeerCredentials: Hashable, Sendable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// Used where no socket is involved (in-process tests).
    public static let unknown = PeerCredentials(pid: 0, uid: .max, gid: .max)

    public var description: String {
        "pid=\(self.pid) uid=\(self.uid) gid=\(self.gid)"
    }
}
