public import ArgumentParser
import ClienteleDomain
import ClienteleRPC
public import Logging

/// Command-line options of `clienteled`; every limit has a default.
struct DaemonOptions: ParsableArguments {
    @Option(
        help: """
            Unix socket to listen on. Ignored when systemd passes a listening socket \
            (LISTEN_FDS/LISTEN_PID, the clienteled.socket unit): the daemon then serves on it and \
            never creates, chmods or removes its path.
            """)
    var socket = "var/run/clienteled.sock"

    @Option(help: "Folder for the database and the lock file.")
    var dataDir = "var/data"

    @Option(
        help: """
            Where the data lives: sqlite (a SQLite file in --data-dir, the default) or \
            postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?pool=N] (or ?host=/socket/folder), \
            which several daemons on several hosts may share. The password may also come from \
            $PGPASSWORD. See docs/scaling.md.
            """)
    var store = "sqlite"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Debug logs one line per call.")
    var logLevel: Logger.Level = .info

    @Option(
        help: """
            Log format on standard error: text (swift-log's lines), json (one object per line: time, \
            level, message, and for a call request_id, method, code, micros, peer_uid, peer_pid) or \
            auto (text on a terminal, json otherwise).
            """)
    var logFormat: LogFormat = .text

    @Option(help: "Permission bits of the socket file, in octal. 660 lets the owner and the socket's group connect.")
    var socketMode = "660"

    @Option(help: "Owning group of the socket file (name or id). Default: the daemon's group.")
    var socketGroup: String?

    @Option(help: "Most connections open at once.")
    var maxConnections = 1024

    @Option(help: "Most connections open at once from one uid.")
    var maxConnectionsPerUid = 256

    @Option(
        help:
            "Most calls in flight on one connection; more get RESOURCE_EXHAUSTED (reached only with --read-pause-calls near or above it)."
    )
    var maxCallsPerConnection = 1024

    @Option(
        help:
            "Calls in flight on one connection at which it is no longer read until one finishes; further requests wait in the socket."
    )
    var readPauseCalls = 128

    @Option(
        help:
            "Most calls running at once over all connections; more wait, the connection with the fewest running first. A write waiting for its group commit lends its slot back. Default: 4 per core, at least 8."
    )
    var maxCallsRunning: Int?

    @Option(help: "MiB of answers a connection may leave unread before it is closed (at least 5: one 4 MiB frame).")
    var maxUnreadAnswerMib = 16

    @Option(help: "Seconds allowed to finish a frame once it has started.")
    var frameTimeout = 10.0

    @Option(help: "Seconds after which a connection with no traffic and no calls is closed.")
    var idleTimeout = 300.0

    @Option(help: "Seconds that calls in flight may take to finish on SIGTERM/SIGINT.")
    var shutdownGrace = 10.0

    @Option(help: "Event loop threads. Default: one per core.")
    var threads: Int?

    @Option(
        help:
            "How many more calls, queued and not yet started, a connection's event loop must hold than another loop for its next call to run on that other loop, so that one busy connection uses every core. Default 0: every call on its connection's loop (on 2 cores shared with the callers, spreading cost more than it gained; try 4-16 where cores sit idle)."
    )
    var spreadBacklog = 0

    @Option(help: "A uid recognised as the local operator besides the daemon's own and root (repeatable).")
    var operatorUid: [UInt32] = []

    @Option(help: "Hours a session token stays valid.")
    var sessionHours = 12.0

    @Option(help: "Days a new client's account owner has to activate before being removed.")
    var activationDays = 14.0

    @Option(help: "Days a portal invitation stays valid unless the inviter says otherwise.")
    var invitationDays = 7.0

    @Option(help: "Minutes a \"sign in as\" token acts.")
    var signInAsMinutes = 15.0

    @Option(help: "Seconds between passes of the sweeper (expired activations, old idempotency keys).")
    var sweepInterval = 60.0

    @Option(
        help: """
            Hours the change feed (clientele.v1.Changes) keeps changes; a follower further behind \
            is told to read again (FAILED_PRECONDITION). Pruned every --sweep-interval.
            """)
    var changesRetentionHours = 168.0

    @Option(
        help: """
            Microseconds a batch of writes may wait for the callers of the previous batch before \
            it commits (group commit: one fsync for all of them). 0 commits at once.
            """)
    var commitGatherMicros = 0

    @Option(
        help: """
            MiB of database pages the writer keeps in memory. A batch of writes touches pages of \
            every index; a smaller cache writes them to the WAL twice.
            """)
    var writerCacheMib = 64

    @Option(
        help: """
            MiB of the database file read through a memory map rather than with read calls \
            (SQLite caps it; Debian's build at 2 GiB). 0 maps nothing.
            """)
    var mapMib = 2048

    @Option(
        help: """
            GetClient answers kept in memory until the next write ends (a repeated read then skips \
            the store). 0 keeps none.
            """)
    var answerCacheEntries = 10_000

    @Option(
        help: """
            Serve Prometheus metrics (text format 0.0.4) over HTTP at /metrics: a loopback \
            address and port (127.0.0.1:9464, [::1]:9464) or a Unix socket path (made with mode \
            660). Off by default. `clientele metrics` reads it.
            """)
    var metricsListen: String?

    /// TEST ONLY, hidden from --help: a fixed clock and seeded ids and secrets (tokens, invitation
    /// tokens, temporary passwords), so that scripts/contract-tests can replay its recordings byte for
    /// byte. Every token it hands out is predictable: never use it where real clients connect.
    @Flag(help: .hidden)
    var testDeterministic = false

    func serverConfiguration() throws -> ServerConfiguration {
        guard let mode = UInt32(self.socketMode, radix: 8), mode <= 0o777 else {
            throw ValidationError("--socket-mode must be octal permission bits such as 660, not \(self.socketMode)")
        }
        guard mode & 0o002 == 0 else {
            throw ValidationError("--socket-mode \(self.socketMode) would let every local user write to the socket")
        }
        for (name, value) in [
            ("--max-connections", self.maxConnections), ("--max-connections-per-uid", self.maxConnectionsPerUid),
            ("--max-calls-per-connection", self.maxCallsPerConnection), ("--read-pause-calls", self.readPauseCalls),
            ("--max-calls-running", self.maxCallsRunning ?? 1),
        ] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        guard self.maxUnreadAnswerMib >= 5 else {
            throw ValidationError("--max-unread-answer-mib must be at least 5 (one 4 MiB answer must fit)")
        }
        for (name, value) in [
            ("--frame-timeout", self.frameTimeout), ("--idle-timeout", self.idleTimeout),
            ("--shutdown-grace", self.shutdownGrace), ("--sweep-interval", self.sweepInterval),
        ] where !(value > 0) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        guard self.sessionHours > 0 else { throw ValidationError("--session-hours must be positive") }
        guard self.activationDays > 0 else { throw ValidationError("--activation-days must be positive") }
        guard self.invitationDays > 0 else { throw ValidationError("--invitation-days must be positive") }
        guard self.signInAsMinutes > 0 else { throw ValidationError("--sign-in-as-minutes must be positive") }
        guard self.changesRetentionHours > 0, self.changesRetentionHours <= 87_600 else {
            throw ValidationError("--changes-retention-hours must be positive (and at most 87600, ten years)")
        }
        guard (0...100_000).contains(self.commitGatherMicros) else {
            throw ValidationError("--commit-gather-micros must be between 0 and 100000")
        }
        guard (1...65_536).contains(self.writerCacheMib) else {
            throw ValidationError("--writer-cache-mib must be between 1 and 65536")
        }
        guard (0...1_048_576).contains(self.mapMib) else {
            throw ValidationError("--map-mib must be between 0 and 1048576")
        }
        guard (0...1_000_000).contains(self.answerCacheEntries) else {
            throw ValidationError("--answer-cache-entries must be between 0 and 1000000")
        }
        if let threads = self.threads, threads < 1 {
            throw ValidationError("--threads must be at least 1")
        }
        guard (0...100_000).contains(self.spreadBacklog) else {
            throw ValidationError("--spread-backlog must be between 0 and 100000")
        }
        _ = try self.metricsEndpoint()
        var configuration = ServerConfiguration(socketPath: self.socket)
        configuration.socketMode = mode
        configuration.socketGroup = self.socketGroup
        configuration.maxConnections = self.maxConnections
        configuration.maxConnectionsPerUID = self.maxConnectionsPerUid
        configuration.maxCallsInFlightPerConnection = self.maxCallsPerConnection
        configuration.readPauseCalls = self.readPauseCalls
        if let maxCallsRunning = self.maxCallsRunning { configuration.maxCallsRunning = maxCallsRunning }
        configuration.maxUnreadAnswerBytes = self.maxUnreadAnswerMib << 20
        configuration.frameTimeout = .milliseconds(Int64(self.frameTimeout * 1000))
        configuration.idleTimeout = .milliseconds(Int64(self.idleTimeout * 1000))
        configuration.shutdownGracePeriod = .milliseconds(Int64(self.shutdownGrace * 1000))
        if let threads = self.threads { configuration.eventLoopThreads = threads }
        configuration.spreadBacklog = self.spreadBacklog
        return configuration
    }

    /// Where `--metrics-listen` serves, or nil when it is off.
    func metricsEndpoint() throws -> MetricsEndpoint? {
        try self.metricsListen.map { try MetricsEndpoint(parsing: $0) }
    }

    func clientSettings() -> ClientSettings {
        var settings = ClientSettings()
        settings.activationLifetimeMillis = Int64(self.activationDays * 24 * 3600 * 1000)
        return settings
    }

    func changeFeedSettings() -> ChangeFeedSettings {
        var settings = ChangeFeedSettings()
        settings.retentionMillis = Int64(self.changesRetentionHours * 3_600_000)
        // Recordings hold cursors: the same key every run (the database's is random).
        if self.testDeterministic { settings.cursorKey = Self.deterministicCursorKey }
        return settings
    }

    /// The change cursors' key of `--test-deterministic`: bytes 0 to 31, PREDICTABLE.
    static let deterministicCursorKey: [UInt8] = (0..<32).map { UInt8($0) }

    func peopleSettings() -> PeopleSettings {
        var settings = PeopleSettings()
        settings.invitationLifetimeMillis = Int64(self.invitationDays * 24 * 3600 * 1000)
        settings.signInAsLifetimeMillis = Int64(self.signInAsMinutes * 60 * 1000)
        return settings
    }

    func identitySettings() -> IdentitySettings {
        var settings = IdentitySettings()
        settings.operatorUIDs = Set(self.operatorUid)
        settings.sessionLifetimeMillis = Int64(self.sessionHours * 3_600_000)
        // Under the fixed clock a cached principal would never expire: look every token up instead.
        if self.testDeterministic { settings.principalCacheMillis = 0 }
        return settings
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
