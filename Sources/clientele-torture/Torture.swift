import ArgumentParser
import ClienteleRPC
import Foundation

/// The crash test: writes under load, `kill -9` at a random moment, restart, check everything acknowledged.
@main
struct Torture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clientele-torture",
        abstract: "Kill clienteled with SIGKILL under concurrent write load and check every acknowledged write.",
        discussion: """
            Each cycle runs --writers concurrent writers (CreateClient with 0–3 contacts, UpdateClient with \
            expected_version, AddCredit and Charge on a few shared clients, each with its own idempotency-key), \
            kills the daemon at a random moment, runs PRAGMA integrity_check on a copy of the data files \
            (on PostgreSQL, which keeps running: reads the journal's writes from the database with psql), \
            restarts the daemon on the same store and checks that every acknowledged write is there, that no \
            write is half there and that every ledger balance equals the sum of its entries. Acknowledged \
            writes are appended to <work-dir>/journal.jsonl and fsynced before they count. Exit status 1 on any failure.
            """
    )

    @Option(help: "The clienteled binary (a release build).")
    var daemon: String

    @Option(help: "Folder for the data, socket, journal and daemon log (created; must not hold a database).")
    var workDir: String

    @Option(help: "Kill/restart cycles.")
    var cycles = 50

    @Option(help: "Longest time a cycle writes before the kill; the kill comes at a random moment in [0.2, 1] × this.")
    var secondsPerCycle = 1.5

    @Option(help: "Concurrent writers, each on its own connection.")
    var writers = 4

    @Option(help: "Clients whose ledgers all writers post to.")
    var ledgerClients = 3

    @Option(help: "The sqlite3 command-line shell for PRAGMA integrity_check.")
    var sqlite3 = "sqlite3"

    @Option(help: "Seed of the random choices (default: random).")
    var seed: UInt64?

    @Option(
        help:
            "The daemon's --store (default: its own, or $CLIENTELED_STORE); a postgres:// database must be empty."
    )
    var store: String?

    @Option(help: "The psql command-line shell for the database check on PostgreSQL.")
    var psql = "psql"

    func run() async throws {
        let seed = self.seed ?? UInt64.random(in: 0 ... .max)
        var settings = TortureSettings(
            daemonPath: self.daemon, workDirectory: self.workDir, cycles: self.cycles,
            secondsPerCycle: self.secondsPerCycle, writers: self.writers, ledgerClients: self.ledgerClients,
            sqlite3: self.sqlite3, seed: seed, store: self.store, psql: self.psql
        )
        settings.workDirectory = URL(fileURLWithPath: self.workDir).standardizedFileURL.path
        let report = try await TortureRun(settings: settings).run()
        print(report.summary)
        if report.failures > 0 { throw ExitCode(1) }
    }
}
