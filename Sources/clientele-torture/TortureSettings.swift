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

    var dataDirectory: String { self.workDirectory + "/data" }
    var socketPath: String { self.workDirectory + "/clienteled.sock" }
    var journalPath: String { self.workDirectory + "/journal.jsonl" }
    var daemonLogPath: String { self.workDirectory + "/daemon.log" }
}
