import Foundation

/// What one crash-test run does.
struct TortureSettings: Sendable {
    var daemonPath: String
    var workDirectory: String
    var cycles: Int
    var secondsPerCycle: Double
    var writers: Int
    var ledgerClients: Int
    var sqlite3: String
    var seed: UInt64
    /// `--store` for the daemon (nil: its default, or $CLIENTELED_STORE, which it inherits).
    var store: String? = nil
    /// The psql command-line shell, for the direct database check on PostgreSQL.
    var psql = "psql"

    /// The store the daemon runs on: `--store`, else $CLIENTELED_STORE, else SQLite.
    var effectiveStore: String {
        self.store ?? ProcessInfo.processInfo.environment["CLIENTELED_STORE"] ?? "sqlite"
    }
    var isPostgres: Bool {
        self.effectiveStore.hasPrefix("postgres://") || self.effectiveStore.hasPrefix("postgresql://")
    }

    var dataDirectory: String { self.workDirectory + "/data" }
    var socketPath: String { self.workDirectory + "/clienteled.sock" }
    var journalPath: String { self.workDirectory + "/journal.jsonl" }
    var daemonLogPath: String { self.workDirectory + "/daemon.log" }
}
