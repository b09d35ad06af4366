import NIOCore

/// How the daemon listens and the limits that keep one client from hurting others.
/// Every field has a default suited to a shared host.
public struct ServerConfiguration: Sendable {
    /// The Unix socket's path.
    public var socketPath: String
    /// A listening socket passed by systemd (socket activation). When set, the server
    /// serves on it and leaves its path alone: `socketPath`, `socketMode` and
    /// `socketGroup` are not used, and nothing is created, chmodded or removed.
    public var inheritedSocket: InheritedSocket?
    /// The socket file's permission bits; 0o660 lets the owner and the owning group connect.
    public var socketMode: UInt32 = 0o660
    /// The socket file's owning group (name or numeric id); `nil` keeps the daemon's group.
    public var socketGroup: String?
    /// Connections open at once, over all peers.
    public var maxConnections = 1024
    /// Connections open at once from one uid.
    public var maxConnectionsPerUID = 256
    /// Calls in flight on one connection; past it a call gets RESOURCE_EXHAUSTED. Reached
    /// only when `readPauseCalls` is near or above it: one read brings at most 4 KiB of frames.
    public var maxCallsInFlightPerConnection = 1024
    /// Calls in flight on one connection at which it is no longer read until one of them
    /// finishes: further requests wait in the socket, not in memory or in the cores' queue.
    /// A peer that sends a thousand heavy calls without reading their answers thus gets
    /// about this many computed, not a thousand; one making fewer calls at once is never paused.
    public var readPauseCalls = 128
    /// Calls running at once over all connections; past it calls wait, and a freed
    /// slot goes to the waiting connection with the fewest calls running, so one
    /// connection's flood does not queue the others' calls behind it. Few slots per
    /// core keep a call that gets one from sharing the cores with a crowd. A write
    /// lends its slot back while it waits for its group commit (`CallSlot`), so the
    /// slots do not bound how many writes share one fsync.
    public var maxCallsRunning = max(8, 4 * System.coreCount)
    /// Bytes of answers a connection may leave unread; past it (the socket's buffer
    /// full and answers piling up) the connection is closed. At least one maximum-size frame.
    public var maxUnreadAnswerBytes = 16 << 20
    /// Time allowed to finish a frame once its first byte has arrived.
    public var frameTimeout: Duration = .seconds(10)
    /// A connection with no calls in flight and no traffic for this long is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// On SIGTERM/SIGINT, how long calls in flight may take to finish.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Event loop threads; defaults to the number of cores.
    public var eventLoopThreads: Int = System.coreCount
    /// How many more calls, queued and not yet started, a connection's event loop must hold
    /// than another loop for the connection's next call to run on that other loop
    /// (`CallSpreader`): one busy connection uses every core, one making a call at a time never
    /// leaves its loop. 0 (the default) keeps every call on its connection's loop: on 2 cores
    /// shared with the callers, the hops cost more than the other core gave (docs/performance.md).
    public var spreadBacklog = 0

    public init(socketPath: String) {
        self.socketPath = socketPath
    }
}
